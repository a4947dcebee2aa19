"""What GIS users open (issue 16, item 1): GeoJSON compact and full, GeoPackage with one layer per
geometry type — read back with GDAL (pyogrio): every geometry valid, types as documented."""
from __future__ import annotations

import json

import pyogrio
import pytest

from cymap.cli import main
from cymap.geo.projects import load_projects
from cymap.paths import DEFAULT_LEDGER
from cymap.print import gis

POINT_LINE = {"Point", "MultiPoint", "LineString", "MultiLineString"}
ALL_TYPES = POINT_LINE | {"Polygon", "MultiPolygon"}


@pytest.fixture(scope="module")
def shipped():
    return load_projects(DEFAULT_LEDGER).geocoded


@pytest.fixture(scope="module")
def files(shipped, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gis")
    paths = {"compact": folder / "compact.geojson", "full": folder / "full.geojson", "gpkg": folder / "p.gpkg"}
    gis.write_geojson(shipped, paths["compact"])
    gis.write_geojson(shipped, paths["full"], "full")
    gis.write_gpkg(shipped, paths["gpkg"])
    return paths


def _read(path, layer=None):
    return pyogrio.read_dataframe(path, layer=layer)


def test_compact_geojson_has_no_polygon_copies_and_valid_points_and_lines(shipped, files):
    frame = _read(files["compact"])
    located = frame[frame.geometry.notna()]
    assert set(located.geometry.geom_type) <= POINT_LINE
    assert located.geometry.is_valid.all()
    district_only = frame[frame.geometry.isna()]
    assert len(district_only) == int((shipped["geom_kind"] == "polygon").sum())
    assert all(json.loads(c) if isinstance(c, str) else len(c) for c in district_only["district_codes"])
    assert set(frame["id"]) == set(shipped["id"])


def test_full_geojson_every_geometry_valid_and_no_collection(shipped, files):
    frame = _read(files["full"])
    assert frame.geometry.notna().all()
    assert set(frame.geometry.geom_type) <= ALL_TYPES
    assert frame.geometry.is_valid.all()
    mixed = shipped.loc[shipped["geom_kind"] == "mixed", "id"]
    assert (frame["id"].value_counts()[list(mixed)] >= 2).all()  # one feature per kind of a mixed row
    assert set(frame["id"]) == set(shipped["id"])


def test_compact_is_far_smaller_than_full(files):
    assert files["compact"].stat().st_size * 10 < files["full"].stat().st_size


def test_geojson_properties_keep_lists_and_the_contract_keys(files):
    collection = json.loads(files["compact"].read_text(encoding="utf-8"))
    props = collection["features"][0]["properties"]
    for name in ("id", "name_zh", "action", "status", "precision", "districts", "primary_district",
                 "district_codes", "geom_part"):
        assert name in props
    assert isinstance(props["districts"], list)


def test_geopackage_one_layer_per_geometry_type(shipped, files):
    layers = dict(pyogrio.list_layers(files["gpkg"]))
    assert layers == {"projects_point": "MultiPoint", "projects_line": "MultiLineString",
                      "projects_polygon": "MultiPolygon", "projects_unlocated": None}
    for name, kind in layers.items():
        frame = _read(files["gpkg"], name)
        if kind is None:
            assert len(frame) == int((shipped["precision"] == "unresolved").sum())
            continue
        assert set(frame.geometry.geom_type) <= {kind} and frame.geometry.is_valid.all(), name
    polygons = _read(files["gpkg"], "projects_polygon")
    assert len(polygons) == int(shipped["district_codes"].map(bool).sum())  # every row drawn as its units


def test_cli_writes_geojson_compact_full_and_gpkg(write_ledger, tmp_path):
    path = write_ledger([
        "A02-T05-01,机场,Airport,2,5,airport,江北国际机场,under_construction,2027,,s,2023-03-10,",
        "A09-T45-01,帮扶县,Counties,9,45,pilot,城口县;巫溪县,ongoing,,,s,2023-03-10,",
        "A09-T45-02,未知,Unknown,9,45,pilot,不存在的地方xyz,ongoing,,,s,2023-03-10,",
    ])
    compact, full, gpkg = tmp_path / "c.geojson", tmp_path / "f.geojson", tmp_path / "p.gpkg"
    main(["geocode", str(path), "--out", str(compact)])
    main(["geocode", str(path), "--out", str(full), "--geometry", "full"])
    main(["geocode", str(path), "--out", str(gpkg)])
    features = json.loads(compact.read_text(encoding="utf-8"))["features"]
    assert [f["geometry"] and f["geometry"]["type"] for f in features] == ["Point", None, None]
    assert len(features[1]["properties"]["district_codes"]) == 2
    zone = json.loads(full.read_text(encoding="utf-8"))["features"][1]
    assert zone["geometry"]["type"] in ("Polygon", "MultiPolygon")  # the two counties dissolved
    counts = {name: len(_read(gpkg, name)) for name, _ in pyogrio.list_layers(gpkg)}
    assert counts == {"projects_point": 1, "projects_line": 0, "projects_polygon": 1, "projects_unlocated": 1}


def test_unknown_geometry_mode_is_refused(shipped, tmp_path):
    with pytest.raises(ValueError, match="compact, full"):
        gis.write_geojson(shipped.head(1), tmp_path / "x.geojson", "fat")
