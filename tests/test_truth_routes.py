"""Lines that follow the real alignments (issue 14, part 3): the districts each geocoded route
touches equal the official list it is cited with (geodata/route_districts.csv)."""
import pandas as pd
import pytest

from cymap.geo import geocode, geodata


def _cited() -> pd.DataFrame:
    table = pd.read_csv(geodata.GEODATA_DIR / "route_districts.csv", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["route", "districts", "source"]
    return table


def _touched(route: str) -> tuple[list[str], list[str]]:
    row = geocode.geocode(pd.DataFrame([{"id": "A02-T05-01", "name_zh": "x", "name_en": "x", "action": 2,
                                         "task": 5, "category": "rail", "location": route,
                                         "status": "ongoing"}])).iloc[0]
    return row["districts_2023"], row["districts"]


def test_cited_lists_name_real_routes_and_2023_units_with_sources():
    table = _cited()
    assert table["route"].is_unique and len(table) >= 10
    assert set(table["route"]) <= set(geodata.routes()["name"])
    units = set(geodata.districts("2023")["name_zh"])
    for row in table.itertuples():
        assert set(row.districts.split("|")) <= units, row.route
        assert len(row.source) > 20 and "DERIVED" not in row.source, row.route


@pytest.mark.parametrize("route, districts", [tuple(r) for r in _cited()[["route", "districts"]].values])
def test_route_touches_exactly_its_cited_districts(route, districts):
    touched, _ = _touched(route)
    assert set(touched) == set(districts.split("|"))


@pytest.mark.parametrize("route, not_touched", [
    ("成渝中线高铁", "北碚区"),  # the old chord crossed 北碚区
    ("嘉陵江（重庆段）", "南岸区"),  # the river never runs through 南岸区
    ("渝昆高铁川渝段", "巴南区"),
])
def test_issue_examples_no_longer_cross_districts_they_do_not_touch(route, not_touched):
    touched, current = _touched(route)
    assert not_touched not in touched and not_touched not in current


def test_long_line_is_drawn_by_its_chongqing_section_ending_at_its_station():
    line = geocode.resolve_reference("疆电入渝工程").geometry
    station = geocode.resolve_reference("渝北换流站").geometry
    assert line.coords[-1] == (station.x, station.y)
    assert geodata.municipality_outline().buffer(1e-3).covers(line)  # nothing drawn outside Chongqing


def test_routes_use_points_not_district_placeholders_where_cited():
    placeholders = set(geodata.districts("2023")["name_zh"]) | set(geodata.districts("2023")["short_zh"])
    for route in _cited()["route"]:
        waypoints = geodata.routes().set_index("name").loc[route, "waypoints"].split(">")
        inside = [w for w in waypoints if w in placeholders]
        assert len(inside) <= 2, (route, inside)  # at most a couple of district points left, never the whole line
