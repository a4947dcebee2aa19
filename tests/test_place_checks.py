"""The checks that need place knowledge live in the geo layer (cymap.geo.place_checks): the ledger
layer checks rows on their own; load_projects and `validate` add the 所属区县 and lon/lat checks."""
from __future__ import annotations

import pandas as pd

from cymap.cli import main
from cymap.geo.place_checks import check_places, checked_read
from cymap.geo.projects import load_projects
from cymap.ledger.read import read_ledger
from cymap.ledger.validate import validate_rows

BASE = {"name_zh": "某项目", "category": "industry", "status": "在建"}


def test_the_ledger_layer_alone_accepts_an_unknown_district_and_a_far_point():
    valid, problems = validate_rows(pd.DataFrame([{**BASE, "id": "1", "district_declared": "成都市"},
                                                  {**BASE, "id": "2", "lon": "121.47", "lat": "31.23"}]).fillna(""))
    assert problems == [] and len(valid) == 2


def test_place_checks_report_row_column_value_and_drop_the_rows():
    valid, _ = validate_rows(pd.DataFrame([{**BASE, "id": "1", "district_declared": "成都市"},
                                           {**BASE, "id": "2", "lon": "121.47", "lat": "31.23"},
                                           {**BASE, "id": "3", "district_declared": "渝北"}]).fillna(""))
    checked, problems = check_places(valid)
    assert [(p.row, p.column, p.value, p.message) for p in problems] == [
        (1, "district_declared", "成都市", "is not a district or county of Chongqing"),
        (2, "lon", "121.47, 31.23", "lies outside Chongqing and its context")]
    assert list(checked["id"]) == ["3"] and checked.loc[0, "district_declared"] == "渝北区"


def _ledger(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("序号,项目名称,建设地点,所属区县,类别,状态\n1,甲,何埂镇,永川区,产业,在建\n"
                    "2,乙,某地,成都市,产业,在建\n", encoding="utf-8")
    return path


def test_checked_read_moves_failing_rows_to_the_invalid_ones(tmp_path):
    read = checked_read(read_ledger(_ledger(tmp_path)))
    assert list(read.rows["id"]) == ["1"] and read.problem_rows == 1
    assert list(read.invalid_rows["id"]) == ["2"]


def test_load_projects_and_validate_apply_the_place_checks(tmp_path, capsys):
    path = _ledger(tmp_path)
    projects = load_projects(path)
    assert list(projects.geocoded["id"]) == ["1"]
    assert [p.column for p in projects.problems] == ["district_declared"]
    assert main(["validate", str(path)]) == 1
    assert "row 2, column district_declared: value '成都市'" in capsys.readouterr().out
