"""Writing the ledger without ever losing an edit.

- Atomic: the new ledger is written to a temp file beside it, fsynced, then `os.replace`d
  over it, so a reader sees the old file or the new one, never half of one.
- Backed up: the previous version is copied into `.cymap-backups/` beside the ledger first
  (the newest KEEP_BACKUPS are kept).
- Serialised: writers (browser sessions, the CLI, scripts) hold a file lock beside the ledger
  (`<ledger>.lock`, via filelock) from reading the current rows to replacing the file.
- Optimistic: an edit may carry the row version (or the file hash) its editor saw; when the
  row (file) changed since, the edit is refused with a message instead of overwriting.
- Logged exactly once: the history batch is appended after the temp file is complete and
  before the replace. A writer killed between the two leaves a complete temp file whose batch
  is in the history; the next writer (under the lock) finishes the replace. A writer killed
  earlier leaves a temp file with no batch; it is deleted. See `recover`.
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from cymap.ledger import history
from cymap.ledger.history import Change, Entry
from cymap.ledger.read import RawTable, read_raw
from cymap.ledger.validate import validate_rows
from cymap.ledger.schema import COLUMNS, STATUSES, normalise_status

LOCK_TIMEOUT_S = 30.0
BACKUP_DIR = ".cymap-backups"
KEEP_BACKUPS = 10
INTEGER_COLUMNS = ("action", "task", "target_year")  # written as numbers in XLSX


class StoreError(ValueError):
    """An edit that cannot be made; the message says why and what to do."""


class LedgerBusyError(StoreError):
    pass


class StaleEditError(StoreError):
    pass


class UnknownProjectError(StoreError):
    pass


class InvalidEditError(StoreError):
    pass


@dataclass(frozen=True)
class Snapshot:
    """The ledger as read at one moment: every row, its content hash and each row's version."""

    path: Path
    table: RawTable
    sha: str

    @property
    def frame(self) -> pd.DataFrame:
        return self.table.frame

    def versions(self) -> dict[str, str]:
        ids = self.frame["id"] if "id" in self.frame.columns else pd.Series([], dtype=str)
        out: dict[str, str] = {}
        for position, project_id in enumerate(ids):
            out.setdefault(project_id, row_version(self.frame.iloc[position]))
        return out

    def version(self, project_id: str) -> str:
        return self.versions().get(project_id, "")


@dataclass(frozen=True)
class EditResult:
    changes: list[Change]
    sha: str  # the ledger's content hash after the write (unchanged if nothing changed)
    batch: str = ""
    versions: dict[str, str] = dataclasses.field(default_factory=dict)  # new versions of edited rows

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def file_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_version(values: Mapping) -> str:
    """A short hash of a row's ledger columns: changes whenever any of its values changes."""
    text = "\x1f".join(str(values.get(c, "")) for c in COLUMNS)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".lock")


def backup_dir(ledger: Path) -> Path:
    return ledger.parent / BACKUP_DIR


def snapshot(path: str | Path) -> Snapshot:
    """Read the ledger (no lock needed: the file is only ever replaced whole)."""
    path = Path(path)
    data = path.read_bytes()
    return Snapshot(path, read_raw(data, path.name), file_sha(data))


