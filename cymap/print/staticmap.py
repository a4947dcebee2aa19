"""Print-ready static map pages (matplotlib, no browser) in a projected CRS.

One page = title and subtitle, the map (districts, projects styled as in the app, numbered
when few enough to read), a side panel (locator inset, legend, numbered project list) and a
footnote. Everything is laid out in millimetres on an A4 or A3 sheet and drawn in
`coords.CHONGQING_ALBERS`, so the scale bar is in true metres. Label placement works in
points (1/72 inch) relative to the map axes, which is independent of the output dpi.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle
from matplotlib_scalebar.scalebar import ScaleBar

from cymap.geo import coords, geodata

from cymap.views import i18n, maptext
from cymap.geo.division import districts_column
from cymap.ledger.schema import BUILT_STATUSES, STATUS_COLORS, STATUSES

matplotlib.use("Agg")  # exports never open a window

PAPER_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape width, height
MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
NUMBERED_MAX = 40  # above this many projects a map is not numbered (the numbers would not be readable)
INK = "#222222"
DISTRICT_EDGE = "#6b6b6b"
CONTEXT_FACE = "#efefef"
LAND_FACE = "#fbfaf6"
SEA_FACE = "#ffffff"
# The derived (Voronoi) stretch of the division's boundaries: dark, dashed, a little heavier than the
# district edges, on a land-coloured underlay so its gaps show even over the highlighted outline.
APPROXIMATE_EDGE = "#333333"
APPROXIMATE_WIDTH = 1.2  # x scale, points
APPROXIMATE_DASHES = (0, (3.0, 2.0))
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]
# The font has one weight; bold is drawn as the glyph outline stroked in the text's own colour.
BOLD = [patheffects.Stroke(linewidth=0.45), patheffects.Normal()]
HALO_BOLD = [patheffects.Stroke(linewidth=2.4, foreground="white"), patheffects.Stroke(linewidth=0.45),
             patheffects.Normal()]

# Category -> marker shape (colour is the status). Categories sharing a shape share a legend row.
CATEGORY_MARKERS: dict[str, str] = {
    "airport": "^", "rail": "s", "urban_rail": "s", "road": "D", "waterway": "v", "port": "v",
    "logistics": "P", "energy": "X", "water": "d", "zone": "h", "industry": "p", "digital": "8",
    "science": "*", "commerce": "o", "culture_tourism": ">", "ecology": "<", "public_service": "o",
    "pilot": "H", "cooperation": "H", "opening": "P",
}
DEFAULT_MARKER = "o"


# --- geodata in the projected CRS -------------------------------------------------------------
def row_districts(view: pd.DataFrame, division: str) -> pd.Series:
    return view[districts_column(division)]


@functools.cache
def _projected_districts(division: str) -> gpd.GeoDataFrame:
    try:
        table = geodata.districts(division)
    except ValueError:
        # Until the division API lands, geodata knows only the 2023 units; draw those.
        table = geodata.districts()
    projected = table.to_crs(coords.CHONGQING_ALBERS)
    projected["label_point"] = shapely.point_on_surface(projected.geometry.values)
    projected["area"] = projected.geometry.area
    return projected


def projected_districts(division: str) -> gpd.GeoDataFrame:
    return _projected_districts(division).copy()


@functools.lru_cache(maxsize=128)
def _outline(division: str, names: frozenset[str] | None, tolerance: float):
    """Outer boundary of the named districts (all when None), simplified to `tolerance` metres."""
    table = _projected_districts(division)
    if names is not None:
        table = table[table["name_zh"].isin(names)]
    return shapely.simplify(table.geometry.union_all(), tolerance, preserve_topology=True).boundary


@functools.cache
def _projected_approximate_boundary(division: str):
    """geodata.approximate_boundary in the map projection (empty for the 2023 division)."""
    line = geodata.approximate_boundary(division)
    return gpd.GeoSeries([line], crs=coords.WGS84).to_crs(coords.CHONGQING_ALBERS).iloc[0]


def draw_approximate_boundary(frame: "MapFrame", division: str, scale: float) -> bool:
    """Draw the division's approximate boundary where it crosses the frame; True when drawn."""
    pad = 5 * frame.metres_per_pt
    clipped = shapely.clip_by_rect(_projected_approximate_boundary(division),
                                   frame.x0 - pad, frame.y0 - pad, frame.x1 + pad, frame.y1 + pad)
    segments = [np.asarray(part.coords) for part in _line_parts(clipped)]
    if not segments:
        return False
    width = APPROXIMATE_WIDTH * scale
    frame.ax.add_collection(LineCollection(segments, colors=LAND_FACE, linewidths=width + 0.6 * scale, zorder=7,
                                           capstyle="butt"))
    frame.ax.add_collection(LineCollection(segments, colors=APPROXIMATE_EDGE, linewidths=width,
                                           linestyles=[APPROXIMATE_DASHES], zorder=7.1, capstyle="butt"))
    return True


@functools.cache
def _projected_context() -> gpd.GeoDataFrame:
    return geodata.sichuan_context().to_crs(coords.CHONGQING_ALBERS)


