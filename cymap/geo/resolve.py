"""Place references -> parts: the gazetteer's indexes and the resolution cascade.

A row's `location` holds references separated by `;`; a reference with `>` is an ad-hoc
route through waypoints. Each reference resolves through the cascade
exact name -> alias -> district name -> town -> fuzzy (rapidfuzz); what does not resolve is
kept as unresolved with suggestions, never dropped.

Districts come in two divisions (cymap.geo.division): data naming 2023 units (the place list,
town seats) maps through the crosswalk — at town level where the town is known, so a place in
茨竹镇 is in 北碚区 whatever the approximate line says; a point in a split 2023 unit known only by
its coordinate goes by point-in-polygon; a whole split unit (渝北区) touches every unit it became.

This module is the bottom of the geocoder: cymap.geo.readings and cymap.geo.locate build on it,
cymap.geo.geocode assembles rows from all three (imports run one way).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import shapely
from rapidfuzz import fuzz, process

from cymap.geo import division, geodata
from cymap.geo.coords import WGS84
from cymap.geo.names import key, pinyin_candidates, strip_town_suffix

FUZZY_THRESHOLD = 80.0  # rapidfuzz WRatio on NFKC names; below this a name is unresolved
SUGGESTION_THRESHOLD = 50.0
WAYPOINT_SEPARATOR = ">"
MUNICIPALITY_CODE = "500000"  # 重庆市: the code of a municipality-wide part


@dataclass(frozen=True)
class Part:
    """One resolved place reference."""

    reference: str
    geometry: object  # shapely geometry or None
    precision: str
    matched: str = ""
    method: str = ""  # exact, alias, district, town, fuzzy, route, unresolved
    districts: tuple[str, ...] = ()  # current districts named by the data (not by spatial join)
    suggestions: tuple[str, ...] = ()
    districts_2023: tuple[str, ...] = ()  # the same in the 2023 division
    possible: tuple[str, ...] = ()  # current units it may be in but is not counted in (a bare 渝北区: 北碚区)


@dataclass
class Gazetteer:
    """Indexes of every name the geocoder knows; built once per process."""

    exact: dict[str, Part] = field(default_factory=dict)
    alias: dict[str, Part] = field(default_factory=dict)
    district: dict[str, Part] = field(default_factory=dict)
    town_rows: pd.DataFrame | None = None
    fuzzy_choices: dict[str, str] = field(default_factory=dict)  # key -> display name
    # id() of every administrative polygon a part may carry -> its code (a district's adcode, the
    # municipality's 500000): rows refer to these polygons by code instead of copying them
    polygon_codes: dict[int, str] = field(default_factory=dict)

    def lookup(self, name: str) -> Part | None:
        k = key(name)
        return self.exact.get(k) or self.alias.get(k) or self.district.get(k)


def _point_part(row, method: str, reference: str, current: tuple[str, ...] = (),
                possible: tuple[str, ...] = ()) -> Part:
    districts_2023 = tuple(d for d in str(row.districts).split("|") if d)
    return Part(reference, shapely.Point(row.lon, row.lat), row.precision, row.name, method, current,
                districts_2023=districts_2023, possible=possible)


def _district_parts(g: Gazetteer) -> None:
    """Every spelling of a unit of either division. A unit in both divisions (北碚区, 万州区) means
    itself in each; a 2023-only unit (渝北区) touches every current unit it became; a current-only
    unit (两江新区（行政区）, 500157) every 2023 unit it was made from. Geometry: the current polygon
    where the unit exists now, else the 2023 one."""
    polygons = {d: geodata.districts(d).set_index("name_zh").geometry for d in geodata.DIVISIONS}
    codes = {d: geodata.districts(d).set_index("name_zh")["adcode"] for d in geodata.DIVISIONS}
    for form, meaning in division.district_forms(ledger_reference=True).items():
        name = meaning.name_zh
        now = meaning.in_division("current")
        geometry = polygons["current" if now else "2023"][name]
        g.polygon_codes[id(geometry)] = str(codes["current" if now else "2023"][name])
        # a bare split 2023 unit (渝北区) touches the unit that took most of it, the rest only possibly
        current, possible = ((name,), ()) if now else division.touched_and_possible_of_2023(name)
        old = (name,) if meaning.in_division("2023") else tuple(division.formers_of_current(name))
        if key(form) == key(name):
            g.exact[key(form)] = Part(name, geometry, "district", name, "exact", current, districts_2023=old,
                                      possible=possible)
            g.fuzzy_choices[key(name)] = name
        else:
            g.district[key(form)] = Part(form, geometry, "district", name, "district", current, districts_2023=old,
                                         possible=possible)


def _place_locates() -> dict[str, tuple[str, str]]:
    """Place name -> how places.csv locates it: (method, argument), e.g. ("town", "茨竹镇")."""
    out = {}
    for row in geodata.places().itertuples():
        method, _, arg = str(row.locate).strip().partition(":")
        out[row.name] = (method, arg)
    return out


def _own_current(row, split: frozenset[str], locates: dict, by_point) -> tuple[list[str], list[str]]:
    """Current unit(s) of the 2023 unit a gazetteer place lies in (`district`), and those it only
    possibly lies in."""
    own = row["district"]
    if own not in split:
        return [division.current_of_2023(own)], []
    method, arg = locates.get(row["name"], ("", ""))
    if method in ("town", "geonames") and "@" not in arg:
        return [division.current_of_town(own, arg)], []  # exact, whatever the approximate line says
    if method == "district" or not isinstance(by_point, str):
        # known only to the 2023 unit: in the bulk's unit, possibly in the others
        touched, possible = division.touched_and_possible_of_2023(own)
        return list(touched), list(possible)
    return [by_point], []  # a real coordinate (airport, ...): point-in-polygon


def _gazetteer_current(table: pd.DataFrame) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Current districts of every gazetteer place: its own 2023 unit through the crosswalk (at
    town level when located by town; by point-in-polygon when it has a real coordinate in a split
    unit; every part of a split unit when only the unit is known), then the other units it spans,
    whole (a split one: its bulk's unit, the others as possible). Names outside Chongqing (a Sichuan
    city) are kept as they are. A place whose `districts_current` is given (a cited list of the
    current units it lies in) takes that list. Returns (touched, possible) per place."""
    points = gpd.GeoDataFrame(table[["name"]], geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs=WGS84)
    current_polygons = geodata.districts("current")[["name_zh", "geometry"]]
    joined = gpd.sjoin(points, current_polygons, how="left", predicate="within")
    by_point = joined[~joined.index.duplicated()]["name_zh"]
    locates = _place_locates()
    split = division.split_2023_units()
    known_2023 = set(geodata.districts("2023")["name_zh"])
    out = []
    for index, row in table.iterrows():
        given = row.get("districts_current", "")
        given = [d for d in given.split("|") if d] if isinstance(given, str) else []
        if given:
            out.append((tuple(given), ()))
            continue
        names, possible = (_own_current(row, split, locates, by_point.get(index))
                           if row["district"] in known_2023 else ([], []))
        for name in (d for d in str(row["districts"]).split("|") if d):
            if name == row["district"]:  # the place's own unit: placed above
                continue
            touched, maybe = division.touched_and_possible_of_2023(name) if name in known_2023 else ((name,), ())
            names.extend(touched)
            possible.extend(maybe)
        names = list(dict.fromkeys(names))
        out.append((tuple(names), tuple(d for d in dict.fromkeys(possible) if d not in names)))
    return out


