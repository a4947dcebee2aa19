"""Issue 17 item 3: 滞后 derived from the planned dates (cymap.views.late), the late list by lead
unit and district, its CSV/XLSX export (neutralised), the CLI command and the detail panel."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from cymap import cli
from cymap.geo.projects import load_projects
from cymap.print import late_list
from cymap.views import late, summary
from tests.test_investment import HEADER, ROWS, gbk_csv

TODAY = "2026-12-01"
EXPECTED = {"A02-T05-01": late.LATE_COMPLETION, "A02-T05-02": late.LATE_START, "A02-T06-01": late.DUE_SOON,
            "A06-T28-01": late.LATE_START, "A10-T48-01": late.LATE_COMPLETION}


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory):
    return gbk_csv(tmp_path_factory.mktemp("late") / "台账.csv")


@pytest.fixture(scope="module")
def geocoded(ledger_path):
    return load_projects(ledger_path).geocoded


def test_the_late_list_is_right_on_known_dates(geocoded):
    report = late.late_rows(geocoded, TODAY)
    assert dict(zip(report.rows["id"], report.rows["flag"])) == EXPECTED
    assert (report.late, report.at_risk, report.total) == (4, 1, len(ROWS))
    assert "A09-T45-01" not in set(report.rows["id"])  # completed: never late


def test_the_recorded_status_is_never_changed(geocoded):
    before = geocoded["status"].copy()
    report = late.late_rows(geocoded, TODAY)
    assert geocoded["status"].equals(before)
    statuses = dict(zip(report.rows["id"], report.rows["status"]))
    assert statuses["A02-T05-01"] == "under_construction" and statuses["A06-T28-01"] == "delayed"


@pytest.mark.parametrize(("record", "today", "kind"), [
    ({"status": "preparing", "planned_start": "2025-06"}, "2025-06-30", ""),  # the month has not passed
    ({"status": "preparing", "planned_start": "2025-06"}, "2025-07-01", late.LATE_START),
    ({"status": "preparing", "planned_start": "2025"}, "2025-12-31", ""),  # a year runs to Dec 31
    ({"status": "under_construction", "planned_start": "2024"}, "2026-01-01", ""),  # started
    ({"status": "completed", "planned_completion": "2024-05-01"}, "2026-01-01", ""),
    ({"status": "under_construction", "planned_completion": "2025-12-31"}, "2026-01-01", late.LATE_COMPLETION),
    ({"status": "planned", "planned_start": "2020", "planned_completion": "2021"}, "2026-01-01",
     late.LATE_COMPLETION),  # the worse of the two
    ({"status": "delayed"}, "2026-01-01", late.RECORDED_DELAYED),
    ({"status": "planned", "planned_completion": "2026-06"}, "2026-01-01", late.DUE_SOON),
    ({"status": "planned", "planned_completion": "2027-06"}, "2026-01-01", ""),
    ({"status": "under_construction", "planned_completion": "2026-03"}, "2026-01-01", ""),  # underway, not late yet
    ({"status": "planned"}, "2026-01-01", ""),  # no dates, no flag
])
def test_flag_rules(record, today, kind):
    assert late.flag_of(record, today).kind == kind


def test_the_list_is_grouped_by_lead_unit_then_district_empty_last(geocoded):
    rows = late.late_rows(geocoded, TODAY).rows
    units = rows["lead_unit"].tolist()
    assert units[-1] == "" and units[:-1] == sorted(units[:-1])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_row_says_why(geocoded, lang):
    frame = late.list_frame(late.late_rows(geocoded, TODAY), lang)
    reasons = frame.iloc[:, list(late.LIST_COLUMNS).index("reason")]
    assert reasons.str.contains(TODAY).all()
    by_id = dict(zip(frame.iloc[:, 2], reasons))
    assert "2025-12" in by_id["A02-T05-01"]
    assert ("计划开工 2025" if lang == "zh" else "Planned start 2025") in by_id["A02-T05-02"]


def test_detail_panel_explains_the_flag(geocoded):
    row = geocoded[geocoded["id"] == "A02-T05-02"].iloc[0]
    label, text = late.detail_field(row, "zh", TODAY)
    assert label == "滞后（推算）" and "开工滞后" in text and "前期" in text
    assert late.detail_field(geocoded[geocoded["id"] == "A09-T45-01"].iloc[0], "en", TODAY) is None
    fields = dict(summary.detail_fields(row, "en"))  # the panel, with today's date
    assert "Late (derived)" in fields


def test_exports_neutralise_formula_cells(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][HEADER.index("牵头单位")] = "=HYPERLINK(\"http://x\")"
    frame = load_projects(gbk_csv(tmp_path / "f.csv", rows)).geocoded
    report = late.late_rows(frame, TODAY)
    text = late_list.render(report, "csv", "zh").decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    book = openpyxl.load_workbook(io.BytesIO(late_list.render(report, "xlsx", "en")))
    cells = [c.value for row in book.active.iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and all(not str(c).startswith("=") for c in cells if c)
    back = pd.read_csv(io.StringIO(text), dtype=str)
    assert len(back) == len(report.rows)


def test_cli_prints_and_writes_the_list(ledger_path, tmp_path, capsys):
    assert cli.main(["late", "--ledger", str(ledger_path), "--today", TODAY, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 late and 1 at risk of 6 rows (as of 2026-12-01)")
    assert "市交通运输委 · Bishan District (1)" in out
    target = tmp_path / "late.xlsx"
    assert cli.main(["late", "--ledger", str(ledger_path), "--today", TODAY, "--out", str(target)]) == 0
    sheet = openpyxl.load_workbook(target).active
    assert sheet.max_row == 1 + len(EXPECTED) and sheet["A1"].value == "牵头单位"
    assert cli.main(["late", "--ledger", str(ledger_path), "--out", str(tmp_path / "x.pdf")]) == 2
    assert cli.main(["late", "--ledger", str(ledger_path), "--today", "2026-13-01"]) == 2


def test_a_ledger_without_planned_dates_has_no_late_rows(geocoded):
    plain = geocoded.drop(columns=["planned_start", "planned_completion"]).assign(status="planned")
    report = late.late_rows(plain, dt.date(2030, 1, 1))
    assert report.rows.empty
    assert "none of 6 rows" in late.format_report(report, "en")[0]
