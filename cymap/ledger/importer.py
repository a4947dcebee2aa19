"""Import an updated ledger (CSV/XLSX): preview what would be added, changed and removed, then
apply it through `cymap.ledger.store` (locked, atomic, backed up, recorded in the history).

Values are compared as the ledger stores them (`validate.normalised_strings`): `在建` in the
upload equals `under_construction` in the ledger, `2027.0` equals `2027`. A column the upload
does not have is left alone, so an export without `source` does not wipe the sources. An upload
with validation problems previews but does not apply: the problems are listed to fix first.

Uploads are bounded: MAX_UPLOAD_BYTES as sent, MAX_UNPACKED_BYTES as an XLSX unpacks, and
MAX_UPLOAD_ROWS rows — a small file that unpacks to a million rows is refused in a moment
instead of taking minutes and gigabytes. A cell no ledger can keep (over 32,767 characters, a
control character) is a problem naming its row and column. Our own exports neutralise cells a
spreadsheet would run as formulas with a leading `'` (cymap.print.lists.neutralise); importing
such a file takes the `'` off again, so export → re-import is no change.

Every ledger column is compared and carried, the optional ones (amounts, units, planned dates …)
included: an added row keeps every column the upload has, a removed row's history keeps every
column the ledger had. A file without an id column (a district's list) keeps the ids the ledger
gave its rows: each upload row takes the id of the ledger row with the same name_zh and location
(compared as `cymap.ledger.keys.key`, the place lookups' rule), whatever the rows' order; an upload row with
no such ledger row gets a new id R<n> above every R-number the ledger and its history have used.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cymap.ledger import history, store
from cymap.ledger.history import Change
from cymap.ledger.keys import key
from cymap.ledger.read import (
    LedgerRead,
    LedgerReadError,
    LedgerTooLargeError,
    ledger_from_raw,
    read_raw,
    unreadable,
)
from cymap.ledger.schema import ALL_COLUMNS, COLUMNS, Problem
from cymap.ledger.validate import normalised_strings
from cymap.ledger.writeback import CONTROL_CHARACTERS

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a 10,000-row ledger is about 3 MB as CSV
MAX_UNPACKED_BYTES = 100 * 1000 * 1000  # a 10,000-row XLSX unpacks to about 10 MB
MAX_UPLOAD_ROWS = 50_000  # five times the largest ledger the app is measured with (bench/)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # what cymap.print.lists.neutralise guards
# The optional columns too: a changed 总投资 is a change, and so is a coordinate override (lon/lat,
# the 定位核对 fixes).
COMPARED = [c for c in ALL_COLUMNS if c != "id"]
ASSIGNED_ID = re.compile(r"R([0-9]+)")  # the ids a file without an id column gets (R1, R2, …)


class ImportRefused(store.StoreError):
    """The upload cannot be previewed or applied; the message says why."""


@dataclass
class ImportPreview:
    ledger: Path
    filename: str
    base_sha: str  # the ledger's content hash the preview was computed against
    read: LedgerRead  # the upload, read and validated
    added: pd.DataFrame  # upload rows whose id is new (ledger columns, normalised)
    changed: list[Change]  # field-level changes of rows in both
    removed: pd.DataFrame  # ledger rows whose id the upload lacks (as the ledger has them)
    unchanged: int
    compared_columns: list[str] = field(default_factory=list)
    _incoming: pd.DataFrame | None = None  # upload rows by id, normalised
    ids_kept: int | None = None  # the file had no id column: rows that kept their ledger id (None: it had one)

    @property
    def written_columns(self) -> list[str]:
        """The columns applying this preview writes: an added row's (every base column and the
        optional ones the upload has) and the compared ones."""
        added = list(self.added.columns) if len(self.added) else []
        return list(dict.fromkeys([*added, *self.compared_columns]))

    @property
    def problems(self) -> list[Problem]:
        return self.read.problems

    @property
    def changed_ids(self) -> list[str]:
        return list(dict.fromkeys(c.id for c in self.changed))

    @property
    def can_apply(self) -> bool:
        return not self.problems

    def changed_frame(self) -> pd.DataFrame:
        return pd.DataFrame([[c.id, c.field, c.old, c.new] for c in self.changed],
                            columns=["id", "field", "old", "new"])

    def summary(self) -> str:
        ids = ("" if self.ids_kept is None else
               f"; no id column: {self.ids_kept} rows kept their ids by name and location")
        return (f"{self.filename}: {self.read.total_rows} rows — {len(self.added)} added, "
                f"{len(self.changed_ids)} changed ({len(self.changed)} fields), {len(self.removed)} removed, "
                f"{self.unchanged} unchanged; {len(self.problems)} problems{ids}")

    def lines(self) -> list[str]:
        """The preview as text, one line per added/removed row and per changed field."""
        out = [self.summary()]
        out += [f"  problem: {p}" for p in self.problems]
        out += [f"  + {r.id}  {r.name_zh}" for r in self.added.itertuples()]
        out += [f"  ~ {c.id}  {c.field}: {c.old!r} -> {c.new!r}" for c in self.changed]
        out += [f"  - {r.id}  {r.name_zh}" for r in self.removed.itertuples()]
        return out


def check_size(size: int, limit: int = MAX_UPLOAD_BYTES) -> None:
    if size > limit:
        raise ImportRefused(f"the file is {size / 1024 / 1024:.1f} MB; uploads are limited to "
                            f"{limit / 1024 / 1024:.0f} MB — remove unused sheets or columns, or save as CSV",
                            "upload_too_large", size=f"{size / 1024 / 1024:.1f}", limit=f"{limit / 1024 / 1024:.0f}")


def _load(source: str | Path | bytes, filename: str) -> tuple[bytes, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        check_size(path.stat().st_size)
        return path.read_bytes(), filename or path.name
    check_size(len(source))
    return bytes(source), filename or "(uploaded file)"


def preview_import(ledger_path: str | Path, source: str | Path | bytes, filename: str = "") -> ImportPreview:
    """Compare an upload with the ledger file; nothing is written."""
    data, filename = _load(source, filename)
    snap = store.snapshot(ledger_path)
    used = {e.id for e in history.read_history(ledger_path)}  # a removed row's id is never given again
    return preview_frame(snap.frame, snap.sha, Path(ledger_path), data, filename, used)


def preview_frame(ledger_frame: pd.DataFrame, sha: str, ledger: str | Path, source: str | Path | bytes,
                  filename: str = "", used_ids: Iterable[str] = ()) -> ImportPreview:
    """Compare an upload with ledger rows `ledger_frame` whose content stamp is `sha` — the preview
    of any store (cymap.ledger.stores: the file's rows, or the database's); nothing is written.
    `used_ids`: ids the ledger's history names, never given to a new row of a file without ids."""
    data, filename = _load(source, filename)
    ids_kept = None
    try:
        raw_table = read_raw(data, filename, max_rows=MAX_UPLOAD_ROWS, max_unpacked=MAX_UNPACKED_BYTES)
    except LedgerTooLargeError as error:
        raise ImportRefused(f"{filename}: {error}", "upload_too_many", filename=filename, read_kind=error.kind,
                            **error.fields) from None
    except (LedgerReadError, OSError) as error:
        read = unreadable(filename, error)
    else:
        upload = _unneutralised(raw_table.frame, ledger_frame)
        if "id" not in upload.columns and "name_zh" in upload.columns:
            ids, ids_kept = stable_ids(upload, ledger_frame, used_ids)
            upload = upload.assign(id=ids)
        raw_table = dataclasses.replace(raw_table, frame=upload)
        read = ledger_from_raw(raw_table)
        read.problems.extend(_cell_problems(raw_table.frame))
        read.problems.sort(key=lambda p: p.row)
    current = normalised_strings(ledger_frame)
    if any(p.row == 0 for p in read.problems):  # the file itself is unreadable: nothing to compare
        empty = pd.DataFrame(columns=COLUMNS)
        return ImportPreview(ledger, filename, sha, read, empty, [], empty, 0)
    raw = raw_table.frame
    incoming = normalised_strings(raw)
    compared = [c for c in COMPARED if c in raw.columns]
    incoming = incoming[incoming["id"] != ""].drop_duplicates("id").set_index("id", drop=False)
    current_by_id = current[current["id"] != ""].drop_duplicates("id").set_index("id", drop=False)
    raw_current = ledger_frame.reindex(columns=ALL_COLUMNS, fill_value="")
    raw_current = raw_current[raw_current["id"] != ""].drop_duplicates("id").set_index("id", drop=False)

    added = incoming[~incoming.index.isin(current_by_id.index)].reset_index(drop=True)
    added = added[history.row_columns(raw.columns)]  # every column the upload has, no more
    removed = raw_current[~raw_current.index.isin(incoming.index)].reset_index(drop=True)
    removed = removed[history.row_columns(ledger_frame.columns)]  # as the ledger has them
    changed: list[Change] = []
    unchanged = 0
    for project_id in incoming.index[incoming.index.isin(current_by_id.index)]:
        row_changes = [Change(project_id, column, raw_current.at[project_id, column], incoming.at[project_id, column])
                       for column in compared
                       if current_by_id.at[project_id, column] != incoming.at[project_id, column]]
        changed += row_changes
        unchanged += not row_changes
    return ImportPreview(ledger, filename, sha, read, added, changed, removed, unchanged, compared, incoming,
                         ids_kept)


