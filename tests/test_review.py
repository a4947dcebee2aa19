"""定位核对 (issue 13, item 7): rows by how they were located, suggestions, fixes as a ledger."""
from __future__ import annotations

import pandas as pd

from cymap.geo import geocode
from cymap.views import review

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


def test_review_texts_name_the_ledger_columns_in_the_language():
    """The fix note names the ledger's columns as a Chinese ledger heads them (地点, 经度, 纬度: the
    reader's header aliases), no column code in the Chinese text and no Chinese in the English."""
    import re

    from cymap.ledger.read import HEADER_ALIASES

    zh, en = review.save_note("zh"), review.save_note("en")
    for header, column in (("地点", "location"), ("经度", "lon"), ("纬度", "lat")):
        assert f"“{header}”" in zh and HEADER_ALIASES[header] == column and column in en
    assert not re.search(r"[A-Za-z]", zh) and not re.search(r"[\u4e00-\u9fff]", en)
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
