"""Issue 13, item 0: free ids, optional plan fields, the optional columns (amounts, periods,
declared district, coordinate override) and their Chinese headers."""
from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from cymap.geo.place_checks import check_places
from cymap.ledger.read import read_ledger
from cymap.ledger.validate import (
    ledger_warnings,
    normalise_amount,
    normalise_period,
    validate_rows,
)
from cymap.paths import REPO_ROOT as ROOT

BASE = {"name_zh": "某项目", "category": "industry", "status": "在建"}


def check(**values):
    """The ledger's checks, then those needing place knowledge (cymap.geo.place_checks), as load_projects does."""
    valid, problems = validate_rows(pd.DataFrame([{**BASE, **values}]).fillna(""))
    valid, place_problems = check_places(valid)
    return valid, [(p.column, p.message) for p in [*problems, *place_problems]]


@pytest.mark.parametrize("value", ["A02-T05-01", "12", "渝北-2025-003", "R_1.2", "序号12", "A2-T5-1"])
def test_free_ids_are_accepted(value):
    assert check(id=value)[1] == []


@pytest.mark.parametrize("value", ["A01-T０1-01", "A01-T٠١-01", "１２", "12 3", "#3", "A01–T01–01", "①"])
def test_look_alike_digits_and_other_signs_are_refused(value):
    assert check(id=value)[1] == [("id", "is not an id")]


def test_plan_form_id_must_still_agree_with_its_action():
    assert check(id="A02-T05-01", action="3")[1] == [("id", "says action 2 but column action is 3")]
    assert check(id="A02-T05-01", action="2", task="5")[1] == []


def test_action_task_location_source_are_optional():
    valid, problems = check(id="7")
    assert problems == []
    assert pd.isna(valid.loc[0, "action"]) and valid.loc[0, "location"] == ""
    assert [(w.column, w.message) for w in ledger_warnings(valid)] == [
        ("location", "is empty — the row is located from its name")]


def test_a_file_without_id_column_gets_row_number_ids():
    frame = pd.DataFrame([BASE, {**BASE, "name_zh": "另一个"}])
    valid, problems = validate_rows(frame)
    assert problems == [] and list(valid["id"]) == ["R1", "R2"]


@pytest.mark.parametrize("written, amount", [("12.5", "12.5"), ("12.5亿元", "12.5"), ("12.5亿", "12.5"),
                                             ("125000万元", "12.5"), ("1,250,000万", "125"), ("３亿元", "3"),
                                             ("0.35(亿元)", "0.35")])
def test_amounts_are_normalised_to_yi_yuan(written, amount):
    assert normalise_amount(written) == amount


def test_bad_amount_is_a_row_column_value_problem():
    valid, problems = check(id="1", total_investment="约十亿")
    assert valid.empty and problems == [("total_investment", "is not an amount")]


def test_completed_above_total_is_flagged():
    valid, problems = check(id="1", location="渝北区", total_investment="10亿元", completed_investment="120000万元")
    assert problems == []
    assert [w.column for w in ledger_warnings(valid)] == ["completed_investment"]


@pytest.mark.parametrize("written, period", [("2025", "2025"), ("2025年", "2025"), ("2025-06", "2025-06"),
                                             ("2025年6月", "2025-06"), ("2025.6", "2025-06"), ("2025/6", "2025-06"),
                                             ("2025-06-30", "2025-06-30"), ("2025年6月3日", "2025-06-03")])
def test_planned_dates_keep_the_precision_written(written, period):
    assert normalise_period(written) == period


def test_planned_dates_compare_as_periods():
    valid, problems = check(id="1", location="渝北区", planned_start="2025年6月", planned_completion="2025")
    assert problems == [] and ledger_warnings(valid) == []
    valid, problems = check(id="1", location="渝北区", planned_start="2025年6月", planned_completion="2024")
    assert [w.column for w in ledger_warnings(valid)] == ["planned_completion"]
    assert check(id="1", planned_start="2025-13")[1] == [("planned_start", "is not a date, month or year")]


@pytest.mark.parametrize("written, full", [("石柱县", "石柱土家族自治县"), ("秀山自治县", "秀山土家族苗族自治县"),
                                           ("彭水县", "彭水苗族土家族自治县"), ("渝北", "渝北区"), ("500112", "渝北区"),
                                           ("开县", "开州区"), ("两江新区", "两江新区")])
def test_declared_district_in_any_form(written, full):
    valid, problems = check(id="1", district_declared=written)
    assert problems == [] and valid.loc[0, "district_declared"] == full


def test_unknown_declared_district_is_refused():
    assert check(id="1", district_declared="成都市")[1] == [
        ("district_declared", "is not a district or county of Chongqing")]


def test_coordinate_override_must_lie_in_chongqing_or_context():
    assert check(id="1", lon="106.55", lat="29.56")[1] == []
    assert check(id="1", lon="104.07", lat="30.67")[1] == []  # 成都, Sichuan context
    assert check(id="1", lon="121.47", lat="31.23")[1] == [("lon", "lies outside Chongqing and its context")]
    assert check(id="1", lon="29.56", lat="106.55")[1] == [("lon", "and lat 106.55 look swapped")]
    assert check(id="1", lon="106.55")[1] == [("lat", "is empty while the other coordinate is given")]
    assert check(id="1", lon="东经106", lat="29.5")[1] == [("lon", "is not a number")]


def test_chinese_headers_of_a_published_list_are_read():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "项目名称", "建设地址", "建设内容及规模", "建设性质", "所属区县", "类别", "总投资（亿元）",
                  "年度计划投资", "累计完成投资", "牵头单位", "责任单位", "业主单位", "计划开工", "计划建成",
                  "状态日期", "来源链接", "经度", "纬度"])
    sheet.append([1, "某产业园", "何埂镇", "厂房10万平方米", "续建", "永川区", "产业", "125000万元", 3, "2亿元",
                  "市经济信息委", "永川区政府", "某公司", "2024年3月", 2026, "2025-06-30", "某报道 https://example.org",
                  106.0, 29.3])
    data = io.BytesIO()
    book.save(data)
    read = read_ledger(data.getvalue(), "list.xlsx")
    assert read.problems == []
    row = read.rows.iloc[0]
    assert (row["id"], row["location"], row["district_declared"]) == ("1", "何埂镇", "永川区")
    assert row["status"] == "under_construction"
    assert (row["total_investment"], row["annual_plan_investment"], row["completed_investment"]) == ("12.5", "3", "2")
    assert (row["planned_start"], row["planned_completion"], row["status_date"]) == ("2024-03", "2026", "2025-06-30")
    assert (row["lead_unit"], row["owner_unit"], row["lon"]) == ("市经济信息委", "某公司", "106")


def test_the_plan_ledger_stays_valid():
    read = read_ledger(ROOT / "projects.csv")
    assert read.problems == [] and len(read.rows) == read.total_rows


def test_check_sources_skips_rows_without_a_plan_action(tmp_path):
    ledger = tmp_path / "list.csv"
    ledger.write_text("id,name_zh,action,task,source\n1,某项目,,,某区2025年重点项目表\n"
                      "2,某项目,2,5,不在方案里的话\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_sources.py"), str(ledger)],
                         check=False, capture_output=True, text=True)
    assert run.returncode == 1
    assert "row 2" in run.stdout and "row 1 " not in run.stdout
    assert "1 rows checked, 1 not verbatim, 1 rows without a plan action or task skipped" in run.stdout
