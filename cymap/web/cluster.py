"""Clustering of point symbols by zoom: Leaflet.markercluster 1.5.3 (MIT), served from
static/leaflet.markercluster like Leaflet, inlined in self-contained HTML exports.

One cluster group holds the site, town and zone symbols of every action layer switched on (the
layer control still switches actions: the script moves an action's symbols in and out of the
group). A cluster is drawn as a ring coloured by the statuses of the symbols inside it, in the
order of the schema's statuses, with the count in the middle. District-level diamonds are not
clustered: the district summary badges stand for them until they fit their district.
"""
from __future__ import annotations

import functools

from branca.element import MacroElement
from jinja2 import Template

from cymap.ledger.schema import STATUS_COLORS, STATUSES
from cymap.paths import STATIC_DIR
from cymap.views.i18n import t
from cymap.web.elements import asset_text, js_literal
from cymap.web.popup import html_text

PLUGIN_DIR = STATIC_DIR / "leaflet.markercluster"
PLUGIN_JS = "leaflet.markercluster.js"
PLUGIN_CSS = ("MarkerCluster.css", "MarkerCluster.Default.css")
PLUGIN_CDN = "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.5.3/dist/"  # only when no local copy is used
POINT_CLASS = "cymap-pt"  # the class of the symbols that cluster
CLUSTER_RADIUS_PX = 40  # symbols closer than this (at the zoom shown) gather into one cluster
DISABLE_CLUSTERING_AT_ZOOM = 16  # street level: every symbol on its own
MAX_ZOOM = 18  # the map's deepest zoom when no tile layer sets one


def plugin_links(base_url: str | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(js, css) (name, url) pairs for folium's default_js/default_css, from `base_url` (the
    folder that holds leaflet.markercluster/) or the CDN."""
    base = (base_url.rstrip("/") + "/leaflet.markercluster/") if base_url else PLUGIN_CDN
    return ([("leaflet_markercluster", base + PLUGIN_JS)],
            [(f"markercluster_css_{i}", base + name) for i, name in enumerate(PLUGIN_CSS)])


@functools.cache
def plugin_assets() -> tuple[str, str]:
    """(script, stylesheet) of the plugin from static/, for inlining."""
    js = (PLUGIN_DIR / PLUGIN_JS).read_text(encoding="utf-8")
    css = "\n".join((PLUGIN_DIR / name).read_text(encoding="utf-8") for name in PLUGIN_CSS)
    return js, css


class PointList(MacroElement):
    """An action's point symbols, held off the map (a layer group never added to it): the cluster
    group shows them, so the browser never builds 10,000 marker elements only to take them away."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "PointList"


def point_list(group) -> PointList:
    """The PointList of an action's FeatureGroup (made on first use)."""
    points = getattr(group, "_cymap_points", None)
    if points is None:
        points = group._cymap_points = PointList()
        group.add_child(points)
    return points


class PointClusters(MacroElement):
    """The cluster group over the point symbols of `action_groups` (rendered after them)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.script_asset }}
        var {{ this.get_name() }} = cymapCluster({{ this.map_name }}, [{{ this.action_names }}],
                                                 [{{ this.point_names }}], {{ this.text }});
        {% endmacro %}
    """)

    def __init__(self, m, action_groups: list, lang: str):
        super().__init__()
        self._name = "PointClusters"
        self.script_asset = asset_text("cluster.js")
        self.map_name = m.get_name()
        self.action_names = ", ".join(g.get_name() for g in action_groups)
        self.point_names = ", ".join(point_list(g).get_name() for g in action_groups)
        self.text = js_literal({"colours": [STATUS_COLORS[s] for s in STATUSES], "radius": CLUSTER_RADIUS_PX,
                                "disableAt": DISABLE_CLUSTERING_AT_ZOOM, "maxZoom": MAX_ZOOM,
                                "title": html_text(t("cluster_title", lang))})
