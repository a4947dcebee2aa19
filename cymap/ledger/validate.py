"""Validate and normalise ledger rows: every problem as row / column / value, valid rows kept.

Statuses, categories and action numbers are accepted in Chinese or English; dates as
2023-03-10, 2023/3/10 or 2023年3月10日; amounts as 12.5, 12.5亿元 or 125000万元 (stored in 亿元);
planned dates as 2025, 2025-06, 2025年6月 or a full date. rows in = rows valid + rows with problems.
Warnings (`ledger_warnings`) never reject a row: an empty location, completed above total,
completion before start; each carries its kind, so the app and the CLI word it in either language.
The checks that need place knowledge (所属区县 names a unit of Chongqing; a coordinate lies in
Chongqing) belong to the geo layer: cymap.geo.place_checks, applied by load_projects and the CLI.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from cymap.ledger.schema import (
    ACTIONS,
    ALL_COLUMNS,
    AMOUNT_COLUMNS,
    CATEGORIES,
    COLUMNS,
    DATE_PATTERN,
    EXTRA_PREFIX,
    FREE_ID_PATTERN,
    ID_PATTERN,
    PERIOD_COLUMNS,
    REQUIRED,
    STATUSES,
    TASK_ACTION,
    Problem,
    normalise_status,
)

CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# Category as users write it: code, Chinese label or English label (any case).
CATEGORY_ALIASES: dict[str, str] = {
    **{k: k for k in CATEGORIES},
    **{v["zh"]: k for k, v in CATEGORIES.items()},
    **{v["en"].lower(): k for k, v in CATEGORIES.items()},
}
DATE_FORMS = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?(?:[ T]00:00(?::00)?)?$")
YEAR_FORM = re.compile(r"^([0-9]{4})\s*年?$")
MONTH_FORM = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*月?(?:份)?$")
AMOUNT_FORM = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(亿元|亿|万元|万|元)?$")
AMOUNT_UNITS = {None: 1.0, "亿元": 1.0, "亿": 1.0, "万元": 1e-4, "万": 1e-4, "元": 1e-8}
ID_RULE = "letters A–Z a–z, digits 0–9, - _ . and Chinese characters (e.g. A02-T05-01, 12, 渝北-3)"
# Chongqing and the map's context (the Sichuan cities) lie in this box; the polygons decide.
LON_RANGE, LAT_RANGE = (97.0, 112.0), (26.0, 34.5)


def allowed_text(values) -> str:
    return ", ".join(str(v) for v in values)


@functools.lru_cache(maxsize=65536)  # pure; a ledger repeats its values
def normalise_category(value: str) -> str | None:
    key = str(value).strip()
    return CATEGORY_ALIASES.get(key) or CATEGORY_ALIASES.get(key.lower())


@functools.lru_cache(maxsize=65536)  # pure; a ledger repeats its values
def normalise_action(value: str) -> int | None:
    """2, 2.0, 二, 行动二 or （二） -> 2."""
    text = re.sub(r"^行动|[（）()]", "", str(value).strip())
    return CHINESE_NUMERALS.get(text) if text in CHINESE_NUMERALS else _as_int(text)


@functools.lru_cache(maxsize=65536)  # pure; a ledger repeats its values
def normalise_date(value: str) -> str | None:
    """2023-03-10, 2023/3/10, 2023.3.10 or 2023年3月10日 -> 2023-03-10; None if not a real date."""
    match = DATE_FORMS.match(str(value).strip())
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


@functools.lru_cache(maxsize=65536)  # pure; a ledger repeats its values
def normalise_period(value: str) -> str | None:
    """A planned date at the precision written: 2025 / 2025年 -> 2025; 2025-06 / 2025年6月 /
    2025.6 -> 2025-06; a full date -> 2025-06-30. None if it is none of these."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if match := YEAR_FORM.match(text):
        year = int(match.group(1))
        return str(year) if 1900 <= year <= 2100 else None
    if match := MONTH_FORM.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        return f"{year:04d}-{month:02d}" if 1900 <= year <= 2100 and 1 <= month <= 12 else None
    return normalise_date(text)


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a normalised period (2025 -> Jan 1 .. Dec 31)."""
    parts = [int(p) for p in period.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return dt.date(parts[0], parts[1], 1), following - dt.timedelta(days=1)
    day = dt.date(*parts)
    return day, day


@functools.lru_cache(maxsize=65536)  # pure; a ledger repeats its values
def normalise_amount(value: str) -> str | None:
    """12.5, 12.5亿元, 12.5亿, 125000万元, 1,250,000万 -> the amount in 亿元 as text ("12.5")."""
    text = re.sub(r"[\s,，]", "", unicodedata.normalize("NFKC", str(value)))
    text = re.sub(r"[（(](亿元|万元|元)[)）]$", r"\1", text)
    match = AMOUNT_FORM.match(text)
    if not match:
        return None
    amount = float(match.group(1)) * AMOUNT_UNITS[match.group(2)]
    return f"{amount:.6f}".rstrip("0").rstrip(".")


def valid_id(value: str) -> bool:
    return bool(FREE_ID_PATTERN.match(value)) and value == value.strip()


def validate_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate and normalise rows; return (valid rows, problems). Rows keep their number.
    A file without an id column gets ids from its row numbers (R1, R2, …); imported into a ledger
    again, its rows keep the ledger's ids instead (cymap.ledger.importer.stable_ids)."""
    problems: list[Problem] = []
    frame = frame.astype(object)  # a copy, of plain str cells: iterating Arrow strings is slow
    if "id" not in frame.columns:
        frame["id"] = [f"R{n}" for n in range(1, len(frame) + 1)]
    for column in ALL_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame.insert(0, "row", range(1, len(frame) + 1))
    extra_columns = [c for c in frame.columns if str(c).startswith(EXTRA_PREFIX) and "dup " not in str(c)]
    extras = frame[extra_columns].to_numpy().tolist() if extra_columns else [[]] * len(frame)
    bad_rows: set[int] = set()

    def report(row: int, column: str, value, message: str, allowed: str = "", kind: str = "", **fields) -> None:
        problems.append(Problem(row, column, str(value), message, allowed, kind, fields))
        bad_rows.add(row)

    seen_ids: dict[str, int] = {}
    out: dict[str, list] = {c: [] for c in ("status", "action", "task", "target_year", "category", "updated")}
    # object columns: iterating Arrow-backed strings costs ~20 µs a cell
    for record in frame[["row", *COLUMNS]].astype(object).itertuples(index=False):
        row = record.row
        for column in REQUIRED:
            if getattr(record, column) == "":
                report(row, column, "", "is empty", "a value is required", "required_empty")
        _check_id(record, seen_ids, report)
        action, task = _check_plan(record, report)
        category = normalise_category(record.category) if record.category else None
        if record.category and category is None:
            report(row, "category", record.category, "is not a category", allowed_text(CATEGORIES),
                   "not_category")
        status = normalise_status(record.status) if record.status else None
        if record.status and status is None:
            report(row, "status", record.status, "is not a status",
                   allowed_text(f"{k} ({v['zh']})" for k, v in STATUSES.items()), "not_status")
        year = _as_int(record.target_year)
        if record.target_year and (year is None or not 2000 <= year <= 2100):
            report(row, "target_year", record.target_year, "is not a year", "a year such as 2027, or empty",
                   "not_year")
        date = _checked_date(row, "updated", record.updated, report)
        for column, value in zip(extra_columns, extras[row - 1]):
            if value:
                report(row, "(extra cells)", value, "is a cell beyond the last header column",
                       "one cell per header column", "extra_cell")
        for column, value in (("status", status or record.status), ("action", action), ("task", task),
                              ("target_year", year), ("category", category or record.category),
                              ("updated", date or record.updated)):
            out[column].append(value)
    for column in ("status", "category", "updated"):
        frame[column] = out[column]
    for column in ("action", "task", "target_year"):
        frame[column] = pd.array(out[column], dtype="Int64")
    _check_optional(frame, report)
    valid = frame[~frame["row"].isin(bad_rows)].reset_index(drop=True)
    return valid, problems


