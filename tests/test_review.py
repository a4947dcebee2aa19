"""定位核对 (issue 13, item 7): rows by how they were located, suggestions, fixes as a ledger."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from app_helpers import open_tab

from cymap import shared
from cymap.geo import coords, geocode
from cymap.ledger import auth, history, pg_transfer, store, stores
from cymap.ledger.read import read_ledger
from cymap.ledger.schema import COLUMNS
from cymap.views import review
from cymap.views.edit_view import markdown_text

ROWS = pd.DataFrame([
    {"id": "1", "name_zh": "某厂", "location": "永川区何埂镇新泉村", "district_declared": ""},
    {"id": "2", "name_zh": "沙坪坝文灿压铸项目", "location": "", "district_declared": ""},
    {"id": "3", "name_zh": "豪斯特项目", "location": "", "district_declared": ""},
    {"id": "4", "name_zh": "某园区道路", "location": "", "district_declared": "铜梁区"},
    {"id": "5", "name_zh": "某码头", "location": "", "district_declared": "", "lon": "106.58", "lat": "29.57"},
]).fillna("")


def test_rows_are_listed_by_how_they_were_located_finest_first():
    out = geocode.geocode(ROWS)
    assert list(out["located_by"]) == ["town", "name", "unresolved", "district", "coordinate"]
    table = review.review_table(out, "en")
    assert list(table["ID"]) == ["5", "1", "2", "4", "3"]
    counted = review.counts(out, "zh")
    assert list(counted.columns) == ["定位方式", "项目数"]  # headers in the language, not column codes
    assert list(counted["定位方式"])[0] == "坐标（人工）" and counted["项目数"].sum() == len(ROWS)
    assert list(review.review_table(out, "zh", only=("unresolved",))["编号"]) == ["3"]


def test_suggestions_stay_in_the_row_district():
    out = geocode.geocode(ROWS.assign(name_zh=["", "", "", "铜梁高新区配套道路", ""]))
    row = out[out["id"] == "4"].iloc[0].to_dict()
    found = review.suggestions(row)
    assert found and all("铜梁" in s for s in found)


def test_fixes_become_a_ledger_to_import():
    fixed = review.fixes_ledger(ROWS, {"3": {"location": "永川区"}, "4": {"lon": "106.05", "lat": "29.84"}})
    assert fixed.loc[fixed["id"] == "3", "location"].item() == "永川区"
    out = geocode.geocode(fixed)
    assert out.loc[out["id"] == "3", "located_by"].item() == "district"
    assert out.loc[out["id"] == "4", "located_by"].item() == "coordinate"
    assert out.loc[out["id"] == "4", "districts_2023"].item() == ["铜梁区"]


# --- a fix saved in the ledger, through the store (issue 13) ----------------------------------------

FIX_LEDGER = (",".join([*COLUMNS, "district_declared"]) + "\n"
              "A02-T05-01,江北国际机场T3B航站楼,,2,5,airport,江北国际机场,under_construction,2027,,,2023-03-10,,\n"
              "1,铜梁高新区配套道路,,,,road,,planned,,,,,,铜梁区\n"
              "2,某能源站,,,,energy,,planned,,,,,,\n")


@pytest.fixture(params=["csv", pytest.param("postgres", marks=pytest.mark.postgres)])
def fix_store(request, tmp_path):
    """(store, who, url): the fix ledger in either store; `who` is what that store records, `url`
    the database's (None for the file)."""
    path = tmp_path / "projects.csv"
    path.write_text(FIX_LEDGER, encoding="utf-8")
    if request.param == "csv":
        yield stores.open_store(path), "核对员", None
        return
    url = request.getfixturevalue("pg_url")
    opened = shared.open_ledger_store(url)
    pg_transfer.load_file(opened, path)
    try:
        yield opened, opened.accounts.add("核对员", "review-pw-2026", "admin"), url
    finally:
        opened.close()


