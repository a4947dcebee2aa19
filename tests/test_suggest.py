"""The plan action suggested from a row's category (issue 13): the evidence is the shipped plan
ledger's own rows, counted here from the ledger (never typed in), and the suggestion names it."""
from __future__ import annotations

import re
from fractions import Fraction

import pandas as pd
import pytest

from cymap import paths
from cymap.ledger.read import read_ledger
from cymap.views import suggest
from cymap.views.i18n import action_label, category_label

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def plan_rows() -> pd.DataFrame:
    rows = read_ledger(paths.DEFAULT_LEDGER).rows
    return rows[rows["action"].notna()]


def expected(plan_rows: pd.DataFrame, category: str) -> tuple[int | None, int, int]:
    """(suggested action or None, rows in the leading action, rows of the category), from the ledger."""
    tally = plan_rows.loc[plan_rows["category"] == category, "action"].astype(int).value_counts()
    if tally.empty:
        return None, 0, 0
    top = int(tally.max())
    leader = min(int(a) for a, n in tally.items() if n == top)
    total = int(tally.sum())
    clear = top >= suggest.MIN_ROWS and Fraction(top, total) >= suggest.MIN_SHARE
    return (leader if clear else None), top, total


def test_every_category_follows_the_shipped_ledgers_counts(plan_rows):
    counts = suggest.plan_counts()
    reasons = set()
    for category in sorted(set(plan_rows["category"])):
        found = suggest.suggest_action(category, counts)
        action, top, total = expected(plan_rows, category)
        assert (found.action, found.count, found.total) == (action, top, total), category
        assert sum(n for _, n in found.counts) == total
        reasons.add(found.reason)
    assert {"suggested", "split"} <= reasons  # the shipped ledger has clear and split categories both


def test_the_basis_names_the_counts_and_the_action(plan_rows):
    counts = suggest.plan_counts()
    category = next(c for c in sorted(set(plan_rows["category"])) if expected(plan_rows, c)[0] is not None)
    action, top, total = expected(plan_rows, category)
    found = suggest.suggest_action(category, counts)
    for lang in ("zh", "en"):
        text = suggest.basis_text(found, lang)
        assert action_label(action, lang) in text and category_label(category, lang) in text
        assert f"{top}" in text and f"{total}" in text
    assert not re.search(r"[A-Za-z]", suggest.basis_text(found, "zh"))  # no English in the Chinese UI
    assert not CJK.search(suggest.basis_text(found, "en"))


def test_split_and_absent_evidence_gives_no_suggestion(plan_rows):
    counts = suggest.plan_counts()
    split = next(c for c in sorted(set(plan_rows["category"])) if expected(plan_rows, c)[0] is None
                 and Fraction(*expected(plan_rows, c)[1:]) < suggest.MIN_SHARE)
    found = suggest.suggest_action(split, counts)
    assert found.action is None and found.reason == "split"
    for lang in ("zh", "en"):
        assert category_label(split, lang) in suggest.basis_text(found, lang)
    assert suggest.basis_text(found, "zh").startswith("无建议行动")
    absent = suggest.suggest_action("no_such_category", counts)
    assert (absent.action, absent.reason, absent.total) == (None, "absent", 0)


def test_too_few_rows_in_one_action_is_no_evidence():
    counts = suggest.action_counts(pd.DataFrame({"category": ["port", "port"], "action": [2, 2]}))
    found = suggest.suggest_action("port", counts)
    assert (found.action, found.reason, found.count) == (None, "few", 2)
    counts = suggest.action_counts(pd.DataFrame({"category": ["port"] * 3, "action": [2, 2, 2]}))
    assert suggest.suggest_action("port", counts).action == 2


def test_only_rows_without_an_action_get_one_and_the_category_is_read_as_users_write_it(plan_rows):
    action, _, _ = expected(plan_rows, "energy")
    assert action is not None
    assert suggest.for_row({"action": 2, "category": "energy"}) is None
    assert suggest.for_row({"action": pd.NA, "category": "energy"}).action == action
    assert suggest.for_row({"action": "", "category": "能源"}).action == action  # the Chinese name, as in a list
