"""Read the ledger as users really keep it, and validate every row.

Accepts CSV in UTF-8, UTF-8 with BOM or GB18030/GBK, and XLSX; Chinese headers as aliases;
statuses in Chinese or English. Every problem is reported as row/column/value — never a
traceback — and valid rows still load: rows in = rows valid + rows with problems.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cymap.schema import (ACTIONS, CATEGORIES, COLUMNS, DATE_PATTERN, ID_PATTERN, REQUIRED, STATUSES,
                          TASK_ACTION, Problem, normalise_status)

ENCODINGS = ("utf-8-sig", "gb18030")  # utf-8-sig also reads plain UTF-8; GB18030 is a superset of GBK

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


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM) or GB18030; return (text, encoding)."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise LedgerReadError("the file is neither UTF-8 nor GB18030/GBK text")


def read_table(source: str | Path | bytes, filename: str = "") -> tuple[pd.DataFrame, str]:
    """Read a CSV or XLSX file (path or bytes) into a frame of strings with canonical headers."""
    if isinstance(source, (str, Path)):
        filename = filename or str(source)
        data = Path(source).read_bytes()
    else:
        data = source
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        try:
            frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception as error:  # openpyxl raises many kinds; the user needs one message
            raise LedgerReadError(f"cannot read the Excel file: {error}") from error
        encoding = "xlsx"
    else:
        text, encoding = decode_bytes(data)
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=True)
        except pd.errors.ParserError as error:
            raise LedgerReadError(f"cannot parse the CSV: {error}") from error
    frame = frame.rename(columns=lambda c: canonical_header(str(c)))
    frame = frame.loc[:, ~frame.columns.duplicated()]
    for column in frame.columns:
        frame[column] = frame[column].astype(str).str.strip()
    # Excel leaves trailing blank lines: drop rows where every cell is empty.
    frame = frame[(frame != "").any(axis=1)].reset_index(drop=True)
    return frame, encoding


def canonical_header(header: str) -> str:
    header = header.strip().lstrip("\ufeff")
    return HEADER_ALIASES.get(header, HEADER_ALIASES.get(header.lower(), header.lower() if header.lower() in COLUMNS else header))


def _allowed(values) -> str:
    return ", ".join(str(v) for v in values)


def validate_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate and normalise rows; return (valid rows, problems). Rows keep their number."""
    problems: list[Problem] = []
    frame = frame.copy()
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame.insert(0, "row", range(1, len(frame) + 1))
    bad_rows: set[int] = set()

    def report(row: int, column: str, value, message: str, allowed: str = "") -> None:
        problems.append(Problem(row, column, str(value), message, allowed))
        bad_rows.add(row)

    seen_ids: dict[str, int] = {}
    statuses, actions, tasks, years = [], [], [], []
    for record in frame.itertuples(index=False):
        row = record.row
        for column in REQUIRED:
            if getattr(record, column) == "":
                report(row, column, "", "is empty", "a value is required")
        if record.id and not ID_PATTERN.match(record.id):
            report(row, "id", record.id, "is not an id like A02-T05-01", "A{action:02d}-T{task:02d}-{item:02d}")
        if record.id in seen_ids:
            report(row, "id", record.id, f"duplicates the id of row {seen_ids[record.id]}", "unique ids")
        elif record.id:
            seen_ids[record.id] = row
        action = _as_int(record.action)
        if record.action and (action is None or action not in ACTIONS):
            report(row, "action", record.action, "is not an action number", "1–10")
        task = _as_int(record.task)
        if record.task and (task is None or task not in TASK_ACTION):
            report(row, "task", record.task, "is not a task number of the plan", "1–56")
        elif task is not None and action in ACTIONS and TASK_ACTION[task] not in (0, action):
            report(row, "task", record.task, f"belongs to action {TASK_ACTION[task]}, not {action}",
                   f"tasks of action {action}: " + _allowed(t for t, a in TASK_ACTION.items() if a == action))
        if record.id and ID_PATTERN.match(record.id) and action in ACTIONS and int(record.id[1:3]) != action:
            report(row, "id", record.id, f"says action {int(record.id[1:3])} but column action is {action}",
                   "id and action agree")
        if record.category and record.category not in CATEGORIES:
            report(row, "category", record.category, "is not a category", _allowed(CATEGORIES))
        status = normalise_status(record.status) if record.status else None
        if record.status and status is None:
            report(row, "status", record.status, "is not a status",
                   _allowed(f"{k} ({v['zh']})" for k, v in STATUSES.items()))
        year = _as_int(record.target_year)
        if record.target_year and (year is None or not 2000 <= year <= 2100):
            report(row, "target_year", record.target_year, "is not a year", "a year such as 2027, or empty")
        if record.updated and not DATE_PATTERN.match(record.updated):
            report(row, "updated", record.updated, "is not a date", "YYYY-MM-DD")
        statuses.append(status or record.status)
        actions.append(action)
        tasks.append(task)
        years.append(year)
    frame["status"] = statuses
    frame["action"] = pd.array(actions, dtype="Int64")
    frame["task"] = pd.array(tasks, dtype="Int64")
    frame["target_year"] = pd.array(years, dtype="Int64")
    valid = frame[~frame["row"].isin(bad_rows)].reset_index(drop=True)
    return valid, problems


def _as_int(value: str) -> int | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number == int(number) else None


def read_ledger(source: str | Path | bytes, filename: str = "") -> LedgerRead:
    """Read and validate a ledger file; a file-level failure becomes a single problem (row 0)."""
    try:
        frame, encoding = read_table(source, filename)
    except (LedgerReadError, OSError) as error:
        return LedgerRead(pd.DataFrame(columns=["row", *COLUMNS]), [Problem(0, "(file)", str(filename or source)[:200], str(error))])
    if "id" not in frame.columns and "name_zh" not in frame.columns:
        problem = Problem(0, "(header)", ", ".join(map(str, frame.columns))[:200],
                          "no recognisable ledger columns", _allowed(COLUMNS))
        return LedgerRead(pd.DataFrame(columns=["row", *COLUMNS]), [problem], len(frame), encoding)
    valid, problems = validate_rows(frame)
    invalid = frame.assign(row=range(1, len(frame) + 1))
    invalid = invalid[invalid["row"].isin({p.row for p in problems})]
    return LedgerRead(valid, problems, len(frame), encoding, invalid)
