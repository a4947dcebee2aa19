"""Moving whole ledgers in and out of the shared database: `db import FILE` / `db export --out FILE`,
and the rows an import preview turns into (PgStore.apply_import).

`load_file` reads a ledger file as the file store does (cymap.ledger.read.read_raw), keeps its layout
(columns, header names, format, encoding, delimiter, line ends), places every row with the Locator,
and copies the file's history (`FILE.history.jsonl`, the entries as recorded), all in one
transaction into an empty database. `export_file` writes the ledger back in that layout and its
history beside it: a CSV ledger comes back byte for byte, an XLSX ledger cell for cell (a new
workbook: styles and other sheets are not kept in the database).
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from pathlib import Path

import pandas as pd
import psycopg

from cymap.ledger import history, importer
from cymap.ledger.history import Change
from cymap.ledger.read import read_raw
from cymap.ledger.schema import COLUMNS
from cymap.ledger.placement import Locator, Placement


class TransferError(ValueError):
    """A ledger that cannot be moved into (or out of) the database; the message says why."""


@dataclasses.dataclass(frozen=True)
class Loaded:
    rows: int
    entries: int
    located: int


def _check_ids(frame: pd.DataFrame, name: str) -> None:
    ids = frame["id"].tolist() if "id" in frame.columns else []
    empty = [n + 1 for n, i in enumerate(ids) if not i]
    duplicated = sorted({i for i in ids if i and ids.count(i) > 1})
    if "id" not in frame.columns or empty or duplicated:
        why = ("has no id column" if "id" not in frame.columns else
               f"has rows without an id (rows {', '.join(map(str, empty[:10]))})" if empty else
               f"has duplicate ids ({', '.join(duplicated[:10])})")
        raise TransferError(f"{name} {why}; the shared ledger keys rows by id — fix it first "
                            "(python -m cymap validate)")


def load_file(store, path: str | Path) -> Loaded:
    """Fill an empty shared ledger from a ledger file and its history (one transaction)."""
    path = Path(path)
    table = read_raw(path.read_bytes(), path.name)
    frame = table.frame
    _check_ids(frame, path.name)
    places = store.locate(frame)
    entries = history.read_history(path)
    layout = {"columns": list(frame.columns), "headers": dict(table.headers), "fmt": table.fmt,
              "encoding": table.encoding, "delimiter": table.delimiter, "newline": table.newline,
              "loaded_from": path.name}
    with store.pool.connection() as connection, connection.transaction():
        cursor = connection.cursor()
        revision, count = cursor.execute("SELECT revision, (SELECT count(*) FROM ledger_rows) FROM ledger_state "
                                         "FOR UPDATE").fetchone()
        if count:
            raise TransferError(f"the shared ledger already holds {count} rows; `db import` fills an empty one — "
                                "to merge an updated file use `python -m cymap import FILE --ledger URL`")
        with cursor.copy("COPY ledger_rows (id, position, cells, districts, districts_2023, precision, geom) "
                         "FROM STDIN") as copy:
            for position, cells in enumerate(frame.to_dict("records"), start=1):
                place = places.get(cells["id"], Placement())
                copy.write_row((cells["id"], position, json.dumps(cells, ensure_ascii=False),
                                list(place.districts), list(place.districts_2023), place.precision,
                                place.ewkb or None))
        with cursor.copy("COPY ledger_history (when_utc, who, project_id, field, old, new, note, action, batch, "
                         "sha_before, sha_after, batch_size) FROM STDIN") as copy:
            for entry in entries:
                copy.write_row(dataclasses.astuple(entry))
        cursor.execute("UPDATE ledger_state SET revision = revision + 1, layout = %s",
                       (psycopg.types.json.Jsonb(layout),))
    return Loaded(len(frame), len(entries), sum(1 for p in places.values() if p.ewkb))


def export_file(store, out: str | Path) -> tuple[int, int]:
    """Write the ledger to `out` in its layout and its history to `out`.history.jsonl (each file
    written whole, then renamed into place). Returns (rows, history entries)."""
    out = Path(out)
    snap = store.snapshot()
    entries = store.history()
    lines = "".join(json.dumps(dataclasses.asdict(e), ensure_ascii=False) + "\n" for e in entries)
    _write_whole(out, snap.data)
    _write_whole(history.history_path(out), lines.encode("utf-8"))
    return len(snap.frame), len(entries)


def _write_whole(target: Path, data: bytes) -> None:
    temp = target.with_name(f".{target.name}.export.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def import_rows(snap, preview: importer.ImportPreview, keep_removed: bool, locate: Locator):
    """What applying `preview` to `snap` writes: (changes, rows to upsert/delete, layout), as
    importer.apply_import computes it for a file (same changes, same history entries)."""
    layout = dict(snap.layout)
    present = list(layout.get("columns") or COLUMNS)
    wanted = preview.written_columns
    layout["columns"] = present + [c for c in wanted if c not in present]
    by_id = {r["id"]: r for r in snap.frame.to_dict("records")}
    changes: list[Change] = list(preview.changed)
    new_cells: dict[str, dict] = {}
    for change in preview.changed:
        new_cells.setdefault(change.id, dict(by_id[change.id]))[change.field] = change.new
    rows: dict = {}
    if not keep_removed:
        for record in preview.removed.to_dict("records"):
            rows[record["id"]] = None
            changes.append(Change(record["id"], history.ROW_FIELD_REMOVED,
                                  history.row_json(record, preview.removed.columns), ""))
    for record in preview.added.to_dict("records"):
        new_cells[record["id"]] = {c: str(record.get(c, "")) for c in layout["columns"]}
        changes.append(Change(record["id"], history.ROW_FIELD_ADDED, "",
                              history.row_json(record, preview.added.columns)))
    placed = locate(pd.DataFrame(list(new_cells.values()), dtype=str)) if new_cells else {}
    for project_id, cells in new_cells.items():  # position None: existing rows keep theirs, new rows go last
        rows[project_id] = (None, {c: cells.get(c, "") for c in layout["columns"]},
                            placed.get(project_id, Placement()))
    return changes, rows, layout

