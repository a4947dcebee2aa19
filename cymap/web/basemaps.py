"""Basemaps: tile providers, labels, which basemap is really drawn (Tianditu needs a key)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import folium
import xyzservices
import xyzservices.providers as xyz



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
