"""Counts and investment (总投资, 年度计划投资, 累计完成投资; 亿元) by district, action and status.

One rule for every table (Districts tab, the pack's investment page and district pages):

- a row's amount is counted **once**: under its primary district (`primary_district`, or
  `primary_district_2023` in the plan's division) — the first district the geocoder gives it,
  which is the declared 所属区县 where the ledger has one. A route through five districts adds
  its whole investment to its first district only, never five times, and never split.
- rows with no district (municipality-wide or not located) are one row, 全市/未定位;
- when a filter names districts, rows whose primary district lies outside the selection (a
  route of the selection that starts elsewhere) are one row, 其他区县, so every row is counted once;
- `touching` next to it is the existing count of rows touching each district (a row counts
  in each district it touches), the Districts chart's number.

So the district rows of a table always sum to the ledger's (or the view's) totals, and the
per-column `priced_*` counts say how many rows carried an amount (a sum over three priced rows
of ten is not the district's investment — the tables say so).
"""
from __future__ import annotations

import pandas as pd

from cymap.geo import geodata
from cymap.geo.division import districts_column
from cymap.ledger.schema import ACTIONS, AMOUNT_COLUMNS, STATUSES
from cymap.views.filters import FilterSpec, selected_districts
from cymap.views.i18n import action_label, district_label, status_label, t

MUNICIPAL = "__municipal__"  # rows without a district: municipality-wide or not located
OTHER = "__other__"  # rows whose primary district is outside the filter's districts
UNASSIGNED = 0  # rows without an action
SUM_COLUMNS = ["projects", *AMOUNT_COLUMNS]
PRICED = {column: f"priced_{column}" for column in AMOUNT_COLUMNS}


def primary_column(division: str) -> str:
    return "primary_district" if geodata.check_division(division) == "current" else "primary_district_2023"


def amounts(frame: pd.DataFrame) -> pd.DataFrame:
    """The three amounts of each row as floats in 亿元 (NaN where the row has none)."""
    out = pd.DataFrame(index=frame.index)
    for column in AMOUNT_COLUMNS:
        values = frame[column] if column in frame.columns else pd.Series("", index=frame.index)
        out[column] = pd.to_numeric(values.astype(str).str.strip().replace("", None), errors="coerce")
    return out


def has_amounts(frame: pd.DataFrame) -> bool:
    """Does any row carry any amount?"""
    return bool(len(frame)) and bool(amounts(frame).notna().any().any())


def totals(frame: pd.DataFrame) -> dict[str, float | int]:
    """Rows and the three sums of a frame, with the rows that carried each amount."""
    money = amounts(frame)
    out: dict[str, float | int] = {"projects": len(frame)}
    for column in AMOUNT_COLUMNS:
        out[column] = float(money[column].sum())
        out[PRICED[column]] = int(money[column].notna().sum())
    return out


def _grouped(frame: pd.DataFrame, keys: pd.Series, order: list) -> pd.DataFrame:
    money = amounts(frame).assign(_key=keys.values)
    grouped = money.groupby("_key", sort=False)
    table = pd.DataFrame(index=pd.Index(order))
    table["projects"] = grouped.size().reindex(order, fill_value=0).astype(int)
    for column in AMOUNT_COLUMNS:
        table[column] = grouped[column].sum().reindex(order, fill_value=0.0).astype(float)
        table[PRICED[column]] = grouped[column].count().reindex(order, fill_value=0).astype(int)
    return table


