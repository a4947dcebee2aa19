"""The two divisions (2023, current since 2025-11-06), the crosswalk, and names of either division
in the geocoder, the filters and the CLI."""
import argparse
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from tests.conftest import ROOT

from cymap.geo import coords, division, geocode, geodata

from tools import town_cells as geodata_build
from cymap.cli import add_filter_arguments, main, spec_from_args
from cymap.views.filters import FilterError, FilterSpec, apply_filters
from cymap.ledger.read import read_ledger

FIXTURE = ROOT / "tests" / "data" / "division_ledger.csv"
FIVE_TOWNS = {"Dawan", "Tongjing", "Dasheng", "Xinglong", "Cizhu"}  # 渝北区 -> 北碚区
FIVE_BEIBEI_UNITS = {"Shuitu", "Fuxing", "Caijiagang", "Shijialiang", "Tongjiaxi"}  # 北碚区 -> 两江新区


def _unit(name: str, div: str = "current"):
    return geodata.districts(div).set_index("name_zh").loc[name, "geometry"]


def _build_info() -> dict:
    return json.loads((geodata.GEODATA_DIR / "build_info.json").read_text(encoding="utf-8"))["current_division"]


@pytest.fixture(scope="module")
def fixture_rows():
    return geocode.geocode(read_ledger(FIXTURE).rows).set_index("id", drop=False)


# --- the divisions ----------------------------------------------------------------------------
def test_api_constants_and_default_division():
    assert geodata.DIVISIONS == ("current", "2023")
    assert geodata.DEFAULT_DIVISION == "current"
    assert set(geodata.districts()["name_zh"]) == set(geodata.districts("current")["name_zh"])
    with pytest.raises(ValueError, match="2024"):
        geodata.districts("2024")


def test_current_division_has_37_units_and_liangjiang():
    current, old = geodata.districts("current"), geodata.districts("2023")
    assert len(current) == 37 == len(old) - 2 + 1
    assert current["kind"].value_counts().to_dict() == {"区": 25, "县": 8, "自治县": 4}
    assert current["adcode"].is_unique and current["name_zh"].is_unique
    assert list(current.columns) == ["adcode", "name_zh", "short_zh", "name_en", "kind", "region", "approximate",
                                     "geometry"]
    lj = current.set_index("name_zh").loc["两江新区"]
    assert (lj.adcode, lj.name_en, lj.kind, lj.region) == ("500157", "Liangjiang", "区", "中心城区")
    assert current.set_index("name_zh").loc["北碚区", "adcode"] == "500109"
    assert not {"江北区", "渝北区"} & set(current["name_zh"])


def test_approximate_flag_marks_exactly_the_derived_units():
    current = geodata.districts("current")
    assert set(current.loc[current["approximate"], "name_zh"]) == {"两江新区", "北碚区"}
    assert not geodata.districts("2023")["approximate"].any()


def test_districts_returns_copies():
    first = geodata.districts()
    first.loc[:, "name_zh"] = "x"
    assert "两江新区" in set(geodata.districts()["name_zh"])


def test_unchanged_units_keep_their_2023_geometry():
    current = geodata.districts("current").set_index("name_zh")
    old = geodata.districts("2023").set_index("name_zh")
    for name in set(current.index) - {"两江新区", "北碚区"}:
        assert shapely.equals(current.loc[name, "geometry"], old.loc[name, "geometry"]), name


def test_current_division_has_no_overlaps_and_covers_the_same_territory():
    geoms = geodata.districts("current").geometry.values
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    assert shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])).max() < 1e-7
    old = shapely.union_all(geodata.districts("2023").geometry.values)
    assert shapely.area(shapely.symmetric_difference(shapely.union_all(geoms), old)) < 1e-6  # ≈ 0.01 km²


# --- composition --------------------------------------------------------------------------------
def test_every_point_of_old_jiangbei_is_in_liangjiang():
    jiangbei, liangjiang = _unit("江北区", "2023"), _unit("两江新区")
    vertices = shapely.points(shapely.get_coordinates(jiangbei))
    assert shapely.covers(liangjiang, vertices).all()
    assert liangjiang.contains(jiangbei.representative_point())
    # and a grid of interior points
    minx, miny, maxx, maxy = jiangbei.bounds
    grid = shapely.points(*np.meshgrid(np.linspace(minx, maxx, 40), np.linspace(miny, maxy, 40)))
    inside = grid[shapely.contains(jiangbei, grid)]
    assert len(inside) > 100 and shapely.contains(liangjiang, inside).all()


