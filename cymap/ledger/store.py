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
  earlier leaves a temp file with no batch; it is deleted. Every entry carries its batch's size,
  so a batch cut short is never completed: it is voided. See `recover`.
- Shaped as the user keeps it: CSV in its encoding, delimiter and line ends (a cell holding a
  CR or LF is always quoted); an XLSX ledger is edited in place with openpyxl — only the cells
  that changed are written, other sheets, styles and column widths stay; text is stored as text
  (never a formula). File mode, owner and group are kept; backups and the history are as
  private as the ledger; a read-only (no write bit) ledger is refused, not made writable.
- Refusing what cannot be kept: cells over 32,767 characters (Excel's limit) and control
  characters are refused naming the project and column; operating-system errors (disk full,
  read-only folder) come back as a `StoreError` sentence saying nothing was saved.
- Fault injection: `fault_hook`, when set (tests/faults), is called with the name of each write
  step (FAULT_POINTS) so a test can kill the writer exactly there.

The parts live in their own modules; this one holds the lock, the write steps and the edits, and
names the rest for its callers (`__all__`): store_errors (StoreError and the sentences),
snapshots (Snapshot, file hash, row versions), writeback (serialise, what a cell can hold) and
durable (a new file whole, a durable rename).
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import stat
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from cymap.ledger import history
from cymap.ledger.durable import FileMode, fsync_dir, replace_synced, write_new_file
from cymap.ledger.history import Change, Entry
from cymap.ledger.schema import COLUMNS, STATUSES, normalise_status
from cymap.ledger.snapshots import Snapshot, file_sha, row_version, snapshot
from cymap.ledger.store_errors import (InvalidEditError, LedgerBusyError, LedgerWriteError, StaleEditError, StoreError,
                                       UnknownProjectError, change_fields, change_suffix, invalid_new_project,
                                       os_error_sentence, user_message, write_error)
from cymap.ledger.validate import validate_rows
from cymap.ledger.writeback import MAX_CELL_CHARS, cell_problem, check_cells, serialise

__all__ = [  # what callers use: the edits, the lock and steps, and the names re-exported from the parts
    "BACKUP_DIR", "FAULT_POINTS", "KEEP_BACKUPS", "LOCK_TIMEOUT_S", "MAX_CELL_CHARS", "EditResult",
    "InvalidEditError", "LedgerBusyError", "LedgerWriteError", "Snapshot", "StaleEditError", "StoreError",
    "UnknownProjectError", "add_project", "backup_dir", "cell_problem", "change_fields", "change_suffix", "check_cells",
    "check_who", "commit", "file_sha", "invalid_new_project", "last_change", "last_entry", "lock_path", "locked",
    "os_error_sentence", "recover", "row_version", "serialise", "snapshot", "update_status", "user_message",
    "with_columns",
]

LOCK_TIMEOUT_S = 30.0
BACKUP_DIR = ".cymap-backups"
KEEP_BACKUPS = 10

# The steps of a write, in order (see `commit`); fault_hook(point) is called at each.
FAULT_POINTS = ("backup_written", "backup_replaced", "temp_written", "temp_synced", "history_line",
                "history_synced", "replaced", "dir_synced")
fault_hook: Callable[[str], None] | None = None


def _step(point: str) -> None:
    if fault_hook is not None:
        fault_hook(point)


@dataclass(frozen=True)
class EditResult:
    changes: list[Change]
    sha: str  # the ledger's content hash after the write (unchanged if nothing changed)
    batch: str = ""
    versions: dict[str, str] = dataclasses.field(default_factory=dict)  # new versions of edited rows

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".lock")


def backup_dir(ledger: Path) -> Path:
    return ledger.parent / BACKUP_DIR


