"""The current division (since 2025-11-06) from the 2023 units and the town cells, with its figures.

Unchanged units are the 2023 ones; 两江新区 and 北碚区 are unions of 2023 units and town cells
(tools/town_cells.py). Also: how far Voronoi lines fall from known boundaries (the calibration
behind the stated uncertainty), the check figures for build_info.json, and the crosswalk.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cymap.geo import coords
from cymap.geo.geodata import moved_kept_lines
from tools.composition import LIANGJIANG, TOWN_TRANSFERS, WHOLE_UNIT_MOVES
from tools.town_cells import GRID_DEG, OFFICIAL_BEIBEI_KM2, OFFICIAL_LIANGJIANG_KM2, BuildError, voronoi_cells

CROSSWALK_COLUMNS = ["level", "adcode_2023", "name_2023", "town_zh", "town_geonames",
                     "adcode_current", "name_current", "note"]


def _polygonal(geometry):
    """Polygon parts only (an overlay on a grid can leave zero-area lines or points)."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon") and p.area > 0]
    return shapely.union_all(parts, grid_size=GRID_DEG)


def build_current_division(districts_2023: gpd.GeoDataFrame, cells: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The 37 current units: unchanged units as in 2023; 两江新区 = 江北区 + 渝北区's kept cells
    + 北碚区's moved cells; 北碚区 = its kept cells + 渝北区's moved cells."""

    split = set(cells["district_2023"])
    pieces: dict[str, list] = {}
    for row in districts_2023.itertuples():
        if row.name_zh not in split:
            pieces.setdefault(WHOLE_UNIT_MOVES.get(row.name_zh, row.name_zh), []).append(row.geometry)
    for row in cells.itertuples():
        pieces.setdefault(row.current, []).append(row.geometry)
    approximate = set(cells["current"])
    records = districts_2023.drop(columns="geometry").to_dict("records")
    records = [r for r in records if r["name_zh"] not in WHOLE_UNIT_MOVES] + [dict(LIANGJIANG)]
    records.sort(key=lambda r: r["adcode"])
    missing = set(pieces) - {r["name_zh"] for r in records}
    if missing:
        raise BuildError(f"current units without attributes: {sorted(missing)}")
    geometries = [_polygonal(shapely.union_all(pieces[r["name_zh"]], grid_size=GRID_DEG)) for r in records]
    out = gpd.GeoDataFrame(records, geometry=geometries, crs=coords.WGS84)
    out["approximate"] = out["name_zh"].isin(approximate)
    return out


def _misassigned_km2(districts_2023: gpd.GeoDataFrame, seats: gpd.GeoDataFrame, a: str, b: str) -> float:
    """Area that Voronoi cells of the seats of units a and b give to the wrong unit."""
    outlines = districts_2023.set_index("name_zh").geometry
    own = seats[seats["district"].isin([a, b])].reset_index(drop=True)
    cells = voronoi_cells(own.geometry, shapely.union_all([outlines[a], outlines[b]], grid_size=GRID_DEG))
    wrong = shapely.intersection(cells, outlines.loc[np.where(own["district"] == a, b, a)].values, grid_size=GRID_DEG)
    return float(sum(coords.geodesic_area_km2(g) for g in wrong if not g.is_empty))


def voronoi_calibration(districts_2023: gpd.GeoDataFrame, seats: gpd.GeoDataFrame) -> dict:
    """How far Voronoi lines of GeoNames seats fall from real boundaries, where the real line is
    known: for every pair of adjacent 2023 units around the changed area (either unit being 江北区,
    渝北区 or 北碚区), tessellate both units' seats together and measure the area given to the
    wrong unit, per km of their real shared boundary (km² per km = mean offset in km)."""

    core = set(WHOLE_UNIT_MOVES) | {t[0] for t in TOWN_TRANSFERS}
    outlines = districts_2023.set_index("name_zh").geometry
    with_seats = set(seats["district"])
    pairs = []
    for a in sorted(core):
        for b in outlines.index:
            if b == a or (b in core and b < a) or b not in with_seats or a not in with_seats:
                continue
            shared = shapely.intersection(outlines[a], outlines[b], grid_size=GRID_DEG)
            length_km = coords.geodesic_length_m(shapely.line_merge(shapely.union_all(
                [p for p in shapely.get_parts(shared) if p.geom_type == "LineString"]))) / 1000
            if length_km < 1:
                continue
            pairs.append({"pair": f"{a}|{b}", "seats": int(seats["district"].isin([a, b]).sum()),
                          "shared_km": round(length_km, 1),
                          "misassigned_km2": round(_misassigned_km2(districts_2023, seats, a, b), 1)})
    total_km = sum(p["shared_km"] for p in pairs)
    total_km2 = sum(p["misassigned_km2"] for p in pairs)
    return {"pairs": pairs, "km2_per_km": round(total_km2 / total_km, 3),
            "worst_pair_km2_per_km": round(max(p["misassigned_km2"] / p["shared_km"] for p in pairs), 3)}


def current_division_figures(districts_2023, current, cells, calibration) -> dict:
    """Areas, the derived line's length and the area uncertainty it implies."""
    area = {r.name_zh: coords.geodesic_area_km2(r.geometry) for r in current.itertuples()}
    area_2023 = {r.name_zh: coords.geodesic_area_km2(r.geometry) for r in districts_2023.itertuples()}
    line_km = {}
    for district, group in cells.groupby("district_2023"):
        line_km[district] = round(coords.geodesic_length_m(moved_kept_lines(group, GRID_DEG)) / 1000, 1)
    rate = calibration["km2_per_km"]
    uncertainty = round(rate * sum(line_km.values()))
    moved = {d: round(float(g.loc[g["moved"], "area_km2"].sum()), 1) for d, g in cells.groupby("district_2023")}
    return {
        "area_km2": {name: round(area[name], 1) for name in ("两江新区", "北碚区")},
        "area_2023_km2": {name: round(area_2023[name], 1) for name in ("江北区", "渝北区", "北碚区")},
        "moved_cells_km2": moved,
        "official_liangjiang_km2": OFFICIAL_LIANGJIANG_KM2,
        "liangjiang_vs_official_pct": round(100 * (area["两江新区"] / OFFICIAL_LIANGJIANG_KM2 - 1), 1),
        "official_beibei_km2": OFFICIAL_BEIBEI_KM2,
        "beibei_vs_official_pct": round(100 * (area["北碚区"] / OFFICIAL_BEIBEI_KM2 - 1), 1),
        "total_km2": {"2023": round(sum(area_2023.values()), 1), "current": round(sum(area.values()), 1)},
        "derived_line_km": line_km,
        "voronoi_calibration": calibration,
        "liangjiang_uncertainty_km2": uncertainty,
        "uncertainty_method": "calibrated mean offset (km² per km) × length of the derived lines, both "
                              "lines' errors added (worst case; they may cancel)",
    }


def write_crosswalk(districts_2023: gpd.GeoDataFrame, current: gpd.GeoDataFrame, path: Path) -> pd.DataFrame:

    adcode = dict(zip(current["name_zh"], current["adcode"]))
    rows = []
    for r in districts_2023.itertuples():
        target = WHOLE_UNIT_MOVES.get(r.name_zh, r.name_zh)
        exceptions = [t for t in TOWN_TRANSFERS if t[0] == r.name_zh]
        if exceptions:
            note = "all but " + "、".join(t[1] for t in exceptions)
        else:
            note = "whole unit" if target != r.name_zh else "unchanged"
        rows.append(["district", r.adcode, r.name_zh, "", "", adcode[target], target, note])
        for district, town, geonames, to in exceptions:
            rows.append(["town", r.adcode, district, town, geonames, adcode[to], to, "town-level exception"])
    table = pd.DataFrame(rows, columns=CROSSWALK_COLUMNS)
    table.to_csv(path, index=False, encoding="utf-8")
    return table
