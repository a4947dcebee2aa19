"""Read the ledger as users really keep it (cymap.ledger.validate checks every row).

Accepts CSV in UTF-8, UTF-8 with BOM, GB18030/GBK or UTF-16 (Excel's "Unicode text"), comma,
semicolon or tab separated, and XLSX; Chinese headers as aliases; statuses, categories and
action numbers in Chinese or English; dates as 2023-03-10, 2023/3/10 or 2023年3月10日. Every
problem is reported as row/column/value — never a traceback — and valid rows still load:
rows in = rows valid + rows with problems.

`read_raw` keeps everything the file holds (every row, the headers as written, the encoding)
so that `cymap.ledger.store` can write an edited ledger back in the user's own shape.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cymap.ledger.schema import COLUMNS, EXTRA_PREFIX, Problem
from cymap.ledger.validate import allowed_text, validate_rows

ENCODINGS = ("utf-8", "gb18030")  # GB18030 is a superset of GBK and GB2312
BOMS = {b"\xef\xbb\xbf": "utf-8-sig", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}
DELIMITERS = (",", "\t", ";")

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
    """The file as a whole cannot be read (not a table, unknown encoding, no id column)."""


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
    problems: list[Problem] = field(default_factory=list)  # header-level problems (row 0)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes by BOM, else as UTF-8, else GB18030; return (text, encoding)."""
    for bom, encoding in BOMS.items():
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError as error:
                raise LedgerReadError(f"the file starts with a {encoding} byte-order mark but is not "
                                      f"{encoding} text (byte {error.start})") from error
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise LedgerReadError("the file is neither UTF-8 nor GB18030/GBK text — save it as CSV UTF-8 or as .xlsx")


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK"


def read_raw(source: str | Path | bytes, filename: str = "") -> RawTable:
    """Read a CSV or XLSX file (path or bytes) keeping every row, cell and the file's shape."""
    if isinstance(source, (str, Path)):
        filename = filename or str(source)
        data = Path(source).read_bytes()
    else:
        data = bytes(source)
    if not data.strip():
        raise LedgerReadError("the file is empty")
    if is_xlsx(data, filename):
        cells, encoding, delimiter, newline = _xlsx_cells(data), "xlsx", ",", "\n"
    else:
        text, encoding = decode_bytes(data)
        newline = "\r\n" if "\r\n" in text[:10000] else "\n"
        delimiter = _delimiter(text)
        cells = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    cells = [[str(c).strip() for c in row] for row in cells]
    cells = [row for row in cells if any(row)]  # Excel leaves blank lines: they are not rows
    if not cells:
        raise LedgerReadError("the file has no header row")
    header, body = cells[0], cells[1:]
    width = max([len(header), *map(len, body)])
    header = header + [""] * (width - len(header))
    columns, headers, problems = _columns(header)
    frame = pd.DataFrame([row + [""] * (width - len(row)) for row in body], columns=range(width), dtype=str)
    frame.columns = columns
    frame = frame.loc[:, [c for c in columns if not (c.startswith(EXTRA_PREFIX) and (frame[c] == "").all())]]
    frame = frame.loc[:, ~frame.columns.duplicated()].reset_index(drop=True)
    return RawTable(frame.astype(str), headers, "xlsx" if encoding == "xlsx" else "csv", encoding,
                    delimiter, newline, problems)


def _xlsx_cells(data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as error:  # openpyxl raises many kinds (zip, xml, key errors); one message for the user
        raise LedgerReadError(f"cannot read the Excel file: {type(error).__name__}: {error}") from error


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
                                    f"(first: {headers[name]!r}); its cells are ignored", "one header per column"))
            name = f"{EXTRA_PREFIX}dup {written})"
        headers[name] = written
        columns.append(name)
    return columns, headers, problems


def canonical_header(header: str) -> str:
    header = header.strip().lstrip("\ufeff")
    return HEADER_ALIASES.get(header, HEADER_ALIASES.get(header.lower(), header.lower() if header.lower() in COLUMNS else header))


def read_ledger(source: str | Path | bytes, filename: str = "") -> LedgerRead:
    """Read and validate a ledger file; a file-level failure becomes a single problem (row 0)."""
    try:
        raw = read_raw(source, filename)
    except (LedgerReadError, OSError) as error:
        name = filename or (str(source) if isinstance(source, (str, Path)) else "(uploaded file)")
        return LedgerRead(pd.DataFrame(columns=["row", *COLUMNS]), [Problem(0, "(file)", name[:200], str(error))])
    frame, encoding = raw.frame, raw.encoding
    if "id" not in frame.columns and "name_zh" not in frame.columns:
        problem = Problem(0, "(header)", ", ".join(map(str, frame.columns))[:200],
                          "no recognisable ledger columns", allowed_text(COLUMNS))
        return LedgerRead(pd.DataFrame(columns=["row", *COLUMNS]), [*raw.problems, problem], len(frame), encoding)
    valid, problems = validate_rows(frame)
    invalid = frame.assign(row=range(1, len(frame) + 1))
    invalid = invalid[invalid["row"].isin({p.row for p in problems})]
    return LedgerRead(valid, [*raw.problems, *problems], len(frame), encoding, invalid)
