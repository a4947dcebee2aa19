"""The side panel of a map page: locator inset, legend and notes, then the numbered list (or the
counts, when the list does not fit or the map is not numbered)."""
from __future__ import annotations

import functools

from matplotlib.patches import Patch

from cymap.print.figbox import FigBox
from cymap.print.furniture import locator_inset
from cymap.print.labels import wrap
from cymap.print.layout import LIST_MIN_PT, MM_PER_INCH, PT_PER_INCH, WALL_LIST_MIN_PT, Page
from cymap.print.tables import (counts_table, district_sums_table, draw_table, draw_table_columns, legend_handles,
                                list_size, notes_for, rows_that_fit)
from cymap.views import i18n, investment


def list_heading(n: int, lang: str) -> str:
    return f"{i18n.t('projects', lang)}（{n}）" if lang == "zh" else f"{i18n.t('projects', lang)} ({n})"


def _legend(fig, page: Page, drawn: dict, lang: str, box) -> float:
    """The legend in `box` (x, y, w, h mm, top-aligned); returns its height in mm."""
    s = page.scale
    W, H = page.size_mm
    handles = legend_handles(drawn, lang, s)
    for note in notes_for(drawn, lang):
        handles.append(Patch(facecolor="none", edgecolor="none", label=note))
    anchor = (box[0] / W, (box[1] + box[3]) / H)
    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=anchor, frameon=False,
                              fontsize=6.4 * s, title=i18n.t("legend", lang),
                              ncol=2 if len(handles) > 12 and box[2] > 70 * s else 1, columnspacing=1.0,
                              title_fontproperties={"size": 7.6 * s}, alignment="left",
                              handlelength=1.8, handleheight=1.0, labelspacing=0.45, borderaxespad=0,
                              borderpad=0)
    return legend.get_window_extent(fig.canvas.get_renderer()).height / fig.dpi * MM_PER_INCH


def _list_top(fig, page: Page, drawn: dict, division: str, lang: str, focus) -> float:
    """Draw inset and legend; return the top (mm) of the room left for the list."""
    s = page.scale
    px, py, pw, ph = page.boxes()["panel"]
    top = py + ph
    column_w = pw if page.landscape else 0.34 * pw
    column_top = top
    inset_h = 0.0
    if focus:
        inset_w = min(column_w * (0.5 if page.landscape else 0.9), 48 * s)
        inset_h = inset_w * 0.95
        column_top -= 4 * s  # room for the inset's title
        inset = page.axes(fig, (px, column_top - inset_h, inset_w, inset_h))
        locator_inset(inset, division, focus, s, lang)
        legend_left = px + inset_w + 3 * s if page.landscape else px
        legend_top = column_top if page.landscape else column_top - inset_h - 4 * s
    else:
        legend_left, legend_top = px, column_top
    legend_h = _legend(fig, page, drawn, lang, (legend_left, py, px + column_w - legend_left, legend_top - py))
    column_bottom = legend_top - legend_h
    if page.landscape and focus:
        column_bottom = min(column_bottom, column_top - inset_h)
    return column_bottom - 5 * s if page.landscape else top


def side_panel(fig, page: Page, view, rows: list[dict], drawn: dict, *, division: str, lang: str, focus,
               table_rows: int | None, list_note: str, panel_extra) -> int:
    """Fill the panel; returns how many of `rows` it lists."""
    list_top = _list_top(fig, page, drawn, division, lang, focus)
    s = page.scale
    W, H = page.size_mm
    px, py, pw, ph = page.boxes()["panel"]
    list_x, list_w = (px, pw) if page.landscape else (px + 0.34 * pw + 5 * s, pw - 0.34 * pw - 5 * s)
    height_mm = list_top - py
    height_pt = height_mm / MM_PER_INCH * PT_PER_INCH
    heading = list_heading(len(rows), lang)
    if rows and page.wall:
        columns = wall_columns(len(rows), height_pt, page)
        draw_table_columns(fig, page, (list_x, py, list_w, height_mm), rows, lang, heading=heading,
                           columns=columns)
        return len(rows)
    fit = rows_that_fit(height_pt, LIST_MIN_PT * s)
    beside = len(rows) if table_rows is None else min(table_rows, len(rows))
    if rows and (beside <= fit or table_rows is not None):
        draw_table(FigBox(fig, page, (list_x, py, list_w, height_mm)), rows[:beside], lang, s, heading=heading)
        return beside
    counts_h = min(height_mm, (len(view["action"].dropna().unique()) + 4) * 4.2 * s)
    counts_table(FigBox(fig, page, (list_x, list_top - counts_h, list_w, counts_h)), view, lang, s)
    note = list_note or i18n.t("too_many", lang, n=len(view))
    size = 6.2 * s
    width_em = list_w / MM_PER_INCH * PT_PER_INCH / size
    fig.text(list_x / W, (list_top - counts_h - 3 * s) / H, "\n".join(wrap(note, width_em)), fontsize=size,
             va="top", color="#555555")
    remaining_top = list_top - counts_h - 13 * s
    if panel_extra is None and investment.has_amounts(view):  # the single map: investment by district
        panel_extra = functools.partial(district_sums_table, view=view, division=division, lang=lang)
    if panel_extra is not None and remaining_top - py > 15 * s:
        panel_extra(fig, page, (list_x, py, list_w, remaining_top - py))
    return 0


def wall_columns(rows: int, height_pt: float, page: Page) -> int:
    """Columns of the wall map's list: the fewest that reach the paper's reading size (else four)."""
    for columns in (1, 2, 3, 4):
        size = list_size(-(-rows // columns), height_pt, page.scale, 7.0, True, True)
        if size >= WALL_LIST_MIN_PT.get(page.paper, 0):
            return columns
    return 4
