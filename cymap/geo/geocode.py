"""Located rows -> the geocoded GeoDataFrame: geometry, precision and the districts each project touches.

References are resolved once per distinct string (cymap.geo.resolve; a 10,000-row ledger has a
few hundred), rows are located from them (cymap.geo.locate), and the districts routes cross are
found with one spatial-index join.

Geometry by reference: a district-level or municipality-wide part is not copied into its rows.
`geometry` holds a row's own parts only (points, lines); the administrative units it is drawn as
are the codes in `district_codes`, and `cymap.geo.geometry` joins their polygons — once per unit —
where a file or a GIS needs them. A row located only at district level has an empty geometry
(GEOMETRYCOLLECTION EMPTY: located, no shape of its own); an unresolved row has none (None).

Districts come in two divisions (cymap.geo.division): `districts`/`primary_district` are current
units, `districts_2023`/`primary_district_2023` the plan's.
"""
from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from cymap.geo import geodata, locate
from cymap.geo.geometry import EMPTY
from cymap.geo.coords import WGS84
from cymap.geo.names import key  # noqa: F401  (re-exported: callers spell geocode.key)
from cymap.geo.resolve import (  # noqa: F401  (re-exported: the geocoder's public names)
    FUZZY_THRESHOLD,
    SUGGESTION_THRESHOLD,
    WAYPOINT_SEPARATOR,
    Gazetteer,
    Part,
    load_gazetteer,
    resolve_known,
    resolve_reference,
    resolve_unresolved,
    split_location,
)
from cymap.ledger.schema import PRECISION_ORDER, PRECISIONS


def _combine(geoms: list):
    if not geoms:
        return None
    if len(geoms) == 1:
        return geoms[0]
    kinds = {shapely.get_type_id(geom) for geom in geoms}
    flat = []
    for geom in geoms:
        flat.extend(shapely.get_parts(geom))
    if kinds <= {0, 4}:
        return shapely.MultiPoint(flat)
    if kinds <= {1, 5}:
        return shapely.MultiLineString(flat)
    if kinds <= {3, 6}:
        return shapely.MultiPolygon(flat)
    return shapely.GeometryCollection(flat)


def _geom_kind(geom) -> str:
    if geom is None:
        return ""
    kind = geom.geom_type
    if kind in ("Point", "MultiPoint"):
        return "point"
    if kind in ("LineString", "MultiLineString"):
        return "line"
    if kind in ("Polygon", "MultiPolygon"):
        return "polygon"
    return "mixed"


def _row_kind(own, has_units: bool) -> str:
    """The kind of a row's whole geometry (own parts and the polygons of its units)."""
    kind = _geom_kind(own)
    if has_units:
        return "polygon" if kind in ("", "polygon") else "mixed"
    return kind


def _coarsest(precisions: list[str]) -> str:
    return max(precisions, key=PRECISION_ORDER.index) if precisions else "unresolved"


@functools.cache
def _distinct_outlines() -> tuple[np.ndarray, dict[str, dict[int, str]]]:
    """Every district outline of every division once (units the divisions share are one outline),
    and per division: outline index -> district name. Lines are intersected with each outline once."""
    outlines: list = []
    index_of: dict[bytes, int] = {}
    names: dict[str, dict[int, str]] = {}
    for division_name in geodata.DIVISIONS:
        table = geodata.districts(division_name)
        names[division_name] = {}
        for name, geom in zip(table["name_zh"], table.geometry.values):
            # The same outline whatever its ring start, orientation or Polygon/MultiPolygon type.
            same = shapely.get_coordinates(shapely.normalize(geom)).tobytes()
            if same not in index_of:
                index_of[same] = len(outlines)
                outlines.append(geom)
            names[division_name][index_of[same]] = name
    outlines_array = np.asarray(outlines, dtype=object)
    shapely.prepare(outlines_array)
    return outlines_array, names


def _line_districts(lines: list) -> dict[str, list[list[str]]]:
    """Per division, the districts each line really crosses (not merely touches), in the order a
    traveller meets them: one spatial-index query and one vectorised intersection for all lines
    and all distinct outlines."""
    outlines, names = _distinct_outlines()
    lines = np.asarray(lines, dtype=object)
    line_index, outline_index = shapely.STRtree(outlines).query(lines, predicate="intersects")
    inside = shapely.intersection(lines[line_index], outlines[outline_index])
    keep = shapely.length(inside) > 1e-6
    line_index, outline_index, inside = line_index[keep], outline_index[keep], inside[keep]
    # Where the line enters each district: the least distance along the line of the vertices of
    # the piece inside it (a piece's point_on_surface can be the end it shares with the next one).
    vertices, piece = shapely.get_coordinates(inside, return_index=True)
    entry = np.full(len(inside), np.inf)
    np.minimum.at(entry, piece, shapely.line_locate_point(lines[line_index][piece], shapely.points(vertices)))
    order = np.lexsort((entry, line_index))
    crossed: list[list[int]] = [[] for _ in range(len(lines))]
    for line, outline in zip(line_index[order].tolist(), outline_index[order].tolist()):
        crossed[line].append(outline)
    return {division_name: [[by_outline[o] for o in outlines_of if o in by_outline] for outlines_of in crossed]
            for division_name, by_outline in names.items()}


