"""Meeting exports (issue 5): static map, HTML, lists, pack, titles — on a small fixture ledger."""
from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib import font_manager
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from cymap.print import fonts, lists, offline_html, pack, static

from cymap.views import i18n, maptext
from cymap.views.filters import FilterSpec, apply_filters
from cymap.geo.projects import load_projects
from cymap.ledger.schema import STATUS_COLORS

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
SMALL = DATA / "export_small.csv"
MM_PER_INCH = 25.4


@functools.cache
def small():
    return load_projects(SMALL).geocoded


def view_of(spec: FilterSpec):
    return apply_filters(small(), spec)


def districts_with_projects(view, column="districts") -> set[str]:
    return {name for names in view[column] for name in names}


def svg_text(svg: bytes) -> str:
    """Text of an SVG written with svg.fonttype=path: matplotlib keeps each string as a comment."""
    return " ".join(re.findall(r"<!-- (.*?) -->", svg.decode("utf-8"), flags=re.S))


# --- fonts and glyphs -----------------------------------------------------------------------------
def test_cjk_font_from_the_registry_package_is_registered_and_its_family_resolves():
    """The package's font is known to matplotlib (so a machine with no system CJK font renders
    Chinese); the family resolves to a Noto Sans CJK SC face (the package's or the system's copy)."""
    family = fonts.register()
    package_font = fonts.font_path().resolve()
    assert "noto_cjk_sans_otc" in str(package_font)
    assert any(Path(e.fname).resolve() == package_font and e.name == family for e in font_manager.fontManager.ttflist)
    path = font_manager.fontManager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert font_manager.FontProperties(fname=path).get_name() == family


