"""The geocoder cascade: exact, alias, district, town, fuzzy, unresolved; multi-place rows; routes."""
import pandas as pd
import pytest

from cymap.geo import geocode, geometry
from cymap.ledger.read import read_ledger


def _row(location: str, **extra) -> dict:
    return {"id": "A02-T05-01", "name_zh": "x", "name_en": "x", "action": 2, "task": 5,
            "category": "rail", "location": location, "status": "ongoing", **extra}


def _geocode(*locations: str):
    return geocode.geocode(pd.DataFrame([_row(loc) for loc in locations]))


@pytest.mark.parametrize("reference, method, precision", [
    ("江北国际机场", "exact", "site"),
    ("重庆江北国际机场", "alias", "site"),
    ("涪陵区", "exact", "district"),
    ("涪陵", "district", "district"),
    ("500102", "district", "district"),
    ("合川区双槐镇", "town", "town"),
    ("重庆市", "exact", "municipal"),
])
def test_cascade_steps(reference, method, precision):
    part = geocode.resolve_reference(reference)
    assert part.method == method
    assert part.precision == precision
    assert part.geometry is not None


def test_fuzzy_match_above_threshold():
    part = geocode.resolve_reference("江北国际机")
    assert part.method.startswith("fuzzy")
    assert part.matched == "江北国际机场"


def test_unresolved_is_kept_with_suggestions():
    out = _geocode("江北国际飞机场站点XYZ火星", "火星基地")
    assert len(out) == 2
    assert (out["precision"] == "unresolved").sum() >= 1
    unresolved = out[out["precision"] == "unresolved"].iloc[-1]
    assert unresolved["unresolved"] == ["火星基地"]
    assert unresolved.geometry is None


def test_unresolved_name_gets_suggestions():
    part = geocode.resolve_reference("江北国际机场T9航站楼区域")
    if part.method == "unresolved":
        assert "江北国际机场" in part.suggestions
    else:  # close enough to match fuzzily, which is also acceptable behaviour
        assert part.matched == "江北国际机场"


def test_multi_district_row_touches_all_named_districts():
    out = _geocode("城口县;巫溪县;酉阳;彭水")
    row = out.iloc[0]
    assert set(row["districts_2023"] if "districts_2023" in out else row["districts"]) == {
        "城口县", "巫溪县", "酉阳土家族苗族自治县", "彭水苗族土家族自治县"}
    assert row["precision"] == "district"
    assert row["geom_kind"] == "polygon"
    assert row["precision_code"] == 3


def test_adhoc_route_crosses_every_district_between_waypoints():
    out = _geocode("合川区双槐镇>万州区")
    row = out.iloc[0]
    assert row["precision"] == "route" and row["geom_kind"] == "line"
    districts = row["districts_2023"] if "districts_2023" in out else row["districts"]
    assert districts[0] == "合川区" and districts[-1] == "万州区"
    assert len(districts) >= 4  # a 230 km line across the municipality crosses several units


def test_row_precision_is_the_coarsest_part():
    out = _geocode("江北国际机场;忠县")
    assert out.iloc[0]["precision"] == "district"
    assert out.iloc[0]["geom_kind"] == "mixed"


def test_district_level_items_are_polygons_not_pins():
    # by reference (issue 16): no polygon copied into the row; the joined geometry is the district's
    out = _geocode("忠县")
    assert out.iloc[0].geometry.is_empty and out.iloc[0]["district_codes"] == ["500233"]
    assert geometry.joined(out).iloc[0].geom_type in ("Polygon", "MultiPolygon")


def test_rows_in_equal_rows_out_and_order_kept(write_ledger):
    path = write_ledger([
        "A02-T05-01,甲,a,2,5,rail,涪陵,ongoing,,,s,2023-03-10,",
        "A02-T05-02,乙,b,2,5,rail,不存在的地方,ongoing,,,s,2023-03-10,",
        "A02-T05-03,丙,c,2,5,rail,万州区,ongoing,,,s,2023-03-10,",
    ])
    out = geocode.geocode(read_ledger(path).rows)
    assert out["id"].tolist() == ["A02-T05-01", "A02-T05-02", "A02-T05-03"]
    assert out.crs.to_epsg() == 4326
