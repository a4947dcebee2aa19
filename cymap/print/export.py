"""Meeting exports of the filtered view: static map, self-contained HTML, CSV/XLSX lists, pack.

The app's Export tab and `python -m cymap export|pack` call these functions with the view that
`filters.apply_filters` produced, so every export shows exactly the rows on screen.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import warnings
from collections.abc import Callable

import geopandas as gpd
import matplotlib
import pandas as pd

from cymap.print import fonts, layout, pages, projection

from cymap.views import i18n, maptext
from cymap.geo.division import districts_column
from cymap.views.filters import FilterSpec, resolve_district_names
from cymap.ledger.schema import STATUS_COLORS

MAP_FORMATS = ("png", "pdf", "svg")
LIST_FORMATS = ("csv", "xlsx")
FORMATS = (*MAP_FORMATS, "html", *LIST_FORMATS)
MIME_TYPES = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml", "html": "text/html",
              "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheet apps read as a formula


def title_for(spec: FilterSpec, lang: str = "zh", division: str = "current") -> tuple[str, str]:
    """(title, subtitle) for a map of `spec`; the subtitle lists filters, division and today's date."""
    return maptext.title_for(spec, lang, division)


def _date_text(date) -> str:
    if date is None:
        return maptext.today()
    return date.isoformat() if isinstance(date, (dt.date, dt.datetime)) else str(date)


def focus_districts(spec: FilterSpec, division: str, view: pd.DataFrame | None = None) -> set[str]:
    """Districts the map zooms to: those filtered by name or region (empty = whole municipality).

    A name of the other division (渝北区 on the current map) is replaced by the units of this
    division that the view's rows touch."""
    names: list[str] = []
    if spec.districts:
        names.extend(resolve_district_names(spec.districts))
    if spec.regions:
        from cymap.views.filters import districts_in_regions

        names.extend(districts_in_regions(spec.regions))
    if not names:
        return set()
    known = set(projection.projected_districts(division)["name_zh"])
    focus = {n for n in names if n in known}
    if len(focus) < len(set(names)) and view is not None and len(view):
        touched = {n for row in projection.row_districts(view, division) for n in row}
        focus |= touched & known
    return focus


# --- static map ---------------------------------------------------------------------------------
def render_map(view: gpd.GeoDataFrame, spec: FilterSpec, *, fmt: str = "png", paper: str = "A4",
               orientation: str = "landscape", dpi: int = 300, lang: str = "zh", division: str = "current",
               basemap=None, date=None) -> bytes:
    """The filtered view as a print-ready page (PNG, PDF or SVG).

    `basemap` is accepted for symmetry with the app and ignored: a static page carries no tiles,
    so it prints the same without internet."""
    if fmt not in MAP_FORMATS:
        raise ValueError(f"format must be one of {', '.join(MAP_FORMATS)}, not {fmt!r}")
    page = layout.Page(paper, orientation)
    date_text = _date_text(date)
    title, subtitle = maptext.title_for(spec, lang, division, date=date_text)
    with matplotlib.rc_context(fonts.rc_params()):
        fig, _ = pages.map_page(projection.numbered(view), title=title, subtitle=subtitle, division=division,
                                    lang=lang, page=page, dpi=int(dpi), focus=focus_districts(spec, division, view),
                                    date=date_text)
        return _save(fig, fmt, dpi)


def _save(fig, fmt: str, dpi: int) -> bytes:
    buffer = io.BytesIO()
    metadata = {"Creator": "cymap"} if fmt in ("pdf", "svg") else {"Software": "cymap"}
    if fmt == "pdf":
        metadata["CreationDate"] = None  # same input, same bytes
    if fmt == "svg":
        metadata["Date"] = None
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def render_pack(view: gpd.GeoDataFrame, spec: FilterSpec, *, paper: str = "A4", lang: str = "zh",
                division: str = "current", progress: Callable[[int, int], None] | None = None,
                date=None) -> bytes:
    """One PDF: an overview page, then one page per district with projects (see cymap.print.pack)."""
    from cymap.print import pack

    return pack.render_pack(view, spec, paper=paper, lang=lang, division=division, progress=progress,
                            date=_date_text(date))