def geocoded_row(ledger, project_id):
    rows = read_ledger(ledger.ledger_bytes(), ledger.filename).rows
    return geocode.geocode(rows).set_index("id").loc[project_id]


def test_a_picked_place_is_saved_through_the_store_with_history(fix_store):
    ledger, who, _ = fix_store
    place = review.suggestions(geocoded_row(ledger, "1").to_dict() | {"id": "1"})[0]
    result = review.save_fix(ledger, "1", review.location_fix(place), who, "核对", expected={"location": ""})
    assert [(c.id, c.field, c.old, c.new) for c in result.changes] == [("1", "location", "", place)]
    assert [(e.id, e.field, e.new, e.who) for e in ledger.history("1")] == [("1", "location", place, "核对员")]
    row = geocoded_row(ledger, "1")
    alone = geocode.geocode(pd.DataFrame([{"id": "x", "name_zh": "x", "location": place}])).iloc[0]
    assert row["geometry"].equals(alone["geometry"]) and row["located_by"] == alone["located_by"] != "name"
    others = ledger.snapshot().frame.set_index("id")
    assert others.at["2", "location"] == "" and others.at["A02-T05-01", "location"] == "江北国际机场"


def test_a_typed_coordinate_is_saved_and_the_row_is_drawn_there(fix_store):
    ledger, who, url = fix_store
    review.save_fix(ledger, "2", review.coordinate_fix(" 106.05", "２９.８４"), who)  # full-width digits as typed
    assert [(e.field, e.new) for e in ledger.history("2")] == [("lon", "106.05"), ("lat", "29.84")]
    row = geocoded_row(ledger, "2")
    assert row["located_by"] == "coordinate" and (row["geometry"].x, row["geometry"].y) == (106.05, 29.84)
    if url:  # the database's GIS layer (the projects view) follows the fix too
        with psycopg.connect(url) as connection:
            placed = connection.execute("SELECT ST_X(geom), ST_Y(geom), districts FROM projects WHERE id = '2'")
            assert placed.fetchall() == [(106.05, 29.84, "铜梁区")]
    # A place picked later clears the override (it would win over the location).
    review.save_fix(ledger, "2", review.location_fix("永川区"), who)
    assert geocoded_row(ledger, "2")["located_by"] == "district"
    assert geocoded_row(ledger, "2")["districts"] == ["永川区"]


@pytest.mark.parametrize("lon, lat, reason, value", [
    ("29.56", "106.55", "swapped", "29.56, 106.55"), ("东经106", "29.5", "not_number", "东经106"),
    ("106.5", "nan", "not_number", "nan"), ("116.40", "39.90", "outside", "116.40, 39.90"),
    ("106.5", "", "incomplete", "106.5")])
def test_a_bad_coordinate_is_refused_naming_it_and_nothing_is_saved(fix_store, lon, lat, reason, value):
    ledger, who, _ = fix_store
    before = ledger.ledger_bytes()
    with pytest.raises(review.FixRefused) as refused:
        review.save_fix(ledger, "2", review.coordinate_fix(lon, lat), who)
    assert (refused.value.reason, refused.value.value) == (reason, value) and value in str(refused.value)
    assert ledger.ledger_bytes() == before and ledger.history() == []


def test_a_fix_of_a_row_changed_meanwhile_is_refused(fix_store):
    ledger, who, _ = fix_store
    review.save_fix(ledger, "1", review.location_fix("铜梁区"), who)  # someone else fixed it first
    before = ledger.ledger_bytes()
    with pytest.raises(store.StaleEditError):
        review.save_fix(ledger, "1", review.location_fix("永川区"), who, expected={"location": ""})
    assert ledger.ledger_bytes() == before and len(ledger.history()) == 1
    with pytest.raises(store.UnknownProjectError):
        review.save_fix(ledger, "no-such-id", review.location_fix("永川区"), who)


# --- the 定位核对 tab (streamlit AppTest) ---------------------------------------------------------

APP = Path(__file__).resolve().parents[1] / "app.py"
PASSWORD = "review-pw-2026"


