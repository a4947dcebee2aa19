"""Geometry by reference (issue 16, item 1): district-level and multi-district rows point at their
units by code; polygons are joined (and dissolved) once per unit, only where a file needs them."""
from __future__ import annotations

import pandas as pd
import pytest
import shapely

from cymap.geo import geocode, geodata, geometry


def _geocode(*locations: str):
    return geocode.geocode(pd.DataFrame([{"id": f"R{i}", "name_zh": "某项目", "location": loc, "category": "rail",
                                          "status": "ongoing"} for i, loc in enumerate(locations, 1)]))


def _code(name: str) -> str:
    table = geodata.districts("current")
    return str(table.loc[table["name_zh"] == name, "adcode"].iloc[0])


@pytest.fixture(scope="module")
def rows():
    return _geocode("忠县", "城口县;开州区;巫溪县", "江北国际机场;忠县", "重庆市", "不存在的地方xyz", "江北国际机场",
                    "忠县", "涪陵区>万州区")


def test_a_district_row_refers_to_its_district_and_carries_no_polygon(rows):
    row = rows.iloc[0]
    assert row["precision"] == "district" and row["geom_kind"] == "polygon"
    assert row.geometry is not None and row.geometry.is_empty  # located, no shape of its own
    assert row["district_codes"] == [_code("忠县")]


def test_no_row_carries_an_administrative_polygon(rows):
    kinds = {g.geom_type for g in rows.geometry.dropna() if not g.is_empty}
    assert not kinds & {"Polygon", "MultiPolygon", "GeometryCollection"}


def test_multi_district_rows_list_every_unit_in_order(rows):
    assert rows.iloc[1]["district_codes"] == [_code("城口县"), _code("开州区"), _code("巫溪县")]
    assert rows.iloc[1]["districts"] == ["城口县", "开州区", "巫溪县"]


def test_a_site_and_a_district_keep_the_site_as_geometry(rows):
    row = rows.iloc[2]
    assert row.geometry.geom_type == "Point" and row["district_codes"] == [_code("忠县")]
    assert row["geom_kind"] == "mixed" and row["precision"] == "district"


def test_municipality_and_unresolved(rows):
    assert rows.iloc[3]["district_codes"] == ["500000"] and rows.iloc[3]["precision"] == "municipal"
    assert rows.iloc[4].geometry is None and rows.iloc[4]["district_codes"] == []
    assert rows.iloc[4]["precision"] == "unresolved"
    assert rows.iloc[5]["district_codes"] == [] and rows.iloc[5].geometry.geom_type == "Point"
    assert rows.iloc[7]["geom_kind"] == "line" and rows.iloc[7]["district_codes"] == []


def test_joined_geometry_is_the_district_and_shared_between_rows(rows):
    whole = geometry.joined(rows)
    zhong = geodata.districts("current").set_index("name_zh").geometry["忠县"]
    assert whole.iloc[0].equals(zhong)
    assert whole.iloc[0] is whole.iloc[6]  # the same unit: one polygon object, not a copy per row
    assert whole.iloc[2].geom_type == "GeometryCollection"  # in memory only; files split it by kind
    assert whole.iloc[4] is None and whole.iloc[5].geom_type == "Point"


def test_multi_district_polygon_is_dissolved_and_valid(rows):
    shape = geometry.joined(rows).iloc[1]
    parts = [geometry.unit_polygon(c) for c in rows.iloc[1]["district_codes"]]
    assert shape.is_valid and shape.geom_type in ("Polygon", "MultiPolygon")
    assert shapely.get_num_geometries(shape) < sum(shapely.get_num_geometries(p) for p in parts) or len(
        shapely.get_parts(shape)) == 1  # shared edges gone: one outline for the zone
    assert abs(shape.area - sum(p.area for p in parts)) < 1e-6 * shape.area


def test_dissolved_once_per_distinct_list():
    codes = (_code("城口县"), _code("巫溪县"))
    assert geometry.dissolved(codes) is geometry.dissolved(codes)
    assert geometry.dissolved(()) is None


def test_a_code_of_both_divisions_is_the_current_unit_and_a_2023_only_code_the_old_one():
    current = geodata.districts("current").set_index("adcode").geometry
    old = geodata.districts("2023").set_index("adcode").geometry
    assert geometry.unit_polygon("500109").equals(shapely.make_valid(current["500109"]))  # 北碚区
    assert geometry.unit_polygon("500112").equals(shapely.make_valid(old["500112"]))  # 渝北区 (2023 only)


def test_parts_by_kind_splits_mixed_rows_and_never_makes_a_collection(rows):
    full = geometry.parts_by_kind(rows, full=True)
    assert list(full.loc[full["id"] == "R3", "geom_part"]) == ["point", "polygon"]
    assert not (full.geometry.geom_type == "GeometryCollection").any()
    assert full.geometry.dropna().is_valid.all()
    compact = geometry.parts_by_kind(rows, full=False)
    district_only = compact[compact["id"] == "R1"]
    assert len(district_only) == 1 and district_only.geometry.iloc[0] is None
    assert list(compact["id"]) == ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"]
