"""The folium map: basemaps, one layer per plan action, status colours, precision styles, legend.

`build_map` draws the filtered projects the way DESIGN.md asks:
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

import functools
import html
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import xyzservices
import xyzservices.providers as xyz
from branca.element import MacroElement
from jinja2 import Template

from cymap.geo import coords, geodata
from cymap.views.i18n import (action_label, category_label, district_label, precision_label, region_label, status_label,
                        t)
from cymap.ledger.schema import ACTIONS, BUILT_STATUSES, CATEGORIES, ID_PATTERN, STATUS_COLORS, STATUSES
from cymap.geo.division import districts_column
from cymap.views.summary import district_counts

# --- basemaps ---------------------------------------------------------------------------------

TIANDITU_URL = "https://t{s}.tianditu.gov.cn/DataServer?T={layer}_w&x={x}&y={y}&l={z}&tk={tk}"
TIANDITU_ATTRIBUTION = '&copy; <a href="https://www.tianditu.gov.cn/">天地图 Tianditu</a> GS(2024)0568号'


@dataclass(frozen=True)
class Basemap:
    key: str
    label: dict[str, str]
    layers: tuple[str, ...] = ()  # Tianditu layer codes (vec+cva, img+cia)
    gcj02: bool = False  # tiles in GCJ-02: overlays must be shifted
    needs_key: bool = False


BASEMAPS: dict[str, Basemap] = {
    "osm": Basemap("osm", {"zh": "OpenStreetMap", "en": "OpenStreetMap"}),
    "carto": Basemap("carto", {"zh": "CARTO 浅色", "en": "CARTO light"}),
    "gaode": Basemap("gaode", {"zh": "高德地图（GCJ-02）", "en": "Gaode / AMap (GCJ-02)"}, gcj02=True),
    "tianditu_vec": Basemap("tianditu_vec", {"zh": "天地图 矢量", "en": "Tianditu vector"}, ("vec", "cva"),
                            needs_key=True),
    "tianditu_img": Basemap("tianditu_img", {"zh": "天地图 影像", "en": "Tianditu imagery"}, ("img", "cia"),
                            needs_key=True),
    "none": Basemap("none", {"zh": "无底图（离线）", "en": "None (offline)"}),
}
FALLBACK_BASEMAP = "osm"


def basemap_label(key: str, lang: str) -> str:
    return BASEMAPS[key].label[lang]


def effective_basemap(key: str, tianditu_key: str | None) -> str:
    """The basemap actually drawn: a Tianditu choice without a key falls back to OpenStreetMap."""
    if key not in BASEMAPS:
        return FALLBACK_BASEMAP
    return FALLBACK_BASEMAP if BASEMAPS[key].needs_key and not tianditu_key else key


def _gaode_provider() -> xyzservices.TileProvider:
    # xyzservices knows Gaode with one fixed host; use the four load-balanced hosts and the
    # page's own scheme (an https app must not ask for http tiles).
    provider = xyz.Gaode.Normal.copy()
    provider["url"] = re.sub(r"^https?://webrd01", "//webrd0{s}", provider["url"])
    provider["subdomains"] = "1234"
    return provider


def _carto_provider(carto_key: str | None) -> xyzservices.TileProvider:
    # xyzservices now lists CARTO with an API-key parameter; pass the user's key when one is
    # set (CARTO_API_KEY), otherwise ask the keyless URL CARTO has long served.
    provider = xyz.CartoDB.Positron.copy()
    if carto_key:
        provider["apikey"] = carto_key
    else:
        provider["url"] = provider["url"].split("?")[0]
        provider.pop("apikey", None)
    return provider


def tile_layers(key: str, tianditu_key: str | None = None, carto_key: str | None = None) -> list[folium.TileLayer]:
    """Tile layers for a basemap key (empty for "none")."""
    key = effective_basemap(key, tianditu_key)
    if key == "osm":
        return [folium.TileLayer(xyz.OpenStreetMap.Mapnik, name=BASEMAPS[key].label["en"], control=False)]
    if key == "carto":
        return [folium.TileLayer(_carto_provider(carto_key), name=BASEMAPS[key].label["en"], control=False)]
    if key == "gaode":
        return [folium.TileLayer(_gaode_provider(), name=BASEMAPS[key].label["en"], control=False)]
    if key.startswith("tianditu"):
        return [folium.TileLayer(
            xyzservices.TileProvider(name=f"Tianditu.{layer}", url=TIANDITU_URL, layer=layer, tk=tianditu_key,
                                     subdomains="01234567", max_zoom=18, attribution="Tianditu",
                                     html_attribution=TIANDITU_ATTRIBUTION),
            name=f"Tianditu {layer}", overlay=index > 0, control=False)
            for index, layer in enumerate(BASEMAPS[key].layers)]
    return []


# --- symbols ----------------------------------------------------------------------------------

# Letters inside a symbol say the category: one character in Chinese, two letters in English.
CATEGORY_GLYPHS: dict[str, dict[str, str]] = {
    "airport": {"zh": "机", "en": "AP"}, "rail": {"zh": "铁", "en": "RL"}, "urban_rail": {"zh": "轨", "en": "UR"},
    "road": {"zh": "路", "en": "RD"}, "waterway": {"zh": "航", "en": "WW"}, "port": {"zh": "港", "en": "PT"},
    "logistics": {"zh": "物", "en": "LG"}, "energy": {"zh": "能", "en": "EN"}, "water": {"zh": "水", "en": "WA"},
    "zone": {"zh": "区", "en": "ZN"}, "industry": {"zh": "产", "en": "IN"}, "digital": {"zh": "数", "en": "DG"},
    "science": {"zh": "科", "en": "SC"}, "commerce": {"zh": "商", "en": "CM"},
    "culture_tourism": {"zh": "旅", "en": "CT"}, "ecology": {"zh": "生", "en": "EC"},
    "public_service": {"zh": "公", "en": "PS"}, "pilot": {"zh": "试", "en": "PL"},
    "cooperation": {"zh": "合", "en": "CO"}, "opening": {"zh": "开", "en": "OP"},
}
# Line weight (px) by category: trunk transport heavy, networks light.
LINE_WEIGHTS: dict[str, int] = {"rail": 5, "road": 4, "waterway": 6, "urban_rail": 3, "energy": 3, "water": 3}
DEFAULT_LINE_WEIGHT = 3
SYMBOL_SIZE = 20  # px
SPIRAL_STEP = 13  # px between symbols sharing a place
CHOROPLETH_COLORS = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
# Symbol shape per drawing style (the legend draws the same CSS).
SHAPES = ("site", "town", "zone", "district")
RIGHT_PANEL_PX = 230  # width of the layer control / legend column
CORE_REGION = "中心城区"  # small central districts: their names show only when zoomed in
# District-level summary: below this zoom (the whole-city and region views) every district's
# district-level items are one badge; from it on, each district's diamonds appear at the zoom
# where their spiral fits inside the district (diamonds_zoom), at the latest SUMMARY_MAX_ZOOM.
SUMMARY_BELOW_ZOOM = 9
SUMMARY_MAX_ZOOM = 13
ZOOM_BANDS = (6, *range(SUMMARY_BELOW_ZOOM, SUMMARY_MAX_ZOOM + 1))  # container classes cymap-zoom-lt{k}
SUMMARY_LIST_MAX = 12  # items listed in a badge's tooltip; the rest are counted


def diamonds_zoom(count: int, area_deg2: float) -> int:
    """The zoom from which `count` diamonds spiralled at a district's label point fit the district.

    Fit: the spiral's radius in pixels is at most half the side of a square of the district's
    area (lon-degree scale, conservative at Chongqing's latitude). Clamped to
    [SUMMARY_BELOW_ZOOM, SUMMARY_MAX_ZOOM]: the whole-city view always shows badges, and a tiny
    district with many items still shows its diamonds once zoomed in far enough."""
    spiral_px = SPIRAL_STEP * math.sqrt(max(count - 1, 0)) + SYMBOL_SIZE * 0.71  # half a diamond's diagonal
    half_side_px_at_zoom0 = 0.5 * math.sqrt(max(area_deg2, 1e-12)) * 256 / 360
    zoom = math.ceil(math.log2(spiral_px / half_side_px_at_zoom0))
    return int(min(SUMMARY_MAX_ZOOM, max(SUMMARY_BELOW_ZOOM, zoom)))


def _zoom_band_css() -> str:
    """Show a marker only in its zoom band: class cymap-ge{k} hides it below zoom k, cymap-lt{k}
    from zoom k on. With the summary layer switched off (cymap-nosum) every diamond shows."""
    rules = [f".cymap-zoom-lt{k} .cymap-ge{k},.leaflet-container:not(.cymap-zoom-lt{k}) .cymap-lt{k}{{display:none}}"
             for k in ZOOM_BANDS if k >= SUMMARY_BELOW_ZOOM]
    return "\n".join(rules) + "\n.cymap-nosum .cymap-dd{display:block!important}\n"


def category_glyph(category: str, lang: str) -> str:
    return CATEGORY_GLYPHS.get(category, {"zh": "·", "en": "·"})[lang]


def _symbol_html(shape: str, color: str, glyph: str) -> str:
    """A symbol's HTML: the same classes as the legend's samples (CSS in the legend's header)."""
    return (f'<div class="cymap-sym cymap-{shape}" style="--c:{color}">'
            f'<span>{html.escape(glyph)}</span></div>')


def _spiral_offset(k: int) -> tuple[float, float]:
    """Pixel offset of the k-th symbol at one place (k=0 at the place itself)."""
    if k == 0:
        return 0.0, 0.0
    angle = k * 2.399963  # golden angle: even spread, no two symbols on one ray
    radius = SPIRAL_STEP * math.sqrt(k)
    return radius * math.cos(angle), radius * math.sin(angle)


# --- text -------------------------------------------------------------------------------------

def _text(value) -> str:
    """User text for HTML: missing values empty, everything escaped."""
    if value is None or (not isinstance(value, (list, tuple, np.ndarray)) and pd.isna(value)):
        return ""
    # Beyond HTML: backtick, dollar and backslash as entities, so the text is inert inside any
    # JavaScript string a map library might paste it into.
    return html.escape(str(value)).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def tooltip_html(row, lang: str) -> str:
    """Name, status and id; the id lets the app find the clicked project from the tooltip text."""
    name = row.name_zh if lang == "zh" or not _text(row.name_en) else row.name_en
    return (f"<b>{_text(name)}</b><br>{_text(status_label(row.status, lang))} · "
            f"<span class='cymap-id'>{_text(row.id)}</span>")


def project_id_from_tooltip(text: str | None) -> str | None:
    """The project id inside a clicked symbol's tooltip text (streamlit-folium returns innerText)."""
    if not text:
        return None
    for word in re.findall(r"A\d{2}-T\d{2}-\d{2}", str(text)):
        if ID_PATTERN.match(word):
            return word
    return None


def popup_html(row, lang: str, division: str = geodata.DEFAULT_DIVISION) -> str:
    """The record in brief; the app's detail panel shows all of it."""
    districts = "、".join(district_label(d, lang) for d in getattr(row, districts_column(division))) or "—"
    source = str(row.source or "")
    if len(source) > 160:
        source = source[:160] + "…"
    lines = [
        f"<b>{_text(row.name_zh)}</b>",
        f"<i>{_text(row.name_en)}</i>" if _text(row.name_en) else "",
        f"{_text(t('action', lang))}: {_text(action_label(row.action, lang))} · {_text(t('task', lang))} {_text(row.task)}",
        f"{_text(t('category', lang))}: {_text(category_label(row.category, lang))}",
        f"{_text(t('status', lang))}: <b style='color:{STATUS_COLORS.get(row.status, '#333')}'>"
        f"{_text(status_label(row.status, lang))}</b> ({_text(row.updated)})",
        f"{_text(t('target', lang))}: {_text(row.target)} {_text(row.target_year)}" if _text(row.target) or _text(row.target_year) else "",
        f"{_text(t('districts_touched', lang))}: {_text(districts)}",
        f"{_text(t('precision', lang))}: {_text(precision_label(row.precision, lang))}",
        f"<span style='color:#555'>{_text(source)}</span>",
        f"<span class='cymap-id'>{_text(row.id)}</span>",
    ]
    return "<div class='cymap-popup'>" + "<br>".join(line for line in lines if line) + "</div>"


# --- legend -----------------------------------------------------------------------------------

LEGEND_CSS = """
.cymap-legend{background:rgba(255,255,255,.94);padding:6px 9px;border-radius:6px;box-shadow:0 1px 5px rgba(0,0,0,.35);
  font:12px/1.35 "Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif;color:#222;
  max-height:calc(100vh - 40px);overflow:auto;max-width:330px}
.cymap-legend summary{font-weight:600;cursor:pointer}
.cymap-legend h4{margin:5px 0 2px;font-size:12px}
.cymap-legend .row{display:flex;align-items:center;gap:6px;margin:1px 0;white-space:nowrap}
.cymap-legend .sw{display:inline-block;width:14px;height:14px;border-radius:3px;border:1px solid #555}
.cymap-legend .ln{display:inline-block;width:28px;border-top:4px solid #555}
.cymap-legend .cols{column-count:2;column-gap:12px}
.cymap-legend .note{color:#555;font-size:11px;white-space:normal}
.cymap-legend details details{margin-top:4px}
.cymap-legend .gl{min-width:18px}
.leaflet-control-layers{font-size:12px;line-height:1.25}
.leaflet-control-layers label{margin:0}
.cymap-zoom-lt9 .cymap-label-core,.cymap-zoom-lt6 .cymap-district-label{display:none}
.cymap-legend .cymap-sym{position:static;display:inline-flex}
.cymap-sym{box-sizing:border-box;width:20px;height:20px;display:flex;align-items:center;justify-content:center;
  font:bold 10px/1 "Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;color:#fff;
  background:var(--c);border:2px solid #fff;box-shadow:0 0 0 1px rgba(0,0,0,.55)}
.cymap-site{border-radius:50%}
.cymap-town{border-radius:50%;border:2px dashed #fff;box-shadow:0 0 0 3px var(--c),0 0 0 4px rgba(0,0,0,.4)}
.cymap-zone{border-radius:4px;background:rgba(255,255,255,.85);color:var(--c);border:2px dashed var(--c);box-shadow:none}
.cymap-district{transform:rotate(45deg);background:#fff;border:3px solid var(--c);color:var(--c);box-shadow:0 0 0 1px rgba(0,0,0,.35)}
.cymap-district span{transform:rotate(-45deg)}
.cymap-district-label{font:11px/1.1 "Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;color:#333;
  text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;white-space:nowrap;text-align:center;pointer-events:none}
.cymap-popup{font-size:12px;line-height:1.45}
.cymap-id{font-family:monospace;color:#555}
.cymap-badge{position:absolute;left:0;top:0;transform:translate(-50%,calc(-100% - 2px));display:flex;flex-direction:column;
  background:#fff;border:1.5px solid #444;border-radius:9px;padding:1px 6px 2px;color:#222;white-space:nowrap;cursor:pointer;
  font:bold 11px/1.25 "Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;box-shadow:0 1px 3px rgba(0,0,0,.4)}
.cymap-badge .dm{display:inline-block;box-sizing:border-box;width:7px;height:7px;border:1.5px solid #444;
  transform:rotate(45deg);margin:0 4px 1px 1px}
.cymap-badge .bar{display:flex;height:3px;margin-top:1px;border-radius:2px;overflow:hidden}
.cymap-badge .bar i{display:block}
.cymap-legend .cymap-badge{position:static;transform:none;display:inline-flex;box-shadow:none}
.cymap-sum-tip{font-size:12px;line-height:1.4;max-width:340px;white-space:normal}
.cymap-sum-tip .it{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.cymap-sum-tip .it i{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:5px}
.cymap-sum-tip .st,.cymap-sum-tip .hint{color:#666}
""" + _zoom_band_css()


def _js(value) -> str:
    """A value as a JavaScript literal that no text inside can end early (JSON, `</` escaped)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


class Legend(MacroElement):
    """A Leaflet control holding the legend: it lives inside the map container, so it stays
    visible in streamlit-folium's iframe, in HTML exports and in screenshots."""

    _template = Template("""
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create('div', 'cymap-legend');
            div.innerHTML = {{ this.body_json }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, body_html: str, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.css = LEGEND_CSS
        self.position = position
        # JSON-encoded so no legend text can break out of the script.
        self.body_json = _js(body_html)


def legend_html(lang: str, categories: list[str], choropleth_bins: list[tuple[str, str]] | None = None,
                approximate_boundary: bool = False) -> str:
    """Statuses and precision styles always open; categories and actions folded to keep the map free.
    `approximate_boundary`: the map draws the division's derived boundary stretch (current division)."""
    esc = html.escape
    sample = STATUS_COLORS["under_construction"]
    parts = [f"<details open><summary>{esc(t('legend', lang))}</summary>",
             f"<h4>{esc(t('legend_status', lang))}</h4><div class='cols'>"]
    for status in STATUSES:
        parts.append(f"<div class='row'><span class='sw' style='background:{STATUS_COLORS[status]}'></span>"
                     f"{esc(status_label(status, lang))}</div>")
    parts.append(f"</div><h4>{esc(t('legend_precision', lang))}</h4>")
    for shape in SHAPES:
        parts.append(f"<div class='row'>{_symbol_html(shape, sample, '')}{esc(t('legend_' + shape, lang))}</div>")
    parts.append(f"<div class='row'><span class='cymap-badge'><span><span class='dm'></span>5</span></span>"
                 f"{esc(t('legend_district_summary', lang))}</div>")
    parts.append(f"<div class='row'><span class='ln' style='border-top-color:{sample}'></span>"
                 f"{esc(t('legend_route_built', lang))}</div>")
    parts.append(f"<div class='row'><span class='ln' style='border-top:4px dashed {sample}'></span>"
                 f"{esc(t('legend_route_planned', lang))}</div>")
    if approximate_boundary:
        parts.append(f"<div class='row'><span class='ln' style='border-top:{APPROXIMATE_BOUNDARY_STYLE['weight']}px "
                     f"dashed {APPROXIMATE_BOUNDARY_STYLE['color']}'></span>"
                     f"{esc(t('approximate_boundary', lang))}</div>")
    if choropleth_bins:
        parts.append(f"<h4>{esc(t('legend_choropleth', lang))}</h4><div class='cols'>")
        for color, label in choropleth_bins:
            parts.append(f"<div class='row'><span class='sw' style='background:{color}'></span>{esc(label)}</div>")
        parts.append("</div>")
    if categories:
        parts.append(f"<details><summary>{esc(t('legend_categories', lang))}</summary><div class='cols'>")
        for category in categories:
            parts.append(f"<div class='row'><b class='gl'>{esc(category_glyph(category, lang))}</b>"
                         f"{esc(category_label(category, lang))}</div>")
        parts.append("</div></details>")
    parts.append(f"<details><summary>{esc(t('legend_actions', lang))}</summary><div class='note'>"
                 + "<br>".join(esc(action_label(a, lang)) for a in ACTIONS) + "</div></details>")
    parts.append(f"<div class='note'>{esc(t('disclaimer', lang))}</div></details>")
    return "".join(parts)


class ZoomClasses(MacroElement):
    """Marks the map container with the zoom bands (cymap-zoom-lt{k} for k in ZOOM_BANDS), so CSS
    hides what would pile up: central-district names below zoom 9, all names below zoom 6,
    district diamonds below their district's zoom and summary badges from it on."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, bands) {
            function mark() {
                var z = map.getZoom(), c = map.getContainer().classList;
                bands.forEach(function (k) { c.toggle('cymap-zoom-lt' + k, z < k); });
            }
            map.on('zoomend', mark);
            map.whenReady(mark);
        })({{ this._parent.get_name() }}, {{ this.bands }});
        {% endmacro %}
    """)

    def __init__(self, bands=ZOOM_BANDS):
        super().__init__()
        self._name = "ZoomClasses"
        self.bands = _js(list(bands))


# --- geometry helpers -------------------------------------------------------------------------

def _shift(geometries, gcj02: bool):
    """Geometries as drawn: GCJ-02 for a Gaode basemap, else unchanged WGS84."""
    values = np.asarray(list(geometries), dtype=object)
    if not gcj02 or len(values) == 0:
        return values
    present = np.array([g is not None for g in values])
    out = values.copy()
    if present.any():
        out[present] = coords.geometries_wgs84_to_gcj02(values[present])
    return out


def _latlon(point) -> list[float]:
    return [float(point.y), float(point.x)]


def _line_coords(line) -> list[list[float]]:
    return [[float(y), float(x)] for x, y in line.coords]


def _polygon_locations(polygon) -> list[list[list[float]]]:
    return [_line_coords(polygon.exterior)] + [_line_coords(ring) for ring in polygon.interiors]


@dataclass(frozen=True)
class DistrictLayer:
    """The division's districts as drawn (shifted when needed), with their label points."""

    frame: gpd.GeoDataFrame
    anchors: dict[str, object]  # name_zh -> label point
    gcj02: bool = False


# Display simplification (degrees): ~100 m for district lines, ~300 m for the Sichuan context —
# invisible at city zoom, and it halves what every rerun sends to the browser.
DISTRICT_SIMPLIFY = 0.001
CONTEXT_SIMPLIFY = 0.003


@functools.cache
def district_layer(division: str, gcj02: bool) -> DistrictLayer:
    """Cached per division and datum; callers must not modify the frame."""
    frame = geodata.districts(division)
    anchors_wgs = shapely.point_on_surface(frame.geometry.values)
    simplified = shapely.simplify(frame.geometry.values, DISTRICT_SIMPLIFY, preserve_topology=True)
    frame = frame.set_geometry(list(_shift(simplified, gcj02)), crs=coords.WGS84)
    anchors = dict(zip(frame["name_zh"], _shift(anchors_wgs, gcj02)))
    return DistrictLayer(frame, anchors, gcj02)


# The derived (Voronoi) stretch of the division's boundaries: dashed, darker and a little heavier
# than the district outlines (#555, 1.2 px) so it reads as "this line is not surveyed".
APPROXIMATE_BOUNDARY_STYLE = {"color": "#333333", "weight": 2, "opacity": 0.95, "dashArray": "6 5"}
# A light casing under the dashes: the solid district outline runs along the same line and would
# otherwise fill the gaps, so the stretch would read as just a darker solid line.
APPROXIMATE_BOUNDARY_CASING = {"color": "#ffffff", "weight": 4, "opacity": 0.85, "interactive": False}


@functools.cache
def approximate_boundary_lines(division: str, gcj02: bool) -> tuple:
    """The division's approximate boundary as drawn: Leaflet [lat, lon] lists, one per line part
    (none for the 2023 division). A few hundred vertices, so not simplified."""
    line = geodata.approximate_boundary(division)
    return tuple(_line_coords(part) for part in _shift(shapely.get_parts(line), gcj02) if not part.is_empty)


@functools.cache
def context_layer(gcj02: bool) -> gpd.GeoDataFrame:
    """The Sichuan cities of the economic circle as drawn (cached; do not modify)."""
    context = geodata.sichuan_context()
    simplified = shapely.simplify(context.geometry.values, CONTEXT_SIMPLIFY, preserve_topology=True)
    return context.set_geometry(list(_shift(simplified, gcj02)), crs=coords.WGS84)


# --- the map ----------------------------------------------------------------------------------

@dataclass
class MapOptions:
    lang: str = "zh"
    basemap: str = "osm"
    division: str = geodata.DEFAULT_DIVISION
    choropleth: bool = False
    tianditu_key: str | None = None
    carto_key: str | None = None
    leaflet_base_url: str | None = None  # serve Leaflet from here instead of the CDN (offline rooms)
    height: int = 700


def use_local_leaflet(m: folium.Map, base_url: str) -> None:
    """Load Leaflet from `base_url` (leaflet.js, leaflet.css) and drop folium's other CDN assets.

    The map uses only Leaflet itself (no Bootstrap, jQuery or Font Awesome), and
    streamlit-folium stops drawing when any listed script fails to load — so with no
    internet the district layer still shows only if nothing is fetched from a CDN."""
    base = base_url.rstrip("/") + "/"
    m.default_js = [("leaflet", base + "leaflet.js")]
    m.default_css = [("leaflet_css", base + "leaflet.css")]


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
    for name, point in layer.anchors.items():
        label = html.escape(district_label(name, lang))
        extra = " cymap-label-core" if name in core else ""
        outlines.add_child(Drawn("L.marker", _latlon(point), {"interactive": False, "keyboard": False}, {
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


class Drawn(MacroElement):
    """One drawn thing — a symbol (Leaflet marker with a div icon), a line or a zone outline —
    with its tooltip and popup, as ONE element and one statement.

    Why not folium.Marker/Tooltip/Popup: folium pastes tooltip and popup HTML into JavaScript
    template literals (a backtick or `${` in user text would end the string or run code), its
    Popup needs jQuery from a CDN, and a marker with icon, tooltip and popup is five elements,
    each compiled as a Jinja template on every render — most of a rerun's time. Here the HTML
    travels as JSON string literals and Leaflet builds the DOM when first shown."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.factory }}({{ this.where }}, {{ this.options }})
            {%- if this.tooltip %}.bindTooltip({{ this.tooltip }}, {sticky: true}){% endif %}
            {%- if this.popup %}.bindPopup({{ this.popup }}, {maxWidth: 360}){% endif %}
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, factory: str, where, options: dict, icon: dict | None = None,
                 tooltip: str = "", popup: str = ""):
        super().__init__()
        self._name = "Drawn"
        self.factory = factory  # L.marker, L.polyline or L.polygon
        self.where = _js(where)  # [lat, lon] or a list of them
        self.location = where
        self.options_dict = options
        self.icon = icon
        self.options = _js(options) if icon is None else f"Object.assign({_js(options)}, {{icon: L.divIcon({_js(icon)})}})"
        self.tooltip = _js(tooltip) if tooltip else ""
        self.popup = _js(popup) if popup else ""


def _add_symbol(group, point, shape: str, row, options: MapOptions, spread: dict, texts: tuple[str, str],
                icon_class: str = "cymap-icon"):
    key = (round(float(point.x), 4), round(float(point.y), 4))
    dx, dy = _spiral_offset(spread[key])
    spread[key] += 1
    half = SYMBOL_SIZE / 2
    color = STATUS_COLORS.get(row.status, "#555")
    icon = {"html": _symbol_html(shape, color, category_glyph(row.category, options.lang)),
            "iconSize": [SYMBOL_SIZE, SYMBOL_SIZE], "iconAnchor": [round(half - dx), round(half - dy)],
            "className": icon_class}
    group.add_child(Drawn("L.marker", _latlon(point), {}, icon, *texts))
    return point


def _add_project(group, row, geometry, layer: DistrictLayer, options: MapOptions, spread: dict,
                 zooms: dict[str, int]) -> list:
    """Draw one project into its action's group; return the geometries drawn (for the view).

    `zooms`: district -> zoom from which its diamonds show (class cymap-ge{zoom}; below it the
    district's summary badge stands for them)."""
    drawn = []
    texts = (tooltip_html(row, options.lang), popup_html(row, options.lang, options.division))
    precision = row.precision
    color = STATUS_COLORS.get(row.status, "#555")
    if precision == "district" or precision == "municipal":
        # District-level: a diamond at each district's label point, never an exact pin.
        if precision == "district":
            for name in getattr(row, districts_column(options.division)):
                if name in layer.anchors:
                    drawn.append(_add_symbol(group, layer.anchors[name], "district", row, options, spread, texts,
                                             f"cymap-icon cymap-dd cymap-ge{zooms[name]}"))
        parts = [p for p in shapely.get_parts(geometry) if p.geom_type not in ("Polygon", "MultiPolygon")]
    else:
        parts = list(shapely.get_parts(geometry))
    point_shape = {"zone": "zone", "town": "town", "outside": "town"}.get(precision, "site")
    for part in parts:
        kind = part.geom_type
        drawn.append(part)
        if kind == "Point":
            _add_symbol(group, part, point_shape, row, options, spread, texts)
        elif kind == "LineString":
            built = row.status in BUILT_STATUSES
            weight = LINE_WEIGHTS.get(row.category, DEFAULT_LINE_WEIGHT)
            style = {"color": color, "weight": weight, "opacity": 0.9}
            if not built:
                style["dashArray"] = f"{weight * 2} {weight * 1.5}"
            group.add_child(Drawn("L.polyline", _line_coords(part), style, None, *texts))
        elif kind == "Polygon":
            # Only zones with a known outline reach here (district polygons became diamonds).
            group.add_child(Drawn("L.polygon", _polygon_locations(part), {
                "color": color, "weight": 2, "dashArray": "6 4", "fill": True, "fillColor": color,
                "fillOpacity": 0.12}, None, *texts))
            _add_symbol(group, part.representative_point(), "zone", row, options, spread, texts)
    return drawn


# --- district-level summary -------------------------------------------------------------------

def district_level_counts(rows: gpd.GeoDataFrame, layer: DistrictLayer, division: str) -> dict[str, int]:
    """District -> number of district-level items drawn there as diamonds (the rows as drawn)."""
    counts: dict[str, int] = defaultdict(int)
    for names in rows.loc[rows["precision"] == "district", districts_column(division)]:
        for name in names:
            if name in layer.anchors:
                counts[name] += 1
    return dict(counts)


def district_zooms(layer: DistrictLayer, counts: dict[str, int]) -> dict[str, int]:
    """District -> zoom from which its diamonds show instead of its summary badge."""
    areas = dict(zip(layer.frame["name_zh"], shapely.area(layer.frame.geometry.values)))
    return {name: diamonds_zoom(count, areas[name]) for name, count in counts.items()}


def summary_badges(layer: DistrictLayer, counts: dict[str, int], zooms: dict[str, int],
                   lang: str) -> tuple[list, list]:
    """(places, badges) for DistrictSummary — O(districts), whatever the number of rows.

    places: the label points ([lat, lon]) of the districts with district-level items; the
    diamonds stand exactly there, which is how the browser finds them. badges: one per district
    (visible below its diamonds' zoom), except that the central districts — too small to hold
    a badge each in the whole-city view — share one 中心城区 badge below SUMMARY_BELOW_ZOOM and
    get their own from it on (only where their diamonds do not fit yet)."""
    frame = layer.frame
    names = [n for n in frame["name_zh"] if counts.get(n)]
    core = set(frame.loc[frame["region"] == CORE_REGION, "name_zh"])
    boxes = dict(zip(frame["name_zh"], shapely.bounds(frame.geometry.values).round(5).tolist()))
    places = [_latlon(layer.anchors[n]) for n in names]

    def badge(label, at, box, places_, lt, ge=None, region=False):
        west, south, east, north = box
        return {"label": _text(label), "at": [round(at[0], 6), round(at[1], 6)], "bounds": [[south, west], [north, east]],
                "lt": lt, "ge": ge, "places": places_, "region": region}

    badges = []
    for index, name in enumerate(names):
        if name not in core:
            badges.append(badge(district_label(name, lang), places[index], boxes[name], [index], zooms[name]))
        elif zooms[name] > SUMMARY_BELOW_ZOOM:
            badges.append(badge(district_label(name, lang), places[index], boxes[name], [index], zooms[name],
                                ge=SUMMARY_BELOW_ZOOM))
    core_places = [i for i, n in enumerate(names) if n in core]
    if core_places:
        core_boxes = np.array([boxes[names[i]] for i in core_places])
        box = [*core_boxes[:, :2].min(axis=0), *core_boxes[:, 2:].max(axis=0)]
        # At the core's northern edge, clear of the central cluster of sites and zones.
        whole = np.array([boxes[n] for n in core])
        at = [float(whole[:, 3].max()), float((whole[:, 0].min() + whole[:, 2].max()) / 2)]
        badges.append(badge(region_label(CORE_REGION, lang), at,
                            [float(v) for v in box], core_places, SUMMARY_BELOW_ZOOM, region=True))
    return places, badges


class DistrictSummary(MacroElement):
    """The district-level summary layer: one count badge per district (see summary_badges).

    The badges' counts, tooltips and status bars are built in the browser from the diamonds of
    the action layers that are switched on, so they follow the layer control and the HTML grows
    with the districts, not the rows. The tooltip lists each item's name (already escaped in the
    diamond's tooltip) and status colour without its id, so a click on a badge selects no
    project; the click zooms to the district, where the diamonds appear. Badges sit above the
    symbols but step aside (dodge) wherever they would cover a symbol or a district name."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, group, actions, places, badges, text) {
            var index = {};
            places.forEach(function (p, i) { index[p[0] + ',' + p[1]] = i; });
            function classes(b) {
                return 'cymap-icon cymap-sum cymap-lt' + b.lt + (b.ge ? ' cymap-ge' + b.ge : '');
            }
            function zoomTo(b) {
                var bounds = L.latLngBounds(b.bounds);
                if (map.getBoundsZoom(bounds, false, L.point(text.padX, 24)) >= b.lt) {
                    map.fitBounds(bounds, {paddingTopLeft: [12, 12], paddingBottomRight: [text.padX - 12, 12]});
                } else {
                    map.setView(b.at, b.lt);
                }
            }
            var markers = badges.map(function (b) {
                var m = L.marker(b.at, {keyboard: false, zIndexOffset: 1000, icon: L.divIcon({className: classes(b), iconSize: [0, 0]})});
                m.on('click', function () { m.closeTooltip(); zoomTo(b); });
                return m;
            });
            function itemsByPlace() {
                var found = places.map(function () { return []; });
                actions.forEach(function (g) {
                    if (!map.hasLayer(g)) { return; }
                    g.eachLayer(function (l) {
                        var icon = l.options.icon;
                        if (!icon || String(icon.options.className).indexOf('cymap-dd') < 0) { return; }
                        var at = l.getLatLng(), i = index[at.lat + ',' + at.lng];
                        if (i === undefined || !l.getTooltip()) { return; }
                        var tip = String(l.getTooltip().getContent()), lines = tip.split('<br>');
                        found[i].push({key: tip, name: lines[0].replace(/<\\/?b>/g, ''),
                                       status: String(lines[1] || '').split(' · ')[0],
                                       colour: (/--c:([^;"']+)/.exec(icon.options.html) || [])[1] || '#555'});
                    });
                });
                return found;
            }
            function badgeHtml(b, items) {
                var tally = {}, bar = '';
                items.forEach(function (e) { tally[e.colour] = (tally[e.colour] || 0) + 1; });
                text.colours.forEach(function (c) { if (tally[c]) { bar += '<i style="background:' + c + ';flex:' + tally[c] + '"></i>'; } });
                return '<div class="cymap-badge"><span>' + (b.region ? b.label + ' ' : '') +
                    '<span class="dm"></span>' + items.length + '</span><span class="bar">' + bar + '</span></div>';
            }
            function tooltipHtml(b, items) {
                var rows = items.slice(0, text.max).map(function (e) {
                    return '<div class="it"><i style="background:' + e.colour + '"></i>' + e.name +
                        ' <span class="st">' + e.status + '</span></div>';
                });
                if (items.length > text.max) { rows.push('<div class="st">' + text.more.replace('{count}', items.length - text.max) + '</div>'); }
                return '<b>' + b.label + '</b> · ' + text.title.replace('{count}', items.length) + rows.join('') +
                    '<div class="hint">' + text.hint + '</div>';
            }
            function refresh() {
                var found = itemsByPlace();
                badges.forEach(function (b, j) {
                    var seen = {}, items = [], m = markers[j];
                    b.places.forEach(function (i) {
                        found[i].forEach(function (e) { if (!seen[e.key]) { seen[e.key] = 1; items.push(e); } });
                    });
                    if (!items.length) { group.removeLayer(m); return; }
                    m.setIcon(L.divIcon({className: classes(b), html: badgeHtml(b, items), iconSize: [0, 0]}));
                    m.unbindTooltip().bindTooltip(tooltipHtml(b, items), {direction: 'top', offset: [0, -22], className: 'cymap-sum-tip'});
                    group.addLayer(m);
                });
            }
            // Keep every project symbol in sight: a badge that would cover symbols (or another
            // badge) moves to the first free spot around its district's label point.
            function shown(el) { return el && el.offsetParent !== null; }
            function hits(r, boxes) {  // overlaps, and ten times over where a symbol's middle is covered
                var n = 0;
                boxes.forEach(function (b) {
                    if (r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom) {
                        var x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
                        n += (r.left < x && x < r.right && r.top < y && y < r.bottom) ? 10 : 1;
                    }
                });
                return n;
            }
            function dodge() {
                var boxes = [];
                var pane = map.getPane('markerPane'), text = document.createRange();
                pane.querySelectorAll('.cymap-icon:not(.cymap-sum)').forEach(function (el) {
                    if (shown(el)) { boxes.push(el.getBoundingClientRect()); }
                });
                pane.querySelectorAll('.cymap-district-label').forEach(function (el) {  // the names, as written
                    if (shown(el)) { text.selectNodeContents(el); boxes.push(text.getBoundingClientRect()); }
                });
                markers.forEach(function (m) {
                    var el = m.getElement(), badge = el && el.firstChild;
                    if (!shown(el) || !badge) { return; }
                    badge.style.marginLeft = badge.style.marginTop = '0px';
                    var r = badge.getBoundingClientRect(), w = r.width, h = r.height, best = null;
                    var side = w / 2 + 14;
                    [[0, 0], [0, -h], [-side, h / 2], [side, h / 2], [0, h + 26], [-side, -h / 2], [side, -h / 2],
                     [-side, 1.5 * h], [side, 1.5 * h], [0, -2 * h], [-2 * side, h / 2], [2 * side, h / 2],
                     [0, 2 * h + 26]].some(function (d) {
                        var box = {left: r.left + d[0], right: r.right + d[0], top: r.top + d[1], bottom: r.bottom + d[1]};
                        var n = hits(box, boxes);
                        if (!best || n < best.n) { best = {n: n, d: d, box: box}; }
                        return n === 0;
                    });
                    badge.style.marginLeft = best.d[0] + 'px';
                    badge.style.marginTop = best.d[1] + 'px';
                    boxes.push(best.box);
                });
            }
            function later() { setTimeout(dodge, 0); setTimeout(dodge, 400); }  // again once fonts and frame settle
            map.on('overlayadd overlayremove', function (e) {
                if (e.layer === group) { map.getContainer().classList.toggle('cymap-nosum', e.type === 'overlayremove'); }
                else { refresh(); }
                later();
            });
            map.on('zoomend resize', later);
            map.whenReady(later);
            if (document.fonts) { document.fonts.ready.then(later); }
            refresh();
        })({{ this.map_name }}, {{ this._parent.get_name() }}, [{{ this.action_names }}],
           {{ this.places }}, {{ this.badges }}, {{ this.text }});
        {% endmacro %}
    """)

    def __init__(self, m: folium.Map, action_groups: list, layer: DistrictLayer, counts: dict[str, int],
                 zooms: dict[str, int], lang: str):
        super().__init__()
        self._name = "DistrictSummary"
        self.map_name = m.get_name()
        self.action_names = ", ".join(g.get_name() for g in action_groups)
        places, badges = summary_badges(layer, counts, zooms, lang)
        self.places_list, self.badges_list = places, badges
        self.places = _js(places)
        self.badges = _js(badges)
        self.text = _js({"title": _text(t("summary_title", lang)), "more": _text(t("summary_more", lang)),
                         "hint": _text(t("summary_hint", lang)), "max": SUMMARY_LIST_MAX,
                         "padX": RIGHT_PANEL_PX + 12, "colours": [STATUS_COLORS[s] for s in STATUSES]})


def drawable(projects: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rows that appear on the map: located, and not municipality-wide."""
    return projects[projects.geometry.notna() & ~projects["precision"].isin(["municipal", "unresolved"])]


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
    if options.leaflet_base_url:
        use_local_leaflet(m, options.leaflet_base_url)
    for tiles in tile_layers(basemap, options.tianditu_key, options.carto_key):
        tiles.add_to(m)
    _add_sichuan_context(m, options, gcj02)

    counts = bins = None
    if options.choropleth:
        counts = district_counts(projects, options.division)
        bins = choropleth_bins(counts)
    _add_districts(m, layer, options, counts, bins)

    rows = drawable(projects).sort_values("id")
    display = _shift(rows.geometry.values, gcj02)
    groups = {a: folium.FeatureGroup(name=action_label(a, lang), show=True) for a in ACTIONS}
    counts_at = district_level_counts(rows, layer, options.division)
    zooms = district_zooms(layer, counts_at)
    spread: dict = defaultdict(int)
    drawn: list = []
    for row, geometry in zip(rows.itertuples(index=False), display):
        drawn.extend(_add_project(groups[int(row.action)], row, geometry, layer, options, spread, zooms))
    for group in groups.values():
        group.add_to(m)
    if counts_at:
        summary = folium.FeatureGroup(name=t("layer_district_summary", lang), show=True)
        summary.add_child(DistrictSummary(m, list(groups.values()), layer, counts_at, zooms, lang))
        summary.add_to(m)

    categories = [c for c in CATEGORIES if c in set(rows["category"])]
    bin_labels = None
    if bins:
        colors = CHOROPLETH_COLORS[-len(bins):]
        bin_labels = [(c, f"{int(lo)}–{int(hi)}" if lo != hi else f"{int(lo)}") for (lo, hi), c in zip(bins, colors)]
    has_approximate = bool(approximate_boundary_lines(options.division, gcj02))
    m.add_child(Legend(legend_html(lang, categories, bin_labels, approximate_boundary=has_approximate)))
    m.add_child(ZoomClasses())
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    # Legend and layer control both sit on the right: keep the projects clear of them.
    m.fit_bounds(_bounds(drawn, layer), padding_top_left=(12, 12), padding_bottom_right=(RIGHT_PANEL_PX, 12))
    return m


def status_badge_html(status: str, lang: str) -> str:
    """A status label on its status colour (detail panel)."""
    return (f"<span style='background:{STATUS_COLORS.get(status, '#555')};color:#fff;padding:2px 8px;"
            f"border-radius:10px'>{html.escape(status_label(status, lang))}</span>")
