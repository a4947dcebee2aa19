"""The Streamlit app through streamlit.testing.v1.AppTest, on a small fixture ledger
(tests/data/app_ledger.csv: district names, the airport, a route, a municipality-wide row, an
unresolved place and one invalid row)."""
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_helpers import open_tab
from cymap.geo import geodata
from cymap.views.filters import FilterSpec, apply_filters
from cymap.views.i18n import TEXT
from cymap.geo.projects import load_projects

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "tests" / "data" / "app_ledger.csv"


@pytest.fixture(scope="module")
def projects():
    return load_projects(LEDGER)


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("CYMAP_LEDGER", str(LEDGER))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    return at


def in_view(at: AppTest) -> int:
    first = at.metric[0]  # the contract: the first metric is the number of projects in view
    assert first.label in (TEXT["projects_in_view"]["zh"], TEXT["projects_in_view"]["en"])
    return int(first.value)


def link(at: AppTest, name: str) -> list[str]:
    """A query parameter's values (AppTest gives one value as a plain string)."""
    value = at.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)


def standardised(script: str) -> str:
    """The script without folium's random element ids (as streamlit-folium compares scripts)."""
    return re.sub(r"_[a-z0-9]+", "", script)


def map_script(at: AppTest) -> str:
    components = at.get("component_instance")
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)["script"]


def test_first_start_shows_every_valid_project_and_status_counts(app, projects):
    at = run(app)
    assert in_view(at) == len(projects.geocoded)
    status_metrics = {m.label: int(m.value) for m in at.metric[1:7]}
    assert sum(status_metrics.values()) == len(projects.geocoded)
    assert at.title[0].value == TEXT["app_title"]["zh"]


def test_a_filter_changes_the_count_and_the_link(app, projects):
    at = run(app)
    at.multiselect(key="status").select("under_construction")
    run(at)
    expected = int((projects.geocoded["status"] == "under_construction").sum())
    assert 0 < expected < len(projects.geocoded)
    assert in_view(at) == expected
    assert link(at, "status") == ["under_construction"]


def test_district_in_the_url_selects_the_same_view_as_the_widget(monkeypatch, projects):
    monkeypatch.setenv("CYMAP_LEDGER", str(LEDGER))
    from_url = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    from_url.query_params["district"] = "城口"  # short name: canonicalised
    run(from_url)
    from_widget = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    from_widget.multiselect(key="district").select("城口县")
    run(from_widget)
    expected = len(apply_filters(projects.geocoded, FilterSpec(districts=["城口县"])))
    assert expected > 0
    assert in_view(from_url) == in_view(from_widget) == expected
    assert from_url.multiselect(key="district").value == ["城口县"]
    assert standardised(map_script(from_url)) == standardised(map_script(from_widget))


def test_unknown_value_in_the_link_is_reported_not_fatal(app, projects):
    app.query_params["action"] = ["2", "99"]
    at = run(app)
    assert in_view(at) == int((projects.geocoded["action"] == 2).sum())
    assert any("action=99" in w.value for w in at.warning)


def test_map_component_carries_the_filtered_projects_and_not_the_others(app, projects):
    at = run(app)
    at.multiselect(key="action").select(2)
    run(at)
    script = map_script(at)
    drawn = projects.geocoded[~projects.geocoded["precision"].isin(["municipal", "unresolved"])]
    for row in drawn.itertuples():
        assert (row.id in script) == (row.action == 2), row.id
    assert at.get("component_instance")[0].proto.json_args.count("last_object_clicked_tooltip") >= 1


def test_language_switch_changes_labels_legend_and_tooltips(app):
    at = run(app)
    zh_script = map_script(at)
    at.radio(key="lang").set_value("en")
    run(at)
    assert at.title[0].value == TEXT["app_title"]["en"]
    assert at.metric[0].label == TEXT["projects_in_view"]["en"]
    assert at.multiselect(key="status").label == TEXT["status"]["en"]
    script = map_script(at)
    assert TEXT["legend_status"]["en"] in script and TEXT["legend_status"]["zh"] not in script
    assert TEXT["legend_status"]["zh"] in zh_script
    assert "Completed" in script  # a status label inside a tooltip
    assert link(at, "lang") == ["en"]


def test_division_switch_says_which_division_is_shown(app):
    at = run(app)
    assert any(geodata.division_note("current", "zh") in c.value for c in at.caption)
    at.radio(key="division").set_value("2023")
    run(at)
    assert any(geodata.division_note("2023", "zh") in c.value for c in at.caption)
    assert link(at, "division") == ["2023"]
    assert "江北区" in at.multiselect(key="district").options


