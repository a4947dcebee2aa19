"""Drawing a map frame: districts, context, routes, zones, points, district chips, names, numbers, furniture."""
from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import FancyBboxPatch
from matplotlib_scalebar.scalebar import ScaleBar

from cymap.geo import coords
from cymap.ledger.schema import BUILT_STATUSES, STATUS_COLORS
from cymap.print.style import (APPROXIMATE_DASHES, APPROXIMATE_EDGE, APPROXIMATE_WIDTH, BOLD, CONTEXT_FACE,
                                DISTRICT_EDGE, HALO, HALO_BOLD, INK, LAND_FACE, SEA_FACE)
from cymap.views import i18n
from cymap.views.symbology import category_style
from cymap.print.labels import Placer, ring_offsets, spread_points, text_width_pt
from cymap.print.layout import MapFrame
from cymap.print.projection import outline, projected_approximate_boundary, projected_context, projected_districts_cached, row_districts





def draw_approximate_boundary(frame: "MapFrame", division: str, scale: float) -> bool:
    """Draw the division's approximate boundary where it crosses the frame; True when drawn."""
    pad = 5 * frame.metres_per_pt
    clipped = shapely.clip_by_rect(projected_approximate_boundary(division),
                                   frame.x0 - pad, frame.y0 - pad, frame.x1 + pad, frame.y1 + pad)
    segments = [np.asarray(part.coords) for part in line_parts(clipped)]
    if not segments:
        return False
    width = APPROXIMATE_WIDTH * scale
    frame.ax.add_collection(LineCollection(segments, colors=LAND_FACE, linewidths=width + 0.6 * scale, zorder=7,
                                           capstyle="butt"))
    frame.ax.add_collection(LineCollection(segments, colors=APPROXIMATE_EDGE, linewidths=width,
                                           linestyles=[APPROXIMATE_DASHES], zorder=7.1, capstyle="butt"))
    return True



HATCH_MAX_DISTRICTS = 8  # hatching more districts than this turns the map into texture: tint instead


def district_item_style(hatch: bool) -> dict:
    """How a district with district-level items is filled: hatched, or tinted on crowded maps."""
    if hatch:
        return {"facecolor": "#f6efe3", "edgecolor": "#b08850", "hatch": "////", "linewidth": 0}
    return {"facecolor": "#f1e2c6", "edgecolor": "none", "linewidth": 0}


def clipped_simplified(frame_gdf: gpd.GeoDataFrame, frame: "MapFrame") -> gpd.GeoDataFrame:
    """Polygons cut to the map frame and simplified to a quarter point: what the page can show,
    so a PDF page holds tens of kilobytes of boundary, not megabytes."""
    box = (frame.x0 - 5 * frame.metres_per_pt, frame.y0 - 5 * frame.metres_per_pt,
           frame.x1 + 5 * frame.metres_per_pt, frame.y1 + 5 * frame.metres_per_pt)
    geoms = shapely.clip_by_rect(frame_gdf.geometry.values, *box)
    geoms = shapely.simplify(geoms, frame.metres_per_pt * 0.25, preserve_topology=True)
    out = frame_gdf.copy()
    out = out.set_geometry(list(geoms))
    return out[~out.geometry.is_empty]


def line_parts(geom):
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "LineString":
        return [geom]
    if geom.geom_type in ("MultiLineString", "GeometryCollection"):
        return [g for g in geom.geoms if g.geom_type == "LineString"]
    return []


def point_parts(geom):
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Point":
        return [geom]
    if geom.geom_type in ("MultiPoint", "GeometryCollection"):
        return [g for g in geom.geoms if g.geom_type == "Point"]
    return []


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

    @property
    def ax(self):
        return self.frame.ax

    @property
    def number_size(self) -> float:
        return 6.2 * self.scale


def draw_map(frame: MapFrame, view: gpd.GeoDataFrame, *, division: str, lang: str, scale: float,
             numbers: bool, highlight: set[str] | None = None) -> dict:
    """Draw districts and the projects of `view` (projected, with `number`) on the frame.

    Returns what the legend needs: statuses, categories, kinds of geometry drawn, and counts of
    items not drawn (municipality-wide, unresolved). The order of the steps is the stacking
    order of the label placer: symbols first, then chips, district names, numbers."""
    districts, approximate_drawn = _draw_base(frame, division, scale, highlight)
    drawn = {"statuses": set(), "markers": {}, "route_built": False, "route_not_built": False,
             "district": False, "zone": False, "town": False, "approximate_boundary": approximate_drawn,
             "municipal": int((view["precision"] == "municipal").sum()),
             "unresolved": int((view["precision"] == "unresolved").sum())}
    c = Sketch(frame, view, division, lang, scale, numbers, districts, Placer(frame.width_pt, frame.height_pt), drawn)
    chips = _draw_district_hatch(c)
    _draw_routes(c)
    _draw_zone_outlines(c)
    point_records = _draw_points(c)
    chip_origin = _draw_chips(c, chips)
    _draw_district_names(c, chip_origin)
    if numbers:
        _draw_numbers(c, point_records)
    frame.ax.set_xlabel("")  # geopandas labels projected axes "Easting [metre]"; a map page needs none
    frame.ax.set_ylabel("")
    return drawn


