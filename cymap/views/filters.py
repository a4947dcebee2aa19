"""Filters shared by the app, the CLI and the exports: one spec, one function.

A `FilterSpec` is what the sidebar, the URL query string and the CLI flags all describe;
`apply_filters` returns the rows in view, so every output shows exactly the same set.

Districts may be named in either division (cymap.geo.division): a 2023-only name (江北区, 渝北,
500112) selects the rows in that former area (`districts_2023`); a current-only name (两江新区,
500157) the rows in the current unit (`districts`); a name in both (北碚区) follows
`FilterSpec.division`, which also decides the division of the region filter.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

import geopandas as gpd
import pandas as pd

from cymap.geo import division, geodata
from cymap.ledger.schema import REGIONS, normalise_status


@dataclass
class FilterSpec:
    districts: list[str] = field(default_factory=list)  # names (full/short/pinyin) or adcodes
    regions: list[str] = field(default_factory=list)  # 一区两群 groups or the four regions
    actions: list[int] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    query: str = ""
    division: str = geodata.DEFAULT_DIVISION  # "current" or "2023": the map shown, not a criterion

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self) if f.name != "division")


class FilterError(ValueError):
    pass


def _district_meanings(names: list[str]) -> list[division.DistrictName]:
    out, unknown = [], []
    for name in names:
        meaning = division.resolve_district_name(str(name))
        (out if meaning else unknown).append(meaning or name)
    if unknown:
        raise FilterError(f"unknown district: {', '.join(map(str, unknown))} (use a name of either division "
                          f"such as 万州区, 万州, 500101, 江北区 or 两江新区)")
    return out


def resolve_district_names(names: list[str]) -> list[str]:
    """District names of either division as users type them -> canonical full names; unknown names raise."""
    return list(dict.fromkeys(m.name_zh for m in _district_meanings(names)))


def district_mask(projects: pd.DataFrame, names: list[str], division_name: str = geodata.DEFAULT_DIVISION) -> pd.Series:
    """Rows touching any of the named districts, each read in the division it belongs to (see module doc)."""
    geodata.check_division(division_name)
    wanted: dict[str, set[str]] = {d: set() for d in geodata.DIVISIONS}
    for meaning in _district_meanings(names):
        read_in = division_name if meaning.in_division(division_name) else meaning.divisions[0]
        wanted[read_in].add(meaning.name_zh)
    mask = pd.Series(False, index=projects.index)
    for read_in, selected in wanted.items():
        if selected:
            mask |= _touches(projects[division.districts_column(read_in)], selected)
    return mask


def districts_in_regions(regions: list[str], division_name: str = geodata.DEFAULT_DIVISION) -> list[str]:
    """Districts of a division in the named regions; a region group (主城都市区) includes its regions."""
    table = geodata.districts(division_name)
    wanted = set()
    for region in regions:
        members = [r for r, info in REGIONS.items() if region in (r, info["group"], info["en"])]
        if not members:
            raise FilterError(f"unknown region: {region} (use {', '.join(REGIONS)} or 主城都市区)")
        wanted.update(members)
    return table.loc[table["region"].isin(wanted), "name_zh"].tolist()


def selected_districts(spec: FilterSpec) -> list[str] | None:
    """Units of `spec.division` that the district and region criteria select, or None when the
    spec has no place criterion. A name of the other division maps through the crosswalk
    (江北区 in the current division -> 两江新区; 两江新区 in the 2023 division -> its former units)."""
    if not spec.districts and not spec.regions:
        return None
    units = set(geodata.districts(spec.division)["name_zh"])
    chosen: set[str] | None = None
    if spec.districts:
        chosen = set()
        for meaning in _district_meanings(spec.districts):
            if meaning.in_division(spec.division):
                chosen.add(meaning.name_zh)
            elif spec.division == "current":
                chosen.update(division.currents_of_2023(meaning.name_zh))
            else:
                chosen.update(division.formers_of_current(meaning.name_zh))
    if spec.regions:
        in_regions = set(districts_in_regions(spec.regions, spec.division))
        chosen = in_regions if chosen is None else chosen & in_regions
    return [name for name in geodata.districts(spec.division)["name_zh"] if name in (chosen or set()) & units]


def _touches(districts_column: pd.Series, wanted: set[str]) -> pd.Series:
    return districts_column.map(lambda names: bool(wanted.intersection(names)))


def apply_filters(projects: gpd.GeoDataFrame, spec: FilterSpec) -> gpd.GeoDataFrame:
    """Rows of `projects` (geocoded) that match every criterion of `spec`."""
    if spec.division not in geodata.DIVISIONS:
        raise FilterError(f"unknown division: {spec.division} (use {' or '.join(geodata.DIVISIONS)})")
    mask = pd.Series(True, index=projects.index)
    if spec.districts:
        mask &= district_mask(projects, spec.districts, spec.division)
    if spec.regions:
        column = division.districts_column(spec.division)
        mask &= _touches(projects[column], set(districts_in_regions(spec.regions, spec.division)))
    if spec.actions:
        mask &= projects["action"].isin([int(a) for a in spec.actions])
    if spec.statuses:
        codes = [normalise_status(s) or s for s in spec.statuses]
        mask &= projects["status"].isin(codes)
    if spec.categories:
        mask &= projects["category"].isin(spec.categories)
    if spec.years:
        mask &= projects["target_year"].isin([int(y) for y in spec.years])
    if spec.query.strip():
        needle = spec.query.strip().lower()
        haystack = (projects["name_zh"].fillna("") + " " + projects["name_en"].fillna("") + " "
                    + projects["location"].fillna("") + " " + projects["source"].fillna("") + " "
                    + projects["id"].fillna("")).str.lower()
        mask &= haystack.str.contains(needle, regex=False)
    return projects[mask]