@functools.cache
def load_gazetteer() -> Gazetteer:
    g = Gazetteer()
    _district_parts(g)
    outline = geodata.municipality_outline()
    g.polygon_codes[id(outline)] = MUNICIPALITY_CODE
    for name in geodata.MUNICIPAL_NAMES:
        g.exact[key(name)] = Part(name, outline, "municipal", "重庆市", "exact", ())
    table = geodata.gazetteer()
    for row, (current, possible) in zip(table.itertuples(), _gazetteer_current(table)):
        g.exact[key(row.name)] = _point_part(row, "exact", row.name, current, possible)
        g.fuzzy_choices[key(row.name)] = row.name
        for alias in filter(None, row.aliases.split("|")):
            g.alias[key(alias)] = _point_part(row, "alias", alias, current, possible)
            g.fuzzy_choices[key(alias)] = alias
    g.town_rows = geodata.towns()
    # Routes last: their waypoints resolve through the indexes above.
    for row in geodata.routes().itertuples():
        waypoints = row.waypoints.split(WAYPOINT_SEPARATOR)
        line = _route_geometry(g, waypoints)
        if line is None:
            raise ValueError(f"routes.csv: route {row.name} has a waypoint that does not resolve: {row.waypoints}")
        part = Part(row.name, line, "route", row.name, "exact", ())
        g.exact[key(row.name)] = part
        g.fuzzy_choices[key(row.name)] = row.name
        for alias in filter(None, row.aliases.split("|")):
            g.alias[key(alias)] = Part(alias, line, "route", row.name, "alias", ())
            g.fuzzy_choices[key(alias)] = alias
    return g


def _anchor_point(part: Part):
    """The point a route passes through for a resolved waypoint."""
    geom = part.geometry
    if geom is None:
        return None
    if geom.geom_type == "Point":
        return geom
    return geom.representative_point()


