"""The pack's targets page: a bullet chart of the plan's 2027 targets that have a latest public figure.

One row per target (cymap.views.targets): the indicator, a bar from the baseline (left edge) to
the goal (the tick at the right) filled to the latest value's progress, and the figures with the
date of the latest value. Targets without a public figure are counted in the note, not drawn.
The sidebar's (the spec's) actions choose the targets, like the app's Targets tab.
"""
from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cymap.print import pages
from cymap.print.labels import truncate, wrap
from cymap.print.layout import MM_PER_INCH, PT_PER_INCH, Page
from cymap.print.style import INK
from cymap.views import i18n, maptext, targets
from cymap.views.filters import FilterSpec

MET_COLOUR, PART_COLOUR, TRACK_COLOUR = "#33a02c", "#1f78b4", "#e6e6e6"
MAX_ROWS = 48  # rows on the page; more would be unreadable at A4 (the rest counted in the note)


def drawn_targets(spec: FilterSpec, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The targets the page draws: the spec's actions, with a latest value, in plan order."""
    frame = targets.load() if frame is None else frame
    chosen = targets.for_actions(frame, spec.actions)
    return chosen[chosen["progress"].notna()].head(MAX_ROWS)


def _row(ax, record, y: float, row_h: float, size: float, lang: str, em: float, columns) -> None:
    label_w, bar_x, bar_w, text_x = columns
    name = f"{record['target_id']}  {targets.indicator(record, lang)}"
    ax.text(0, y, truncate(name, label_w * em - 0.5), transform=ax.transAxes, fontsize=size, va="center", color=INK)
    ax.add_patch(Rectangle((bar_x, y - row_h * 0.3), bar_w, row_h * 0.6, transform=ax.transAxes,
                           facecolor=TRACK_COLOUR, edgecolor="none"))
    share = float(record["progress"])
    colour = MET_COLOUR if record["met"] else PART_COLOUR
    ax.add_patch(Rectangle((bar_x, y - row_h * 0.18), bar_w * share, row_h * 0.36, transform=ax.transAxes,
                           facecolor=colour, edgecolor="none"))
    ax.plot([bar_x + bar_w] * 2, [y - row_h * 0.4, y + row_h * 0.4], transform=ax.transAxes, color=INK,
            linewidth=0.9)
    percent = 100 if record["met"] else math.floor(100 * share)  # never "100%" before the goal is met
    inside = share >= 0.85
    ax.text(bar_x + bar_w * share + (-0.004 if inside else 0.004), y, f"{percent}%", transform=ax.transAxes,
            fontsize=size * 0.8, va="center", ha="right" if inside else "left",
            color="white" if inside else "#333333")
    ax.text(text_x, y, truncate(targets.path_text(record, lang), (1 - text_x) * em), transform=ax.transAxes,
            fontsize=size * 0.9, va="center", color="#333333")


def targets_page(spec: FilterSpec, ledger_ids, *, page: Page, dpi: int, lang: str, title: str, subtitle: str,
                 right_text: str, frame: pd.DataFrame | None = None) -> Figure:
    """The page as a figure (header, footer, the bullet rows and the note)."""
    frame = targets.load() if frame is None else frame
    chosen = targets.for_actions(frame, spec.actions)
    drawn = drawn_targets(spec, frame)
    fig = page.figure(dpi)
    pages.header(fig, page, title, subtitle)
    pages.footer(fig, page, spec.division, lang, right_text)
    x, y, w, h = page.boxes(has_panel=False)["map"]
    s = page.scale
    note_h = 8 * s
    ax = page.axes(fig, (x, y + note_h, w, h - note_h))
    ax.set_axis_off()
    box = ax.get_position()
    width_pt, height_pt = box.width * fig.get_figwidth() * PT_PER_INCH, box.height * fig.get_figheight() * PT_PER_INCH
    lines = max(len(drawn), 1) + 1.5
    size = min(7.2 * s, height_pt / (lines * 1.55))
    row_h = 1.0 / lines
    em = width_pt / size
    columns = (0.30, 0.31, 0.30, 0.625)  # label width, bar start, bar width, figures start (axes fractions)
    ax.text(0, 1 - row_h * 0.5, i18n.t("tg_chart_title", lang), transform=ax.transAxes, fontsize=size * 1.1,
            va="center", color=INK)
    for k, record in enumerate(drawn.to_dict("records")):
        _row(ax, record, 1 - row_h * (k + 1.5), row_h, size, lang, em, columns)
    W, H = page.size_mm
    counts = targets.counts(chosen, ledger_ids)
    text = i18n.t("tg_intro", lang, **counts) + " " + i18n.t("tg_page_note", lang, rest=len(chosen) - len(drawn))
    size = 6.0 * s
    note = "\n".join(wrap(text, w / MM_PER_INCH * PT_PER_INCH / size))  # the one width rule (print.labels)
    fig.text(x / W, (y + note_h - 1.5 * s) / H, note, fontsize=size, va="top", color="#555555", linespacing=1.25)
    return fig


# --- the pack's section (cymap.print.pack.SECTIONS): ctx is the pack's PackContext -----------------
def section_count(ctx) -> int:
    return 1


def section_pages(ctx, first: int):
    title = maptext.TITLE_SEPARATOR.join([i18n.t("pack_title", ctx.lang), i18n.t("tg_page_title", ctx.lang)])
    yield targets_page(ctx.spec, ctx.view["id"], page=ctx.page, dpi=ctx.dpi, lang=ctx.lang, title=title,
                       subtitle=ctx.subtitle, right_text=ctx.page_label(first))
