"""Page layout: paper sizes, layout boxes in millimetres, the map frame and its extent."""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cymap.print.choices import PAPER_MM  # re-exported: the pages' paper sizes
from cymap.print.projection import projected_districts_cached


WALL_PAPERS = ("A1", "A0")  # 挂图: read on the wall from about two metres
MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
# Above this many projects a map is not numbered (the placer would spend its time on a page of
# numbers nobody reads); the pack's overview is never numbered, its district pages always.
NUMBERED_MAX = {"A4": 250, "A3": 400, "A1": 1200, "A0": 2400}
LIST_MIN_PT = 5.0  # the smallest list type on an A4 page (× scale on larger paper)
# Wall maps are read from two metres: an em of 5 mm (14 pt) is the smallest comfortable CJK glyph
# there (about 8.6 minutes of arc); the numbered list keeps at least this much on A0, and A1, half
# A0's area, keeps the same design at 1/√2 of it.
WALL_LIST_MIN_PT = {"A1": 10.0, "A0": 14.0}


# --- page geometry -----------------------------------------------------------------------------
@dataclass
class Page:
    """A sheet and its layout boxes, in millimetres from the lower-left corner."""

    paper: str = "A4"
    orientation: str = "landscape"

    def __post_init__(self):
        if self.paper not in PAPER_MM:
            raise ValueError(f"paper must be one of {', '.join(PAPER_MM)}, not {self.paper!r}")
        if self.orientation not in ("landscape", "portrait"):
            raise ValueError(f"orientation must be landscape or portrait, not {self.orientation!r}")

    @property
    def size_mm(self) -> tuple[float, float]:
        w, h = PAPER_MM[self.paper]
        return (w, h) if self.orientation == "landscape" else (h, w)

    @property
    def scale(self) -> float:
        """Type and line scale relative to A4 (A3 is the same design, √2 larger)."""
        return PAPER_MM[self.paper][0] / PAPER_MM["A4"][0]

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"

    @property
    def wall(self) -> bool:
        """A wall map (A1, A0): the panel is wider and holds the full numbered list in columns."""
        return self.paper in WALL_PAPERS

    @property
    def numbered_max(self) -> int:
        return NUMBERED_MAX[self.paper]

    def figure(self, dpi: int) -> Figure:
        w, h = self.size_mm
        fig = Figure(figsize=(w / MM_PER_INCH, h / MM_PER_INCH), dpi=dpi, facecolor="white")
        FigureCanvasAgg(fig)  # a renderer to measure the legend with; savefig switches per format
        return fig

    def boxes(self, has_panel: bool = True) -> dict[str, tuple[float, float, float, float]]:
        """x, y, width, height (mm) of header, map, panel and footer."""
        s = self.scale
        w, h = self.size_mm
        margin, header, footer = 8 * s, 19 * s, 12 * s
        body_y, body_h = margin + footer, h - 2 * margin - header - footer
        boxes = {"header": (margin, h - margin - header, w - 2 * margin, header),
                 "footer": (margin, margin, w - 2 * margin, footer)}
        if not has_panel:
            boxes["map"] = (margin, body_y, w - 2 * margin, body_h)
        elif self.landscape:
            panel_w = (0.44 if self.wall else 0.36) * (w - 2 * margin)
            boxes["map"] = (margin, body_y, w - 2 * margin - panel_w - 4 * s, body_h)
            boxes["panel"] = (w - margin - panel_w, body_y, panel_w, body_h)
        else:
            map_h = 0.6 * body_h
            boxes["map"] = (margin, body_y + body_h - map_h, w - 2 * margin, map_h)
            boxes["panel"] = (margin, body_y, w - 2 * margin, body_h - map_h - 4 * s)
        return boxes

    def axes(self, fig: Figure, box: tuple[float, float, float, float], **kwargs):
        w, h = self.size_mm
        x, y, bw, bh = box
        return fig.add_axes((x / w, y / h, bw / w, bh / h), **kwargs)



@dataclass
class MapFrame:
    """The map axes with its data extent, and conversions between data metres and points."""

    ax: object
    x0: float
    y0: float
    x1: float
    y1: float
    width_pt: float
    height_pt: float

    @property
    def metres_per_pt(self) -> float:
        return (self.x1 - self.x0) / self.width_pt

    def to_pt(self, x, y):
        return (np.asarray(x) - self.x0) / self.metres_per_pt, (np.asarray(y) - self.y0) / self.metres_per_pt

    def to_data(self, px, py):
        return self.x0 + np.asarray(px) * self.metres_per_pt, self.y0 + np.asarray(py) * self.metres_per_pt


def fit_extent(bounds, width_pt: float, height_pt: float, pad: float = 0.06):
    """Grow `bounds` (minx, miny, maxx, maxy) by `pad` and to the axes' aspect ratio."""
    minx, miny, maxx, maxy = bounds
    w, h = max(maxx - minx, 1000.0), max(maxy - miny, 1000.0)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    w, h = w * (1 + 2 * pad), h * (1 + 2 * pad)
    aspect = width_pt / height_pt
    if w / h > aspect:
        h = w / aspect
    else:
        w = h * aspect
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2



def map_frame(fig: Figure, page: Page, box, bounds) -> MapFrame:
    ax = page.axes(fig, box)
    w_pt = box[2] / MM_PER_INCH * PT_PER_INCH
    h_pt = box[3] / MM_PER_INCH * PT_PER_INCH
    x0, y0, x1, y1 = fit_extent(bounds, w_pt, h_pt)
    return MapFrame(ax, x0, y0, x1, y1, w_pt, h_pt)


def view_bounds(view_projected: gpd.GeoDataFrame, division: str, focus: set[str] | None):
    """What the map shows: the focus districts if any, else the whole municipality. Long routes
    into Sichuan run off the frame rather than shrink Chongqing to a corner of the page."""
    districts = projected_districts_cached(division)
    if focus:
        return districts[districts["name_zh"].isin(focus)].total_bounds
    return districts.total_bounds
