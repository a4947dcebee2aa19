"""Polygons by reference: the administrative polygons rows point at, joined once per unit.

A geocoded row keeps only its own parts in `geometry` (points, lines) and names the units it is
drawn as in `district_codes` (cymap.geo.geocode). This module turns the codes back into shapes,
where a file or a GIS needs them:

- `unit_polygon(code)`: a district's polygon (the current division's where the code is a current
  unit, else the 2023 one — the geocoder's rule) or the municipality's outline (500000);
- `dissolved(codes)`: the union of several units, computed once per distinct list and valid (a
  multi-district zone is one polygon, not parts sharing edges);
- `joined(frame)`: every row's whole geometry (own parts + its units), rows sharing objects;
- `parts_by_kind(frame, full)`: one record per row and kind of geometry (point, line, polygon), so
  no layer mixes types and no GeometryCollection reaches a file.
"""
from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cymap.geo import geodata
from cymap.geo.resolve import MUNICIPALITY_CODE

KINDS = ("point", "line", "polygon")
_KIND_OF_TYPE = {0: "point", 4: "point", 1: "line", 2: "line", 5: "line", 3: "polygon", 6: "polygon"}
EMPTY = shapely.GeometryCollection()  # one shared object: "located, no shape of its own"


@functools.cache
def unit_polygons() -> dict[str, object]:
    """Code -> polygon of every unit a row may refer to (valid geometries)."""
    out: dict[str, object] = {}
    for division_name in ("2023", "current"):  # current last: a code of both divisions is the current unit
        table = geodata.districts(division_name)
        out.update(zip(table["adcode"].astype(str), shapely.make_valid(table.geometry.values)))
    out[MUNICIPALITY_CODE] = shapely.make_valid(geodata.municipality_outline())
    return out


def unit_polygon(code: str):
    return unit_polygons()[str(code)]


@functools.lru_cache(maxsize=8192)
def dissolved(codes: tuple[str, ...]):
    """The units of `codes` as one valid polygon (Polygon or MultiPolygon); None for no code."""
    polygons = [unit_polygon(c) for c in dict.fromkeys(codes)]
    if not polygons:
        return None
    shape = polygons[0] if len(polygons) == 1 else shapely.union_all(polygons)
    shape = shape if shape.is_valid else shapely.make_valid(shape)
    return _polygonal(shape)


def _polygonal(shape):
    """The polygon parts of a shape (union and make_valid may leave slivers of lower dimension)."""
    if shape.geom_type in ("Polygon", "MultiPolygon"):
        return shape
    polygons = [p for p in shapely.get_parts(shape) if p.geom_type in ("Polygon", "MultiPolygon")]
    flat = [q for p in polygons for q in shapely.get_parts(p)]
    return flat[0] if len(flat) == 1 else shapely.MultiPolygon(flat)


def codes_of(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    if "district_codes" not in frame.columns:
        return [()] * len(frame)
    return [tuple(c) if isinstance(c, (list, tuple, np.ndarray)) else () for c in frame["district_codes"]]


def joined(frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Each row's whole geometry: its own parts plus its units' dissolved polygon (a
    GeometryCollection where a row has both; rows with the same codes share one polygon)."""
    out = []
    for own, codes in zip(frame.geometry.values, codes_of(frame)):
        polygon = dissolved(codes) if codes else None
        if polygon is None:
            out.append(own)
        elif own is None or own.is_empty:
            out.append(polygon)
        else:
            out.append(shapely.GeometryCollection([*shapely.get_parts(own), *shapely.get_parts(polygon)]))
    return gpd.GeoSeries(out, index=frame.index, crs=frame.crs)


def _by_kind(geom) -> dict[str, object]:
    """A geometry's parts grouped by kind: one Point/LineString/Polygon or its Multi- form each."""
    if geom is None or geom.is_empty:
        return {}
    parts = shapely.get_parts(shapely.get_parts(geom))  # collections of multi-parts flattened twice
    grouped: dict[str, list] = {}
    for part in parts:
        grouped.setdefault(_KIND_OF_TYPE[shapely.get_type_id(part)], []).append(part)
    build = {"point": shapely.MultiPoint, "line": shapely.MultiLineString, "polygon": shapely.MultiPolygon}
    return {kind: items[0] if len(items) == 1 else build[kind](items) for kind, items in grouped.items()}


def parts_by_kind(frame: gpd.GeoDataFrame, full: bool) -> gpd.GeoDataFrame:
    """One record per row and kind of geometry it has, in row order (column `geom_part`: point,
    line, polygon; "" for a row with no geometry of that kind in the file). `full`: district-level
    rows carry their units' dissolved polygon; else only their own parts (a district-only row then
    has one record with no geometry and its `district_codes`)."""
    positions, kinds, geometries = [], [], []
    for position, (own, codes) in enumerate(zip(frame.geometry.values, codes_of(frame))):
        pieces = _by_kind(own)
        if full and codes:
            polygon = dissolved(codes)
            if "polygon" in pieces:  # own polygons and unit polygons: one valid shape
                polygon = _polygonal(shapely.make_valid(shapely.union_all([pieces["polygon"], polygon])))
            pieces["polygon"] = polygon
        if not pieces:
            positions.append(position)
            kinds.append("")
            geometries.append(None)
        for kind in KINDS:
            if kind in pieces:
                positions.append(position)
                kinds.append(kind)
                geometries.append(pieces[kind])
    out = frame.drop(columns=frame.geometry.name).iloc[positions].reset_index(drop=True)
    out["geom_part"] = kinds
    return gpd.GeoDataFrame(out, geometry=geometries, crs=frame.crs)
