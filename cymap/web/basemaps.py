"""Basemaps: tile providers, labels, which basemap is really drawn (Tianditu needs a key)."""
from __future__ import annotations

import re

import folium
import xyzservices
import xyzservices.providers as xyz

# The choices live in the views layer (the sidebar and the link offer them); named here for the map.
from cymap.views.basemap_choices import BASEMAPS, FALLBACK_BASEMAP, basemap_label, effective_basemap  # noqa: F401

# --- basemaps ---------------------------------------------------------------------------------

TIANDITU_URL = "https://t{s}.tianditu.gov.cn/DataServer?T={layer}_w&x={x}&y={y}&l={z}&tk={tk}"
TIANDITU_ATTRIBUTION = '&copy; <a href="https://www.tianditu.gov.cn/">天地图 Tianditu</a> GS(2024)0568号'


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