@pytest.mark.parametrize("fmt,lang", [("png", "zh"), ("pdf", "zh"), ("svg", "en")])
def test_no_missing_glyph_warnings(fmt, lang):
    spec = FilterSpec(districts=["万州区"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        static.render_map(view_of(spec), spec, fmt=fmt, dpi=60, lang=lang)
    glyph = [str(w.message) for w in caught if "glyph" in str(w.message).lower() or "missing" in str(w.message).lower()]
    assert glyph == []


# --- static map -------------------------------------------------------------------------------------
@pytest.mark.parametrize("paper,orientation,dpi", [("A4", "landscape", 100), ("A3", "portrait", 50)])
def test_png_has_the_paper_size_and_is_not_blank(paper, orientation, dpi):
    data = static.render_map(small(), FilterSpec(), fmt="png", paper=paper, orientation=orientation, dpi=dpi)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    w_mm, h_mm = {"A4": (297, 210), "A3": (420, 297)}[paper]
    if orientation == "portrait":
        w_mm, h_mm = h_mm, w_mm
    expected = (w_mm / MM_PER_INCH * dpi, h_mm / MM_PER_INCH * dpi)
    assert all(abs(got - want) < 1 for got, want in zip(image.size, expected))  # matplotlib floors pixels
    pixels = np.asarray(image)
    ink = (pixels < 245).any(axis=2).mean()
    assert ink > 0.10  # districts, projects, legend and text cover a good part of the page
    colours = {tuple(int(STATUS_COLORS[s][i:i + 2], 16) for i in (1, 3, 5)) for s in ("completed", "delayed")}
    flat = {tuple(p) for p in pixels.reshape(-1, 3)[::7]}
    assert colours & flat  # status colours of the projects are on the page


def test_default_png_is_300_dpi_a4():
    spec = FilterSpec(districts=["涪陵区"])
    image = Image.open(io.BytesIO(static.render_map(view_of(spec), spec)))
    assert all(abs(got - want) < 1 for got, want in zip(image.size, (297 / MM_PER_INCH * 300, 210 / MM_PER_INCH * 300)))
    assert round(image.info["dpi"][0]) == 300


def test_svg_contains_title_legend_and_numbered_list():
    spec = FilterSpec(districts=["万州区"], statuses=["under_construction", "delayed", "ongoing"])
    view = view_of(spec)
    text = svg_text(static.render_map(view, spec, fmt="svg"))
    title, _ = maptext.title_for(spec, "zh", "current")
    assert title in text
    assert "图例" in text
    for status in set(view["status"]):
        assert i18n.status_label(status, "zh") in text
    for name in view["name_zh"]:
        assert name[:6] in text  # the numbered list names every project
    assert "示意图" in text  # disclaimer in the footnote


def test_svg_in_english_has_english_labels():
    spec = FilterSpec(statuses=["completed"])
    text = svg_text(static.render_map(view_of(spec), spec, fmt="svg", lang="en"))
    assert "Legend" in text and "Completed" in text and "Jiangbei Airport T3B" in text
    assert "图例" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_approximate_boundary_is_in_the_legend_only_for_the_current_division_where_it_is_drawn(lang):
    legend_entry = i18n.t("approximate_boundary", lang)
    assert legend_entry not in maptext.footnote("current", lang)  # the legend row, not the footnote
    whole = FilterSpec()
    current = svg_text(static.render_map(view_of(whole), whole, fmt="svg", lang=lang))
    old_spec = FilterSpec(division="2023")
    old = svg_text(static.render_map(view_of(old_spec), old_spec, fmt="svg", lang=lang))
    assert legend_entry in current and legend_entry not in old
    far = FilterSpec(districts=["万州区"])  # the approximate line (两江新区/北碚区) is outside this view
    assert legend_entry not in svg_text(static.render_map(view_of(far), far, fmt="svg", lang=lang))


def test_approximate_boundary_is_drawn_dashed_on_the_map():
    from matplotlib.collections import LineCollection

    from cymap.print import draw, layout, projection

    page = layout.Page("A4", "landscape")
    for division, expected in (("current", True), ("2023", False)):
        fig = page.figure(60)
        frame = layout.map_frame(fig, page, page.boxes()["map"],
                                    projection.projected_districts(division).total_bounds)
        before = len(frame.ax.collections)
        assert draw.draw_approximate_boundary(frame, division, 1.0) is expected
        added = [c for c in frame.ax.collections[before:] if isinstance(c, LineCollection)]
        dashed = [c for c in added if any(offset_dashes[1] for offset_dashes in c.get_linestyle())]
        assert bool(dashed) is expected, division


def test_pdf_map_is_one_page_with_the_title():
    spec = FilterSpec(districts=["万州区"])
    reader = PdfReader(io.BytesIO(static.render_map(view_of(spec), spec, fmt="pdf")))
    assert len(reader.pages) == 1
    assert "万州区" in reader.pages[0].extract_text()


def test_unknown_format_or_paper_is_refused():
    with pytest.raises(ValueError, match="format"):
        static.render_map(small(), FilterSpec(), fmt="gif")
    with pytest.raises(ValueError, match="paper"):
        static.render_map(small(), FilterSpec(), paper="Letter")


# --- titles -----------------------------------------------------------------------------------------
def test_title_reflects_filters():
    title, subtitle = maptext.title_for(FilterSpec(districts=["万州"], statuses=["在建"]), "zh", "current")
    assert title == "成渝地区双城经济圈建设项目分布图 · 万州区 · 在建"
    assert "区县 万州区" in subtitle and "状态 在建" in subtitle and "现行区划" in subtitle
    title_en, subtitle_en = maptext.title_for(FilterSpec(districts=["万州区"], statuses=["在建"]), "en", "2023")
    assert "Wanzhou" in title_en and "Under construction" in title_en
    assert "2023 (as in the plan" in subtitle_en


def test_unfiltered_title_is_the_map_title_and_many_districts_are_counted():
    title, subtitle = maptext.title_for(FilterSpec(), "zh", "current")
    assert title == i18n.t("map_title", "zh") and "未筛选" in subtitle
    many = FilterSpec(districts=["万州区", "涪陵区", "渝中区", "璧山区"])
    assert maptext.title_for(many, "zh", "current")[0].endswith("4个区县")


# --- pack -------------------------------------------------------------------------------------------
def test_pack_has_overview_plus_one_page_per_district_with_projects():
    view = small()
    calls = []
    data = pack.render_pack(view, FilterSpec(), progress=lambda done, total: calls.append((done, total)))
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages == 1 + len(districts_with_projects(view)) + pack.closing_pages(view)  # + investment, targets
    assert calls[-1] == (pages, pages) and [c[0] for c in calls] == list(range(1, pages + 1))


def test_pack_respects_filters_and_numbers_pages():
    spec = FilterSpec(districts=["万州区"])
    view = view_of(spec)
    reader = PdfReader(io.BytesIO(pack.render_pack(view, spec, date="2026-01-15")))
    assert districts_with_projects(view) >= {"万州区", "开州区"}  # the route to 开州 touches 开州区 too
    expected = 2 + pack.closing_pages(view)  # overview and the district's page (not each neighbour's), closing pages
    assert len(reader.pages) == expected
    last = reader.pages[-1].extract_text()
    assert f"第 {expected} 页 / 共 {expected} 页" in last and "2026-01-15" in last


def test_pack_in_the_2023_division_counts_its_districts():
    view = small()
    reader = PdfReader(io.BytesIO(pack.render_pack(view, FilterSpec(division="2023"))))
    assert len(reader.pages) == 1 + len(districts_with_projects(view, "districts_2023")) + pack.closing_pages(view)


def test_long_district_list_continues_on_a_list_page(monkeypatch):
    monkeypatch.setattr(pack, "ROWS_BESIDE_MAP", 2)
    monkeypatch.setattr(pack, "ROWS_PER_LIST_PAGE", 1)
    spec = FilterSpec(districts=["万州区"])
    view = view_of(spec)
    wanzhou_rows = int(view["districts"].map(lambda names: "万州区" in names).sum())
    plan = {d.name: d.pages for d in pack.district_plan(view, "current", ["万州区"])}
    assert plan == {"万州区": 1 + (wanzhou_rows - 2)}
    reader = PdfReader(io.BytesIO(pack.render_pack(view, spec)))
    assert len(reader.pages) == 1 + sum(plan.values()) + pack.closing_pages(view)


def test_district_filter_limits_pack_pages_to_the_selected_districts():
    spec = FilterSpec(districts=["万州区"])
    view = view_of(spec)
    touched = {n for names in view["districts"] for n in names}
    assert touched > {"万州区"}  # the fixture's route also touches a neighbour
    assert [d.name for d in pack.district_plan(view, "current", ["万州区"])] == ["万州区"]
    assert pack.page_count(view, spec=spec) == 2 + pack.closing_pages(view)
    # no place criterion: every touched district
    assert pack.page_count(view, FilterSpec()) == 1 + len(touched) + pack.closing_pages(view)


# --- HTML -------------------------------------------------------------------------------------------
def test_html_is_self_contained():
    spec = FilterSpec(districts=["万州区"])
    page = offline_html.render_html(view_of(spec), spec).decode("utf-8")
    scripts = re.findall(r"<script[^>]*\bsrc=[\"']([^\"']+)", page)
    links = re.findall(r"<link[^>]*\bhref=[\"']([^\"']+)", page)
    assert [u for u in scripts + links if u.startswith(("http:", "https:", "//"))] == []
    assert "L.map(" in page and "L.GeoJSON" in page or "L.geoJson" in page  # Leaflet is inlined
    assert "成渝地区双城经济圈建设项目分布图 · 万州区" in page


def test_html_carries_our_own_leaflet_and_nothing_else():
    """Leaflet from static/leaflet is inlined (with its CSS images as data: URIs); no jQuery,
    Bootstrap or Font Awesome, which the map does not use."""
    page = offline_html.render_html(small(), FilterSpec()).decode("utf-8")
    leaflet_js = (ROOT / "static" / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    assert leaflet_js[:2000].replace("</script", "<\\/script") in page
    assert "url(images/" not in page and "data:image/png;base64," in page
    for unused in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers"):
        assert unused not in page.lower(), unused
    assert offline_html.external_references(page) == []


def test_shipped_ledger_html_is_under_one_megabyte():
    view = load_projects(ROOT / "projects.csv").geocoded
    assert len(offline_html.render_html(view, FilterSpec())) < 1_000_000

def test_csv_has_bom_every_row_and_neutralised_formulas():
    data = lists.to_csv_bytes(small())
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) - 1 == len(small())
    header = rows[0]
    hostile = next(r for r in rows[1:] if r[0] == "A03-T09-01")
    cell = dict(zip(header, hostile))
    assert cell["项目名称"].startswith("'=HYPERLINK")  # = neutralised
    assert cell["英文名称"] == "'+formula test"  # +
    assert cell["目标"] == "'-5%"  # -
    assert cell["方案原文"] == "'@SUM(A1)"  # @
    assert cell["备注"] == "'=1+1"
    assert dict(zip(header, rows[1]))["项目名称"] == "江北国际机场T3B航站楼"  # ordinary text untouched


def test_neutralise_only_touches_formula_text():
    assert lists.neutralise("=1+1") == "'=1+1"
    assert lists.neutralise("-3") == "'-3"
    assert lists.neutralise("万州区") == "万州区"
    assert lists.neutralise(2027) == 2027


def test_xlsx_rows_styles_and_neutralised_cells():
    spec = FilterSpec(statuses=["preparing", "under_construction"])
    view = view_of(spec)
    book = load_workbook(io.BytesIO(lists.to_xlsx_bytes(view)))
    sheet = book.active
    assert sheet.max_row - 1 == len(view) == 4
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    headers = [c.value for c in sheet[1]]
    status_col = headers.index("状态") + 1
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row=row, column=headers.index("状态代码") + 1).value
        fill = sheet.cell(row=row, column=status_col).fill.fgColor.rgb
        assert fill.endswith(STATUS_COLORS[code].lstrip("#").upper())
    assert sheet.column_dimensions["B"].width > 10
    hostile = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "A03-T09-01")
    name = hostile[headers.index("项目名称")]
    assert name.value.startswith("'=") and name.data_type == "s"


