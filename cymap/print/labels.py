"""Label placement: text widths (the one CJK width rule), measured label boxes, a greedy placer
over a grid index, rings of candidates with leader lines, and spreading of symbols at one spot.

A label is only ever set where it is free: `Placer.place` returns None when no candidate is
free, and the caller leaves that label off the map (the numbered list beside it names the item).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cymap.print.style import INK
from cymap.print.layout import MapFrame

GRID_PT = 24.0  # cell of the placer's index, points


@dataclass
class Placer:
    """Greedy label placement: boxes in points within the map axes; the first free candidate wins.

    Taken boxes are indexed by grid cell, so a page with thousands of labels checks only its
    neighbours. `keep_out` boxes (north arrow, scale bar) are taken from the start."""

    width_pt: float
    height_pt: float
    taken: list[tuple[float, float, float, float]] = field(default_factory=list)
    cells: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    def _cells(self, box):
        x0, y0, x1, y1 = box
        for i in range(int(math.floor(x0 / GRID_PT)), int(math.floor(x1 / GRID_PT)) + 1):
            for j in range(int(math.floor(y0 / GRID_PT)), int(math.floor(y1 / GRID_PT)) + 1):
                yield i, j

    def inside(self, box) -> bool:
        x0, y0, x1, y1 = box
        return x0 >= 0 and y0 >= 0 and x1 <= self.width_pt and y1 <= self.height_pt

    def free(self, box) -> bool:
        if not self.inside(box):
            return False
        x0, y0, x1, y1 = box
        for cell in self._cells(box):
            for k in self.cells.get(cell, ()):
                a0, b0, a1, b1 = self.taken[k]
                if not (x1 <= a0 or x0 >= a1 or y1 <= b0 or y0 >= b1):
                    return False
        return True

    def take(self, box) -> None:
        self.taken.append(tuple(box))
        k = len(self.taken) - 1
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(k)

    def place(self, x: float, y: float, w: float, h: float, candidates) -> tuple[float, float] | None:
        """Lower-left corner of the first free w×h box among offsets from (x, y), taken; None if none is free."""
        for dx, dy in candidates:
            box = (x + dx, y + dy, x + dx + w, y + dy + h)
            if self.free(box):
                self.take(box)
                return box[0], box[1]
        return None


def ring_offsets(w: float, h: float, gap: float, far: tuple[float, ...] = ()):
    """Candidate lower-left offsets around a point: right, left, above, below, diagonals, then
    rings at the `far` radii (points) in 16 directions, reached by a leader line."""
    for radius in (1.0, 2.2):
        g = gap * radius
        yield from ((g, -h / 2), (-g - w, -h / 2), (-w / 2, g), (-w / 2, -g - h),
                    (g * 0.7, g * 0.7), (-g * 0.7 - w, g * 0.7), (g * 0.7, -g * 0.7 - h),
                    (-g * 0.7 - w, -g * 0.7 - h))
    for radius in far:
        for k in range(16):
            angle = 2 * math.pi * k / 16
            cx, cy = radius * math.cos(angle), radius * math.sin(angle)
            yield cx - w / 2, cy - h / 2


def leader_needed(px: float, py: float, lx: float, ly: float, w: float, h: float, gap: float) -> bool:
    """A label further than its symbol's gap plus its own size is tied to the symbol by a line."""
    return math.hypot(lx + w / 2 - px, ly + h / 2 - py) > gap + max(w, h)


def spread_points(records: list, frame: MapFrame, step_pt: float) -> list:
    """Symbols at one spot (several projects at one town seat) are set on a small ring around
    it, so each stays visible and keeps its number; a lone symbol stays where it is."""
    groups: dict[tuple[int, int], list[int]] = {}
    for k, (x, y, _) in enumerate(records):
        px, py = frame.to_pt(x, y)
        groups.setdefault((round(float(px) / 2.5), round(float(py) / 2.5)), []).append(k)
    out = list(records)
    for members in groups.values():
        if len(members) < 2:
            continue
        n = len(members)
        radius = step_pt * max(0.75, n / (2 * math.pi) * 1.05)
        x, y, _ = records[members[0]]
        px, py = frame.to_pt(x, y)
        for j, k in enumerate(members):
            angle = math.pi / 2 - 2 * math.pi * j / n
            nx, ny = frame.to_data(float(px) + radius * math.cos(angle), float(py) + radius * math.sin(angle))
            out[k] = (float(nx), float(ny), records[k][2])
        frame.ax.plot(x, y, marker="o", markersize=2.2, color=INK, zorder=9, linestyle="none")
    return out


# --- measured text boxes -------------------------------------------------------------------------
@functools.cache
def _scratch() -> Figure:
    fig = Figure(figsize=(2, 2), dpi=72)
    FigureCanvasAgg(fig)
    return fig


@functools.lru_cache(maxsize=8192)
def text_box_pt(text: str, size: float, family: tuple[str, ...]) -> tuple[float, float]:
    """Width and height in points of `text` at `size` as matplotlib lays it out (Text.get_window_extent
    at 72 dpi, so pixels are points), for the font `family` of the export's rcParams."""
    fig = _scratch()
    artist = fig.text(0, 0, text, fontsize=size, family=list(family))
    extent = artist.get_window_extent(fig.canvas.get_renderer())
    artist.remove()
    return float(extent.width), float(extent.height)


def measure(text: str, size: float) -> tuple[float, float]:
    """`text_box_pt` in the current rcParams' font family (call inside the export's rc_context)."""
    from matplotlib import rcParams

    return text_box_pt(str(text), round(float(size), 3), tuple(rcParams["font.family"]))


# --- the one width rule of printed text ----------------------------------------------------------
CJK_START = 0x2E80  # CJK radicals onwards: full-width glyphs
LATIN_EM = 0.6  # a Latin letter or digit is about 0.6 em in Noto Sans


def char_width_em(ch: str) -> float:
    """The one width rule of printed text: a CJK glyph one em, anything else about 0.6 em."""
    return 1.0 if ord(ch) > CJK_START else LATIN_EM


def text_width_em(text) -> float:
    return sum(char_width_em(ch) for ch in str(text))


def text_width_pt(text: str, size: float) -> float:
    """Approximate advance width in points at font `size`."""
    return size * text_width_em(text)


def truncate(text: str, max_em: float) -> str:
    """Cut `text` to `max_em` ems (CJK one em, others 0.6), ending with … when cut."""
    text = str(text)
    widths = [char_width_em(ch) for ch in text]
    if sum(widths) <= max_em:
        return text
    out, used = "", 0.0
    for ch, w in zip(text, widths):
        if used + w > max_em - 1.0:  # leave one em for the ellipsis
            break
        out += ch
        used += w
    return out.rstrip() + "…"


def wrap(text: str, max_em: float) -> list[str]:
    """Lines of at most `max_em` ems by the width rule; breaks at spaces where a line allows, else
    anywhere (Chinese has no spaces to break at)."""
    lines, line, used, last_space = [], "", 0.0, -1
    for ch in str(text):
        w = char_width_em(ch)
        if used + w > max_em and line:
            if ch != " " and last_space > 0:
                lines.append(line[:last_space].rstrip())
                line = line[last_space + 1:]
            else:
                lines.append(line.rstrip())
                line = ""
            used, last_space = text_width_em(line), -1
            if ch == " " and not line:
                continue
        if ch == " ":
            last_space = len(line)
        line += ch
        used += w
    if line.strip():
        lines.append(line.rstrip())
    return lines
