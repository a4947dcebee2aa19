"""Boundary geometry as a page draws it: simplified once per level of detail, cut to the frame,
and turned into matplotlib paths without going through GeoDataFrame.plot.

The pack draws the same districts on forty pages; simplifying the full-resolution boundaries
for every page was most of its time. Levels of detail are powers of two in metres: a page asks
for the coarsest level finer than a quarter of its point, so a page never shows the difference.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import shapely
from matplotlib.collections import PathCollection
from matplotlib.path import Path

from cymap.print.projection import projected_context, projected_districts_cached

FINEST_M = 8.0  # finer than any page needs (an A0 map of one district has ~20 m per point)


def level(tolerance_m: float) -> float:
    """The level of detail for a wanted tolerance: the largest power of two not above it."""
    return max(FINEST_M, 2.0 ** math.floor(math.log2(max(tolerance_m, FINEST_M))))


@functools.lru_cache(maxsize=64)
def districts_at(division: str, lod: float) -> np.ndarray:
    """The division's district polygons simplified to `lod` metres (shared edges stay shared)."""
    geoms = projected_districts_cached(division).geometry.values
    return shapely.simplify(np.asarray(geoms, dtype=object), lod, preserve_topology=True)


@functools.lru_cache(maxsize=64)
def context_at(lod: float) -> np.ndarray:
    return shapely.simplify(np.asarray(projected_context().geometry.values, dtype=object), lod,
                            preserve_topology=True)


@functools.cache
def _union(division: str, names: frozenset[str] | None):
    table = projected_districts_cached(division)
    if names is not None:
        table = table[table["name_zh"].isin(names)]
    return table.geometry.union_all()


@functools.lru_cache(maxsize=256)
def outline_at(division: str, names: frozenset[str] | None, lod: float):
    """Outer boundary of the named districts (all when None) at `lod` metres."""
    return shapely.simplify(_union(division, names), lod, preserve_topology=True).boundary


def clip(geoms, box) -> np.ndarray:
    """Geometries cut to the box (x0, y0, x1, y1); empty ones stay empty (the caller keeps rows aligned)."""
    return shapely.clip_by_rect(np.asarray(geoms, dtype=object), *box)


def _ring_path(ring) -> tuple[np.ndarray, np.ndarray]:
    xy = np.asarray(ring.coords)[:, :2]
    codes = np.full(len(xy), Path.LINETO, dtype=np.uint8)
    codes[0] = Path.MOVETO
    codes[-1] = Path.CLOSEPOLY
    return xy, codes


def polygon_path(geom) -> Path | None:
    """One compound path of a (multi)polygon: exteriors and holes (even-odd by ring direction)."""
    vertices, codes = [], []
    for polygon in shapely.get_parts(geom):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            if len(ring.coords) >= 3:
                xy, c = _ring_path(ring)
                vertices.append(xy)
                codes.append(c)
    if not vertices:
        return None
    return Path(np.concatenate(vertices), np.concatenate(codes))


def polygons(ax, geoms, *, zorder: float, **style) -> PathCollection | None:
    """Add the polygons as one collection (no autoscaling: the frame sets the limits)."""
    paths = [p for p in (polygon_path(g) for g in geoms if g is not None and not g.is_empty) if p is not None]
    if not paths:
        return None
    collection = PathCollection(paths, zorder=zorder, **style)
    ax.add_collection(collection, autolim=False)
    return collection


def line_paths(geom) -> list[np.ndarray]:
    """Vertex arrays of the line parts of a geometry (boundaries, outlines)."""
    if geom is None or geom.is_empty:
        return []
    return [np.asarray(part.coords)[:, :2] for part in shapely.get_parts(geom)
            if part.geom_type in ("LineString", "LinearRing") and not part.is_empty]
