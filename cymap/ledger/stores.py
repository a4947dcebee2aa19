"""One ledger-store interface, two stores: the CSV/XLSX file (the default, one office) and the
shared PostgreSQL/PostGIS database (the whole city). `open_store(ledger)` picks by the name: a
`postgresql://…` (or `postgres://…`) URL is the database, anything else a file path.

The app, the CLI and the importer talk to `LedgerStore` only: read a snapshot (every row as the
ledger holds it, its content stamp `sha`, each row's `version`), update a status (refused when the
row changed since `expected_version`), add a project, preview and apply an import, and read the
history (all, one project, changes since a date). Every write records its changes in the history
in the same step (the file store: lock + atomic replace; the database: one transaction).

Who writes: the file store records the name typed (its simple mode is gated by the one shared
password, cymap.ledger.auth); the database records the logged-in `accounts.Account` and checks its
rights (viewer, district editor, editor, admin) — a typed name is refused there.

Where rows are (geometry, districts) is the geocoder's business, a layer above the ledger: a
`Locator` (rows -> `Placement`s) is passed in by whoever opens the store (cymap.shared wires
cymap.geo.geocode in for the app and the CLI).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

import pandas as pd

from cymap.ledger import history, importer, store
from cymap.ledger.history import Entry
from cymap.ledger.placement import Locator, Placement, no_locator  # noqa: F401 (part of the interface)

URL_SCHEMES = ("postgresql://", "postgres://")


@runtime_checkable
class StoreSnapshot(Protocol):
    frame: pd.DataFrame  # every row, every column, as text
    sha: str  # the ledger's content stamp: changes with every write

    def version(self, project_id: str) -> str: ...
    def versions(self) -> dict[str, str]: ...


@runtime_checkable
class LedgerStore(Protocol):
    kind: str  # "csv" or "postgresql"
    location: str  # the file path, or the URL without its password
    uses_accounts: bool  # True: writes need an accounts.Account (the database)
    filename: str  # the name the ledger is read under (its format)

    def snapshot(self) -> StoreSnapshot: ...
    def current_sha(self) -> str: ...
    def ledger_bytes(self) -> bytes: ...
    def update_status(self, project_id: str, status: str, note: str = "", who=None,
                      expected_version: str | None = None, expected_sha: str | None = None,
                      today: str | dt.date | None = None) -> store.EditResult: ...
    def add_project(self, values: Mapping[str, str], who=None, note: str = "",
                    today: str | dt.date | None = None) -> store.EditResult: ...
    def preview_import(self, source: str | Path | bytes, filename: str = "") -> importer.ImportPreview: ...
    def apply_import(self, preview: importer.ImportPreview, who=None, note: str = "",
                     keep_removed: bool = False) -> store.EditResult: ...
    def history(self, project_id: str | None = None) -> list[Entry]: ...
    def changes_since(self, since: str | dt.date, project_id: str | None = None) -> list[Entry]: ...
    def damaged_history(self) -> list[tuple[int, str]]: ...
    def close(self) -> None: ...


def who_name(who) -> str:
    """The name a file-store history records: a typed name, or an account's name."""
    return str(getattr(who, "name", who) or "")


class CsvStore:
    """The file ledger (cymap.ledger.store, history, importer) behind the one interface."""

    kind = "csv"
    uses_accounts = False

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.filename = self.path.name

    def snapshot(self) -> store.Snapshot:
        return store.snapshot(self.path)

    def current_sha(self) -> str:
        return store.file_sha(self.path.read_bytes())

    def ledger_bytes(self) -> bytes:
        return self.path.read_bytes()

    def update_status(self, project_id, status, note="", who=None, expected_version=None, expected_sha=None,
                      today=None):
        return store.update_status(self.path, project_id, status, note, who_name(who),
                                   expected_version=expected_version, expected_sha=expected_sha, today=today)

    def add_project(self, values, who=None, note="", today=None):
        return store.add_project(self.path, values, who_name(who), note=note, today=today)

    def preview_import(self, source, filename=""):
        return importer.preview_import(self.path, source, filename)

    def apply_import(self, preview, who=None, note="", keep_removed=False):
        return importer.apply_import(preview, who_name(who), note, keep_removed=keep_removed)

    def history(self, project_id=None):
        return history.for_project(self.path, project_id) if project_id else history.read_history(self.path)

    def changes_since(self, since, project_id=None):
        return history.changes_since(self.path, since, project_id)

    def damaged_history(self):
        return history.damaged_lines(self.path)

    def close(self) -> None:
        pass


def is_database_url(ledger: str | Path) -> bool:
    return isinstance(ledger, str) and ledger.strip().lower().startswith(URL_SCHEMES)


def open_store(ledger: str | Path, locate: Locator | None = None, pool_size: int = 4) -> LedgerStore:
    """The store a ledger name means: a postgresql:// URL -> the database, else the file."""
    if is_database_url(ledger):
        from cymap.ledger.pg_store import PgStore

        return PgStore(str(ledger).strip(), locate=locate or no_locator, pool_size=pool_size)
    return CsvStore(ledger)
