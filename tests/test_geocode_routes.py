"""Districts a route crosses: found once per distinct route, in both divisions, in the order a
traveller meets them (the benchmark's 10k ledger repeats a few hundred routes thousands of times)."""
import pandas as pd
import pytest

from cymap.geo import geocode


def _rows(*locations: str) -> pd.DataFrame:
    return pd.DataFrame([{"id": f"A02-T05-{i:02d}", "name_zh": "x", "name_en": "x", "action": 2, "task": 5,
                          "category": "rail", "location": loc, "status": "ongoing"} for i, loc in enumerate(locations)])


@pytest.mark.parametrize("start, end", [("城口县", "开州区"), ("綦江区", "江津区"), ("万州区", "梁平区")])
def test_route_districts_start_where_the_route_starts(start, end):
    # Two neighbours joined by a straight line: each piece's point_on_surface is the border
    # point they share, so only the entry point along the line orders them right both ways.
    out = geocode.geocode(_rows(f"{start}>{end}", f"{end}>{start}"))
    assert out.loc[0, "districts"] == [start, end] and out.loc[0, "primary_district"] == start
    assert out.loc[1, "districts"] == [end, start] and out.loc[1, "primary_district"] == end
    assert out.loc[0, "districts_2023"] == [start, end]


def test_repeated_routes_and_multi_route_rows_agree_with_single_rows():
    one, other = "璧山区>铜梁区>大足区", "涪陵区>丰都县"
    alone = geocode.geocode(_rows(one, other))
    together = geocode.geocode(_rows(one, other, one, f"{one};{other}", one))
    assert together.loc[2, "districts"] == together.loc[4, "districts"] == alone.loc[0, "districts"]
    assert together.loc[1, "districts"] == alone.loc[1, "districts"]
    assert together.loc[3, "districts"] == alone.loc[0, "districts"] + alone.loc[1, "districts"]
    assert together.loc[3, "districts_2023"] == alone.loc[0, "districts_2023"] + alone.loc[1, "districts_2023"]


def test_a_route_into_the_redivided_area_names_each_divisions_units():
    # 沙坪坝区 -> 渝北区 (2023) ends in what is 两江新区 today; the line is the same for both.
    out = geocode.geocode(_rows("沙坪坝区>江北国际机场"))
    assert out.loc[0, "districts"][0] == "沙坪坝区" and "两江新区" in out.loc[0, "districts"]
    assert out.loc[0, "districts_2023"][0] == "沙坪坝区" and "渝北区" in out.loc[0, "districts_2023"]
    assert "两江新区" not in out.loc[0, "districts_2023"]
