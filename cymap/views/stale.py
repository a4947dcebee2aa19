"""Rows whose status is older than N months, by district and lead unit (`python -m cymap stale`).

Before a meeting the ledger keeper asks: which statuses have not been confirmed lately, and
whom do I ask? A row is stale when its `status_date` (else `updated`) is before `today` minus
N calendar months, or when it has no date at all. Rows are grouped by primary district (全市
for municipality-wide rows) and, where the ledger has a `lead_unit` column, by lead unit.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from cymap.views.asof import as_date, status_dates
from cymap.views.i18n import district_label, status_label, t

DEFAULT_MONTHS = 6

# The report's words: keys of the one catalogue (cymap.views.i18n.TEXT).
WORDS = {"title": "stale_title", "none": "stale_none", "municipal": "stale_municipal", "no_unit": "late_no_unit",
         "lead_unit": "late_col_lead_unit", "undated": "stale_undated", "age": "stale_age"}


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    years, month0 = divmod(day.month - 1 - months, 12)
    year, month = day.year + years, month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


@dataclass(frozen=True)
class StaleReport:
    rows: pd.DataFrame  # id, name_zh, status, status_date (date|None), district, lead_unit, age_months
    total: int
    months: int
    today: dt.date
    cutoff: dt.date
    by_unit: bool       # the ledger names a lead unit (column lead_unit, not all empty)


def _district(frame: pd.DataFrame, division: str) -> pd.Series:
    column = "primary_district" if division == "current" else "primary_district_2023"
    if column in frame.columns:
        return frame[column].fillna("").astype(str)
    return pd.Series([""] * len(frame), index=frame.index)


def _district_order(division: str) -> list[str]:
    """The division's districts in the official (adcode) order; empty if the data is missing."""
    try:
        from cymap.geo import geodata

        return geodata.districts(division)["name_zh"].tolist()
    except Exception:  # noqa: BLE001 - ordering is cosmetic; names then sort after the known ones
        return []


def stale_rows(frame: pd.DataFrame, months: int = DEFAULT_MONTHS, today: dt.date | str | None = None,
               division: str = "current") -> StaleReport:
    """The stale rows of a (geocoded) ledger frame, sorted by district, lead unit, date, id."""
    if months < 0:
        raise ValueError("months must be 0 or more")
    day = as_date(today)
    cutoff = months_before(day, months)
    dates = status_dates(frame)
    stale = dates.map(lambda d: d is None or d < cutoff)
    # Group by lead unit only when the ledger names one somewhere (the reader adds the optional
    # column empty to every ledger).
    by_unit = "lead_unit" in frame.columns and frame["lead_unit"].fillna("").astype(str).str.strip().ne("").any()
    rows = pd.DataFrame({
        "id": frame["id"].astype(str),
        "name_zh": frame["name_zh"].astype(str) if "name_zh" in frame else "",
        "status": frame["status"].astype(str) if "status" in frame else "",
        "status_date": dates,
        "district": _district(frame, division),
        "lead_unit": frame["lead_unit"].fillna("").astype(str).str.strip() if by_unit else "",
    })[stale.to_numpy()]
    rows["age_months"] = pd.Series([months_between(d, day) if d is not None else None for d in rows["status_date"]],
                                   index=rows.index, dtype=object)
    order = {name: number for number, name in enumerate(_district_order(division))}
    rows = rows.assign(_undated=rows["status_date"].isna(),
                       _district=rows["district"].map(lambda n: order.get(n, len(order) + (n == ""))),
                       _date=rows["status_date"].map(lambda d: d.isoformat() if d else ""))
    rows = rows.sort_values(["_district", "district", "lead_unit", "_undated", "_date", "id"])
    rows = rows.drop(columns=["_undated", "_district", "_date"]).reset_index(drop=True)
    return StaleReport(rows, len(frame), months, day, cutoff, by_unit)


def format_report(report: StaleReport, lang: str = "zh") -> list[str]:
    """Plain-text lines: a title, then one block per district (and lead unit), one line per row."""
    words = {word: t(key, lang) for word, key in WORDS.items()}
    fields = {"months": report.months, "today": report.today.isoformat(), "cutoff": report.cutoff.isoformat()}
    if report.rows.empty:
        return [words["none"].format(**fields)]
    lines = [words["title"].format(count=len(report.rows), total=report.total, **fields)]
    for district, block in report.rows.groupby("district", sort=False):
        name = district_label(district, lang) if district else words["municipal"]
        lines.append("")
        lines.append(f"{name} ({len(block)})")
        groups = block.groupby("lead_unit", sort=False) if report.by_unit else [("", block)]
        for unit, rows in groups:
            indent = "  "
            if report.by_unit:
                lines.append(f"  {words['lead_unit']}: {unit or words['no_unit']} ({len(rows)})")
                indent = "    "
            for row in rows.itertuples():
                date = row.status_date.isoformat() if row.status_date else words["undated"]
                age = f" ({words['age'].format(months=row.age_months)})" if row.status_date else ""
                lines.append(f"{indent}{row.id}  {row.name_zh}  [{status_label(row.status, lang)}]  {date}{age}")
    return lines