def test_transferred_seats_are_in_their_new_districts():
    cells = geodata.town_cells()
    seats = gpd.GeoSeries(gpd.points_from_xy(cells["seat_lon"], cells["seat_lat"]), index=cells["geonames"])
    assert FIVE_TOWNS | FIVE_BEIBEI_UNITS <= set(cells["geonames"])
    assert _unit("北碚区").contains(seats[list(FIVE_TOWNS)]).all()
    assert _unit("两江新区").contains(seats[list(FIVE_BEIBEI_UNITS)]).all()
    kept_beibei = cells[(cells["district_2023"] == "北碚区") & ~cells["moved"]]["geonames"]
    kept_yubei = cells[(cells["district_2023"] == "渝北区") & ~cells["moved"]]["geonames"]
    assert _unit("北碚区").contains(seats[list(kept_beibei)]).all()
    assert _unit("两江新区").contains(seats[list(kept_yubei)]).all()


def test_each_voronoi_cell_holds_its_own_seat():
    cells = geodata.town_cells()
    seats = gpd.points_from_xy(cells["seat_lon"], cells["seat_lat"])
    assert shapely.contains(cells.geometry.values, np.asarray(seats)).all()


def test_voronoi_cells_split_a_square_halfway_between_two_seats():
    square = shapely.box(106.0, 29.0, 106.2, 29.2)
    seats = gpd.GeoSeries(gpd.points_from_xy([106.05, 106.15], [29.1, 29.1]), crs=4326)
    left, right = geodata_build.voronoi_cells(seats, square)
    assert left.bounds[0] == pytest.approx(106.0) and left.bounds[2] == pytest.approx(106.1, abs=1e-4)
    assert right.bounds[0] == pytest.approx(106.1, abs=1e-4) and right.bounds[2] == pytest.approx(106.2)


# --- areas ----------------------------------------------------------------------------------------
def test_total_area_unchanged_between_divisions():
    def total(div):
        return sum(coords.geodesic_area_km2(g) for g in geodata.districts(div).geometry)

    assert total("current") == pytest.approx(total("2023"), rel=1e-3)


def test_liangjiang_area_near_official_within_stated_uncertainty():
    info = _build_info()
    area = coords.geodesic_area_km2(_unit("两江新区"))
    assert area == pytest.approx(info["area_km2"]["两江新区"], abs=0.1)
    # The tolerance is the build's calibrated uncertainty, itself capped at 10 % of the figure.
    assert info["liangjiang_uncertainty_km2"] <= 0.10 * info["official_liangjiang_km2"]
    assert abs(area - info["official_liangjiang_km2"]) <= info["liangjiang_uncertainty_km2"]


def test_area_bookkeeping_of_the_transfer():
    info = _build_info()
    area = {n: coords.geodesic_area_km2(_unit(n, "2023")) for n in ("江北区", "渝北区", "北碚区")}
    moved = info["moved_cells_km2"]
    expected = area["江北区"] + area["渝北区"] - moved["渝北区"] + moved["北碚区"]
    assert coords.geodesic_area_km2(_unit("两江新区")) == pytest.approx(expected, rel=1e-3)
    assert coords.geodesic_area_km2(_unit("北碚区")) == pytest.approx(
        area["北碚区"] - moved["北碚区"] + moved["渝北区"], rel=1e-3)


def test_approximate_boundary_runs_inside_the_split_units_only():
    line = geodata.approximate_boundary("current")
    assert line.length > 0
    split = shapely.union_all([_unit("渝北区", "2023"), _unit("北碚区", "2023")])
    assert split.buffer(1e-5).covers(line)  # 1e-5°: the coordinate grid of the files
    shared = shapely.intersection(_unit("两江新区").boundary, _unit("北碚区").boundary)
    assert shared.buffer(1e-5).covers(line)  # it is part of the 两江新区 | 北碚区 boundary
    assert geodata.approximate_boundary("2023").is_empty


def test_division_note_says_which_division_and_what_is_approximate():
    assert "2023" in geodata.division_note("2023", "en") and "approximate" not in geodata.division_note("2023", "en")
    note = geodata.division_note("current", "en")
    assert "approximate" in note and "Voronoi" in note
    assert "近似" in geodata.division_note("current", "zh") and "现行" in geodata.division_note("current", "zh")
    with pytest.raises(ValueError):
        geodata.division_note("1997", "zh")


