"""Safe ledger writes: atomic, backed up, serialised across processes, stale edits refused."""
from __future__ import annotations

import collections
import datetime as dt
import io
import os
import shutil
import stat

import openpyxl
import pytest

from cymap.ledger import history, store
from cymap.ledger.read import read_ledger, read_raw
from tests.ledger_fixtures import (
    SMALL_LEDGER,
    assert_history_matches_ledger,
    run_python,
    write_generated_ledger,
)

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    return path


def row(path, project_id):
    frame = read_ledger(path).rows
    return frame[frame["id"] == project_id].iloc[0]


def test_update_sets_status_date_note_and_records_once(ledger):
    result = store.update_status(ledger, "A02-T05-01", "建成投用", "T3B opened April 2025", who="王工",
                                 today=dt.date(2025, 5, 1))
    assert [(c.field, c.old, c.new) for c in result.changes] == [("status", "under_construction", "completed")]
    updated = row(ledger, "A02-T05-01")
    assert (updated["status"], updated["updated"], updated["note"]) == ("completed", "2025-05-01",
                                                                         "T3B opened April 2025")
    assert row(ledger, "A02-T05-02")["updated"] == "2023-03-10"  # other rows untouched
    entries = history.read_history(ledger)
    assert [(e.who, e.id, e.field, e.old, e.new, e.note, e.action) for e in entries] == [
        ("王工", "A02-T05-01", "status", "under_construction", "completed", "T3B opened April 2025", "update")]
    assert entries[0].when.endswith("Z") and dt.datetime.fromisoformat(entries[0].when[:-1])
    assert result.versions["A02-T05-01"] == store.snapshot(ledger).version("A02-T05-01")


def test_same_status_new_note_records_the_note_and_repeat_records_nothing(ledger):
    store.update_status(ledger, "A02-T05-02", "ongoing", "berth 3 done", who="a")
    again = store.update_status(ledger, "A02-T05-02", "ongoing", "berth 3 done", who="a")
    assert not again.changed
    assert [(e.field, e.old, e.new) for e in history.read_history(ledger)] == [("note", "", "berth 3 done")]


def test_stale_row_version_is_refused_and_nothing_is_written(ledger):
    seen = store.snapshot(ledger)
    store.update_status(ledger, "A02-T05-01", "completed", "first editor", who="甲")
    before = ledger.read_bytes()
    with pytest.raises(store.StaleEditError) as error:
        store.update_status(ledger, "A02-T05-01", "delayed", "second editor", who="乙",
                            expected_version=seen.version("A02-T05-01"))
    message = str(error.value)
    assert "A02-T05-01 changed since you loaded it" in message and "by 甲" in message
    assert "'under_construction' -> 'completed'" in message and "nothing was saved" in message
    assert ledger.read_bytes() == before
    assert len(history.read_history(ledger)) == 1
    # An edit of another row, based on the same view, is not stale: rows are versioned one by one.
    store.update_status(ledger, "A02-T05-02", "delayed", "", who="乙", expected_version=seen.version("A02-T05-02"))
    assert row(ledger, "A02-T05-02")["status"] == "delayed"


def test_stale_file_hash_is_refused(ledger):
    seen = store.snapshot(ledger)
    store.update_status(ledger, "A02-T05-02", "completed", "", who="甲")
    with pytest.raises(store.StaleEditError, match="the ledger projects.csv changed since you loaded it"):
        store.update_status(ledger, "A02-T05-01", "delayed", "", who="乙", expected_sha=seen.sha)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"project_id": "A99-T99-99"}, store.UnknownProjectError, "no project with id 'A99-T99-99' in projects.csv"),
    ({"status": "finished-ish"}, store.InvalidEditError,
     "status 'finished-ish' is not a status — allowed: planned (谋划)"),
    ({"who": "  "}, store.InvalidEditError, "say who is editing"),
])
def test_bad_edits_are_refused_with_a_message(ledger, kwargs, error, message):
    call = {"project_id": "A02-T05-01", "status": "completed", "who": "a", **kwargs}
    before = ledger.read_bytes()
    with pytest.raises(error) as raised:
        store.update_status(ledger, call["project_id"], call["status"], "", who=call["who"])
    assert message in str(raised.value)
    assert ledger.read_bytes() == before


def test_duplicate_ids_block_an_edit_of_that_id(ledger):
    ledger.write_text(ledger.read_text(encoding="utf-8") + ledger.read_text(encoding="utf-8").splitlines()[1] + "\n",
                      encoding="utf-8")
    with pytest.raises(store.InvalidEditError, match=r"id 'A02-T05-01' appears in rows 1, 5"):
        store.update_status(ledger, "A02-T05-01", "completed", "", who="a")


