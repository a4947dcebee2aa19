"""Shared fixtures: paths of the repository's data and small ledgers written per test."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEDGER_HEADER = "id,name_zh,name_en,action,task,category,location,status,target_year,target,source,updated,note\n"


@pytest.fixture
def write_ledger(tmp_path):
    """Write CSV rows (strings without header) to a temp ledger and return its path."""
    def write(rows: list[str], name: str = "ledger.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes((LEDGER_HEADER + "".join(r.rstrip("\n") + "\n" for r in rows)).encode(encoding))
        return path
    return write