def _check_id(record, seen_ids: dict[str, int], report) -> None:
    row, value = record.row, record.id
    if value and not valid_id(value):
        report(row, "id", value, "is not an id", ID_RULE, "bad_id")
    if value in seen_ids:
        report(row, "id", value, f"duplicates the id of row {seen_ids[value]}", "unique ids",
               "duplicate_id", first=seen_ids[value])
    elif value:
        seen_ids[value] = row


def _check_plan(record, report) -> tuple[int | None, int | None]:
    """action and task are optional; given, they must be the plan's and agree with each other
    and with an id of the plan's form A02-T05-01."""
    row = record.row
    action = normalise_action(record.action) if record.action else None
    if record.action and action not in ACTIONS:
        report(row, "action", record.action, "is not an action number", "1–10 (or 一–十), or empty",
               "not_action")
    task = _as_int(record.task)
    if record.task and (task is None or task not in TASK_ACTION):
        report(row, "task", record.task, "is not a task number of the plan", "1–56, or empty",
               "not_task")
    elif task is not None and action in ACTIONS and TASK_ACTION[task] not in (0, action):
        tasks = allowed_text(t for t, a in TASK_ACTION.items() if a == action)
        report(row, "task", record.task, f"belongs to action {TASK_ACTION[task]}, not {action}",
               f"tasks of action {action}: {tasks}", "task_of_other_action",
               task_action=TASK_ACTION[task], action=action, tasks=tasks)
    if record.id and ID_PATTERN.match(record.id) and action in ACTIONS and int(record.id[1:3]) != action:
        report(row, "id", record.id, f"says action {int(record.id[1:3])} but column action is {action}",
               "id and action agree", "id_action_mismatch", id_action=int(record.id[1:3]), action=action)
    return (action if action in ACTIONS else None), task