def test_backups_rotate_and_keep_the_previous_versions(ledger):
    versions = []
    for n in range(store.KEEP_BACKUPS + 3):
        versions.append(ledger.read_bytes())
        store.update_status(ledger, "A02-T05-02", "ongoing", f"step {n}", who="a")
    backups = sorted((ledger.parent / store.BACKUP_DIR).iterdir())
    assert len(backups) == store.KEEP_BACKUPS
    assert [b.read_bytes() for b in backups] == versions[-store.KEEP_BACKUPS:]


def test_lock_held_elsewhere_gives_a_busy_message(ledger, monkeypatch):
    holder = run_python("import sys, time\nfrom filelock import FileLock\n"
                        "with FileLock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(30)",
                        str(store.lock_path(ledger)))
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.3)
        with pytest.raises(store.LedgerBusyError, match="is being written by someone else"):
            store.update_status(ledger, "A02-T05-01", "completed", "", who="a")
    finally:
        holder.kill()
        holder.wait()
    store.update_status(ledger, "A02-T05-01", "completed", "", who="a")  # released when its holder died


def test_xss_payloads_stay_text_in_the_ledger_and_history(ledger):
    store.update_status(ledger, "A02-T05-01", "completed", XSS, who=XSS)
    store.add_project(ledger, {"id": "A02-T05-03", "name_zh": XSS, "name_en": XSS, "action": "2", "task": "5",
                               "category": "rail", "location": "涪陵区", "status": "planned"}, who="a", note=XSS)
    rows = read_ledger(ledger).rows.set_index("id")
    assert rows.at["A02-T05-01", "note"] == XSS
    assert rows.at["A02-T05-03", "name_zh"] == XSS and rows.at["A02-T05-03", "name_en"] == XSS
    entries = history.read_history(ledger)
    assert entries[0].who == XSS and entries[0].note == XSS and entries[1].note == XSS


def test_add_project_validates_and_refuses_duplicates(ledger):
    good = {"id": "A02-T05-03", "name_zh": "新项目", "action": "二", "task": "5", "category": "机场",
            "location": "江北国际机场", "status": "前期"}
    result = store.add_project(ledger, good, who="a", today="2025-06-30")
    added = row(ledger, "A02-T05-03")
    assert (added["category"], added["status"], added["updated"], added["action"]) == (
        "airport", "preparing", "2025-06-30", 2)
    assert result.changes[0].field == history.ROW_FIELD_ADDED
    with pytest.raises(store.InvalidEditError, match="id 'A02-T05-03' is already used"):
        store.add_project(ledger, good, who="a")
    with pytest.raises(store.InvalidEditError) as error:
        store.add_project(ledger, {**good, "id": "A02-T05-04", "category": "rocket", "status": "?"}, who="a")
    assert "column category: value 'rocket' — is not a category" in str(error.value)
    assert "column status: value '?' — is not a status" in str(error.value)


def test_user_shape_is_kept_gb18030_chinese_headers_invalid_rows_extra_columns(tmp_path):
    path = tmp_path / "台账.csv"
    text = ("项目编号,项目名称,所属行动,任务,类别,地点,状态,负责人\r\n"
            "A02-T05-01,甲,2,5,rail,涪陵,在建,张三\r\n"
            "A02-T05-02,乙,2,5,rocket,涪陵,谋划,李四\r\n"  # invalid: kept as it is, not dropped
            "A02-T05-03,丙,2,5,rail,涪陵,谋划,王五\r\n")
    path.write_bytes(text.encode("gb18030"))
    store.update_status(path, "A02-T05-03", "delayed", "征地", who="a", today="2025-01-02")
    data = path.read_bytes()
    lines = data.decode("gb18030").split("\r\n")
    assert read_raw(data, path.name).encoding == "gb18030"
    assert lines[0] == "项目编号,项目名称,所属行动,任务,类别,地点,状态,负责人,updated,note"
    assert lines[1:3] == ["A02-T05-01,甲,2,5,rail,涪陵,在建,张三,,", "A02-T05-02,乙,2,5,rocket,涪陵,谋划,李四,,"]
    assert lines[3] == "A02-T05-03,丙,2,5,rail,涪陵,delayed,王五,2025-01-02,征地"


