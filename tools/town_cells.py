"""Cells of the towns that changed district in 2025: Voronoi (and power) cells of GeoNames seats.

Town boundaries are not in any registry package we use, so the five 渝北 towns and five 北碚
units that changed district are approximated by Voronoi cells of their GeoNames seats among
all GeoNames seats of the same 2023 unit, clipped to that unit: every point goes to the
nearest seat. Only the lines *inside* 渝北区 and 北碚区 between moved and kept cells are
derived; every other edge of the new units is a 2023 boundary. Inside 渝北区 one power weight
on the moved seats is calibrated to the official areas (`calibrate_moved_weight`).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from cymap.geo import coords
from cymap.geo.names import pinyin_candidates, pinyin_key
from tools.boundaries import COORD_DECIMALS
from tools.build_gazetteer import cities1000_path
from tools.composition import TOWN_TRANSFERS, WHOLE_UNIT_MOVES

GRID_DEG = 10 ** -COORD_DECIMALS  # overlays on the output grid, so derived units share edges exactly
VORONOI_SEGMENT_M = 250  # densify the straight Voronoi edges (metric) before unprojecting
OFFICIAL_LIANGJIANG_KM2 = 1360.0  # 重庆市人民政府 2025-11-06: "面积约1360平方公里"
OFFICIAL_BEIBEI_KM2 = 1100.0  # same release: 北碚区 "面积约1100平方公里"
CALIBRATED_UNIT = "渝北区"  # the 2023 unit whose moved/kept line is shifted by a power weight
_TO_ALBERS = Transformer.from_crs(coords.WGS84, coords.CHONGQING_ALBERS, always_xy=True)
_FROM_ALBERS = Transformer.from_crs(coords.CHONGQING_ALBERS, coords.WGS84, always_xy=True)


class BuildError(RuntimeError):
    pass


def geonames_seats(districts_2023: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """GeoNames cities1000 places of Chongqing with the 2023 unit they lie in (name, district)."""

    raw = pd.read_csv(cities1000_path(), keep_default_na=False)
    raw = raw[raw["admin1"] == "Chongqing Shi"]
    points = gpd.GeoDataFrame({"name": raw["name"].values}, crs=coords.WGS84,
                              geometry=gpd.points_from_xy(raw["lon"].values, raw["lat"].values))
    joined = gpd.sjoin(points, districts_2023[["name_zh", "geometry"]], how="inner", predicate="within")
    return joined.rename(columns={"name_zh": "district"})[["name", "district", "geometry"]].reset_index(drop=True)


def voronoi_cells(seats: gpd.GeoSeries, outline) -> np.ndarray:
    """Voronoi cells of `seats` (same order) clipped to `outline`. Distances are taken in the
    Chongqing Albers projection (metres), not in degrees (a degree of longitude is ~13% shorter
    than one of latitude here), and the edges are densified before going back to WGS84."""
    x, y = _TO_ALBERS.transform(seats.x.values, seats.y.values)
    outline_m = shapely.transform(outline, _TO_ALBERS.transform, interleaved=False)
    frame = shapely.box(*outline_m.bounds).buffer(10_000)
    diagram = shapely.voronoi_polygons(shapely.multipoints(np.column_stack([x, y])), extend_to=frame, ordered=True)
    cells_m = shapely.segmentize(shapely.get_parts(diagram), VORONOI_SEGMENT_M)
    cells = shapely.transform(cells_m, _FROM_ALBERS.transform, interleaved=False)
    return shapely.intersection(cells, outline, grid_size=GRID_DEG)


def power_cells(seats: gpd.GeoSeries, outline, weights_m2) -> np.ndarray:
    """Power-diagram cells (additively weighted Voronoi on squared distance) of `seats`, clipped
    to `outline`: a point x belongs to the seat i minimising |x - p_i|² - w_i (Chongqing Albers,
    metres; w in m²). All weights 0 gives the plain Voronoi cells of `voronoi_cells`; a common
    weight on a group of seats moves every edge between that group and the others in parallel,
    by w / (2 d) for two seats d metres apart. Each cell is the intersection of its half-planes."""
    x, y = _TO_ALBERS.transform(seats.x.values, seats.y.values)
    p = np.column_stack([x, y])
    w = np.asarray(weights_m2, dtype=float)
    outline_m = shapely.transform(outline, _TO_ALBERS.transform, interleaved=False)
    minx, miny, maxx, maxy = outline_m.bounds
    frame = shapely.box(minx - 10_000, miny - 10_000, maxx + 10_000, maxy + 10_000)
    span = 4 * max(maxx - minx, maxy - miny) + 40_000
    cells_m = []
    for i in range(len(p)):
        cell = frame
        for j in range(len(p)):
            if j == i:
                continue
            normal = p[j] - p[i]  # keep 2 x·normal <= |p_j|² - |p_i|² + w_i - w_j
            c = (p[j] @ p[j] - p[i] @ p[i] + w[i] - w[j]) / 2
            unit = normal / np.hypot(*normal)
            on_line = unit * (c / np.hypot(*normal))  # a point of the bisector
            along = np.array([-unit[1], unit[0]]) * span
            half = shapely.Polygon([on_line - along, on_line + along,
                                    on_line + along - unit * span, on_line - along - unit * span])
            cell = cell.intersection(half)
        cells_m.append(cell)
    cells_m = shapely.segmentize(np.asarray(cells_m, dtype=object), VORONOI_SEGMENT_M)
    cells = shapely.transform(cells_m, _FROM_ALBERS.transform, interleaved=False)
    return shapely.intersection(cells, outline, grid_size=GRID_DEG)


def _unit_cells(own: pd.DataFrame, outline, moved: np.ndarray, weight_m2: float) -> np.ndarray:
    if weight_m2 == 0:
        return voronoi_cells(own.geometry, outline)
    return power_cells(own.geometry, outline, np.where(moved, weight_m2, 0.0))


def calibrate_moved_weight(districts_2023: gpd.GeoDataFrame, seats: gpd.GeoDataFrame) -> float:
    """The one power weight (m², on the seats of the five 渝北 towns) that puts the two derived
    units' areas in the official proportion 两江新区 : 北碚区 = 1360 : 1100 (重庆市人民政府
    2025-11-06, composition_2025.json); the 北碚 line stays plain Voronoi. Bisection: the moved
    area falls monotonically as the weight falls."""
    outlines = districts_2023.set_index("name_zh").geometry
    area = {n: coords.geodesic_area_km2(outlines[n]) for n in outlines.index}
    yubei, beibei = CALIBRATED_UNIT, "北碚区"
    bei = seats[seats["district"] == beibei].sort_values("name").reset_index(drop=True)
    moved_bei = bei["name"].isin([g for d, _, g, _ in TOWN_TRANSFERS if d == beibei]).values
    bei_cells = voronoi_cells(bei.geometry, outlines[beibei])
    moved_from_beibei = sum(coords.geodesic_area_km2(c) for c, m in zip(bei_cells, moved_bei) if m)
    whole = sum(area[d] for d in {yubei, beibei, *WHOLE_UNIT_MOVES})
    target_lj_share = OFFICIAL_LIANGJIANG_KM2 / (OFFICIAL_LIANGJIANG_KM2 + OFFICIAL_BEIBEI_KM2)
    # two-way: 北碚区 = old 北碚 - moved_from_beibei + moved_from_yubei
    target_moved = whole * (1 - target_lj_share) - area[beibei] + moved_from_beibei
    own = seats[seats["district"] == yubei].sort_values("name").reset_index(drop=True)
    moved = own["name"].isin([g for d, _, g, _ in TOWN_TRANSFERS if d == yubei]).values

    def moved_area(weight):
        cells = _unit_cells(own, outlines[yubei], moved, weight)
        return sum(coords.geodesic_area_km2(c) for c, m in zip(cells, moved) if m)

    low, high = -2.0e8, 2.0e8  # m²: ±(≈ 14 km)² — far beyond any plausible shift
    if not moved_area(low) <= target_moved <= moved_area(high):
        raise BuildError(f"calibration: target {target_moved:.1f} km² outside the weight range")
    for _ in range(40):
        middle = (low + high) / 2
        if moved_area(middle) < target_moved:
            low = middle
        else:
            high = middle
    return round((low + high) / 2, -3)


def build_town_cells(districts_2023: gpd.GeoDataFrame, seats: gpd.GeoDataFrame,
                     weights_m2: dict[str, float] | None = None) -> gpd.GeoDataFrame:
    """Cells of every GeoNames seat in the 2023 units that were split, with the current unit each
    cell goes to (the ten transferred towns by name, the rest with their unit's bulk). Plain
    Voronoi cells, or power cells where `weights_m2` gives the moved seats of a unit a weight."""

    weights_m2 = weights_m2 or {}
    outlines = districts_2023.set_index("name_zh").geometry
    frames = []
    for district in dict.fromkeys(t[0] for t in TOWN_TRANSFERS):
        own = seats[seats["district"] == district].sort_values("name").reset_index(drop=True)
        transfers = {geonames: (town, current) for d, town, geonames, current in TOWN_TRANSFERS if d == district}
        for geonames, (town, _) in transfers.items():
            if pinyin_key(geonames) not in pinyin_candidates(town):
                raise BuildError(f"composition_2025.json: GeoNames {geonames} does not read as {town}")
            if (own["name"] == geonames).sum() != 1:
                raise BuildError(f"GeoNames has {(own['name'] == geonames).sum()} seats {geonames} ({town}) "
                                 f"in {district}; the Voronoi method needs exactly one")
        bulk = WHOLE_UNIT_MOVES.get(district, district)
        frames.append(gpd.GeoDataFrame({
            "district_2023": district, "geonames": own["name"],
            "town_zh": [transfers.get(n, ("", ""))[0] for n in own["name"]],
            "current": [transfers.get(n, ("", bulk))[1] for n in own["name"]],
            "moved": own["name"].isin(list(transfers)),
            "seat_lon": own.geometry.x.round(5), "seat_lat": own.geometry.y.round(5),
        }, geometry=_unit_cells(own, outlines[district], own["name"].isin(list(transfers)).values,
                                weights_m2.get(district, 0.0)), crs=coords.WGS84))
    cells = pd.concat(frames, ignore_index=True)
    cells["area_km2"] = [round(coords.geodesic_area_km2(g), 2) for g in cells.geometry]
    return cells
