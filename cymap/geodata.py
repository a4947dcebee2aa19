"""Load the committed geodata: districts, region groups, Sichuan context, gazetteer, routes.

Everything is read once per process (functools.cache) and returned as fresh copies where
callers might mutate. `python -m cymap.geodata build` rebuilds the files (dev only).
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

from cymap import coords

GEODATA_DIR = Path(__file__).resolve().parents[1] / "geodata"
MUNICIPAL_NAMES = ("重庆市", "重庆", "全市", "Chongqing")


@functools.cache
def _districts_2023() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(GEODATA_DIR / "districts_2023.geojson")
    gdf["adcode"] = gdf["adcode"].astype(str)
    return gdf.set_crs(coords.WGS84, allow_override=True)


def districts(division: str = "2023") -> gpd.GeoDataFrame:
    """County-level units as a GeoDataFrame (EPSG:4326): adcode, name_zh, short_zh, name_en, kind, region."""
    if division != "2023":
        raise ValueError(f"unknown division {division!r}; expected '2023'")
    return _districts_2023().copy()


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


@functools.cache
def district_name_index() -> dict[str, str]:
    """Every way a district is written (full, short, adcode, pinyin) -> full Chinese name."""
    index: dict[str, str] = {}
    for row in _districts_2023().itertuples():
        for key in (row.name_zh, row.short_zh, row.adcode, row.name_en, row.name_en.lower()):
            index[str(key)] = row.name_zh
    return index


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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["build"]:
        print("usage: python -m cymap.geodata build", file=sys.stderr)
        return 2
    from cymap import geodata_build

    print(geodata_build.build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
