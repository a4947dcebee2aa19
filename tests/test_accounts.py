"""Accounts and rights on the shared ledger: hashed passwords, roles, district editors limited to
rows touching their districts (either division), viewers reading only, the account named in the
history, failed logins slowed down, sessions that expire — in the store and through the CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import psycopg
import pytest

from app_helpers import open_tab

from cymap import shared
from cymap.ledger import accounts, pg_transfer, store
from cymap.ledger.accounts import Account, Session
from tests.ledger_fixtures import ROOT, SMALL_LEDGER
from tests.pg_fixtures import wait_for

FULING = "A02-T05-02"  # 涪陵区 in both divisions
CHANGSHOU = "A06-T28-01"  # 长寿区
AIRPORT = "A02-T05-01"  # 两江新区 (current) / 渝北区 (2023)


# --- without a database -----------------------------------------------------------------------
def test_roles_decide_who_may_change_which_rows():
    district = Account("涪陵", "district_editor", ("涪陵区",))
    assert district.may_change({"涪陵区", "长寿区"}) and not district.may_change({"长寿区"})
    assert not district.may_change(set())  # a row placed nowhere is no district's
    assert Account("e", "editor").may_change(set()) and Account("a", "admin").may_change({"x"})
    assert not Account("v", "viewer").may_change({"涪陵区"}) and not Account("v", "viewer").can_write
    with pytest.raises(accounts.PermissionRefused, match="may change rows of 涪陵区 only; project X is in 长寿区"):
        accounts.check_write(district, "X", {"长寿区"})
    with pytest.raises(accounts.PermissionRefused, match="viewer"):
        accounts.check_write(Account("v", "viewer"), "X", {"涪陵区"})
    with pytest.raises(accounts.PermissionRefused, match="admin"):
        accounts.check_admin(Account("e", "editor"), "importing")
    with pytest.raises(accounts.PermissionRefused, match="by account"):
        accounts.require_account("a typed name")


def test_failed_logins_wait_longer_each_time_up_to_thirty_seconds():
    assert [accounts.delay(n) for n in (0, 1, 2, 3, 5, 6, 20)] == [0, 1, 2, 4, 16, 30, 30]


def test_a_session_expires_after_its_last_use(monkeypatch):
    session = Session.start(Account("a", "editor"), now=1000.0, ttl=60)
    assert session.valid(1059) and not session.valid(1060)
    renewed = accounts.current_session(session, now=1050)
    assert renewed.expires == 1110 and accounts.current_session(renewed, now=1111) is None
    assert accounts.current_session(None) is None
    monkeypatch.setenv("CYMAP_SESSION_MINUTES", "2")
    assert Session.start(Account("a", "editor"), now=0).expires == 120


# --- against the database ---------------------------------------------------------------------
@pytest.fixture
def shared_ledger(pg_url, tmp_path):
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    opened = shared.open_ledger_store(pg_url)
    pg_transfer.load_file(opened, path)
    yield opened
    opened.close()


@pytest.mark.postgres
def test_passwords_are_stored_hashed_and_accounts_listed(shared_ledger, pg_url):
    shared_ledger.accounts.add("admin1", "admin-password", "admin")
    shared_ledger.accounts.add("fl", "fuling-password", "district_editor", ["涪陵区"])
    with psycopg.connect(pg_url) as connection:
        hashes = [h for (h,) in connection.execute("SELECT password_hash FROM accounts")]
    assert all(h.startswith("$argon2id$") for h in hashes) and not any("password" in h for h in hashes)
    assert [str(a) for a in shared_ledger.accounts.list()] == ["admin1: admin", "fl: district_editor (涪陵区)"]
    with pytest.raises(accounts.AccountError, match="already"):
        shared_ledger.accounts.add("fl", "another-password", "editor")
    with pytest.raises(accounts.AccountError, match="at least 8"):
        shared_ledger.accounts.add("short", "abc", "editor")
    with pytest.raises(accounts.AccountError, match="needs at least one district"):
        shared_ledger.accounts.add("nod", "long-enough-pw", "district_editor")
    assert shared_ledger.accounts.remove("fl") and not shared_ledger.accounts.remove("fl")


@pytest.mark.postgres
def test_wrong_passwords_are_slowed_down_for_every_process(shared_ledger):
    shared_ledger.accounts.add("ed", "right-password", "editor")
    with pytest.raises(accounts.LoginFailed, match="wrong account name or password"):
        shared_ledger.accounts.login("ed", "wrong-password")
    with pytest.raises(accounts.LoginThrottled):  # even the right password waits its turn
        shared_ledger.accounts.login("ed", "right-password")
    with pytest.raises(accounts.LoginFailed):
        shared_ledger.accounts.login("nobody", "whatever-pw")

    def logged_in():
        try:
            return shared_ledger.accounts.login("ed", "right-password") == Account("ed", "editor")
        except accounts.LoginThrottled:
            return False
    assert wait_for(logged_in, timeout=5)


@pytest.mark.postgres
def test_a_district_editor_changes_its_rows_only_in_either_division(shared_ledger):
    fuling = shared_ledger.accounts.add("fl", "fuling-password", "district_editor", ["涪陵区"])
    yubei = shared_ledger.accounts.add("yb", "yubei-password", "district_editor", ["渝北区"])  # 2023 division
    liangjiang = shared_ledger.accounts.add("lj", "liangjiang-pw", "district_editor", ["两江新区"])
    assert shared_ledger.update_status(FULING, "completed", "", fuling).changed
    before = shared_ledger.snapshot()
    with pytest.raises(accounts.PermissionRefused, match="长寿区"):
        shared_ledger.update_status(CHANGSHOU, "completed", "", fuling)
    assert shared_ledger.snapshot().frame.equals(before.frame)
    assert shared_ledger.update_status(AIRPORT, "completed", "", yubei).changed
    assert shared_ledger.update_status(AIRPORT, "delayed", "", liangjiang).changed
    new = {"id": "A02-T05-09", "name_zh": "长寿码头", "action": "2", "task": "5", "category": "port",
           "location": "长寿区", "status": "planned"}
    with pytest.raises(accounts.PermissionRefused):
        shared_ledger.add_project(new, fuling)
    assert shared_ledger.add_project({**new, "location": "涪陵区", "name_zh": "涪陵码头"}, fuling).changed
    assert [(e.who, e.id) for e in shared_ledger.history()] == [
        ("fl", FULING), ("yb", AIRPORT), ("lj", AIRPORT), ("fl", "A02-T05-09")]


@pytest.mark.postgres
def test_viewers_and_typed_names_cannot_write_and_imports_need_an_admin(shared_ledger):
    viewer = shared_ledger.accounts.add("v", "viewer-password", "viewer")
    editor = shared_ledger.accounts.add("e", "editor-password", "editor")
    with pytest.raises(accounts.PermissionRefused, match="viewer"):
        shared_ledger.update_status(FULING, "completed", "", viewer)
    with pytest.raises(accounts.PermissionRefused, match="by account"):
        shared_ledger.update_status(FULING, "completed", "", "王工")
    preview = shared_ledger.preview_import(shared_ledger.ledger_bytes().replace(b"ongoing", b"completed"), "u.csv")
    with pytest.raises(accounts.PermissionRefused, match="admin"):
        shared_ledger.apply_import(preview, editor)
    assert shared_ledger.history() == []


def cymap(*args: str, env: dict | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cymap", *args], cwd=ROOT, text=True, capture_output=True,
                          input=stdin, env={**os.environ, **(env or {})}, timeout=300)


@pytest.mark.postgres
def test_cli_users_and_a_district_editor_refused_outside_its_district(shared_ledger, pg_url):
    added = cymap("user", "add", "fl", "--role", "district_editor", "--district", "涪陵", "--password-stdin",
                  "--ledger", pg_url, stdin="fuling-password\n")
    assert added.returncode == 0, added.stderr
    assert "fl: district_editor (涪陵区)" in cymap("user", "list", "--ledger", pg_url).stdout
    bad = cymap("user", "add", "x", "--role", "district_editor", "--district", "火星区", "--password-stdin",
                "--ledger", pg_url, stdin="long-enough-pw\n")
    assert bad.returncode == 1 and "not a district" in bad.stderr
    login = {"CYMAP_PASSWORD": "fuling-password"}
    mine = cymap("update", "--ledger", pg_url, "--user", "fl", FULING, "--status", "在建", "--note", "开工", env=login)
    assert mine.returncode == 0, mine.stderr
    other = cymap("update", "--ledger", pg_url, "--user", "fl", CHANGSHOU, "--status", "在建", env=login)
    assert other.returncode == 1 and "may change rows of 涪陵区 only" in other.stderr
    typed = cymap("update", "--ledger", pg_url, "--who", "王工", FULING, "--status", "completed",
                  env={"CYMAP_USER": ""})
    assert typed.returncode == 1 and "--user" in typed.stderr
    listed = cymap("history", "--ledger", pg_url)
    assert listed.returncode == 0 and "  fl  A02-T05-02  status: 'ongoing' -> 'under_construction'" in listed.stdout
    assert cymap("user", "remove", "fl", "--ledger", pg_url).returncode == 0
    gone = cymap("update", "--ledger", pg_url, "--user", "fl", FULING, "--status", "completed", env=login)
    assert gone.returncode == 1 and "wrong account name or password" in gone.stderr
    assert [e.who for e in shared_ledger.history()] == ["fl"]


def test_the_file_store_keeps_its_typed_names(ledger):
    """The CSV default's simple mode: a name typed (or an account's name) goes into the history."""
    from cymap.ledger import stores

    opened = stores.open_store(ledger)
    opened.update_status(FULING, "completed", "", "王工")
    opened.update_status(FULING, "delayed", "", Account("李工", "editor"))
    assert [e.who for e in opened.history()] == ["王工", "李工"]
    with pytest.raises(store.InvalidEditError, match="say who"):
        opened.update_status(FULING, "planned", "", "")


# --- the app's Edit tab on a shared ledger ----------------------------------------------------
APP_LOGIN = "FormSubmitter:account_login-进入编辑"
APP_SAVE = "FormSubmitter:edit_status_form-保存"


def app_login(monkeypatch, url: str, name: str, password: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CYMAP_LEDGER", url)
    at = open_tab(AppTest.from_file(str(ROOT / "app.py"), default_timeout=180), "tab_edit").run()
    assert not at.exception, at.exception
    assert "editor_password" not in {w.key for w in at.text_input}  # no shared password on a shared ledger
    at.text_input(key="account_name").input(name)
    at.text_input(key="account_password").input(password)
    at.button(key=APP_LOGIN).click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.postgres
def test_app_district_editor_saves_its_rows_only_and_the_history_names_it(shared_ledger, pg_url, monkeypatch):
    from cymap.views.edit_view import markdown_text

    shared_ledger.accounts.add("fl", "fuling-password", "district_editor", ["涪陵区"])
    at = app_login(monkeypatch, pg_url, "fl", "fuling-password")
    assert "editor_name" not in {w.key for w in at.text_input}  # nobody types a name: the account is recorded
    at.selectbox(key="edit_id").set_value(CHANGSHOU)
    at.selectbox(key="edit_status").set_value("completed")
    at.button(key=APP_SAVE).click().run()
    refused = markdown_text("只能修改涪陵区的项目")  # the Chinese UI: the refusal in Chinese (views.refusals)
    assert any(refused in e.value for e in at.error), [e.value for e in at.error]
    at.selectbox(key="edit_id").set_value(FULING)
    at.selectbox(key="edit_status").set_value("completed")
    at.text_area(key="edit_note").input("二期投用")
    at.button(key=APP_SAVE).click().run()
    assert not at.error, [e.value for e in at.error]
    assert [(e.who, e.id, e.new, e.note) for e in shared_ledger.history()] == [("fl", FULING, "completed", "二期投用")]
    assert shared_ledger.snapshot().frame.set_index("id").loc[CHANGSHOU, "status"] == "planned"


@pytest.mark.postgres
def test_app_viewer_reads_only_and_wrong_passwords_are_refused(shared_ledger, pg_url, monkeypatch):
    shared_ledger.accounts.add("guest", "viewer-password", "viewer")
    at = app_login(monkeypatch, pg_url, "guest", "not-the-password")
    assert any("账户名或密码错误" in e.value for e in at.error), [e.value for e in at.error]
    assert "account_name" in {w.key for w in at.text_input}
    _set_failures(shared_ledger, "guest", failures=5, wait_s=30)  # as after five wrong guesses in a row
    at.text_input(key="account_password").input("viewer-password")
    at.button(key=APP_LOGIN).click().run()
    assert any("秒后再试" in e.value for e in at.error)  # even the right password waits
    _set_failures(shared_ledger, "guest", failures=0, wait_s=0)
    at.text_input(key="account_password").input("viewer-password")
    at.button(key=APP_LOGIN).click().run()
    assert any(accounts.login_text("viewer") in i.value for i in at.info)
    assert "edit_status" not in {w.key for w in at.selectbox}


def _set_failures(opened, name: str, failures: int, wait_s: float) -> None:
    with opened.pool.connection() as connection:
        connection.execute("UPDATE login_failures SET failures = %s, retry_after = now() + make_interval(secs => %s) "
                           "WHERE name = %s", (failures, wait_s, name))


@pytest.mark.postgres
def test_app_session_expires_and_asks_to_log_in_again(shared_ledger, pg_url, monkeypatch):
    import dataclasses

    shared_ledger.accounts.add("ed", "editor-password", "editor")
    at = app_login(monkeypatch, pg_url, "ed", "editor-password")
    assert "edit_status" in {w.key for w in at.selectbox}
    session = at.session_state["_session"]
    assert session.account == Account("ed", "editor") and session.ttl == accounts.SESSION_MINUTES * 60
    at.session_state["_session"] = dataclasses.replace(session, expires=time.time() - 1)  # left unused too long
    at.run()
    assert any(accounts.login_text("expired") in i.value for i in at.info)
    assert "edit_status" not in {w.key for w in at.selectbox} and "account_name" in {w.key for w in at.text_input}
