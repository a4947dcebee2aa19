"""Shared fixtures: paths of the repository's data and small ledgers written per test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EDIT_LEDGER = ROOT / "tests" / "data" / "ledger_edit.csv"  # the small ledger the editing tests change
LEDGER_HEADER = "id,name_zh,name_en,action,task,category,location,status,target_year,target,source,updated,note\n"


@pytest.fixture
def write_ledger(tmp_path):
    """Write CSV rows (strings without header) to a temp ledger and return its path."""
    def write(rows: list[str], name: str = "ledger.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes((LEDGER_HEADER + "".join(r.rstrip("\n") + "\n" for r in rows)).encode(encoding))
        return path
    return write


@pytest.fixture
def ledger(tmp_path):
    """A fresh copy of the small editing ledger (tests/data/ledger_edit.csv) in a temp folder."""
    path = tmp_path / "projects.csv"
    shutil.copy(EDIT_LEDGER, path)
    return path


# PostgreSQL for the shared-ledger tests (pytest -m postgres): a real server, see tests/pg_fixtures.py.
from tests.pg_fixtures import pg_server, pg_url  # noqa: E402,F401