def _checked_date(row: int, column: str, value: str, report) -> str:
    date = normalise_date(value) if value else ""
    if value and date is None:
        shaped = DATE_PATTERN.match(value) or DATE_FORMS.match(value)
        report(row, column, value, "is not a real calendar date" if shaped else "is not a date",
               "YYYY-MM-DD (also 2023/3/10, 2023年3月10日), or empty", "not_real_date" if shaped else "not_date")
    return date or value


def _check_optional(frame: pd.DataFrame, report) -> None:
    """The optional columns, normalised in place: amounts in 亿元, periods, dates; lon/lat."""
    rows = frame["row"].tolist()
    frame["status_date"] = [_checked_date(r, "status_date", v, report) for r, v in zip(rows, frame["status_date"])]
    for column in AMOUNT_COLUMNS:
        values = []
        for row, value in zip(rows, frame[column].astype(str)):
            amount = normalise_amount(value) if value else ""
            if amount is None:
                report(row, column, value, "is not an amount", "亿元: 12.5, 12.5亿元, or 125000万元; or empty",
                       "not_amount")
            values.append(amount or value)
        frame[column] = values
    for column in PERIOD_COLUMNS:
        values = []
        for row, value in zip(rows, frame[column].astype(str)):
            period = normalise_period(value) if value else ""
            if period is None:
                report(row, column, value, "is not a date, month or year",
                       "2025, 2025-06, 2025年6月, 2025-06-30", "not_period")
            values.append(period or value)
        frame[column] = values
    _check_coordinates(frame, report)


