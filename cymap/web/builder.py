"""The folium map: basemaps, one layer per plan action, status colours, precision styles, legend.

`build_map` draws the filtered projects as docs/ARCHITECTURE.md describes:
- colour = status (schema.STATUS_COLORS); the letters inside a symbol = category;
- points as round symbols (exact site solid, town-level with a ring), routes as lines (dashed
  while not built), zones as dashed squares or outlines, district-level items as diamonds
  gathered at the district's label point — never as exact pins; municipality-wide items are
  not drawn (they have no place) and are listed by the app instead;
- in the whole-city view district-level items are summarised as ONE count badge per district
  (the central districts as one badge for 中心城区), whose tooltip lists the items and whose
  click zooms to the district; a district's diamonds replace its badge from the zoom at which
  they fit inside it (CSS on the zoom-band classes of the map container);
- district outlines with names, an optional choropleth of project counts per district;
- a legend as a Leaflet control inside the map container, so it survives streamlit-folium's
  iframe and prints with the map;
- every user-supplied text in tooltips, popups and labels is HTML-escaped;
- with a GCJ-02 basemap (Gaode) every overlay is shifted WGS84 -> GCJ-02 through cymap.geo.coords.

Symbols at the same place (several projects at one site, several district-level items in
one district) are spread on a small pixel spiral so each stays clickable at every zoom.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import shapely

from cymap.geo import geodata
from cymap.ledger.schema import ACTIONS, CATEGORIES
from cymap.views.i18n import (action_label, district_label, t)
from cymap.views.summary import district_counts
from cymap.web.basemaps import BASEMAPS, effective_basemap, tile_layers
from cymap.web import cluster, controls, webfont
from cymap.web.elements import InlineLeaflet, Drawn
from cymap.web.layers import (APPROXIMATE_BOUNDARY_CASING, APPROXIMATE_BOUNDARY_STYLE, DistrictLayer,
                              approximate_boundary_lines, context_layer, district_layer, latlon, line_coords,
                              polygon_locations, shift_for_basemap)
from cymap.web.legend import Legend, ZoomClasses, legend_html
from cymap.web.project_data import ProjectLayers, project_data
from cymap.web.summary_layer import DistrictSummary, district_level_counts, district_zooms
from cymap.web.symbols import CHOROPLETH_COLORS, CORE_REGION, RIGHT_PANEL_PX


# --- the map ----------------------------------------------------------------------------------

UNASSIGNED = 0  # the layer key of rows without a plan action (未归入行动)


@dataclass
class MapOptions:
    lang: str = "zh"
    basemap: str = "osm"
    division: str = geodata.DEFAULT_DIVISION
    choropleth: bool = False
    tianditu_key: str | None = None
    carto_key: str | None = None
    leaflet_base_url: str | None = None  # serve Leaflet from here instead of the CDN (offline rooms)
    leaflet_inline: bool = False  # carry Leaflet inside the page (a self-contained HTML file)
    height: int = 700
    # The districts a district or region filter selects (views.filters.selected_districts): the map
    # frames and outlines them, dims the rest, and counts district-level items only there.
    focus: tuple[str, ...] | None = None
    # Carry the web font (1.4 MB) inside a self-contained page, for machines with no CJK font; off by
    # default, so a shared HTML file stays under 1 MB (the app serves the font from static/ instead).
    inline_font: bool = False
    # Point symbols sized by total investment (issue 17; symbology.investment_sides), with a legend note.
    size_by_investment: bool = False


def use_local_leaflet(m: folium.Map, base_url: str) -> None:
    """Load Leaflet from `base_url` (leaflet.js, leaflet.css) and drop folium's other CDN assets.

    The map uses only Leaflet itself (no Bootstrap, jQuery or Font Awesome), and
    streamlit-folium stops drawing when any listed script fails to load — so with no
    internet the district layer still shows only if nothing is fetched from a CDN."""
    base = base_url.rstrip("/") + "/"
    js, css = cluster.plugin_links(static_root(base_url))
    m.default_js = [("leaflet", base + "leaflet.js"), *js]
    m.default_css = [("leaflet_css", base + "leaflet.css"), *css]


def static_root(leaflet_base_url: str) -> str:
    """The static/ folder's URL: the parent of the Leaflet folder's."""
    return leaflet_base_url.rstrip("/").rsplit("/", 1)[0] if "/" in leaflet_base_url.rstrip("/") else "."


def use_inline_leaflet(m: folium.Map) -> None:
    """Carry the repository's own Leaflet (static/leaflet) inside the page and drop folium's CDN
    assets: what the map uses is Leaflet alone, so nothing else is inlined."""
    m.default_js = []
    m.default_css = []
    m.add_child(InlineLeaflet())  # its header macro puts Leaflet in the page head
    m.add_child(controls.InlinePlugins())  # then the clustering plugin, which needs Leaflet


def choropleth_bins(counts: dict[str, int]) -> list[tuple[float, float]]:
    """Up to five equal-count-friendly bins over the district counts: (low, high) inclusive."""
    values = sorted(v for v in counts.values() if v > 0)
    if not values:
        return []
    top = values[-1]
    edges = sorted({0, *(int(math.ceil(top * q)) for q in (0.25, 0.5, 0.75, 1.0))})
    return [(edges[i - 1] + (1 if i > 1 else 0), edges[i]) for i in range(1, len(edges))]


def _choropleth_color(count: int, bins: list[tuple[float, float]]) -> str:
    if count <= 0 or not bins:
        return CHOROPLETH_COLORS[0]
    colors = CHOROPLETH_COLORS[-len(bins):]
    for (low, high), color in zip(bins, colors):
        if low <= count <= high:
            return color
    return colors[-1]


def _add_districts(m: folium.Map, layer: DistrictLayer, options: MapOptions, counts: dict[str, int] | None,
                   bins) -> None:
    lang = options.lang
    frame = layer.frame[["name_zh", "adcode", "geometry"]].copy()
    frame["label"] = [district_label(n, lang) for n in frame["name_zh"]]
    frame["count"] = [int((counts or {}).get(n, 0)) for n in frame["name_zh"]]
    if counts is not None:
        shading = folium.FeatureGroup(name=t("layer_choropleth", lang), show=True)
        color_of = {n: _choropleth_color(c, bins) for n, c in zip(frame["name_zh"], frame["count"])}
        folium.GeoJson(
            frame.to_json(), name=t("layer_choropleth", lang),
            style_function=lambda f: {"fillColor": color_of.get(f["properties"]["name_zh"], "#fff"),
                                      "fillOpacity": 0.55, "weight": 0, "color": "#000"},
            tooltip=folium.GeoJsonTooltip(["label", "count"], aliases=[t("district", lang), t("project_count", lang)]),
        ).add_to(shading)
        shading.add_to(m)
    outlines = folium.FeatureGroup(name=t("layer_districts", lang), show=True)
    folium.GeoJson(
        frame.drop(columns="count").to_json(),
        style_function=lambda f: {"fill": False, "color": "#555", "weight": 1.2, "opacity": 0.9},
        interactive=False,
    ).add_to(outlines)
    core = set(layer.frame.loc[layer.frame["region"] == CORE_REGION, "name_zh"])
    focus = set(options.focus or ())
    if focus:
        _add_focus(outlines, layer, focus)
    for name, point in layer.anchors.items():
        label = html.escape(district_label(name, lang))
        extra = " cymap-label-focus" if name in focus else " cymap-label-core" if name in core else ""
        outlines.add_child(Drawn("L.marker", latlon(point), {"interactive": False, "keyboard": False}, {
            "html": f"<div class='cymap-district-label{extra}'>{label}</div>", "iconSize": [120, 16],
            "iconAnchor": [60, -8], "className": "cymap-label-icon"}))
    approximate = approximate_boundary_lines(options.division, layer.gcj02)
    if approximate:
        # One multi-polyline over the outlines (on its casing), with a tooltip saying how it was derived.
        parts = [list(part) for part in approximate]
        outlines.add_child(Drawn("L.polyline", parts, APPROXIMATE_BOUNDARY_CASING))
        outlines.add_child(Drawn("L.polyline", parts, APPROXIMATE_BOUNDARY_STYLE, None,
                                 html.escape(t("approximate_boundary", lang))))
    outlines.add_to(m)


FOCUS_OUTLINE = {"color": "#c0392b", "weight": 3.5, "opacity": 0.95, "fill": False, "interactive": False}
FOCUS_CASING = {"color": "#ffffff", "weight": 7, "opacity": 0.8, "fill": False, "interactive": False}
DIM_STYLE = {"stroke": False, "fill": True, "fillColor": "#ffffff", "fillOpacity": 0.5, "interactive": False}


def focus_geometry(layer: DistrictLayer, focus) -> shapely.Geometry:
    """The union of the focus districts as drawn."""
    return shapely.union_all(layer.frame.loc[layer.frame["name_zh"].isin(list(focus)), "geometry"].values)


def _add_focus(group, layer: DistrictLayer, focus) -> None:
    """Dim everything outside the focus districts (a veil with the districts as holes) and
    outline them on a white casing."""
    shape = focus_geometry(layer, focus)
    if shape.is_empty:
        return
    rings = [line_coords(p.exterior) for p in shapely.get_parts(shape) if p.geom_type == "Polygon"]
    world = [[-10.0, 60.0], [-10.0, 160.0], [70.0, 160.0], [70.0, 60.0]]
    group.add_child(Drawn("L.polygon", [world, *rings], DIM_STYLE))
    for part in shapely.get_parts(shape):
        outline = polygon_locations(part)
        group.add_child(Drawn("L.polygon", outline, FOCUS_CASING))
        group.add_child(Drawn("L.polygon", outline, FOCUS_OUTLINE))


def _add_sichuan_context(m: folium.Map, options: MapOptions, gcj02: bool) -> None:
    context = context_layer(gcj02)
    name_column = "name_zh" if "name_zh" in context.columns else context.columns[0]
    group = folium.FeatureGroup(name=t("layer_sichuan", options.lang), show=True)
    folium.GeoJson(
        context[[name_column, "geometry"]].to_json(),
        style_function=lambda f: {"color": "#999", "weight": 0.8, "fillColor": "#bbb", "fillOpacity": 0.12,
                                  "dashArray": "3 3"},
        tooltip=folium.GeoJsonTooltip([name_column], labels=False),
    ).add_to(group)
    group.add_to(m)



def drawable(projects: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rows that appear on the map: located, and not municipality-wide."""
    return projects[~projects["precision"].isin(["municipal", "unresolved"])]  # unresolved = no geometry


