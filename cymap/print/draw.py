"""Drawing a map frame in steps: base (districts, context, outlines), district hatching, routes,
zones, point symbols, then the placed marks (cymap.print.marks: chips, names, numbers).

`draw_map` returns what the legend and the numbered list need, `drawn["shown"]` included: how
each item number is shown on this frame (see cymap.print.marks)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import LineCollection

from cymap.geo.division import districts_column
from cymap.ledger.schema import BUILT_STATUSES, STATUS_COLORS
from cymap.print import shapes
from cymap.print.furniture import keep_out_boxes
from cymap.print.labels import Placer, spread_points
from cymap.print.layout import MapFrame
from cymap.print.marks import Sketch, draw_chips, draw_district_names, draw_numbers
from cymap.print.projection import projected_approximate_boundary, projected_districts_cached, row_districts
from cymap.print.style import (APPROXIMATE_DASHES, APPROXIMATE_EDGE, APPROXIMATE_WIDTH, CONTEXT_FACE,
                               DISTRICT_EDGE, INK, LAND_FACE, SEA_FACE)
from cymap.views.symbology import category_style

HATCH_MAX_DISTRICTS = 8  # hatching more districts than this turns the map into texture: tint instead
DIM_FACE, DIM_EDGE = "#ecebe6", "#b9b9b4"  # districts outside the focus


def district_item_style(hatch: bool) -> dict:
    """How a district with district-level items is filled: hatched, or tinted on crowded maps."""
    if hatch:
        return {"facecolor": "#f6efe3", "edgecolor": "#b08850", "hatch": "////", "linewidth": 0}
    return {"facecolor": "#f1e2c6", "edgecolor": "none", "linewidth": 0}


def frame_box(frame: MapFrame, pad_pt: float = 5.0) -> tuple[float, float, float, float]:
    pad = pad_pt * frame.metres_per_pt
    return frame.x0 - pad, frame.y0 - pad, frame.x1 + pad, frame.y1 + pad


def lines(ax, geom, *, zorder: float, **style) -> bool:
    segments = shapes.line_paths(geom)
    if segments:
        ax.add_collection(LineCollection(segments, zorder=zorder, **style), autolim=False)
    return bool(segments)


def line_parts(geom):
    return [] if geom is None else [p for p in shapely.get_parts(geom) if p.geom_type == "LineString"]


def point_parts(geom):
    return [] if geom is None else [p for p in shapely.get_parts(geom) if p.geom_type == "Point"]


def draw_map(frame: MapFrame, view, *, division: str, lang: str, scale: float, numbers: bool,
             highlight: set[str] | None = None, keep_out=(), quiet=None, quiet_districts=frozenset()) -> dict:
    """Draw districts and the projects of `view` (projected, with `number`) on the frame.

    Returns what the legend needs: statuses, categories, kinds of geometry drawn, counts of
    items not drawn (municipality-wide, unresolved) and `shown` (number -> how it is shown). The
    order of the steps is the stacking order of the label placer: symbols first, then chips,
    district names, numbers. `keep_out`: more boxes (frame points) no mark may cover; `quiet`: map-metre
    bounds (and `quiet_districts`) another frame numbers — symbols only there (cymap.print.inset)."""
    districts, approximate_drawn = _draw_base(frame, division, scale, highlight)
    wanted = ["number", "status", "precision", "category", "geometry", districts_column(division)]
    view = view[[column for column in wanted if column in view.columns]]  # itertuples of 40 columns is slow
    drawn = {"statuses": set(), "markers": {}, "route_built": False, "route_not_built": False,
             "district": False, "zone": False, "town": False, "approximate_boundary": approximate_drawn,
             "municipal": int((view["precision"] == "municipal").sum()),
             "unresolved": int((view["precision"] == "unresolved").sum()), "shown": {}}
    placer = Placer(frame.width_pt, frame.height_pt)
    for box in [*keep_out_boxes(frame, scale), *keep_out]:
        placer.take(box)
    c = Sketch(frame, view, division, lang, scale, numbers, districts, placer, drawn, frozenset(highlight or ()),
               quiet, frozenset(quiet_districts))
    chips = _draw_district_hatch(c)
    _draw_routes(c)
    _draw_zone_outlines(c)
    point_records = _draw_points(c)
    chip_origin = draw_chips(c, chips)
    draw_district_names(c, chip_origin)
    if numbers:
        draw_numbers(c, point_records)
    return drawn


def _frame_districts(frame: MapFrame, division: str, lod: float) -> pd.DataFrame:
    """The division's districts that reach into the frame, with their polygons cut to it."""
    table = projected_districts_cached(division)
    clipped = shapes.clip(shapes.districts_at(division, lod), frame_box(frame))
    keep = ~shapely.is_empty(clipped)
    out = pd.DataFrame({column: table[column].to_numpy()[keep] for column in ("name_zh", "name_en", "label_point",
                                                                             "area")})
    out["clipped"] = clipped[keep]
    return out