# --- crosswalk ---------------------------------------------------------------------------------
def test_crosswalk_maps_every_2023_unit_once_to_a_current_unit():
    table = geodata.crosswalk()
    rows = table[table["level"] == "district"]
    old, current = geodata.districts("2023"), geodata.districts("current")
    assert sorted(rows["adcode_2023"]) == sorted(old["adcode"])
    assert set(rows["name_current"]) | set(table["name_current"]) == set(current["name_zh"])
    by_name = dict(zip(current["name_zh"], current["adcode"]))
    assert all(by_name[n] == a for n, a in zip(table["name_current"], table["adcode_current"]))
    assert dict(zip(rows["name_2023"], rows["name_current"]))["江北区"] == "两江新区"


def test_crosswalk_lists_the_ten_town_level_exceptions():
    towns = geodata.crosswalk().query("level == 'town'")
    assert len(towns) == 10
    assert set(towns.loc[towns["name_2023"] == "渝北区", "town_geonames"]) == FIVE_TOWNS
    assert set(towns.loc[towns["name_2023"] == "渝北区", "name_current"]) == {"北碚区"}
    assert set(towns.loc[towns["name_2023"] == "北碚区", "town_geonames"]) == FIVE_BEIBEI_UNITS
    assert set(towns.loc[towns["name_2023"] == "北碚区", "name_current"]) == {"两江新区"}


def test_crosswalk_logic_either_way():
    assert division.currents_of_2023("渝北区") == ("两江新区", "北碚区")
    assert division.currents_of_2023("江北区") == ("两江新区",)
    assert division.currents_of_2023("涪陵区") == ("涪陵区",)
    assert division.formers_of_current("两江新区") == ("江北区", "渝北区", "北碚区")
    assert division.formers_of_current("北碚区") == ("北碚区", "渝北区")
    assert division.current_of_town("渝北区", "茨竹镇") == "北碚区"
    assert division.current_of_town("渝北区", "Cizhu") == "北碚区"
    assert division.current_of_town("渝北区", "古路镇") == "两江新区"  # not an exception: with the bulk
    assert division.current_of_town("北碚区", "蔡家岗") == "两江新区"
    assert division.split_2023_units() == {"渝北区", "北碚区"}
    with pytest.raises(division.DivisionError, match="火星区"):
        division.current_of_2023("火星区")


# --- names ----------------------------------------------------------------------------------------
def test_names_of_either_division_resolve():
    assert division.resolve_district_name("渝北").divisions == ("2023",)
    assert division.resolve_district_name("500157").name_zh == "两江新区"
    assert division.resolve_district_name("两江新区(行政区)").divisions == ("current",)
    assert division.resolve_district_name("北碚区").divisions == ("current", "2023")
    assert division.resolve_district_name("liangjiang").name_zh == "两江新区"
    assert division.resolve_district_name("江北").name_zh == "江北区"


def test_bare_liangjiang_in_a_location_is_never_the_district():
    part = geocode.resolve_reference("两江新区")
    # the zone (a gazetteer point; drawn district-level since its core has no public point), never
    # the district's polygon
    assert part.matched == "两江新区" and part.geometry.geom_type == "Point"
    for spelling in ("两江新区（行政区）", "两江新区(行政区)", "500157", "Liangjiang"):
        part = geocode.resolve_reference(spelling)
        assert (part.precision, part.matched, part.districts) == ("district", "两江新区", ("两江新区",)), spelling


def _gazetteer_with(monkeypatch, places: list[dict]) -> geocode.Gazetteer:
    """A gazetteer with extra places (as the place list and its resolved table would have them)."""
    table = pd.DataFrame([{k: p[k] for k in ("name", "aliases", "kind", "district", "districts", "lon", "lat",
                                             "precision", "source", "note")} for p in places])
    listed = pd.DataFrame([{k: p[k] for k in ("name", "aliases", "kind", "district", "districts", "locate",
                                              "precision", "note")} for p in places])
    base_gazetteer, base_places = geodata.gazetteer(), geodata.places()
    monkeypatch.setattr(geodata, "gazetteer", lambda: pd.concat([base_gazetteer, table], ignore_index=True))
    monkeypatch.setattr(geodata, "places", lambda: pd.concat([base_places, listed], ignore_index=True))
    return geocode.load_gazetteer.__wrapped__()


def _place(name, district, districts, lon, lat, locate, kind="site", precision="site"):
    return {"name": name, "aliases": "", "kind": kind, "district": district, "districts": districts,
            "lon": lon, "lat": lat, "precision": precision, "source": "test", "note": "", "locate": locate}


