"""Issue 15 item 4: the store's refusals in the user's language (cymap.views.refusals).

Each StoreError names its `kind` and `fields`; the catalogue says every kind in Chinese and English. The
kinds are collected from the code that raises them; real refusals (stale edit, unknown id, busy lock,
invalid edit, a cell no ledger keeps, too large an upload, duplicate ids, a full disk) are provoked: the
Chinese text has no English word beyond the values it quotes, and the English text is the store's sentence.
"""
from __future__ import annotations

import ast
import errno
import re
import shutil
from pathlib import Path

import pytest

from cymap.cli import main
from cymap.ledger import accounts, durable, importer, store
from cymap.ledger.store_errors import StoreError, user_message
from cymap.views import refusals
from cymap.views.i18n import TEXT
from tests.ledger_fixtures import SMALL_LEDGER
from tests.test_i18n import ZH_ALLOWED

ROOT = Path(__file__).resolve().parents[1]
RAISERS = ["cymap/ledger/store.py", "cymap/ledger/store_errors.py", "cymap/ledger/importer.py",
           "cymap/ledger/pg_store.py", "cymap/ledger/accounts.py", "cymap/ledger/writeback.py"]
ERRORS = {"StoreError", "LedgerBusyError", "StaleEditError", "UnknownProjectError", "InvalidEditError",
          "LedgerWriteError", "ImportRefused", "AccountError", "PermissionRefused", "LoginFailed", "__init__"}


def _name(func) -> str:
    return getattr(func, "id", None) or getattr(func, "attr", "")


def kinds_in_code() -> set[str]:
    """Every kind the ledger layer gives a StoreError: the second argument of a StoreError (subclass) call
    (and of LoginThrottled's super().__init__), and the os_* kinds os_error_kind returns."""
    kinds: set[str] = set()
    for path in RAISERS:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in ERRORS and len(node.args) > 1:
                kind = node.args[1]
                if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                    kinds.add(kind.value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"os_(disk_full|read_only|permission|other)", node.value):
                    kinds.add(node.value)
    return kinds


def test_every_kind_in_the_code_is_said_in_both_languages():
    kinds = kinds_in_code()
    assert len(kinds) >= 40 and {"stale_row", "unknown_id", "busy", "os_disk_full", "upload_too_large",
                                 "ledger_duplicate_ids", "login_failed", "db_stale"} <= kinds, sorted(kinds)
    for kind in kinds:
        assert f"refusal_{kind}" in TEXT, kind
        assert TEXT[f"refusal_{kind}"]["zh"] != TEXT[f"refusal_{kind}"]["en"], kind


def test_the_roles_worded_are_the_accounts_roles():
    assert refusals.ROLES == accounts.ROLES
    assert all(f"refusal_role_{r}" in TEXT for r in accounts.ROLES)


# --- real refusals --------------------------------------------------------------------------------------
@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    return path


def english_words(text: str, error: StoreError) -> set[str]:
    """English words of a Chinese text beyond the values it quotes (ids, file names, typed values)."""
    for value in sorted((str(v) for v in error.fields.values() if isinstance(v, (str, int))), key=len,
                        reverse=True):
        text = text.replace(value, " ")
    for typed in (refusals.VALIDATE_COMMAND, *refusals.HOW.values()):  # commands and options, as typed
        text = text.replace(typed, " ")
    return set(re.findall(r"[A-Za-z]{2,}", text)) - ZH_ALLOWED


def assert_worded(error: StoreError, *named: str) -> str:
    """The zh text is Chinese beyond its values and names them; the en text is the store's sentence."""
    assert error.kind, error
    zh = refusals.store_error_text(error, "zh")
    assert re.search(r"[\u4e00-\u9fff]", zh) and not english_words(zh, error), (zh, english_words(zh, error))
    assert all(value in zh for value in named), (zh, named)
    assert refusals.store_error_text(error, "en") == str(error)
    return zh


