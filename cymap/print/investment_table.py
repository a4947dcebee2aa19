"""The pack's investment page (counts and 亿元 by district, action and status) and the line each
district page carries. The sums come from cymap.views.investment (each row counted once, under its
primary district), so the page's district rows add up to the ledger's totals."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cymap.ledger.schema import AMOUNT_COLUMNS
from cymap.print import pages
from cymap.print.labels import text_width_em, truncate, wrap
from cymap.print.layout import MM_PER_INCH, PT_PER_INCH, Page
from cymap.print.style import BOLD, INK
from cymap.views import i18n, maptext, investment
from cymap.views.filters import FilterSpec, selected_districts

LINE = 1.42  # line height, x font size


def has_page(view: pd.DataFrame) -> bool:
    """The pack has an investment page when any row of the view carries an amount."""
    return investment.has_amounts(view)


def district_line(view: pd.DataFrame, district: str, division: str, lang: str) -> str:
    """Projects and sums of the rows whose primary district is `district` (empty without amounts)."""
    rows = view[view[investment.primary_column(division)] == district] if len(view) else view
    if not investment.has_amounts(rows):
        return ""
    sums = investment.totals(rows)
    text = {c: investment.format_amount(sums[c], sums[investment.PRICED[c]]) for c in AMOUNT_COLUMNS}
    return i18n.t("inv_district_line", lang, projects=sums["projects"], total=text["total_investment"],
                  annual=text["annual_plan_investment"], completed=text["completed_investment"],
                  priced=sums[investment.PRICED["total_investment"]])


def draw_frame_table(ax, frame: pd.DataFrame, scale: float, *, heading: str = "", font_max: float = 7.0) -> float:
    """A plain table of text cells in an axes (first column left, the others right-aligned), the font
    shrunk so every row fits; the last row (the total) is set bold. Returns the font size used."""
    ax.set_axis_off()
    fig = ax.figure
    box = ax.get_position()
    width_pt, height_pt = box.width * fig.get_figwidth() * PT_PER_INCH, box.height * fig.get_figheight() * PT_PER_INCH
    cells = [list(map(str, frame.columns))] + [[str(v) for v in row] for row in frame.itertuples(index=False)]
    lines = len(cells) + (1 if heading else 0) + 1
    widths = [max(text_width_em(row[c]) for row in cells[1:] + [[""] * len(frame.columns)]) + 1.2
              for c in range(len(frame.columns))]
    header_widths = [text_width_em(h) * 0.75 + 1.0 for h in cells[0]]  # headers may wrap into two lines
    widths = [max(w, h) for w, h in zip(widths, header_widths)]
    size = min(font_max * scale, height_pt / (lines * LINE), width_pt / sum(widths))
    row_h = size * LINE / height_pt
    em = width_pt / size
    widths[0] += em - sum(widths)  # the label column takes the room left
    y = 1.0
    if heading:
        ax.text(0, y, heading, transform=ax.transAxes, fontsize=size * 1.12, va="top", path_effects=BOLD, color=INK)
        y -= row_h * 1.1
    lefts = [sum(widths[:c]) / em for c in range(len(widths))]
    for k, row in enumerate(cells):
        header, total = k == 0, k == len(cells) - 1
        if not header and k % 2 == 0:
            ax.add_patch(Rectangle((0, y - row_h * 0.95), 1, row_h, transform=ax.transAxes,
                                   facecolor="#f4f4f4", edgecolor="none", zorder=0))
        for c, cell in enumerate(row):
            x = lefts[c] if c == 0 else lefts[c] + widths[c] / em - 0.3 / em
            text = truncate(cell, widths[c] - 0.4) if c == 0 or not header else cell
            ax.text(x, y, text, transform=ax.transAxes, fontsize=size * (0.82 if header and c else 1.0), va="top",
                    ha="left" if c == 0 else "right", color="#555555" if header else INK,
                    path_effects=BOLD if header or total else None)
        if header:
            ax.plot([0, 1], [y - row_h * 0.92] * 2, transform=ax.transAxes, color="#999999", linewidth=0.5 * scale)
        y -= row_h
    return size


def investment_page(view: pd.DataFrame, spec: FilterSpec, *, page: Page, dpi: int, lang: str, title: str,
                    subtitle: str, right_text: str) -> Figure:
    """One page: by district on the left; by action and by status on the right; how it counts."""
    fig = page.figure(dpi)
    pages.header(fig, page, title, subtitle)
    pages.footer(fig, page, spec.division, lang, right_text)
    x, y, w, h = page.boxes(has_panel=False)["map"]
    s = page.scale
    districts = investment.display_table(investment.by_district(view, spec.division, selected_districts(spec)),
                                         "district", lang)
    actions = investment.display_table(investment.by_action(view), "action", lang)
    statuses = investment.display_table(investment.by_status(view), "status", lang)
    note_h = 9 * s
    left_w = w * 0.5
    draw_frame_table(page.axes(fig, (x, y + note_h, left_w - 4 * s, h - note_h)), districts, s,
                     heading=f"{i18n.t('inv_header', lang)} · {i18n.t('inv_by_district', lang)}")
    right_x, right_w = x + left_w + 2 * s, w - left_w - 2 * s
    action_h = (h - note_h) * (len(actions) + 2) / (len(actions) + len(statuses) + 4)
    draw_frame_table(page.axes(fig, (right_x, y + h - action_h, right_w, action_h)), actions, s,
                     heading=i18n.t("inv_by_action", lang))
    draw_frame_table(page.axes(fig, (right_x, y + note_h, right_w, h - action_h - note_h - 3 * s)), statuses, s,
                     heading=i18n.t("inv_by_status", lang))
    W, H = page.size_mm
    size = 6.0 * s
    note = "\n".join(wrap(investment.note(lang), w / MM_PER_INCH * PT_PER_INCH / size))  # the one width rule
    fig.text(x / W, (y + note_h - 1.5 * s) / H, note, fontsize=size, va="top", color="#555555", linespacing=1.25)
    return fig


# --- the pack's section (cymap.print.pack.SECTIONS): ctx is the pack's PackContext -----------------
def section_count(ctx) -> int:
    """One page when the view carries any amount, else none."""
    return int(has_page(ctx.view))


def section_pages(ctx, first: int):
    if has_page(ctx.view):
        title = maptext.TITLE_SEPARATOR.join([i18n.t("pack_title", ctx.lang), i18n.t("inv_page_title", ctx.lang)])
        yield investment_page(ctx.view, ctx.spec, page=ctx.page, dpi=ctx.dpi, lang=ctx.lang, title=title,
                              subtitle=ctx.subtitle, right_text=ctx.page_label(first))


def district_subtitle(ctx, district) -> str:
    """A district page's subtitle: the pack's, then the district's line of sums (when it has amounts)."""
    return "\n".join(filter(None, [ctx.subtitle, district_line(district.view, district.name, ctx.division, ctx.lang)]))
