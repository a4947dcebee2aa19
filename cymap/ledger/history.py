"""The ledger's append-only change history: who changed what, when, from what to what, and why.

One JSON object per line in `<ledger>.history.jsonl` beside the ledger (JSON Lines, so a line
cut short by a killed writer is recognisable and never misread as data). Every field-level
change is one entry; the entries of one write share a `batch` id. `cymap.ledger.store` appends the
batch before it replaces the ledger and, if a writer died in between, completes or voids the
batch on the next write — so each change is in the history exactly once. Every entry carries its
batch's size, so a batch cut short by a crash is recognisable and never completed.

The file is meant to be appended to only by cymap, but people edit files: a line that is not a
JSON object with text fields (a number, a list, bad UTF-8, a batch given as a list) is skipped
and reported (`damaged_lines`), never fatal; an append after a last line whose newline was
removed starts a new line instead of gluing the two together.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from cymap.ledger.schema import COLUMNS, OPTIONAL_COLUMNS

HISTORY_SUFFIX = ".history.jsonl"
ROW_FIELD_ADDED = "(added)"  # a whole row added: `new` holds the row as JSON
ROW_FIELD_REMOVED = "(removed)"  # a whole row removed: `old` holds the row as JSON
VOID = "void"  # a line {"void": batch, ...} cancels a batch whose ledger write never happened


@dataclass(frozen=True)
class Change:
    """One field of one project changed (what an edit or an import produces)."""

    id: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    """One change as recorded: who, when (UTC ISO), which project and field, old -> new, note."""

    when: str
    who: str
    id: str
    field: str
    old: str
    new: str
    note: str = ""
    action: str = ""  # update, add, import
    batch: str = ""
    sha_before: str = ""  # ledger content hash before and after the write
    sha_after: str = ""
    batch_size: str = ""  # entries in the batch ("" in files written before it was recorded)

    def __str__(self) -> str:
        text = f"{self.when}  {self.who}  {self.id}  {self.field}: {self.old!r} -> {self.new!r}"
        return text + (f"  — {self.note}" if self.note else "")


ENTRY_FIELDS = [f.name for f in fields(Entry)]


def row_columns(columns: Iterable[str]) -> list[str]:
    """The columns a whole row is recorded with: every base column, and the optional columns
    (amounts, units, planned dates …) among `columns` (those the ledger or the upload has)."""
    present = set(columns)
    return COLUMNS + [c for c in OPTIONAL_COLUMNS if c in present]


def row_json(row: Mapping, columns: Iterable[str]) -> str:
    """A whole row as the history keeps it (`new` of an added row, `old` of a removed one), with
    `row_columns(columns)`: nothing the row held is lost from its history."""
    return json.dumps({c: _plain(row.get(c, "")) for c in row_columns(columns)}, ensure_ascii=False)


def _plain(value) -> str:
    return "" if value is None else str(value)


def history_path(ledger: str | Path) -> Path:
    ledger = Path(ledger)
    return ledger.with_name(ledger.name + HISTORY_SUFFIX)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def append(ledger: str | Path, entries: list[Entry], mode: int | None = None,
           step: Callable[[str], None] | None = None) -> None:
    """Append entries and fsync, so they are on disk before the ledger is replaced.

    `mode`: permission bits for a history file created now (the ledger's, so it is as private).
    `step`: called with "history_line" after each line is written (fault injection in tests)."""
    if not entries:
        return
    lines = [json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in entries]
    with _open_for_append(history_path(ledger), mode) as handle:
        for line in lines:
            handle.write(line.encode("utf-8"))
            if step is not None:
                handle.flush()
                step("history_line")
        handle.flush()
        os.fsync(handle.fileno())


def void(ledger: str | Path, batch: str, reason: str) -> None:
    """Cancel a recorded batch whose ledger write did not happen (see cymap.ledger.store.recover)."""
    _append_line(history_path(ledger), json.dumps({VOID: batch, "when": utc_now(), "reason": reason},
                                                  ensure_ascii=False) + "\n")


@contextlib.contextmanager
def _open_for_append(path: Path, mode: int | None = None):
    """Open for appending, on a line of its own: if the last line lost its newline (an editor
    removed it), one is written first so no line is glued to the next."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
    existed = path.exists()
    fd = os.open(path, flags, 0o600 if mode is not None else 0o666)
    if not existed and mode is not None:
        os.chmod(path, mode)
    with os.fdopen(fd, "ab") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size:
            with open(path, "rb") as reader:
                reader.seek(size - 1)
                if reader.read(1) != b"\n":
                    handle.write(b"\n")
        yield handle


def _append_line(path: Path, text: str) -> None:
    with _open_for_append(path) as handle:
        handle.write(text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def repair_tail(ledger: str | Path) -> bool:
    """Settle a last line without its newline (call under the ledger lock): a complete entry
    whose newline was removed gets it back; a line left incomplete by a killed writer is cut
    (it was never a change: its batch is incomplete and voided by the store's recovery)."""
    path = history_path(ledger)
    if not path.exists():
        return False
    data = path.read_bytes()
    if not data or data.endswith(b"\n"):
        return False
    tail = data[data.rfind(b"\n") + 1:]
    with open(path, "r+b") as handle:
        if _parse(tail)[0] is not None:
            handle.seek(0, os.SEEK_END)
            handle.write(b"\n")
        else:
            handle.truncate(len(data) - len(tail))
        handle.flush()
        os.fsync(handle.fileno())
    return True


def _parse(line: bytes) -> tuple[dict | None, str]:
    """A history line as a record, or (None, why it is not one)."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        return None, f"not UTF-8 text (byte {error.start})"
    except json.JSONDecodeError as error:
        return None, f"not JSON ({error.msg})"
    if not isinstance(record, dict):
        return None, f"not a JSON object but {type(record).__name__}"
    key = VOID if VOID in record else "batch"
    if not isinstance(record.get(key, ""), str):
        return None, f"{key} is {type(record[key]).__name__}, not text"
    return record, ""


def _read(ledger: str | Path) -> tuple[list[dict], list[tuple[int, str]]]:
    path = history_path(ledger)
    if not path.exists():
        return [], []
    data = path.read_bytes()
    lines = data.split(b"\n")
    records, damaged = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record, why = _parse(line)
        if record is not None:
            records.append(record)
        elif number < len(lines):  # a last line without newline: a killed writer's, cut on the next write
            damaged.append((number, f"{why}: {line[:80].decode('utf-8', 'replace')!r}"))
    return records, damaged


def _records(ledger: str | Path) -> list[dict]:
    return _read(ledger)[0]


def damaged_lines(ledger: str | Path) -> list[tuple[int, str]]:
    """History lines that are not entries (hand-edited?): (line number, why), to report."""
    return _read(ledger)[1]


def _settled(records: list[dict]) -> tuple[dict[str, list[dict]], set[str], set[str]]:
    """Entries by batch, voided batches, and batches cut short (fewer entries than their size)."""
    by_batch: dict[str, list[dict]] = {}
    voided: set[str] = set()
    for record in records:
        if VOID in record:
            voided.add(record[VOID])
        else:
            by_batch.setdefault(str(record.get("batch", "")), []).append(record)
    short = {b for b, rs in by_batch.items() if b and not _complete(rs)}
    return by_batch, voided, short


def _complete(records: list[dict]) -> bool:
    size = str(records[0].get("batch_size", "") or "")
    return not size.isdigit() or int(size) == len(records)


def batches(ledger: str | Path) -> dict[str, Entry]:
    """Complete, not voided batches -> their first entry (holds the batch's hashes)."""
    by_batch, voided, short = _settled(_records(ledger))
    return {b: _entry(rs[0]) for b, rs in by_batch.items() if b and b not in voided and b not in short}


def recorded_batches(ledger: str | Path) -> set[str]:
    """Batches with at least one entry that are not voided (complete or not)."""
    by_batch, voided, _ = _settled(_records(ledger))
    return {b for b in by_batch if b and b not in voided}


def read_history(ledger: str | Path) -> list[Entry]:
    """Every change, oldest first (voided and incomplete batches, damaged lines left out)."""
    records = _records(ledger)
    _, voided, short = _settled(records)
    return [_entry(r) for r in records if VOID not in r and r.get("batch") not in voided | short]


def _entry(record: dict) -> Entry:
    return Entry(**{k: _text(record.get(k, "")) for k in ENTRY_FIELDS})


def _text(value) -> str:
    return "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def for_project(ledger: str | Path, project_id: str) -> list[Entry]:
    return [e for e in read_history(ledger) if e.id == project_id]


def parse_date(value: str | dt.date) -> dt.date:
    """YYYY-MM-DD (or a date) -> date; a clear ValueError otherwise."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"date {value!r} is not a date — use YYYY-MM-DD, e.g. 2025-07-01") from None


def changes_since(ledger: str | Path, since: str | dt.date, project_id: str | None = None) -> list[Entry]:
    """Changes recorded on or after `since` (a UTC date), for the half-yearly review."""
    start = parse_date(since).isoformat()
    entries = read_history(ledger) if project_id is None else for_project(ledger, project_id)
    return [e for e in entries if e.when[:10] >= start]
