"""The PostgreSQL store against a real server (tests/pg_fixtures.py): schema commands, exact
import/export round trip with the history, the PostGIS `projects` layer, many writers in several
processes losing nothing, and writers killed mid-transaction changing nothing."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys

import psycopg
import pytest

from cymap import shared
from cymap.ledger import history, pg_schema, pg_store, pg_transfer, store
from cymap.ledger.read import read_raw
from tests.ledger_fixtures import ROOT, SMALL_LEDGER, run_python, write_generated_ledger
from tests.pg_fixtures import wait_for

pytestmark = pytest.mark.postgres
WRITERS_PER_PROCESS, PROCESSES, EDITS = 4, 3, 50


def cymap(*args: str, env: dict | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cymap", *args], cwd=ROOT, text=True, capture_output=True,
                          input=stdin, env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture
def loaded(pg_url, tmp_path):
    """A database holding the small ledger, and an editor account."""
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    opened = shared.open_ledger_store(pg_url)
    pg_transfer.load_file(opened, path)
    account = opened.accounts.add("编辑甲", "editor-pw-01", "editor")
    yield opened, account
    opened.close()


def query(url: str, sql: str, params=()):
    with psycopg.connect(url) as connection:
        return connection.execute(sql, params).fetchall()


def test_db_init_and_migrate_create_the_schema_once(pg_server):
    url = pg_server.empty_database()
    first = cymap("db", "init", "--ledger", url)
    assert first.returncode == 0, first.stderr
    assert f"schema version {pg_schema.latest_version()}" in first.stdout
    assert "already initialised" in cymap("db", "init", "--ledger", url).stdout
    again = cymap("db", "migrate", "--ledger", url)
    assert again.returncode == 0 and "up to date" in again.stdout
    assert query(url, "SELECT version, name FROM cymap_schema ORDER BY version") == [
        (m.version, m.name) for m in pg_schema.migrations()]
    assert query(url, "SELECT extname FROM pg_extension WHERE extname = 'postgis'") == [("postgis",)]


def test_db_commands_need_a_database_url(tmp_path):
    result = cymap("db", "init", "--ledger", str(tmp_path / "x.csv"), env={"CYMAP_LEDGER": ""})
    assert result.returncode == 1 and "postgresql://" in result.stderr


def test_import_export_round_trip_the_ledger_and_its_history_exactly(pg_url, tmp_path):
    path = tmp_path / "projects.csv"
    shutil.copy(ROOT / "projects.csv", path)
    store.update_status(path, "A02-T05-01", "completed", "T3B 投用", who="王工")
    store.update_status(path, "A02-T05-01", "under_construction", "更正", who="李工")
    result = cymap("db", "import", str(path), "--ledger", pg_url)
    assert result.returncode == 0, result.stderr
    assert "2 history entries" in result.stdout
    out = tmp_path / "export" / "projects.csv"
    out.parent.mkdir()
    exported = cymap("db", "export", "--out", str(out), "--ledger", pg_url)
    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes() == path.read_bytes()
    assert history.read_history(out) == history.read_history(path)
    again = cymap("db", "import", str(path), "--ledger", pg_url)
    assert again.returncode == 1 and "already holds" in again.stderr


def test_import_refuses_a_ledger_without_unique_ids(pg_url, tmp_path):
    path = tmp_path / "dup.csv"
    path.write_bytes(SMALL_LEDGER.read_bytes() + SMALL_LEDGER.read_bytes().splitlines(keepends=True)[1])
    result = cymap("db", "import", str(path), "--ledger", pg_url)
    assert result.returncode == 1 and "duplicate ids (A02-T05-01)" in result.stderr
    assert query(pg_url, "SELECT count(*) FROM ledger_rows") == [(0,)]


def test_the_projects_layer_has_geometry_in_4326_and_follows_each_write(loaded, pg_url):
    opened, account = loaded
    assert query(pg_url, "SELECT srid, type FROM geometry_columns WHERE f_table_name = 'projects'") == [
        (4326, "GEOMETRY")]
    assert query(pg_url, "SELECT count(*), count(geom) FROM projects") == [(4, 4)]
    opened.update_status("A02-T05-02", "completed", "", account)
    assert query(pg_url, "SELECT status FROM projects WHERE id = 'A02-T05-02'") == [("completed",)]
    opened.add_project({"id": "A02-T05-09", "name_zh": "万州新港", "action": "2", "task": "5", "category": "port",
                        "location": "万州区", "status": "planned"}, account)
    rows = query(pg_url, "SELECT districts, ST_SRID(geom), ST_Intersects(geom, ST_MakeEnvelope(105, 28, 111, 33, "
                         "4326)) FROM projects WHERE id = 'A02-T05-09'")
    assert rows == [("万州区", 4326, True)]


WORKER = r"""
import json, sys, threading
from cymap.ledger import stores, store
url, process, ids = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
ledger = stores.open_store(url, pool_size=4)
account = ledger.accounts.login("编辑甲", "editor-pw-01")
done, failures = [], []
def write(writer):
    for n in range(int(sys.argv[4])):
        project_id = ids[(writer + n) % len(ids)]
        for _ in range(2000):
            version = ledger.snapshot().version(project_id)
            try:
                ledger.update_status(project_id, "completed" if n % 2 else "delayed", f"w{writer}-{n}",
                                     account, expected_version=version)
            except store.StaleEditError:
                continue
            done.append(f"w{writer}-{n}")
            print(f"w{writer}-{n}", flush=True)
            break
        else:
            failures.append(f"w{writer}-{n}")
