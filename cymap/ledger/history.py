"""The ledger's append-only change history: who changed what, when, from what to what, and why.

One JSON object per line in `<ledger>.history.jsonl` beside the ledger (JSON Lines, so a line
cut short by a killed writer is recognisable and never misread as data). Every field-level
change is one entry; the entries of one write share a `batch` id. `cymap.ledger.store` appends the
batch before it replaces the ledger and, if a writer died in between, completes or voids the
batch on the next write — so each change is in the history exactly once.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

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

    def __str__(self) -> str:
        text = f"{self.when}  {self.who}  {self.id}  {self.field}: {self.old!r} -> {self.new!r}"
        return text + (f"  — {self.note}" if self.note else "")


ENTRY_FIELDS = [f.name for f in fields(Entry)]


def history_path(ledger: str | Path) -> Path:
    ledger = Path(ledger)
    return ledger.with_name(ledger.name + HISTORY_SUFFIX)


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def append(ledger: str | Path, entries: list[Entry]) -> None:
    """Append entries and fsync, so they are on disk before the ledger is replaced."""
    if not entries:
        return
    lines = "".join(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in entries)
    _append_line(history_path(ledger), lines)


def void(ledger: str | Path, batch: str, reason: str) -> None:
    """Cancel a recorded batch whose ledger write did not happen (see cymap.ledger.store.recover)."""
    _append_line(history_path(ledger), json.dumps({VOID: batch, "when": utc_now(), "reason": reason},
                                                  ensure_ascii=False) + "\n")


def _append_line(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def repair_tail(ledger: str | Path) -> bool:
    """Cut a last line left incomplete by a killed writer (call under the ledger lock)."""
    path = history_path(ledger)
    if not path.exists():
        return False
    data = path.read_bytes()
    if not data or data.endswith(b"\n"):
        return False
    with open(path, "r+b") as handle:
        handle.truncate(data.rfind(b"\n") + 1)
        handle.flush()
        os.fsync(handle.fileno())
    return True


def _records(ledger: str | Path) -> list[dict]:
    path = history_path(ledger)
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # an incomplete last line from a killed writer: not a change
    return records


def batches(ledger: str | Path) -> dict[str, Entry]:
    """Recorded, not voided batches -> their first entry (holds the batch's hashes)."""
    found: dict[str, Entry] = {}
    voided: set[str] = set()
    for record in _records(ledger):
        if VOID in record:
            voided.add(record[VOID])
        elif record.get("batch") and record["batch"] not in found:
            found[record["batch"]] = _entry(record)
    return {b: e for b, e in found.items() if b not in voided}


def read_history(ledger: str | Path) -> list[Entry]:
    """Every change, oldest first (voided batches left out)."""
    records = _records(ledger)
    voided = {r[VOID] for r in records if VOID in r}
    return [_entry(r) for r in records if VOID not in r and r.get("batch") not in voided]


def _entry(record: dict) -> Entry:
    return Entry(**{k: str(record.get(k, "")) for k in ENTRY_FIELDS})


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