def _draw_base(frame: MapFrame, division: str, scale: float, highlight: set[str] | None):
    """Sea, Sichuan context, districts (the highlighted ones outlined, the rest dimmed), Chongqing's
    outline and the approximate boundary; returns the districts cut to the frame and whether that
    line was drawn."""
    ax = frame.ax
    lod = shapes.level(frame.metres_per_pt * 0.25)
    box = frame_box(frame)
    ax.set_facecolor(SEA_FACE)
    shapes.polygons(ax, shapes.clip(shapes.context_at(lod), box), facecolor=CONTEXT_FACE, edgecolor="#c8c8c8",
                    linewidth=0.4 * scale, zorder=1)
    districts = _frame_districts(frame, division, lod)
    if highlight:
        chosen = districts["name_zh"].isin(highlight).to_numpy()
        shapes.polygons(ax, districts["clipped"][~chosen], facecolor=DIM_FACE, edgecolor=DIM_EDGE,
                        linewidth=0.4 * scale, zorder=2)
        shapes.polygons(ax, districts["clipped"][chosen], facecolor=LAND_FACE, edgecolor=DISTRICT_EDGE,
                        linewidth=0.6 * scale, zorder=2)
        lines(ax, shapes.clip([shapes.outline_at(division, frozenset(highlight), lod)], box)[0], colors="#333333",
              linewidths=1.6 * scale, zorder=6)
    else:
        shapes.polygons(ax, districts["clipped"], facecolor=LAND_FACE, edgecolor=DISTRICT_EDGE,
                        linewidth=0.5 * scale, zorder=2)
    lines(ax, shapes.clip([shapes.outline_at(division, None, lod)], box)[0], colors="#3a3a3a",
          linewidths=1.0 * scale, zorder=6)
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


def draw_approximate_boundary(frame: MapFrame, division: str, scale: float) -> bool:
    """Draw the division's approximate boundary where it crosses the frame; True when drawn."""
    clipped = shapely.clip_by_rect(projected_approximate_boundary(division), *frame_box(frame))
    width = APPROXIMATE_WIDTH * scale
    if not lines(frame.ax, clipped, colors=LAND_FACE, linewidths=width + 0.6 * scale, zorder=7, capstyle="butt"):
        return False
    lines(frame.ax, clipped, colors=APPROXIMATE_EDGE, linewidths=width, linestyles=[APPROXIMATE_DASHES],
          zorder=7.1, capstyle="butt")
    return True


def _draw_district_hatch(c: Sketch) -> dict[str, list[tuple[int, str]]]:
    """District-level items: a hatch (or tint) on their districts — only the focus districts when the
    map has a focus, so the neighbours stay plain; returns district -> [(number, status)] of the
    districts that carry chips."""
    view, drawn = c.view, c.drawn
    district_rows = view[view["precision"] == "district"]
    chips: dict[str, list[tuple[int, str]]] = {}
    for row, names in zip(district_rows.itertuples(), row_districts(district_rows, c.division)):
        for name in names:
            if not c.highlight or name in c.highlight:
                chips.setdefault(name, []).append((int(row.number), row.status))
        drawn["statuses"].add(row.status)
        drawn["district"] = True
    hatched = c.districts[c.districts["name_zh"].isin(chips)]
    drawn["district_hatch"] = len(hatched) <= HATCH_MAX_DISTRICTS
    if not hatched.empty:
        shapes.polygons(c.ax, hatched["clipped"], **district_item_style(drawn["district_hatch"]), zorder=3)
    return {name: items for name, items in chips.items() if name not in c.quiet_districts}


def _draw_routes(c: Sketch) -> None:
    """Lines (routes): casing + status colour; dashed while not completed. One collection per style."""
    ax, scale, drawn = c.ax, c.scale, c.drawn
    box = shapely.box(*frame_box(c.frame, 0))
    casing, by_style = [], {True: ([], []), False: ([], [])}
    for row in c.view.itertuples():
        parts = line_parts(row.geometry)
        for part in parts:
            xy = np.asarray(part.coords)[:, :2]
            built = row.status in BUILT_STATUSES
            casing.append(xy)
            by_style[built][0].append(xy)
            by_style[built][1].append(STATUS_COLORS.get(row.status, INK))
            drawn["route_built" if built else "route_not_built"] = True
            drawn["statuses"].add(row.status)
        if parts and any(box.intersects(p) for p in parts):
            c.mark(int(row.number), "symbol")
    if casing:
        ax.add_collection(LineCollection(casing, colors="white", linewidths=3.6 * scale, capstyle="round",
                                         zorder=7), autolim=False)
    for built, (segments, colours) in by_style.items():
        if segments:
            ax.add_collection(LineCollection(segments, colors=colours, linewidths=2.0 * scale,
                                             linestyles="-" if built else [(0, (3.5, 1.8))], capstyle="round",
                                             zorder=8), autolim=False)


def _draw_zone_outlines(c: Sketch) -> None:
    """Polygons that are not district-level (zones with an outline): dotted edge, light tint."""
    box = shapely.box(*frame_box(c.frame, 0))
    for row in c.view[c.view["precision"].isin(["zone", "site", "town", "outside", "route"])].itertuples():
        geom = row.geometry
        if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
            colour = STATUS_COLORS.get(row.status, INK)
            shapes.polygons(c.ax, [geom], facecolor=colour, alpha=0.15, edgecolor=colour, linestyle=":",
                            linewidth=1.0 * c.scale, zorder=4)
            c.drawn["zone"] = True
            if box.intersects(geom):
                c.mark(int(row.number), "symbol")


def _draw_points(c: Sketch) -> list:
    """Point symbols (category shape, status colour; zones a faint halo, towns a thin ring); returns
    (x, y, row) of every symbol in the frame as placed (spread when sharing a spot)."""
    ax, frame, scale, placer, drawn = c.ax, c.frame, c.scale, c.placer, c.drawn
    x0, y0, x1, y1 = frame.x0, frame.y0, frame.x1, frame.y1
    records = [(p.x, p.y, row) for row in c.view.itertuples() for p in point_parts(row.geometry)
               if x0 <= p.x <= x1 and y0 <= p.y <= y1]
    records = spread_points(records, frame, 8.5 * scale)
    halos, rings, symbols = [], [], {}
    for x, y, row in records:
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
        c.mark(int(row.number), "symbol")
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
    return records