def test_zone_liangjiang_is_the_zone_and_district_is_qualified(monkeypatch):
    airport = geocode.resolve_reference("江北国际机场").geometry
    g = _gazetteer_with(monkeypatch, [_place("两江新区", "渝北区", "江北区|渝北区|北碚区", airport.x, airport.y,
                                             "district", kind="zone", precision="zone")])
    zone = geocode.resolve_reference("两江新区", g)
    assert (zone.precision, zone.matched) == ("zone", "两江新区")
    assert zone.districts_2023 == ("江北区", "渝北区", "北碚区")
    # the zone's point is in the district; its whole-unit span over 北碚区 touches both current units
    assert zone.districts == ("两江新区", "北碚区")
    district = geocode.resolve_reference("两江新区（行政区）", g)
    assert (district.precision, district.matched) == ("district", "两江新区")


def test_place_known_at_town_level_follows_the_crosswalk_not_the_line(monkeypatch):
    # A point inside 兴隆镇's 2023 unit but on the 两江新区 side of the approximate line (木耳's
    # cell): located by `town:兴隆镇` it is in 北碚区 by the crosswalk; known only by its
    # coordinate, it goes by point-in-polygon.
    cells = geodata.town_cells().set_index("geonames")
    muer, xinglong = cells.loc["Mu'er"], cells.loc["Xinglong"]
    near = shapely.shortest_line(shapely.Point(xinglong.seat_lon, xinglong.seat_lat), muer.geometry)
    point = shapely.line_interpolate_point(
        shapely.LineString([near.coords[1], (muer.seat_lon, muer.seat_lat)]), 0.002, normalized=False)
    assert _unit("两江新区").contains(point) and _unit("渝北区", "2023").contains(point)
    g = _gazetteer_with(monkeypatch, [
        _place("近线兴隆点", "渝北区", "渝北区", point.x, point.y, "town:兴隆镇", kind="town", precision="town"),
        _place("近线坐标点", "渝北区", "渝北区", point.x, point.y, "iata:XXX"),
        _place("渝北某处", "渝北区", "渝北区", point.x, point.y, "district", precision="district"),
    ])
    assert geocode.resolve_reference("近线兴隆点", g).districts == ("北碚区",)
    assert geocode.resolve_reference("近线坐标点", g).districts == ("两江新区",)
    # located only by its 2023 unit (a district point): in the unit that took most of 渝北区,
    # possibly (not counted) in the other
    assert geocode.resolve_reference("渝北某处", g).districts == ("两江新区",)
    assert geocode.resolve_reference("渝北某处", g).possible == ("北碚区",)
    assert geocode.resolve_reference("渝北某处", g).districts_2023 == ("渝北区",)


# --- the geocoder -----------------------------------------------------------------------------
@pytest.mark.parametrize("row_id, current, old", [
    ("A02-T05-01", ["两江新区"], ["渝北区"]),  # 江北国际机场
    ("A02-T05-02", ["北碚区"], ["渝北区"]),  # 渝北区茨竹镇
    ("A02-T05-03", ["两江新区"], ["江北区"]),  # 江北区
    ("A02-T05-04", ["两江新区"], ["北碚区"]),  # 北碚区水土街道
    ("A02-T05-05", ["两江新区"], ["江北区", "渝北区", "北碚区"]),  # 两江新区（行政区）
    ("A02-T05-06", ["北碚区"], ["北碚区"]),  # 北碚区: a name of both divisions means itself in each
    ("A02-T05-07", ["涪陵区"], ["涪陵区"]),
    ("A02-T05-08", ["两江新区"], ["渝北区"]),  # 渝北 (whole former unit: 北碚区 only possible)
    ("A02-T05-09", ["北碚区"], ["渝北区"]),  # 北碚区大湾镇 (current district name + town)
])
def test_geocoder_gives_districts_in_both_divisions(fixture_rows, row_id, current, old):
    row = fixture_rows.loc[row_id]
    assert row["districts"] == current and row["districts_2023"] == old
    assert row["primary_district"] == current[0] and row["primary_district_2023"] == old[0]


def test_town_named_with_the_wrong_district_is_not_placed_at_the_town():
    # 茨竹 is not in the 两江新区 district, 水土 was never in 渝北区: no town match (the fuzzy step
    # may still find a coarser name in the reference, never the town seat).
    assert geocode.resolve_reference("两江新区（行政区）茨竹镇").method != "town"
    assert geocode.resolve_reference("渝北区水土街道").method != "town"
    assert geocode.resolve_reference("两江新区（行政区）水土街道").method == "town"


