"""Issue 17 items 4–5: the plan's quantified 2027 targets (geodata/targets.csv, cymap.views.targets)
and the pack's targets page (cymap.print.targets_page)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from cymap.paths import DEFAULT_LEDGER, REPO_ROOT
from cymap.print import targets_page
from cymap.print.layout import Page
from cymap.views import targets
from cymap.views.filters import FilterSpec

PLAN = (REPO_ROOT / "docs" / "action-plan-2023-2027.zh.txt").read_text(encoding="utf-8")
TABLE = targets.load()
LEDGER_IDS = set(pd.read_csv(DEFAULT_LEDGER, dtype=str, keep_default_na=False)["id"])


def squeezed(text: str) -> str:
    """Whitespace and the text's ** bold marks out, as scripts/check_sources.py compares quotes."""
    return re.sub(r"\s+", "", text).replace("**", "")


PLAN_SQUEEZED = squeezed(PLAN)


def test_the_table_has_every_target_once_in_plan_order():
    assert TABLE["target_id"].tolist() == [f"T{n:02d}" for n in range(1, len(TABLE) + 1)]
    assert len(TABLE) == 138
    positions = [PLAN_SQUEEZED.find(squeezed(c)) for c in TABLE["clause"]]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("target_id", "clause"), list(zip(TABLE["target_id"], TABLE["clause"])))
def test_each_clause_is_quoted_verbatim_from_the_plan(target_id, clause):
    assert squeezed(clause) in PLAN_SQUEEZED, f"{target_id}: {clause}"
    if "**" in clause:  # kept as the text has it, so the raw quote is a substring too
        assert re.sub(r"\s+", "", clause) in re.sub(r"\s+", "", PLAN)


@pytest.mark.parametrize("record", TABLE.to_dict("records"), ids=list(TABLE["target_id"]))
def test_each_target_has_a_latest_value_or_says_none_was_found(record):
    assert record["goal_year"] == "2027" and record["comparator"] in targets.COMPARATORS
    assert not pd.isna(record["goal_value"]) and record["unit"]
    if record["latest"]:
        assert not pd.isna(record["latest_value"]) and record["latest_date"] and record["latest_url"].startswith("http")
        assert record["latest_source"] != targets.NO_FIGURE
    else:
        assert record["latest_source"] == targets.NO_FIGURE  # exactly these words
        assert not record["latest_date"] and not record["latest_url"] and pd.isna(record["progress"])
    if record["baseline"]:
        assert not pd.isna(record["baseline_value"]) and record["baseline_year"] and record["baseline_source"]


@pytest.mark.parametrize(("words", "goal", "unit"), [
    ("高铁运营里程", 1900, "公里"), ("高速公路通车里程", 5000, "公里"), ("机场旅客吞吐能力", 8000, "万人次"),
    ("港口货物吞吐能力", 2.5, "亿吨"), ("抽水蓄能", 120, "万千瓦"), ("储气库工作气量", 40, "亿立方米"),
    ("新增年供水能力", 5, "亿立方米"),
])
def test_the_issues_examples_are_targets(words, goal, unit):
    found = TABLE[TABLE["clause"].str.contains(words) & (TABLE["goal_value"] == goal) & (TABLE["unit"] == unit)]
    assert len(found) == 1, words


def test_linked_rows_are_ledger_rows():
    linked = [i for ids in TABLE["ids"] for i in ids]
    assert linked and set(linked) <= LEDGER_IDS
    t12 = TABLE[TABLE["target_id"] == "T12"].iloc[0]  # 高铁: the high-speed lines of action 2
    assert t12["ids"] and all(i.startswith("A02-") for i in t12["ids"])


def test_figures_of_the_table():
    counts = targets.counts(TABLE, LEDGER_IDS)
    assert counts == {"targets": 138, "with_latest": int((TABLE["latest"] != "").sum()),
                      "met": int(TABLE["met"].eq(True).sum()), "linked": int(TABLE["ids"].map(bool).sum())}
    assert counts["with_latest"] == 31 and counts["linked"] == 55


@pytest.mark.parametrize(("goal", "baseline", "latest", "comparator", "expected"), [
    (1900, 840, 1356, ">=", (1356 - 840) / (1900 - 840)),
    (3, None, 2.5, ">=", 2.5 / 3),
    (2.2, 2.27, 2.5, ">=", 1.0),  # met, whatever the baseline says
    (2.3, None, 2.24, "<=", 1.0),
    (2.3, 2.6, 2.45, "<=", (2.6 - 2.45) / (2.6 - 2.3)),
    (2.3, None, 2.5, "<=", 2.3 / 2.5),
    (10, 12, 8, ">=", 0.8),  # a baseline on the wrong side of the goal is not used
    (3925, None, 3028, "=", 3028 / 3925),
    (100, None, None, ">=", None),
])
def test_progress(goal, baseline, latest, comparator, expected):
    value = targets.progress(goal, baseline, latest, comparator)
    assert value == pytest.approx(expected) if expected is not None else value is None


def test_progress_in_the_table_matches_the_rule():
    row = TABLE[TABLE["target_id"] == "T12"].iloc[0]  # 高铁: 840 (2020) -> 1356 -> 1900
    assert row["progress"] == pytest.approx((1356 - 840) / (1900 - 840)) and row["met"] is False


def test_restrict_and_known_target():
    view = pd.DataFrame({"id": sorted(LEDGER_IDS)})
    t12 = TABLE[TABLE["target_id"] == "T12"].iloc[0]
    assert set(targets.restrict(view, "T12")["id"]) == set(t12["ids"])
    assert len(targets.restrict(view, "")) == len(view) and len(targets.restrict(view, "T999")) == len(view)
    assert targets.known_target("T12") == "T12" and targets.known_target("<b>") == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_display_table_is_bilingual_and_says_when_nothing_was_found(lang):
    table = targets.display_table(TABLE, LEDGER_IDS, lang)
    assert len(table) == 138
    sources = table.iloc[:, 6]
    assert (sources == ("未找到公开数据" if lang == "zh" else "no public figure found")).sum() == 107
    path = table.iloc[11, 2]
    assert "840" in path and "1,356" in path and "≥1,900 公里 (2027)" in path


def test_the_chart_frame_has_every_target_with_a_latest_value():
    frame = targets.chart_frame(TABLE, "en")
    assert len(frame) == 31 and frame["progress"].between(0, 100).all()
    chart = targets.bullet_chart(TABLE, "zh").to_dict()
    assert len(chart["layer"]) == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pack_page_draws_each_target_with_a_latest_value(lang):
    fig = targets_page.targets_page(FilterSpec(), LEDGER_IDS, page=Page(), dpi=60, lang=lang, title="t", subtitle="s",
                                    right_text="p")
    texts = [text.get_text() for ax in fig.axes for text in ax.texts]
    drawn = targets_page.drawn_targets(FilterSpec())
    assert len(drawn) == 31
    for target_id in drawn["target_id"]:
        assert any(text.startswith(f"{target_id}  ") for text in texts), target_id
    assert "100%" in texts  # met targets
    note = " ".join(t.get_text() for t in fig.texts)
    assert "138" in note and "107" in note


def test_the_pack_page_follows_the_actions_filter():
    drawn = targets_page.drawn_targets(FilterSpec(actions=[2]))
    assert set(drawn["action"]) == {2} and len(drawn) == int(((TABLE["action"] == 2) & (TABLE["latest"] != "")).sum())