def test_bom_and_xlsx_ledgers_stay_in_their_format(tmp_path, ledger):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + ledger.read_bytes())
    store.update_status(bom, "A02-T05-01", "completed", "", who="a")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf") and read_ledger(bom).problems == []

    book = openpyxl.Workbook()
    book.active.append(list(read_raw(ledger).frame.columns))
    for values in read_raw(ledger).frame.itertuples(index=False):
        book.active.append(list(values))
    xlsx = tmp_path / "ledger.xlsx"
    book.save(xlsx)
    store.update_status(xlsx, "A02-T05-01", "completed", "note", who="a")
    read = read_ledger(xlsx)
    assert read.encoding == "xlsx" and read.problems == [] and read.total_rows == 4
    assert read.rows.set_index("id").at["A02-T05-01", "status"] == "completed"
    store.add_project(xlsx, {"id": "A02-T05-03", "name_zh": "新", "action": "2", "task": "5", "category": "rail",
                             "location": "涪陵区", "status": "planned", "target_year": "2027"}, who="a")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert sheet.cell(2, 4).value == "2"  # edited in place: a cell the edit did not change stays as typed
    assert sheet.cell(6, 4).value == 2 and sheet.cell(6, 9).value == 2027  # numbers written as numbers


# --- many processes at once -----------------------------------------------------------------
UPDATE_WORKER = """
import sys
from cymap.ledger import store
path, worker, ids = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
for n, project_id in enumerate(ids):
    store.update_status(path, project_id, "completed", f"w{worker}-u{n}", who=f"worker{worker}")
print("done", flush=True)
"""


def test_eight_processes_times_25_updates_of_different_rows_lose_nothing(tmp_path):
    processes, per_process = 8, 25
    path = tmp_path / "projects.csv"
    ids = write_generated_ledger(path, processes * per_process)
    shares = [ids[p * per_process:(p + 1) * per_process] for p in range(processes)]
    workers = [run_python(UPDATE_WORKER, str(path), str(p), ",".join(share)) for p, share in enumerate(shares)]
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0 and out.strip() == "done", err
    rows = read_ledger(path).rows.set_index("id")
    assert len(rows) == processes * per_process
    expected_notes = {i: f"w{p}-u{n}" for p, share in enumerate(shares) for n, i in enumerate(share)}
    lost = [i for i in ids if rows.at[i, "status"] != "completed" or rows.at[i, "note"] != expected_notes[i]]
    assert lost == []  # losses = 0
    entries = assert_history_matches_ledger(path)
    counts = collections.Counter((e.id, e.field) for e in entries)
    assert len(entries) == processes * per_process and set(counts.values()) == {1}  # each change once
    assert {e.note for e in entries} == set(expected_notes.values())


SAME_ROW_WORKER = """
import sys
from cymap.ledger import store
path, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
project_id = "A02-T05-01"
refused = 0
for n in range(count):
    while True:  # read, edit, write back with the version read: retry when someone else won
        snap = store.snapshot(path)
        note = snap.frame.loc[snap.frame["id"] == project_id, "note"].iloc[0]
        try:
            store.update_status(path, project_id, "ongoing", f"{note}|w{worker}-{n}", who=f"w{worker}",
                                expected_version=snap.version(project_id))
            break
        except store.StaleEditError:
            refused += 1
print(refused, flush=True)
"""


def test_read_modify_write_of_one_row_by_many_processes_keeps_every_edit(tmp_path):
    processes, per_process = 6, 10
    path = tmp_path / "projects.csv"
    write_generated_ledger(path, 3)
    workers = [run_python(SAME_ROW_WORKER, str(path), str(p), str(per_process)) for p in range(processes)]
    refused = 0
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        refused += int(out)
    note = read_ledger(path).rows.set_index("id").at["A02-T05-01", "note"]
    tokens = note.split("|")[1:]
    expected = {f"w{p}-{n}" for p in range(processes) for n in range(per_process)}
    assert sorted(tokens) == sorted(expected)  # no edit overwrote another: losses = 0
    entries = assert_history_matches_ledger(path)
    assert len(entries) == processes * per_process
    print(f"stale edits refused and retried: {refused}")


# --- crashes: a real writer killed (SIGKILL) at every named step of commit and of import -------
# tests/faults/harness.py; store.FAULT_POINTS in the order commit reaches them. A step at or
# after "history_synced" (or the last history line) is past the point of no return: the next
# writer completes the write. Any earlier step: the edit never happened and nothing of it stays.
def _applied(point: str, occurrence: int, size: int) -> bool:
    order = store.FAULT_POINTS
    if point == "history_line":
        return occurrence == size
    return order.index(point) > order.index("history_line")


