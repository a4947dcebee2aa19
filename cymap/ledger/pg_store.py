"""The shared ledger in PostgreSQL/PostGIS: the same guarantees as the file store, for many writers.

- One transaction per write: the rows changed, the history entries, the ledger revision — all
  committed together or not at all (a writer killed mid-transaction changes nothing: the server
  rolls it back when the connection drops).
- Serialised: every write first bumps the one `ledger_state` row (`revision`), which locks it until
  commit, so writes in any number of processes queue there; nothing is lost, the history is in
  commit order, and a snapshot's `sha` ("r<revision>") changes with every write.
- Optimistic: a row's version (an integer, bumped on each change) travels with the editor's view;
  a write carrying an older version is refused (StaleEditError), never overwritten.
- Accounts: every write names an accounts.Account, checked against the rows' geocoded districts
  (both divisions) in the same transaction; the history records the account's name.
- Located: changed and added rows are placed by the `Locator` (geometry EPSG:4326, districts) before
  the transaction and written with them, so the `projects` view (the QGIS layer) is always current.
- Shaped as the file: `ledger_state.layout` keeps the file's columns, headers, format, encoding,
  delimiter and line ends; `export_file` writes what `load_file` read (cymap.ledger.pg_transfer).
- Fault injection: `fault_hook(point)` is called at each FAULT_POINTS step (tests kill a writer there).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
from psycopg import sql
from psycopg_pool import ConnectionPool, PoolTimeout

from cymap.ledger import accounts, history, importer, pg_schema, store
from cymap.ledger.accounts import Account
from cymap.ledger.history import Change, Entry
from cymap.ledger.read import RawTable
from cymap.ledger.schema import COLUMNS, STATUSES, normalise_status
from cymap.ledger.store_errors import change_fields, change_suffix
from cymap.ledger.placement import Locator, Placement, no_locator
from cymap.ledger.validate import validate_rows

CONNECT_TIMEOUT_S = 10.0
LOCK_TIMEOUT_S = 30.0  # a write waits this long for the one before it
FAULT_POINTS = ("locked", "rows_written", "history_written", "before_commit")
fault_hook: Callable[[str], None] | None = None
NOT_LOCATION = {"status", "updated", "note", "status_date", "evidence"}  # changing these does not move a row
ENTRY_COLUMNS = ("when_utc", "who", "project_id", "field", "old", "new", "note", "action", "batch",
                 "sha_before", "sha_after", "batch_size")


def _step(point: str) -> None:
    if fault_hook is not None:
        fault_hook(point)


def redact(url: str) -> str:
    """The URL without its password (for captions, logs and messages)."""
    parts = psycopg.conninfo.conninfo_to_dict(url)
    host, db = parts.get("host", ""), parts.get("dbname", "")
    return f"postgresql://{parts.get('user', '')}@{host if '/' not in host else ''}/{db}"


def migrate(url: str) -> list[str]:
    """Create or upgrade the schema (PostGIS, tables, the projects view); return what was applied."""
    with psycopg.connect(url, autocommit=True) as connection:
        return pg_schema.migrate(connection)


def schema_version(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as connection:
        return pg_schema.current_version(connection)


@dataclass(frozen=True)
class PgSnapshot:
    """The ledger at one revision: every row (text), its stamp r<revision>, the row versions."""

    frame: pd.DataFrame
    sha: str
    layout: dict
    row_versions: dict[str, str]

    def version(self, project_id: str) -> str:
        return self.row_versions.get(project_id, "")

    def versions(self) -> dict[str, str]:
        return dict(self.row_versions)

    def table(self) -> RawTable:
        return RawTable(self.frame, dict(self.layout.get("headers", {})), self.layout.get("fmt", "csv"),
                        self.layout.get("encoding", "utf-8"), self.layout.get("delimiter", ","),
                        self.layout.get("newline", "\n"))

    @property
    def data(self) -> bytes:
        """The ledger as its file would be (CSV/XLSX in the imported layout)."""
        return store.serialise(self.table())


def sha_of(revision: int) -> str:
    return f"r{revision}"


class PgStore:
    kind = "postgresql"
    uses_accounts = True

    def __init__(self, url: str, locate: Locator = no_locator, pool_size: int = 4) -> None:
        self.url = url
        self.location = redact(url)
        self.locate = locate
        self._kept: PgSnapshot | None = None
        self._kept_bytes: tuple[str, bytes] | None = None
        self.pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=True, timeout=CONNECT_TIMEOUT_S)
        try:
            self.pool.wait(timeout=CONNECT_TIMEOUT_S)
        except PoolTimeout:
            self.pool.close()
            raise store.StoreError(f"cannot connect to the shared ledger {self.location} within "
                                   f"{CONNECT_TIMEOUT_S:.0f} s — is PostgreSQL running, and the URL right?",
                                   "db_unreachable", location=self.location, seconds=round(CONNECT_TIMEOUT_S)) from None
        self.accounts = accounts.Accounts(self.pool)

    @property
    def filename(self) -> str:
        return "ledger." + (self.layout().get("fmt") or "csv")

    def close(self) -> None:
        self.pool.close()

    # --- reading ---------------------------------------------------------------------------
    def layout(self) -> dict:
        with self.pool.connection() as connection:
            return connection.execute("SELECT layout FROM ledger_state").fetchone()[0]

    def current_sha(self) -> str:
        with self.pool.connection() as connection:
            return sha_of(connection.execute("SELECT revision FROM ledger_state").fetchone()[0])

    def snapshot(self, cached: bool = True) -> PgSnapshot:
        """Every row at one revision (one REPEATABLE READ transaction); the server picks each cell
        out of the row's JSON, so rows arrive as plain text columns. The last snapshot is kept: while
        the revision (read first, in the same transaction) is the same, a copy of it is returned."""
        with self.pool.connection() as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            try:
                with connection.transaction():
                    revision, layout = connection.execute("SELECT revision, layout FROM ledger_state").fetchone()
                    kept = self._kept
                    if cached and kept is not None and kept.sha == sha_of(revision) and kept.layout == layout:
                        return dataclasses.replace(kept, frame=kept.frame.copy())
                    columns = list(layout.get("columns") or COLUMNS)
                    picks = sql.SQL(", ").join(sql.SQL("coalesce(cells ->> {}, '')").format(sql.Literal(c))
                                               for c in columns)
                    query = sql.SQL("COPY (SELECT id, version, {} FROM ledger_rows ORDER BY position) TO STDOUT "
                                    "(FORMAT csv)").format(picks)
                    data = bytearray()
                    with connection.cursor().copy(query) as copy:
                        for chunk in copy:
                            data += chunk
            finally:
                connection.isolation_level = None
        ids, versions, frame = _parse_rows(bytes(data), columns)
        snap = PgSnapshot(frame, sha_of(revision), layout, dict(zip(ids, versions)))
        self._kept = dataclasses.replace(snap, frame=frame.copy())
        return snap

    def ledger_bytes(self) -> bytes:
        """The ledger as its file (what the app geocodes), written once per revision."""
        snap = self.snapshot()
        kept = self._kept_bytes
        if kept is not None and kept[0] == snap.sha:
            return kept[1]
        data = snap.data
        self._kept_bytes = (snap.sha, data)
        return data

    def history(self, project_id: str | None = None) -> list[Entry]:
        where, params = ("WHERE project_id = %s", (project_id,)) if project_id else ("", ())
        return self._entries(where, params)

    def changes_since(self, since: str | dt.date, project_id: str | None = None) -> list[Entry]:
        start = history.parse_date(since).isoformat()
        if project_id:
            return self._entries("WHERE when_utc >= %s AND project_id = %s", (start, project_id))
        return self._entries("WHERE when_utc >= %s", (start,))

    def damaged_history(self) -> list[tuple[int, str]]:
        return []  # the database keeps entries as typed columns: nothing to skip

    def _entries(self, where: str, params: tuple) -> list[Entry]:
        with self.pool.connection() as connection:
            rows = connection.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM ledger_history {where} "
                                      "ORDER BY seq", params).fetchall()
        return [Entry(*row) for row in rows]

    def _last_entry(self, cursor, project_id: str | None = None) -> Entry | None:
        where, params = ("WHERE project_id = %s", (project_id,)) if project_id else ("", ())
        row = cursor.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM ledger_history {where} ORDER BY seq DESC "
                             "LIMIT 1", params).fetchone()
        return None if row is None else Entry(*row)

    # --- writing ---------------------------------------------------------------------------
    def _write(self, work, who: Account, note: str, action: str, expected_sha: str | None = None):
        """Run `work(cursor, layout) -> (changes, rows, new layout | None)` under the ledger lock and record
        its changes, all in one transaction. `rows`: id -> (position, cells, Placement | None) to upsert,
        or None to delete."""
        batch = uuid.uuid4().hex
        with self.pool.connection() as connection:
            with connection.transaction() as transaction:
                cursor = connection.cursor()
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_S:.0f}s'")
                try:
                    revision, layout = cursor.execute("UPDATE ledger_state SET revision = revision + 1 "
                                                      "RETURNING revision, layout").fetchone()
                except psycopg.errors.LockNotAvailable:
                    raise store.LedgerBusyError(f"the shared ledger is being written by someone else for more than "
                                                f"{LOCK_TIMEOUT_S:.0f} s; nothing was saved — try again in a "
                                                "moment", "db_busy", seconds=f"{LOCK_TIMEOUT_S:.0f}") from None
                _step("locked")
                if expected_sha and expected_sha != sha_of(revision - 1):
                    last = self._last_entry(cursor)
                    raise store.StaleEditError(f"the shared ledger changed since you loaded it{change_suffix(last)}; "
                                               "nothing was saved — reload and make your edit again", "db_stale",
                                               **change_fields(last))
                changes, rows, new_layout = work(cursor, layout)
                if not changes:
                    transaction.force_rollback = True  # nothing changed: the revision stays
                    return store.EditResult([], sha_of(revision - 1))
                versions = self._write_rows(cursor, rows)
                if new_layout is not None and new_layout != layout:
                    cursor.execute("UPDATE ledger_state SET layout = %s", (psycopg.types.json.Jsonb(new_layout),))
                _step("rows_written")
                when, size = history.utc_now(), str(len(changes))
                cursor.executemany(
                    f"INSERT INTO ledger_history ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join(['%s'] * 12)})",
                    [(when, who.name, c.id, c.field, c.old, c.new, note, action, batch, sha_of(revision - 1),
                      sha_of(revision), size) for c in changes])
                _step("history_written")
                _step("before_commit")
        return store.EditResult(list(changes), sha_of(revision), batch, versions)

    @staticmethod
    def _write_rows(cursor, rows: dict) -> dict[str, str]:
        versions = {}
        for project_id, value in rows.items():
            if value is None:
                cursor.execute("DELETE FROM ledger_rows WHERE id = %s", (project_id,))
                continue
            position, cells, place = value
            cells = psycopg.types.json.Jsonb(cells)
            if place is None:  # location unchanged: geometry and districts stay
                version = cursor.execute("UPDATE ledger_rows SET cells = %s, version = version + 1 WHERE id = %s "
                                         "RETURNING version", (cells, project_id)).fetchone()[0]
            else:
                version = cursor.execute(
                    "INSERT INTO ledger_rows (id, position, cells, districts, districts_2023, precision, geom) "
                    "VALUES (%s, coalesce(%s::bigint, (SELECT coalesce(max(position), 0) + 1 FROM ledger_rows)), "
                    "%s, %s, %s, %s, nullif(%s, '')::geometry) ON CONFLICT (id) DO UPDATE SET "
                    "cells = excluded.cells, districts = excluded.districts, districts_2023 = excluded.districts_2023,"
                    " precision = excluded.precision, geom = excluded.geom, version = ledger_rows.version + 1 "
                    "RETURNING version",
                    (project_id, position, cells, list(place.districts), list(place.districts_2023), place.precision,
                     place.ewkb)).fetchone()[0]
            versions[project_id] = str(version)
        return versions

    def _locked_row(self, cursor, project_id: str) -> tuple[dict, str, set[str]]:
        row = cursor.execute("SELECT cells, version, districts || districts_2023 FROM ledger_rows WHERE id = %s "
                             "FOR UPDATE", (project_id,)).fetchone()
        if row is None:
            raise store.UnknownProjectError(f"no project with id {project_id!r} in the shared ledger",
                                            "db_unknown_id", id=repr(project_id))
        return row[0], str(row[1]), set(row[2])

    def update_status(self, project_id: str, status: str, note: str = "", who=None,
                      expected_version: str | None = None, expected_sha: str | None = None,
                      today: str | dt.date | None = None) -> store.EditResult:
        """Set a project's status with a note (`updated` becomes today), as store.update_status does."""
        account = accounts.require_account(who)
        code = normalise_status(status)
        if code is None:
            allowed = ", ".join(f"{k} ({v['zh']})" for k, v in STATUSES.items())
            raise store.InvalidEditError(f"status {status!r} is not a status — allowed: {allowed}", "not_status",
                                         value=repr(status))
        note = str(note or "").strip()
        store.check_cells({"note": note}, f"project {project_id}", project_id)
        today = _day(today)

        def work(cursor, layout):
            cells, version, touched = self._locked_row(cursor, project_id)
            accounts.check_write(account, project_id, touched)
            if expected_version and expected_version != version:
                last = self._last_entry(cursor, project_id)
                raise store.StaleEditError(f"project {project_id} changed since you loaded it{change_suffix(last)}; "
                                           "nothing was saved — reload it and make your edit again", "stale_row",
                                           id=project_id, **change_fields(last))
            old_status, old_note = cells.get("status", ""), cells.get("note", "")
            if old_status != code:
                changes = [Change(project_id, "status", old_status, code)]
            elif old_note != note:
                changes = [Change(project_id, "note", old_note, note)]
            else:
                return [], {}, None
            cells = {**cells, "status": code, "updated": today, "note": note}
            return changes, {project_id: (0, cells, None)}, _with_columns(layout, ("status", "updated", "note"))

        result = self._write(work, account, note, "update", expected_sha)
        if not result.changed:
            with self.pool.connection() as connection:
                version = connection.execute("SELECT version FROM ledger_rows WHERE id = %s", (project_id,)).fetchone()
            return dataclasses.replace(result, versions={project_id: str(version[0]) if version else ""})
        return result

    def add_project(self, values: Mapping[str, str], who=None, note: str = "",
                    today: str | dt.date | None = None) -> store.EditResult:
        """Append a new, valid project with a new id; placed by the geocoder; recorded."""
        account = accounts.require_account(who)
        row = new_project_row(values, today)
        place = self.locate(pd.DataFrame([row], dtype=str)).get(row["id"], Placement())
        accounts.check_write(account, row["id"] or "(new)", place.all_districts)

        def work(cursor, layout):
            if cursor.execute("SELECT 1 FROM ledger_rows WHERE id = %s", (row["id"],)).fetchone():
                raise store.InvalidEditError(f"id {row['id']!r} is already used in the shared ledger; choose a new id",
                                             "db_id_taken", id=repr(row["id"]))
            layout = _with_columns(layout, COLUMNS)
            cells = {c: row.get(c, "") for c in layout["columns"]}
            change = Change(row["id"], history.ROW_FIELD_ADDED, "", json.dumps(row, ensure_ascii=False))
            return [change], {row["id"]: (None, cells, place)}, layout

        return self._write(work, account, note, "add")

    def preview_import(self, source, filename: str = "") -> importer.ImportPreview:
        snap = self.snapshot()
        used = {e.id for e in self.history()}  # a removed row's id is never given to a new row
        return importer.preview_frame(snap.frame, snap.sha, self.location, source, filename, used)

    def apply_import(self, preview: importer.ImportPreview, who=None, note: str = "",
                     keep_removed: bool = False) -> store.EditResult:
        """Apply a preview if the ledger is still at the revision it was previewed against (admin only)."""
        from cymap.ledger import pg_transfer

        account = accounts.require_account(who)
        accounts.check_admin(account, "importing a ledger")
        if not preview.can_apply:
            raise importer.problems_refusal(preview)
        snap = self.snapshot()
        if snap.sha != preview.base_sha:
            raise store.StaleEditError("the shared ledger changed since this preview; nothing was applied — "
                                       "preview the import again", "db_import_stale")
        changes, rows, layout = pg_transfer.import_rows(snap, preview, keep_removed, self.locate)
        return self._write(lambda cursor, _: (changes, rows, layout), account, note, "import", preview.base_sha)


