"""The filtered rows as lists for spreadsheets: CSV (UTF-8 with BOM) and XLSX, formula cells
neutralised (the one `neutralise` every download uses).

The optional ledger columns (amounts in 亿元, units, planned dates, evidence …) follow the base
ones wherever a row of the view has a value, under headers the ledger reader knows (总投资（亿元）…),
so a Chinese list imports back with nothing lost."""
from __future__ import annotations

import csv
import io

import pandas as pd

from cymap.geo.division import districts_column
from cymap.ledger.schema import OPTIONAL_COLUMNS, STATUS_COLORS
from cymap.print.labels import text_width_em
from cymap.views import i18n

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheet apps read as a formula


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
    for name in written_optional_columns(view):
        frame[name] = view[name]
    frame = frame.astype(object).where(frame.notna(), "")
    frame = frame.map(neutralise)
    frame.columns = [header_label(c, lang) for c in frame.columns]
    return frame


# A list column's header: the catalogue's (cymap.views.i18n.column_header), re-exported here.
header_label = i18n.column_header



def written_optional_columns(view: pd.DataFrame) -> list[str]:
    """The optional ledger columns a list carries: those with a value in some row of the view."""
    return [c for c in OPTIONAL_COLUMNS
            if c in view.columns and view[c].fillna("").astype(str).str.strip().ne("").any()]


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
        width = max(2 * text_width_em(v[:80]) for v in values)  # Excel widths count a CJK glyph as two
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
