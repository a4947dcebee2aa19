"""The in-map legend and the zoom-band classes that hide what would pile up."""
from __future__ import annotations

import html

from branca.element import MacroElement
from jinja2 import Template

from cymap.ledger.schema import ACTIONS, STATUS_COLORS, STATUSES
from cymap.views.i18n import (action_label, category_label, status_label, t)
from cymap.views.symbology import INVESTMENT_CAP, INVESTMENT_REFERENCE
from cymap.web.controls import NARROW_JS
from cymap.web.elements import asset_text, js_literal
from cymap.web.layers import APPROXIMATE_BOUNDARY_STYLE
from cymap.web.symbols import SHAPES, ZOOM_BANDS, category_glyph, symbol_html, zoom_band_css


# --- legend -----------------------------------------------------------------------------------

LEGEND_CSS = asset_text("map.css") + zoom_band_css()




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
            if ({{ this.narrow_js }}) { div.firstChild.removeAttribute('open'); }  // laptop: folded
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
        self.narrow_js = NARROW_JS
        # JSON-encoded so no legend text can break out of the script.
        self.body_json = js_literal(body_html)


def legend_html(lang: str, categories: list[str], choropleth_bins: list[tuple[str, str]] | None = None,
                approximate_boundary: bool = False, investment_sizes: bool = False) -> str:
    """Statuses and precision styles always open; categories and actions folded to keep the map free.
    `approximate_boundary`: the map draws the division's derived boundary stretch (current division).
    `investment_sizes`: point symbols are sized by total investment (a note says how)."""
    esc = html.escape
    sample = STATUS_COLORS["under_construction"]
    parts = [f"<details open><summary>{esc(t('legend', lang))}</summary>",
             f"<h4>{esc(t('legend_status', lang))}</h4><div class='cols'>"]
    for status in STATUSES:
        parts.append(f"<div class='row'><span class='sw' style='background:{STATUS_COLORS[status]}'></span>"
                     f"{esc(status_label(status, lang))}</div>")
    parts.append(f"</div><h4>{esc(t('legend_precision', lang))}</h4>")
    for shape in SHAPES:
        parts.append(f"<div class='row'>{symbol_html(shape, sample, '')}{esc(t('legend_' + shape, lang))}</div>")
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
    if investment_sizes:
        note = t("legend_size_investment", lang, reference=f"{INVESTMENT_REFERENCE:g}", cap=f"{INVESTMENT_CAP:g}")
        parts.append(f"<div class='note'>{esc(note)}</div>")
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
        self.bands = js_literal(list(bands))
