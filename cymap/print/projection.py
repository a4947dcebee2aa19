"""The geodata and the view in the page's projected CRS (Chongqing Albers), and plan-order numbering."""
from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cymap.geo import coords, geodata
from cymap.geo.division import districts_column


# --- geodata in the projected CRS -------------------------------------------------------------
def row_districts(view: pd.DataFrame, division: str) -> pd.Series:
    return view[districts_column(division)]


@functools.cache
def projected_districts_cached(division: str) -> gpd.GeoDataFrame:
    try:
        table = geodata.districts(division)
    except ValueError:
        # Until the division API lands, geodata knows only the 2023 units; draw those.
        table = geodata.districts()
    projected = table.to_crs(coords.CHONGQING_ALBERS)
    projected["label_point"] = shapely.point_on_surface(projected.geometry.values)
    projected["area"] = projected.geometry.area
    return projected


def projected_districts(division: str) -> gpd.GeoDataFrame:
    return projected_districts_cached(division).copy()


@functools.lru_cache(maxsize=128)
def outline(division: str, names: frozenset[str] | None, tolerance: float):
    """Outer boundary of the named districts (all when None), simplified to `tolerance` metres."""
    table = projected_districts_cached(division)
    if names is not None:
        table = table[table["name_zh"].isin(names)]
    return shapely.simplify(table.geometry.union_all(), tolerance, preserve_topology=True).boundary


@functools.cache
def projected_approximate_boundary(division: str):
    """geodata.approximate_boundary in the map projection (empty for the 2023 division)."""
    line = geodata.approximate_boundary(division)
    return gpd.GeoSeries([line], crs=coords.WGS84).to_crs(coords.CHONGQING_ALBERS).iloc[0]



@functools.cache
def projected_context() -> gpd.GeoDataFrame:
    return geodata.sichuan_context().to_crs(coords.CHONGQING_ALBERS)


def project_view(view: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The view in the page's CRS. District-level and municipality-wide rows are drawn as chips
    and counts, not as their polygons, so only their point and line parts are projected; rows
    share geometry objects (one per place), so each distinct geometry is projected once."""
    out = view.copy()
    if out.crs is None:
        out = out.set_crs(coords.WGS84)
    geoms = np.asarray(out.geometry.values, dtype=object)
    coarse = (out["precision"].isin(["district", "municipal"]).to_numpy() if "precision" in out
              else np.zeros(len(out), bool))
    codes, keys = pd.factorize(pd.Series([(id(g), c) for g, c in zip(geoms, coarse)], dtype=object))
    first = np.zeros(len(keys), dtype=int)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    distinct = []
    for g, c in zip(geoms[first], coarse[first]):
        if c and g is not None:
            kept = [p for p in shapely.get_parts(g) if p.geom_type not in ("Polygon", "MultiPolygon")]
            g = shapely.GeometryCollection(kept) if len(kept) > 1 else (kept[0] if kept else None)
        distinct.append(g)
    projected = gpd.GeoSeries(distinct, crs=out.crs).to_crs(coords.CHONGQING_ALBERS).values
    return out.set_geometry(gpd.GeoSeries(projected.take(codes), index=out.index, crs=coords.CHONGQING_ALBERS))


# --- numbering ---------------------------------------------------------------------------------
def numbered(view: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The view in plan order (action, task, id) with `number` 1..n, the key of map and list."""
    order = view.sort_values(["action", "task", "id"], kind="stable", na_position="last")
    order = order.copy()
    order["number"] = np.arange(1, len(order) + 1)
    return order
