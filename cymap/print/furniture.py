"""Map furniture: north arrow, scale bar and the locator inset, and the room they keep free of labels."""
from __future__ import annotations

import functools
import math

from matplotlib.collections import LineCollection
from matplotlib_scalebar.scalebar import ScaleBar

from cymap.geo import coords
from cymap.print import shapes
from cymap.print.layout import MapFrame
from cymap.print.projection import projected_districts_cached
from cymap.print.style import CONTEXT_FACE, HALO_BOLD, INK
from cymap.views import i18n

ARROW_AT = (0.955, 0.87)  # axes fraction of the arrow's foot
ARROW_LENGTH = 0.075
SCALE_BAR_FRACTION = 0.22


def keep_out_boxes(frame: MapFrame, scale: float) -> list[tuple[float, float, float, float]]:
    """Boxes (points in the map axes) the north arrow and the scale bar occupy: labels stay off them."""
    w, h = frame.width_pt, frame.height_pt
    arrow = (w * ARROW_AT[0] - 9 * scale, h * ARROW_AT[1] - 3 * scale, w, h)
    bar = (0, 0, w * SCALE_BAR_FRACTION + 14 * scale, 22 * scale)
    return [arrow, bar]


@functools.cache
def _transformers():
    """Map CRS → WGS84 and back, built once (a pyproj Transformer takes tens of milliseconds)."""
    from pyproj import Transformer

    return (Transformer.from_crs(coords.CHONGQING_ALBERS, coords.WGS84, always_xy=True),
            Transformer.from_crs(coords.WGS84, coords.CHONGQING_ALBERS, always_xy=True))


def north_arrow(frame: MapFrame, lang: str, scale: float) -> None:
    """Arrow to true north at the map centre (grid north differs by the meridian convergence)."""
    to_geo, to_map = _transformers()
    cx, cy = (frame.x0 + frame.x1) / 2, (frame.y0 + frame.y1) / 2
    lon, lat = to_geo.transform(cx, cy)
    nx, ny = to_map.transform(lon, lat + 0.1)
    angle = math.atan2(nx - cx, ny - cy)
    ax = frame.ax
    bx, by = ARROW_AT
    aspect = frame.width_pt / frame.height_pt
    tip = (bx + math.sin(angle) * ARROW_LENGTH / aspect, by + math.cos(angle) * ARROW_LENGTH)
    ax.annotate("", xy=tip, xytext=(bx, by), xycoords="axes fraction",
                arrowprops={"arrowstyle": "-|>,head_length=0.9,head_width=0.45", "color": INK,
                            "linewidth": 1.4 * scale}, zorder=20)
    ax.text(tip[0], tip[1] + 0.012, i18n.t("north", lang), transform=ax.transAxes, ha="center",
            va="bottom", fontsize=9 * scale, color=INK, zorder=20, path_effects=HALO_BOLD)


def scale_bar(frame: MapFrame, scale: float) -> None:
    frame.ax.add_artist(ScaleBar(1, units="m", location="lower left", length_fraction=SCALE_BAR_FRACTION,
                                 width_fraction=0.008, box_alpha=0.85, border_pad=0.6, pad=0.4, scale_loc="top",
                                 font_properties={"size": 7 * scale}))


@functools.cache
def _inset_geometry(division: str):
    """The inset's districts and context, simplified once (the inset is a few centimetres wide)."""
    districts = projected_districts_cached(division)
    x0, y0, x1, y1 = districts.total_bounds
    lod = shapes.level((x1 - x0) / 150)
    return (districts["name_zh"].to_numpy(), shapes.districts_at(division, lod), shapes.context_at(lod),
            shapes.outline_at(division, None, lod), (x0, y0, x1, y1))


def locator_inset(ax, division: str, highlight: set[str], scale: float, lang: str) -> None:
    """Chongqing with the mapped districts filled, for a view that is a part of the city."""
    names, districts, context, outline, (x0, y0, x1, y1) = _inset_geometry(division)
    pad = 0.04 * (x1 - x0)
    chosen = [name in highlight for name in names]
    shapes.polygons(ax, context, facecolor=CONTEXT_FACE, edgecolor="#d0d0d0", linewidth=0.2 * scale, zorder=1)
    shapes.polygons(ax, districts, facecolor="#f4f2ec", edgecolor="#b5b5b5", linewidth=0.2 * scale, zorder=2)
    shapes.polygons(ax, districts[chosen], facecolor="#e31a1c", edgecolor="#9b1111", linewidth=0.3 * scale,
                    alpha=0.85, zorder=3)
    ax.add_collection(LineCollection(shapes.line_paths(outline), colors="#555555", linewidths=0.5 * scale,
                                     zorder=4), autolim=False)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_linewidth(0.5 * scale)
        spine.set_color("#888888")
    ax.set_title(i18n.t("locator", lang), fontsize=6.5 * scale, pad=2, color="#444444")
