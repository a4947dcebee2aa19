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
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import errno
import hashlib
import io
import json
import os
import re
import stat
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from cymap.ledger import history
from cymap.ledger.history import Change, Entry
from cymap.ledger.read import RawTable, read_raw
from cymap.ledger.schema import COLUMNS, STATUSES, normalise_status
from cymap.ledger.validate import validate_rows

LOCK_TIMEOUT_S = 30.0
BACKUP_DIR = ".cymap-backups"
KEEP_BACKUPS = 10
INTEGER_COLUMNS = ("action", "task", "target_year")  # written as numbers in XLSX
MAX_CELL_CHARS = 32_767  # what an Excel cell holds (openpyxl silently cuts longer text)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not storable in XLSX; invisible

# The steps of a write, in order (see `commit`); fault_hook(point) is called at each.
FAULT_POINTS = ("backup_written", "backup_replaced", "temp_written", "temp_synced", "history_line",
                "history_synced", "replaced", "dir_synced")
fault_hook: Callable[[str], None] | None = None


def _step(point: str) -> None:
    if fault_hook is not None:
        fault_hook(point)


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


class LedgerWriteError(StoreError):
    """The operating system refused a write (disk full, read-only, permissions); nothing was saved."""


def os_error_sentence(error: OSError, path: Path, done: str = "nothing was saved") -> str:
    """An OSError as a sentence for the editor (never a traceback)."""
    where = error.filename or path
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason = "the disk is full (or the file is larger than this account may write)"
    elif code == errno.EROFS:
        reason = "the disk is read-only"
    elif code in (errno.EACCES, errno.EPERM):
        reason = f"this program may not write there (permission denied on {where})"
    else:
        reason = error.strerror or str(error)
    return f"could not write the ledger {path.name}: {reason}; {done} — free space or fix the folder, then try again"


def user_message(error: Exception, path: str | Path) -> str:
    """What to tell the editor about a refused or failed edit: the StoreError's own message, an
    OSError as a sentence (never a traceback)."""
    if isinstance(error, OSError):
        return os_error_sentence(error, Path(path))
    return str(error)


@dataclass(frozen=True)
class Snapshot:
    """The ledger as read at one moment: every row, its content hash and each row's version."""

    path: Path
    table: RawTable
    sha: str
    data: bytes = dataclasses.field(default=b"", repr=False)  # the file as read (XLSX is edited in place)

    @property
    def frame(self) -> pd.DataFrame:
        return self.table.frame

    def versions(self) -> dict[str, str]:
        return dict(_versions_of(self))

    def version(self, project_id: str) -> str:
        return _versions_of(self).get(project_id, "")


# Row versions once per ledger content (file hash): the app and the CLI ask for versions on every
# rerun and every edit, and hashing each row again cost seconds at 100k rows.
_VERSIONS: dict[str, dict[str, str]] = {}
_VERSIONS_KEPT = 8


def _versions_of(snap: Snapshot) -> dict[str, str]:
    """id -> row version of the first row with that id (the same values as row_version)."""
    cache_key = f"{snap.sha}:{snap.path.suffix.lower()}"
    found = _VERSIONS.get(cache_key)
    if found is None:
        found = _row_versions(snap.frame)
        while len(_VERSIONS) >= _VERSIONS_KEPT:
            _VERSIONS.pop(next(iter(_VERSIONS)))
        _VERSIONS[cache_key] = found
    return found


def _row_versions(frame: pd.DataFrame) -> dict[str, str]:
    if "id" not in frame.columns or frame.empty:
        return {}
    columns = [frame[c].map(str) if c in frame.columns else pd.Series("", index=frame.index) for c in COLUMNS]
    texts = columns[0].str.cat(columns[1:], sep="\x1f") if len(columns) > 1 else columns[0]
    out: dict[str, str] = {}
    for project_id, text in zip(frame["id"], texts):
        if project_id not in out:
            out[project_id] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return out


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
    return Snapshot(path, read_raw(data, path.name), file_sha(data), data)


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
    except OSError as error:
        raise LedgerWriteError(os_error_sentence(error, path)) from error
    try:
        try:
            recover(path)
        except OSError as error:
            raise LedgerWriteError(os_error_sentence(error, path)) from error
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
    with contextlib.suppress(OSError):  # the rename is done and recorded; the kernel writes the directory
        _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals the rename
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class FileMode:
    """Permission bits, owner and group of the ledger, given to every file written beside it."""

    mode: int
    uid: int
    gid: int

    @classmethod
    def of(cls, path: Path) -> FileMode:
        info = path.stat()
        return cls(stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid)

    def apply(self, fd: int) -> None:
        os.fchmod(fd, self.mode)
        for uid in (self.uid, -1):  # the owner needs privileges; the group only membership
            try:
                os.fchown(fd, uid, self.gid)
                return
            except OSError:
                continue

    @property
    def folder_mode(self) -> int:
        """A folder for backups: as private as the ledger (others list it only if they may read it)."""
        mode = 0o700
        mode |= 0o050 if self.mode & 0o040 else 0
        mode |= 0o005 if self.mode & 0o004 else 0
        return mode


