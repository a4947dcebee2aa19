"""Read the ledger as users really keep it (cymap.ledger.validate checks every row).

Accepts CSV in UTF-8, UTF-8 with BOM, UTF-16/UTF-32 with a BOM (Excel's "Unicode text"),
GB18030/GBK, Big5 (cp950) or Shift-JIS (cp932) — a legacy code page is chosen when its reading is
made of that code page's common characters (`plausibility`), and the encoding used is named —
comma, semicolon or tab separated, and XLSX; Chinese headers as aliases; statuses, categories and
action numbers in Chinese or English; dates as 2023-03-10, 2023/3/10 or 2023年3月10日. Every
problem is reported as row/column/value — never a traceback — and valid rows still load:
rows in = rows valid + rows with problems. A file that would be read wrongly fails loudly instead:
a quote that never closes (naming its line), an encrypted or .xls workbook, a formula cell with no
saved value (naming row and column). Any cell length the store can write can be read.

`read_raw` keeps everything the file holds (every row, the headers as written, the encoding)
so that `cymap.ledger.store` can write an edited ledger back in the user's own shape.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cymap.ledger.schema import COLUMNS, EXTRA_PREFIX, Problem
from cymap.ledger.validate import allowed_text, validate_rows

# Tried in this order when there is no byte-order mark; UTF-32 marks first (FF FE 00 00 also
# starts a UTF-16 mark). Without a mark: UTF-8, then the legacy CJK code pages Excel saves —
# GB18030 (a superset of GBK/GB2312), cp950 (Big5, Traditional Chinese), cp932 (Shift-JIS).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
LEGACY_ENCODINGS = ("gb18030", "cp950", "cp932")
ENCODINGS = ("utf-8", *LEGACY_ENCODINGS)
DELIMITERS = (",", "\t", ";")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .xls are OLE compound files

# No cell a writer may produce is unreadable: the store caps cells at 32,767 characters (Excel's
# limit), the reader accepts far more so that a file written by anything else still opens.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

# Headers users write in their own Excel ledgers -> our column names.
HEADER_ALIASES: dict[str, str] = {
    "编号": "id", "项目编号": "id", "序号": "id",
    "项目名称": "name_zh", "名称": "name_zh", "中文名称": "name_zh",
    "英文名称": "name_en", "name": "name_en",
    "所属行动": "action", "行动": "action",
    "任务": "task", "任务编号": "task", "条目": "task",
    "类别": "category", "项目类别": "category", "类型": "category",
    "地点": "location", "位置": "location", "建设地点": "location", "所在地": "location",
    "状态": "status", "进展": "status", "进展状态": "status", "项目状态": "status",
    "目标年份": "target_year", "完成年份": "target_year",
    "目标": "target", "建设目标": "target",
    "来源": "source", "方案原文": "source", "依据": "source",
    "更新日期": "updated", "更新时间": "updated",
    "备注": "note", "说明": "note",
    "建设地址": "location", "建设内容及规模": "target", "建设内容": "target", "建设规模": "target",
    "建设性质": "status", "所属区县": "district_declared", "所在区县": "district_declared", "区县": "district_declared",
    "状态日期": "status_date", "进展日期": "status_date", "来源链接": "evidence", "佐证材料": "evidence",
    "信息来源": "evidence", "总投资": "total_investment", "总投资（亿元）": "total_investment",
    "总投资(亿元)": "total_investment", "年度计划投资": "annual_plan_investment",
    "年度计划投资（亿元）": "annual_plan_investment", "年度计划投资(亿元)": "annual_plan_investment",
    "累计完成投资": "completed_investment", "累计完成投资（亿元）": "completed_investment",
    "累计完成投资(亿元)": "completed_investment", "牵头单位": "lead_unit", "责任单位": "responsible_unit",
    "业主单位": "owner_unit", "项目业主": "owner_unit", "计划开工": "planned_start", "计划开工时间": "planned_start",
    "计划建成": "planned_completion", "计划完工": "planned_completion", "计划建成时间": "planned_completion",
    "计划完工时间": "planned_completion", "经度": "lon", "纬度": "lat",
}


class LedgerReadError(ValueError):
    """The file as a whole cannot be read; `kind` and `fields` say why (worded by cymap.views.problems)."""
    def __init__(self, message: str, kind: str = "file_unreadable", **fields) -> None:
        super().__init__(message)
        self.kind, self.fields = kind, {"error": message, **fields}


@dataclass
class LedgerRead:
    rows: pd.DataFrame  # valid rows, canonical columns, with `row` = 1-based data row number
    problems: list[Problem] = field(default_factory=list)
    total_rows: int = 0
    encoding: str = ""
    invalid_rows: pd.DataFrame | None = None  # rows that failed, as read, for display

    @property
    def problem_rows(self) -> int:
        return len({p.row for p in self.problems if p.row > 0})


@dataclass
class RawTable:
    """Every row of a ledger file as trimmed strings, canonical headers, and how it was written."""

    frame: pd.DataFrame
    headers: dict[str, str]  # column -> header as the file wrote it ("" for cells beyond the header)
    fmt: str  # "csv" or "xlsx"
    encoding: str  # utf-8, utf-8-sig, gb18030, utf-16, xlsx
    delimiter: str = ","
    newline: str = "\n"
    problems: list[Problem] = field(default_factory=list)  # header-level (row 0) and cell problems
    header_row: int = 1  # XLSX: the sheet row of the header; CSV: its line
    source_rows: list[int] = field(default_factory=list)  # sheet row (CSV line) of each frame row
    source_columns: dict[str, int] = field(default_factory=dict)  # column -> 1-based sheet column


class LedgerTooLargeError(LedgerReadError):
    """The file holds (or unpacks to) more than the limits allow."""


MIN_PLAUSIBILITY = 0.5  # share of common characters a Big5/Shift-JIS reading needs to be believed
MAX_CELL_REPORT = 60  # characters of a cell quoted in a message


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes by BOM, else as UTF-8, else as the legacy code page whose text is most
    plausibly Chinese/Japanese (see `plausibility`); return (text, encoding)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError as error:
                raise LedgerReadError(f"the file starts with a {encoding} byte-order mark but is not "
                                      f"{encoding} text (byte {error.start})", "file_bom_mismatch",
                                      encoding=encoding, byte=error.start) from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = {}
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # NUL is never in a text file; Big5/Shift-JIS read of something else is mostly rare
        # characters and private-use code points: only a plausible reading counts.
        if "\x00" not in text and (encoding == "gb18030" or plausibility(text, encoding) >= MIN_PLAUSIBILITY):
            decoded[encoding] = text
    if not decoded:
        raise LedgerReadError("the file is neither UTF-8 nor GB18030/GBK text (nor Big5/cp950, Shift-JIS/cp932, "
                              "or UTF-16/32 with a byte-order mark) — save it as CSV UTF-8 or as .xlsx",
                              "file_unknown_encoding")
    # More than one code page decodes most double-byte text: keep the one whose characters are
    # the common ones of that code page (a wrong guess reads as rare characters and kana).
    encoding = max(decoded, key=lambda e: (plausibility(decoded[e], e), -LEGACY_ENCODINGS.index(e)))
    return decoded[encoding], encoding


def plausibility(text: str, encoding: str) -> float:
    """Share of the ideographs (and, for cp932, kana) that are common in `encoding`'s own
    standard: GB2312 hanzi for GB18030, Big5 常用字 for cp950, JIS level-1 kanji and kana for
    cp932. Symbols and punctuation (GB2312 rows 1–9, Big5 A140–A3BF, JIS row 1) count for
    neither side. Text decoded with the wrong code page reads as rare characters: it scores low."""
    verdicts = [_common(c, encoding) for c in text if ord(c) > 0x7F]
    counted = [v for v in verdicts if v is not None]
    return sum(counted) / len(counted) if counted else 1.0


def _common(char: str, encoding: str) -> bool | None:
    """True: a common character of the code page; False: rare or unassigned; None: a symbol."""
    try:
        code = char.encode("gb2312" if encoding == "gb18030" else encoding)
    except UnicodeEncodeError:
        return False
    if len(code) != 2:
        return False
    value = int.from_bytes(code, "big")
    if encoding == "gb18030":
        return None if value < 0xB0A1 else value <= 0xF7FE
    if encoding == "cp950":
        return None if 0xA140 <= value <= 0xA3BF else 0xA440 <= value <= 0xC67E
    return None if value <= 0x81FF else 0x829F <= value <= 0x83D6 or 0x889F <= value <= 0x9872  # cp932


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK"


def read_raw(source: str | Path | bytes, filename: str = "", *, max_rows: int | None = None,
             max_unpacked: int | None = None) -> RawTable:
    """Read a CSV or XLSX file (path or bytes) keeping every row, cell and the file's shape.

    `max_rows` (rows of the file, blank ones included) and `max_unpacked` (bytes an XLSX unpacks
    to) bound what an upload may cost; beyond them LedgerTooLargeError names the limit."""
    if isinstance(source, (str, Path)):
        filename = filename or str(source)
        data = Path(source).read_bytes()
    else:
        data = bytes(source)
    if not data.strip():
        raise LedgerReadError("the file is empty", "file_empty")
    cell_problems: dict[tuple[int, int], tuple[str, str]] = {}  # (source row, column) -> (value, message)
    if data.startswith(OLE_MAGIC):
        raise LedgerReadError(*_ole_message(data))
    if is_xlsx(data, filename):
        cells, cell_problems = _xlsx_cells(data, max_rows, max_unpacked)
        encoding, delimiter, newline = "xlsx", ",", "\n"
    else:
        text, encoding = decode_bytes(data)
        newline = "\r\n" if "\r\n" in text[:10000] else "\n"
        delimiter = _delimiter(text)
        cells = _csv_cells(text, delimiter, max_rows)
    numbered = [(number, [str(c).strip() for c in row]) for number, row in cells]
    numbered = [(number, row) for number, row in numbered if any(row)]  # Excel leaves blank lines: not rows
    if not numbered:
        raise LedgerReadError("the file has no header row", "file_no_header")
    (header_row, header), body = numbered[0], [row for _, row in numbered[1:]]
    source_rows = [number for number, _ in numbered[1:]]
    width = max([len(header), *map(len, body)])
    header = header + [""] * (width - len(header))
    columns, headers, problems = _columns(header)
    frame = pd.DataFrame([row + [""] * (width - len(row)) for row in body], columns=range(width), dtype=str)
    frame.columns = columns
    kept = [not (c.startswith(EXTRA_PREFIX) and (frame.iloc[:, i] == "").all()) for i, c in enumerate(columns)]
    source_columns = {c: i + 1 for i, (c, k) in enumerate(zip(columns, kept)) if k}
    frame = frame.loc[:, kept].reset_index(drop=True)
    data_row = {number: position + 1 for position, number in enumerate(source_rows)}
    for (number, column), (value, message) in sorted(cell_problems.items()):
        name = columns[column - 1] if column <= len(columns) else f"column {column}"
        if number in data_row:
            problems.append(Problem(data_row[number], name, value, message,
                                    "open the file in Excel and save it, or type the value", "formula_no_value"))
    return RawTable(frame.astype(str), headers, "xlsx" if encoding == "xlsx" else "csv", encoding,
                    delimiter, newline, problems, header_row, source_rows, source_columns)


def _ole_message(data: bytes) -> tuple[str, str]:
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return ("the Excel file is password-protected (encrypted), so it cannot be read — open it in Excel, "
                "remove the password (File > Info > Protect Workbook > Encrypt with Password) and save it, "
                "or save it as CSV UTF-8"), "file_encrypted"
    return ("the file is an old Excel 97–2003 workbook (.xls) or another OLE document, not .xlsx — "
            "open it in Excel and save it as .xlsx or CSV UTF-8"), "file_old_excel"


def _csv_cells(text: str, delimiter: str, max_rows: int | None) -> list[tuple[int, list[str]]]:
    """CSV rows with the line each starts on. A quote that never closes fails naming its line
    (read leniently it would swallow the rest of the file into one cell)."""
    def rows(strict: bool):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
        out, start = [], 1
        try:
            for row in reader:
                out.append((start, row))
                start = reader.line_num + 1
                if max_rows is not None and len(out) > max_rows:
                    raise LedgerTooLargeError(f"the file has more than {max_rows:,} rows; uploads are limited "
                                              f"to {max_rows:,} — split it or remove unused rows",
                                              "file_too_many_rows", limit=f"{max_rows:,}")
        except csv.Error as error:
            if "unexpected end of data" in str(error) or "EOF" in str(error):
                lines = text.count("\n") + (not text.endswith("\n"))
                line = text.splitlines()[start - 1] if start - 1 < len(text.splitlines()) else ""
                raise LedgerReadError(f"line {start}: a cell opens a quote (\") that is never closed, so lines "
                                      f"{start}–{lines} would be read as one cell — close the quote or remove it "
                                      f"(line {start}: {line[:MAX_CELL_REPORT]!r})", "file_unclosed_quote",
                                      line=start, last=lines, text=repr(line[:MAX_CELL_REPORT])) from None
            if strict:
                return None  # a stray quote inside a cell ("a"b): read leniently, as Excel does
            raise LedgerReadError(f"line {start}: {error}", "file_csv_error", line=start, detail=str(error)) from None
        return out

    return rows(strict=True) or rows(strict=False)


def _xlsx_cells(data: bytes, max_rows: int | None = None,
                max_unpacked: int | None = None) -> tuple[list[tuple[int, list[str]]], dict]:
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            worksheets = [m for m in members if m.filename.startswith("xl/worksheets/")]
            unpacked = sum(m.file_size for m in members)
            if max_unpacked is not None and unpacked > max_unpacked:
                raise LedgerTooLargeError(f"the Excel file unpacks to {unpacked / 1e6:.1f} MB; uploads may unpack "
                                          f"to at most {max_unpacked / 1e6:.0f} MB — remove unused sheets, "
                                          "images or formatting, or save it as CSV", "file_unpacks_too_large",
                                          size=f"{unpacked / 1e6:.1f}", limit=f"{max_unpacked / 1e6:.0f}")
            has_formulas = any(re.search(rb"<f[ >]", archive.read(m)) for m in worksheets)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # iterate the rows the file has, not the size it claims
        cells = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if max_rows is not None and number > max_rows + 1:
                raise LedgerTooLargeError(f"the sheet {sheet.title!r} has more than {max_rows:,} rows; uploads are "
                                          f"limited to {max_rows:,} — delete unused rows below the ledger",
                                          "file_sheet_too_many_rows", sheet=sheet.title, limit=f"{max_rows:,}")
            cells.append((number, [_cell_text(v) for v in row]))
        problems = _formulas_without_values(data, cells) if has_formulas else {}
        return cells, problems
    except LedgerReadError:
        raise
    except Exception as error:  # openpyxl raises many kinds (zip, xml, key errors); one message for the user
        raise LedgerReadError(f"cannot read the Excel file: {type(error).__name__}: {error}", "file_bad_excel",
                              detail=f"{type(error).__name__}: {error}") from error


def _formulas_without_values(data: bytes, cells: list[tuple[int, list[str]]]) -> dict:
    """Formula cells the file saved no value for (written by a program that does not calculate):
    read as values they would be empty, silently — report each instead."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    values = dict(cells)
    problems = {}
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > len(cells):
            break
        for column, value in enumerate(row, start=1):
            shown = values.get(number, [])
            if isinstance(value, str) and value.startswith("=") and (column > len(shown) or shown[column - 1] == ""):
                problems[(number, column)] = (value[:200], ("is a formula with no saved value (the program that "
                                                            "wrote the file did not calculate it)"))
    return problems


