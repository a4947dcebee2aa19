"""The projects of a web map as ONE compact data element (issue 16 item 2).

Lookup tables once (statuses, categories, actions, precisions, districts, the popup's words, the
repeated texts), each project once, and each drawn item as a small array that refers to its
project. cymap/web/assets/projects.js builds the Leaflet layers from it in the browser, with the
same DOM classes as the legend, lines and outlines on one canvas renderer, and tooltips and
popups made when first shown — so a project touching three districts travels once, not three
times with its texts. The arrays are built with numpy/shapely over all rows at once.

Drawn items (`items`), by kind:
  [project, 0, lat, lon, shape, anchor_x, anchor_y(, side)] a point symbol (clustered); side in px when
                                                            sized by investment
  [project, 1, district, anchor_x, anchor_y, zoom]          a district-level diamond at the district's
                                                            label point, shown from `zoom` on
  [project, 2, [[lat, lon], ...]]                           a route line
  [project, 3, [[[lat, lon], ...], ...]]                    a zone outline (rings); its symbol is a point item
Coordinates are rounded to COORD_DECIMALS (about a metre); the diamonds stand exactly on the
district label points the summary badges are matched by. The anchors are the symbol's icon anchor
in px: the symbol's centre moved along the spiral that spreads symbols sharing a place.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from cymap.geo.division import districts_column
from cymap.ledger.schema import BUILT_STATUSES, STATUS_COLORS
from cymap.views.i18n import (action_label, category_label, district_label, join_names, precision_label, status_label,
                              t)
from cymap.views.investment import amounts
from cymap.views.symbology import category_style, investment_sides
from cymap.web import cluster
from cymap.web.elements import asset_text, js_literal
from cymap.web.layers import DistrictLayer, latlon
from cymap.web.popup import ID_SEPARATOR
from cymap.web.symbols import SHAPES, SYMBOL_SIZE, spiral_offsets

POINT, DIAMOND, LINE, ZONE = 0, 1, 2, 3  # the kinds of drawn items
COORD_DECIMALS = 5
SOURCE_MAX_CHARS = 160  # the popup quotes the source this far (the detail panel shows all of it)
SPREAD_DECIMALS = 4  # symbols closer than this (degrees, ~10 m) share a place and are spread
LINE_STYLE = {"opacity": 0.9}  # plus the status colour and the category's weight; dashed while not built
ZONE_STYLE = {"weight": 2, "dashArray": "6 4", "fill": True, "fillOpacity": 0.12}  # plus the status colour
POINT_SHAPE = {"zone": "zone", "town": "town", "outside": "town"}  # by precision; every other: site
_POINT_TYPE, _LINE_TYPE, _POLYGON_TYPE, _MULTIPOLYGON_TYPE = 0, 1, 3, 6  # shapely type ids


@dataclass
class ProjectData:
    data: dict  # what the browser gets (see the module's docstring)
    drawn: list  # the geometries drawn, for the view's bounds


def _text(values) -> pd.Series:
    """Values as the texts a popup shows: missing values empty, numbers without a decimal point
    when they are whole (the ledger's nullable integers)."""
    return pd.Series(values, dtype="object").astype("string").fillna("").astype(object)


def _table(values) -> tuple[np.ndarray, list]:
    """(codes, distinct values in order of appearance)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype="object").fillna(""), sort=False)
    return codes, list(uniques)


def _lookups(rows, lang: str, group_keys: list) -> tuple[dict, dict]:
    """(codes per project column, lookup tables) for statuses, categories, actions and precisions."""
    status_codes, statuses = _table(rows["status"])
    category_codes, categories = _table(rows["category"])
    precision_codes, precisions = _table(rows["precision"])
    group_of = {key: i for i, key in enumerate(group_keys)}
    group_codes = np.array([group_of[0 if pd.isna(a) else int(a)] for a in rows["action"]], dtype=int)
    tables = {
        "statuses": [[status_label(s, lang), STATUS_COLORS.get(s), s in BUILT_STATUSES] for s in statuses],
        "categories": [[category_style(c).glyph(lang), category_label(c, lang), category_style(c).line_weight]
                       for c in categories],
        "groups": [action_label(None if key == 0 else key, lang) for key in group_keys],
        "precisions": [precision_label(p, lang) for p in precisions],
    }
    return {"status": status_codes, "category": category_codes, "group": group_codes,
            "precision": precision_codes}, tables


def _projects(rows, lang: str, division: str, group_keys: list, districts: dict[str, int]) -> tuple[list, dict]:
    """(one array per project, lookup tables). Repeated texts (names, targets, sources) go once
    into the `strings` table."""
    codes, tables = _lookups(rows, lang, group_keys)
    source = _text(rows["source"])
    long = source.str.len() > SOURCE_MAX_CHARS
    source[long] = source[long].str.slice(0, SOURCE_MAX_CHARS) + "…"
    n = len(rows)
    string_codes, strings = _table(pd.concat([_text(rows["name_zh"]), _text(rows["name_en"]),
                                              _text(rows["target"]), source], ignore_index=True))
    name_zh, name_en, target, source_code = (string_codes[k * n:(k + 1) * n].tolist() for k in range(4))
    touched = [[districts[name] for name in names] for names in rows[districts_column(division)]]
    columns = zip(_text(rows["id"]), name_zh, name_en, codes["status"].tolist(), codes["category"].tolist(),
                  codes["group"].tolist(), _text(rows["task"]), _text(rows["updated"]), target,
                  _text(rows["target_year"]), touched, codes["precision"].tolist(), source_code)
    return [list(c) for c in columns], {**tables, "strings": strings}


def _district_table(rows, layer: DistrictLayer, division: str, lang: str) -> tuple[list, dict[str, int]]:
    """([label, lat, lon] per district named by the rows or drawn, index by name). lat/lon: the
    label point as drawn (exact: the summary badges find the diamonds there), null outside."""
    names = list(layer.anchors)
    seen = set(names)
    for touched in rows[districts_column(division)]:
        for name in touched:
            if name not in seen:
                seen.add(name)
                names.append(name)
    table = [[district_label(n, lang), *(latlon(layer.anchors[n]) if n in layer.anchors else (None, None))]
             for n in names]
    return table, {n: i for i, n in enumerate(names)}


def _rounded(coordinates: np.ndarray) -> np.ndarray:
    """[lat, lon] rows of shapely's (x, y) coordinates, rounded."""
    return np.round(coordinates[:, ::-1], COORD_DECIMALS)


def _paths(geometries: np.ndarray) -> list:
    """[[lat, lon], ...] per geometry (lines or rings)."""
    coordinates, owner = shapely.get_coordinates(geometries, return_index=True)
    cuts = np.flatnonzero(np.diff(owner)) + 1
    return [part.tolist() for part in np.split(_rounded(coordinates), cuts)] if len(coordinates) else []


def _rings(polygons: np.ndarray) -> list:
    """[exterior, *holes] per polygon, each a [[lat, lon], ...] path."""
    rings, owner = shapely.get_rings(polygons, return_index=True)
    paths = _paths(rings)
    out: list = [[] for _ in range(len(polygons))]
    for path, index in zip(paths, owner):
        out[index].append(path)
    return out


def _anchors(sorted_at: np.ndarray, x: np.ndarray, y: np.ndarray, sides: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Icon anchors (px) of symbols `sides` px wide drawn in the order `sorted_at` (a permutation):
    the k-th symbol at one place (x, y rounded to SPREAD_DECIMALS) sits k steps out on the spiral."""
    keys = pd.DataFrame({"x": np.round(x[sorted_at], SPREAD_DECIMALS), "y": np.round(y[sorted_at], SPREAD_DECIMALS)})
    rank = np.empty(len(sorted_at), dtype=int)
    rank[sorted_at] = keys.groupby(["x", "y"], sort=False).cumcount().to_numpy()
    dx, dy = spiral_offsets(rank)
    half = sides / 2
    return np.round(half - dx).astype(int), np.round(half - dy).astype(int)


def _diamonds(rows, layer: DistrictLayer, division: str, zooms: dict[str, int]) -> pd.DataFrame:
    """District-level rows exploded to one diamond per district that has a place for it."""
    district_level = np.flatnonzero(rows["precision"].to_numpy() == "district")
    names = pd.Series(list(rows[districts_column(division)].to_numpy()[district_level]), index=district_level,
                      dtype=object).explode().dropna()
    names = names[names.isin(list(zooms))]
    frame = pd.DataFrame({"row": names.index.to_numpy(dtype=int), "name": names.to_numpy(dtype=object)})
    frame["seq"] = frame.groupby("row").cumcount()
    points = np.asarray([layer.anchors[n] for n in frame["name"]], dtype=object)
    frame["x"], frame["y"] = (shapely.get_x(points), shapely.get_y(points)) if len(points) else (0.0, 0.0)
    frame["geometry"] = points if len(points) else None
    return frame


def _parts(rows, display) -> pd.DataFrame:
    """The parts drawn of each row's geometry: district-level rows keep only their non-polygon parts
    (their polygons become diamonds)."""
    display = np.asarray(display, dtype=object)
    district_level = rows["precision"].to_numpy() == "district"
    # A district-level row whose whole geometry is its districts' polygons draws no part: not split.
    whole = district_level & np.isin(shapely.get_type_id(display), [_POLYGON_TYPE, _MULTIPOLYGON_TYPE])
    split = np.flatnonzero(~whole)
    parts, at = shapely.get_parts(display[split], return_index=True)
    owner = split[at]
    types = shapely.get_type_id(parts)
    keep = ~(district_level[owner] & np.isin(types, [_POLYGON_TYPE, _MULTIPOLYGON_TYPE]))
    first = np.searchsorted(owner, owner)
    frame = pd.DataFrame({"row": owner, "seq": np.arange(len(owner)) - first, "type": types})
    frame["geometry"] = parts
    return frame[keep].reset_index(drop=True)


def project_data(rows, display, layer: DistrictLayer, division: str, lang: str, zooms: dict[str, int],
                 group_keys: list, size_by_investment: bool = False) -> ProjectData:
    """The data element of `rows` (drawable, in drawing order) with their `display` geometries (as
    drawn, shifted for the basemap); `zooms`: district -> zoom from which its diamonds show (the
    districts that get diamonds); `group_keys`: the action layers' keys in the layer control's order
    (0: no plan action). `size_by_investment`: point symbols get a side from their row's total
    investment (symbology.investment_sides), the point items an 8th field, the side in px."""
    rows = rows.reset_index(drop=True)
    districts, district_index = _district_table(rows, layer, division, lang)
    projects, tables = _projects(rows, lang, division, group_keys, district_index)
    diamonds = _diamonds(rows, layer, division, zooms)
    parts = _parts(rows, display)
    points = parts[parts["type"] == _POINT_TYPE]
    lines = parts[parts["type"] == _LINE_TYPE]
    zones = parts[parts["type"] == _POLYGON_TYPE]
    zone_points = shapely.point_on_surface(zones["geometry"].to_numpy())
    # Symbols in drawing order (row, then its diamonds, then its parts), for the spiral.
    symbol_geoms = np.concatenate([points["geometry"].to_numpy(), zone_points])
    symbol_rows = np.concatenate([points["row"], zones["row"]]).astype(int)
    symbol_seq = np.concatenate([points["seq"], zones["seq"]]).astype(int)
    precisions = rows["precision"].to_numpy()
    shapes = np.array([SHAPES.index(POINT_SHAPE.get(p, "site")) for p in precisions[points["row"]]]
                      + [SHAPES.index("zone")] * len(zones), dtype=int)
    x = np.concatenate([diamonds["x"].to_numpy(float), shapely.get_x(symbol_geoms)])
    y = np.concatenate([diamonds["y"].to_numpy(float), shapely.get_y(symbol_geoms)])
    d = len(diamonds)
    order = np.lexsort((np.concatenate([diamonds["seq"].to_numpy(int), symbol_seq]),  # last key first
                        np.concatenate([np.zeros(d, dtype=int), np.ones(len(symbol_rows), dtype=int)]),
                        np.concatenate([diamonds["row"].to_numpy(int), symbol_rows])))
    sides = np.full(len(x), SYMBOL_SIZE, dtype=int)
    if size_by_investment:
        sides[d:] = investment_sides(amounts(rows)["total_investment"].to_numpy()[symbol_rows], SYMBOL_SIZE)
    anchor_x, anchor_y = _anchors(order, x, y, sides)
    items: list = []
    items += [[r, LINE, path] for r, path in zip(lines["row"].tolist(), _paths(lines["geometry"].to_numpy()))]
    items += [[r, ZONE, rings] for r, rings in zip(zones["row"].tolist(), _rings(zones["geometry"].to_numpy()))]
    at = _rounded(np.column_stack([x[d:], y[d:]])) if len(symbol_rows) else np.zeros((0, 2))
    point_fields = zip(symbol_rows.tolist(), at.tolist(), shapes.tolist(), anchor_x[d:].tolist(),
                       anchor_y[d:].tolist(), sides[d:].tolist())
    items += [[r, POINT, lat, lon, s, ax, ay, *([side] if size_by_investment else [])]
              for r, (lat, lon), s, ax, ay, side in point_fields]
    items += [[r, DIAMOND, district_index[n], ax, ay, zooms[n]] for r, n, ax, ay in
              zip(diamonds["row"].tolist(), diamonds["name"], anchor_x[:d].tolist(), anchor_y[:d].tolist())]
    data = {"lang": lang, "words": _words(lang), "shapes": list(SHAPES), "size": SYMBOL_SIZE,
            "pointClass": cluster.POINT_CLASS, "lineStyle": LINE_STYLE, "zoneStyle": ZONE_STYLE,
            **tables, "districts": districts, "projects": projects, "items": items}
    drawn = [*(diamonds["geometry"].tolist() if d else []), *parts["geometry"].tolist()]
    return ProjectData(data, drawn)


def _words(lang: str) -> dict[str, str]:
    """The popup's and tooltip's own words (popup.popup_html writes the same)."""
    words = {key: t(key, lang) for key in ("action", "task", "category", "status", "target", "precision")}
    return {**words, "districts": t("districts_touched", lang), "join": join_names(["", ""], lang),
            "none": "—", "idSeparator": ID_SEPARATOR}


class ProjectLayers(MacroElement):
    """The projects drawn into the action layers from one data element (cymap/web/assets/projects.js).

    Rendered after the action FeatureGroups and before the cluster and summary scripts, which read
    what it put into the layers."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.script_asset }}
        cymapProjects({{ this.map_name }}, [{{ this.group_names }}], [{{ this.point_names }}], {{ this.payload }});
        {% endmacro %}
    """)

    def __init__(self, m, action_groups: list, data: dict):
        super().__init__()
        self._name = "ProjectLayers"
        self.script_asset = asset_text("projects.js")
        self.map_name = m.get_name()
        self.group_names = ", ".join(g.get_name() for g in action_groups)
        self.point_names = ", ".join(cluster.point_list(g).get_name() for g in action_groups)
        self.data = data
        # No "<" of any text reaches the page's HTML parser (not even "<!--" inside the script), and no
        # backtick or dollar sign a template literal could end at or run: all as JSON escapes.
        self.payload = js_literal(data).replace("<", "\\u003c").replace("`", "\\u0060").replace("$", "\\u0024")
