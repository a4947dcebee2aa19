"""`python -m cymap stale`: rows whose status is older than N months, by district and lead unit."""
import datetime as dt

import pandas as pd
import pytest

from cymap.cli import main
from cymap.views import stale
from tests.conftest import ROOT

HEADER = ("id,name_zh,name_en,action,task,category,location,status,target_year,target,source,updated,note,"
          "status_date,evidence{extra}\n")


def write(tmp_path, rows, extra=""):
    path = tmp_path / "ledger.csv"
    path.write_text(HEADER.format(extra=extra) + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("day, months, expected", [
    ("2026-12-01", 6, "2026-06-01"),
    ("2026-03-31", 1, "2026-02-28"),   # clamped to the month's last day
    ("2024-03-31", 1, "2024-02-29"),   # leap year
    ("2026-01-15", 13, "2024-12-15"),  # across two year boundaries
    ("2026-12-01", 0, "2026-12-01"),
])
def test_months_before_counts_calendar_months(day, months, expected):
    assert stale.months_before(dt.date.fromisoformat(day), months).isoformat() == expected


def frame(**columns):
    base = {"id": ["A", "B", "C", "D"], "name_zh": ["甲", "乙", "丙", "丁"],
            "status": ["ongoing", "completed", "ongoing", "planned"],
            "status_date": ["2023-03-10", "2026-10-01", "", "2026-05-31"],
            "primary_district": ["万州区", "万州区", "", "渝中区"]}
    base.update(columns)
    return pd.DataFrame(base)


def test_rows_older_than_the_cutoff_and_undated_rows_are_stale():
    report = stale.stale_rows(frame(), months=6, today="2026-12-01")
    assert report.cutoff == dt.date(2026, 6, 1)
    assert set(report.rows["id"]) == {"A", "C", "D"}  # B (2026-10-01) is recent
    assert report.total == 4 and not report.by_unit


def test_a_date_on_the_cutoff_is_not_stale():
    report = stale.stale_rows(frame(status_date=["2026-06-01"] * 4), months=6, today="2026-12-01")
    assert report.rows.empty
    assert "没有超过 6 个月未更新的项目" in stale.format_report(report, "zh")[0]


def test_sorted_by_official_district_order_with_municipality_wide_rows_last():
    report = stale.stale_rows(frame(), months=6, today="2026-12-01")
    # adcode order: 万州区 (500101) before 渝中区 (500103); rows without a district last.
    assert report.rows["district"].tolist() == ["万州区", "渝中区", ""]


def test_grouped_by_lead_unit_only_when_a_unit_is_given():
    plain = stale.stale_rows(frame(lead_unit=["", "", "", ""]), months=6, today="2026-12-01")
    assert not plain.by_unit
    report = stale.stale_rows(frame(lead_unit=["市发展改革委", "", "", "市交通运输委"]), months=6, today="2026-12-01")
    assert report.by_unit
    lines = stale.format_report(report, "zh")
    assert "  牵头单位: 市发展改革委 (1)" in lines
    assert "  牵头单位: 未填牵头单位 (1)" in lines  # C, municipality-wide, no unit
    en = stale.format_report(report, "en")
    assert en[0].startswith("Rows whose status is older than 6 months: 3 of 4")
    assert "Municipality-wide (no district) (1)" in en


def test_falls_back_to_updated_without_status_date():
    data = frame().drop(columns=["status_date"]).assign(updated=["2026-11-01", "2020-01-01", "2026-11-30", ""])
    report = stale.stale_rows(data, months=6, today="2026-12-01")
    assert report.rows["id"].tolist() == ["B", "D"]  # B old, D undated


def test_report_lines_show_date_age_and_status_label():
    report = stale.stale_rows(frame(), months=6, today="2026-12-01")
    lines = stale.format_report(report, "zh")
    assert lines[0] == "状态超过 6 个月未更新的项目：3 / 4 项（今天 2026-12-01，截止线 2026-06-01）"
    assert "  A  甲  [持续推进]  2023-03-10 (44 个月前)" in lines
    assert "  C  丙  [持续推进]  无日期" in lines


def test_negative_months_refused():
    with pytest.raises(ValueError):
        stale.stale_rows(frame(), months=-1, today="2026-12-01")


def test_cli_lists_stale_rows_by_district_and_exits_zero(tmp_path, capsys):
    path = write(tmp_path, [
        "A02-T05-02,航站楼,T,2,5,airport,江北国际机场,completed,,,s,2025-04-09,,2025-04-09,报道 https://x.cn/a",
        "A02-T08-05,跳蹬水库,R,2,8,water,开州区,under_construction,,,s,2023-03-10,,2026-11-20,报道 https://x.cn/b",
        "A03-T10-02,鲲鹏,K,3,10,digital,重庆市,ongoing,,,s,2023-03-10,,2023-03-10,渝府发〔2023〕8号",
    ])
    assert main(["stale", "--ledger", str(path), "--today", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "2 / 3" in out
    assert "A02-T05-02  航站楼  [建成投用]  2025-04-09 (19 个月前)" in out
    assert "A03-T10-02" in out and "全市（无具体区县）" in out
    assert "A02-T08-05" not in out  # confirmed ten days ago


def test_cli_months_and_english(tmp_path, capsys):
    path = write(tmp_path, [
        "A02-T05-02,航站楼,T,2,5,airport,江北国际机场,completed,,,s,2025-04-09,,2025-04-09,报道 https://x.cn/a",
    ], extra="")
    assert main(["stale", "--ledger", str(path), "--today", "2026-12-01", "--months", "24", "--lang", "en"]) == 0
    assert "No row's status is older than 24 months" in capsys.readouterr().out


def test_cli_groups_by_lead_unit_column(tmp_path, capsys):
    path = write(tmp_path, [
        "A02-T05-02,航站楼,T,2,5,airport,江北国际机场,completed,,,s,2025-04-09,,2025-04-09,报道 https://x.cn/a,市交通运输委",
        "A03-T10-02,鲲鹏,K,3,10,digital,重庆市,ongoing,,,s,2023-03-10,,2023-03-10,渝府发〔2023〕8号,",
    ], extra=",lead_unit")
    assert main(["stale", "--ledger", str(path), "--today", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "牵头单位: 市交通运输委 (1)" in out and "牵头单位: 未填牵头单位 (1)" in out


def test_cli_bad_arguments_are_errors(tmp_path, capsys):
    path = write(tmp_path, ["A03-T10-02,鲲鹏,K,3,10,digital,重庆市,ongoing,,,s,2023-03-10,,2023-03-10,x"])
    with pytest.raises(SystemExit):
        main(["stale", "--ledger", str(path), "--months", "six"])
    assert main(["stale", "--ledger", str(path), "--today", "1 Dec 2026"]) == 2
    assert "error:" in capsys.readouterr().err


def test_cli_on_the_shipped_ledger(capsys):
    assert main(["stale", "--ledger", str(ROOT / "projects.csv"), "--today", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("状态超过 6 个月未更新的项目：")
