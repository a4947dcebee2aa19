"""cymap.print.formats: the Export tab's options, cache key, file names, MIME types and rendering,
on the app's fixture ledger (tests/data/app_ledger.csv)."""
from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from cymap.print import formats, lists, offline_html, pack
from cymap.print.formats import ExportOptions
from cymap.views.filters import FilterSpec, apply_filters
from cymap.geo.projects import load_projects

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "tests" / "data" / "app_ledger.csv"
DATE = "2026-01-15"


@pytest.fixture(scope="module")
def projects():
    return load_projects(LEDGER).geocoded


def view_of(projects, spec: FilterSpec):
    return apply_filters(projects, spec)


# --- file names and MIME types -------------------------------------------------------------------

def test_file_name_carries_the_filters_of_the_title_and_the_date():
    spec = FilterSpec(districts=["万州区"], statuses=["under_construction"])
    assert formats.file_name(spec, ExportOptions(fmt="png"), DATE) == f"cymap-万州区-在建-{DATE}.png"


def test_file_name_without_filters_is_cymap_and_the_date():
    assert formats.file_name(FilterSpec(), ExportOptions(fmt="csv"), DATE) == f"cymap-{DATE}.csv"


def test_pack_file_name_says_pack_and_is_a_pdf():
    name = formats.file_name(FilterSpec(districts=["万州区"]), ExportOptions(fmt="pack"), DATE)
    assert name == f"cymap-pack-万州区-{DATE}.pdf"


def test_file_name_follows_the_export_language():
    name = formats.file_name(FilterSpec(districts=["万州区"]), ExportOptions(fmt="xlsx", lang="en"), DATE)
    assert name.startswith("cymap-") and name.endswith(f"-{DATE}.xlsx")
    assert "万州" not in name and "Wanzhou" in name
    assert " " not in name  # spaces become underscores


def test_name_part_replaces_characters_file_systems_refuse():
    assert formats._name_part(' a/b\\c:d*e?"f<g>h|i ') == "a_b_c_d_e_f_g_h_i"
    assert len(formats._name_part("区" * 500)) == formats.MAX_NAME_PART


@pytest.mark.parametrize("fmt, mime", [("png", "image/png"), ("pdf", "application/pdf"), ("svg", "image/svg+xml"),
                                       ("html", "text/html"), ("csv", "text/csv"), ("pack", "application/pdf"),
                                       ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
def test_mime_type_per_format(fmt, mime):
    assert formats.mime_type(fmt) == mime


def test_size_text():
    assert formats.size_text(850) == "850 B"
    assert formats.size_text(12_595) == "12.3 KB"
    assert formats.size_text(4_299_162) == "4.1 MB"


# --- options --------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, named", [("fmt", "gif", "format"), ("paper", "A5", "paper"),
                                                 ("orientation", "sideways", "orientation"),
                                                 ("lang", "fr", "language"), ("dpi", 0, "dpi")])
def test_bad_option_is_a_clear_error(field, value, named):
    with pytest.raises(ValueError, match=rf"export {named} .*{value!r}"):
        ExportOptions(**{field: value})


def test_relevant_options_are_the_ones_a_format_uses():
    options = ExportOptions(fmt="csv", paper="A3", orientation="portrait", dpi=600, lang="en", basemap="carto")
    assert options.relevant() == {"fmt": "csv", "lang": "en"}
    assert replace(options, fmt="png").relevant() == {"fmt": "png", "lang": "en", "paper": "A3",
                                                      "orientation": "portrait", "dpi": 600}
    assert replace(options, fmt="html").relevant() == {"fmt": "html", "lang": "en", "basemap": "carto"}
    assert replace(options, fmt="pack").relevant() == {"fmt": "pack", "lang": "en", "paper": "A3"}


# --- the key: a file is offered only for the view and options it was made for --------------------

def test_key_is_stable_for_the_same_view_and_options(projects):
    spec = FilterSpec(districts=["万州区"])
    view = view_of(projects, spec)
    assert formats.export_key(view, spec, ExportOptions(), DATE) == \
        formats.export_key(view.copy(), FilterSpec(districts=["万州区"]), ExportOptions(), DATE)


