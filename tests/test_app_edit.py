"""The app's Edit tab (streamlit AppTest): read-only by default; with the password, edits are
saved to the ledger named by CYMAP_LEDGER, recorded, and a stale edit is refused (in Chinese)."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from app_helpers import open_tab

from cymap.ledger import auth, history, store
from cymap.views.edit_view import markdown_text
from cymap.ledger.read import read_ledger
from tests.ledger_fixtures import ROOT, SMALL_LEDGER

APP = ROOT / "app.py"
LOGIN = "FormSubmitter:editor_login-进入编辑"
SAVE = "FormSubmitter:edit_status_form-保存"


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    monkeypatch.setenv("CYMAP_LEDGER", str(path))
    monkeypatch.delenv(auth.PASSWORD_KEY, raising=False)
    return path


def run_app() -> AppTest:
    at = open_tab(AppTest.from_file(str(APP), default_timeout=180), "tab_edit").run()
    assert not at.exception, at.exception
    return at


def test_read_only_by_default_says_how_to_enable_editing(ledger):
    at = run_app()
    assert any(auth.PASSWORD_KEY in info.value and "secrets.toml" in info.value for info in at.info)
    keys = {w.key for w in at.text_input}
    assert "editor_password" not in keys and "editor_name" not in keys
    assert not [b for b in at.button if b.key in (LOGIN, SAVE)]


def test_edit_with_password_saves_records_and_refuses_a_stale_edit(ledger, monkeypatch):
    monkeypatch.setenv(auth.PASSWORD_KEY, "口令-password")
    at = run_app()
    at.text_input(key="editor_password").input("wrong")
    at.button(key=LOGIN).click().run()
    assert [e.value for e in at.error] == ["口令不正确。"]
    assert "editor_name" not in {w.key for w in at.text_input}

    at.text_input(key="editor_password").input("口令-password")
    at.button(key=LOGIN).click().run()
    at.text_input(key="editor_name").input("测试员").run()
    at.selectbox(key="edit_id").set_value("A02-T05-02")
    at.selectbox(key="edit_status").set_value("completed")
    at.text_area(key="edit_note").input("<b>二期</b> 投用")
    at.button(key=SAVE).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(markdown_text("A02-T05-02") in s.value for s in at.success)  # shown escaped, as text
    row = read_ledger(ledger).rows.set_index("id").loc["A02-T05-02"]
    assert (row["status"], row["note"]) == ("completed", "<b>二期</b> 投用")
    assert [(e.who, e.id, e.field, e.new) for e in history.read_history(ledger)] == [
        ("测试员", "A02-T05-02", "status", "completed")]

    # Someone else (the CLI) changes the same project; this session's view is now stale.
    store.update_status(ledger, "A02-T05-02", "delayed", "flood", who="cli")
    before = ledger.read_bytes()
    at.selectbox(key="edit_status").set_value("ongoing")
    at.button(key=SAVE).click().run()
    refusal = [e.value for e in at.error if markdown_text("项目 A02-T05-02 在您加载后已被修改") in e.value]
    assert refusal and refusal[0].startswith("未保存：") and "未保存任何内容" in refusal[0], [e.value for e in at.error]
    assert "changed since" not in refusal[0] and markdown_text("“建成投用” → “滞后”") in refusal[0]  # Chinese UI
    assert ledger.read_bytes() == before


def test_add_project_with_location_preview(ledger, monkeypatch):
    monkeypatch.setenv(auth.PASSWORD_KEY, "editor-pw-2025")
    at = run_app()
    at.text_input(key="editor_password").input("editor-pw-2025")
    at.button(key=LOGIN).click().run()
    at.text_input(key="editor_name").input("测试员")
    at.selectbox(key="new_action").set_value(2).run()
    at.selectbox(key="new_task").set_value(5).run()
    at.text_input(key="new_name_zh").input("新航站楼")
    at.text_input(key="new_location").input("涪陵").run()
    at.selectbox(key="new_place").set_value("江北国际机场").run()
    assert at.text_input(key="new_location").value == "涪陵;江北国际机场"
    previews = [d.value for d in at.dataframe if "lon" in d.value.columns]
    assert previews and previews[0]["lon"].notna().all() and len(previews[0]) == 2
    at.button(key="new_add").click().run()
    assert not at.error, [e.value for e in at.error]
    rows = read_ledger(ledger).rows.set_index("id")
    assert rows.at["A02-T05-03", "name_zh"] == "新航站楼"  # the next free id of action 2, task 5
    assert rows.at["A02-T05-03", "location"] == "涪陵;江北国际机场"