# --- lists --------------------------------------------------------------------------------------
def neutralise(value):
    """A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
    apostrophe, the OWASP CSV-injection advice: Excel shows the text, never evaluates it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def list_frame(view: pd.DataFrame, lang: str = "zh", division: str = "current") -> pd.DataFrame:
    """The filtered rows as a plain table with labelled, language-specific headers.

    Codes (status, category, precision) stay as codes beside their labels so a re-import works."""
    column = districts_column(division)
    districts = view[column] if column in view.columns else view["districts"]
    primary_column = "primary_district" if column == "districts" else f"primary_district_{division}"
    primary = view[primary_column] if primary_column in view.columns else view["primary_district"]
    frame = pd.DataFrame({
        "id": view["id"],
        "name_zh": view["name_zh"],
        "name_en": view["name_en"],
        "action": view["action"],
        "action_label": view["action"].map(lambda a: i18n.action_label(a, lang) if pd.notna(a) else ""),
        "task": view["task"],
        "category": view["category"],
        "category_label": view["category"].map(lambda c: i18n.category_label(c, lang)),
        "location": view["location"],
        "status": view["status"],
        "status_label": view["status"].map(lambda s: i18n.status_label(s, lang)),
        "target_year": view["target_year"],
        "target": view["target"],
        "districts": districts.map(lambda names: "; ".join(i18n.district_label(n, lang) for n in names)),
        "primary_district": primary.map(lambda n: i18n.district_label(n, lang) if n else ""),
        "precision": view["precision"],
        "precision_label": view["precision"].map(lambda p: i18n.precision_label(p, lang)),
        "precision_code": view["precision_code"],
        "source": view["source"],
        "updated": view["updated"],
        "note": view["note"],
    })
    frame = frame.astype(object).where(frame.notna(), "")
    frame = frame.map(neutralise)
    frame.columns = [header_label(c, lang) for c in frame.columns]
    return frame


HEADERS: dict[str, dict[str, str]] = {
    "id": {"zh": "编号", "en": "ID"}, "name_zh": {"zh": "项目名称", "en": "Name (zh)"},
    "name_en": {"zh": "英文名称", "en": "Name (en)"}, "action": {"zh": "行动", "en": "Action"},
    "action_label": {"zh": "行动名称", "en": "Action name"}, "task": {"zh": "任务", "en": "Task"},
    "category": {"zh": "类别代码", "en": "Category code"}, "category_label": {"zh": "类别", "en": "Category"},
    "location": {"zh": "地点", "en": "Location"}, "status": {"zh": "状态代码", "en": "Status code"},
    "status_label": {"zh": "状态", "en": "Status"}, "target_year": {"zh": "目标年份", "en": "Target year"},
    "target": {"zh": "目标", "en": "Target"}, "districts": {"zh": "涉及区县", "en": "Districts"},
    "primary_district": {"zh": "主要区县", "en": "Primary district"},
    "precision": {"zh": "定位精度代码", "en": "Precision code"},
    "precision_label": {"zh": "定位精度", "en": "Location precision"},
    "precision_code": {"zh": "IATI 精度代码", "en": "IATI precision code"},
    "source": {"zh": "方案原文", "en": "Plan clause"}, "updated": {"zh": "更新日期", "en": "Updated"},
    "note": {"zh": "备注", "en": "Note"},
}


def header_label(column: str, lang: str) -> str:
    return HEADERS[column][lang]


def to_csv_bytes(view: pd.DataFrame, lang: str = "zh", division: str = "current") -> bytes:
    """UTF-8 with BOM (Excel on Windows then opens Chinese correctly), formula cells neutralised."""
    buffer = io.StringIO()
    list_frame(view, lang, division).to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(view: pd.DataFrame, lang: str = "zh", division: str = "current") -> bytes:
    """One sheet: bold shaded header, frozen header row, autofilter, column widths, status cells
    filled with the status colour; formula cells neutralised and stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    frame = list_frame(view, lang, division)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目清单" if lang == "zh" else "Projects"
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        sheet.append([_xlsx_value(v) for v in record])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="404040")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(frame.columns, start=1):
        values = [str(column)] + [str(v) for v in frame[column].head(500)]
        width = max(_display_width(v) for v in values)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), 60)
    status_columns = [i for i, c in enumerate(frame.columns, start=1)
                      if c in (header_label("status", lang), header_label("status_label", lang))]
    codes = list(view["status"])
    for row_index, code in enumerate(codes, start=2):
        colour = STATUS_COLORS.get(code)
        if not colour:
            continue
        for column_index in status_columns:
            cell = sheet.cell(row=row_index, column=column_index)
            cell.fill = PatternFill("solid", fgColor=colour.lstrip("#").upper())
            cell.font = Font(color="FFFFFF" if code != "planned" else "000000", bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("'"):
                cell.data_type = "s"  # text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if hasattr(value, "item"):
        value = value.item()
    if value is pd.NA or value is None:
        return ""
    return value


def _display_width(text: str) -> float:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text)[:80])