def test_key_changes_with_the_filter_the_division_the_rows_and_the_date(projects):
    spec = FilterSpec(districts=["万州区"])
    view = view_of(projects, spec)
    base = formats.export_key(view, spec, ExportOptions(), DATE)
    other_spec = FilterSpec(districts=["涪陵区"])
    assert formats.export_key(view_of(projects, other_spec), other_spec, ExportOptions(), DATE) != base
    assert formats.export_key(view, replace(spec, division="2023"), ExportOptions(), DATE) != base
    edited = view.copy()
    edited["status"] = "completed"  # the ledger was edited: same filter, different rows
    assert formats.export_key(edited, spec, ExportOptions(), DATE) != base
    assert formats.export_key(view, spec, ExportOptions(), "2026-01-16") != base


def test_key_changes_with_options_that_change_the_bytes_only(projects):
    spec = FilterSpec()
    view = view_of(projects, spec)
    csv_options = ExportOptions(fmt="csv")
    key = formats.export_key(view, spec, csv_options, DATE)
    assert formats.export_key(view, spec, replace(csv_options, dpi=600, paper="A3"), DATE) == key
    assert formats.export_key(view, spec, replace(csv_options, lang="en"), DATE) != key
    assert formats.export_key(view, spec, replace(csv_options, fmt="xlsx"), DATE) != key
    png = ExportOptions(fmt="png", dpi=150)
    assert formats.export_key(view, spec, png, DATE) != formats.export_key(view, spec, replace(png, dpi=300),
                                                                                     DATE)


def test_view_fingerprint_depends_on_row_order_and_content(projects):
    assert formats.view_fingerprint(projects) != formats.view_fingerprint(projects.iloc[::-1])
    assert formats.view_fingerprint(projects) != formats.view_fingerprint(projects.iloc[1:])
    assert formats.view_fingerprint(projects) == formats.view_fingerprint(projects.copy())


# --- rendering goes through cymap.print.formats with the same view and spec ------------------------------

def test_csv_is_the_export_list_of_the_same_view(projects):
    spec = FilterSpec(districts=["万州区"])
    view = view_of(projects, spec)
    result = formats.generate(view, spec, ExportOptions(fmt="csv"), DATE)
    assert result.data == lists.to_csv_bytes(view, "zh", "current")
    assert result.data.startswith(b"\xef\xbb\xbf")
    ids = [row[lists.header_label("id", "zh")] for row in csv.DictReader(io.StringIO(result.data.decode("utf-8-sig")))]
    assert ids == view["id"].tolist()
    assert result.rows == len(view) and result.mime == "text/csv"
    assert result.file_name == f"cymap-万州区-{DATE}.csv"
    assert result.key == formats.export_key(view, spec, ExportOptions(fmt="csv"), DATE)


def test_png_is_a_png_page_at_the_chosen_size(projects):
    from PIL import Image

    spec = FilterSpec(statuses=["under_construction"])
    result = formats.generate(view_of(projects, spec), spec,
                                   ExportOptions(fmt="png", dpi=72, orientation="portrait"), DATE)
    assert result.data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = Image.open(io.BytesIO(result.data)).size
    assert height > width  # portrait
    assert abs(width - 210 / 25.4 * 72) <= 2  # A4 at 72 dpi


def test_xlsx_has_the_filtered_rows(projects):
    from openpyxl import load_workbook

    spec = FilterSpec(actions=[2])
    view = view_of(projects, spec)
    data = formats.render(view, spec, ExportOptions(fmt="xlsx"), DATE)
    assert load_workbook(io.BytesIO(data)).active.max_row == len(view) + 1


def test_pack_reports_progress_to_the_last_page(projects):
    spec = FilterSpec(districts=["万州区"])
    view = view_of(projects, spec)
    calls = []
    data = formats.render(view, spec, ExportOptions(fmt="pack"), DATE, progress=lambda d, t: calls.append((d, t)))
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages == pack.page_count(view, spec=spec) == 2 + pack.closing_pages(view)
    assert calls[-1] == (pages, pages) and [d for d, _ in calls] == list(range(1, pages + 1))


def test_html_is_self_contained(projects):
    spec = FilterSpec(districts=["万州区"])
    data = formats.render(view_of(projects, spec), spec, ExportOptions(fmt="html", basemap="none"), DATE)
    assert offline_html.external_references(data.decode("utf-8")) == []
    assert "万州区临港产业园" in data.decode("utf-8")
