"""The plan action suggested from a row's category (issue 13): the evidence is the shipped plan
ledger's own rows, counted here from the ledger (never typed in), and the suggestion names it."""
from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_helpers import open_tab

from cymap import paths
from cymap.ledger import auth, history
from cymap.ledger.read import read_ledger
from cymap.ledger.schema import COLUMNS
from cymap.views import suggest
from cymap.views.edit_view import markdown_text
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


# --- the detail panel and the Edit form (streamlit AppTest) ---------------------------------------

APP = Path(__file__).resolve().parents[1] / "app.py"
PASSWORD = "suggest-pw-2026"
LEDGER = (",".join(COLUMNS) + "\n"
          "A02-T05-01,江北国际机场T3B航站楼,,2,5,airport,江北国际机场,under_construction,2027,,,2023-03-10,\n"
          "7,某区能源站,,,,能源,永川区,planned,,,,,\n")


@pytest.fixture
def app_ledger(tmp_path, monkeypatch):
    path = tmp_path / "list.csv"
    path.write_text(LEDGER, encoding="utf-8")
    monkeypatch.setenv("CYMAP_LEDGER", str(path))
    monkeypatch.setenv(auth.PASSWORD_KEY, PASSWORD)
    return path


def test_the_detail_panel_shows_the_suggestion_and_the_edit_form_saves_it(app_ledger):
    found = suggest.for_row({"action": "", "category": "energy"})
    assert found.action is not None  # the shipped ledger's energy rows are all in one action
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["selected_id"] = "7"
    at.run()
    assert not at.exception, at.exception
    basis = markdown_text(suggest.basis_text(found, "zh"))
    assert any(c.value == basis for c in at.caption)  # the detail panel (and the Edit form, once logged in)

    open_tab(at, "tab_edit").run()
    at.text_input(key="editor_password").input(PASSWORD)
    at.button(key="FormSubmitter:editor_login-进入编辑").click().run()
    at.text_input(key="editor_name").input("测试员").run()
    assert at.selectbox(key="edit_id").value == "7"
    at.button(key="edit_accept_action").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert str(read_ledger(app_ledger).rows.set_index("id").at["7", "action"]) == str(found.action)
    entries = history.read_history(app_ledger)
    assert [(e.who, e.id, e.field, e.old, e.new) for e in entries] == [("测试员", "7", "action", "", str(found.action))]
    assert suggest.basis_text(found, "zh") in entries[0].note
    assert not [b for b in at.button if b.key == "edit_accept_action"]  # it has an action now: nothing to accept
    # The editor's view of the row stays current: a status saved next is not refused as stale.
    at.selectbox(key="edit_status").set_value("completed")
    at.button(key="FormSubmitter:edit_status_form-保存").click().run()
    assert not at.error, [e.value for e in at.error]
    assert read_ledger(app_ledger).rows.set_index("id").at["7", "status"] == "completed"