def _check_coordinates(frame: pd.DataFrame, report) -> None:
    """lon/lat override: both or neither, WGS84 degrees, not swapped. Whether the point lies in
    Chongqing or the map's context needs the map: cymap.geo.place_checks."""
    lons, lats = frame["lon"].astype(str).str.strip(), frame["lat"].astype(str).str.strip()
    for row, lon, lat in zip(frame["row"], lons, lats):
        if not lon and not lat:
            continue
        if not lon or not lat:
            report(row, "lon" if not lon else "lat", "", "is empty while the other coordinate is given",
                   "both lon and lat, or neither", "coordinate_half")
            continue
        x, y = _as_float(lon), _as_float(lat)
        if x is None or y is None:
            report(row, "lon" if x is None else "lat", lon if x is None else lat, "is not a number",
                   "decimal degrees WGS84, e.g. 106.55 / 29.56", "not_number")
        elif LAT_RANGE[0] <= x <= LAT_RANGE[1] and LON_RANGE[0] <= y <= LON_RANGE[1]:
            report(row, "lon", lon, f"and lat {lat} look swapped", "lon about 105–110, lat about 28–32",
                   "coordinates_swapped", lat=lat)


@dataclass(frozen=True)
class LedgerWarning(Problem):
    """A warning (the row loads): a Problem with its `kind` (WARNING_KINDS) and the `other` value
    it was compared with, so the app and the CLI can say it in either language."""

    other: str = ""


WARNING_KINDS = ("no_location", "completed_above_total", "completion_before_start")


def ledger_warnings(rows: pd.DataFrame) -> list[LedgerWarning]:
    """What loads but deserves a look: no location (located from the name), completed above total,
    completion before start."""
    warnings = []
    columns = ["location", "total_investment", "completed_investment", "planned_start", "planned_completion"]
    table = rows.reindex(columns=columns, fill_value="").astype(object).fillna("").assign(row=rows["row"])
    for record in table.itertuples(index=False):
        if not str(record.location).strip():
            warnings.append(LedgerWarning(record.row, "location", "", "is empty — the row is located from its name",
                                          kind="no_location"))
        total, done = _as_float(record.total_investment), _as_float(record.completed_investment)
        if total is not None and done is not None and done > total:
            warnings.append(LedgerWarning(record.row, "completed_investment", str(record.completed_investment),
                                          f"is above total_investment {record.total_investment} 亿元",
                                          kind="completed_above_total", other=str(record.total_investment)))
        start, end = str(record.planned_start), str(record.planned_completion)
        if normalise_period(start) and normalise_period(end) and (
                period_bounds(normalise_period(end))[1] < period_bounds(normalise_period(start))[0]):
            warnings.append(LedgerWarning(record.row, "planned_completion", end, f"is before planned_start {start}",
                                          kind="completion_before_start", other=start))
    return warnings


def normalised_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Every ledger column (optional ones included) as the strings the ledger stores: codes for
    status/category, plain integers, ISO dates, amounts in 亿元, planned dates at their precision.
    Unrecognised values are kept as written (validation reports them). A column the frame lacks
    is empty. Used to compare an imported ledger with the current one and to write imported rows."""
    out = pd.DataFrame({c: (frame[c].astype(str) if c in frame.columns else "") for c in ALL_COLUMNS},
                       index=frame.index).fillna("")

    def keep(normaliser):
        return lambda v: (normaliser(v) if v else None) or v

    out["status"] = out["status"].map(keep(normalise_status))
    out["category"] = out["category"].map(keep(normalise_category))
    out["action"] = out["action"].map(lambda v: str(normalise_action(v)) if v and normalise_action(v) in ACTIONS else v)
    for column in ("task", "target_year"):
        out[column] = out[column].map(lambda v: str(_as_int(v)) if v and _as_int(v) is not None else v)
    for column in ("updated", "status_date"):
        out[column] = out[column].map(keep(normalise_date))
    for column in AMOUNT_COLUMNS:
        out[column] = out[column].map(keep(normalise_amount))
    for column in PERIOD_COLUMNS:
        out[column] = out[column].map(keep(normalise_period))
    return out


def _as_int(value: str) -> int | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if math.isfinite(number) and number == int(number) else None


def _as_float(value) -> float | None:
    try:
        number = float(unicodedata.normalize("NFKC", str(value)).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None
