"""The ledger's bytes in the user's own shape, and what a ledger cell can hold.

CSV in its encoding, delimiter and line ends (a cell holding a CR or LF is always quoted); an
XLSX ledger edited in place with openpyxl — only the cells that changed are written, other
sheets, styles and column widths stay; text is stored as text (never a formula). Cells over
32,767 characters (Excel's limit) and control characters are refused naming project and column.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

import pandas as pd

from cymap.ledger.read import RawTable
from cymap.ledger.store_errors import InvalidEditError

INTEGER_COLUMNS = ("action", "task", "target_year")  # written as numbers in XLSX
MAX_CELL_CHARS = 32_767  # what an Excel cell holds (openpyxl silently cuts longer text)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not storable in XLSX; invisible


def serialise(table: RawTable, original: bytes | None = None, base: RawTable | None = None) -> bytes:
    """The table in the file's own format, encoding, delimiter, line ends and header names.

    For XLSX with `original` (the file's bytes) and `base` (the table read from it), the ledger
    sheet is edited in place: only cells whose value changed are written (see `_edit_workbook`)."""
    columns = list(table.frame.columns)
    header = [table.headers.get(c, c) for c in columns]
    if table.fmt == "xlsx":
        if original and base is not None:
            return _edit_workbook(original, base, table.frame)
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for number, values in enumerate([header, *table.frame.itertuples(index=False)], start=1):
            for column, (name, value) in enumerate(zip(columns, values), start=1):
                _set_cell(sheet.cell(number, column), name if number == 1 else value, None if number == 1 else name)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    # csv quotes a field holding any character of the line terminator: write each row with
    # "\r\n" (so a bare CR or LF in a cell is quoted too), then end it as the file does.
    text = io.StringIO()
    writer = csv.writer(text, delimiter=table.delimiter, lineterminator="\r\n")
    lines = []
    for values in [header, *table.frame.itertuples(index=False)]:
        text.seek(0)
        text.truncate()
        writer.writerow(values)
        lines.append(text.getvalue()[:-2] + table.newline)
    return "".join(lines).encode(table.encoding)


def _set_cell(cell, value: str, column: str | None) -> None:
    """A ledger value into an Excel cell: numbers for the integer columns, everything else as
    text — never a formula, whatever it starts with."""
    if column in INTEGER_COLUMNS and value.isdigit():
        cell.value = int(value)
    elif value == "":
        cell.value = None
    else:
        cell.value = value
        cell.data_type = "s"  # openpyxl makes "=…" a formula; the user typed text


def _edit_workbook(original: bytes, base: RawTable, frame: pd.DataFrame) -> bytes:
    """Write `frame` into the first sheet of the workbook it was read from, in place.

    Rows are matched by frame index: labels below len(base.frame) are the rows read (their
    sheet rows in base.source_rows), higher labels are new rows (appended after the last row),
    rows read whose label is gone are deleted. Cells whose value did not change are not touched,
    so formulas, number formats and styles stay; other sheets stay as they are."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(original), keep_vba=original[:2] == b"PK" and b"vbaProject" in original,
                                  keep_links=True)
    sheet = book.worksheets[0]
    old = base.frame
    positions = dict(base.source_columns)
    free = max([sheet.max_column, *positions.values()]) + 1
    for column in frame.columns:
        if column not in positions:
            positions[column] = free
            free += 1
            _set_cell(sheet.cell(base.header_row, positions[column]), base.headers.get(column, column) or column, None)
    read = range(len(old))
    kept = [label for label in frame.index if label in read]
    for label in kept:
        number = base.source_rows[label]
        for column in frame.columns:
            value = frame.at[label, column]
            if column not in old.columns or old.at[label, column] != value:
                _set_cell(sheet.cell(number, positions[column]), value, column)
    gone = sorted({base.source_rows[label] for label in set(read) - set(kept)}, reverse=True)
    last = max([base.source_rows[label] for label in kept], default=base.header_row)
    for number in gone:
        sheet.delete_rows(number)
    last -= sum(1 for number in gone if number < last)
    for offset, label in enumerate([label for label in frame.index if label not in read], start=1):
        for column in frame.columns:
            _set_cell(sheet.cell(last + offset, positions[column]), frame.at[label, column], column)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell_problem(value: str) -> str:
    """Why a value cannot be stored in a ledger cell, or ""."""
    if len(value) > MAX_CELL_CHARS:
        return (f"is {len(value):,} characters long; a ledger cell holds at most {MAX_CELL_CHARS:,} "
                "(Excel's limit) — shorten it or link to a document")
    found = CONTROL_CHARACTERS.search(value)
    if found:
        return (f"holds the control character U+{ord(found.group()):04X} at position {found.start() + 1}, "
                "which Excel files cannot store and nobody can see — remove it")
    return ""


def check_cells(values: Mapping[str, str], where: str, project_id: str = "") -> None:
    """Refuse values no ledger cell can keep, naming the project (row) and column; `kind` "bad_cell", its
    `fields["cell"]` the cell problem's kind (cell_too_long, cell_control_character) with its figures."""
    for column, value in values.items():
        value = str(value)
        problem = cell_problem(value)
        if problem:
            shown = value[:60] + ("…" if len(value) > 60 else "")
            if len(value) > MAX_CELL_CHARS:
                cell = {"cell": "cell_too_long", "length": f"{len(value):,}", "limit": f"{MAX_CELL_CHARS:,}"}
            else:
                found = CONTROL_CHARACTERS.search(value)
                cell = {"cell": "cell_control_character", "code": f"U+{ord(found.group()):04X}",
                        "position": found.start() + 1}
            raise InvalidEditError(f"{where}, column {column}: value {shown!r} {problem}; nothing was saved",
                                   "bad_cell", id=project_id, column=column, value=repr(shown), **cell)