def test_basemap_choice_and_tianditu_without_key_explains(app, monkeypatch):
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    at = run(app)
    at.selectbox(key="basemap").set_value("tianditu_vec")
    run(at)
    assert any("TIANDITU_KEY" in i.value for i in at.info)
    assert "openstreetmap" in map_script(at)  # falls back to OpenStreetMap
    at.selectbox(key="basemap").set_value("none")
    run(at)
    assert "tile.openstreetmap" not in map_script(at)


def test_clicked_project_shows_its_record(app, projects):
    at = run(app)
    at.session_state["selected_id"] = "A02-T05-01"
    run(at)
    row = projects.geocoded.set_index("id").loc["A02-T05-01"]
    assert any(h.value.replace("\\", "") == row["name_zh"] for h in at.subheader)
    record = next(m.value for m in at.markdown if "<dl" in m.value)
    assert row["source"] in record and row["location"] in record and "两江新区" in record


def test_district_table_click_through_filters_to_the_district(app):
    at = run(open_tab(app, "tab_districts"))
    names = at.session_state["_district_names"]
    assert names == geodata.districts("current")["name_zh"].tolist()
    # What the Districts table's selection callback does:
    at.session_state["district"] = [names[0]]
    run(at)
    assert link(at, "district") == [names[0]]


def test_data_quality_tab_reconciles_rows(app, projects):
    at = run(open_tab(app, "tab_quality"))
    assert any("A08-T38-01" not in s.value and ("9" in s.value) for s in at.success)  # 9 rows in the file
    labels = {m.label: int(m.value) for m in at.metric}
    assert labels[TEXT["rows_in_file"]["zh"]] == projects.read.total_rows == 9
    assert labels[TEXT["rows_invalid"]["zh"]] == 1
    assert labels[TEXT["rows_unresolved"]["zh"]] == 1


def test_app_has_no_bare_expressions_that_streamlit_magic_would_print():
    """Streamlit "magic" writes any bare non-call expression (e.g. `a() if x else b()`) onto the
    page as a help box; AppTest does not show magic output, so check the source."""
    import ast
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    bare = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Expr)
            and not isinstance(node.value, (ast.Call, ast.Constant, ast.Await))]
    assert bare == []


def test_district_chart_is_tall_enough_for_every_district_name(app):
    at = run(open_tab(app, "tab_districts"))
    chart = at.get("vega_lite_chart")[0]
    spec = json.loads(chart.proto.spec)
    assert spec["height"] >= 22 * len(geodata.districts("current"))


def test_district_chart_keeps_the_official_district_order(app):
    at = run(open_tab(app, "tab_districts"))
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["y"]["field"] == "district"
    names = geodata.districts()["name_zh"].tolist()
    assert spec["encoding"]["y"]["sort"] == names  # the official (adcode) order, not alphabetical


def test_detail_panel_shows_markdown_in_names_as_text(monkeypatch, tmp_path):
    ledger = tmp_path / "md.csv"
    import pandas as pd

    frame = pd.read_csv(LEDGER, dtype=str, keep_default_na=False)
    frame.loc[frame["id"] == "A02-T05-01", "name_zh"] = "[点我](http://evil.example) :red[假]"
    frame.loc[frame["id"] == "A02-T05-01", "name_en"] = "![x](http://evil.example/x.png)"
    frame.to_csv(ledger, index=False)
    monkeypatch.setenv("CYMAP_LEDGER", str(ledger))
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.session_state["selected_id"] = "A02-T05-01"
    run(at)
    heading = next(h.value for h in at.subheader if "点我" in h.value)
    assert "\\[点我\\]\\(http" in heading and "\\:red\\[" in heading  # escaped: shown as typed
    caption = next(c.value for c in at.caption if "evil" in c.value)
    assert caption.startswith("\\!\\[x\\]")


def test_district_shading_switch_is_in_the_link(app):
    app.query_params["choropleth"] = "1"
    at = run(app)
    assert at.toggle(key="choropleth").value is True
    at.toggle(key="choropleth").set_value(False)
    run(at)
    assert link(at, "choropleth") == []


def test_only_the_tab_on_screen_runs_and_the_choice_survives_a_language_switch(app):
    at = run(app)  # the map tab: the Districts tab's chart is not built
    assert len(at.get("component_instance")) == 1 and not at.get("vega_lite_chart")
    run(open_tab(at, "tab_districts"))
    assert at.get("vega_lite_chart") and not at.get("component_instance")  # the map is not rebuilt either
    at.radio(key="lang").set_value("en")
    run(at)
    assert at.session_state["tab"] == "tab_districts" and at.get("vega_lite_chart")
