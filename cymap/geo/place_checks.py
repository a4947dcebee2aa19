"""The checks of a ledger row that need place knowledge (the geo layer's half of validation).

cymap.ledger.validate checks what a row says on its own (ids, vocabularies, dates, numbers, a
lon/lat pair that is complete, numeric and not swapped); this module checks what needs the map:
the declared district (所属区县) names a county-level unit of Chongqing — and is normalised to its
full name — and a coordinate override lies in Chongqing or the Sichuan context cities. Problems
read as row / column / value, like every other; a row with one is not valid.
`cymap.geo.projects.load_projects` and `python -m cymap validate` apply it after the ledger's own.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from cymap.geo.placetext import in_context, resolve_county
from cymap.ledger.read import LedgerRead
from cymap.ledger.schema import Problem

DISTRICT_ALLOWED = "a county-level unit of either division (渝北区, 渝北, 石柱县, 500112)"


def normalise_district(value: str) -> str | None:
    """所属区县 as written (渝北区, 渝北, 石柱县, 秀山自治县, 500112) -> the unit's full name."""
    return resolve_county(value)


def _number(value) -> float | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if np.isfinite(number) else None


def check_places(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Check and normalise validated rows (with their `row` numbers); return (valid rows, problems)."""
    problems: list[Problem] = []
    if rows.empty:
        return rows, problems
    rows = rows.copy()
    numbers = rows["row"].tolist() if "row" in rows.columns else list(range(1, len(rows) + 1))
    if "district_declared" in rows.columns:
        names = []
        written = rows["district_declared"].fillna("").astype(str).tolist()
        known = {value: normalise_district(value) for value in set(written) if value}  # once per spelling
        for row, value in zip(numbers, written):
            name = known[value] if value else ""
            if name is None:
                problems.append(Problem(row, "district_declared", value, "is not a district or county of Chongqing",
                                        DISTRICT_ALLOWED, "not_district"))
            names.append(name or value)
        rows["district_declared"] = names
    problems += _coordinate_problems(rows, numbers)
    bad = {p.row for p in problems}
    valid = rows[[n not in bad for n in numbers]].reset_index(drop=True)
    return valid, problems


def _coordinate_problems(rows: pd.DataFrame, numbers: list[int]) -> list[Problem]:
    if "lon" not in rows.columns or "lat" not in rows.columns:
        return []
    pairs = [(row, _number(lon), _number(lat)) for row, lon, lat in zip(numbers, rows["lon"].tolist(),
                                                                        rows["lat"].tolist()) if lon and lat]
    pairs = [(row, x, y) for row, x, y in pairs if x is not None and y is not None]
    if not pairs:
        return []
    inside = in_context(np.array([p[1] for p in pairs]), np.array([p[2] for p in pairs]))
    return [Problem(row, "lon", f"{x}, {y}", "lies outside Chongqing and its context",
                    "a WGS84 point in Chongqing or the Sichuan context cities", "outside_context")
            for (row, x, y), ok in zip(pairs, inside) if not ok]


def checked_read(read: LedgerRead) -> LedgerRead:
    """The read with the place checks applied: their problems added (in row order), failing rows
    moved from the valid rows to the invalid ones."""
    valid, problems = check_places(read.rows)
    if not problems:
        return dataclasses.replace(read, rows=valid)
    bad = {p.row for p in problems}
    invalid = read.invalid_rows
    moved = read.rows[read.rows["row"].isin(bad)]
    invalid = moved if invalid is None else pd.concat([invalid, moved]).sort_values("row")
    return dataclasses.replace(read, rows=valid, problems=sorted([*read.problems, *problems], key=lambda p: p.row),
                               invalid_rows=invalid)
