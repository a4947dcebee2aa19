"""Statuses as of today (issue 14 part 1): every row dated and sourced; the app's "as of" text."""
import csv
import datetime as dt
import re

import pandas as pd
import pytest

from cymap.ledger.read import read_ledger
from cymap.ledger.schema import PLAN_DATE, STATUSES
from cymap.views import asof
from tests.conftest import ROOT

PLAN_DOCUMENT = "渝府发〔2023〕8号"
URL = re.compile(r"https?://\S+")
# A public document cited without a URL: a document number (〔2023〕8号) or a government work report.
DOCUMENT = re.compile(r"〔\d{4}〕\d+号|政府工作报告")
RESEARCHED_ON = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def rows():
    read = read_ledger(ROOT / "projects.csv")
    assert read.problems == []
    return read.rows


@pytest.fixture(scope="module")
def decisions():
    with open(ROOT / "geodata" / "research" / "status_decisions.csv", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_every_row_has_a_status_date_and_evidence(rows):
    assert (rows["status_date"].str.match(r"^\d{4}-\d{2}-\d{2}$")).all()
    assert (rows["evidence"].str.strip() != "").all()


def test_status_dates_lie_between_the_plan_and_the_research(rows):
    dates = rows["status_date"].map(dt.date.fromisoformat)
    assert (dates >= dt.date.fromisoformat(PLAN_DATE)).all()
    assert (dates <= RESEARCHED_ON).all()


def test_more_than_half_are_dated_after_the_plan_each_with_a_source(rows):
    after = rows[rows["status_date"] > PLAN_DATE]
    assert len(after) * 2 > len(rows), f"{len(after)} of {len(rows)}"
    unsourced = after[~after["evidence"].map(lambda e: bool(URL.search(e) or DOCUMENT.search(e)))]
    assert unsourced.empty, unsourced[["id", "evidence"]]
    # A post-plan date never rests on the plan itself.
    assert not after["evidence"].str.contains(PLAN_DOCUMENT, regex=False).any()


def test_rows_without_newer_evidence_keep_the_plan_and_say_so(rows):
    at_plan = rows[rows["status_date"] == PLAN_DATE]
    assert at_plan["evidence"].str.contains(PLAN_DOCUMENT, regex=False).all()
    assert at_plan["note"].str.contains("no newer public report found|kept", regex=True).all()


def test_updated_is_the_status_date_where_the_status_changed(rows, decisions):
    for row in rows.itertuples():
        decision = decisions[row.id]
        assert decision["status"] == row.status, row.id
        expected = row.status_date if row.status != decision["plan_status"] else PLAN_DATE
        assert row.updated == expected, row.id


def test_changed_statuses_cite_a_report_and_explain_in_the_note(rows, decisions):
    changed = [r for r in rows.itertuples() if r.status != decisions[r.id]["plan_status"]]
    assert len(changed) >= 15
    for row in changed:
        assert URL.search(row.evidence), row.id
        assert row.status_date > PLAN_DATE and "Status" in row.note, row.id


def test_known_openings_are_completed(rows):
    by_id = rows.set_index("id")
    for id_, date in [("A02-T05-02", "2025-04-09"), ("A02-T06-01", "2025-01-02"), ("A02-T05-05", "2024-09-29")]:
        assert by_id.loc[id_, "status"] == "completed" and by_id.loc[id_, "status_date"] == date


def test_delayed_only_with_a_report(rows):
    delayed = rows[rows["status"] == "delayed"]
    assert delayed["evidence"].map(lambda e: bool(URL.search(e))).all()


def test_central_mixc_is_at_guanyinqiao(rows):
    assert rows.set_index("id").loc["A05-T21-10", "location"] == "观音桥商圈"


def test_research_table_lists_every_row(rows):
    text = (ROOT / "docs" / "STATUS_RESEARCH.md").read_text(encoding="utf-8")
    missing = [i for i in rows["id"] if f"| {i} |" not in text]
    assert missing == []


# --- the app's "as of" text (cymap/views/asof.py) ---------------------------------------------

def small(**columns):
    base = {"id": ["A", "B", "C"], "status_date": ["2023-03-10", "2025-04-09", "2026-06-10"],
            "evidence": ["方案（渝府发〔2023〕8号）", "T3B投用（人民网 2025-04-09） http://cq.people.com.cn/n2/x.html",
                         "开工 https://example.cn/a_(b).html"]}
    base.update(columns)
    return pd.DataFrame(base)


def test_headline_names_the_newest_date_and_the_rows_older_than_a_year():
    assert asof.headline(small(), "zh", "2026-12-01") == (
        "状态截至 2026-06-10；其中 2 / 3 项的状态早于一年前（2025-12-01 之前）。")
    assert asof.headline(small(), "en", "2026-12-01") == (
        "Statuses as of 2026-06-10; 2 of 3 rows were last confirmed more than a year ago (before 2025-12-01).")


def test_headline_counts_undated_rows_and_handles_a_ledger_without_dates():
    text = asof.headline(small(status_date=["", "2025-04-09", "bad"]), "zh", "2026-12-01")
    assert text.startswith("状态截至 2025-04-09；其中 1 / 3 项") and text.endswith("另有 2 项无状态日期。")
    assert asof.headline(pd.DataFrame({"id": ["A"]}), "en") == "The ledger gives no status dates."


def test_headline_falls_back_to_updated():
    frame = pd.DataFrame({"id": ["A", "B"], "updated": ["2023-03-10", "2026-11-30"]})
    assert asof.as_of(frame, "2026-12-01").newest == dt.date(2026, 11, 30)


def test_headline_of_the_shipped_ledger(rows):
    info = asof.as_of(rows, RESEARCHED_ON)
    assert info.newest is not None and info.newest > dt.date(2026, 1, 1) and info.undated == 0
    assert asof.headline(rows, "zh", RESEARCHED_ON).startswith(f"状态截至 {info.newest.isoformat()}")


def test_evidence_parts_split_title_and_url():
    assert asof.evidence_parts("T3B投用（人民网 2025-04-09） http://cq.people.com.cn/n2/x.html") == (
        "T3B投用（人民网 2025-04-09）", "http://cq.people.com.cn/n2/x.html")
    assert asof.evidence_parts(PLAN_DOCUMENT) == (PLAN_DOCUMENT, None)
    assert asof.evidence_parts(None) == ("", None)


def test_detail_line_links_the_evidence_and_keeps_ledger_text_inert():
    row = {"status_date": "2025-04-09", "evidence": "[click](javascript:alert(1)) 报道 https://example.cn/a_(b).html"}
    text = asof.detail_markdown(row, "zh")
    assert text.startswith("**状态日期** 2025-04-09")
    assert "(https://example.cn/a_%28b%29.html)" in text  # parentheses cannot end the link early
    assert "\\[click\\]\\(javascript\\:alert\\(1\\)\\)" in text  # the title's Markdown is escaped, not a link
    assert asof.detail_markdown({"status_date": "2023-03-10", "evidence": PLAN_DOCUMENT}, "en") == (
        "**Status as of** 2023-03-10  \n**Evidence** " + PLAN_DOCUMENT)


def test_every_status_has_a_label_used_in_the_headline_languages():
    for status in STATUSES:
        assert STATUSES[status]["zh"] and STATUSES[status]["en"]


def test_evidence_of_every_row_splits_into_the_recorded_title_and_url(rows, decisions):
    for row in rows.itertuples():
        title, url = asof.evidence_parts(row.evidence)
        assert (title, url or "") == (decisions[row.id]["evidence"], decisions[row.id]["evidence_url"]), row.id
