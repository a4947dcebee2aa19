"""The district-level summary: one count badge per district for district-level items."""
from __future__ import annotations

from collections import defaultdict

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template

from cymap.geo.division import districts_column
from cymap.ledger.schema import STATUS_COLORS, STATUSES
from cymap.views.i18n import (district_label, region_label,
                              t)
from cymap.web.elements import asset_text, js_literal
from cymap.web.layers import DistrictLayer, latlon
from cymap.web.popup import html_text
from cymap.web.symbols import CORE_REGION, RIGHT_PANEL_PX, SUMMARY_BELOW_ZOOM, SUMMARY_LIST_MAX, diamonds_zoom


# --- district-level summary -------------------------------------------------------------------

def district_level_counts(rows: gpd.GeoDataFrame, layer: DistrictLayer, division: str,
                          focus=None) -> dict[str, int]:
    """District -> number of district-level items drawn there as diamonds (the rows as drawn).
    With a `focus` (the districts a filter selects) only those districts count: an item shared
    with a neighbour is drawn and counted in the selected district, not in the neighbour."""
    counts: dict[str, int] = defaultdict(int)
    wanted = set(focus) if focus else None
    for names in rows.loc[rows["precision"] == "district", districts_column(division)]:
        for name in names:
            if name in layer.anchors and (wanted is None or name in wanted):
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
    places = [latlon(layer.anchors[n]) for n in names]

    def badge(label, at, box, places_, lt, ge=None, region=False):
        west, south, east, north = box
        return {"label": html_text(label), "at": [round(at[0], 6), round(at[1], 6)],
                "bounds": [[south, west], [north, east]],
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
        {{ this.script_asset }}
        cymapDistrictSummary({{ this.map_name }}, {{ this._parent.get_name() }}, [{{ this.action_names }}],
                             {{ this.places }}, {{ this.badges }}, {{ this.text }});
        {% endmacro %}
    """)

    def __init__(self, m: folium.Map, action_groups: list, layer: DistrictLayer, counts: dict[str, int],
                 zooms: dict[str, int], lang: str):
        super().__init__()
        self._name = "DistrictSummary"
        self.script_asset = asset_text("district_summary.js")
        self.map_name = m.get_name()
        self.action_names = ", ".join(g.get_name() for g in action_groups)
        places, badges = summary_badges(layer, counts, zooms, lang)
        self.places_list, self.badges_list = places, badges
        self.places = js_literal(places)
        self.badges = js_literal(badges)
        self.text = js_literal({"title": html_text(t("summary_title", lang)),
                                "more": html_text(t("summary_more", lang)),
                         "hint": html_text(t("summary_hint", lang)), "max": SUMMARY_LIST_MAX,
                         "padX": RIGHT_PANEL_PX + 12, "colours": [STATUS_COLORS[s] for s in STATUSES]})