def _route_geometry(g: Gazetteer, waypoints: list[str]):
    points = []
    for waypoint in waypoints:
        part = g.lookup(waypoint) or _resolve_town(g, waypoint)
        if part is None:
            return None
        points.append(_anchor_point(part))
    return shapely.LineString([(p.x, p.y) for p in points]) if len(points) >= 2 else None


# The district may carry the （行政区） qualifier (NFKC-folded to half-width by key()).
_TOWN_PATTERN = re.compile(r"^(?P<district>.+?(?:区|县)(?:\(行政区\))?)?(?P<town>[^区县]+?(?:镇|乡|街道))$")


def _resolve_town(g: Gazetteer, reference: str) -> Part | None:
    """`渝北区茨竹镇` or `茨竹镇`: a GeoNames town seat, unambiguous or narrowed by district."""
    match = _TOWN_PATTERN.match(key(reference))
    if not match or g.town_rows is None:
        return None
    keys = pinyin_candidates(match["town"])
    found = g.town_rows[g.town_rows["key"].isin(keys)]
    district = match["district"]
    if district:
        district_part = g.lookup(district)
        if district_part is None or district_part.precision != "district":
            return None
        # `渝北区茨竹镇` (2023 name) and `北碚区茨竹镇` (current name) are both right.
        meaning = division.resolve_district_name(district_part.matched)
        now = pd.Series([division.current_of_town(d, n) for d, n in zip(found["district"], found["name"])],
                        index=found.index, dtype=object)
        found = found[(meaning.in_division("2023") & (found["district"] == meaning.name_zh))
                      | (meaning.in_division("current") & (now == meaning.name_zh))]
    if len(found) != 1:
        return None
    town = found.iloc[0]
    label = f"{town.district}{strip_town_suffix(match['town'])} ({town['name']}, GeoNames)"
    current = division.current_of_town(town.district, town["name"])
    return Part(reference, shapely.Point(town.lon, town.lat), "town", label, "town", (current,),
                districts_2023=(town.district,))


def resolve_known(reference: str, g: Gazetteer | None = None) -> Part | None:
    """A reference the gazetteer knows as written: exact name, alias, district, town, waypoints."""
    g = g or load_gazetteer()
    reference = reference.strip()
    if WAYPOINT_SEPARATOR in reference:
        waypoints = [w.strip() for w in reference.split(WAYPOINT_SEPARATOR) if w.strip()]
        line = _route_geometry(g, waypoints)
        return Part(reference, line, "route", " > ".join(waypoints), "route", ()) if line is not None else None
    k = key(reference)
    for index in (g.exact, g.alias, g.district):
        if k in index:
            found = index[k]
            return Part(reference, found.geometry, found.precision, found.matched, found.method,
                        found.districts, (), found.districts_2023, found.possible)
    return _resolve_town(g, reference)


def resolve_unresolved(reference: str, g: Gazetteer | None = None) -> Part:
    """An unresolved reference with its suggestions (waypoints: the ones that do not resolve)."""
    g = g or load_gazetteer()
    waypoints = [w.strip() for w in reference.split(WAYPOINT_SEPARATOR) if w.strip()]
    missing = [w for w in waypoints if (g.lookup(w) or _resolve_town(g, w)) is None] or [reference]
    return _unresolved(g, reference, missing)


def resolve_reference(reference: str, g: Gazetteer | None = None) -> Part:
    """Resolve one place reference through the cascade (known names, then fuzzy)."""
    g = g or load_gazetteer()
    reference = reference.strip()
    known = resolve_known(reference, g)
    if known is not None or WAYPOINT_SEPARATOR in reference:
        return known or resolve_unresolved(reference, g)
    k = key(reference)
    best = process.extractOne(k, g.fuzzy_choices.keys(), scorer=fuzz.WRatio, score_cutoff=FUZZY_THRESHOLD)
    if best is not None:
        found = g.lookup(g.fuzzy_choices[best[0]])
        return Part(reference, found.geometry, found.precision, found.matched, f"fuzzy ({best[1]:.0f})",
                    found.districts, (), found.districts_2023, found.possible)
    return _unresolved(g, reference, [reference])


def _unresolved(g: Gazetteer, reference: str, missing: list[str]) -> Part:
    suggestions: list[str] = []
    for name in missing:
        for choice, score, _ in process.extract(key(name), g.fuzzy_choices.keys(), scorer=fuzz.WRatio, limit=3):
            if score >= SUGGESTION_THRESHOLD:
                suggestions.append(g.fuzzy_choices[choice])
    return Part(reference, None, "unresolved", "", "unresolved", (), tuple(dict.fromkeys(suggestions)))


def split_location(location: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;；]", str(location)) if p.strip()]