def stable_ids(upload: pd.DataFrame, ledger: pd.DataFrame, used_ids: Iterable[str] = ()) -> tuple[list[str], int]:
    """Ids for the rows of a file without an id column, and how many kept a ledger row's id.

    Each upload row takes the id of the first ledger row not yet taken with the same name_zh and
    location (`keys.key`), so reordering rows, inserting or removing one, or changing a status
    keeps every other row's id; a row with no such ledger row (or no name) gets R<n>, n above
    every R-number in the ledger's ids and `used_ids`, so a new id collides with none."""
    def texts(frame: pd.DataFrame, column: str) -> list[str]:
        return frame[column].astype(str).tolist() if column in frame.columns else [""] * len(frame)

    ledger_ids = texts(ledger, "id")
    free: dict[tuple[str, str], list[str]] = {}
    for project_id, name, place in zip(ledger_ids, texts(ledger, "name_zh"), texts(ledger, "location")):
        if project_id and key(name):
            free.setdefault((key(name), key(place)), []).append(project_id)
    taken = [*ledger_ids, *used_ids]
    number = max((int(m.group(1)) for i in taken if (m := ASSIGNED_ID.fullmatch(str(i)))), default=0)
    ids, kept = [], 0
    for name, place in zip(texts(upload, "name_zh"), texts(upload, "location")):
        same = free.get((key(name), key(place))) if key(name) else None
        if same:
            ids.append(same.pop(0))
            kept += 1
        else:
            number += 1
            ids.append(f"R{number}")
    return ids, kept