def geocode(ledger: pd.DataFrame) -> gpd.GeoDataFrame:
    """Geocode ledger rows; returns a GeoDataFrame (EPSG:4326) with the ledger columns plus
    geometry (the row's own points and lines; empty for a row drawn only as districts, None when
    unresolved), district_codes (list: adcodes of the units it is drawn as, 500000 for the whole
    municipality — cymap.geo.geometry joins their polygons), geom_kind (of the whole geometry),
    precision, precision_code, matched, match_method, districts (list, current
    division), districts_2023 (list), primary_district, primary_district_2023, districts_possible
    (list: current units a row may be in but is not counted in — a bare 渝北区 is in 两江新区 and
    possibly 北碚区), unresolved (list) and suggestions (list). Row order and count are kept."""
    g = load_gazetteer()
    rows = locate.locate_rows(ledger, g)
    geometries, precisions, matched, methods, unresolved, suggestions = [], [], [], [], [], []
    codes, kinds = [], []  # per row: the units it is drawn as (by reference), its kind of geometry
    named = {"current": [], "2023": []}
    possible_named = []  # per row: current units it may be in, not counted (a bare split 2023 unit)
    row_routes = []  # per row: its route geometries (WKB), whose crossings are found once per route
    route_lines: dict[bytes, object] = {}
    for row in rows:
        parts = row.parts
        found = [p for p in parts if p.geometry is not None]
        own = [p.geometry for p in found if id(p.geometry) not in g.polygon_codes]
        referred = list(dict.fromkeys(g.polygon_codes[id(p.geometry)] for p in found
                                      if id(p.geometry) in g.polygon_codes))
        geometry = _combine(own)
        geometries.append(geometry if geometry is not None or not referred else EMPTY)
        codes.append(referred)
        kinds.append(_row_kind(geometry, bool(referred)))
        route_lines.update({p.geometry.wkb: p.geometry for p in found if p.precision == "route"})
        row_routes.append([p.geometry.wkb for p in found if p.precision == "route"])
        precisions.append("route" if found and all(p.precision == "route" for p in found)
                          else _coarsest([p.precision for p in found]))
        matched.append([p.matched for p in found])
        methods.append([p.method for p in parts])
        named["current"].append([d for p in found for d in p.districts])
        named["2023"].append([d for p in found for d in p.districts_2023])
        possible_named.append([d for p in found for d in p.possible])
        unresolved.append([p.reference for p in parts if p.geometry is None])
        suggestions.append(sorted({s for p in parts for s in p.suggestions}))

    # Lines: the districts each distinct route crosses, in both divisions, from one vectorised
    # join (a 10,000-row ledger repeats a few hundred routes; rows only look their crossings up).
    routes = list(route_lines)
    crossings = _line_districts([route_lines[ref] for ref in routes]) if routes else {}
    districts_lists = {}
    for division_name in geodata.DIVISIONS:
        crossing = dict(zip(routes, crossings.get(division_name, [])))
        districts_lists[division_name] = [
            list(dict.fromkeys([*names, *(d for ref in refs for d in crossing[ref])]))
            for names, refs in zip(named[division_name], row_routes)]

    out = gpd.GeoDataFrame(ledger.reset_index(drop=True).copy(), geometry=geometries, crs=WGS84)
    out["geom_kind"] = kinds
    out["district_codes"] = codes
    out["precision"] = precisions
    out.loc[out["geometry"].isna(), "precision"] = "unresolved"
    out["precision_code"] = out["precision"].map(lambda p: PRECISIONS[p]["code"])
    out["matched"] = matched
    out["match_method"] = methods
    out["districts"] = districts_lists["current"]
    out["districts_2023"] = districts_lists["2023"]
    out["primary_district"] = [names[0] if names else "" for names in districts_lists["current"]]
    out["primary_district_2023"] = [names[0] if names else "" for names in districts_lists["2023"]]
    out["districts_possible"] = [[d for d in dict.fromkeys(maybe) if d not in names]
                                 for maybe, names in zip(possible_named, districts_lists["current"])]
    out["unresolved"] = unresolved
    out["suggestions"] = suggestions
    out["located_from"] = [row.located_from for row in rows]
    out["located_by"] = [locate.located_by(row, p) for row, p in zip(rows, out["precision"])]
    out["warnings"] = [row.warnings for row in rows]
    return out


def _located_summary(geocoded: gpd.GeoDataFrame) -> dict:
    from cymap.geo.locate import located_summary

    return located_summary(geocoded)


def summary(geocoded: gpd.GeoDataFrame) -> dict:
    """Counts for the CLI and the data-quality tab."""
    return {
        "rows": int(len(geocoded)),
        "precision": {k: int(v) for k, v in geocoded["precision"].value_counts().items()},
        "unresolved_names": sorted({n for names in geocoded["unresolved"] for n in names}),
        **_located_summary(geocoded),  # rows by how they were located (issue 13)
    }