def by_district(view: pd.DataFrame, division: str = geodata.DEFAULT_DIVISION,
                selected: list[str] | None = None) -> pd.DataFrame:
    """Index: the division's districts (official order; only `selected` when a filter names some),
    then OTHER (if a filter named districts) and MUNICIPAL. Columns: projects (by primary district),
    touching, the three sums and priced_* counts. The rows sum to `totals(view)` (module doc)."""
    names = geodata.districts(division)["name_zh"].tolist()
    shown = names if selected is None else [n for n in names if n in set(selected)]
    primary = view[primary_column(division)].fillna("").astype(str) if len(view) else pd.Series(dtype=str)
    keys = primary.map(lambda n: MUNICIPAL if not n else (n if n in shown else OTHER))
    order = shown + ([OTHER] if selected is not None else []) + [MUNICIPAL]
    table = _grouped(view, keys, order)
    touched = view[districts_column(division)].explode() if len(view) else pd.Series(dtype=object)
    table.insert(1, "touching", touched.value_counts().reindex(order, fill_value=0).astype(int))
    table.loc[[OTHER, MUNICIPAL] if selected is not None else [MUNICIPAL], "touching"] = 0
    table.index.name = "district"
    return table


def by_action(view: pd.DataFrame) -> pd.DataFrame:
    """Index: actions 1–10 then 0 (未归入行动); projects and the sums."""
    keys = pd.to_numeric(view["action"], errors="coerce").fillna(UNASSIGNED).astype(int) if len(view) \
        else pd.Series(dtype=int)
    table = _grouped(view, keys, [*ACTIONS, UNASSIGNED])
    table.index.name = "action"
    return table


def by_status(view: pd.DataFrame) -> pd.DataFrame:
    """Index: the statuses in the vocabulary's order; projects and the sums."""
    keys = view["status"].astype(str) if len(view) else pd.Series(dtype=str)
    table = _grouped(view, keys, list(STATUSES))
    table.index.name = "status"
    return table


def tables(view: pd.DataFrame, spec: FilterSpec) -> list[tuple[str, pd.DataFrame]]:
    """The three tables of a view under its filter: by district (the filter's districts), action, status."""
    return [("district", by_district(view, spec.division, selected_districts(spec))),
            ("action", by_action(view)), ("status", by_status(view))]


def format_amount(value: float, priced: int) -> str:
    """12.3 (亿元) with one decimal; an en dash where no row carried the amount."""
    return "–" if not priced else f"{value:,.1f}"


def row_label(key, kind: str, lang: str) -> str:
    if key == MUNICIPAL:
        return t("inv_municipal", lang)
    if key == OTHER:
        return t("inv_other", lang)
    if kind == "district":
        return district_label(key, lang)
    if kind == "action":
        return action_label(key, lang) if key in ACTIONS else t("inv_unassigned", lang)
    return status_label(key, lang)


def display_table(table: pd.DataFrame, kind: str, lang: str, *, total_row: bool = True) -> pd.DataFrame:
    """A table for people: labelled rows, amounts with one decimal (– where none), and a total row.
    Rows with nothing in them are left out (a district without projects)."""
    has_touching = "touching" in table.columns
    keep = table[(table["projects"] > 0) | (table["touching"] > 0)] if has_touching else table[table["projects"] > 0]
    rows = [_display_row(row_label(key, kind, lang), record, int(record["touching"]) if has_touching else None)
            for key, record in keep.iterrows()]
    if total_row:
        # The touching counts do not add up (a row counts in every district it touches): no total,
        # as a missing integer so the column stays integers (a '' would make Arrow refuse it).
        rows.append(_display_row(t("total", lang), table.sum(numeric_only=True), pd.NA if has_touching else None))
    columns = [t(f"inv_col_{kind}", lang), t("inv_col_projects", lang)]
    columns += [t("inv_col_touching", lang)] if has_touching else []
    columns += [t(f"inv_col_{c}", lang) for c in AMOUNT_COLUMNS] + [t("inv_col_priced", lang)]
    frame = pd.DataFrame(rows, columns=columns)
    if has_touching:
        frame[t("inv_col_touching", lang)] = frame[t("inv_col_touching", lang)].astype("Int64")
    return frame


def _display_row(label: str, record, touching) -> list:
    row: list = [label, int(record["projects"])] + ([] if touching is None else [touching])
    row += [format_amount(record[c], int(record[PRICED[c]])) for c in AMOUNT_COLUMNS]
    row.append(int(record[PRICED["total_investment"]]))
    return row


def note(lang: str) -> str:
    """How the tables count (shown under every investment table)."""
    return t("inv_note", lang)
