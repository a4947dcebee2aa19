"""The place-text parser on its own (issue 13, item 2): text in, place references with spans out."""
from __future__ import annotations

import pytest

from cymap.geo.placetext import find_places, normalise, resolve_county, split_list


def refs(text, within=frozenset()):
    return [(r.text, r.kind, r.name) for r in find_places(text, within)]


@pytest.mark.parametrize("written, full", [
    ("石柱县", "石柱土家族自治县"), ("石柱自治县", "石柱土家族自治县"), ("秀山自治县", "秀山土家族苗族自治县"),
    ("彭水县", "彭水苗族土家族自治县"), ("酉阳自治县", "酉阳土家族苗族自治县"), ("酉阳", "酉阳土家族苗族自治县"),
    ("忠县", "忠县"), ("渝北", "渝北区"), ("江北区", "江北区"), ("两江新区（行政区）", "两江新区"),
    ("500243", "彭水苗族土家族自治县"),
    ("开县", "开州区"), ("万盛区", "綦江区"), ("铜梁县", "铜梁区"),
])
def test_county_level_units_in_every_official_form(written, full):
    assert resolve_county(written) == full


def test_unknown_county_form_does_not_block_the_town_after_it():
    assert refs("彭水县汉葭街道") == [("彭水县", "county", "彭水苗族土家族自治县"), ("汉葭街道", "town", "汉葭街道")]


def test_county_then_town_then_villages_with_spans():
    found = find_places("永川区何埂镇新泉村")
    assert [(r.kind, r.name, r.span) for r in found] == [
        ("county", "永川区", (0, 3)), ("town", "何埂镇", (3, 6)), ("village", "新泉村", (6, 9))]
    assert found[1].code.startswith("500118")  # the NBS code of a 永川区 town


def test_a_list_of_villages_after_a_town():
    villages = [r.text for r in find_places("静观镇大坪村、金塘村、集真村") if r.kind == "village"]
    assert villages == ["大坪村", "金塘村", "集真村"]


def test_a_counted_list_of_villages_is_not_read_as_places():
    # 观音桥 is also a 商圈 in 江北区; here it is one of four villages of 九龙坡区
    assert {r.kind for r in find_places("英雄湾、新合、大碑、观音桥四个村")} == {"village"}


def test_bare_town_name_only_inside_a_named_county():
    assert refs("垫江县高新区澄溪组团")[-1] == ("澄溪", "town", "澄溪镇")
    assert [r for r in find_places("澄溪组团") if r.kind == "town"] == []  # no county named: not guessed
    assert refs("澄溪组团", within=frozenset({"垫江县"})) == [("澄溪", "town", "澄溪镇")]


def test_town_names_shared_by_several_counties_give_every_meaning():
    counties = {c for r in find_places("兴隆镇") for c in r.counties}
    assert {"渝北区", "奉节县", "南川区"} <= counties


def test_parks_and_zones_are_found_longest_first():
    assert refs("两江新区水土高新技术产业园")[0][2] == "两江新区水土高新技术产业园"
    assert refs("铜梁高新区姜家岩片区")[0][2] == "铜梁高新技术产业开发区"
    assert refs("江北国际机场T3B")[0][2] == "江北国际机场"  # not 江北区


def test_ranges_link_their_ends():
    found = find_places("渝北区兴隆镇至茨竹镇")
    far = [r for r in found if r.text == "茨竹镇"][0]
    assert far.range_from >= 0 and found[far.range_from].text == "兴隆镇"
    found = find_places("巫山至巫溪")
    assert found[1].range_from == 0
    found = find_places("起于兴隆镇,止于茨竹镇")
    assert found[-1].text == "茨竹镇" and found[found[-1].range_from].text == "兴隆镇"


def test_river_bank_is_not_nanan_district():
    assert [r.name for r in find_places("石柱县中心城区鲤塘坝组团,龙河支流双庆河的南岸")] == ["石柱土家族自治县"]
    assert [r.name for r in find_places("县城南岸堤防工程")] == []


def test_weak_words_are_marked():
    found = find_places("三峡巴蜀中学")
    assert all(r.weak for r in found if r.kind != "village")
    assert [r.weak for r in find_places("江北片区东湾大道")] == [True]  # 潼南's 江北片区, not 江北区


def test_lists_split_on_chinese_separators():
    text = "梁平区、垫江县和忠县及丰都县与石柱县；万州区"
    assert [text[a:b] for a, b in split_list(text)] == ["梁平区", "垫江县", "忠县", "丰都县", "石柱县", "万州区"]


def test_spans_refer_to_the_nfkc_text():
    text = "科学城（江津片区）研发中心"
    found = find_places(text)
    assert found and normalise(text)[found[0].start:found[0].end] == found[0].text
