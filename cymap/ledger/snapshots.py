"""The ledger as read at one moment (`Snapshot`), its content hash and each row's version.

A row version is a short hash of the row's ledger columns: an edit carrying the version its
editor saw is refused when the row changed since (cymap.ledger.store). Versions are computed
once per ledger content and kept for the last few contents (the app asks on every rerun).
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cymap.ledger.read import RawTable, read_raw
from cymap.ledger.schema import ALL_COLUMNS


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
    columns = [frame[c].map(str) if c in frame.columns else pd.Series("", index=frame.index) for c in ALL_COLUMNS]
    texts = columns[0].str.cat(columns[1:], sep="\x1f") if len(columns) > 1 else columns[0]
    out: dict[str, str] = {}
    for project_id, text in zip(frame["id"], texts):
        if project_id not in out:
            out[project_id] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return out


def file_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_version(values: Mapping) -> str:
    """A short hash of a row's ledger columns (the optional ones too: an import that changes only
    总投资 is a change an editor must see): changes whenever any of its values changes."""
    text = "\x1f".join(str(values.get(c, "")) for c in ALL_COLUMNS)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def snapshot(path: str | Path) -> Snapshot:
    """Read the ledger (no lock needed: the file is only ever replaced whole)."""
    path = Path(path)
    data = path.read_bytes()
    return Snapshot(path, read_raw(data, path.name), file_sha(data), data)