threads = [threading.Thread(target=write, args=(process * 4 + k,)) for k in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps({"done": len(done), "failures": failures}), flush=True)
"""


def assert_consistent(url: str, opened) -> list[history.Entry]:
    """Every row's version counts its recorded changes, its note is its last entry's, the
    revisions chain without a gap."""
    entries = opened.history()
    for project_id, version in opened.snapshot().versions().items():
        mine = [e for e in entries if e.id == project_id]
        assert int(version) == 1 + len(mine), project_id
        if mine:
            note = opened.snapshot().frame.set_index("id").loc[project_id, "note"]
            assert note == mine[-1].note
    batches = list(dict.fromkeys(e.batch for e in entries))
    first = {e.batch: e for e in reversed(entries)}
    for earlier, later in zip(batches, batches[1:]):
        assert first[later].sha_before == first[earlier].sha_after
    if batches:
        assert first[batches[-1]].sha_after == opened.snapshot().sha
    return entries


def test_twelve_writers_in_three_processes_lose_nothing(loaded, pg_url):
    opened, _ = loaded
    ids = ",".join(opened.snapshot().frame["id"])
    workers = [run_python(WORKER, pg_url, str(p), ids, str(EDITS)) for p in range(PROCESSES)]
    outputs = [w.communicate(timeout=600) for w in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, err
        assert json.loads(out.strip().splitlines()[-1]) == {"done": WRITERS_PER_PROCESS * EDITS, "failures": []}
    entries = assert_consistent(pg_url, opened)
    expected = {f"w{w}-{n}" for w in range(PROCESSES * WRITERS_PER_PROCESS) for n in range(EDITS)}
    assert len(entries) == len(expected) == 600
    assert {e.note for e in entries} == expected
    assert {e.who for e in entries} == {"编辑甲"}


KILLED = r"""
import os, signal, sys
from cymap.ledger import pg_store, stores
ledger = stores.open_store(sys.argv[1], pool_size=1)
account = ledger.accounts.login("编辑甲", "editor-pw-01")
def die(point):
    if point == sys.argv[2]:
        print("dying", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
pg_store.fault_hook = die
ledger.update_status("A02-T05-02", "completed", "never saved", account)
print("survived", flush=True)
"""


@pytest.mark.parametrize("point", pg_store.FAULT_POINTS)
def test_a_writer_killed_mid_transaction_changes_nothing(loaded, pg_url, point):
    opened, account = loaded
    before = opened.snapshot()
    worker = run_python(KILLED, pg_url, point)
    out, _ = worker.communicate(timeout=120)
    assert worker.returncode == -signal.SIGKILL and out.strip() == "dying"
    after = opened.snapshot()
    assert after.sha == before.sha and after.frame.equals(before.frame) and opened.history() == []
    # The lock died with the writer: the next write goes through at once.
    assert opened.update_status("A02-T05-02", "completed", "saved", account).changed
    assert_consistent(pg_url, opened)


def test_writers_killed_while_others_write_leave_the_ledger_consistent(loaded, pg_url):
    opened, _ = loaded
    ids = ",".join(opened.snapshot().frame["id"])
    workers = [run_python(WORKER, pg_url, str(p), ids, "100") for p in range(PROCESSES)]
    victim = workers[0]
    assert wait_for(lambda: victim.stdout.readline().startswith("w"), timeout=120)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=60)
    for worker in workers[1:]:
        worker.communicate(timeout=600)
        assert worker.returncode == 0
    entries = assert_consistent(pg_url, opened)
    assert len(entries) >= 2 * WRITERS_PER_PROCESS * 100


def test_snapshot_of_a_generated_ledger_keeps_order_and_versions(pg_url, tmp_path):
    path = tmp_path / "gen.csv"
    ids = write_generated_ledger(path, 120)
    opened = pg_store.PgStore(pg_url)
    try:
        pg_transfer.load_file(opened, path)
        snap = opened.snapshot()
        assert list(snap.frame["id"]) == ids and set(snap.versions().values()) == {"1"}
        assert snap.data == path.read_bytes()
        assert pg_store.redact("postgresql://u:secret@localhost/db") == "postgresql://u@localhost/db"
    finally:
        opened.close()


def test_a_write_waiting_too_long_for_another_is_refused_saying_so(loaded, pg_url, monkeypatch):
    opened, account = loaded
    monkeypatch.setattr(pg_store, "LOCK_TIMEOUT_S", 1.0)
    with psycopg.connect(pg_url) as holder:  # a writer stuck inside its transaction
        holder.execute("UPDATE ledger_state SET revision = revision")
        with pytest.raises(store.LedgerBusyError, match="someone else"):
            opened.update_status("A02-T05-02", "completed", "", account)
    assert opened.update_status("A02-T05-02", "completed", "", account).changed


def test_cells_with_quotes_commas_and_line_breaks_come_back_exactly(pg_url, tmp_path):
    import csv

    path = tmp_path / "tricky.csv"
    ids = write_generated_ledger(path, 6)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines(keepends=False)))
    notes = ['say "hi", then go', "line one\nline two", "carriage\r\nreturn", "  inner  spaces  ", "逗号，引号“”", ""]
    for row, note in zip(rows[1:], notes):
        row[-1] = note
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    opened = pg_store.PgStore(pg_url)
    try:
        pg_transfer.load_file(opened, path)
        snap = opened.snapshot(cached=False)
        assert list(snap.frame["id"]) == ids
        table = read_raw(path.read_bytes(), path.name)
        assert snap.frame.equals(table.frame)
        assert snap.data == store.serialise(table)  # the file as the file store writes it
    finally:
        opened.close()