# --- interactive HTML ---------------------------------------------------------------------------
_SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc\s*=\s*["\']([^"\']+)["\'][^>]*>\s*</script>', re.IGNORECASE)
_LINK_HREF = re.compile(r'<link\b[^>]*\bhref\s*=\s*["\']([^"\']+)["\'][^>]*/?>', re.IGNORECASE)


class OfflineAssetMissing(RuntimeError):
    """The map needs a script or stylesheet that no installed package ships."""


@functools.cache
def _offline_assets() -> dict[str, str]:
    """CDN URL -> file text, from the `folium-offline` package (Leaflet, plugins, Bootstrap, …)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from offlinefolium.elements import _res
    return dict(_res)


def _asset(url: str) -> str:
    assets = _offline_assets()
    text = assets.get(url) or assets.get("https:" + url if url.startswith("//") else url)
    if text is None:
        raise OfflineAssetMissing(f"no offline copy of {url}; the HTML would need the internet for it")
    return text


def inline_assets(html: str) -> str:
    """Replace every external <script src> and stylesheet <link href> with the asset's text."""
    def script(match: re.Match) -> str:
        url = match.group(1)
        if not _is_remote(url):
            return match.group(0)
        code = _asset(url).replace("</script", "<\\/script")
        return f"<script>/* inlined {url.rsplit('/', 1)[-1]} */\n{code}\n</script>"

    def link(match: re.Match) -> str:
        url = match.group(1)
        if not _is_remote(url) or "stylesheet" not in match.group(0).lower():
            return match.group(0)
        return f"<style>/* inlined {url.rsplit('/', 1)[-1]} */\n{_asset(url)}\n</style>"

    return _LINK_HREF.sub(link, _SCRIPT_SRC.sub(script, html))


def _is_remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def external_references(html: str) -> list[str]:
    """Remote URLs the page would fetch as scripts or stylesheets (tiles are not counted)."""
    found = [m.group(1) for m in _SCRIPT_SRC.finditer(html) if _is_remote(m.group(1))]
    found += [m.group(1) for m in _LINK_HREF.finditer(html) if _is_remote(m.group(1))]
    return found


def build_folium_map(view: gpd.GeoDataFrame, *, lang: str, basemap: str, division: str):
    """The app's map (cymap.web.builder.build_map) of the view."""
    from cymap.web import builder

    return builder.build_map(view, builder.MapOptions(lang=lang, basemap=basemap, division=division))


def render_html(view: gpd.GeoDataFrame, spec: FilterSpec, *, lang: str = "zh", basemap: str = "osm",
                division: str = "current") -> bytes:
    """The app's interactive map as one HTML file with Leaflet and its plugins inlined: it opens
    with no access to CDNs (tiles still load from the tile server when online; without it the
    districts and projects still show). The title and filters are in <title> and a header."""
    import html as html_lib

    m = build_folium_map(view, lang=lang, basemap=basemap, division=division)
    m.height = (100.0, "%")  # a standalone page: the map fills the window
    title, subtitle = maptext.title_for(spec, lang, division)
    root = m.get_root()
    root.title = title
    from branca.element import Element

    banner = (f'<div style="position:fixed;z-index:1000;left:50px;top:8px;max-width:60%;background:rgba(255,255,255,.92);'
              f'padding:6px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px sans-serif">'
              f'<b style="font-size:15px">{html_lib.escape(title)}</b><br>{html_lib.escape(subtitle)}<br>'
              f'<span style="color:#666;font-size:11px">{html_lib.escape(i18n.t("disclaimer", lang))}</span></div>')
    root.html.add_child(Element(banner))
    page = root.render()
    page = inline_assets(page)
    remaining = external_references(page)
    if remaining:
        raise OfflineAssetMissing(f"external assets left in the HTML: {remaining}")
    return page.encode("utf-8")
