"""滞后 derived from the planned dates: the "late and at risk" list a 专题督导 meeting works from.

A project is **late** when, on `today`,

- its `planned_start` has wholly passed (a period written as a year or a month runs to its last
  day: `2025-06` has passed on 2025-07-01) and its status is neither `under_construction` nor
  `completed` (late start, 开工滞后); or
- its `planned_completion` has wholly passed and its status is not `completed` (late completion,
  建成滞后 — checked first: the more serious of the two).

It is **at risk** when it is not late and either its recorded status is `delayed` (the ledger
itself says 滞后), or its planned completion ends within `RISK_DAYS` of today while it has not
started (not `under_construction` nor `completed`).

The flag is derived and explained; it never changes the recorded status (the status column of
every list stays what the ledger says). Rows are grouped by lead unit (牵头单位) and primary district.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from cymap.ledger.validate import normalise_period, period_bounds
from cymap.views.i18n import district_label, status_label, t

STARTED = {"under_construction", "completed"}
RISK_DAYS = 180
LATE_COMPLETION, LATE_START = "late_completion", "late_start"
RECORDED_DELAYED, DUE_SOON = "recorded_delayed", "due_soon"
LATE_KINDS = (LATE_COMPLETION, LATE_START)
KINDS = (LATE_COMPLETION, LATE_START, RECORDED_DELAYED, DUE_SOON)
LIST_COLUMNS = ["lead_unit", "district", "id", "name_zh", "status", "planned_start", "planned_completion",
                "flag", "reason", "responsible_unit", "owner_unit", "total_investment", "completed_investment"]


def as_date(today: dt.date | str | None) -> dt.date:
    """`today` as a date (default: today in UTC); ValueError if it is not YYYY-MM-DD."""
    if today is None:
        return dt.datetime.now(dt.UTC).date()
    if isinstance(today, dt.datetime):
        return today.date()
    if isinstance(today, dt.date):
        return today
    try:
        return dt.date.fromisoformat(str(today).strip())
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {today!r}") from None


def _end(value) -> dt.date | None:
    """The last day of a planned date/month/year as the ledger holds it; None if empty or unreadable."""
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()
    period = normalise_period(text) if text else None
    return period_bounds(period)[1] if period else None


@dataclass(frozen=True)
class Flag:
    kind: str  # one of KINDS, or "" when the row is on time / has no planned dates
    planned: str = ""  # the planned date the flag is about, as written

    @property
    def late(self) -> bool:
        return self.kind in LATE_KINDS


def flag_of(record, today: dt.date | str | None = None) -> Flag:
    """The derived flag of one row (a mapping with status, planned_start, planned_completion)."""
    day = as_date(today)
    status = str(record.get("status", ""))
    completion, start = record.get("planned_completion", ""), record.get("planned_start", "")
    completion_end, start_end = _end(completion), _end(start)
    if completion_end is not None and completion_end < day and status != "completed":
        return Flag(LATE_COMPLETION, str(completion))
    if start_end is not None and start_end < day and status not in STARTED:
        return Flag(LATE_START, str(start))
    if status == "delayed":
        return Flag(RECORDED_DELAYED)
    if (completion_end is not None and status not in STARTED
            and (completion_end - day).days <= RISK_DAYS):
        return Flag(DUE_SOON, str(completion))
    return Flag("")


def explain(flag: Flag, status: str, lang: str, today: dt.date | str | None = None) -> str:
    """One sentence: why the row is flagged (empty when it is not)."""
    if not flag.kind:
        return ""
    return t(f"late_why_{flag.kind}", lang, planned=flag.planned, today=as_date(today).isoformat(),
             status=status_label(status, lang), days=RISK_DAYS)


def flags(frame: pd.DataFrame, today: dt.date | str | None = None) -> pd.Series:
    """The flag kind of every row ("" where none)."""
    day = as_date(today)
    return pd.Series([flag_of(r, day).kind for r in frame.to_dict("records")], index=frame.index, dtype=object)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[column].fillna("").astype(str).str.strip()


@dataclass(frozen=True)
class LateReport:
    rows: pd.DataFrame  # LIST_COLUMNS, sorted by lead unit, district, flag, id
    total: int
    today: dt.date

    @property
    def late(self) -> int:
        return int(self.rows["flag"].isin(LATE_KINDS).sum())

    @property
    def at_risk(self) -> int:
        return len(self.rows) - self.late


def late_rows(frame: pd.DataFrame, today: dt.date | str | None = None, division: str = "current") -> LateReport:
    """The late and at-risk rows of a (geocoded or plain) ledger frame."""
    day = as_date(today)
    records = frame.to_dict("records")
    found = [flag_of(r, day) for r in records]
    primary = "primary_district" if division == "current" else "primary_district_2023"
    rows = pd.DataFrame({
        "lead_unit": _text(frame, "lead_unit"), "district": _text(frame, primary), "id": _text(frame, "id"),
        "name_zh": _text(frame, "name_zh"), "status": _text(frame, "status"),
        "planned_start": _text(frame, "planned_start"), "planned_completion": _text(frame, "planned_completion"),
        "flag": [f.kind for f in found], "planned": [f.planned for f in found],
        "responsible_unit": _text(frame, "responsible_unit"), "owner_unit": _text(frame, "owner_unit"),
        "total_investment": _text(frame, "total_investment"),
        "completed_investment": _text(frame, "completed_investment"),
    })
    rows = rows[rows["flag"] != ""].copy()
    # Named lead units and districts first, empty ones after them; the worse flag first within.
    rows = rows.assign(_no_unit=rows["lead_unit"].eq(""), _no_district=rows["district"].eq(""),
                       _kind=rows["flag"].map(KINDS.index))
    rows = rows.sort_values(["_no_unit", "lead_unit", "_no_district", "district", "_kind", "id"])
    return LateReport(rows.drop(columns=["_no_unit", "_no_district", "_kind"]).reset_index(drop=True), len(frame), day)


def list_frame(report: LateReport, lang: str = "zh") -> pd.DataFrame:
    """The list as people read it (labels in the language; recorded status kept as recorded)."""
    rows = report.rows
    frame = pd.DataFrame({
        "lead_unit": rows["lead_unit"].replace("", t("late_no_unit", lang)),
        "district": rows["district"].map(lambda d: district_label(d, lang) if d else t("inv_municipal", lang)),
        "id": rows["id"], "name_zh": rows["name_zh"],
        "status": rows["status"].map(lambda s: status_label(s, lang)),
        "planned_start": rows["planned_start"], "planned_completion": rows["planned_completion"],
        "flag": rows["flag"].map(lambda k: t(f"late_flag_{k}", lang)),
        "reason": [explain(Flag(k, p), s, lang, report.today)
                   for k, p, s in zip(rows["flag"], rows["planned"], rows["status"])],
        "responsible_unit": rows["responsible_unit"], "owner_unit": rows["owner_unit"],
        "total_investment": rows["total_investment"], "completed_investment": rows["completed_investment"],
    }, columns=LIST_COLUMNS)
    frame.columns = [t(f"late_col_{c}", lang) for c in LIST_COLUMNS]
    return frame


def format_report(report: LateReport, lang: str = "zh") -> list[str]:
    """Plain-text lines: a title, then one block per lead unit and district, one line per row."""
    today = report.today.isoformat()
    if report.rows.empty:
        return [t("late_none", lang, today=today, total=report.total)]
    lines = [t("late_title", lang, late=report.late, risk=report.at_risk, total=report.total, today=today)]
    frame = list_frame(report, lang)
    unit_col, district_col = frame.columns[0], frame.columns[1]
    for (unit, district), block in frame.groupby([unit_col, district_col], sort=False):
        lines += ["", f"{unit} · {district} ({len(block)})"]
        for record in block.itertuples(index=False):
            lines.append(f"  {record[2]}  {record[3]}  [{record[4]}]  {record[7]}: {record[8]}")
    return lines


def detail_field(row, lang: str, today: dt.date | str | None = None) -> tuple[str, str] | None:
    """The detail panel's (label, explanation) for a flagged row, else None."""
    flag = flag_of(row, today)
    if not flag.kind:
        return None
    why = explain(flag, row.get("status", ""), lang, today)
    return t("late_flag_label", lang), f"{t(f'late_flag_{flag.kind}', lang)} — {why}"