def _unneutralised(upload: pd.DataFrame, ledger: pd.DataFrame) -> pd.DataFrame:
    """Take off the `'` our exports put before a cell starting like a formula ('=1+1 -> =1+1),
    unless the ledger really holds that text with the apostrophe for the same id and column."""
    out = upload.copy()
    held = ledger.set_index("id") if "id" in ledger.columns else pd.DataFrame()
    held = held[~held.index.duplicated()]
    for column in out.columns:
        values = out[column]
        marked = values.str.startswith("'") & values.str[1:2].isin(FORMULA_PREFIXES) & (values.str.len() > 1)
        for position in values.index[marked]:
            project_id = out.at[position, "id"] if "id" in out.columns else ""
            kept = (column in held.columns and project_id in held.index
                    and held.at[project_id, column] == values[position])
            if not kept:
                out.at[position, column] = values[position][1:]
    return out


def _cell_problems(frame: pd.DataFrame) -> list[Problem]:
    """Cells no ledger can keep (too long, control characters), as row/column/value problems."""
    problems = []
    for column in frame.columns:
        for position, value in enumerate(frame[column]):
            why = store.cell_problem(value)
            if why:
                problems.append(Problem(position + 1, column, value[:60] + ("…" if len(value) > 60 else ""), why,
                                        "", *_cell_kind(value)))
    return problems


