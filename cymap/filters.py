"""Filters shared by the app, the CLI and the exports: one spec, one function.

A `FilterSpec` is what the sidebar, the URL query string and the CLI flags all describe;
`apply_filters` returns the rows in view, so every output shows exactly the same set.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

import geopandas as gpd
import pandas as pd

from cymap import geodata
from cymap.schema import REGIONS, normalise_status


@dataclass
class FilterSpec:
    districts: list[str] = field(default_factory=list)  # names (full/short/pinyin) or adcodes
    regions: list[str] = field(default_factory=list)  # 一区两群 groups or the four regions
    actions: list[int] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    query: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


class FilterError(ValueError):
    pass


def resolve_district_names(names: list[str]) -> list[str]:
    """District names as users type them -> canonical full names; unknown names raise."""
    index = geodata.district_name_index()
    out, unknown = [], []
    for name in names:
        canonical = index.get(str(name).strip()) or index.get(str(name).strip().lower())
        (out if canonical else unknown).append(canonical or name)
    if unknown:
        raise FilterError(f"unknown district: {', '.join(unknown)} (use a name such as 万州区, 万州 or 500101)")
    return list(dict.fromkeys(out))


def districts_in_regions(regions: list[str]) -> list[str]:
    """Districts in the named regions; a region group (主城都市区) includes its regions."""
    table = geodata.districts()
    wanted = set()
    for region in regions:
        members = [r for r, info in REGIONS.items() if region in (r, info["group"], info["en"])]
        if not members:
            raise FilterError(f"unknown region: {region} (use {', '.join(REGIONS)} or 主城都市区)")
        wanted.update(members)
    return table.loc[table["region"].isin(wanted), "name_zh"].tolist()


def _touches(districts_column: pd.Series, wanted: set[str]) -> pd.Series:
    return districts_column.map(lambda names: bool(wanted.intersection(names)))


def apply_filters(projects: gpd.GeoDataFrame, spec: FilterSpec) -> gpd.GeoDataFrame:
    """Rows of `projects` (geocoded) that match every criterion of `spec`."""
    mask = pd.Series(True, index=projects.index)
    if spec.districts:
        mask &= _touches(projects["districts"], set(resolve_district_names(spec.districts)))
    if spec.regions:
        mask &= _touches(projects["districts"], set(districts_in_regions(spec.regions)))
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
