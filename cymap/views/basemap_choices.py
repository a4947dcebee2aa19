"""The basemaps a user can choose: keys, labels, datum, whether a key is needed.

The choices are a view concern (the sidebar and the link offer them); how their tiles are drawn
is cymap.web.basemaps.
"""
from __future__ import annotations

from dataclasses import dataclass

from cymap.views.i18n import LANGUAGES, t


@dataclass(frozen=True)
class Basemap:
    key: str
    layers: tuple[str, ...] = ()  # Tianditu layer codes (vec+cva, img+cia)
    gcj02: bool = False  # tiles in GCJ-02: overlays must be shifted
    needs_key: bool = False

    @property
    def label(self) -> dict[str, str]:
        """The name in each language, from the one catalogue (key basemap_<key>)."""
        return {lang: t(f"basemap_{self.key}", lang) for lang in LANGUAGES}


BASEMAPS: dict[str, Basemap] = {
    "osm": Basemap("osm"),
    "carto": Basemap("carto"),
    "gaode": Basemap("gaode", gcj02=True),
    "tianditu_vec": Basemap("tianditu_vec", ("vec", "cva"), needs_key=True),
    "tianditu_img": Basemap("tianditu_img", ("img", "cia"), needs_key=True),
    "none": Basemap("none"),
}
FALLBACK_BASEMAP = "osm"
BASEMAP_KEYS = tuple(BASEMAPS)


def basemap_label(key: str, lang: str) -> str:
    return t(f"basemap_{key}", lang)


def effective_basemap(key: str, tianditu_key: str | None) -> str:
    """The basemap actually drawn: a Tianditu choice without a key falls back to OpenStreetMap."""
    if key not in BASEMAPS:
        return FALLBACK_BASEMAP
    return FALLBACK_BASEMAP if BASEMAPS[key].needs_key and not tianditu_key else key
