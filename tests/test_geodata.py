import json

import shapely

from cymap.geo import geodata
from cymap.ledger.schema import REGIONS

KINDS = {"区": 26, "县": 8, "自治县": 4}


def test_2023_division_has_38_units_with_attributes():
    d = geodata.districts("2023")
    assert len(d) == 38
    assert d["adcode"].is_unique and d["name_zh"].is_unique
    assert d["adcode"].str.match(r"^5002?\d{2,4}$").all()
    assert d["kind"].value_counts().to_dict() == KINDS
    assert set(d["region"]) == set(REGIONS)
    assert d.crs.to_epsg() == 4326


def test_region_groups_have_their_official_sizes():
    counts = geodata.districts("2023")["region"].value_counts().to_dict()
    assert counts == {"中心城区": 9, "主城新区": 12, "渝东北三峡库区城镇群": 11, "渝东南武陵山区城镇群": 6}


def test_districts_do_not_overlap():
    geoms = geodata.districts("2023").geometry.values
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]]))
    assert overlap.max() < 1e-7  # square degrees: shared edges only, no slivers


def test_boundaries_are_wgs84_not_gcj02():
    # 解放碑 (WGS84 ≈ 106.577, 29.557) lies in 渝中区 once converted; GCJ-02 data
    # would place the outline ~500 m north-east. Check the conversion is recorded.
    info = json.loads((geodata.GEODATA_DIR / "build_info.json").read_text(encoding="utf-8"))
    assert "GCJ-02 -> WGS84" in info["conversion"]
    yuzhong = geodata.districts("2023").set_index("name_zh").loc["渝中区", "geometry"]
    assert yuzhong.contains(shapely.Point(106.577, 29.557))


def test_sichuan_context_cities():
    context = geodata.sichuan_context()
    assert len(context) == 15
    assert {"成都市", "广安市", "达州市"} <= set(context["name_zh"])
    chongqing = geodata.municipality_outline()
    guang_an = context.set_index("name_zh").loc["广安市", "geometry"]
    assert guang_an.touches(chongqing) or guang_an.intersection(chongqing).area < 1e-4


def test_district_names_accept_short_names_adcodes_and_pinyin():
    from cymap.geo.division import resolve_district_name

    for spelling in ("涪陵", "500102", "fuling", "Fuling", "涪陵区"):
        assert resolve_district_name(spelling).name_zh == "涪陵区", spelling
    assert resolve_district_name("石柱").name_zh == "石柱土家族自治县"
