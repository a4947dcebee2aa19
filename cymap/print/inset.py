"""The 中心城区 enlargement of a whole-city wall map (A1, A0).

At the whole municipality's scale the nine central districts are a few centimetres across and hold
a third of the plan's items, so their numbers crowd out (most end as unnumbered symbols). A wall
map therefore carries an inset: the central districts enlarged in a corner of the map frame that
covers the least of the municipality, framed on the main map by a rectangle. Inside that rectangle
the main map draws the symbols but leaves the numbers and chips to the inset, which numbers them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from matplotlib.patches import Rectangle

from cymap.print.furniture import keep_out_boxes
from cymap.print.labels import wrap
from cymap.print.layout import MM_PER_INCH, PT_PER_INCH, MapFrame, Page, map_frame
from cymap.print.projection import projected_districts_cached
from cymap.print.style import HALO, INK
from cymap.views.i18n import district_label, join_names, t

CORE_REGION = "中心城区"
INNER_AREA_KM2 = 500  # 渝中 22, 大渡口 103, 江北 221, 南岸 263, 沙坪坝 396, 九龙坡 432 km²; the next, 北碚, 755
INSET_WIDTHS = (0.36, 0.32, 0.28, 0.25, 0.22)  # of the map frame's width, largest first
MAX_COVERED = 0.02  # of the municipality's area an inset may cover (never a drawn point)
INSET_MAX_HEIGHT = 0.46  # of the map frame's height
INSET_MARGIN_PT = 6.0  # between the inset and the frame's edge (× page scale)
TITLE_SIZE = 7.5  # pt (× page scale) of the inset's title, above it


@dataclass
class InsetPlan:
    box_mm: tuple[float, float, float, float]  # the inset axes on the page (x, y, w, h) in mm
    reserved_pt: tuple[float, float, float, float]  # inset + title strip in the main frame's points
    core_bounds: tuple[float, float, float, float]  # the enlarged area, map metres
    districts: frozenset[str]  # the central districts of the division
    title: str  # wrapped to the inset's width


def core_districts(division: str):
    """The small central districts (中心城区, under INNER_AREA_KM2 each): where the items crowd. The
    large ones of the region (渝北, 巴南, 北碚, 两江新区) read well at the whole-city scale, and
    framing them would shrink the enlargement to under 2×."""
    districts = projected_districts_cached(division)
    return districts[(districts["region"] == CORE_REGION) & (districts["area"] < INNER_AREA_KM2 * 1e6)]


def plan_inset(page: Page, frame: MapFrame, map_box_mm, view, division: str, focus, lang: str) -> InsetPlan | None:
    """Where the inset goes, or None: only whole-city wall maps with items in the central districts."""
    if not page.wall or focus:
        return None
    core = core_districts(division)
    if core.empty or not _touches(view, core):
        return None
    x0, y0, x1, y1 = core.total_bounds
    pad = 0.04 * max(x1 - x0, y1 - y0)
    bounds = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    s = page.scale
    margin = INSET_MARGIN_PT * s
    names = join_names([district_label(n, lang) for n in sorted(core["name_zh"])], lang)
    text = t("inset_title", lang, names=names)
    taken = [shapely.box(*k) for k in keep_out_boxes(frame, s)]
    municipality = shapely.union_all(projected_districts_cached(division).geometry.values)
    points = drawn_points(view)
    core_box = shapely.box(*frame_pt_box(frame, bounds))
    aspect = (bounds[3] - bounds[1]) / (bounds[2] - bounds[0])
    for width in INSET_WIDTHS:  # the largest inset that hides nothing
        w_pt = width * frame.width_pt
        h_pt = min(w_pt * aspect, INSET_MAX_HEIGHT * frame.height_pt)
        lines = wrap(text, w_pt / (TITLE_SIZE * s))
        title = (len(lines) * 1.3 + 0.4) * TITLE_SIZE * s
        for left in (margin, frame.width_pt - margin - w_pt):
            for bottom in (frame.height_pt - margin - title - h_pt, margin):
                reserved = (left, bottom, left + w_pt, bottom + h_pt + title)
                box = shapely.box(*reserved)
                if box.intersects(core_box) or any(box.intersects(k) for k in taken):
                    continue
                area = shapely.box(*frame_data_box(frame, reserved))
                if (municipality.intersection(area).area > MAX_COVERED * municipality.area
                        or np.any(shapely.intersects(points, area))):
                    continue
                to_mm = MM_PER_INCH / PT_PER_INCH
                box_mm = (map_box_mm[0] + left * to_mm, map_box_mm[1] + bottom * to_mm, w_pt * to_mm, h_pt * to_mm)
                return InsetPlan(box_mm, reserved, bounds, frozenset(core["name_zh"]), "\n".join(lines))
    return None


def drawn_points(view) -> np.ndarray:
    """The point symbols the main map draws (and an inset must not hide)."""
    drawable = view[~view["precision"].isin(["municipal", "unresolved", "district"])]
    parts = shapely.get_parts(drawable.geometry.values)
    return parts[shapely.get_type_id(parts) == 0]


def _touches(view, core) -> bool:
    """Does anything of the view lie in the central districts?"""
    drawable = view[~view["precision"].isin(["municipal", "unresolved"])]
    if drawable.empty:
        return False
    area = shapely.union_all(core.geometry.values)
    return bool(np.any(shapely.intersects(drawable.geometry.values, area)))


def frame_pt_box(frame: MapFrame, bounds) -> tuple[float, float, float, float]:
    """Map-metre bounds as a box in the frame's points."""
    (px0, px1), (py0, py1) = frame.to_pt([bounds[0], bounds[2]], [bounds[1], bounds[3]])
    return float(px0), float(py0), float(px1), float(py1)


def frame_data_box(frame: MapFrame, box_pt) -> tuple[float, float, float, float]:
    (x0, x1), (y0, y1) = frame.to_data([box_pt[0], box_pt[2]], [box_pt[1], box_pt[3]])
    return float(x0), float(y0), float(x1), float(y1)


def inset_frame(fig, page: Page, plan: InsetPlan) -> MapFrame:
    """The inset's axes over the main map (drawn above it, on white)."""
    frame = map_frame(fig, page, plan.box_mm, plan.core_bounds)
    frame.ax.set_zorder(5)
    frame.ax.set_facecolor("white")
    frame.ax.patch.set_visible(True)
    for spine in frame.ax.spines.values():
        spine.set_visible(True)
        spine.set_edgecolor("#333333")
        spine.set_linewidth(0.9 * page.scale)
    return frame


def mark_on_main(frame: MapFrame, plan: InsetPlan, scale: float) -> None:
    """The enlarged area's rectangle on the main map and the inset's title above the inset."""
    x0, y0, x1, y1 = plan.core_bounds
    frame.ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#333333",
                                 linewidth=0.8 * scale, linestyle=(0, (4, 2)), zorder=14))
    left, _, _, top = plan.reserved_pt
    tx, ty = frame.to_data(left, top - 1.5 * scale)
    frame.ax.text(float(tx), float(ty), plan.title, ha="left", va="top", fontsize=TITLE_SIZE * scale,
                  linespacing=1.3,
                  color=INK, zorder=14, path_effects=HALO, clip_on=True)


def merge_shown(main: dict[int, str], inset: dict[int, str], on_map: tuple[str, ...]) -> None:
    """An item numbered in the inset is numbered on the map, whatever the main frame did with it."""
    for number, how in inset.items():
        if number not in main or (how in on_map and main[number] not in on_map):
            main[number] = how
