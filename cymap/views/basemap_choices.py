"""The basemaps a user can choose: keys, labels, datum, whether a key is needed.

The choices are a view concern (the sidebar and the link offer them); how their tiles are drawn
is cymap.web.basemaps.
"""
from __future__ import annotations

from dataclasses import dataclass


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
BASEMAP_KEYS = tuple(BASEMAPS)


def basemap_label(key: str, lang: str) -> str:
    return BASEMAPS[key].label[lang]


def effective_basemap(key: str, tianditu_key: str | None) -> str:
    """The basemap actually drawn: a Tianditu choice without a key falls back to OpenStreetMap."""
    if key not in BASEMAPS:
        return FALLBACK_BASEMAP
    return FALLBACK_BASEMAP if BASEMAPS[key].needs_key and not tianditu_key else key