def refusal(call, *args, **kwargs) -> StoreError:
    with pytest.raises(StoreError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_stale_edit_names_the_project_and_the_last_change(ledger):
    store.update_status(ledger, "A02-T05-01", "completed", "投用", who="王工")
    error = refusal(store.update_status, ledger, "A02-T05-01", "delayed", who="李工", expected_version="0000")
    zh = assert_worded(error, "A02-T05-01", "王工")
    assert "在您加载后已被修改" in zh and "未保存任何内容" in zh and "最近一次修改" in zh
    assert "状态：“在建” → “建成投用”" in zh  # the status column and its values as the interface names them
    sha = store.snapshot(ledger).sha
    store.update_status(ledger, "A02-T05-02", "completed", who="王工")
    error = refusal(store.update_status, ledger, "A02-T05-01", "delayed", who="李工", expected_sha=sha)
    assert "台账 projects.csv 在您加载后已被修改" in assert_worded(error, "projects.csv")


def test_unknown_id_invalid_status_missing_editor_and_bad_cell(ledger):
    zh = assert_worded(refusal(store.update_status, ledger, "A99-T01-01", "completed", who="a"), "'A99-T01-01'")
    assert "没有编号为 'A99-T01-01' 的项目" in zh
    zh = assert_worded(refusal(store.update_status, ledger, "A02-T05-01", "nearly", who="a"), "'nearly'")
    assert "谋划" in zh and "不是有效的状态" in zh
    assert "编辑人" in assert_worded(refusal(store.update_status, ledger, "A02-T05-01", "completed", who=" "))
    zh = assert_worded(refusal(store.update_status, ledger, "A02-T05-01", "completed", "a\x07b", who="a"))
    assert "控制字符 U+0007" in zh and "备注" in zh
    assert_worded(refusal(store.add_project, ledger, {"id": "A02-T05-01", "name_zh": "甲"}, who="a"), "'A02-T05-01'")


def test_a_new_project_with_problems_names_them_in_chinese(ledger):
    error = refusal(store.add_project, ledger, {"id": "A02-T05-09", "name_zh": "甲", "status": "bogus"}, who="a")
    assert error.kind == "new_project_invalid"
    zh = refusals.store_error_text(error, "zh")
    assert zh.startswith("新项目无效，未保存：") and "状态，值“bogus”：不是有效的状态" in zh
    assert "类别，值“”：为空" in zh
    assert refusals.store_error_text(error, "en") == str(error)


def test_a_busy_ledger_says_who_waits_for_what(ledger, monkeypatch):
    monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.05)
    with store.locked(ledger):
        error = refusal(store.update_status, ledger, "A02-T05-01", "completed", who="a")
    zh = assert_worded(error, "projects.csv")
    assert "正被他人写入" in zh and "请稍后再试" in zh


