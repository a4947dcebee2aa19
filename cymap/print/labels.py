"""Label placement: text widths (the one CJK width rule), a greedy placer, rings of candidates, spreading."""
from __future__ import annotations

import math
from dataclasses import dataclass, field


from cymap.print.style import INK
from cymap.print.layout import MapFrame


@dataclass
class Placer:
    """Greedy label placement: boxes in points within the map axes; first free candidate wins."""

    width_pt: float
    height_pt: float
    taken: list[tuple[float, float, float, float]] = field(default_factory=list)

    def free(self, box) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 0 or y0 < 0 or x1 > self.width_pt or y1 > self.height_pt:
            return False
        return all(x1 <= a0 or x0 >= a1 or y1 <= b0 or y0 >= b1 for a0, b0, a1, b1 in self.taken)

    def take(self, box) -> None:
        self.taken.append(box)

    def place(self, x: float, y: float, w: float, h: float, candidates) -> tuple[float, float, bool]:
        """Lower-left corner of the first free w×h box among offsets from (x, y); else the first."""
        first = None
        for dx, dy in candidates:
            box = (x + dx, y + dy, x + dx + w, y + dy + h)
            first = first or box
            if self.free(box):
                self.take(box)
                return box[0], box[1], True
        self.take(first)
        return first[0], first[1], False


def ring_offsets(w: float, h: float, gap: float):
    """Candidate lower-left offsets around a point: right, left, above, below, diagonals, further out."""
    for radius in (1.0, 2.2, 3.6):
        g = gap * radius
        yield from ((g, -h / 2), (-g - w, -h / 2), (-w / 2, g), (-w / 2, -g - h),
                    (g * 0.7, g * 0.7), (-g * 0.7 - w, g * 0.7), (g * 0.7, -g * 0.7 - h),
                    (-g * 0.7 - w, -g * 0.7 - h))



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
