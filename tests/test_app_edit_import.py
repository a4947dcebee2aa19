"""The Edit tab's import and half-yearly review (app_tabs/edit.py) through streamlit AppTest: the
preview shown is the one applied, its changes are recorded under the editor's name and counted in
the review; an upload with problems is shown and cannot be applied."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from app_helpers import open_tab

from cymap.ledger import auth, history
from cymap.ledger.read import read_ledger
from cymap.views.i18n import TEXT
from tests.ledger_fixtures import ROOT, SMALL_LEDGER

LOGIN = "FormSubmitter:editor_login-进入编辑"
PASSWORD = "import-口令-2025"


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    monkeypatch.setenv("CYMAP_LEDGER", str(path))
    monkeypatch.setenv(auth.PASSWORD_KEY, PASSWORD)
    return path


def logged_in() -> AppTest:
    at = open_tab(AppTest.from_file(str(ROOT / "app.py"), default_timeout=180), "tab_edit").run()
    at.text_input(key="editor_password").input(PASSWORD)
    at.button(key=LOGIN).click().run()
    at.text_input(key="editor_name").input("导入员").run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, data: bytes) -> AppTest:
    at.file_uploader(key="edit_upload").set_value(("upload.csv", data, "text/csv"))
    return at.run()


def since_count(at: AppTest) -> list[str]:
    prefix, _ = TEXT["edit_since_count"]["zh"].split("{count}")
    return [c.value for c in at.caption if c.value.startswith(prefix)]


def test_import_previews_applies_records_the_editor_and_is_counted_in_the_review(ledger):
    at = logged_in()
    assert since_count(at) == [TEXT["edit_since_count"]["zh"].format(count=0)]
    text = ledger.read_text(encoding="utf-8")
    changed = text.replace(",planned,,,谋划长寿湖生态,", ",completed,,,谋划长寿湖生态,")
    assert changed != text
    at = upload(at, changed.encode("utf-8"))
    assert not at.error, [e.value for e in at.error]
    assert at.text, "the preview's summary is shown before anything is applied"
    assert ledger.read_text(encoding="utf-8") == text  # a preview writes nothing
    at.button(key="edit_apply").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    entries = history.read_history(ledger)
    assert entries and {e.who for e in entries} == {"导入员"}
    assert ("A06-T28-01", "status", "completed") in {(e.id, e.field, e.new) for e in entries}
    assert read_ledger(ledger).rows.set_index("id").at["A06-T28-01", "status"] == "completed"
    assert TEXT["edit_applied"]["zh"].format(count=len(entries)) in [s.value for s in at.success]
    assert since_count(at) == [TEXT["edit_since_count"]["zh"].format(count=len(entries))]


def test_an_upload_with_problems_is_shown_and_cannot_be_applied(ledger):
    at = logged_in()
    text = ledger.read_text(encoding="utf-8")
    broken = text.replace(",planned,,,谋划长寿湖生态,", ",no-such-status,,,谋划长寿湖生态,")
    at = upload(at, broken.encode("utf-8"))
    assert TEXT["edit_import_problems"]["zh"] in [e.value for e in at.error]
    headers = [TEXT[f"col_{c}"]["zh"] for c in ("row", "column", "value", "message", "allowed")]
    problems = next(f.value for f in at.dataframe if list(f.value.columns) == headers)  # in Chinese (issue 15)
    assert problems[headers[1:4]].values.tolist() == [["状态", "no-such-status", "不是有效的状态"]]
    assert "谋划" in problems[headers[4]].iloc[0] and "planned" not in problems[headers[4]].iloc[0]
    summary = [x.value for x in at.text if x.value.startswith("upload.csv")]  # the summary in Chinese too
    assert len(summary) == 1 and summary[0].endswith("；1 个问题") and "rows" not in summary[0]
    assert "edit_apply" not in {b.key for b in at.button}
    assert ledger.read_text(encoding="utf-8") == text and history.read_history(ledger) == []
