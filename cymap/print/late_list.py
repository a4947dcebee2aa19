"""The late-and-at-risk list (cymap.views.late) as CSV (UTF-8 with BOM) or XLSX, every cell passed
through the one `neutralise` of cymap.print.lists, so no cell runs as a formula."""
from __future__ import annotations

import csv
import io

import pandas as pd

from cymap.print.labels import text_width_em
from cymap.print.lists import neutralise
from cymap.views import late

FORMATS = ("csv", "xlsx")


def frame(report: late.LateReport, lang: str = "zh") -> pd.DataFrame:
    return late.list_frame(report, lang).astype(object).map(neutralise)


def to_csv_bytes(report: late.LateReport, lang: str = "zh") -> bytes:
    buffer = io.StringIO()
    frame(report, lang).to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(report: late.LateReport, lang: str = "zh") -> bytes:
    """One sheet, bold header, frozen first row, autofilter; text cells stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    table = frame(report, lang)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "滞后清单" if lang == "zh" else "Late list"
    sheet.append(list(table.columns))
    for record in table.itertuples(index=False):
        sheet.append(["" if v is None else str(v) for v in record])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(table.columns, start=1):
        width = max(2 * text_width_em(str(v)[:60]) for v in [column, *table[column].head(300)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(report: late.LateReport, fmt: str, lang: str = "zh") -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"the late list is written as {' or '.join(FORMATS)}, not {fmt!r}")
    return to_csv_bytes(report, lang) if fmt == "csv" else to_xlsx_bytes(report, lang)
