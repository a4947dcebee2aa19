"""Where the geocoder puts a ledger row, as the stores need it (cymap.ledger.stores): the geocoder
is a layer above the ledger, so whoever opens a store passes a `Locator` in (cymap.shared)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Placement:
    """Where the geocoder puts one row: EWKB hex (SRID 4326) or "", districts of both divisions."""

    ewkb: str = ""
    districts: tuple[str, ...] = ()
    districts_2023: tuple[str, ...] = ()
    precision: str = ""

    @property
    def all_districts(self) -> set[str]:
        return set(self.districts) | set(self.districts_2023)


Locator = Callable[[pd.DataFrame], dict[str, Placement]]  # ledger rows -> placement by id


def no_locator(frame: pd.DataFrame) -> dict[str, Placement]:
    """Without a geocoder rows have no geometry and touch no district."""
    return {}