def test_a_full_disk_is_said_in_chinese(ledger, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(durable, "write_new_file", full)
    monkeypatch.setattr(store, "write_new_file", full)
    before = ledger.read_bytes()
    error = refusal(store.update_status, ledger, "A02-T05-01", "completed", who="a")
    assert error.kind == "os_disk_full" and ledger.read_bytes() == before
    assert "磁盘已满" in assert_worded(error, "projects.csv")
    raw = OSError(errno.EACCES, "Permission denied", str(ledger))
    assert "无权写入" in refusals.store_error_text(raw, "zh", ledger)
    assert refusals.store_error_text(raw, "en", ledger) == user_message(raw, ledger)


def test_uploads_too_large_or_with_too_many_rows(ledger, monkeypatch):
    zh = assert_worded(refusal(importer.check_size, 30 * 1024 * 1024, 1024 * 1024))
    assert "30.0 MB" in zh and "1 MB" in zh
    monkeypatch.setattr(importer, "MAX_UPLOAD_ROWS", 5)
    many = "id,name_zh\n" + "".join(f"A01-T01-{i:02d},甲\n" for i in range(30))
    error = refusal(importer.preview_frame, store.snapshot(ledger).frame, "x", ledger, many.encode(), "big.csv")
    assert error.kind == "upload_too_many"
    zh = assert_worded(error, "big.csv")
    assert "超过 5 行" in zh and "未导入任何内容" in zh


def test_duplicate_ids_in_the_ledger_refuse_an_import(ledger):
    upload = ledger.read_bytes()
    with ledger.open("a", encoding="utf-8") as out:
        out.write(upload.decode("utf-8").splitlines()[1] + "\n")  # A02-T05-01 twice
    preview = importer.preview_import(ledger, upload, "upload.csv")
    assert preview.can_apply, preview.problems
    error = refusal(importer.apply_import, preview, who="a")
    zh = assert_worded(error, "A02-T05-01", "projects.csv")
    assert "重复的编号" in zh and refusals.VALIDATE_COMMAND in zh


def test_account_refusals_name_the_account_its_role_and_districts():
    district = accounts.Account("涪陵", "district_editor", ("涪陵区",))
    zh = assert_worded(refusal(accounts.check_write, district, "X1", {"长寿区"}), "涪陵", "X1")
    assert "只能修改涪陵区的项目" in zh and "位于长寿区" in zh
    assert "无区县（地点未能定位）" in assert_worded(refusal(accounts.check_write, district, "X1", set()))
    zh = assert_worded(refusal(accounts.check_write, accounts.Account("v", "viewer"), "X1", {"涪陵区"}))
    assert "角色是只读，不能修改台账" in zh
    editor = accounts.Account("e", "editor")
    assert "需要管理员账户" in assert_worded(refusal(accounts.check_admin, editor, "importing"))
    assert "--user NAME" in assert_worded(refusal(accounts.require_account, "王工"))
    assert "至少需要" in assert_worded(refusal(accounts.check_password_strength, "short"))


@pytest.mark.postgres
def test_shared_ledger_refusals_in_chinese(pg_url, ledger):
    from cymap import shared
    from cymap.ledger import pg_transfer

    opened = shared.open_ledger_store(pg_url)
    try:
        pg_transfer.load_file(opened, ledger)
        admin = opened.accounts.add("adm", "admin-password", "admin")
        zh = assert_worded(refusal(opened.update_status, "A99-T01-01", "completed", "", admin), "'A99-T01-01'")
        assert "共享台账中没有编号为 'A99-T01-01' 的项目" in zh
        opened.update_status("A02-T05-02", "completed", "", admin)
        error = refusal(opened.update_status, "A02-T05-02", "delayed", "", admin, expected_version="0")
        zh = assert_worded(error, "A02-T05-02", "adm")
        assert "在您加载后已被修改" in zh and "“持续推进” → “建成投用”" in zh
        assert "编号 'A02-T05-02' 已在共享台账中使用" in assert_worded(
            refusal(opened.add_project, opened.snapshot().frame.set_index("id", drop=False).loc["A02-T05-02"].to_dict(),
                    admin))
    finally:
        opened.close()


# --- the CLI -------------------------------------------------------------------------------------------
def test_cli_update_refusal_in_chinese_and_in_english(ledger, capsys):
    argv = ["update", "--ledger", str(ledger), "A99-T01-01", "--status", "completed", "--who", "a"]
    assert main([*argv, "--lang", "zh"]) == 1
    assert capsys.readouterr().err == ("错误：台账 projects.csv 中没有编号为 'A99-T01-01' 的项目；未保存任何内容——"
                                       "请检查编号或重新加载\n")
    assert main([*argv, "--lang", "en"]) == 1
    assert capsys.readouterr().err == "error: no project with id 'A99-T01-01' in projects.csv\n"


def test_cli_import_refusal_in_chinese_and_in_english(ledger, tmp_path, capsys):
    upload = tmp_path / "upload.csv"
    shutil.copy(ledger, upload)
    with ledger.open("a", encoding="utf-8") as out:
        out.write(upload.read_text(encoding="utf-8").splitlines()[1] + "\n")  # A02-T05-01 twice in the ledger
    before = ledger.read_bytes()
    argv = ["import", str(upload), "--ledger", str(ledger), "--apply", "--who", "a"]
    assert main([*argv, "--lang", "zh"]) == 1
    err = capsys.readouterr().err
    assert err == ("错误：台账 projects.csv 有重复的编号（A02-T05-01）；未导入任何内容——"
                   "请先修正（python -m cymap validate）\n")
    assert main([*argv, "--lang", "en"]) == 1
    assert capsys.readouterr().err == ("error: the ledger projects.csv has duplicate ids (A02-T05-01); fix them first "
                                       "(python -m cymap validate)\n")
    assert ledger.read_bytes() == before
