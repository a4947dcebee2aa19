"""The two divisions of Chongqing (2023, current) and the crosswalk between them.

On 2025-11-06 江北区 and 渝北区 were abolished and 两江新区 (500157) set up from all of former
江北区, former 渝北区 less five northern towns (which went to 北碚区), and five units of
北碚区. Every other unit is unchanged. `geodata/crosswalk.csv` (built from
`geodata/composition_2025.json` by tools/build_geodata.py) records that at district level plus
the ten town-level exceptions; this module answers
"which current unit is this 2023 unit / town in" and "which unit does this name mean" for the
geocoder and the filters.

Names: 2023-only names (江北区, 渝北区, 渝北, 500112) and current-only names (500157,
Liangjiang, 两江新区（行政区）) belong to one division; names valid in both (北碚区, 万州区 …)
mean that unit in each division. A bare `两江新区` in a *ledger location* means the
national-level new area (a gazetteer zone, the plan's meaning), never the district; in a
*district filter* it is the district, since that is what a district picker offers.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from cymap.geo import geodata
from cymap.geo.names import key, pinyin_key, strip_town_suffix

# How a ledger location names the 两江新区 *district* (the bare name is the zone).
DISTRICT_QUALIFIER = "（行政区）"


class DivisionError(ValueError):
    pass


@functools.cache
def crosswalk() -> pd.DataFrame:
    """geodata/crosswalk.csv: one `district` row per 2023 unit, one `town` row per exception."""
    return geodata.crosswalk()


@functools.cache
def _district_rows() -> dict[str, str]:
    table = crosswalk()
    rows = table[table["level"] == "district"]
    return dict(zip(rows["name_2023"], rows["name_current"]))


@functools.cache
def _town_rows() -> tuple[tuple[str, str, str, str], ...]:
    table = crosswalk()
    rows = table[table["level"] == "town"]
    return tuple(zip(rows["name_2023"], rows["town_zh"], rows["town_geonames"], rows["name_current"]))


def current_of_2023(name_2023: str) -> str:
    """The current unit holding the bulk of a 2023 unit (its crosswalk `district` row)."""
    try:
        return _district_rows()[name_2023]
    except KeyError:
        raise DivisionError(f"{name_2023!r} is not a 2023 unit of the crosswalk") from None


def current_of_town(name_2023: str, town: str) -> str:
    """The current unit of a town/street of a 2023 unit, given by Chinese name (茨竹镇, 茨竹) or
    GeoNames pinyin (Cizhu). Exact by composition: towns not listed as exceptions stayed with
    the bulk of their 2023 unit."""
    wanted_zh, wanted_py = strip_town_suffix(key(town)), pinyin_key(town)
    for district, town_zh, geonames, current in _town_rows():
        if district == name_2023 and (strip_town_suffix(town_zh) == wanted_zh or pinyin_key(geonames) == wanted_py):
            return current
    return current_of_2023(name_2023)


@functools.cache
def currents_of_2023(name_2023: str) -> tuple[str, ...]:
    """Every current unit the whole 2023 unit now lies in: bulk first, then town-level exceptions
    (渝北区 -> 两江新区, 北碚区). For what a bare reference *touches* see `touched_and_possible_of_2023`."""
    out = [current_of_2023(name_2023)]
    out += [current for district, _, _, current in _town_rows() if district == name_2023]
    return tuple(dict.fromkeys(out))


def touched_and_possible_of_2023(name_2023: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a bare reference to a 2023 unit (no town, no point) means today: it touches the unit
    that took the bulk of it (渝北区 -> 两江新区) and only *possibly* the others that took some of
    its towns (北碚区) — a possible unit is listed, never counted, filtered or paged."""
    every = currents_of_2023(name_2023)
    return every[:1], every[1:]


@functools.cache
def formers_of_current(name_current: str) -> tuple[str, ...]:
    """Every 2023 unit with territory in the current unit (两江新区 -> 江北区, 渝北区, 北碚区)."""
    out = [old for old, new in _district_rows().items() if new == name_current]
    out += [district for district, _, _, current in _town_rows() if current == name_current]
    if not out:
        raise DivisionError(f"{name_current!r} is not a current unit of the crosswalk")
    return tuple(dict.fromkeys(out))


def split_2023_units() -> frozenset[str]:
    """2023 units whose territory went to more than one current unit (渝北区, 北碚区)."""
    return frozenset(name for name in _district_rows() if len(currents_of_2023(name)) > 1)


# --- names ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DistrictName:
    """What a typed district name means: the unit's full name and the divisions it belongs to."""

    name_zh: str
    divisions: tuple[str, ...]  # ("2023",), ("current",) or ("current", "2023")

    def in_division(self, division: str) -> bool:
        return division in self.divisions


@functools.cache
def _name_table() -> dict[str, DistrictName]:
    spellings: dict[str, set[str]] = {}
    members: dict[str, list[str]] = {}
    for division in geodata.DIVISIONS:
        for row in geodata.districts(division).itertuples():
            members.setdefault(row.name_zh, []).append(division)
            forms = spellings.setdefault(row.name_zh, set())
            forms.update({row.name_zh, row.short_zh, row.adcode, row.name_en, row.name_en.lower()})
    for name, forms in spellings.items():
        forms.add(name + DISTRICT_QUALIFIER)
    table: dict[str, DistrictName] = {}
    for name, forms in spellings.items():
        meaning = DistrictName(name, tuple(members[name]))
        for form in forms:
            table[key(form)] = meaning
    return table


def district_forms(ledger_reference: bool) -> dict[str, DistrictName]:
    """Every spelling of a district -> its meaning. For ledger references (`ledger_reference`)
    the bare name of a unit that is also a gazetteer zone (两江新区) is left out: it means the zone."""
    table = dict(_name_table())
    if ledger_reference:
        for form in zone_names() & set(table):
            if table[form].divisions == ("current",):
                del table[form]
    return table


@functools.cache
def zone_names() -> frozenset[str]:
    """Bare names that a ledger location reads as the zone, not the district."""
    current_only = {row.name_zh for row in geodata.districts("current").itertuples()} - {
        row.name_zh for row in geodata.districts("2023").itertuples()}
    places = set(geodata.gazetteer()["name"])
    return frozenset(key(name) for name in current_only & places)


def resolve_district_name(text: str) -> DistrictName | None:
    """A district as typed in a filter (either division, any spelling) -> its meaning."""
    table = _name_table()
    return table.get(key(text)) or table.get(key(text).lower())


def districts_column(division: str) -> str:
    """The geocoded column listing a row's districts in `division`."""
    return "districts" if geodata.check_division(division) == "current" else "districts_2023"