def project_view(view: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The view in the page's CRS. District-level and municipality-wide rows are drawn as chips
    and counts, not as their polygons, so only their point and line parts are projected; rows
    share geometry objects (one per place), so each distinct geometry is projected once."""
    out = view.copy()
    if out.crs is None:
        out = out.set_crs(coords.WGS84)
    geoms = np.asarray(out.geometry.values, dtype=object)
    coarse = out["precision"].isin(["district", "municipal"]).to_numpy() if "precision" in out else np.zeros(len(out), bool)
    codes, keys = pd.factorize(pd.Series([(id(g), c) for g, c in zip(geoms, coarse)], dtype=object))
    first = np.zeros(len(keys), dtype=int)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    distinct = []
    for g, c in zip(geoms[first], coarse[first]):
        if c and g is not None:
            kept = [p for p in shapely.get_parts(g) if p.geom_type not in ("Polygon", "MultiPolygon")]
            g = shapely.GeometryCollection(kept) if len(kept) > 1 else (kept[0] if kept else None)
        distinct.append(g)
    projected = gpd.GeoSeries(distinct, crs=out.crs).to_crs(coords.CHONGQING_ALBERS).values
    return out.set_geometry(gpd.GeoSeries(projected.take(codes), index=out.index, crs=coords.CHONGQING_ALBERS))


# --- numbering ---------------------------------------------------------------------------------
def numbered(view: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The view in plan order (action, task, id) with `number` 1..n, the key of map and list."""
    order = view.sort_values(["action", "task", "id"], kind="stable", na_position="last")
    order = order.copy()
    order["number"] = np.arange(1, len(order) + 1)
    return order


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
            panel_w = 0.36 * (w - 2 * margin)
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


# --- map drawing -------------------------------------------------------------------------------
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


def _ring_offsets(w: float, h: float, gap: float):
    """Candidate lower-left offsets around a point: right, left, above, below, diagonals, further out."""
    for radius in (1.0, 2.2, 3.6):
        g = gap * radius
        yield from ((g, -h / 2), (-g - w, -h / 2), (-w / 2, g), (-w / 2, -g - h),
                    (g * 0.7, g * 0.7), (-g * 0.7 - w, g * 0.7), (g * 0.7, -g * 0.7 - h),
                    (-g * 0.7 - w, -g * 0.7 - h))


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


HATCH_MAX_DISTRICTS = 8  # hatching more districts than this turns the map into texture: tint instead


def district_item_style(hatch: bool) -> dict:
    """How a district with district-level items is filled: hatched, or tinted on crowded maps."""
    if hatch:
        return {"facecolor": "#f6efe3", "edgecolor": "#b08850", "hatch": "////", "linewidth": 0}
    return {"facecolor": "#f1e2c6", "edgecolor": "none", "linewidth": 0}


def _simplified(frame_gdf: gpd.GeoDataFrame, frame: "MapFrame") -> gpd.GeoDataFrame:
    """Polygons cut to the map frame and simplified to a quarter point: what the page can show,
    so a PDF page holds tens of kilobytes of boundary, not megabytes."""
    box = (frame.x0 - 5 * frame.metres_per_pt, frame.y0 - 5 * frame.metres_per_pt,
           frame.x1 + 5 * frame.metres_per_pt, frame.y1 + 5 * frame.metres_per_pt)
    geoms = shapely.clip_by_rect(frame_gdf.geometry.values, *box)
    geoms = shapely.simplify(geoms, frame.metres_per_pt * 0.25, preserve_topology=True)
    out = frame_gdf.copy()
    out = out.set_geometry(list(geoms))
    return out[~out.geometry.is_empty]


def _line_parts(geom):
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "LineString":
        return [geom]
    if geom.geom_type in ("MultiLineString", "GeometryCollection"):
        return [g for g in geom.geoms if g.geom_type == "LineString"]
    return []


def _point_parts(geom):
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Point":
        return [geom]
    if geom.geom_type in ("MultiPoint", "GeometryCollection"):
        return [g for g in geom.geoms if g.geom_type == "Point"]
    return []


def draw_map(frame: MapFrame, view: gpd.GeoDataFrame, *, division: str, lang: str, scale: float,
             numbers: bool, highlight: set[str] | None = None) -> dict:
    """Draw districts and the projects of `view` (projected, with `number`) on the frame.

    Returns what the legend needs: statuses, categories, kinds of geometry drawn, and counts of
    items not drawn (municipality-wide, unresolved)."""
    ax = frame.ax
    districts = _projected_districts(division)
    context = _projected_context()
    extent_box = shapely.box(frame.x0, frame.y0, frame.x1, frame.y1)
    ax.set_facecolor(SEA_FACE)
    context_in = context[context.intersects(extent_box)]
    districts = _simplified(districts, frame)
    if not context_in.empty:
        _simplified(context_in, frame).plot(ax=ax, facecolor=CONTEXT_FACE, edgecolor="#c8c8c8", linewidth=0.4 * scale, zorder=1)
    if highlight:
        chosen = districts["name_zh"].isin(highlight)
        districts[~chosen].plot(ax=ax, facecolor="#f3f3f0", edgecolor="#a0a0a0", linewidth=0.4 * scale, zorder=2)
        districts[chosen].plot(ax=ax, facecolor=LAND_FACE, edgecolor=DISTRICT_EDGE, linewidth=0.6 * scale, zorder=2)
        gpd.GeoSeries([_outline(division, frozenset(highlight), frame.metres_per_pt * 0.25)]).plot(
            ax=ax, color="#444444", linewidth=1.3 * scale, zorder=6)
    else:
        districts.plot(ax=ax, facecolor=LAND_FACE, edgecolor=DISTRICT_EDGE, linewidth=0.5 * scale, zorder=2)
    gpd.GeoSeries([_outline(division, None, frame.metres_per_pt * 0.25)]).plot(
        ax=ax, color="#3a3a3a", linewidth=1.0 * scale, zorder=6)
    approximate_drawn = draw_approximate_boundary(frame, division, scale)
    ax.set_xlim(frame.x0, frame.x1)
    ax.set_ylim(frame.y0, frame.y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.8 * scale)
        spine.set_color("#555555")

    placer = Placer(frame.width_pt, frame.height_pt)
    drawn = {"statuses": set(), "markers": {}, "route_built": False, "route_not_built": False,
             "district": False, "zone": False, "town": False, "approximate_boundary": approximate_drawn,
             "municipal": int((view["precision"] == "municipal").sum()),
             "unresolved": int((view["precision"] == "unresolved").sum())}
    number_size = 6.2 * scale

    # District-level items: a tinted hatch on the district and a chip per item at its label point.
    district_rows = view[view["precision"] == "district"]
    chips: dict[str, list[tuple[int, str]]] = {}
    dist_names = row_districts(district_rows, division)
    for row, names in zip(district_rows.itertuples(), dist_names):
        for name in names:
            chips.setdefault(name, []).append((int(row.number), row.status))
        drawn["statuses"].add(row.status)
        drawn["district"] = True
    hatched = districts[districts["name_zh"].isin(chips)]
    drawn["district_hatch"] = len(hatched) <= HATCH_MAX_DISTRICTS
    if not hatched.empty:
        _simplified(hatched, frame).plot(ax=ax, **district_item_style(drawn["district_hatch"]), zorder=3)

    # Lines (routes): casing + status colour; dashed while not completed. One collection per
    # style, not two Line2D per route: thousands of routes draw in one call each.
    casing, by_style = [], {True: ([], []), False: ([], [])}
    for row in view.itertuples():
        for part in _line_parts(row.geometry):
            xy = np.asarray(part.coords)[:, :2]
            built = row.status in BUILT_STATUSES
            casing.append(xy)
            by_style[built][0].append(xy)
            by_style[built][1].append(STATUS_COLORS.get(row.status, INK))
            drawn["route_built" if built else "route_not_built"] = True
            drawn["statuses"].add(row.status)
    if casing:
        ax.add_collection(LineCollection(casing, colors="white", linewidths=3.6 * scale, capstyle="round",
                                         zorder=7), autolim=False)
    for built, (segments, colours) in by_style.items():
        if segments:
            ax.add_collection(LineCollection(segments, colors=colours, linewidths=2.0 * scale,
                                             linestyles="-" if built else [(0, (3.5, 1.8))], capstyle="round",
                                             zorder=8), autolim=False)

    # Polygons that are not district-level (zones with an outline): dotted edge, light tint.
    for row in view[view["precision"].isin(["zone", "site", "town", "outside", "route"])].itertuples():
        geom = row.geometry
        if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
            gpd.GeoSeries([geom]).plot(ax=ax, facecolor=STATUS_COLORS.get(row.status, INK), alpha=0.15,
                                       edgecolor=STATUS_COLORS.get(row.status, INK), linestyle=":",
                                       linewidth=1.0 * scale, zorder=4)
            drawn["zone"] = True

    # Points: category shape, status colour; zones get a dotted ring, towns a thin halo ring.
    point_records = []
    for row in view.itertuples():
        for point in _point_parts(row.geometry):
            point_records.append((point.x, point.y, row))
    point_records = spread_points(point_records, frame, 8.5 * scale)
    # One scatter per marker style (sizes in points², as plot's markersize squared).
    halos, rings, symbols = [], [], {}
    for x, y, row in point_records:
        marker = CATEGORY_MARKERS.get(row.category, DEFAULT_MARKER)
        colour = STATUS_COLORS.get(row.status, INK)
        size = (7.5 if marker != "*" else 10.0) * scale
        if row.precision == "zone":
            halos.append((x, y, (size * 2.3) ** 2, colour))
            drawn["zone"] = True
        elif row.precision == "town":
            rings.append((x, y, (size * 1.9) ** 2, colour))
            drawn["town"] = True
        symbols.setdefault(marker, []).append((x, y, size ** 2, colour))
        drawn["statuses"].add(row.status)
        drawn["markers"].setdefault(marker, set()).add(row.category)
        px, py = frame.to_pt(x, y)
        half = size / 2
        placer.take((float(px) - half, float(py) - half, float(px) + half, float(py) + half))
    if halos:
        x, y, size, colour = zip(*halos)
        ax.scatter(x, y, s=size, marker="o", facecolors=colour, edgecolors=colour, alpha=0.12, zorder=8)
    if rings:
        x, y, size, colour = zip(*rings)
        ax.scatter(x, y, s=size, marker="o", facecolors="none", edgecolors=colour, linewidths=0.6 * scale, zorder=8)
    for marker, items in symbols.items():
        x, y, size, colour = zip(*items)
        ax.scatter(x, y, s=size, marker=marker, facecolors=colour, edgecolors="white", linewidths=0.7 * scale,
                   zorder=10)

    # Chips for district-level items (after the point markers, so they avoid them).
    chip_pt = (9.0 if numbers else 4.2) * scale
    chip_origin: dict[str, tuple[float, float, float]] = {}
    chip_patches, chip_colours = [], []
    for row in districts[districts["name_zh"].isin(chips)].itertuples():
        items = sorted(chips[row.name_zh])
        cols = min(len(items), 6 if numbers else 8)
        nrows = math.ceil(len(items) / cols)
        px, py = frame.to_pt(row.label_point.x, row.label_point.y)
        px, py = float(px), float(py)
        gap = chip_pt * 1.12
        block_w, block_h = cols * gap, nrows * gap
        candidates = [(-block_w / 2, -block_h / 2)] + [
            (dx * gap * r - block_w / 2, dy * gap * r - block_h / 2)
            for r in (1.5, 3, 4.5) for dx, dy in ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1))]
        left, bottom, _ = placer.place(px, py, block_w, block_h, candidates)
        placer.taken.pop()  # re-added below with the final box
        top = bottom + block_h
        chip_origin[row.name_zh] = (left + block_w / 2, bottom, top)
        for k, (number, status) in enumerate(items):
            cx = left + (k % cols) * gap + gap / 2
            cy = top - (k // cols) * gap - gap / 2
            dx, dy = frame.to_data(cx - chip_pt / 2, cy - chip_pt / 2)
            size_m = chip_pt * frame.metres_per_pt
            chip_patches.append(FancyBboxPatch((float(dx), float(dy)), size_m, size_m,
                                               boxstyle=f"round,pad=0,rounding_size={size_m * 0.18}"))
            chip_colours.append(STATUS_COLORS.get(status, INK))
            if numbers:
                tx, ty = frame.to_data(cx, cy)
                ax.text(float(tx), float(ty), str(number), ha="center", va="center", color="white",
                        fontsize=number_size * (0.82 if number >= 10 else 0.95), zorder=12,
                        path_effects=BOLD, clip_on=True)
        placer.take((left, top - nrows * gap, left + cols * gap, top))
    if chip_patches:  # one collection; the frame sets the limits, so no per-patch autoscaling
        ax.add_collection(PatchCollection(chip_patches, facecolors=chip_colours, edgecolors="white",
                                          linewidths=0.5 * scale, zorder=11), autolim=False)

    # District names: biggest districts first; a name that would collide is left out.
    label_size = 6.3 * scale if len(districts) else 6
    for row in districts.sort_values("area", ascending=False).itertuples():
        if not extent_box.contains(row.label_point):
            continue
        name = row.name_zh if lang == "zh" else row.name_en
        w = _text_width_pt(name, label_size)
        h = label_size * 1.2
        px, py = frame.to_pt(row.label_point.x, row.label_point.y)
        offsets = [(-w / 2, -h / 2), (-w / 2, -h * 1.9), (-w / 2, h * 0.9), (-w / 2, -h * 3.0), (-w / 2, h * 2.0)]
        if row.name_zh in chip_origin:
            cx, bottom, top = chip_origin[row.name_zh]
            px, py = cx, bottom
            offsets = [(-w / 2, -h - 1), (-w / 2, top - bottom + 1)] + offsets
        for dx, dy in offsets:
            box = (float(px) + dx, float(py) + dy, float(px) + dx + w, float(py) + dy + h)
            if placer.free(box):
                placer.take(box)
                tx, ty = frame.to_data(box[0] + w / 2, box[1] + h / 2)
                ax.text(float(tx), float(ty), name, ha="center", va="center", fontsize=label_size,
                        color="#4a4a4a", zorder=9, path_effects=HALO, clip_on=True)
                break

    # Numbers beside points and at the middle of routes.
    if numbers:
        anchors = []
        for x, y, row in point_records:
            anchors.append((x, y, int(row.number), 5.5 * scale))
        inner = shapely.box(frame.x0 + 0.04 * (frame.x1 - frame.x0), frame.y0 + 0.04 * (frame.y1 - frame.y0),
                            frame.x1 - 0.04 * (frame.x1 - frame.x0), frame.y1 - 0.04 * (frame.y1 - frame.y0))
        for row in view.itertuples():
            # The label goes on the middle of the part of the route the frame shows.
            parts = [p for part in _line_parts(row.geometry) for p in _line_parts(part.intersection(inner))]
            if parts:
                longest = max(parts, key=lambda p: p.length)
                mid = longest.interpolate(0.5, normalized=True)
                anchors.append((mid.x, mid.y, int(row.number), 2.5 * scale))
        for x, y, number, gap in anchors:
            label = str(number)
            w = _text_width_pt(label, number_size) + 2.0
            h = number_size * 1.15
            px, py = frame.to_pt(x, y)
            lx, ly, _ = placer.place(float(px), float(py), w, h, _ring_offsets(w, h, gap))
            tx, ty = frame.to_data(lx + w / 2, ly + h / 2)
            if math.hypot(lx + w / 2 - float(px), ly + h / 2 - float(py)) > gap + w:
                ax.plot([x, float(tx)], [y, float(ty)], color="#555555", linewidth=0.4 * scale, zorder=12)
            ax.text(float(tx), float(ty), label, ha="center", va="center", fontsize=number_size,
                    color=INK, zorder=13, path_effects=HALO_BOLD, clip_on=True)
    ax.set_xlabel("")  # geopandas labels projected axes "Easting [metre]"; a map page needs none
    ax.set_ylabel("")
    return drawn


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


def _text_width_pt(text: str, size: float) -> float:
    """Approximate advance width: CJK glyphs one em, others about 0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in str(text))


def north_arrow(frame: MapFrame, lang: str, scale: float) -> None:
    """Arrow to true north at the map centre (grid north differs by the meridian convergence)."""
    from pyproj import Transformer

    to_geo = Transformer.from_crs(coords.CHONGQING_ALBERS, coords.WGS84, always_xy=True)
    to_map = Transformer.from_crs(coords.WGS84, coords.CHONGQING_ALBERS, always_xy=True)
    cx, cy = (frame.x0 + frame.x1) / 2, (frame.y0 + frame.y1) / 2
    lon, lat = to_geo.transform(cx, cy)
    nx, ny = to_map.transform(lon, lat + 0.1)
    angle = math.atan2(nx - cx, ny - cy)
    ax = frame.ax
    bx, by, length = 0.955, 0.87, 0.075
    aspect = frame.width_pt / frame.height_pt
    tip = (bx + math.sin(angle) * length / aspect, by + math.cos(angle) * length)
    ax.annotate("", xy=tip, xytext=(bx, by), xycoords="axes fraction",
                arrowprops={"arrowstyle": "-|>,head_length=0.9,head_width=0.45", "color": INK,
                            "linewidth": 1.4 * scale}, zorder=20)
    ax.text(tip[0], tip[1] + 0.012, maptext.text("north", lang), transform=ax.transAxes, ha="center",
            va="bottom", fontsize=9 * scale, color=INK, zorder=20, path_effects=HALO_BOLD)


def scale_bar(frame: MapFrame, scale: float) -> None:
    frame.ax.add_artist(ScaleBar(1, units="m", location="lower left", length_fraction=0.22, width_fraction=0.008,
                                 box_alpha=0.85, border_pad=0.6, pad=0.4, scale_loc="top",
                                 font_properties={"size": 7 * scale}))


def locator_inset(ax, division: str, highlight: set[str], scale: float, lang: str) -> None:
    """Chongqing with the mapped districts filled, for a view that is a part of the city."""
    districts = _projected_districts(division)
    context = _projected_context()
    x0, y0, x1, y1 = districts.total_bounds
    pad = 0.04 * (x1 - x0)
    tolerance = (x1 - x0) / 150  # the inset is a few centimetres wide
    context = context.set_geometry(list(shapely.simplify(context.geometry.values, tolerance)))
    districts = districts.set_geometry(list(shapely.simplify(districts.geometry.values, tolerance)))
    context.plot(ax=ax, facecolor=CONTEXT_FACE, edgecolor="#d0d0d0", linewidth=0.2 * scale)
    districts.plot(ax=ax, facecolor="#f4f2ec", edgecolor="#b5b5b5", linewidth=0.2 * scale)
    districts[districts["name_zh"].isin(highlight)].plot(ax=ax, facecolor="#e31a1c", edgecolor="#9b1111",
                                                          linewidth=0.3 * scale, alpha=0.85)
    gpd.GeoSeries([_outline(division, None, tolerance)]).plot(ax=ax, color="#555555", linewidth=0.5 * scale)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_linewidth(0.5 * scale)
        spine.set_color("#888888")
    ax.set_title(maptext.text("locator", lang), fontsize=6.5 * scale, pad=2, color="#444444")


# --- legend and list ---------------------------------------------------------------------------
def legend_handles(drawn: dict, lang: str, scale: float) -> list:
    handles = []
    for status in STATUSES:
        if status in drawn["statuses"]:
            handles.append(Patch(facecolor=STATUS_COLORS[status], edgecolor="white",
                                 label=i18n.status_label(status, lang)))
    for marker, categories in sorted(drawn["markers"].items(), key=lambda kv: sorted(kv[1])):
        label = ("、" if lang == "zh" else ", ").join(i18n.category_label(c, lang) for c in sorted(categories))
        handles.append(Line2D([], [], marker=marker, linestyle="none", markersize=6.5 * scale,
                              markerfacecolor="#8a8a8a", markeredgecolor="white", label=label))
    if drawn["route_built"]:
        handles.append(Line2D([], [], color="#555555", linewidth=2 * scale, label=maptext.text("route_built", lang)))
    if drawn["route_not_built"]:
        handles.append(Line2D([], [], color="#555555", linewidth=2 * scale, linestyle=(0, (3.5, 1.8)),
                              label=maptext.text("route_not_built", lang)))
    if drawn["district"]:
        style = district_item_style(drawn.get("district_hatch", True))
        style.pop("linewidth")
        handles.append(Patch(**style, label=maptext.text("district_item", lang)))
    if drawn["zone"]:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=10 * scale, alpha=0.3,
                              markerfacecolor="#8a8a8a", markeredgecolor="#8a8a8a",
                              label=maptext.text("zone_item", lang)))
    if drawn["town"]:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=10 * scale,
                              markerfacecolor="none", markeredgecolor="#8a8a8a",
                              label=maptext.text("town_item", lang)))
    if drawn.get("approximate_boundary"):
        handles.append(Line2D([], [], color=APPROXIMATE_EDGE, linewidth=APPROXIMATE_WIDTH * scale,
                              linestyle=APPROXIMATE_DASHES, label=maptext.text("approximate_boundary", lang)))
    return handles


def notes_for(drawn: dict, lang: str) -> list[str]:
    notes = []
    if drawn["municipal"]:
        notes.append(maptext.text("municipal_note", lang, n=drawn["municipal"]))
    if drawn["unresolved"]:
        notes.append(maptext.text("unresolved_note", lang, n=drawn["unresolved"]))
    return notes


def truncate(text: str, max_em: float) -> str:
    """Cut `text` to `max_em` ems (CJK one em, others 0.6), ending with … when cut."""
    text = str(text)
    widths = [1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text]
    if sum(widths) <= max_em:
        return text
    out, used = "", 0.0
    for ch, w in zip(text, widths):
        if used + w > max_em - 1.0:  # leave one em for the ellipsis
            break
        out += ch
        used += w
    return out.rstrip() + "…"


def project_rows(view: pd.DataFrame, division: str, lang: str) -> list[dict]:
    """One dict per project for the numbered list: number, name, status, districts, precision."""
    rows = []
    for row, names in zip(view.itertuples(), row_districts(view, division)):
        name = row.name_zh if lang == "zh" or not str(row.name_en or "").strip() else row.name_en
        if row.precision == "municipal":
            where = maptext.text("municipal", lang)
        elif not names:
            where = maptext.text("unresolved", lang) if row.precision == "unresolved" else "—"
        else:
            where = ("、" if lang == "zh" else ", ").join(
                i18n.district_label(n, lang).replace(" District", "").replace(" County", "") for n in names)
        rows.append({"number": int(row.number), "name": str(name), "status": row.status,
                     "where": where, "precision": i18n.precision_label(row.precision, lang)})
    return rows


def draw_table(ax, rows: list[dict], lang: str, scale: float, *, heading: str = "",
               font_max: float = 7.0) -> float:
    """A numbered list in an axes (no frame), font shrunk to fit; returns the font size used."""
    ax.set_axis_off()
    fig = ax.figure
    bbox = ax.get_position()
    width_pt = bbox.width * fig.get_figwidth() * PT_PER_INCH
    height_pt = bbox.height * fig.get_figheight() * PT_PER_INCH
    lines = len(rows) + 1 + (1 if heading else 0)
    size = min(font_max * scale, height_pt / (lines * 1.42))
    row_h = size * 1.42 / height_pt
    em = width_pt / size
    # Column widths in ems, from the longest entry (capped): number, name, status, where, precision.
    def need(values, cap):
        return min(max([_text_width_pt(v, 1.0) for v in values] + [0]) + 1.0, cap)
    widths = [2.4, 0.0,
              need([i18n.status_label(r["status"], lang) for r in rows] + [i18n.t("status", lang)], 11.0) + 1.1,
              need([r["where"] for r in rows] + [i18n.t("districts_touched", lang)], 0.22 * em),
              need([r["precision"] for r in rows] + [i18n.t("precision", lang)], 0.2 * em)]
    widths[1] = em - sum(widths) - 0.5
    headers = [maptext.text("no", lang), i18n.t("name", lang), i18n.t("status", lang),
               i18n.t("districts_touched", lang), i18n.t("precision", lang)]
    y = 1.0
    if heading:
        ax.text(0, y, heading, transform=ax.transAxes, fontsize=size * 1.12, va="top", path_effects=BOLD,
                color=INK)
        y -= row_h * 1.05
    xs = np.cumsum([0] + widths[:-1]) / em
    for x, header in zip(xs, headers):
        ax.text(x, y, header, transform=ax.transAxes, fontsize=size, va="top", color="#555555",
                path_effects=BOLD)
    ax.plot([0, 1], [y - row_h * 0.92] * 2, transform=ax.transAxes, color="#999999", linewidth=0.5 * scale)
    y -= row_h
    for k, row in enumerate(rows):
        if k % 2 == 1:
            ax.add_patch(Rectangle((0, y - row_h * 0.95), 1, row_h, transform=ax.transAxes,
                                   facecolor="#f4f4f4", edgecolor="none", zorder=0))
        cells = [str(row["number"]), truncate(row["name"], widths[1] - 0.6),
                 truncate(i18n.status_label(row["status"], lang), widths[2] - 1.1),
                 truncate(row["where"], widths[3] - 0.4), truncate(row["precision"], widths[4])]
        for col, (x, cell) in enumerate(zip(xs, cells)):
            dx = 0
            if col == 2:  # a status dot before the label, in the status colour
                ax.plot(x + 0.45 / em, y - row_h * 0.42, marker="o", markersize=size * 0.75,
                        color=STATUS_COLORS.get(row["status"], INK), transform=ax.transAxes, clip_on=False)
                dx = 1.1 / em
            ax.text(x + dx, y, cell, transform=ax.transAxes, fontsize=size, va="top", color=INK,
                    path_effects=BOLD if col == 0 else None)
        y -= row_h
    return size


def counts_table(ax, view: pd.DataFrame, lang: str, scale: float, *, by_action: bool = True,
                 font_max: float = 6.8) -> None:
    """A matrix of counts: actions (rows) × statuses (columns), with totals."""
    ax.set_axis_off()
    statuses = list(STATUSES)
    if by_action:
        actions = sorted(int(a) for a in view["action"].dropna().unique())
        row_keys = actions
        row_labels = [i18n.action_label(a, lang) for a in actions]
        grid = pd.crosstab(view["action"].astype(int), view["status"]).reindex(index=actions, columns=statuses,
                                                                               fill_value=0)
    else:
        row_keys, row_labels = [0], [maptext.text("projects", lang)]
        grid = pd.DataFrame([view["status"].value_counts().reindex(statuses, fill_value=0)], index=[0])
    fig = ax.figure
    bbox = ax.get_position()
    width_pt = bbox.width * fig.get_figwidth() * PT_PER_INCH
    height_pt = bbox.height * fig.get_figheight() * PT_PER_INCH
    lines = len(row_keys) + 3
    size = min(font_max * scale, height_pt / (lines * 1.45))
    row_h = size * 1.45 / height_pt
    em = width_pt / size
    cell = 4.0 if lang == "zh" else 4.6
    label_em = em - 7 * cell
    xs = [0] + [(label_em + k * cell) / em for k in range(7)]
    y = 1.0
    ax.text(0, y, maptext.text("counts_by_action" if by_action else "counts_by_status", lang),
            transform=ax.transAxes, fontsize=size * 1.12, va="top", path_effects=BOLD, color=INK)
    y -= row_h * 1.1
    for k, status in enumerate(statuses):
        ax.add_patch(Rectangle((xs[k + 1], y - row_h * 0.95), (cell - 0.3) / em, row_h, transform=ax.transAxes,
                               facecolor=STATUS_COLORS[status], edgecolor="none"))
        ax.text(xs[k + 1] + (cell - 0.3) / 2 / em, y - row_h * 0.45,
                truncate(i18n.status_label(status, lang), (cell - 0.4) / (0.8 if lang == "zh" else 0.62)),
                transform=ax.transAxes, fontsize=size * (0.8 if lang == "zh" else 0.62), ha="center",
                va="center", color="white", path_effects=BOLD)
    ax.text(xs[7] + (cell - 0.3) / 2 / em, y, maptext.text("total", lang), transform=ax.transAxes, fontsize=size,
            ha="center", va="top", color="#555555", path_effects=BOLD)
    y -= row_h
    for key, label in zip(row_keys, row_labels):
        ax.text(0, y, truncate(label, label_em - 0.5), transform=ax.transAxes, fontsize=size, va="top", color=INK)
        values = [int(grid.loc[key, s]) for s in statuses]
        for k, value in enumerate(values + [sum(values)]):
            ax.text(xs[k + 1] + (cell - 0.3) / 2 / em, y, str(value) if value else "·", transform=ax.transAxes,
                    fontsize=size, ha="center", va="top", color=INK if value else "#aaaaaa",
                    path_effects=BOLD if k == 6 else None)
        y -= row_h
    if by_action:
        ax.plot([0, 1], [y + row_h * 0.05] * 2, transform=ax.transAxes, color="#999999", linewidth=0.5 * scale)
        ax.text(0, y, maptext.text("total", lang), transform=ax.transAxes, fontsize=size, va="top",
                color=INK, path_effects=BOLD)
        totals = [int(grid[s].sum()) for s in statuses]
        for k, value in enumerate(totals + [sum(totals)]):
            ax.text(xs[k + 1] + (cell - 0.3) / 2 / em, y, str(value), transform=ax.transAxes, fontsize=size, ha="center",
                    va="top", color=INK, path_effects=BOLD)


# --- page composition --------------------------------------------------------------------------
def header(fig: Figure, page: Page, title: str, subtitle: str) -> None:
    x, y, w, h = page.boxes()["header"]
    W, H = page.size_mm
    s = page.scale
    # Regular weight on purpose: text drawn through path effects loses its string in SVG output,
    # and the title must stay searchable there.
    fig.text(x / W, (y + h) / H, title, fontsize=16.5 * s, va="top", ha="left", color="#111111")
    fig.text(x / W, (y + h - 9.2 * s) / H, subtitle, fontsize=7.6 * s, va="top", ha="left", color="#444444",
             wrap=True)
    fig.add_artist(Line2D([x / W, (x + w) / W], [(y + 1.2 * s) / H] * 2, color="#777777", linewidth=0.6 * s))


def footer(fig: Figure, page: Page, division: str, lang: str, right_text: str) -> None:
    x, y, w, h = page.boxes()["footer"]
    W, H = page.size_mm
    s = page.scale
    fig.add_artist(Line2D([x / W, (x + w) / W], [(y + h - 1.0 * s) / H] * 2, color="#aaaaaa", linewidth=0.4 * s))
    note = fig.text(x / W, (y + h - 2.2 * s) / H, maptext.footnote(division, lang), fontsize=5.6 * s, va="top",
                    ha="left", color="#555555", wrap=True)
    # wrap=True wraps at the figure edge; keep clear of the page number on the right.
    note._get_wrap_line_width = lambda: (w - 38 * s) / MM_PER_INCH * fig.dpi
    fig.text((x + w) / W, (y + h - 2.2 * s) / H, right_text, fontsize=6.6 * s, va="top", ha="right",
             color="#444444")


def map_frame(fig: Figure, page: Page, box, bounds) -> MapFrame:
    ax = page.axes(fig, box)
    w_pt = box[2] / MM_PER_INCH * PT_PER_INCH
    h_pt = box[3] / MM_PER_INCH * PT_PER_INCH
    x0, y0, x1, y1 = fit_extent(bounds, w_pt, h_pt)
    return MapFrame(ax, x0, y0, x1, y1, w_pt, h_pt)


def view_bounds(view_projected: gpd.GeoDataFrame, division: str, focus: set[str] | None):
    """What the map shows: the focus districts if any, else the whole municipality. Long routes
    into Sichuan run off the frame rather than shrink Chongqing to a corner of the page."""
    districts = _projected_districts(division)
    if focus:
        return districts[districts["name_zh"].isin(focus)].total_bounds
    return districts.total_bounds


def map_page(view: gpd.GeoDataFrame, *, title: str, subtitle: str, division: str, lang: str, page: Page,
             dpi: int, focus: set[str] | None, date: str, numbers: bool | None = None,
             right_text: str | None = None, table_rows: int | None = None,
             panel_extra=None) -> tuple[Figure, gpd.GeoDataFrame]:
    """A whole map page. `view` must carry `number` (see `numbered`). Returns the figure and the
    rows listed in its table (the pack continues the rest on further pages)."""
    s = page.scale
    fig = page.figure(dpi)
    boxes = page.boxes()
    projected = project_view(view)
    numbers = len(view) <= NUMBERED_MAX if numbers is None else numbers
    header(fig, page, title, subtitle)
    footer(fig, page, division, lang, right_text if right_text is not None else date)

    frame = map_frame(fig, page, boxes["map"], view_bounds(projected, division, focus))
    drawn = draw_map(frame, projected, division=division, lang=lang, scale=s, numbers=numbers, highlight=focus)
    north_arrow(frame, lang, s)
    scale_bar(frame, s)

    # Side panel: locator inset, legend, notes, then the list (or the counts when not numbered).
    W, H = page.size_mm
    px, py, pw, ph = boxes["panel"]
    top = py + ph
    if page.landscape:
        column_x, column_w, list_x, list_w = px, pw, px, pw
    else:
        column_x, column_w = px, 0.34 * pw
        list_x, list_w = px + column_w + 5 * s, pw - column_w - 5 * s
    column_top = top
    if focus:
        inset_w = min(column_w * (0.5 if page.landscape else 0.9), 48 * s)
        inset_h = inset_w * 0.95
        column_top -= 4 * s  # room for the inset's title
        inset = page.axes(fig, (column_x, column_top - inset_h, inset_w, inset_h))
        locator_inset(inset, division, focus, s, lang)
        legend_left = column_x + inset_w + 3 * s if page.landscape else column_x
        legend_top = column_top if page.landscape else column_top - inset_h - 4 * s
    else:
        legend_left, legend_top = column_x, column_top
    legend_w = column_x + column_w - legend_left
    legend_ax = page.axes(fig, (legend_left, py, legend_w, legend_top - py))
    legend_ax.set_axis_off()
    handles = legend_handles(drawn, lang, s)
    notes = notes_for(drawn, lang)
    for note in notes:
        handles.append(Patch(facecolor="none", edgecolor="none", label=note))
    legend = legend_ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 1), frameon=False,
                              fontsize=6.4 * s, title=maptext.text("legend", lang),
                              ncol=2 if len(handles) > 12 and legend_w > 70 * s else 1, columnspacing=1.0,
                              title_fontproperties={"size": 7.6 * s}, alignment="left",
                              handlelength=1.8, handleheight=1.0, labelspacing=0.45, borderaxespad=0,
                              borderpad=0)
    renderer = fig.canvas.get_renderer()
    legend_h_mm = legend.get_window_extent(renderer).height / fig.dpi * MM_PER_INCH
    column_bottom = legend_top - legend_h_mm
    if page.landscape and focus:
        column_bottom = min(column_bottom, column_top - inset_h)
    list_top = column_bottom - 5 * s if page.landscape else top

    listed = view
    remaining_top = py
    if numbers:
        rows = project_rows(view, division, lang)
        if table_rows is not None:
            rows = rows[:table_rows]
            listed = view.iloc[:table_rows]
        table_ax = page.axes(fig, (list_x, py, list_w, list_top - py))
        draw_table(table_ax, rows, lang, s, heading=f"{maptext.text('projects', lang)}（{len(view)}）"
                   if lang == "zh" else f"{maptext.text('projects', lang)} ({len(view)})")
    else:
        counts_h = min(list_top - py, (len(view["action"].dropna().unique()) + 4) * 4.2 * s)
        counts_ax = page.axes(fig, (list_x, list_top - counts_h, list_w, counts_h))
        counts_table(counts_ax, view, lang, s)
        fig.text(list_x / W, (list_top - counts_h - 3 * s) / H,
                 maptext.text("too_many", lang, n=len(view)), fontsize=6.2 * s, va="top", color="#555555",
                 wrap=True)
        remaining_top = list_top - counts_h - 13 * s
    if panel_extra is not None and remaining_top - py > 15 * s:
        panel_extra(fig, page, (list_x, py, list_w, remaining_top - py))
    return fig, listed


def table_page(rows: list[dict], *, title: str, subtitle: str, division: str, lang: str, page: Page,
               dpi: int, right_text: str, heading: str) -> Figure:
    """A page that continues a district's numbered list."""
    fig = page.figure(dpi)
    header(fig, page, title, subtitle)
    footer(fig, page, division, lang, right_text)
    box = page.boxes(has_panel=False)["map"]
    draw_table(page.axes(fig, box), rows, lang, page.scale, heading=heading, font_max=7.5)
    return fig