def _draw_base(frame: MapFrame, division: str, scale: float, highlight: set[str] | None):
    """Sea, Sichuan context, districts (the highlighted ones outlined), Chongqing's outline and the
    approximate boundary; returns the districts cut to the frame and whether that line was drawn."""
    ax = frame.ax
    districts = projected_districts_cached(division)
    context = projected_context()
    extent_box = shapely.box(frame.x0, frame.y0, frame.x1, frame.y1)
    ax.set_facecolor(SEA_FACE)
    context_in = context[context.intersects(extent_box)]
    districts = clipped_simplified(districts, frame)
    if not context_in.empty:
        clipped_simplified(context_in, frame).plot(ax=ax, facecolor=CONTEXT_FACE, edgecolor="#c8c8c8", linewidth=0.4 * scale, zorder=1)
    if highlight:
        chosen = districts["name_zh"].isin(highlight)
        districts[~chosen].plot(ax=ax, facecolor="#f3f3f0", edgecolor="#a0a0a0", linewidth=0.4 * scale, zorder=2)
        districts[chosen].plot(ax=ax, facecolor=LAND_FACE, edgecolor=DISTRICT_EDGE, linewidth=0.6 * scale, zorder=2)
        gpd.GeoSeries([outline(division, frozenset(highlight), frame.metres_per_pt * 0.25)]).plot(
            ax=ax, color="#444444", linewidth=1.3 * scale, zorder=6)
    else:
        districts.plot(ax=ax, facecolor=LAND_FACE, edgecolor=DISTRICT_EDGE, linewidth=0.5 * scale, zorder=2)
    gpd.GeoSeries([outline(division, None, frame.metres_per_pt * 0.25)]).plot(
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

    return districts, approximate_drawn


def _draw_district_hatch(c: Sketch) -> dict[str, list[tuple[int, str]]]:
    """District-level items: a tinted hatch on their districts; returns district -> [(number, status)]."""
    ax, frame, view, drawn, division, districts = c.ax, c.frame, c.view, c.drawn, c.division, c.districts
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
        clipped_simplified(hatched, frame).plot(ax=ax, **district_item_style(drawn["district_hatch"]), zorder=3)

    return chips


def _draw_routes(c: Sketch) -> None:
    ax, view, scale, drawn = c.ax, c.view, c.scale, c.drawn
    # Lines (routes): casing + status colour; dashed while not completed. One collection per
    # style, not two Line2D per route: thousands of routes draw in one call each.
    casing, by_style = [], {True: ([], []), False: ([], [])}
    for row in view.itertuples():
        for part in line_parts(row.geometry):
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



def _draw_zone_outlines(c: Sketch) -> None:
    ax, view, scale, drawn = c.ax, c.view, c.scale, c.drawn
    # Polygons that are not district-level (zones with an outline): dotted edge, light tint.
    for row in view[view["precision"].isin(["zone", "site", "town", "outside", "route"])].itertuples():
        geom = row.geometry
        if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
            gpd.GeoSeries([geom]).plot(ax=ax, facecolor=STATUS_COLORS.get(row.status, INK), alpha=0.15,
                                       edgecolor=STATUS_COLORS.get(row.status, INK), linestyle=":",
                                       linewidth=1.0 * scale, zorder=4)
            drawn["zone"] = True



def _draw_points(c: Sketch) -> list:
    """Point symbols; returns (x, y, row) of every symbol as placed (spread when sharing a spot)."""
    ax, frame, view, scale, placer, drawn = c.ax, c.frame, c.view, c.scale, c.placer, c.drawn
    # Points: category shape, status colour; zones get a dotted ring, towns a thin halo ring.
    point_records = []
    for row in view.itertuples():
        for point in point_parts(row.geometry):
            point_records.append((point.x, point.y, row))
    point_records = spread_points(point_records, frame, 8.5 * scale)
    # One scatter per marker style (sizes in points², as plot's markersize squared).
    halos, rings, symbols = [], [], {}
    for x, y, row in point_records:
        marker = category_style(row.category).marker
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

    return point_records


def _draw_chips(c: Sketch, chips: dict) -> dict[str, tuple[float, float, float]]:
    """A chip per district-level item near its district's label point (after the point symbols, so
    the chips avoid them); returns district -> (centre x, bottom, top) of its chip block in points."""
    ax, frame, scale, placer = c.ax, c.frame, c.scale, c.placer
    numbers, districts, number_size = c.numbers, c.districts, c.number_size
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

    return chip_origin


def _draw_district_names(c: Sketch, chip_origin: dict) -> None:
    """District names, biggest districts first; a name that would collide is left out."""
    ax, frame, placer, districts, lang, scale = c.ax, c.frame, c.placer, c.districts, c.lang, c.scale
    extent_box = shapely.box(frame.x0, frame.y0, frame.x1, frame.y1)
    # District names: biggest districts first; a name that would collide is left out.
    label_size = 6.3 * scale if len(districts) else 6
    for row in districts.sort_values("area", ascending=False).itertuples():
        if not extent_box.contains(row.label_point):
            continue
        name = row.name_zh if lang == "zh" else row.name_en
        w = text_width_pt(name, label_size)
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



def _draw_numbers(c: Sketch, point_records: list) -> None:
    """Numbers beside points and at the middle of routes, with a leader line when pushed away."""
    ax, frame, view, scale, placer = c.ax, c.frame, c.view, c.scale, c.placer
    number_size = c.number_size
    anchors = []
    for x, y, row in point_records:
        anchors.append((x, y, int(row.number), 5.5 * scale))
    inner = shapely.box(frame.x0 + 0.04 * (frame.x1 - frame.x0), frame.y0 + 0.04 * (frame.y1 - frame.y0),
                        frame.x1 - 0.04 * (frame.x1 - frame.x0), frame.y1 - 0.04 * (frame.y1 - frame.y0))
    for row in view.itertuples():
        # The label goes on the middle of the part of the route the frame shows.
        parts = [p for part in line_parts(row.geometry) for p in line_parts(part.intersection(inner))]
        if parts:
            longest = max(parts, key=lambda p: p.length)
            mid = longest.interpolate(0.5, normalized=True)
            anchors.append((mid.x, mid.y, int(row.number), 2.5 * scale))
    for x, y, number, gap in anchors:
        label = str(number)
        w = text_width_pt(label, number_size) + 2.0
        h = number_size * 1.15
        px, py = frame.to_pt(x, y)
        lx, ly, _ = placer.place(float(px), float(py), w, h, ring_offsets(w, h, gap))
        tx, ty = frame.to_data(lx + w / 2, ly + h / 2)
        if math.hypot(lx + w / 2 - float(px), ly + h / 2 - float(py)) > gap + w:
            ax.plot([x, float(tx)], [y, float(ty)], color="#555555", linewidth=0.4 * scale, zorder=12)
        ax.text(float(tx), float(ty), label, ha="center", va="center", fontsize=number_size,
                color=INK, zorder=13, path_effects=HALO_BOLD, clip_on=True)


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
    ax.text(tip[0], tip[1] + 0.012, i18n.t("north", lang), transform=ax.transAxes, ha="center",
            va="bottom", fontsize=9 * scale, color=INK, zorder=20, path_effects=HALO_BOLD)


def scale_bar(frame: MapFrame, scale: float) -> None:
    frame.ax.add_artist(ScaleBar(1, units="m", location="lower left", length_fraction=0.22, width_fraction=0.008,
                                 box_alpha=0.85, border_pad=0.6, pad=0.4, scale_loc="top",
                                 font_properties={"size": 7 * scale}))


def locator_inset(ax, division: str, highlight: set[str], scale: float, lang: str) -> None:
    """Chongqing with the mapped districts filled, for a view that is a part of the city."""
    districts = projected_districts_cached(division)
    context = projected_context()
    x0, y0, x1, y1 = districts.total_bounds
    pad = 0.04 * (x1 - x0)
    tolerance = (x1 - x0) / 150  # the inset is a few centimetres wide
    context = context.set_geometry(list(shapely.simplify(context.geometry.values, tolerance)))
    districts = districts.set_geometry(list(shapely.simplify(districts.geometry.values, tolerance)))
    context.plot(ax=ax, facecolor=CONTEXT_FACE, edgecolor="#d0d0d0", linewidth=0.2 * scale)
    districts.plot(ax=ax, facecolor="#f4f2ec", edgecolor="#b5b5b5", linewidth=0.2 * scale)
    districts[districts["name_zh"].isin(highlight)].plot(ax=ax, facecolor="#e31a1c", edgecolor="#9b1111",
                                                          linewidth=0.3 * scale, alpha=0.85)
    gpd.GeoSeries([outline(division, None, tolerance)]).plot(ax=ax, color="#555555", linewidth=0.5 * scale)
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
    ax.set_title(i18n.t("locator", lang), fontsize=6.5 * scale, pad=2, color="#444444")
