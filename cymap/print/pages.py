"""Page composition: header, footer, a whole map page, a list continuation page."""
from __future__ import annotations


import geopandas as gpd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from cymap.views import i18n, maptext
from cymap.print.draw import draw_map, locator_inset, north_arrow, scale_bar
from cymap.print.layout import MM_PER_INCH, NUMBERED_MAX, Page, map_frame, view_bounds
from cymap.print.projection import project_view
from cymap.print.tables import counts_table, draw_table, legend_handles, notes_for, project_rows


# --- page composition --------------------------------------------------------------------------
def header(fig: Figure, page: Page, title: str, subtitle: str) -> None:
    x, y, w, h = page.boxes()["header"]
    W, H = page.size_mm
    s = page.scale
    # Regular weight on purpose: text drawn through path effects loses its string in SVG output,
    # and the title must stay searchable there.
    fig.text(x / W, (y + h) / H, title, fontsize=16.5 * s, va="top", ha="left", color="#111111")
    fig.text(x / W, (y + h - 9.2 * s) / H, subtitle, fontsize=7.6 * s, va="top", ha="left", color="#444444",
             wrap=True)
    fig.add_artist(Line2D([x / W, (x + w) / W], [(y + 1.2 * s) / H] * 2, color="#777777", linewidth=0.6 * s))


def footer(fig: Figure, page: Page, division: str, lang: str, right_text: str) -> None:
    x, y, w, h = page.boxes()["footer"]
    W, H = page.size_mm
    s = page.scale
    fig.add_artist(Line2D([x / W, (x + w) / W], [(y + h - 1.0 * s) / H] * 2, color="#aaaaaa", linewidth=0.4 * s))
    note = fig.text(x / W, (y + h - 2.2 * s) / H, maptext.footnote(division, lang), fontsize=5.6 * s, va="top",
                    ha="left", color="#555555", wrap=True)
    # wrap=True wraps at the figure edge; keep clear of the page number on the right.
    note._get_wrap_line_width = lambda: (w - 38 * s) / MM_PER_INCH * fig.dpi
    fig.text((x + w) / W, (y + h - 2.2 * s) / H, right_text, fontsize=6.6 * s, va="top", ha="right",
             color="#444444")



def map_page(view: gpd.GeoDataFrame, *, title: str, subtitle: str, division: str, lang: str, page: Page,
             dpi: int, focus: set[str] | None, date: str, numbers: bool | None = None,
             right_text: str | None = None, table_rows: int | None = None,
             panel_extra=None) -> tuple[Figure, gpd.GeoDataFrame]:
    """A whole map page. `view` must carry `number` (see `numbered`). Returns the figure and the
    rows listed in its table (the pack continues the rest on further pages)."""
    s = page.scale
    fig = page.figure(dpi)
    boxes = page.boxes()
    projected = project_view(view)
    numbers = len(view) <= NUMBERED_MAX if numbers is None else numbers
    header(fig, page, title, subtitle)
    footer(fig, page, division, lang, right_text if right_text is not None else date)

    frame = map_frame(fig, page, boxes["map"], view_bounds(projected, division, focus))
    drawn = draw_map(frame, projected, division=division, lang=lang, scale=s, numbers=numbers, highlight=focus)
    north_arrow(frame, lang, s)
    scale_bar(frame, s)

    # Side panel: locator inset, legend, notes, then the list (or the counts when not numbered).
    W, H = page.size_mm
    px, py, pw, ph = boxes["panel"]
    top = py + ph
    if page.landscape:
        column_x, column_w, list_x, list_w = px, pw, px, pw
    else:
        column_x, column_w = px, 0.34 * pw
        list_x, list_w = px + column_w + 5 * s, pw - column_w - 5 * s
    column_top = top
    if focus:
        inset_w = min(column_w * (0.5 if page.landscape else 0.9), 48 * s)
        inset_h = inset_w * 0.95
        column_top -= 4 * s  # room for the inset's title
        inset = page.axes(fig, (column_x, column_top - inset_h, inset_w, inset_h))
        locator_inset(inset, division, focus, s, lang)
        legend_left = column_x + inset_w + 3 * s if page.landscape else column_x
        legend_top = column_top if page.landscape else column_top - inset_h - 4 * s
    else:
        legend_left, legend_top = column_x, column_top
    legend_w = column_x + column_w - legend_left
    legend_ax = page.axes(fig, (legend_left, py, legend_w, legend_top - py))
    legend_ax.set_axis_off()
    handles = legend_handles(drawn, lang, s)
    notes = notes_for(drawn, lang)
    for note in notes:
        handles.append(Patch(facecolor="none", edgecolor="none", label=note))
    legend = legend_ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 1), frameon=False,
                              fontsize=6.4 * s, title=i18n.t("legend", lang),
                              ncol=2 if len(handles) > 12 and legend_w > 70 * s else 1, columnspacing=1.0,
                              title_fontproperties={"size": 7.6 * s}, alignment="left",
                              handlelength=1.8, handleheight=1.0, labelspacing=0.45, borderaxespad=0,
                              borderpad=0)
    renderer = fig.canvas.get_renderer()
    legend_h_mm = legend.get_window_extent(renderer).height / fig.dpi * MM_PER_INCH
    column_bottom = legend_top - legend_h_mm
    if page.landscape and focus:
        column_bottom = min(column_bottom, column_top - inset_h)
    list_top = column_bottom - 5 * s if page.landscape else top

    listed = view
    remaining_top = py
    if numbers:
        rows = project_rows(view, division, lang)
        if table_rows is not None:
            rows = rows[:table_rows]
            listed = view.iloc[:table_rows]
        table_ax = page.axes(fig, (list_x, py, list_w, list_top - py))
        draw_table(table_ax, rows, lang, s, heading=f"{i18n.t('projects', lang)}（{len(view)}）"
                   if lang == "zh" else f"{i18n.t('projects', lang)} ({len(view)})")
    else:
        counts_h = min(list_top - py, (len(view["action"].dropna().unique()) + 4) * 4.2 * s)
        counts_ax = page.axes(fig, (list_x, list_top - counts_h, list_w, counts_h))
        counts_table(counts_ax, view, lang, s)
        fig.text(list_x / W, (list_top - counts_h - 3 * s) / H,
                 i18n.t("too_many", lang, n=len(view)), fontsize=6.2 * s, va="top", color="#555555",
                 wrap=True)
        remaining_top = list_top - counts_h - 13 * s
    if panel_extra is not None and remaining_top - py > 15 * s:
        panel_extra(fig, page, (list_x, py, list_w, remaining_top - py))
    return fig, listed


def table_page(rows: list[dict], *, title: str, subtitle: str, division: str, lang: str, page: Page,
               dpi: int, right_text: str, heading: str) -> Figure:
    """A page that continues a district's numbered list."""
    fig = page.figure(dpi)
    header(fig, page, title, subtitle)
    footer(fig, page, division, lang, right_text)
    box = page.boxes(has_panel=False)["map"]
    draw_table(page.axes(fig, box), rows, lang, page.scale, heading=heading, font_max=7.5)
    return fig