def test_english_list_headers():
    rows = list(csv.reader(io.StringIO(lists.to_csv_bytes(small(), lang="en").decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "Name (zh)", "Name (en)"]
    assert "Completed" in {r[rows[0].index("Status")] for r in rows[1:]}


# --- the plan ledger (smoke) ------------------------------------------------------------------------
def test_plan_ledger_exports_a_map_and_lists():
    projects = load_projects(Path(__file__).resolve().parents[1] / "projects.csv").geocoded
    image = Image.open(io.BytesIO(static.render_map(projects, FilterSpec(), dpi=50))).convert("L")
    assert (np.asarray(image) < 245).mean() > 0.10
    rows = list(csv.reader(io.StringIO(lists.to_csv_bytes(projects).decode("utf-8-sig"))))
    assert len(rows) - 1 == len(projects)
    assert pack.page_count(projects) == 1 + sum(d.pages for d in pack.district_plan(projects, "current")) + \
        pack.closing_pages(projects)


def test_district_page_title_does_not_repeat_the_district():
    spec = FilterSpec(districts=["万州区"])
    reader = PdfReader(io.BytesIO(pack.render_pack(view_of(spec), spec, date="2026-01-15")))
    text = reader.pages[1].extract_text().replace(" ", "")
    assert "万州区·万州区" not in text and "万州区" in text


def test_dollar_signs_in_user_text_are_printed_not_parsed_as_math():
    view = small().copy()
    view.loc[view.index[0], "name_zh"] = r"投资$\foo$亿元"  # mathtext would fail on \foo
    view.loc[view.index[0], "name_en"] = r"$x^2$ project"
    png = static.render_map(view, FilterSpec(), fmt="png", dpi=50)
    assert png.startswith(b"\x89PNG")


def test_a_2023_division_export_filtered_to_the_central_districts_frames_nine():
    """The map frames the units its filter selects in the spec's division (one selector): 中心城区
    in the 2023 division is nine districts, not the 33 the view's rows touch."""
    spec = FilterSpec(regions=["中心城区"], division="2023")
    assert len(static.focus_districts(spec)) == 9
    assert "江北区" in static.focus_districts(spec) and "两江新区" not in static.focus_districts(spec)
    current = FilterSpec(regions=["中心城区"])
    assert "两江新区" in static.focus_districts(current) and len(static.focus_districts(current)) == 8