def _parse_rows(data: bytes, columns: list[str]) -> tuple[list[str], list[str], pd.DataFrame]:
    """The server's CSV of (id, version, cells…) as ids, versions and a frame of text: parsed by
    Arrow in one pass (every value a string, empty never null, quoted line breaks kept)."""
    names = ["id", "(version)", *columns]
    if not data:
        return [], [], pd.DataFrame({c: pd.Series([], dtype=str) for c in columns}, columns=columns)
    table = pa_csv.read_csv(
        io.BytesIO(data), read_options=pa_csv.ReadOptions(column_names=names),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(column_types={n: pa.string() for n in names},
                                              strings_can_be_null=False, quoted_strings_can_be_null=False))
    ids, versions = table.column(0).to_pylist(), table.column(1).to_pylist()
    frame = table.select(list(range(2, len(names)))).to_pandas()
    frame.columns = columns
    return ids, versions, frame.astype(str)


def _day(today: str | dt.date | None) -> str:
    today = today or dt.date.today()
    return today.isoformat() if isinstance(today, dt.date) else str(today)


def _with_columns(layout: dict, columns) -> dict:
    present = list(layout.get("columns") or COLUMNS)
    return {**layout, "columns": present + [c for c in columns if c not in present]}


def new_project_row(values: Mapping[str, str], today: str | dt.date | None = None) -> dict[str, str]:
    """A new project's ledger columns, validated and normalised as store.add_project does."""
    row = {c: str(values.get(c, "") or "").strip() for c in COLUMNS}
    row["updated"] = row["updated"] or _day(today)
    store.check_cells(row, f"new project {row['id']}", row["id"])
    if not row["id"]:
        raise store.InvalidEditError("the new project needs an id", "new_project_no_id")
    valid, problems = validate_rows(pd.DataFrame([row]))
    if problems:
        raise store.invalid_new_project(problems)
    return {c: _plain(valid.iloc[0][c]) for c in COLUMNS}


def _plain(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
