"""Files for GIS users: GeoJSON (compact by default, or with full geometries) and GeoPackage.

What a GIS opens is clean: every geometry valid (a multi-district zone is its districts
dissolved into one polygon), no GeometryCollection anywhere, one geometry type per layer. A row
with parts of several kinds (a station and a line, a site and its district) is one feature per kind,
sharing the row's `id` (`geom_part` says which); docs/DATA_FORMATS.md lists the types.

- GeoJSON `compact` (default): a row's own points and lines; a row drawn only as districts has
  no geometry (`null`) and names its units in `district_codes` — polygons are not repeated per row.
- GeoJSON `full`: district-level rows carry their units' dissolved (Multi)Polygon.
- GeoPackage: always full; layers `projects_point` (MultiPoint), `projects_line`
  (MultiLineString), `projects_polygon` (MultiPolygon) and `projects_unlocated` (no geometry).
"""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from cymap.geo import geometry

GEOMETRY_MODES = ("compact", "full")
GEOJSON_PROPERTIES = ["id", "name_zh", "name_en", "action", "task", "category", "location", "status",
                      "target_year", "target", "updated", "precision", "precision_code", "geom_kind",
                      "geom_part", "district_codes", "districts", "districts_2023", "primary_district",
                      "primary_district_2023", "matched", "unresolved", "match_method", "located_by",
                      "located_from", "warnings"]
LAYERS = {"point": ("projects_point", "MultiPoint"), "line": ("projects_line", "MultiLineString"),
          "polygon": ("projects_polygon", "MultiPolygon")}
UNLOCATED_LAYER = "projects_unlocated"
COORDINATE_GRID = 1e-6  # degrees (~0.1 m): points and lines as written to files


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return _plain(value.tolist())
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _geojson_texts(geoms: np.ndarray) -> np.ndarray:
    """Each geometry as GeoJSON text ("null" for none): points and lines snapped to the grid in one
    vectorised call; polygons (units shared by many rows) once per distinct object."""
    texts = np.full(len(geoms), "null", dtype=object)
    present = np.array([g is not None for g in geoms], dtype=bool)
    polygonal = present & np.isin(shapely.get_type_id(geoms), (3, 6))
    simple = present & ~polygonal
    if simple.any():
        texts[simple] = shapely.to_geojson(shapely.set_precision(geoms[simple], COORDINATE_GRID))
    cache: dict[int, str] = {}
    for position in np.flatnonzero(polygonal):
        geom = geoms[position]
        if id(geom) not in cache:
            cache[id(geom)] = shapely.to_geojson(geom)
        texts[position] = cache[id(geom)]
    return texts


def _json_default(value):
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _column_values(series: pd.Series) -> list:
    """A column as plain Python values, missing ones as None (lists stay lists)."""
    values = series.astype(object)
    return values.where(series.map(lambda v: isinstance(v, (list, tuple, np.ndarray)) or not pd.isna(v)),
                        None).tolist()


def write_geojson(geocoded: gpd.GeoDataFrame, out: str | Path, mode: str = "compact") -> int:
    """Write the FeatureCollection (EPSG:4326, list properties as JSON lists), one feature at a
    time; returns the number of features."""
    if mode not in GEOMETRY_MODES:
        raise ValueError(f"geometry mode {mode!r}: one of {', '.join(GEOMETRY_MODES)}")
    features = geometry.parts_by_kind(geocoded, full=mode == "full")
    columns = [c for c in GEOJSON_PROPERTIES if c in features.columns]
    values = [_column_values(features[c]) for c in columns]
    texts = _geojson_texts(np.array(features.geometry.tolist() + [None], dtype=object)[:-1])
    with open(out, "w", encoding="utf-8") as handle:
        handle.write('{"type":"FeatureCollection","features":[')
        for count, (row, text) in enumerate(zip(zip(*values), texts)):
            properties = json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=_json_default)
            handle.write(("," if count else "") + '{"type":"Feature","properties":' + properties
                         + ',"geometry":' + text + "}")
        handle.write("]}")
    return len(features)


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """List columns as JSON text (a GeoPackage has no list type); nullable integers as numbers."""
    out = frame.copy()
    for column in out.columns:
        if column == "geometry":
            continue
        values = out[column]
        if values.map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = values.map(lambda v: json.dumps(_plain(v), ensure_ascii=False)
                                     if isinstance(v, (list, tuple)) else v)
        elif str(values.dtype) == "Int64":
            out[column] = values.astype("float64")
    return out


def write_gpkg(geocoded: gpd.GeoDataFrame, out: str | Path) -> dict[str, int]:
    """Write the GeoPackage (full geometries, one layer per type); returns features per layer."""
    out = Path(out)
    out.unlink(missing_ok=True)
    features = geometry.parts_by_kind(geocoded, full=True)
    columns = [c for c in GEOJSON_PROPERTIES if c in features.columns]
    counts: dict[str, int] = {}
    for kind, (layer, geometry_type) in LAYERS.items():
        chosen = features[features["geom_part"] == kind]
        frame = gpd.GeoDataFrame(_flat(pd.DataFrame(chosen[columns])), geometry=chosen.geometry.values,
                                 crs=geocoded.crs)
        pyogrio.write_dataframe(frame, out, layer=layer, driver="GPKG", geometry_type=geometry_type,
                                promote_to_multi=True, append=out.exists())
        counts[layer] = len(frame)
    unlocated = _flat(pd.DataFrame(features.loc[features["geom_part"] == "", columns]))
    pyogrio.write_dataframe(unlocated, out, layer=UNLOCATED_LAYER, driver="GPKG", append=True)
    counts[UNLOCATED_LAYER] = len(unlocated)
    return counts
