"""The filtered view as a print-ready page file (PNG, PDF or SVG).

The app's Export tab and `python -m cymap export` reach it through cymap.print.formats, with the
view that `filters.apply_filters` produced, so the page shows exactly the rows on screen.
"""
from __future__ import annotations

import datetime as dt
import io

import geopandas as gpd
import matplotlib

from cymap.print import fonts, layout, pages, projection
from cymap.views import maptext
from cymap.views.filters import FilterSpec, selected_districts

MAP_FORMATS = ("png", "pdf", "svg")


def date_text(date) -> str:
    """The date printed on a page: today unless given."""
    if date is None:
        return maptext.today()
    return date.isoformat() if isinstance(date, (dt.date, dt.datetime)) else str(date)


def focus_districts(spec: FilterSpec) -> set[str]:
    """Districts the map frames: the units of the spec's division that its district and region
    criteria select (filters.selected_districts, the one answer); empty = the whole municipality."""
    return set(selected_districts(spec) or ())


def render_map(view: gpd.GeoDataFrame, spec: FilterSpec, *, fmt: str = "png", paper: str = "A4",
               orientation: str = "landscape", dpi: int = 300, lang: str = "zh", date=None) -> bytes:
    """The filtered view as one page; the division is the spec's. A static page carries no
    tiles, so it prints the same without internet."""
    if fmt not in MAP_FORMATS:
        raise ValueError(f"format must be one of {', '.join(MAP_FORMATS)}, not {fmt!r}")
    page = layout.Page(paper, orientation)
    printed = date_text(date)
    title, subtitle = maptext.title_for(spec, lang, spec.division, date=printed)
    with matplotlib.rc_context(fonts.rc_params()):
        fig, _ = pages.map_page(projection.numbered(view), title=title, subtitle=subtitle, division=spec.division,
                                lang=lang, page=page, dpi=int(dpi), focus=focus_districts(spec), date=printed)
        return save_figure(fig, fmt, dpi)


def save_figure(fig, fmt: str, dpi: int) -> bytes:
    """A figure's bytes; PDF and SVG carry no creation date, so the same input gives the same bytes."""
    buffer = io.BytesIO()
    metadata = {"Creator": "cymap"} if fmt in ("pdf", "svg") else {"Software": "cymap"}
    if fmt == "pdf":
        metadata["CreationDate"] = None
    if fmt == "svg":
        metadata["Date"] = None
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()