def _write_new_file(target: Path, data: bytes, mode: FileMode, point: str) -> None:
    """Write `data` to a new file with the ledger's mode, fsync it; remove it if anything fails."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            mode.apply(handle.fileno())
            handle.write(data)
            handle.flush()
            _step(point)
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def serialise(table: RawTable, original: bytes | None = None, base: RawTable | None = None) -> bytes:
    """The table in the file's own format, encoding, delimiter, line ends and header names.

    For XLSX with `original` (the file's bytes) and `base` (the table read from it), the ledger
    sheet is edited in place: only cells whose value changed are written (see `_edit_workbook`)."""
    columns = list(table.frame.columns)
    header = [table.headers.get(c, c) for c in columns]
    if table.fmt == "xlsx":
        if original and base is not None:
            return _edit_workbook(original, base, table.frame)
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for number, values in enumerate([header, *table.frame.itertuples(index=False)], start=1):
            for column, (name, value) in enumerate(zip(columns, values), start=1):
                _set_cell(sheet.cell(number, column), name if number == 1 else value, None if number == 1 else name)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    # csv quotes a field holding any character of the line terminator: write each row with
    # "\r\n" (so a bare CR or LF in a cell is quoted too), then end it as the file does.
    text = io.StringIO()
    writer = csv.writer(text, delimiter=table.delimiter, lineterminator="\r\n")
    lines = []
    for values in [header, *table.frame.itertuples(index=False)]:
        text.seek(0)
        text.truncate()
        writer.writerow(values)
        lines.append(text.getvalue()[:-2] + table.newline)
    return "".join(lines).encode(table.encoding)


def _set_cell(cell, value: str, column: str | None) -> None:
    """A ledger value into an Excel cell: numbers for the integer columns, everything else as
    text — never a formula, whatever it starts with."""
    if column in INTEGER_COLUMNS and value.isdigit():
        cell.value = int(value)
    elif value == "":
        cell.value = None
    else:
        cell.value = value
        cell.data_type = "s"  # openpyxl makes "=…" a formula; the user typed text


def _edit_workbook(original: bytes, base: RawTable, frame: pd.DataFrame) -> bytes:
    """Write `frame` into the first sheet of the workbook it was read from, in place.

    Rows are matched by frame index: labels below len(base.frame) are the rows read (their
    sheet rows in base.source_rows), higher labels are new rows (appended after the last row),
    rows read whose label is gone are deleted. Cells whose value did not change are not touched,
    so formulas, number formats and styles stay; other sheets stay as they are."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(original), keep_vba=original[:2] == b"PK" and b"vbaProject" in original,
                                  keep_links=True)
    sheet = book.worksheets[0]
    old = base.frame
    positions = dict(base.source_columns)
    free = max([sheet.max_column, *positions.values()]) + 1
    for column in frame.columns:
        if column not in positions:
            positions[column] = free
            free += 1
            _set_cell(sheet.cell(base.header_row, positions[column]), base.headers.get(column, column) or column, None)
    read = range(len(old))
    kept = [label for label in frame.index if label in read]
    for label in kept:
        number = base.source_rows[label]
        for column in frame.columns:
            value = frame.at[label, column]
            if column not in old.columns or old.at[label, column] != value:
                _set_cell(sheet.cell(number, positions[column]), value, column)
    gone = sorted({base.source_rows[label] for label in set(read) - set(kept)}, reverse=True)
    last = max([base.source_rows[label] for label in kept], default=base.header_row)
    for number in gone:
        sheet.delete_rows(number)
    last -= sum(1 for number in gone if number < last)
    for offset, label in enumerate([label for label in frame.index if label not in read], start=1):
        for column in frame.columns:
            _set_cell(sheet.cell(last + offset, positions[column]), frame.at[label, column], column)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell_problem(value: str) -> str:
    """Why a value cannot be stored in a ledger cell, or ""."""
    if len(value) > MAX_CELL_CHARS:
        return (f"is {len(value):,} characters long; a ledger cell holds at most {MAX_CELL_CHARS:,} "
                "(Excel's limit) — shorten it or link to a document")
    found = CONTROL_CHARACTERS.search(value)
    if found:
        return (f"holds the control character U+{ord(found.group()):04X} at position {found.start() + 1}, "
                "which Excel files cannot store and nobody can see — remove it")
    return ""


def check_cells(values: Mapping[str, str], where: str) -> None:
    """Refuse values no ledger cell can keep, naming the project (row) and column."""
    for column, value in values.items():
        problem = cell_problem(str(value))
        if problem:
            shown = str(value)[:60] + ("…" if len(str(value)) > 60 else "")
            raise InvalidEditError(f"{where}, column {column}: value {shown!r} {problem}; nothing was saved")


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
    _write_new_file(temp, path.read_bytes(), mode, "backup_written")
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
    with `snap` read under the same lock. Rows keep their index labels (see `_edit_workbook`).

    Steps (FAULT_POINTS): backup written, backup in place, temp written, temp synced, each
    history line, history synced, replaced, directory synced."""
    path = snap.path
    if not changes:
        return EditResult([], snap.sha)
    mode = FileMode.of(path)
    if not mode.mode & stat.S_IWUSR:
        raise LedgerWriteError(f"the ledger {path.name} is read-only (mode {mode.mode:04o}); nothing was saved — "
                               "make it writable (chmod u+w) if it should be edited")
    batch = uuid.uuid4().hex
    try:
        data = serialise(dataclasses.replace(snap.table, frame=frame), snap.data, snap.table)
    except ValueError as error:  # openpyxl refusing a value the checks let through
        raise InvalidEditError(f"the ledger {path.name} cannot store this edit: {error}; nothing was saved") from error
    sha_after = file_sha(data)
    temp = _temp_path(path, batch)
    try:
        _write_backup(path, batch, mode)
        _write_new_file(temp, data, mode, "temp_written")
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
            raise LedgerWriteError(os_error_sentence(failure, path)) from failure
        raise
    _step("replaced")
    with contextlib.suppress(OSError):  # the rename is done and recorded; the kernel writes the directory
        _fsync_dir(path.parent)
    _step("dir_synced")
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
    check_cells({"note": note}, f"project {project_id}")
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
    check_cells(row, f"new project {row['id']}")
    with locked(path) as ledger:
        path = ledger
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