def _extent(layer: DistrictLayer) -> tuple[float, float, float, float]:
    """Chongqing plus the Sichuan side of the economic circle (as drawn)."""
    x1, y1, x2, y2 = layer.frame.total_bounds
    s1, t1, s2, t2 = context_layer(layer.gcj02).total_bounds
    return min(x1, s1), min(y1, t1), max(x2, s2), max(y2, t2)


def _bounds(drawn: list, layer: DistrictLayer) -> list[list[float]]:
    """[[south, west], [north, east]] around what was drawn, within Chongqing: the planners' map.

    Parts outside (a line from Xinjiang, the Chengdu end of a railway) stay drawn but do not
    zoom the map out; only when everything drawn lies outside does the view take in the Sichuan
    side of the economic circle. Nothing drawn: the whole municipality."""
    minx, miny, maxx, maxy = layer.frame.total_bounds
    if drawn:
        geometries = np.asarray(drawn, dtype=object)
        box = shapely.box(minx, miny, maxx, maxy)
        inside = [g for g in shapely.intersection(geometries, box) if not g.is_empty]
        if inside:
            minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(inside, dtype=object))
        else:
            ex1, ey1, ex2, ey2 = _extent(layer)
            x1, y1, x2, y2 = shapely.total_bounds(shapely.intersection(geometries, shapely.box(ex1, ey1, ex2, ey2)))
            if not np.isnan(x1):
                minx, miny, maxx, maxy = x1, y1, x2, y2
    pad = max(0.02, 0.05 * max(maxx - minx, maxy - miny))
    return [[float(miny - pad), float(minx - pad)], [float(maxy + pad), float(maxx + pad)]]