def _cell_kind(value: str) -> tuple[str, dict]:
    """The kind of what store.cell_problem found in a cell, and the figures its message names."""
    if len(value) > store.MAX_CELL_CHARS:
        return "cell_too_long", {"length": f"{len(value):,}", "limit": f"{store.MAX_CELL_CHARS:,}"}
    found = CONTROL_CHARACTERS.search(value)
    return "cell_control_character", {"code": f"U+{ord(found.group()):04X}", "position": found.start() + 1}


def problems_refusal(preview: ImportPreview) -> ImportRefused:
    """The refusal of an upload with problems: how many, and the first (kept to be worded in the language)."""
    return ImportRefused(f"{preview.filename} has {len(preview.problems)} problems; fix them and import "
                         f"again (first: {preview.problems[0]})", "upload_has_problems", filename=preview.filename,
                         count=len(preview.problems), first=preview.problems[0])


def apply_import(preview: ImportPreview, who: str, note: str = "", keep_removed: bool = False) -> store.EditResult:
    """Apply a preview if the ledger is still what it was previewed against."""
    if not preview.can_apply:
        raise problems_refusal(preview)
    who = store.check_who(who)
    with store.locked(preview.ledger) as path:
        snap = store.snapshot(path)
        if snap.sha != preview.base_sha:
            last = store.last_entry(path)
            raise store.StaleEditError(f"the ledger {path.name} changed since this preview"
                                       f"{store.change_suffix(last)}; nothing was applied — preview the import again",
                                       "import_stale", ledger=path.name, **store.change_fields(last))
        frame = store.with_columns(snap.frame, preview.written_columns)
        ids = frame["id"].tolist() if "id" in frame.columns else []
        duplicated = sorted(i for i, n in Counter(ids).items() if i and n > 1)  # list.count per id: O(n²)
        if duplicated:
            raise ImportRefused(f"the ledger {path.name} has duplicate ids ({', '.join(duplicated)}); "
                                "fix them first (python -m cymap validate)", "ledger_duplicate_ids", ledger=path.name,
                                ids=duplicated)
        changes: list[Change] = list(preview.changed)
        for change in preview.changed:
            frame.iat[ids.index(change.id), frame.columns.get_loc(change.field)] = change.new
        if not keep_removed and len(preview.removed):
            gone = set(preview.removed["id"])
            frame = frame[~frame["id"].isin(gone)]  # labels kept: an XLSX ledger deletes exactly these rows
            changes += [Change(r["id"], history.ROW_FIELD_REMOVED, history.row_json(r, preview.removed.columns), "")
                        for r in preview.removed.to_dict("records")]
        if len(preview.added):
            additions = preview.added.reindex(columns=frame.columns, fill_value="").astype(str)
            additions.index = range(len(snap.frame), len(snap.frame) + len(additions))  # new rows: new labels
            frame = pd.concat([frame, additions])
            changes += [Change(r["id"], history.ROW_FIELD_ADDED, "", history.row_json(r, preview.added.columns))
                        for r in preview.added.to_dict("records")]
        return store.commit(snap, frame, changes, who, note, "import")

