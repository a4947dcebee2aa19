"""Load the committed geodata: districts (two divisions), crosswalk, Sichuan context, gazetteer, routes.

Everything is read once per process (functools.cache) and returned as fresh copies where
callers might mutate. `python -m cymap.geo.geodata build` rebuilds the files (dev only).
"""
from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd
import shapely

from cymap.geo import coords
from cymap.paths import GEODATA_DIR

MUNICIPAL_NAMES = ("重庆市", "重庆", "全市", "Chongqing")


DIVISIONS = ("current", "2023")  # current: since 2025-11-06 (37 units); 2023: the plan's map (38)
DEFAULT_DIVISION = "current"
_DIVISION_FILES = {"current": "districts_current.geojson", "2023": "districts_2023.geojson"}


def check_division(division: str) -> str:
    """The division name, or ValueError naming the valid ones."""
    if division not in DIVISIONS:
        raise ValueError(f"unknown division {division!r}; expected one of {', '.join(DIVISIONS)}")
    return division


@functools.cache
def _districts(division: str) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(GEODATA_DIR / _DIVISION_FILES[division])
    gdf["adcode"] = gdf["adcode"].astype(str)
    # Which boundaries are partly derived (Voronoi of town seats) rather than surveyed.
    gdf["approximate"] = gdf["approximate"].astype(bool) if "approximate" in gdf else False
    return gdf.set_crs(coords.WGS84, allow_override=True)


def _districts_2023() -> gpd.GeoDataFrame:
    return _districts("2023")


def districts(division: str = DEFAULT_DIVISION) -> gpd.GeoDataFrame:
    """County-level units of a division as a GeoDataFrame (EPSG:4326): adcode, name_zh, short_zh,
    name_en, kind, region, approximate. "current" (default) has 37 units, "2023" has 38."""
    return _districts(check_division(division)).copy()


@functools.cache
def _crosswalk() -> pd.DataFrame:
    return _read_csv("crosswalk.csv")


def crosswalk() -> pd.DataFrame:
    """2023 -> current: level (district/town), adcode_2023, name_2023, town_zh, town_geonames,
    adcode_current, name_current, note. See cymap.geo.division for the logic on top."""
    return _crosswalk().copy()


@functools.cache
def _town_cells() -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA_DIR / "town_cells.geojson").set_crs(coords.WGS84, allow_override=True)


def town_cells() -> gpd.GeoDataFrame:
    """The derived town areas of 渝北区 and 北碚区 (Voronoi cells of GeoNames seats): district_2023,
    geonames, town_zh (the ten transferred units), current, moved, seat_lon, seat_lat, area_km2."""
    return _town_cells().copy()


@functools.cache
def approximate_boundary(division: str = DEFAULT_DIVISION):
    """The derived (approximate) part of a division's boundaries, a shapely (Multi)LineString:
    in the current division the Voronoi lines between moved and kept town cells; empty for 2023."""
    if check_division(division) == "2023":
        return shapely.MultiLineString()
    return moved_kept_lines(_town_cells())


def moved_kept_lines(cells: gpd.GeoDataFrame, grid_size: float | None = None):
    """Inside each split 2023 unit, the lines between the cells that changed district and the
    cells that did not: the part of the current boundaries that is derived, not surveyed."""
    lines = []
    for _, group in cells.groupby("district_2023"):
        moved_mask = group["moved"].astype(bool)
        moved = shapely.union_all(group.geometry[moved_mask].values, grid_size=grid_size)
        kept = shapely.union_all(group.geometry[~moved_mask].values, grid_size=grid_size)
        lines.append(shapely.intersection(shapely.boundary(moved), shapely.boundary(kept), grid_size=grid_size))
    return shapely.line_merge(shapely.union_all(lines))


_DIVISION_NOTES = {
    ("2023", "zh"): "区划：2023年（方案编制时），38个区县。",
    ("2023", "en"): "Division: 2023 (as in the plan), 38 county-level units.",
    ("current", "zh"): "区划：现行（2025年11月6日调整后），37个区县；两江新区与北碚区之间的界线为近似"
                       "（按GeoNames镇街驻地的泰森多边形推算）。",
    ("current", "en"): "Division: current (since 2025-11-06), 37 county-level units; the 两江新区/北碚区 "
                       "boundary is approximate (Voronoi cells of GeoNames town seats).",
}


def division_note(division: str = DEFAULT_DIVISION, lang: str = "zh") -> str:
    """One-line footnote for legends and exports: which division is shown and, for the current
    one, that the 两江新区/北碚区 boundary is approximate and how it was derived."""
    return _DIVISION_NOTES[(check_division(division), "en" if lang == "en" else "zh")]


@functools.cache
def _sichuan_context() -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA_DIR / "sichuan_context.geojson").set_crs(coords.WGS84, allow_override=True)


def sichuan_context() -> gpd.GeoDataFrame:
    """The 15 Sichuan cities of the economic circle, as context polygons."""
    return _sichuan_context().copy()


@functools.cache
def municipality_outline():
    """Chongqing's outline (union of the districts), a shapely geometry."""
    return _districts_2023().geometry.union_all()


def _read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(GEODATA_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")


@functools.cache
def _gazetteer() -> pd.DataFrame:
    frame = _read_csv("gazetteer.csv")
    frame["lon"] = frame["lon"].astype(float)
    frame["lat"] = frame["lat"].astype(float)
    return frame


def gazetteer() -> pd.DataFrame:
    """Resolved places: name, aliases, kind, district, districts, lon, lat, precision, source, note."""
    return _gazetteer().copy()


@functools.cache
def _places() -> pd.DataFrame:
    return _read_csv("places.csv")


def places() -> pd.DataFrame:
    """The hand-kept place list (name, aliases, kind, district, districts, locate, precision, note)."""
    return _places().copy()


@functools.cache
def _routes() -> pd.DataFrame:
    return _read_csv("routes.csv")


def routes() -> pd.DataFrame:
    """Routes: name, aliases, kind, waypoints ('>'-joined place names), note."""
    return _routes().copy()


@functools.cache
def _towns() -> pd.DataFrame:
    frame = _read_csv("towns.csv")
    frame["lon"] = frame["lon"].astype(float)
    frame["lat"] = frame["lat"].astype(float)
    return frame


def towns() -> pd.DataFrame:
    """GeoNames populated places in Chongqing: name (pinyin), lon, lat, district (2023)."""
    return _towns().copy()


@functools.cache
def _townships() -> pd.DataFrame:
    frame = _read_csv("townships.csv")
    frame["lon"] = pd.to_numeric(frame["lon"], errors="coerce")
    frame["lat"] = pd.to_numeric(frame["lat"], errors="coerce")
    return frame


def townships() -> pd.DataFrame:
    """The official 乡镇/街道 of Chongqing (NBS 2023 codes): code, name_zh, kind, county_adcode_2023,
    county_2023, county_adcode_current, county_current, lon, lat (NaN where no seat is known),
    coord_source."""
    return _townships().copy()


@functools.cache
def build_info() -> dict:
    """geodata/build_info.json: the boundary source, conversion and simplification of the build,
    so texts state them from the data instead of repeating them."""
    import json

    return json.loads((GEODATA_DIR / "build_info.json").read_text(encoding="utf-8"))