def _cell_text(value) -> str:
    """Excel cells as the user sees them: 2027 not 2027.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","


def _columns(header: list[str]) -> tuple[list[str], dict[str, str], list[Problem]]:
    columns, headers, problems, extra = [], {}, [], 0
    for written in header:
        name = canonical_header(written)
        if not written:
            extra += 1
            name = f"{EXTRA_PREFIX}{extra})"
        elif name in headers:
            problems.append(Problem(0, "(header)", written, f"is a second header for column {name} "
                                    f"(first: {headers[name]!r}); its cells are ignored", "one header per column",
                                    "duplicate_header", {"name": name, "first": repr(headers[name])}))
            name = f"{EXTRA_PREFIX}dup {written})"
            copies = 1
            while name in headers:  # a third copy of a header: still its own column, never dropped
                copies += 1
                name = f"{EXTRA_PREFIX}dup {written} {copies})"
        headers[name] = written
        columns.append(name)
    return columns, headers, problems


def canonical_header(header: str) -> str:
    header = header.strip().lstrip("\ufeff")
    fallback = header.lower() if header.lower() in COLUMNS else header
    return HEADER_ALIASES.get(header, HEADER_ALIASES.get(header.lower(), fallback))


def read_ledger(source: str | Path | bytes, filename: str = "") -> LedgerRead:
    """Read and validate a ledger file; a file-level failure becomes a single problem (row 0)."""
    try:
        raw = read_raw(source, filename)
    except (LedgerReadError, OSError) as error:
        name = filename or (str(source) if isinstance(source, (str, Path)) else "(uploaded file)")
        return unreadable(name, error)
    return ledger_from_raw(raw)


def unreadable(name: str, error: Exception) -> LedgerRead:
    why = (error.kind, error.fields) if isinstance(error, LedgerReadError) else ("file_os_error", {"error": str(error)})
    return LedgerRead(pd.DataFrame(columns=["row", *COLUMNS]), [Problem(0, "(file)", name[:200], str(error), "", *why)])


def ledger_from_raw(raw: RawTable) -> LedgerRead:
    """Validate what read_raw read (rows with a cell problem of the file itself are invalid too)."""
    frame, encoding = raw.frame, raw.encoding
    if "id" not in frame.columns and "name_zh" not in frame.columns:
        problem = Problem(0, "(header)", ", ".join(map(str, frame.columns))[:200],
                          "no recognisable ledger columns", allowed_text(COLUMNS), "no_ledger_columns")
        return LedgerRead(pd.DataFrame(columns=["row", *COLUMNS]), [*raw.problems, problem], len(frame), encoding)
    valid, problems = validate_rows(frame)
    bad_cells = {p.row for p in raw.problems if p.row > 0}
    if bad_cells:
        valid = valid[~valid["row"].isin(bad_cells)].reset_index(drop=True)
    problems = sorted([*raw.problems, *problems], key=lambda p: p.row)
    invalid = frame.assign(row=range(1, len(frame) + 1))
    invalid = invalid[invalid["row"].isin({p.row for p in problems})]
    return LedgerRead(valid, problems, len(frame), encoding, invalid)