@pytest.fixture
def app_ledger(tmp_path, monkeypatch):
    path = tmp_path / "projects.csv"
    path.write_text(FIX_LEDGER, encoding="utf-8")
    monkeypatch.setenv("CYMAP_LEDGER", str(path))
    monkeypatch.setenv(auth.PASSWORD_KEY, PASSWORD)
    return path


def logged_in_app() -> AppTest:
    at = open_tab(AppTest.from_file(str(APP), default_timeout=180), "tab_edit").run()
    at.text_input(key="editor_password").input(PASSWORD)
    at.button(key="FormSubmitter:editor_login-进入编辑").click().run()
    at.text_input(key="editor_name").input("核对员").run()
    open_tab(at, "tab_review").run()  # the name typed on the Edit tab signs the fix
    assert not at.exception, at.exception
    return at


def review_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if {"定位方式", "编号"} <= set(d.value.columns)).set_index("编号")


def test_the_tab_saves_a_picked_place_and_the_map_draws_it_there(app_ledger):
    at = logged_in_app()
    assert review_table(at).at["1", "定位方式"] == "由项目名称定位"  # listed for review
    at.selectbox(key="review_id").set_value("1").run()
    place = at.selectbox(key="review_pick_1").options[0]
    at.selectbox(key="review_pick_1").set_value(place).run()
    at.button(key="review_save_pick").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert read_ledger(app_ledger).rows.set_index("id").at["1", "location"] == place
    assert [(e.who, e.id, e.field, e.new) for e in history.read_history(app_ledger)] == [
        ("核对员", "1", "location", place)]
    alone = geocode.geocode(pd.DataFrame([{"id": "x", "name_zh": "x", "location": place}])).iloc[0]
    row = geocode.geocode(read_ledger(app_ledger).rows).set_index("id").loc["1"]
    assert row["geometry"].equals(alone["geometry"])
    assert review_table(at).at["1", "地点"] == place  # the app reloaded the ledger and located the row anew
    assert review_table(at).at["1", "定位方式"] == review.LOCATED_BY[alone["located_by"]]["zh"]
    assert any(markdown_text(place) in s.value for s in at.success)


def test_the_tab_saves_a_typed_coordinate_and_refuses_a_bad_one(app_ledger):
    at = logged_in_app()
    at.selectbox(key="review_id").set_value("2").run()
    at.text_input(key="review_lon_2").input("29.56")
    at.text_input(key="review_lat_2").input("106.55").run()
    before = app_ledger.read_bytes()
    at.button(key="review_save_coord").click().run()
    assert [e.value for e in at.error] == [
        "坐标未保存：" + markdown_text("29.56, 106.55") + " — 经纬度似乎填反了（经度约 105–110，纬度约 28–32）"]
    assert app_ledger.read_bytes() == before and history.read_history(app_ledger) == []

    at.text_input(key="review_lon_2").input("106.05")
    at.text_input(key="review_lat_2").input("29.84").run()
    at.button(key="review_save_coord").click().run()
    assert not at.error, [e.value for e in at.error]
    assert [(e.id, e.field, e.new) for e in history.read_history(app_ledger)] == [
        ("2", "lon", "106.05"), ("2", "lat", "29.84")]
    row = geocode.geocode(read_ledger(app_ledger).rows).set_index("id").loc["2"]
    assert row["located_by"] == "coordinate" and (row["geometry"].x, row["geometry"].y) == (106.05, 29.84)


def test_without_an_editor_nothing_can_be_saved(app_ledger):
    at = open_tab(AppTest.from_file(str(APP), default_timeout=180), "tab_review").run()
    at.selectbox(key="review_id").set_value("2").run()
    assert at.button(key="review_save_coord").disabled and at.button(key="review_save_pick").disabled
    assert any("编辑" in c.value and "登录" in c.value for c in at.caption)


