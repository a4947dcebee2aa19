"""Counts behind the metrics, the Districts tab and the Data quality tab."""
from pathlib import Path

import pytest

from cymap.geo import geodata

from cymap.views import summary
from cymap.geo.projects import load_projects
from cymap.ledger.schema import STATUSES

LEDGER = Path(__file__).resolve().parent / "data" / "app_ledger.csv"


@pytest.fixture(scope="module")
def projects():
    return load_projects(LEDGER)


def test_status_counts_cover_every_status_and_sum_to_the_rows(projects):
    counts = summary.status_counts(projects.geocoded)
    assert list(counts) == list(STATUSES)
    assert sum(counts.values()) == len(projects.geocoded)


def test_rows_in_equal_rows_shown_plus_rows_reported(projects):
    rec = summary.reconcile(projects.read, projects.geocoded)
    assert rec.balanced
    assert rec.rows_in_file == 9 and rec.rows_invalid == 1 and rec.rows_valid == 8
    assert (rec.rows_municipal, rec.rows_unresolved) == (1, 1) and rec.rows_drawn == 6


def test_reconciliation_notices_a_lost_row(projects):
    rec = summary.reconcile(projects.read, projects.geocoded.iloc[1:])
    assert not rec.balanced


def test_district_table_has_every_district_of_the_division_and_counts_multi_district_rows_in_each(projects):
    for division in geodata.DIVISIONS:
        table = summary.district_status_table(projects.geocoded, division)
        assert table.index.tolist() == geodata.districts(division)["name_zh"].tolist()
        assert list(table.columns) == [*STATUSES, "total"]
        assert (table[list(STATUSES)].sum(axis=1) == table["total"]).all()
    table = summary.district_status_table(projects.geocoded, "current")
    assert table.loc["城口县", "planned"] == 1 and table.loc["巫溪县", "planned"] == 1
    assert table.loc["两江新区", "completed"] == 1  # the airport, in the current division
    old = summary.district_status_table(projects.geocoded, "2023")
    assert old.loc["渝北区", "completed"] == 1 and "两江新区" not in old.index


def test_unresolved_names_list_rows_and_suggestions(projects):
    names = summary.unresolved_names(projects.geocoded)
    assert names["name"].tolist() == ["不存在的地方XYZ"]
    assert names.loc[0, "ids"] == ["A08-T38-01"]


def test_low_precision_rows_are_district_level_or_coarser(projects):
    low = summary.low_precision_rows(projects.geocoded)
    assert set(low["precision"]) <= {"district", "municipal", "zone", "unresolved"}
    assert "A02-T05-01" not in set(low["id"]) and "A08-T38-01" in set(low["id"])


def test_problems_table_names_row_column_value(projects):
    problems = summary.problems_table(projects.read, "en")
    assert {(r.row, r.column, r.value) for r in problems.itertuples()} >= {(9, "Category", "rocket"),
                                                                           (9, "Status", "bogus")}


def test_problems_table_speaks_chinese_by_default(projects):
    """Issue 15: the Data quality tab's problems in Chinese — column, message and allowed values."""
    zh = summary.problems_table(projects.read)
    status = zh[(zh["row"] == 9) & (zh["value"] == "bogus")].iloc[0]
    assert (status["column"], status["message"]) == ("状态", "不是有效的状态")
    assert "谋划" in status["allowed"] and "planned" not in status["allowed"]
    category = zh[(zh["row"] == 9) & (zh["value"] == "rocket")].iloc[0]
    assert category["message"] == "不是有效的类别" and "机场" in category["allowed"]
    en = summary.problems_table(projects.read, "en")
    assert set(en["message"]) >= {"is not a status", "is not a category"}


def test_detail_lists_the_full_record_escaped(projects):
    row = projects.geocoded[projects.geocoded["id"] == "A10-T48-01"].iloc[0]
    fields = dict(summary.detail_fields(row, "en"))
    assert fields["Plan clause"] == row["source"] and fields["Status"].startswith("Ongoing")
    html = summary.detail_html(list(fields.items()))
    assert "<script>" not in html and "&lt;script&gt;" in summary.detail_html([("n", row["name_zh"])])


def test_table_frame_is_labelled_in_the_language(projects):
    zh = summary.table_frame(projects.geocoded, "zh")
    en = summary.table_frame(projects.geocoded, "en")
    assert len(zh) == len(en) == len(projects.geocoded)
    assert "状态" in zh.columns and "Status" in en.columns
    assert set(en["Status"]) <= {v["en"] for v in STATUSES.values()}


def test_rows_naming_a_split_2023_unit_are_listed_and_the_other_unit_shown_as_possible():
    """Issue 14 part 4: a bare 渝北区 counts in 两江新区; 北碚区 is shown as possible, never counted."""
    from cymap.geo.projects import load_projects
    from cymap.views import summary

    ledger = ("id,name_zh,action,task,category,location,status\n"
              "A01-T01-90,渝北某项目,1,1,industry,渝北区,ongoing\n"
              "A01-T01-91,茨竹镇项目,1,1,industry,渝北区茨竹镇,ongoing\n").encode()
    rows = load_projects(ledger, "split.csv").geocoded
    ambiguous = summary.ambiguous_split_rows(rows)
    assert list(ambiguous["id"]) == ["A01-T01-90"]
    bare = rows.set_index("id").loc["A01-T01-90"]
    assert "北碚区" not in bare["districts"] and "北碚区" in bare["districts_possible"]
    fields = dict(summary.detail_fields(bare, "zh"))
    assert "北碚区" in fields["可能还涉及（不计入）"]
    assert "可能还涉及（不计入）" not in dict(summary.detail_fields(rows.set_index("id").loc["A01-T01-91"], "zh"))