def _focus_bounds(layer: DistrictLayer, focus) -> list[list[float]]:
    """[[south, west], [north, east]] around the focus districts."""
    shape = focus_geometry(layer, focus)
    if shape.is_empty:
        return _bounds([], layer)
    minx, miny, maxx, maxy = shape.bounds
    pad = 0.03 * max(maxx - minx, maxy - miny)
    return [[float(miny - pad), float(minx - pad)], [float(maxy + pad), float(maxx + pad)]]


def build_map(projects: gpd.GeoDataFrame, options: MapOptions | None = None) -> folium.Map:
    """The map of `projects` (already filtered): one FeatureGroup per action, all ten always
    present so the layer control lists every action; the view fits the drawn projects."""
    options = options or MapOptions()
    lang = options.lang
    basemap = effective_basemap(options.basemap, options.tianditu_key)
    gcj02 = BASEMAPS[basemap].gcj02
    layer = district_layer(options.division, gcj02)
    minx, miny, maxx, maxy = layer.frame.total_bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=7, tiles=None,
                   control_scale=True, prefer_canvas=False, height=options.height)
    if options.leaflet_inline:
        use_inline_leaflet(m)
    elif options.leaflet_base_url:
        use_local_leaflet(m, options.leaflet_base_url)
    else:  # folium's CDN assets: the clustering plugin from the CDN too
        js, css = cluster.plugin_links(None)
        m.default_js, m.default_css = [*m.default_js, *js], [*m.default_css, *css]
    for tiles in tile_layers(basemap, options.tianditu_key, options.carto_key):
        tiles.add_to(m)
    _add_sichuan_context(m, options, gcj02)

    counts = bins = None
    if options.choropleth:
        counts = district_counts(projects, options.division)
        if options.focus:  # counts belong to the selected districts only
            counts = {n: c for n, c in counts.items() if n in set(options.focus)}
        bins = choropleth_bins(counts)
    _add_districts(m, layer, options, counts, bins)

    rows = drawable(projects).sort_values("id")
    display = shift_for_basemap(rows.geometry.values, gcj02)
    groups = {a: folium.FeatureGroup(name=action_label(a, lang), show=True) for a in ACTIONS}
    if rows["action"].isna().any():  # a list's own rows with no plan action: a layer of their own
        groups[UNASSIGNED] = folium.FeatureGroup(name=t("layer_unassigned", lang), show=True)
    counts_at = district_level_counts(rows, layer, options.division, options.focus)
    zooms = district_zooms(layer, counts_at)
    data = project_data(rows, display, layer, options.division, lang, zooms, list(groups),
                        options.size_by_investment)
    for group in groups.values():
        group.add_to(m)
    m.add_child(ProjectLayers(m, list(groups.values()), data.data))
    drawn = data.drawn
    m.add_child(cluster.PointClusters(m, list(groups.values()), lang))
    if counts_at:
        summary = folium.FeatureGroup(name=t("layer_district_summary", lang), show=True)
        summary.add_child(DistrictSummary(m, list(groups.values()), layer, counts_at, zooms, lang))
        summary.add_to(m)

    present = set(rows["category"].dropna().unique())
    categories = [c for c in CATEGORIES if c in present]
    bin_labels = None
    if bins:
        colors = CHOROPLETH_COLORS[-len(bins):]
        bin_labels = [(c, f"{int(lo)}–{int(hi)}" if lo != hi else f"{int(lo)}") for (lo, hi), c in zip(bins, colors)]
    has_approximate = bool(approximate_boundary_lines(options.division, gcj02))
    m.add_child(Legend(legend_html(lang, categories, bin_labels, approximate_boundary=has_approximate,
                                   investment_sizes=options.size_by_investment)))
    m.add_child(ZoomClasses())
    controls.CollapsibleLayerControl(position="topright").add_to(m)
    m.add_child(controls.Layout())
    if options.leaflet_inline and options.inline_font:
        m.add_child(controls.FontFace(None))
    elif options.leaflet_base_url:
        m.add_child(controls.FontFace(static_root(options.leaflet_base_url) + "/fonts/" + webfont.FONT_FILE))
    bounds = _focus_bounds(layer, options.focus) if options.focus else _bounds(drawn, layer)
    # Legend and layer control both sit on the right: keep the projects clear of them.
    m.fit_bounds(bounds, padding_top_left=(12, 12), padding_bottom_right=(RIGHT_PANEL_PX, 12))
    return m
