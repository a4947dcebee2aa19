"""Issue 15's finished text outside the map: the Districts tab counts within the filter with sensible
ticks and full wrapped names; table cells and detail fields in words; CLI messages in --lang."""
import json

import pandas as pd
import pytest

from cymap.geo.projects import load_projects
from cymap.views import districts_chart, summary
from cymap.views.filters import FilterSpec, apply_filters
from cymap.views.i18n import TEXT, locale_language, t

from pathlib import Path

LEDGER = Path(__file__).resolve().parent / "data" / "app_ledger.csv"


@pytest.fixture(scope="module")
def geocoded():
    return load_projects(LEDGER).geocoded


def test_district_filter_lists_only_the_selected_district(geocoded):
    spec = FilterSpec(districts=["万州区"])
    table = districts_chart.district_table(apply_filters(geocoded, spec), spec)
    assert table.index.tolist() == ["万州区"]  # not its neighbours that shared items also touch
    region = FilterSpec(regions=["渝东北三峡库区城镇群"])
    rows = districts_chart.district_table(apply_filters(geocoded, region), region).index.tolist()
    assert "万州区" in rows and "渝中区" not in rows
    whole = districts_chart.district_table(geocoded, FilterSpec())
    assert len(whole) == len(summary.district_status_table(geocoded))


def test_ticks_are_whole_numbers_on_a_1_2_5_step():
    assert districts_chart.tick_step(3) == 1 and districts_chart.tick_step(45) == 10
    assert districts_chart.tick_step(12) == 2 and districts_chart.tick_step(130) == 50


def test_long_names_wrap_and_are_never_cut(geocoded):
    wrapped = districts_chart.wrap_name("Youyang Tujia and Miao Autonomous County", "en")
    assert wrapped.replace(districts_chart.LINE_BREAK, " ") == "Youyang Tujia and Miao Autonomous County"
    assert all(len(line) <= 18 for line in wrapped.split(districts_chart.LINE_BREAK))
    spec = districts_chart.chart(summary.district_status_table(geocoded), "en").to_dict()
    y = spec["encoding"]["y"]
    assert y["axis"]["labelLimit"] == 0 and "split(" in y["axis"]["labelExpr"]
    x = spec["encoding"]["x"]["axis"]
    assert x["format"] == "d" and len(x["values"]) <= 8


def test_district_table_headers_in_the_language(geocoded):
    shown = districts_chart.shown_table(summary.district_status_table(geocoded), "zh")
    assert shown.index.name == "区县" and "合计" in shown.columns and "total" not in shown.columns


def test_table_cells_and_detail_fields_are_words(geocoded):
    frame = summary.table_frame(geocoded, "zh")
    assert "id" not in frame.columns and t("id", "zh") in frame.columns
    for column in frame.columns:
        assert not frame[column].map(lambda v: v is None or (not isinstance(v, str) and pd.isna(v))).any(), column
    assert "None" not in frame.to_csv() and "<NA>" not in frame.to_csv()
    for lang in ("zh", "en"):
        for row in geocoded.to_dict("records"):
            text = json.dumps(summary.detail_fields(row, lang), ensure_ascii=False)
            assert "IATI" not in text and "(exact)" not in text and "(alias)" not in text
            if lang == "en":
                assert "、" not in text
    assert set(summary.column_labels("zh")) == {"row", "column", "value", "message", "allowed", "name", "ids",
                                                 "suggestions"}


def test_cli_messages_follow_lang_and_the_locale(tmp_path, capsys):
    from cymap.cli import main

    assert locale_language({"LANG": "zh_CN.UTF-8"}) == "zh" and locale_language({"LANG": "C.UTF-8"}) == "en"
    assert locale_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    main(["validate", str(LEDGER), "--lang", "zh"])
    assert "行" in capsys.readouterr().err
    main(["validate", str(LEDGER), "--lang", "en"])
    assert "rows read" in capsys.readouterr().err
    assert all("zh" in v and "en" in v for k, v in TEXT.items() if k.startswith("cli_"))
