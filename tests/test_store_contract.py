"""One store interface, two stores: the same tests run against the CSV file store and the
PostgreSQL store (a real server, tests/pg_fixtures.py). Whatever the store, a snapshot has every
row and its version, an edit changes exactly what it says and is recorded once naming who made it,
a stale edit is refused and changes nothing, and an import previews then applies."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from cymap import shared
from cymap.ledger import importer, pg_transfer, store, stores
from cymap.ledger.read import read_raw
from tests.ledger_fixtures import SMALL_LEDGER

IDS = ["A02-T05-01", "A02-T05-02", "A09-T45-01", "A06-T28-01"]


@pytest.fixture(params=["csv", pytest.param("postgres", marks=pytest.mark.postgres)])
def ledger_store(request, tmp_path):
    """(store, who): the small ledger in either store; `who` is what that store records."""
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    if request.param == "csv":
        yield stores.open_store(path), "测试员"
        return
    url = request.getfixturevalue("pg_url")
    opened = shared.open_ledger_store(url)
    pg_transfer.load_file(opened, path)
    account = opened.accounts.add("测试员", "contract-pw-1", "admin")
    try:
        yield opened, account
    finally:
        opened.close()


def status_of(ledger, project_id):
    frame = ledger.snapshot().frame
    return frame.loc[frame["id"] == project_id, "status"].iloc[0]


def test_snapshot_has_every_row_and_a_version_each(ledger_store):
    ledger, _ = ledger_store
    assert isinstance(ledger, stores.LedgerStore)
    snap = ledger.snapshot()
    assert list(snap.frame["id"]) == IDS
    assert set(snap.versions()) == set(IDS) and all(snap.versions().values())
    assert snap.sha == ledger.snapshot().sha == ledger.current_sha()  # nothing written, nothing moved
    assert read_raw(ledger.ledger_bytes(), ledger.filename).frame.equals(snap.frame)


def test_update_changes_the_row_and_records_one_entry_naming_who(ledger_store):
    ledger, who = ledger_store
    before = ledger.snapshot()
    result = ledger.update_status("A02-T05-02", "建成投用", "投用", who, today=dt.date(2026, 5, 1))
    assert [(c.field, c.old, c.new) for c in result.changes] == [("status", "ongoing", "completed")]
    after = ledger.snapshot()
    row = after.frame.set_index("id").loc["A02-T05-02"]
    assert (row["status"], row["updated"], row["note"]) == ("completed", "2026-05-01", "投用")
    assert after.sha != before.sha and result.sha == after.sha
    assert after.version("A02-T05-02") != before.version("A02-T05-02")
    assert result.versions["A02-T05-02"] == after.version("A02-T05-02")
    assert after.version("A02-T05-01") == before.version("A02-T05-01")
    entries = ledger.history()
    assert [(e.who, e.id, e.field, e.old, e.new, e.note, e.action) for e in entries] == [
        ("测试员", "A02-T05-02", "status", "ongoing", "completed", "投用", "update")]


def test_a_stale_edit_is_refused_and_changes_nothing(ledger_store):
    ledger, who = ledger_store
    seen = ledger.snapshot()
    ledger.update_status("A02-T05-02", "delayed", "flood", who)
    before = ledger.snapshot()
    with pytest.raises(store.StaleEditError, match="changed since you loaded it"):
        ledger.update_status("A02-T05-02", "completed", "", who, expected_version=seen.version("A02-T05-02"))
    with pytest.raises(store.StaleEditError):
        ledger.update_status("A06-T28-01", "completed", "", who, expected_sha=seen.sha)
    after = ledger.snapshot()
    assert after.sha == before.sha and after.frame.equals(before.frame)
    assert len(ledger.history()) == 1


def test_no_change_is_not_recorded(ledger_store):
    ledger, who = ledger_store
    sha = ledger.snapshot().sha
    result = ledger.update_status("A02-T05-01", "under_construction", "", who)
    assert not result.changed and result.versions["A02-T05-01"] == ledger.snapshot().version("A02-T05-01")
    assert ledger.snapshot().sha == sha and ledger.history() == []


@pytest.mark.parametrize("project_id, status, note, error", [
    ("NOPE-1", "completed", "", store.UnknownProjectError),
    ("A02-T05-01", "finished-ish", "", store.InvalidEditError),
    ("A02-T05-01", "completed", "bad\x07bell", store.InvalidEditError),
])
def test_bad_edits_are_refused(ledger_store, project_id, status, note, error):
    ledger, who = ledger_store
    with pytest.raises(error):
        ledger.update_status(project_id, status, note, who)
    assert ledger.history() == []


def test_add_project_appends_a_valid_row_once(ledger_store):
    ledger, who = ledger_store
    values = {"id": "A02-T05-09", "name_zh": "万州新港", "action": "2", "task": "5", "category": "port",
              "location": "万州区", "status": "在建"}
    result = ledger.add_project(values, who, note="新增", today="2026-06-01")
    frame = ledger.snapshot().frame.set_index("id")
    assert list(frame.index)[-1] == "A02-T05-09"
    assert (frame.loc["A02-T05-09", "status"], frame.loc["A02-T05-09", "updated"]) == ("under_construction",
                                                                                        "2026-06-01")
    assert [(e.id, e.field, e.action) for e in ledger.history()] == [("A02-T05-09", "(added)", "add")]
    assert result.changed
    with pytest.raises(store.InvalidEditError, match="already used"):
        ledger.add_project(values, who)
    with pytest.raises(store.InvalidEditError, match="not valid"):
        ledger.add_project({**values, "id": "A02-T05-10", "status": "done?"}, who)
    assert len(ledger.history()) == 1


def _updated_file(ledger) -> bytes:
    """The ledger with one status changed, one row removed and one added, as an upload."""
    row = "城口巫溪帮扶,Chengkou and Wuxi support,9,45,pilot,城口县;巫溪县,"
    text = ledger.ledger_bytes().decode("utf-8").replace(row + "ongoing", row + "completed")
    lines = [line for line in text.splitlines() if not line.startswith("A06-T28-01")]
    lines.append("A02-T05-03,果园港,Guoyuan port,2,5,port,果园港,planned,2027,,s,2023-03-10,")
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_import_previews_then_applies_and_records_each_change(ledger_store):
    ledger, who = ledger_store
    preview = ledger.preview_import(_updated_file(ledger), "updated.csv")
    assert preview.can_apply, preview.problems
    assert (list(preview.added["id"]), preview.changed_ids, list(preview.removed["id"])) == (
        ["A02-T05-03"], ["A09-T45-01"], ["A06-T28-01"])
    assert ledger.history() == []  # a preview writes nothing
    result = ledger.apply_import(preview, who, note="半年报")
    assert len(result.changes) == 3
    frame = ledger.snapshot().frame.set_index("id")
    assert list(frame.index) == ["A02-T05-01", "A02-T05-02", "A09-T45-01", "A02-T05-03"]
    assert frame.loc["A09-T45-01", "status"] == "completed"
    assert sorted((e.id, e.field, e.action, e.note) for e in ledger.history()) == [
        ("A02-T05-03", "(added)", "import", "半年报"), ("A06-T28-01", "(removed)", "import", "半年报"),
        ("A09-T45-01", "status", "import", "半年报")]
    again = ledger.preview_import(ledger.ledger_bytes(), "same.csv")
    assert not again.changed and not len(again.added) and not len(again.removed)


def test_an_import_previewed_before_another_edit_is_refused(ledger_store):
    ledger, who = ledger_store
    preview = ledger.preview_import(_updated_file(ledger), "updated.csv")
    ledger.update_status("A02-T05-01", "completed", "", who)
    with pytest.raises(store.StaleEditError, match="preview"):
        ledger.apply_import(preview, who)
    assert len(ledger.history()) == 1


def test_an_import_with_problems_is_not_applied(ledger_store):
    ledger, who = ledger_store
    data = ledger.ledger_bytes().replace(b"under_construction", b"half-built")
    preview = ledger.preview_import(data, "bad.csv")
    assert preview.problems and not preview.can_apply
    with pytest.raises(importer.ImportRefused):
        ledger.apply_import(preview, who)


def test_history_by_project_and_since(ledger_store):
    ledger, who = ledger_store
    ledger.update_status("A02-T05-01", "completed", "a", who)
    ledger.update_status("A02-T05-02", "completed", "b", who)
    assert [e.id for e in ledger.history("A02-T05-02")] == ["A02-T05-02"]
    today = dt.datetime.now(dt.UTC).date()
    assert len(ledger.changes_since(today)) == 2
    assert [e.note for e in ledger.changes_since(today.isoformat(), "A02-T05-01")] == ["a"]
    assert ledger.changes_since(today + dt.timedelta(days=1)) == []
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        ledger.changes_since("last week")
    assert ledger.damaged_history() == []


def test_open_store_chooses_by_the_name(tmp_path):
    assert isinstance(stores.open_store(tmp_path / "x.csv"), stores.CsvStore)
    assert stores.is_database_url("postgresql://u@h/db") and stores.is_database_url("postgres://u@h/db")
    assert not stores.is_database_url(str(tmp_path / "postgresql.csv"))