@contextlib.contextmanager
def locked(path: str | Path, timeout: float | None = None) -> Iterator[Path]:
    """Hold the ledger's write lock (across processes); recover a crashed writer's leftovers."""
    path = Path(path)
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    if not path.is_file():
        raise StoreError(f"there is no ledger file at {path}")
    lock = FileLock(lock_path(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LedgerBusyError(f"the ledger {path.name} is being written by someone else for more than "
                              f"{timeout:.0f} s; try again in a moment (lock file {lock_path(path)})") from None
    try:
        recover(path)
        yield path
    finally:
        lock.release()


def _temp_path(ledger: Path, batch: str) -> Path:
    return ledger.with_name(f".{ledger.name}.{batch}.tmp")


def _leftover_temps(ledger: Path) -> list[tuple[Path, str]]:
    prefix = f".{ledger.name}."
    return [(p, p.name[len(prefix):-len(".tmp")]) for p in ledger.parent.iterdir()
            if p.name.startswith(prefix) and p.name.endswith(".tmp")]


def recover(path: Path) -> list[str]:
    """Finish or undo a write a killed process left half done. Call under the lock.

    Returns what was done, one line per action (for logs and tests)."""
    done = []
    if history.repair_tail(path):
        done.append("cut an incomplete last history line")
    temps = _leftover_temps(path)
    if not temps:
        return done
    recorded = history.batches(path)
    current = file_sha(path.read_bytes()) if path.exists() else ""
    for temp, batch in temps:
        entry = recorded.get(batch)
        if entry is None:  # died before the history was written: the edit never happened
            temp.unlink(missing_ok=True)
            done.append(f"removed unfinished write {batch}")
        elif entry.sha_before == current and file_sha(temp.read_bytes()) == entry.sha_after:
            _replace(temp, path)
            current = entry.sha_after
            done.append(f"completed write {batch}")
        else:  # the ledger moved on (edited by hand?) or the temp is not what was recorded
            history.void(path, batch, "ledger write did not complete")
            temp.unlink(missing_ok=True)
            done.append(f"voided write {batch}")
    return done


def _replace(temp: Path, path: Path) -> None:
    os.replace(temp, path)
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals the rename
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def serialise(table: RawTable) -> bytes:
    """The table in the file's own format, encoding, delimiter, line ends and header names."""
    columns = list(table.frame.columns)
    header = [table.headers.get(c, c) for c in columns]
    if table.fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        for values in table.frame.itertuples(index=False):
            sheet.append([_excel_value(c, v) for c, v in zip(columns, values)])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, delimiter=table.delimiter, lineterminator=table.newline)
    writer.writerow(header)
    writer.writerows(table.frame.itertuples(index=False))
    return text.getvalue().encode(table.encoding)


def _excel_value(column: str, value: str):
    if column in INTEGER_COLUMNS and value.isdigit():
        return int(value)
    return value


def _write_backup(path: Path, batch: str) -> None:
    if not path.exists():
        return
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    (folder / f"{path.stem}.{stamp}.{batch[:8]}{path.suffix}").write_bytes(path.read_bytes())
    backups = sorted(p for p in folder.iterdir() if p.name.startswith(f"{path.stem}.") and p.suffix == path.suffix)
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)


def commit(snap: Snapshot, frame: pd.DataFrame, changes: list[Change], who: str, note: str,
           action: str) -> EditResult:
    """Write `frame` as the new ledger and its changes to the history. Call under the lock,
    with `snap` read under the same lock."""
    path = snap.path
    if not changes:
        return EditResult([], snap.sha)
    batch = uuid.uuid4().hex
    data = serialise(dataclasses.replace(snap.table, frame=frame))
    sha_after = file_sha(data)
    _write_backup(path, batch)
    temp = _temp_path(path, batch)
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        when = history.utc_now()
        history.append(path, [Entry(when, who, c.id, c.field, c.old, c.new, note, action, batch, snap.sha, sha_after)
                              for c in changes])
        _replace(temp, path)
    except BaseException:
        # A crash that Python sees (disk full, interrupted): undo what is not yet in place.
        # The next writer's `recover` settles whichever half remains.
        if temp.exists() and batch in history.batches(path):
            history.void(path, batch, "ledger write failed")
        temp.unlink(missing_ok=True)
        raise
    edited = {c.id for c in changes}
    versions = {v["id"]: row_version(v) for v in frame.to_dict("records") if v.get("id") in edited}
    return EditResult(list(changes), sha_after, batch, versions)


def check_who(who: str) -> str:
    who = str(who or "").strip()
    if not who:
        raise InvalidEditError("say who is editing (a name or an account), so the history can record it")
    return who


def _row_position(snap: Snapshot, project_id: str) -> int:
    ids = snap.frame["id"].tolist() if "id" in snap.frame.columns else []
    positions = [i for i, value in enumerate(ids) if value == project_id]
    if not positions:
        raise UnknownProjectError(f"no project with id {project_id!r} in {snap.path.name}")
    if len(positions) > 1:
        rows = ", ".join(str(p + 1) for p in positions)
        raise InvalidEditError(f"id {project_id!r} appears in rows {rows} of {snap.path.name}; "
                               "make the ids unique before editing (python -m cymap validate)")
    return positions[0]


