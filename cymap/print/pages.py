"""Page composition: header, footer, a whole map page, a list continuation page.

`map_page` returns a `MapPage`: the figure, its map frame, every row of the view with how it is
shown on this map (`on_map`), and how many of them the page lists beside the map; the rest
continue on `table_page`s (the pack's district pages, the whole-city PDF).
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from cymap.print import inset
from cymap.print.draw import draw_map
from cymap.print.figbox import FigBox
from cymap.print.furniture import north_arrow, scale_bar
from cymap.print.labels import wrap
from cymap.print.marks import SHOWN_ON_MAP
from cymap.print.layout import MM_PER_INCH, PT_PER_INCH, MapFrame, Page, map_frame, view_bounds
from cymap.print.panel import side_panel
from cymap.print.projection import project_view
from cymap.print.tables import draw_table, project_rows
from cymap.views import maptext

FOOTER_RIGHT_MM = 38  # room kept for the date and page number at the footer's right


@dataclass
class MapPage:
    fig: Figure
    frame: MapFrame
    rows: list[dict]  # every row of the view, in number order, with `on_map`
    listed: int  # how many of `rows` the page lists beside its map
    drawn: dict
    inset: MapFrame | None = None  # a wall map's 中心城区 enlargement (cymap.print.inset)


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
    """Sources and disclaimer on the left, wrapped by the width rule to stay clear of the date and
    page number on the right."""
    x, y, w, h = page.boxes()["footer"]
    W, H = page.size_mm
    s = page.scale
    size = 5.6 * s
    fig.add_artist(Line2D([x / W, (x + w) / W], [(y + h - 1.0 * s) / H] * 2, color="#aaaaaa", linewidth=0.4 * s))
    width_em = (w - FOOTER_RIGHT_MM * s) / MM_PER_INCH * PT_PER_INCH / size
    note = "\n".join(wrap(maptext.footnote(division, lang), width_em))
    fig.text(x / W, (y + h - 2.2 * s) / H, note, fontsize=size, va="top", ha="left", color="#555555",
             linespacing=1.25)
    fig.text((x + w) / W, (y + h - 2.2 * s) / H, right_text, fontsize=6.6 * s, va="top", ha="right",
             color="#444444")


def map_page(view: gpd.GeoDataFrame, *, title: str, subtitle: str, division: str, lang: str, page: Page,
             dpi: int, focus: set[str] | None, date: str, numbers: bool | None = None,
             right_text: str | None = None, table_rows: int | None = None, list_note: str = "",
             panel_extra=None) -> MapPage:
    """A whole map page. `view` must carry `number` (see `numbered`). `table_rows` caps the rows
    listed beside the map (the pack continues the rest); without it the page lists all rows when
    they fit, else shows the counts and `list_note` (where the list is)."""
    s = page.scale
    fig = page.figure(dpi)
    boxes = page.boxes()
    projected = project_view(view)
    numbers = len(view) <= page.numbered_max if numbers is None else numbers
    header(fig, page, title, subtitle)
    footer(fig, page, division, lang, right_text if right_text is not None else date)

    frame = map_frame(fig, page, boxes["map"], view_bounds(projected, division, focus))
    enlarged = inset.plan_inset(page, frame, boxes["map"], projected, division, focus, lang) if numbers else None
    drawn = draw_map(frame, projected, division=division, lang=lang, scale=s, numbers=numbers, highlight=focus,
                     **(dict(keep_out=[enlarged.reserved_pt], quiet=enlarged.core_bounds,
                             quiet_districts=enlarged.districts) if enlarged else {}))
    inset_frame = None
    if enlarged:
        inset_frame = inset.inset_frame(fig, page, enlarged)
        inset_drawn = draw_map(inset_frame, projected, division=division, lang=lang, scale=s, numbers=True)
        inset.merge_shown(drawn["shown"], inset_drawn["shown"], SHOWN_ON_MAP)
        inset.mark_on_main(frame, enlarged, s)
        scale_bar(inset_frame, s)
    north_arrow(frame, lang, s)
    scale_bar(frame, s)
    rows = project_rows(view, division, lang, drawn["shown"]) if numbers else []
    listed = side_panel(fig, page, view, rows, drawn, division=division, lang=lang, focus=focus,
                        table_rows=table_rows, list_note=list_note, panel_extra=panel_extra)
    return MapPage(fig, frame, rows, listed, drawn, inset_frame)


def table_page(rows: list[dict], *, title: str, subtitle: str, division: str, lang: str, page: Page,
               dpi: int, right_text: str, heading: str) -> Figure:
    """A page that continues a numbered list."""
    fig = page.figure(dpi)
    header(fig, page, title, subtitle)
    footer(fig, page, division, lang, right_text)
    box = page.boxes(has_panel=False)["map"]
    draw_table(FigBox(fig, page, box), rows, lang, page.scale, heading=heading, font_max=7.5)
    return fig


def rows_per_list_page(page: Page) -> int:
    """How many rows a list page holds at a comfortable size (7 pt on A4)."""
    height_pt = page.boxes(has_panel=False)["map"][3] / MM_PER_INCH * PT_PER_INCH
    return max(10, int(height_pt / (7.0 * page.scale * 1.42)) - 4)
