"""Laptop-sized map controls and readable names: the collapsible layer control, the layout script
(district names step aside from symbols, the legend sized to the room left), the web font, and
the inlined assets of a self-contained page."""
from __future__ import annotations

from branca.element import MacroElement
from folium import LayerControl
from folium.template import Template

from cymap.web import webfont
from cymap.web.cluster import plugin_assets
from cymap.web.elements import asset_text

# Below this screen width (px) the layer control and the legend start collapsed (a 1366 px
# laptop); wider screens open them. The map inside the app's iframe asks the app's window.
WIDE_SCREEN_PX = 1400
NARROW_JS = ("(function () { var w = window.innerWidth; try { if (window.top && window.top !== window) "
             f"{{ w = window.top.innerWidth; }} }} catch (e) {{}} return w < {WIDE_SCREEN_PX}; }})()")


class CollapsibleLayerControl(LayerControl):
    """folium's layer control, collapsible everywhere (an icon that opens on hover or tap), open at
    first on wide screens, folded on laptops."""

    _template = Template("""
        {% macro script(this,kwargs) %}
            var {{ this.get_name() }}_layers = {
                base_layers : {
                    {%- for key, val in this.base_layers.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
                overlays :  {
                    {%- for key, val in this.overlays.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
            };
            let {{ this.get_name() }} = L.control.layers(
                {{ this.get_name() }}_layers.base_layers,
                {{ this.get_name() }}_layers.overlays,
                {{ this.options|tojavascript }}
            ).addTo({{this._parent.get_name()}});
            // Wide screens start with it open; it folds to its icon once the pointer leaves it.
            if (!{{ this.narrow_js }}) { {{ this.get_name() }}.expand(); }
        {% endmacro %}
    """)

    def __init__(self, position: str = "topright"):
        super().__init__(position=position, collapsed=True)
        self.narrow_js = NARROW_JS


class Layout(MacroElement):
    """Runs cymap/web/assets/declutter.js on the map (after the controls and layers exist)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.script_asset }}
        cymapLayout({{ this._parent.get_name() }}, {});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "Layout"
        self.script_asset = asset_text("declutter.js")


class FontFace(MacroElement):
    """The web font's @font-face: a URL the server answers (the app), or the font inside the page."""

    _template = Template("""
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
    """)

    def __init__(self, url: str | None):
        super().__init__()
        self._name = "FontFace"
        self.css = webfont.font_face_css(url) if url else webfont.inline_font_face_css()


class InlinePlugins(MacroElement):
    """Leaflet.markercluster's script and stylesheet in the page header (after Leaflet's)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        <script>{{ this.js }}</script>
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "InlinePlugins"
        js, css = plugin_assets()
        self.js = js.replace("</script", "<\\/script")
        self.css = css