@contextlib.contextmanager
def locked(path: str | Path, timeout: float | None = None) -> Iterator[Path]:
    """Hold the ledger's write lock (across processes); recover a crashed writer's leftovers."""
    path = Path(path)
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    if not path.is_file():
        raise StoreError(f"there is no ledger file at {path}", "no_ledger", path=str(path))
    lock = FileLock(lock_path(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LedgerBusyError(f"the ledger {path.name} is being written by someone else for more than "
                              f"{timeout:.0f} s; try again in a moment (lock file {lock_path(path)})", "busy",
                              ledger=path.name, seconds=f"{timeout:.0f}", lock=str(lock_path(path))) from None
    except OSError as error:
        raise write_error(error, path) from error
    try:
        try:
            recover(path)
        except OSError as error:
            raise write_error(error, path) from error
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
        done.append("settled the last history line")
    folder = backup_dir(path)
    if folder.is_dir():
        for leftover in folder.glob(".*.tmp"):  # a backup that was being copied: never a backup
            leftover.unlink(missing_ok=True)
            done.append(f"removed unfinished backup {leftover.name}")
    temps = _leftover_temps(path)
    if not temps:
        return done
    complete = history.batches(path)
    recorded = history.recorded_batches(path)
    current = file_sha(path.read_bytes()) if path.exists() else ""
    for temp, batch in temps:
        entry = complete.get(batch)
        if entry is None:  # died before its whole batch was in the history: the edit never happened
            if batch in recorded:
                history.void(path, batch, "history of the write is incomplete")
            temp.unlink(missing_ok=True)
            done.append(f"removed unfinished write {batch}")
        elif entry.sha_before == current and file_sha(temp.read_bytes()) == entry.sha_after:
            replace_synced(temp, path)
            current = entry.sha_after
            done.append(f"completed write {batch}")
        else:  # the ledger moved on (edited by hand?) or the temp is not what was recorded
            history.void(path, batch, "ledger write did not complete")
            temp.unlink(missing_ok=True)
            done.append(f"voided write {batch}")
    return done


def _write_backup(path: Path, batch: str, mode: FileMode) -> None:
    """Copy the ledger into the backup folder: whole or not at all (a temp name, then renamed),
    with the ledger's mode and group; then keep the newest KEEP_BACKUPS."""
    if not path.exists():
        return
    folder = backup_dir(path)
    if not folder.exists():
        folder.mkdir(mode=mode.folder_mode, exist_ok=True)
        os.chmod(folder, mode.folder_mode)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"{path.stem}.{stamp}.{batch[:8]}{path.suffix}"
    temp = folder / f".{final.name}.tmp"
    write_new_file(temp, path.read_bytes(), mode, "backup_written", _step)
    try:
        os.replace(temp, final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _step("backup_replaced")
    backups = sorted(p for p in folder.iterdir() if p.name.startswith(f"{path.stem}.") and p.suffix == path.suffix)
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)


def commit(snap: Snapshot, frame: pd.DataFrame, changes: list[Change], who: str, note: str,
           action: str) -> EditResult:
    """Write `frame` as the new ledger and its changes to the history. Call under the lock,
    with `snap` read under the same lock. Rows keep their index labels (see `writeback._edit_workbook`).

    Steps (FAULT_POINTS): backup written, backup in place, temp written, temp synced, each
    history line, history synced, replaced, directory synced."""
    path = snap.path
    if not changes:
        return EditResult([], snap.sha)
    mode = FileMode.of(path)
    if not mode.mode & stat.S_IWUSR:
        raise LedgerWriteError(f"the ledger {path.name} is read-only (mode {mode.mode:04o}); nothing was saved — "
                               "make it writable (chmod u+w) if it should be edited", "file_read_only",
                               ledger=path.name, mode=f"{mode.mode:04o}")
    batch = uuid.uuid4().hex
    try:
        data = serialise(dataclasses.replace(snap.table, frame=frame), snap.data, snap.table)
    except ValueError as error:  # openpyxl refusing a value the checks let through
        raise InvalidEditError(f"the ledger {path.name} cannot store this edit: {error}; nothing was saved",
                               "cannot_store", ledger=path.name, error=str(error)) from error
    sha_after = file_sha(data)
    temp = _temp_path(path, batch)
    try:
        _write_backup(path, batch, mode)
        write_new_file(temp, data, mode, "temp_written", _step)
        _step("temp_synced")
        when = history.utc_now()
        size = str(len(changes))
        history.append(path, [Entry(when, who, c.id, c.field, c.old, c.new, note, action, batch, snap.sha, sha_after,
                                    size) for c in changes], mode=mode.mode & 0o666, step=_step)
        _step("history_synced")
        os.replace(temp, path)
    except BaseException as failure:
        # A crash that Python sees (disk full, interrupted): undo what is not yet in place.
        # The next writer's `recover` settles whichever half remains.
        with contextlib.suppress(OSError):
            if temp.exists() and batch in history.recorded_batches(path):
                history.void(path, batch, "ledger write failed")
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if isinstance(failure, OSError):
            raise write_error(failure, path) from failure
        raise
    _step("replaced")
    with contextlib.suppress(OSError):  # the rename is done and recorded; the kernel writes the directory
        fsync_dir(path.parent)
    _step("dir_synced")
    edited = {c.id for c in changes}
    versions = {v["id"]: row_version(v) for v in frame.to_dict("records") if v.get("id") in edited}
    return EditResult(list(changes), sha_after, batch, versions)


def check_who(who: str) -> str:
    who = str(who or "").strip()
    if not who:
        raise InvalidEditError("say who is editing (a name or an account), so the history can record it",
                               "no_editor")
    return who


def _row_position(snap: Snapshot, project_id: str) -> int:
    ids = snap.frame["id"].tolist() if "id" in snap.frame.columns else []
    positions = [i for i, value in enumerate(ids) if value == project_id]
    if not positions:
        raise UnknownProjectError(f"no project with id {project_id!r} in {snap.path.name}", "unknown_id",
                                  id=repr(project_id), ledger=snap.path.name)
    if len(positions) > 1:
        rows = ", ".join(str(p + 1) for p in positions)
        raise InvalidEditError(f"id {project_id!r} appears in rows {rows} of {snap.path.name}; "
                               "make the ids unique before editing (python -m cymap validate)", "id_repeated",
                               id=repr(project_id), rows=rows, ledger=snap.path.name)
    return positions[0]


def _check_fresh(snap: Snapshot, project_id: str | None, expected_version: str | None,
                 expected_sha: str | None) -> None:
    if expected_sha and expected_sha != snap.sha:
        last = last_entry(snap.path)
        raise StaleEditError(f"the ledger {snap.path.name} changed since you loaded it{change_suffix(last)}; "
                             "nothing was saved — reload and make your edit again", "stale_ledger",
                             ledger=snap.path.name, **change_fields(last))
    if expected_version and project_id is not None and snap.version(project_id) != expected_version:
        last = last_entry(snap.path, project_id)
        raise StaleEditError(f"project {project_id} changed since you loaded it{change_suffix(last)}; "
                             "nothing was saved — reload it and make your edit again", "stale_row",
                             id=project_id, **change_fields(last))


def last_entry(path: Path, project_id: str | None = None):
    """The ledger's (or one project's) last history entry, None when there is none."""
    entries = history.read_history(path)
    if project_id is not None:
        entries = [e for e in entries if e.id == project_id]
    return entries[-1] if entries else None


def last_change(path: Path, project_id: str | None = None) -> str:
    return change_suffix(last_entry(path, project_id))


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
        raise InvalidEditError(f"status {status!r} is not a status — allowed: {allowed}", "not_status",
                               value=repr(status))
    note = str(note or "").strip()
    check_cells({"note": note}, f"project {project_id}", project_id)
    today = (today or dt.date.today())
    today = today.isoformat() if isinstance(today, dt.date) else str(today)
    with locked(path) as ledger:
        path = ledger
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
    check_cells(row, f"new project {row['id']}", row["id"])
    with locked(path) as ledger:
        path = ledger
        snap = snapshot(path)
        if row["id"] and "id" in snap.frame.columns and row["id"] in set(snap.frame["id"]):
            raise InvalidEditError(f"id {row['id']!r} is already used in {snap.path.name}; choose a new id",
                                   "id_taken", id=repr(row["id"]), ledger=snap.path.name)
        valid, problems = validate_rows(pd.DataFrame([row]))
        if problems:
            raise invalid_new_project(problems)
        normalised = {c: _plain(valid.iloc[0][c]) for c in COLUMNS}
        frame = with_columns(snap.frame, COLUMNS)
        addition = pd.DataFrame([{c: normalised.get(c, "") for c in frame.columns}], dtype=str)
        frame = pd.concat([frame, addition], ignore_index=True)
        change = Change(row["id"], history.ROW_FIELD_ADDED, "", json.dumps(normalised, ensure_ascii=False))
        return commit(snap, frame, [change], who, note, "add")


def _plain(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
