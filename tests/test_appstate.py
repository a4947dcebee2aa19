"""URL query string <-> view state: a link reproduces the view, bad values are reported not fatal."""
from cymap.views import appstate
from cymap.geo import geodata
from cymap.views.appstate import ViewState, normalise_params, params_from_state, state_from_params, state_from_widgets


def full_state() -> ViewState:
    return ViewState(districts=["万州区", "涪陵区"], regions=["主城都市区"], actions=[2, 10],
                     statuses=["completed", "delayed"], categories=["rail", "airport"], years=[2027],
                     query="机场", lang="en", basemap="gaode", division="2023")


def test_round_trip_through_query_parameters():
    state = full_state()
    params = params_from_state(state)
    assert params["district"] == ["万州区", "涪陵区"] and params["action"] == ["2", "10"]
    assert params["q"] == "机场" and params["lang"] == "en" and params["division"] == "2023"
    assert state_from_params(params) == state


def test_defaults_are_left_out_of_the_link():
    assert params_from_state(ViewState()) == {}
    assert state_from_params({}) == ViewState()
    assert ViewState().division == geodata.DEFAULT_DIVISION


def test_district_written_as_short_name_adcode_or_pinyin_selects_the_full_name():
    state = state_from_params({"district": ["万州", "500102", "Wanzhou"]})
    assert state.districts == ["万州区", "涪陵区"]  # 万州 and Wanzhou are one district: kept once
    assert state.ignored == []


def test_comma_separated_and_repeated_values_both_count():
    assert state_from_params({"status": "completed,在建"}).statuses == ["completed", "under_construction"]
    assert state_from_params({"action": ["1", "3"]}).actions == [1, 3]
    assert state_from_params({"district": "万州区，涪陵区"}).districts == ["万州区", "涪陵区"]


def test_unknown_values_are_dropped_and_reported():
    state = state_from_params({"district": ["万州区", "火星区"], "action": ["11", "x"], "status": "bogus",
                               "category": "rocket", "lang": "fr", "basemap": "google", "division": "1997"})
    assert state.districts == ["万州区"] and state.actions == [] and state.statuses == []
    assert (state.lang, state.basemap, state.division) == ("zh", appstate.DEFAULT_BASEMAP, geodata.DEFAULT_DIVISION)
    assert set(state.ignored) == {("district", "火星区"), ("action", "11"), ("action", "x"), ("status", "bogus"),
                                  ("category", "rocket"), ("lang", "fr"), ("basemap", "google"),
                                  ("division", "1997")}


def test_region_accepts_group_subregion_and_english_name():
    state = state_from_params({"region": ["主城都市区", "中心城区", "Southeast Wuling towns"]})
    assert state.regions == ["主城都市区", "中心城区", "渝东南武陵山区城镇群"]


def test_widgets_describe_the_same_state_as_the_link():
    state = full_state()
    assert state_from_widgets(state.widget_values()) == state


def test_filter_spec_carries_every_criterion_and_the_division():
    spec = full_state().filter_spec()
    assert (spec.districts, spec.regions, spec.actions, spec.statuses, spec.categories, spec.years, spec.query) == (
        ["万州区", "涪陵区"], ["主城都市区"], [2, 10], ["completed", "delayed"], ["rail", "airport"], [2027], "机场")
    assert spec.division == "2023"


def test_normalise_params_compares_links_written_differently():
    assert normalise_params({"district": "万州区,涪陵区", "lang": ["en"]}) == {"district": ["万州区", "涪陵区"],
                                                                            "lang": "en"}
    assert normalise_params({"q": ""}) == {}


def test_district_shading_travels_in_the_link():
    state = appstate.state_from_params({"choropleth": "1", "district": ["万州"]})
    assert state.choropleth is True and state.widget_values()["choropleth"] is True
    assert appstate.params_from_state(state)["choropleth"] == "1"
    assert appstate.state_from_params({"choropleth": "off"}).choropleth is False
    assert "choropleth" not in appstate.params_from_state(appstate.ViewState())
    assert appstate.state_from_params({"choropleth": "maybe"}).ignored == [("choropleth", "maybe")]
    assert appstate.state_from_widgets({"choropleth": True}).choropleth is True


def test_a_link_reads_district_names_as_the_cli_does():
    """One resolver: `?district=` in a link selects the same rows as `--district` in the CLI,
    also for the qualified district name and full-width spellings (dropped as "ignored" before)."""
    import argparse

    from cymap.cli import add_filter_arguments, spec_from_args
    from cymap.geo.projects import load_projects
    from cymap.views.filters import apply_filters

    rows = load_projects().geocoded
    parser = argparse.ArgumentParser()
    add_filter_arguments(parser)
    spellings = ("两江新区（行政区）", "两江新区(行政区)", "５００１５７", "Ｌｉａｎｇｊｉａｎｇ",
                 "万州区", "５００１０１")
    for spelling in spellings:
        state = state_from_params({"district": [spelling]})
        assert state.ignored == [], spelling
        cli_spec = spec_from_args(parser.parse_args(["--district", spelling]))
        app_ids = set(apply_filters(rows, state.filter_spec())["id"])
        cli_ids = set(apply_filters(rows, cli_spec)["id"])
        assert app_ids == cli_ids and app_ids, spelling
