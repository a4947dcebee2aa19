"""The one data path: ledger file -> validated rows -> geocoded GeoDataFrame.

The app, the CLI, the exports and the benchmark all call `load_projects`, so they agree.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from cymap.geo import geocode
from cymap.geo.place_checks import checked_read
from cymap.ledger.read import LedgerRead, read_ledger
from cymap.paths import DEFAULT_LEDGER


def default_ledger_path() -> Path:
    """`CYMAP_LEDGER` names another ledger; else the repository's projects.csv."""
    return Path(os.environ.get("CYMAP_LEDGER") or DEFAULT_LEDGER)


@dataclass
class Projects:
    geocoded: gpd.GeoDataFrame  # valid rows, geocoded (EPSG:4326)
    read: LedgerRead  # the read: problems, totals, encoding

    @property
    def problems(self):
        return self.read.problems


def load_projects(source: str | Path | bytes | None = None, filename: str = "") -> Projects:
    """Read, validate (the ledger's checks, then the place checks) and geocode a ledger (path or bytes)."""
    source = default_ledger_path() if source is None else source
    read = checked_read(read_ledger(source, filename))
    return Projects(geocode.geocode(read.rows), read)
