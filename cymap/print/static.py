"""The filtered view as a print-ready page file (PNG, PDF or SVG).

The app's Export tab and `python -m cymap export` reach it through cymap.print.formats, with the
view that `filters.apply_filters` produced, so the page shows exactly the rows on screen.
"""
from __future__ import annotations

import datetime as dt
import io

import geopandas as gpd
import matplotlib
from matplotlib.backends.backend_pdf import PdfPages

from cymap.print import fonts, layout, pages, projection
from cymap.print.choices import MAP_FORMATS  # re-exported
from cymap.views import i18n, maptext
from cymap.views.filters import FilterSpec, selected_districts



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
        sheet = map_sheet(view, spec, page=page, dpi=int(dpi), lang=lang, date=printed, fmt=fmt)
        if fmt != "pdf" or sheet.listed >= len(sheet.rows):
            return save_figure(sheet.fig, fmt, dpi)
        figures = [sheet.fig] + list(list_pages(sheet, title=title, subtitle=subtitle, division=spec.division,
                                                lang=lang, page=page, dpi=int(dpi), date=printed))
        return save_pdf(figures)


def map_sheet(view: gpd.GeoDataFrame, spec: FilterSpec, *, page: layout.Page, dpi: int, lang: str, date: str,
              fmt: str = "png") -> pages.MapPage:
    """The map page of a static export. A numbered list too long for the panel continues on the
    PDF's next pages; a PNG or SVG (one page) says so and points to the PDF or a wall map."""
    title, subtitle = maptext.title_for(spec, lang, spec.division, date=date)
    numbered = projection.numbered(view)
    list_note = i18n.t("list_next_page" if fmt == "pdf" else "list_in_pdf", lang, n=len(view))
    if len(view) > page.numbered_max:
        list_note = ""
    return pages.map_page(numbered, title=title, subtitle=subtitle, division=spec.division, lang=lang, page=page,
                          dpi=dpi, focus=focus_districts(spec), date=date, list_note=list_note)


def list_pages(sheet: pages.MapPage, *, title: str, subtitle: str, division: str, lang: str, page: layout.Page,
               dpi: int, date: str):
    """The pages after a map page that carry its numbered list (the rows the panel did not hold)."""
    rest = sheet.rows[sheet.listed:]
    per = pages.rows_per_list_page(page)
    chunks = [rest[k:k + per] for k in range(0, len(rest), per)]
    for n, chunk in enumerate(chunks, start=2):
        yield pages.table_page(chunk, title=title, subtitle=subtitle, division=division, lang=lang, page=page,
                               dpi=dpi, right_text=f"{date}    {i18n.t('page', lang, page=n, pages=len(chunks) + 1)}",
                               heading=f"{i18n.t('projects', lang)}（{len(sheet.rows)}）" if lang == "zh"
                               else f"{i18n.t('projects', lang)} ({len(sheet.rows)})")


def save_pdf(figures) -> bytes:
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Creator": "cymap", "CreationDate": None}) as pdf:
        for fig in figures:
            pdf.savefig(fig)
    return buffer.getvalue()


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
