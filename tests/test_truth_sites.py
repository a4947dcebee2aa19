"""Sites where the site is publicly known (issue 14, part 2): every point drawn finer than a district
is checked against a table of reference coordinates with sources, and a district's representative
point is never drawn as a located symbol."""
import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Geod

from cymap.geo import geocode, geodata
from tools import build_gazetteer as gazetteer

GEOD = Geod(ellps="WGS84")
BOUND_M = {"site": 1_000, "town": 5_000, "zone": 5_000}
POINT_PRECISIONS = set(BOUND_M)


def _references() -> pd.DataFrame:
    table = pd.read_csv(geodata.GEODATA_DIR / "reference_coords.csv", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["name", "lon", "lat", "source"]
    return table.astype({"lon": float, "lat": float}).set_index("name")


def test_reference_table_names_a_source_for_every_row():
    table = _references()
    assert table.index.is_unique
    assert (table["source"].str.len() > 20).all()
    assert table["source"].str.contains(r"WGS84|GeoNames").all()  # datum stated, or GeoNames (WGS84)


def test_every_point_item_has_a_reference_and_lies_within_its_bound():
    table = geodata.gazetteer()
    points = table[table["precision"].isin(POINT_PRECISIONS)]
    references = _references()
    missing = sorted(set(points["name"]) - set(references.index))
    assert not missing, f"no reference coordinate for {missing}"
    far = []
    for row in points.itertuples():
        ref = references.loc[row.name]
        _, _, metres = GEOD.inv(row.lon, row.lat, ref.lon, ref.lat)
        if metres > BOUND_M[row.precision]:
            far.append((row.name, row.precision, round(metres)))
    assert not far, far


def test_ledger_points_finer_than_district_are_all_referenced():
    ledger = pd.read_csv(geodata.GEODATA_DIR.parent / "projects.csv", dtype=str, keep_default_na=False)
    out = geocode.geocode(ledger)
    references = _references()
    for row in out[out["precision"].isin(POINT_PRECISIONS)].itertuples():
        assert set(row.matched) <= set(references.index) | set(geodata.gazetteer().query(
            "precision in ('outside', 'route')")["name"]) | {m for m in row.matched if ">" in m}, row.id


def test_coordinates_come_only_from_cited_sources():
    places = geodata.places()
    cited = places[places["locate"].str.startswith("coord:")]
    assert len(cited) >= 10
    assert (cited["source"].str.contains("http") & cited["source"].str.contains("WGS84")).all()
    gaz = geodata.gazetteer().set_index("name")
    assert gaz.loc[cited["name"], "source"].str.startswith("cited: ").all()


def _place(**kw) -> dict:
    row = {"name": "x", "aliases": "", "kind": "zone", "district": "江北区", "districts": "", "locate": "district",
           "precision": "", "note": "", "source": "", "districts_current": ""}
    row.update(kw)
    return row


def test_a_zone_known_only_to_its_district_is_district_precision_not_zone():
    towns = gazetteer.build_towns()
    out = gazetteer.resolve_places(pd.DataFrame([
        _place(name="商圈", kind="zone"), _place(name="园区", kind="park"), _place(name="片区", kind="district_area"),
        _place(name="设施", kind="site"), _place(name="镇上的园区", kind="zone", locate="town:寸滩街道"),
    ]), towns).set_index("name")
    assert (out.loc[["商圈", "园区", "片区", "设施"], "precision"] == "district").all()
    assert out.loc["镇上的园区", "precision"] == "zone"  # a zone whose core town is known is a zone


def test_a_district_point_cannot_be_declared_finer():
    with pytest.raises(gazetteer.GazetteerError, match="precision must be district"):
        gazetteer.resolve_places(pd.DataFrame([_place(precision="site")]), gazetteer.build_towns())


def test_coord_needs_a_source_with_its_datum_and_must_lie_in_its_district():
    towns = gazetteer.build_towns()
    with pytest.raises(gazetteer.GazetteerError, match="without a `source`"):
        gazetteer.resolve_places(pd.DataFrame([_place(locate="coord:106.5777,29.5710")]), towns)
    with pytest.raises(gazetteer.GazetteerError, match="datum"):
        gazetteer.resolve_places(pd.DataFrame([_place(locate="coord:106.5777,29.5710", source="a map")]), towns)
    with pytest.raises(gazetteer.GazetteerError, match="outside 江北区"):
        gazetteer.resolve_places(pd.DataFrame([_place(locate="coord:107.5,29.5", source="x (WGS84)")]), towns)
    out = gazetteer.resolve_places(pd.DataFrame([_place(kind="site", locate="coord:106.5777,29.5710",
                                                        source="Museum, https://example.org (WGS84)")]), towns)
    assert out.loc[0, "precision"] == "site" and out.loc[0, "source"] == "cited: Museum, https://example.org (WGS84)"


def test_no_district_placeholder_is_drawn_as_a_located_symbol():
    table = geodata.gazetteer()
    placeholders = table[table["source"].str.startswith("representative point of ")
                         & ~table["precision"].eq("outside")]
    assert len(placeholders) > 0 and (placeholders["precision"] == "district").all()
    ledger = pd.read_csv(geodata.GEODATA_DIR.parent / "projects.csv", dtype=str, keep_default_na=False)
    out = geocode.geocode(ledger)
    names = set(placeholders["name"]) | set(a for s in placeholders["aliases"] for a in s.split("|") if a)
    for row in out.itertuples():
        if set(row.matched) & names:
            assert row.precision in ("district", "municipal"), (row.id, row.precision)


def test_issue_examples_are_at_their_real_places():
    table = geodata.gazetteer().set_index("name")
    references = {"中新金融科技合作示范区": (106.5777, 29.5710), "解放碑—朝天门商圈": (106.570889, 29.56083),
                  "观音桥商圈": (106.52875611, 29.57625194)}
    for name, (lon, lat) in references.items():
        _, _, metres = GEOD.inv(table.loc[name, "lon"], table.loc[name, "lat"], lon, lat)
        assert metres < 1_000 and table.loc[name, "precision"] != "district"
    # what has no public coordinate stays district-level (not a pin at the district's point)
    assert (table.loc[["龙头港", "綦江蟠龙抽水蓄能电站", "陆海国际中心"], "precision"] == "district").all()
    points = gpd.points_from_xy(table["lon"], table["lat"])
    assert len(points) == len(table)
