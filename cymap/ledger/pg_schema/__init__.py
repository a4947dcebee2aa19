"""The shared ledger's database schema: numbered plain-SQL migrations (NNN_name.sql) in this folder.

`migrate(connection)` applies, in order, every file newer than the database's version, each in its
own transaction and recorded in `cymap_schema` (version, name, when) — so `db migrate` after an
upgrade applies only the new files, and a failed file leaves the database at the version before it.
A transaction-level advisory lock serialises concurrent migrators (several app processes starting).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
FILE_PATTERN = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
ADVISORY_LOCK = 7_318_245  # any constant: the key of cymap's migration lock
VERSION_TABLE = """CREATE TABLE IF NOT EXISTS cymap_schema (
    version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def migrations(folder: Path = FOLDER) -> list[Migration]:
    """Every migration file, by version; a gap or a repeated number is an error in the package."""
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = FILE_PATTERN.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"schema migrations in {folder} are not numbered 001, 002, …: {versions}")
    return found


def current_version(connection) -> int:
    """The schema version of the database (0: never initialised)."""
    exists = connection.execute("SELECT to_regclass('cymap_schema') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return connection.execute("SELECT coalesce(max(version), 0) FROM cymap_schema").fetchone()[0]


def latest_version() -> int:
    return len(migrations())


def migrate(connection) -> list[str]:
    """Apply pending migrations (autocommit connection); return the names applied."""
    applied = []
    for migration in migrations():
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK,))
            connection.execute(VERSION_TABLE)
            if current_version(connection) >= migration.version:
                continue
            connection.execute(migration.sql)
            connection.execute("INSERT INTO cymap_schema (version, name) VALUES (%s, %s)",
                               (migration.version, migration.name))
            applied.append(f"{migration.version:03d}_{migration.name}")
    return applied
