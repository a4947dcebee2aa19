"""Validate and normalise ledger rows: every problem as row / column / value, valid rows kept.

Statuses, categories and action numbers are accepted in Chinese or English; dates as
2023-03-10, 2023/3/10 or 2023年3月10日. rows in = rows valid + rows with problems.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from cymap.ledger.schema import (ACTIONS, CATEGORIES, COLUMNS, DATE_PATTERN, EXTRA_PREFIX, ID_PATTERN, REQUIRED,
                                 STATUSES, TASK_ACTION, Problem, normalise_status)

CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# Category as users write it: code, Chinese label or English label (any case).
CATEGORY_ALIASES: dict[str, str] = {
    **{k: k for k in CATEGORIES},
    **{v["zh"]: k for k, v in CATEGORIES.items()},
    **{v["en"].lower(): k for k, v in CATEGORIES.items()},
}
DATE_FORMS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?$")


def allowed_text(values) -> str:
    return ", ".join(str(v) for v in values)


def normalise_category(value: str) -> str | None:
    key = str(value).strip()
    return CATEGORY_ALIASES.get(key) or CATEGORY_ALIASES.get(key.lower())


def normalise_action(value: str) -> int | None:
    """2, 2.0, 二, 行动二 or （二） -> 2."""
    text = re.sub(r"^行动|[（）()]", "", str(value).strip())
    return CHINESE_NUMERALS.get(text) if text in CHINESE_NUMERALS else _as_int(text)


def normalise_date(value: str) -> str | None:
    """2023-03-10, 2023/3/10, 2023.3.10 or 2023年3月10日 -> 2023-03-10; None if not a real date."""
    match = DATE_FORMS.match(str(value).strip())
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def validate_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate and normalise rows; return (valid rows, problems). Rows keep their number."""
    problems: list[Problem] = []
    frame = frame.copy()
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame.insert(0, "row", range(1, len(frame) + 1))
    extra_columns = [c for c in frame.columns if str(c).startswith(EXTRA_PREFIX) and "dup " not in str(c)]
    extras = frame[extra_columns].to_numpy().tolist() if extra_columns else [[]] * len(frame)
    bad_rows: set[int] = set()

    def report(row: int, column: str, value, message: str, allowed: str = "") -> None:
        problems.append(Problem(row, column, str(value), message, allowed))
        bad_rows.add(row)

    seen_ids: dict[str, int] = {}
    statuses, actions, tasks, years, categories, dates = [], [], [], [], [], []
    for record in frame[["row", *COLUMNS]].itertuples(index=False):
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
        action = normalise_action(record.action) if record.action else None
        if record.action and action not in ACTIONS:
            report(row, "action", record.action, "is not an action number", "1–10 (or 一–十)")
        task = _as_int(record.task)
        if record.task and (task is None or task not in TASK_ACTION):
            report(row, "task", record.task, "is not a task number of the plan", "1–56")
        elif task is not None and action in ACTIONS and TASK_ACTION[task] not in (0, action):
            report(row, "task", record.task, f"belongs to action {TASK_ACTION[task]}, not {action}",
                   f"tasks of action {action}: " + allowed_text(t for t, a in TASK_ACTION.items() if a == action))
        if record.id and ID_PATTERN.match(record.id) and action in ACTIONS and int(record.id[1:3]) != action:
            report(row, "id", record.id, f"says action {int(record.id[1:3])} but column action is {action}",
                   "id and action agree")
        category = normalise_category(record.category) if record.category else None
        if record.category and category is None:
            report(row, "category", record.category, "is not a category", allowed_text(CATEGORIES))
        status = normalise_status(record.status) if record.status else None
        if record.status and status is None:
            report(row, "status", record.status, "is not a status",
                   allowed_text(f"{k} ({v['zh']})" for k, v in STATUSES.items()))
        year = _as_int(record.target_year)
        if record.target_year and (year is None or not 2000 <= year <= 2100):
            report(row, "target_year", record.target_year, "is not a year", "a year such as 2027, or empty")
        date = normalise_date(record.updated) if record.updated else ""
        if record.updated and date is None:
            shaped = DATE_PATTERN.match(record.updated) or DATE_FORMS.match(record.updated)
            report(row, "updated", record.updated, "is not a real calendar date" if shaped else "is not a date",
                   "YYYY-MM-DD (also 2023/3/10, 2023年3月10日), or empty")
        for column, value in zip(extra_columns, extras[row - 1]):
            if value:
                report(row, "(extra cells)", value, "is a cell beyond the last header column",
                       "one cell per header column")
        statuses.append(status or record.status)
        actions.append(action if action in ACTIONS else None)
        tasks.append(task)
        years.append(year)
        categories.append(category or record.category)
        dates.append(date or record.updated)
    frame["status"] = statuses
    frame["category"] = categories
    frame["updated"] = dates
    frame["action"] = pd.array(actions, dtype="Int64")
    frame["task"] = pd.array(tasks, dtype="Int64")
    frame["target_year"] = pd.array(years, dtype="Int64")
    valid = frame[~frame["row"].isin(bad_rows)].reset_index(drop=True)
    return valid, problems


def normalised_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """The ledger columns as the strings the ledger stores: codes for status/category, plain
    integers, ISO dates. Unrecognised values are kept as written (validation reports them).
    Used to compare an imported ledger with the current one and to write imported rows."""
    out = pd.DataFrame({c: (frame[c].astype(str) if c in frame.columns else "") for c in COLUMNS},
                       index=frame.index).fillna("")

    def keep(normaliser):
        return lambda v: (normaliser(v) if v else None) or v

    out["status"] = out["status"].map(keep(normalise_status))
    out["category"] = out["category"].map(keep(normalise_category))
    out["action"] = out["action"].map(lambda v: str(normalise_action(v)) if v and normalise_action(v) in ACTIONS else v)
    for column in ("task", "target_year"):
        out[column] = out[column].map(lambda v: str(_as_int(v)) if v and _as_int(v) is not None else v)
    out["updated"] = out["updated"].map(keep(normalise_date))
    return out


def _as_int(value: str) -> int | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number == number and abs(number) != float("inf") and number == int(number) else None
