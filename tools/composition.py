"""The official 2025 composition of the current division, as the geodata build reads it.

geodata/composition_2025.json (重庆市人民政府, 2025-11-06) says which 2023 units and which towns
went to which current unit; only the build (tools/) reads it here — the app reads the built files.
"""
from __future__ import annotations

import json

from cymap.paths import GEODATA_DIR


def _composition() -> dict:
    """The official 2025 composition (geodata/composition_2025.json): read only by this build."""
    return json.loads((GEODATA_DIR / "composition_2025.json").read_text(encoding="utf-8"))


COMPOSITION = _composition()
LIANGJIANG = COMPOSITION["liangjiang"]
WHOLE_UNIT_MOVES = COMPOSITION["whole_unit_moves"]
# (2023 district, town or street, its GeoNames cities1000 seat, current district)
TOWN_TRANSFERS = tuple((t["district_2023"], t["town_zh"], t["geonames"], t["current"])
                       for t in COMPOSITION["town_transfers"])
