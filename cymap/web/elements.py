"""Leaflet elements cymap draws with: one JavaScript statement per drawn thing, assets from files."""
from __future__ import annotations

import base64
import functools
import json

from branca.element import MacroElement
from jinja2 import Template

from pathlib import Path

from cymap.paths import STATIC_DIR


ASSETS_DIR = Path(__file__).resolve().parent / "assets"


@functools.cache
def asset_text(name: str) -> str:
    """A CSS/JS file of cymap/web/assets, read once."""
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


def js_literal(value) -> str:
    """A value as a JavaScript literal that no text inside can end early (JSON, `</` escaped)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


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
        self.where = js_literal(where)  # [lat, lon] or a list of them
        self.location = where
        self.options_dict = options
        self.icon = icon
        self.options = (js_literal(options) if icon is None
                        else f"Object.assign({js_literal(options)}, {{icon: L.divIcon({js_literal(icon)})}})")
        self.tooltip = js_literal(tooltip) if tooltip else ""
        self.popup = js_literal(popup) if popup else ""


@functools.cache
def leaflet_assets() -> tuple[str, str]:
    """(leaflet.js, leaflet.css) from static/leaflet, the CSS images as data: URIs, so a saved
    page needs no file beside it."""
    folder = STATIC_DIR / "leaflet"
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    for image in sorted((folder / "images").glob("*.png")):
        uri = "data:image/png;base64," + base64.b64encode(image.read_bytes()).decode("ascii")
        css = css.replace(f"url(images/{image.name})", f"url({uri})")
    return (folder / "leaflet.js").read_text(encoding="utf-8"), css


class InlineLeaflet(MacroElement):
    """Leaflet's script and stylesheet in the page header (Leaflet 1.9.3, BSD-2, static/leaflet)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        <script>{{ this.js }}</script>
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "InlineLeaflet"
        js, css = leaflet_assets()
        self.js = js.replace("</script", "<\\/script")
        self.css = css
