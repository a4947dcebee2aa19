"""Project symbols: category glyphs, shapes, sizes, the spiral for symbols sharing a place, zoom bands."""
from __future__ import annotations

import html
import math

import numpy as np

from cymap.views.symbology import category_style

# --- symbols ----------------------------------------------------------------------------------

SYMBOL_SIZE = 20  # px
SPIRAL_STEP = 13  # px between symbols sharing a place
CHOROPLETH_COLORS = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
# Symbol shape per drawing style (the legend draws the same CSS).
SHAPES = ("site", "town", "zone", "district")
RIGHT_PANEL_PX = 120  # kept clear on the right for the layer control and legend (folded on laptops)
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


def zoom_band_css() -> str:
    """Show a marker only in its zoom band: class cymap-ge{k} hides it below zoom k, cymap-lt{k}
    from zoom k on. With the summary layer switched off (cymap-nosum) every diamond shows."""
    rules = [f".cymap-zoom-lt{k} .cymap-ge{k},.leaflet-container:not(.cymap-zoom-lt{k}) .cymap-lt{k}{{display:none}}"
             for k in ZOOM_BANDS if k >= SUMMARY_BELOW_ZOOM]
    return "\n".join(rules) + "\n.cymap-nosum .cymap-dd{display:block!important}\n"


def category_glyph(category: str, lang: str) -> str:
    return category_style(category).glyph(lang)


def symbol_html(shape: str, color: str, glyph: str) -> str:
    """A symbol's HTML: the same classes as the legend's samples (CSS in the legend's header)."""
    return (f'<div class="cymap-sym cymap-{shape}" style="--c:{color}">'
            f'<span>{html.escape(glyph)}</span></div>')


def spiral_offsets(k) -> tuple[np.ndarray, np.ndarray]:
    """Pixel offsets (dx, dy) of the k-th symbols at one place (k=0 at the place itself)."""
    k = np.asarray(k, dtype=float)
    angle = k * 2.399963  # golden angle: even spread, no two symbols on one ray
    radius = SPIRAL_STEP * np.sqrt(k)
    return radius * np.cos(angle), radius * np.sin(angle)