def test_a_coordinate_read_off_a_gaode_map_is_converted_to_wgs84():
    fix = review.coordinate_fix("106.55", "29.56", gcj02=True)
    back_lon, back_lat = coords.wgs84_to_gcj02(float(fix["lon"]), float(fix["lat"]))
    assert abs(float(back_lon) - 106.55) < 1e-6 and abs(float(back_lat) - 29.56) < 1e-6
    assert (fix["lon"], fix["lat"]) != ("106.55", "29.56")  # GCJ-02 is offset in China: it did move
    assert review.coordinate_fix("106.55", "29.56") == {"lon": "106.55", "lat": "29.56"}
    with pytest.raises(review.FixRefused) as refused:
        review.coordinate_fix("106.55", "北纬29", gcj02=True)
    assert (refused.value.column, refused.value.value, refused.value.reason) == ("lat", "北纬29", "not_number")


@pytest.mark.postgres
def test_on_the_shared_ledger_an_admin_saves_a_fix_and_a_district_editor_is_told_why_not(pg_url, tmp_path,
                                                                                       monkeypatch):
    path = tmp_path / "projects.csv"
    path.write_text(FIX_LEDGER, encoding="utf-8")
    opened = shared.open_ledger_store(pg_url)
    try:
        pg_transfer.load_file(opened, path)
        opened.accounts.add("tl", "tongliang-pw-1", "district_editor", ["铜梁区"])
        opened.accounts.add("admin1", "admin-pw-2026", "admin")
        monkeypatch.setenv("CYMAP_LEDGER", pg_url)
        for name, password in (("tl", "tongliang-pw-1"), ("admin1", "admin-pw-2026")):
            at = open_tab(AppTest.from_file(str(APP), default_timeout=180), "tab_edit").run()
            at.text_input(key="account_name").input(name)
            at.text_input(key="account_password").input(password)
            at.button(key="FormSubmitter:account_login-进入编辑").click().run()
            open_tab(at, "tab_review").run()
            at.selectbox(key="review_id").set_value("1").run()
            place = at.selectbox(key="review_pick_1").options[0]
            at.selectbox(key="review_pick_1").set_value(place).run()
            assert not at.exception, at.exception
            if name == "tl":
                assert at.button(key="review_save_pick").disabled
                assert any(c.value == "共享台账中，修正以导入方式保存，需要管理员账号。" for c in at.caption)
                continue
            at.button(key="review_save_pick").click().run()
            assert not at.error, [e.value for e in at.error]
        assert [(e.who, e.id, e.field, e.new) for e in opened.history()] == [("admin1", "1", "location", place)]
        assert opened.snapshot(cached=False).frame.set_index("id").at["1", "location"] == place
    finally:
        opened.close()


def test_review_table_headers_read_in_english():
    assert list(review.review_table(geocode.geocode(ROWS), "en").columns) == [
        "How located", "ID", "Name", "Location", "Declared district", "Matched", "Location precision", "Districts",
        "Warnings"]


def test_review_table_and_suggestions_read_in_the_language():
    from cymap.views.i18n import precision_label

    out = geocode.geocode(ROWS)
    for lang in ("zh", "en"):
        table = review.review_table(out, lang)
        codes = out.set_index("id").loc[table[review.header("id", lang)], "precision"]
        assert list(table[review.header("precision", lang)]) == [precision_label(c, lang) for c in codes]
    assert "district" not in set(review.review_table(out, "zh")["定位精度"])
    assert review.suggestions_text(out[out["id"] == "4"].iloc[0].to_dict(), "zh") == "可能的地名：无"
    named = geocode.geocode(ROWS.assign(name_zh=["", "", "", "铜梁高新区配套道路", ""]))
    row = named[named["id"] == "4"].iloc[0].to_dict() | {"suggestions": ["铜梁区", "巴川街道"]}  # the geocoder's first
    assert len(review.suggestions(row)) == 3
    assert review.suggestions_text(row, "zh") == "可能的地名：" + "、".join(review.suggestions(row))
    assert review.suggestions_text(row, "en") == "Possible places: " + ", ".join(review.suggestions(row))
