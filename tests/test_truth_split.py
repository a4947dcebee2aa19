"""The split of 渝北 done right (issue 14, parts 4 and 6): a bare 2023 unit that became two goes to
the unit that took most of it and lists the other only as possible — never counted, filtered or
paged there; a point or town goes by that point or town; the approximate 两江新区/北碚区 line gives
areas within 2 % of the official ones."""
import json

import pandas as pd
import pytest
import shapely

from cymap.geo import coords, division, geocode, geodata
from cymap.views import summary
from cymap.views.filters import FilterSpec, apply_filters

OFFICIAL_KM2 = {"两江新区": 1360.0, "北碚区": 1100.0}  # 重庆市人民政府 2025-11-06 ("约1360", "约1100")


def _rows(*locations: str) -> pd.DataFrame:
    return pd.DataFrame([{"id": f"A08-T41-{i:02d}", "name_zh": f"项目{i}", "name_en": "x", "action": 8, "task": 41,
                          "category": "zone", "location": loc, "status": "ongoing"}
                         for i, loc in enumerate(locations, start=1)])


@pytest.fixture(scope="module")
def sample():
    return geocode.geocode(_rows("渝北区", "渝北", "渝北区茨竹镇", "江北国际机场", "北碚区", "渝北区;北碚区"))


def test_bare_split_unit_touches_the_bulk_and_lists_the_rest_as_possible(sample):
    for i in (0, 1):
        assert sample.loc[i, "districts"] == ["两江新区"] and sample.loc[i, "primary_district"] == "两江新区"
        assert sample.loc[i, "districts_possible"] == ["北碚区"]
        assert sample.loc[i, "districts_2023"] == ["渝北区"]
    assert division.touched_and_possible_of_2023("渝北区") == (("两江新区",), ("北碚区",))
    assert division.touched_and_possible_of_2023("涪陵区") == (("涪陵区",), ())


def test_a_known_town_or_point_goes_by_that_town_or_point(sample):
    assert sample.loc[2, "districts"] == ["北碚区"] and sample.loc[2, "districts_possible"] == []  # 茨竹镇
    assert sample.loc[3, "districts"] == ["两江新区"] and sample.loc[3, "districts_possible"] == []  # airport
    # named both: 北碚区 is touched, so it is not also "possible"
    assert sample.loc[5, "districts"] == ["两江新区", "北碚区"] and sample.loc[5, "districts_possible"] == []


def test_possible_unit_is_not_counted_filtered_or_paged(sample):
    bare = sample.iloc[[0, 1]]
    assert summary.district_counts(bare, "current").get("北碚区", 0) == 0
    assert apply_filters(bare, FilterSpec(districts=["北碚区"], division="current")).empty
    assert len(apply_filters(bare, FilterSpec(districts=["两江新区"], division="current"))) == 2
    # the 2023 division still reads them as 渝北区
    assert len(apply_filters(bare, FilterSpec(districts=["渝北区"], division="2023"))) == 2


def test_no_row_located_in_todays_liangjiang_is_counted_in_beibei():
    ledger = pd.read_csv(geodata.GEODATA_DIR.parent / "projects.csv", dtype=str, keep_default_na=False)
    out = geocode.geocode(ledger)
    liangjiang = geodata.districts("current").set_index("name_zh").loc["两江新区", "geometry"]
    checked = 0
    for row in out.itertuples():
        parts = [geocode.resolve_reference(ref) for ref in geocode.split_location(row.location)]
        if not parts or any(p.geometry is None or p.geometry.geom_type != "Point" for p in parts):
            continue  # routes, polygons, unresolved: not "located" at a point
        if all(liangjiang.contains(p.geometry) for p in parts) and all(p.precision != "municipal" for p in parts):
            checked += 1
            assert "北碚区" not in row.districts, (row.id, row.location, row.districts)
    assert checked >= 10


@pytest.mark.parametrize("name", ["两江新区", "宝山大桥", "三纵线柏树堡立交至北环立交段", "两江协同创新区",
                                  "明月湖实验室", "两路果园港综合保税区", "江北国际机场", "中新金融科技合作示范区"])
def test_issue_examples_inside_liangjiang_are_not_in_beibei(name):
    part = geocode.resolve_reference(name)
    assert "两江新区" in part.districts and "北碚区" not in part.districts


def test_approximate_line_gives_areas_within_two_percent_of_the_official_figures():
    current = geodata.districts("current").set_index("name_zh")
    info = json.loads((geodata.GEODATA_DIR / "build_info.json").read_text(encoding="utf-8"))["current_division"]
    for name, official in OFFICIAL_KM2.items():
        area = coords.geodesic_area_km2(current.loc[name, "geometry"])
        assert abs(area / official - 1) <= 0.02, (name, round(area, 1))
        assert area == pytest.approx(info["area_km2"][name], abs=0.1)
    assert info["official_beibei_km2"] == OFFICIAL_KM2["北碚区"]
    assert abs(info["beibei_vs_official_pct"]) <= 2 and abs(info["liangjiang_vs_official_pct"]) <= 2


def test_power_weight_moves_the_line_in_parallel_and_zero_weight_is_voronoi():
    from tools import town_cells as build
    import geopandas as gpd
    square = shapely.box(106.0, 29.0, 106.2, 29.2)
    seats = gpd.GeoSeries(gpd.points_from_xy([106.05, 106.15], [29.1, 29.1]), crs=4326)
    plain = build.voronoi_cells(seats, square)
    zero = build.power_cells(seats, square, [0.0, 0.0])
    assert all(shapely.area(shapely.symmetric_difference(a, b)) < 1e-8 for a, b in zip(plain, zero))
    left, right = build.power_cells(seats, square, [-2.0e7, 0.0])  # a negative weight shrinks the left cell
    assert left.bounds[2] < 106.1 - 1e-3 and right.bounds[0] == pytest.approx(left.bounds[2], abs=1e-4)