def test_route_districts_in_both_divisions():
    row = geocode.geocode(pd.DataFrame([{"id": "A02-T05-01", "name_zh": "x", "name_en": "x", "action": 2,
                                          "task": 5, "category": "rail", "location": "沙坪坝区>长寿区",
                                          "status": "ongoing"}])).iloc[0]
    assert "两江新区" in row["districts"] and not {"江北区", "渝北区"} & set(row["districts"])
    assert "渝北区" in row["districts_2023"] and "两江新区" not in row["districts_2023"]
    assert row["districts"][0] == row["districts_2023"][0] == "沙坪坝区"


# --- filters and CLI ----------------------------------------------------------------------------
@pytest.mark.parametrize("names, division_name, expected", [
    (["江北区"], "current", {"03", "05"}),
    (["渝北"], "current", {"01", "02", "05", "08", "09"}),
    (["渝北区"], "2023", {"01", "02", "05", "08", "09"}),
    (["两江新区"], "current", {"01", "03", "04", "05", "08"}),
    (["500157"], "2023", {"01", "03", "04", "05", "08"}),
    (["北碚区"], "current", {"02", "06", "09"}),  # not 08 (bare 渝北: 北碚区 only possible)
    (["北碚"], "2023", {"04", "05", "06"}),
    (["江北区", "涪陵"], "current", {"03", "05", "07"}),
])
def test_filters_accept_names_of_either_division(fixture_rows, names, division_name, expected):
    out = apply_filters(fixture_rows, FilterSpec(districts=names, division=division_name))
    assert {i[-2:] for i in out["id"]} == expected


def test_region_filter_follows_the_division(fixture_rows):
    current = apply_filters(fixture_rows, FilterSpec(regions=["中心城区"], division="current"))
    old = apply_filters(fixture_rows, FilterSpec(regions=["中心城区"], division="2023"))
    assert "A02-T05-07" not in set(current["id"]) and len(current) == len(fixture_rows) - 1
    assert set(old["id"]) == set(current["id"])


def test_filter_spec_division_is_not_a_criterion_and_is_checked(fixture_rows):
    assert FilterSpec().is_empty() and FilterSpec(division="2023").is_empty()
    with pytest.raises(FilterError, match="1997"):
        apply_filters(fixture_rows, FilterSpec(division="1997"))
    with pytest.raises(FilterError, match="火星"):
        apply_filters(fixture_rows, FilterSpec(districts=["火星"]))


def test_cli_geocode_division_option(tmp_path, capsys):
    out = tmp_path / "x.geojson"
    assert main(["geocode", str(FIXTURE), "--out", str(out), "--division", "2023", "--lang", "zh"]) == 0
    printed = capsys.readouterr().out
    assert "各区县项目数（2023年区划" in printed and "渝北区 5" in printed
    assert main(["geocode", str(FIXTURE), "--out", str(out), "--division", "2023", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "rows per district (2023" in printed and "Yubei District 5" in printed
    props = {f["properties"]["id"]: f["properties"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    assert props["A02-T05-02"]["districts"] == ["北碚区"] and props["A02-T05-02"]["districts_2023"] == ["渝北区"]
    assert props["A02-T05-01"]["primary_district"] == "两江新区"
    assert props["A02-T05-01"]["primary_district_2023"] == "渝北区"
    assert main(["geocode", str(FIXTURE), "--out", str(out), "--lang", "en"]) == 0
    assert "rows per district (Current (since Nov 2025" in capsys.readouterr().out


def test_cli_filter_arguments_carry_the_division():
    parser = argparse.ArgumentParser()
    add_filter_arguments(parser)
    args = parser.parse_args(["--district", "江北", "--division", "2023"])
    assert spec_from_args(args) == FilterSpec(districts=["江北"], division="2023")
    assert spec_from_args(parser.parse_args([])).division == "current"
    with pytest.raises(SystemExit):
        parser.parse_args(["--division", "1997"])


def test_selected_districts_map_names_into_the_shown_division():
    from cymap.views.filters import FilterSpec, selected_districts

    assert selected_districts(FilterSpec()) is None
    assert selected_districts(FilterSpec(districts=["江北区"], division="current")) == ["两江新区"]
    assert selected_districts(FilterSpec(districts=["渝北"], division="current")) == ["北碚区", "两江新区"] or \
        set(selected_districts(FilterSpec(districts=["渝北"], division="current"))) == {"两江新区", "北碚区"}
    former = selected_districts(FilterSpec(districts=["两江新区"], division="2023"))
    assert set(former) == {"江北区", "渝北区", "北碚区"}
    assert selected_districts(FilterSpec(districts=["万州"], regions=["渝东北三峡库区城镇群"])) == ["万州区"]
    assert selected_districts(FilterSpec(districts=["万州"], regions=["中心城区"])) == []