def _check_fresh(snap: Snapshot, project_id: str | None, expected_version: str | None,
                 expected_sha: str | None) -> None:
    if expected_sha and expected_sha != snap.sha:
        raise StaleEditError(f"the ledger {snap.path.name} changed since you loaded it{last_change(snap.path)}; "
                             "nothing was saved — reload and make your edit again")
    if expected_version and project_id is not None and snap.version(project_id) != expected_version:
        raise StaleEditError(f"project {project_id} changed since you loaded it{last_change(snap.path, project_id)}; "
                             "nothing was saved — reload it and make your edit again")


def last_change(path: Path, project_id: str | None = None) -> str:
    entries = history.read_history(path)
    if project_id is not None:
        entries = [e for e in entries if e.id == project_id]
    if not entries:
        return ""
    last = entries[-1]
    return f" (last change: {last.when} by {last.who}: {last.field} {last.old!r} -> {last.new!r})"


def with_columns(frame: pd.DataFrame, columns) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
    return frame


def update_status(path: str | Path, project_id: str, status: str, note: str = "", who: str = "",
                  expected_version: str | None = None, expected_sha: str | None = None,
                  today: str | dt.date | None = None) -> EditResult:
    """Set a project's status with a note; `updated` becomes today. Records the change.

    `expected_version` (from Snapshot.version) or `expected_sha` (Snapshot.sha) make the edit
    conditional on the editor's view still being current."""
    who = check_who(who)
    code = normalise_status(status)
    if code is None:
        allowed = ", ".join(f"{k} ({v['zh']})" for k, v in STATUSES.items())
        raise InvalidEditError(f"status {status!r} is not a status — allowed: {allowed}")
    note = str(note or "").strip()
    today = (today or dt.date.today())
    today = today.isoformat() if isinstance(today, dt.date) else str(today)
    with locked(path) as path:
        snap = snapshot(path)
        position = _row_position(snap, project_id)
        _check_fresh(snap, project_id, expected_version, expected_sha)
        frame = with_columns(snap.frame, ("status", "updated", "note"))
        old = frame.iloc[position]
        if old["status"] != code:
            changes = [Change(project_id, "status", old["status"], code)]
        elif old["note"] != note:
            changes = [Change(project_id, "note", old["note"], note)]
        else:
            return EditResult([], snap.sha, versions={project_id: snap.version(project_id)})
        for column, value in (("status", code), ("updated", today), ("note", note)):
            frame.iat[position, frame.columns.get_loc(column)] = value
        return commit(snap, frame, changes, who, note, "update")


def add_project(path: str | Path, values: Mapping[str, str], who: str = "", note: str = "",
                today: str | dt.date | None = None) -> EditResult:
    """Append a new project after validating it (its id must be new). Records the addition."""
    who = check_who(who)
    row = {c: str(values.get(c, "") or "").strip() for c in COLUMNS}
    if not row["updated"]:
        today = today or dt.date.today()
        row["updated"] = today.isoformat() if isinstance(today, dt.date) else str(today)
    with locked(path) as path:
        snap = snapshot(path)
        if row["id"] and "id" in snap.frame.columns and row["id"] in set(snap.frame["id"]):
            raise InvalidEditError(f"id {row['id']!r} is already used in {snap.path.name}; choose a new id")
        valid, problems = validate_rows(pd.DataFrame([row]))
        if problems:
            raise InvalidEditError("the new project is not valid: " + "; ".join(
                str(p).replace("row 1, ", "", 1) for p in problems))
        normalised = {c: _plain(valid.iloc[0][c]) for c in COLUMNS}
        frame = with_columns(snap.frame, COLUMNS)
        addition = pd.DataFrame([{c: normalised.get(c, "") for c in frame.columns}], dtype=str)
        frame = pd.concat([frame, addition], ignore_index=True)
        change = Change(row["id"], history.ROW_FIELD_ADDED, "", json.dumps(normalised, ensure_ascii=False))
        return commit(snap, frame, [change], who, note, "add")


def _plain(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
