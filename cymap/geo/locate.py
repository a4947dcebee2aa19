"""Per ledger row: the parts it touches and how they were found (issue 13).

A row is located, in this order, from its `lon`/`lat` override, its `location` (each `;`
reference through the geocoder's known names, else read as Chinese place text), or — when the
location is empty — its name. A `district_declared` (所属区县) is the row's district: the text is
read inside it and must agree with it. Every row says how it was located (`located_by`).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd
import shapely

from cymap.geo import geodata, placetext, readings, resolve
from cymap.geo.resolve import Gazetteer, Part

# How a row was located, finest first (the 定位核对 review lists rows in this order).
LOCATED_BY: dict[str, dict[str, str]] = {
    "coordinate": {"zh": "坐标（人工）", "en": "Coordinate override"},
    "site": {"zh": "精确位置", "en": "Exact site"},
    "route": {"zh": "线路", "en": "Route"},
    "town": {"zh": "乡镇/街道", "en": "Town"},
    "town_no_seat": {"zh": "乡镇/街道（无驻地坐标，按区县绘制）",
                     "en": "Town (no seat coordinate; drawn at the district)"},
    "zone": {"zh": "园区/片区", "en": "Park or zone"},
    "name": {"zh": "由项目名称定位", "en": "Located from the name"},
    "fuzzy": {"zh": "模糊匹配", "en": "Fuzzy match"},
    "district": {"zh": "仅区县", "en": "District only"},
    "municipal": {"zh": "全市", "en": "Municipality-wide"},
    "unresolved": {"zh": "未定位", "en": "Unresolved"},
}
ZONE_KINDS = {"zone", "park", "district_area"}
# How a row without a location was read (readings.Note: worded by cymap.views.problems.note_text).
NOTES = {kind: readings.Note(text, kind) for kind, text in (
    ("from_name", "located from the name"), ("declared_only", "no place in the name: the declared district"),
    ("no_place", "no location, and no place in the name"))}


@dataclass
class RowLocation:
    parts: list[Part] = field(default_factory=list)
    located_from: str = ""  # coordinate, location, name, declared, "" (nothing)
    warnings: list[str] = field(default_factory=list)


@functools.cache
def _kinds() -> dict[str, str]:
    table = geodata.gazetteer()
    return dict(zip(table["name"], table["kind"]))


def _column(ledger: pd.DataFrame, name: str) -> list[str]:
    if name not in ledger.columns:
        return [""] * len(ledger)
    return [str(v).strip() if v is not None and not (isinstance(v, float) and v != v) else "" for v in ledger[name]]


def _coordinate_part(lon: str, lat: str) -> Part | None:
    try:
        point = shapely.Point(float(lon), float(lat))
    except ValueError:
        return None
    names = {}
    for division_name in geodata.DIVISIONS:
        table = geodata.districts(division_name)
        hit = table[table.geometry.covers(point)]["name_zh"].tolist()
        names[division_name] = tuple(hit[:1])
    return Part(f"{lon},{lat}", point, "site", f"{float(lon):.5f}, {float(lat):.5f}", "coordinate",
                names["current"], districts_2023=names["2023"])


def _location_parts(location: str, declared: str, g: Gazetteer, cache: dict) -> tuple[list[Part], list[str]]:
    parts: list[Part] = []
    warnings: list[str] = []
    for reference in resolve.split_location(location):
        cache_key = (reference, declared)
        if cache_key not in cache:
            known = resolve.resolve_known(reference, g)
            if known is not None and known.method == "town" and _ambiguous_town(reference):
                known = None  # 双龙镇 alone: one GeoNames seat, but five official towns of that name
            if known is not None:
                cache[cache_key] = ([known], [])
            else:
                reading = readings.read_text(reference, g, declared)
                found = reading.parts or [resolve.resolve_unresolved(reference, g)]
                cache[cache_key] = (found, reading.warnings)
        found, notes = cache[cache_key]
        parts.extend(found)
        warnings.extend(notes)
    if declared and parts and not any(readings.agrees_with(p, declared) for p in parts if p.geometry is not None):
        warnings.append(readings.Note(f"location {location!r} is not in the declared district {declared}",
                                      "not_in_declared", location=location, declared=declared))
    return parts, warnings


@functools.cache
def _ambiguous_town(reference: str) -> bool:
    """A bare town name (no district) that several official towns bear."""
    refs = placetext.find_places(reference)
    towns = [r for r in refs if r.kind == "town"]
    return not any(r.kind == "county" for r in refs) and len({r.code for r in towns}) > 1


def locate_rows(ledger: pd.DataFrame, g: Gazetteer) -> list[RowLocation]:
    """Parts and provenance of every row, in row order (text read once per distinct text)."""
    cache: dict = {}
    out = []
    columns = [_column(ledger, c) for c in ("location", "name_zh", "district_declared", "lon", "lat")]
    full_names = {d: placetext.resolve_county(d) or d for d in set(columns[2]) if d}  # 渝北 -> 渝北区, once each
    columns[2] = [full_names.get(d, d) for d in columns[2]]
    for location, name, declared, lon, lat in zip(*columns):
        if lon and lat:
            part = _coordinate_part(lon, lat)
            if part is not None:
                out.append(RowLocation([part], "coordinate"))
                continue
        if location:
            parts, warnings = _location_parts(location, declared, g, cache)
            out.append(RowLocation(parts, "location", warnings))
            continue
        cache_key = ("(name)", name, declared)
        if cache_key not in cache:
            reading = readings.read_text(name, g, declared, allow_fuzzy=False) if name else readings.Reading()
            cache[cache_key] = reading
        reading = cache[cache_key]
        from_name = [p for p in reading.parts if p.method != "declared district"]
        if from_name:
            out.append(RowLocation(reading.parts, "name", [NOTES["from_name"], *reading.warnings]))
        elif reading.parts:
            out.append(RowLocation(reading.parts, "declared", [NOTES["declared_only"]]))
        else:
            missing = Part(name, None, "unresolved", "", "unresolved")
            out.append(RowLocation([missing], "", [NOTES["no_place"]]))
    return out


def located_by(row: RowLocation, precision: str) -> str:
    """The row's category in LOCATED_BY."""
    if row.located_from == "coordinate":
        return "coordinate"
    if precision == "unresolved" or not any(p.geometry is not None for p in row.parts):
        return "unresolved"
    if any(p.method.startswith("fuzzy") for p in row.parts):
        return "fuzzy"
    if row.located_from == "name":
        return "name"
    if precision == "district" and any(p.method == "town (no seat)" for p in row.parts):
        return "town_no_seat"
    if precision in ("district", "municipal"):
        return precision
    if any(_kinds().get(p.matched) in ZONE_KINDS for p in row.parts) or precision == "zone":
        return "zone"
    return {"town": "town", "route": "route"}.get(precision, "site")


def located_summary(geocoded: pd.DataFrame) -> dict:
    """Rows by how they were located, in LOCATED_BY order, and how many from the name."""
    if "located_by" not in geocoded.columns:
        return {}
    counts = geocoded["located_by"].value_counts()
    return {"located_by": {k: int(counts[k]) for k in LOCATED_BY if k in counts},
            "located_from_name": int((geocoded["located_from"] == "name").sum())}
