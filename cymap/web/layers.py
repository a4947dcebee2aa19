"""District, context and approximate-boundary layers as drawn (shifted to GCJ-02 for Gaode)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from cymap.geo import coords, geodata


# --- geometry helpers -------------------------------------------------------------------------

def shift_for_basemap(geometries, gcj02: bool):
    """Geometries as drawn: GCJ-02 for a Gaode basemap, else unchanged WGS84."""
    values = np.asarray(list(geometries), dtype=object)
    if not gcj02 or len(values) == 0:
        return values
    present = np.array([g is not None for g in values])
    out = values.copy()
    if present.any():
        out[present] = coords.geometries_wgs84_to_gcj02(values[present])
    return out


def latlon(point) -> list[float]:
    return [float(point.y), float(point.x)]


def line_coords(line) -> list[list[float]]:
    return [[float(y), float(x)] for x, y in line.coords]


def polygon_locations(polygon) -> list[list[list[float]]]:
    return [line_coords(polygon.exterior)] + [line_coords(ring) for ring in polygon.interiors]


@dataclass(frozen=True)
class DistrictLayer:
    """The division's districts as drawn (shifted when needed), with their label points."""

    frame: gpd.GeoDataFrame
    anchors: dict[str, object]  # name_zh -> label point
    gcj02: bool = False


# Display simplification (degrees): ~150 m for district lines, ~600 m for the Sichuan context
# (drawn only as faint context) — invisible at city zoom, and it keeps what every rerun sends to
# the browser (and the offline HTML file) small. Vertices are rounded to DISPLAY_GRID (~10 m).
DISTRICT_SIMPLIFY = 0.0015
CONTEXT_SIMPLIFY = 0.006
DISPLAY_GRID = 1e-4


def display_geometries(geometries, tolerance: float, gcj02: bool):
    """Simplified to `tolerance` (in WGS84, so both datums keep the same vertices), shifted for the
    basemap, then rounded to DISPLAY_GRID: what a web map needs to show."""
    simplified = shapely.simplify(geometries, tolerance, preserve_topology=True)
    return shapely.set_precision(shift_for_basemap(simplified, gcj02), DISPLAY_GRID, mode="pointwise")


@functools.cache
def district_layer(division: str, gcj02: bool) -> DistrictLayer:
    """Cached per division and datum; callers must not modify the frame."""
    frame = geodata.districts(division)
    anchors_wgs = shapely.point_on_surface(frame.geometry.values)
    frame = frame.set_geometry(list(display_geometries(frame.geometry.values, DISTRICT_SIMPLIFY, gcj02)),
                               crs=coords.WGS84)
    anchors = dict(zip(frame["name_zh"], shift_for_basemap(anchors_wgs, gcj02)))
    return DistrictLayer(frame, anchors, gcj02)


# The derived (Voronoi) stretch of the division's boundaries: dashed, darker and a little heavier
# than the district outlines (#555, 1.2 px) so it reads as "this line is not surveyed".
APPROXIMATE_BOUNDARY_STYLE = {"color": "#333333", "weight": 2, "opacity": 0.95, "dashArray": "6 5"}
# A light casing under the dashes: the solid district outline runs along the same line and would
# otherwise fill the gaps, so the stretch would read as just a darker solid line.
APPROXIMATE_BOUNDARY_CASING = {"color": "#ffffff", "weight": 4, "opacity": 0.85, "interactive": False}


@functools.cache
def approximate_boundary_lines(division: str, gcj02: bool) -> tuple:
    """The division's approximate boundary as drawn: Leaflet [lat, lon] lists, one per line part
    (none for the 2023 division). A few hundred vertices, so not simplified."""
    line = geodata.approximate_boundary(division)
    return tuple(line_coords(part) for part in shift_for_basemap(shapely.get_parts(line), gcj02) if not part.is_empty)


@functools.cache
def context_layer(gcj02: bool) -> gpd.GeoDataFrame:
    """The Sichuan cities of the economic circle as drawn (cached; do not modify)."""
    context = geodata.sichuan_context()
    return context.set_geometry(list(display_geometries(context.geometry.values, CONTEXT_SIMPLIFY, gcj02)),
                                crs=coords.WGS84)