KILLS = ([("update", point, 1) for point in store.FAULT_POINTS]
         + [("add", point, 1) for point in store.FAULT_POINTS]
         + [("import", point, 1) for point in store.FAULT_POINTS]
         + [("import", "history_line", n) for n in (2, 60, 119, 120)])


@pytest.mark.parametrize("operation, point, occurrence", KILLS)
def test_writer_killed_at_each_step_loses_nothing_and_records_everything_once(tmp_path, operation, point,
                                                                              occurrence):
    from tests.faults.harness import generated_import, run_killed

    path, upload, size = generated_import(tmp_path, rows=60)
    size = size if operation == "import" else 1
    os.chmod(path, 0o640)
    before = path.read_bytes()
    run_killed(path, operation, point, occurrence, upload)
    applied = _applied(point, occurrence, size)
    replaced = store.FAULT_POINTS.index(point) >= store.FAULT_POINTS.index("replaced")
    assert (path.read_bytes() != before) == replaced  # the old ledger, whole, until the rename
    assert read_ledger(path).problems == [] and stat.S_IMODE(path.stat().st_mode) == 0o640

    with store.locked(path):  # the next writer settles what the killed one left
        pass
    leftovers = [p for p in [*tmp_path.iterdir(), *(tmp_path / store.BACKUP_DIR).glob("*")] if p.name.endswith(".tmp")]
    assert leftovers == []
    entries = assert_history_matches_ledger(path)  # recorded batches chain to the ledger as it is
    assert len(entries) == (size if applied else 0)  # every change recorded once, or none
    read = read_ledger(path)
    assert read.problems == []
    rows = read.rows.set_index("id")
    if not applied:
        assert path.read_bytes() == before  # unrecorded changes: 0
    elif operation == "import":
        assert (rows["status"] == "completed").all() and all(rows.at[i, "note"] == f"imported {i}" for i in rows.index)
    elif operation == "update":
        assert rows.at["A02-T05-01", "status"] == "completed"
    else:
        assert "A02-T08-01" in rows.index
    for backup in (tmp_path / store.BACKUP_DIR).glob("*"):  # a backup is a whole earlier ledger
        assert backup.read_bytes() == before and stat.S_IMODE(backup.stat().st_mode) == 0o640
    store.update_status(path, "A02-T05-02", "delayed", "after the crash", who="next")  # writable again
    assert len(assert_history_matches_ledger(path)) == len(entries) + 1


def test_write_failing_between_temp_and_replace_changes_nothing(ledger, monkeypatch):
    before = ledger.read_bytes()

    def disk_full(point):
        if point == "history_synced":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "fault_hook", disk_full)
    with pytest.raises(store.LedgerWriteError, match="the disk is full.*nothing was saved"):
        store.update_status(ledger, "A02-T05-01", "completed", "", who="a")
    assert ledger.read_bytes() == before
    assert not [p for p in ledger.parent.iterdir() if p.name.endswith(".tmp")]
    assert history.read_history(ledger) == []  # the recorded batch was voided
    monkeypatch.undo()
    store.update_status(ledger, "A02-T05-01", "completed", "", who="a")
    assert len(assert_history_matches_ledger(ledger)) == 1


def test_store_names_each_part_from_its_one_home():
    """store is the façade callers use; the names it re-exports are the parts' own objects (one
    definition each: store_errors, snapshots, writeback), not copies."""
    from cymap.ledger import snapshots, store_errors, writeback

    homes = {"StoreError": store_errors, "InvalidEditError": store_errors, "StaleEditError": store_errors,
             "user_message": store_errors, "Snapshot": snapshots, "snapshot": snapshots, "row_version": snapshots,
             "file_sha": snapshots, "serialise": writeback, "check_cells": writeback, "cell_problem": writeback,
             "MAX_CELL_CHARS": writeback}
    for name, home in homes.items():
        assert getattr(store, name) is getattr(home, name), name
    assert all(hasattr(store, name) for name in store.__all__)
    with pytest.raises(store.InvalidEditError, match="column note"):  # writeback's check raises the store's error
        store.check_cells({"note": "a\x00b"}, "project A02-T05-01")


def test_a_row_version_changes_with_an_optional_column_too():
    # An import that changes only 总投资 must make an editor's older view of the row stale.
    base = {"id": "A02-T05-01", "name_zh": "机场", "status": "planning"}
    older, newer = base | {"total_investment": "12.5"}, base | {"total_investment": "13"}
    assert store.row_version(older) != store.row_version(newer)
    assert store.row_version(base | {"lead_unit": "市交通局"}) != store.row_version(base)
