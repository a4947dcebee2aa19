"""The placed marks of a map frame: district chips, district names and project numbers.

Every mark goes through the frame's label placer, so no two overlap: a mark with no free place
is left off, and the item it belongs to is recorded in `Sketch.shown` as drawn but not numbered
(the numbered list beside the map says so). `Sketch.shown[number]` is what the reader finds for
an item: "label" (its number on the map), "chip" (a numbered chip in its district), "symbol"
(its symbol, too crowded for a number) or "tint" (its district tinted, too crowded for a chip).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import shapely
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import FancyBboxPatch

from cymap.ledger.schema import STATUS_COLORS
from cymap.print.labels import Placer, leader_needed, measure, ring_offsets
from cymap.print.layout import MapFrame
from cymap.print.style import BOLD, HALO, HALO_BOLD, INK

SHOWN_ON_MAP = ("label", "chip")  # the item's number is printed on the map
DRAWN_UNNUMBERED = ("symbol", "tint")  # drawn, but too crowded for its number


@dataclass
class Sketch:
    """One map frame being drawn: what every drawing step reads and what it leaves for the legend."""

    frame: MapFrame
    view: gpd.GeoDataFrame
    division: str
    lang: str
    scale: float
    numbers: bool
    districts: gpd.GeoDataFrame  # the division's districts cut to the frame
    placer: Placer
    drawn: dict
    highlight: frozenset[str] = frozenset()
    # An area another frame numbers (a wall map's 中心城区 inset, cymap.print.inset): symbols are
    # drawn here, numbers and chips are not (map metres, and its districts).
    quiet: tuple[float, float, float, float] | None = None
    quiet_districts: frozenset[str] = frozenset()

    def is_quiet(self, x: float, y: float) -> bool:
        q = self.quiet
        return q is not None and q[0] <= x <= q[2] and q[1] <= y <= q[3]

    @property
    def ax(self):
        return self.frame.ax

    @property
    def number_size(self) -> float:
        return 6.2 * self.scale

    @property
    def shown(self) -> dict[int, str]:
        return self.drawn["shown"]

    def mark(self, number: int, how: str) -> None:
        """Record how item `number` is shown; a number on the map outranks an unnumbered symbol."""
        if self.shown.get(number) not in SHOWN_ON_MAP:
            self.shown[number] = how


def draw_chips(c: Sketch, chips: dict) -> dict[str, tuple[float, float, float]]:
    """A chip per district-level item near its district's label point (after the point symbols, so
    the chips avoid them); returns district -> (centre x, bottom, top) of its chip block in points."""
    ax, frame, scale, placer = c.ax, c.frame, c.scale, c.placer
    chip_pt = (9.0 if c.numbers else 4.2) * scale
    gap = chip_pt * 1.12
    chip_origin: dict[str, tuple[float, float, float]] = {}
    patches, colours, leaders = [], [], []
    for row in c.districts[c.districts["name_zh"].isin(chips)].itertuples():
        items = sorted(chips[row.name_zh])
        cols = min(len(items), 6 if c.numbers else 8)
        nrows = math.ceil(len(items) / cols)
        px, py = (float(v) for v in frame.to_pt(row.label_point.x, row.label_point.y))
        block_w, block_h = cols * gap, nrows * gap
        candidates = [(-block_w / 2, -block_h / 2)] + [
            (dx * gap * r - block_w / 2, dy * gap * r - block_h / 2)
            for r in (1.5, 3, 4.5, 6, 8) for dx, dy in ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1),
                                                        (1, 1), (-1, 1))]
        placed = placer.place(px, py, block_w, block_h, candidates)
        if placed is None:
            for number, _ in items:
                c.mark(number, "tint")
            continue
        left, bottom = placed
        top = bottom + block_h
        chip_origin[row.name_zh] = (left + block_w / 2, bottom, top)
        if not (left <= px <= left + block_w and bottom <= py <= top):
            leaders.append(frame.to_data([px, left + block_w / 2], [py, (bottom + top) / 2]))
        size_m = chip_pt * frame.metres_per_pt
        for k, (number, status) in enumerate(items):
            cx = left + (k % cols) * gap + gap / 2
            cy = top - (k // cols) * gap - gap / 2
            dx, dy = frame.to_data(cx - chip_pt / 2, cy - chip_pt / 2)
            patches.append(FancyBboxPatch((float(dx), float(dy)), size_m, size_m,
                                          boxstyle=f"round,pad=0,rounding_size={size_m * 0.18}"))
            colours.append(STATUS_COLORS.get(status, INK))
            if c.numbers:
                tx, ty = frame.to_data(cx, cy)
                ax.text(float(tx), float(ty), str(number), ha="center", va="center", color="white",
                        fontsize=c.number_size * (0.82 if number >= 10 else 0.95), zorder=12,
                        path_effects=BOLD, clip_on=True)
                c.mark(number, "chip")
            else:
                c.mark(number, "tint")
    if leaders:
        ax.add_collection(LineCollection([list(zip(x, y)) for x, y in leaders], colors="#777777",
                                         linewidths=0.5 * scale, zorder=10.5), autolim=False)
    if patches:  # one collection; the frame sets the limits, so no per-patch autoscaling
        ax.add_collection(PatchCollection(patches, facecolors=colours, edgecolors="white",
                                          linewidths=0.5 * scale, zorder=11), autolim=False)
    return chip_origin


def draw_district_names(c: Sketch, chip_origin: dict) -> None:
    """District names, the focus districts first, then the biggest; a name that would collide is
    left out. Names of districts outside the focus are lighter."""
    ax, frame, placer, districts = c.ax, c.frame, c.placer, c.districts
    extent_box = shapely.box(frame.x0, frame.y0, frame.x1, frame.y1)
    size = 6.3 * c.scale
    order = districts.assign(_focus=districts["name_zh"].isin(c.highlight))
    for row in order.sort_values(["_focus", "area"], ascending=False).itertuples():
        if not extent_box.contains(row.label_point):
            continue
        name = row.name_zh if c.lang == "zh" else row.name_en
        focus = row.name_zh in c.highlight
        label_size = size * (1.25 if focus and len(c.highlight) <= 3 else 1.0)
        w, h = measure(name, label_size)
        # A margin like the numbers': the drawn extent can exceed the measured box by a fraction of a
        # point (font hinting and caching state differ between exports in one process).
        w, h = w + 1.0, h + 0.8
        px, py = (float(v) for v in frame.to_pt(row.label_point.x, row.label_point.y))
        offsets = [(-w / 2, -h / 2), (-w / 2, -h * 1.9), (-w / 2, h * 0.9), (-w / 2, -h * 3.0), (-w / 2, h * 2.0),
                   (-w / 2, -h * 4.2), (-w / 2, h * 3.2)]
        if row.name_zh in chip_origin:
            cx, bottom, top = chip_origin[row.name_zh]
            px, py = cx, bottom
            offsets = [(-w / 2, -h - 1), (-w / 2, top - bottom + 1)] + offsets
        placed = placer.place(px, py, w, h, offsets)
        if placed is None:
            continue
        tx, ty = frame.to_data(placed[0] + w / 2, placed[1] + h / 2)
        dim = bool(c.highlight) and not focus
        ax.text(float(tx), float(ty), name, ha="center", va="center", fontsize=label_size,
                color="#8a8a8a" if dim else "#3a3a3a", zorder=9, path_effects=HALO, clip_on=True)


def route_anchors(c: Sketch) -> list[tuple[float, float, int]]:
    """Label points of the routes: the middle of the longest part the frame shows (then its thirds)."""
    frame = c.frame
    dx, dy = 0.04 * (frame.x1 - frame.x0), 0.04 * (frame.y1 - frame.y0)
    inner = (frame.x0 + dx, frame.y0 + dy, frame.x1 - dx, frame.y1 - dy)
    anchors = []
    for row in c.view.itertuples():
        parts = [p for p in shapely.get_parts(row.geometry) if p.geom_type == "LineString"] if row.geometry else []
        if not parts:
            continue
        shown = [p for part in parts for p in shapely.get_parts(shapely.clip_by_rect(part, *inner))
                 if p.geom_type == "LineString" and not p.is_empty]
        if shown:
            longest = max(shown, key=lambda p: p.length)
            points = [longest.interpolate(f, normalized=True) for f in (0.5, 0.3, 0.7)]
            anchors.append(([(p.x, p.y) for p in points], int(row.number)))
    return anchors


def draw_numbers(c: Sketch, point_records: list) -> None:
    """Numbers beside points and on routes, with a leader line when pushed away; a number with no
    free place is left off (its symbol stays)."""
    ax, frame, scale, placer = c.ax, c.frame, c.scale, c.placer
    far = tuple(r * scale for r in (14, 20, 28, 38))
    anchors = [([(x, y)], int(row.number), 5.5 * scale) for x, y, row in point_records if not c.is_quiet(x, y)]
    for spots, number in route_anchors(c):
        spots = [(x, y) for x, y in spots if not c.is_quiet(x, y)]
        if spots:
            anchors.append((spots, number, 2.5 * scale))
    leaders = []
    for spots, number, gap in anchors:
        label = str(number)
        w, h = measure(label, c.number_size)
        w, h = w + 1.0, h + 0.5
        for k, (x, y) in enumerate(spots):
            px, py = (float(v) for v in frame.to_pt(x, y))
            placed = placer.place(px, py, w, h, ring_offsets(w, h, gap, far if k == len(spots) - 1 else ()))
            if placed is not None:
                break
        if placed is None:
            c.mark(number, "symbol")
            continue
        lx, ly = placed
        tx, ty = frame.to_data(lx + w / 2, ly + h / 2)
        if leader_needed(px, py, lx, ly, w, h, gap):
            leaders.append([(x, y), (float(tx), float(ty))])
        ax.text(float(tx), float(ty), label, ha="center", va="center", fontsize=c.number_size,
                color=INK, zorder=13, path_effects=HALO_BOLD, clip_on=True)
        c.mark(number, "label")
    if leaders:
        ax.add_collection(LineCollection(leaders, colors="#555555", linewidths=0.4 * scale, zorder=12),
                          autolim=False)
