"""The app's Export tab through streamlit AppTest, on the fixture ledger tests/data/app_ledger.csv.

AppTest shows a download button's proto (label, URL) but not its bytes: the file lives in the
run's in-memory media storage, which AppTest creates per run and drops. `downloads` swaps that
storage for a subclass that also records every file it is given, so the tests read exactly the
bytes the browser would download, under the file name it would save."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from pypdf import PdfReader
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from app_helpers import open_tab

from cymap.print import lists, pack

from cymap.views import maptext
from cymap.views.filters import FilterSpec, apply_filters
from cymap.views.i18n import TEXT
from cymap.geo.projects import load_projects

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "tests" / "data" / "app_ledger.csv"
DOWNLOAD_KEY = "export_download"


@pytest.fixture(scope="module")
def projects():
    return load_projects(LEDGER).geocoded


class RecordingStorage(MemoryMediaFileStorage):
    files: dict[str, tuple[bytes, str, str | None]] = {}  # file id -> (bytes, MIME type, download name)

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        stored = self.get_file(file_id)
        RecordingStorage.files[file_id] = (stored.content, stored.mimetype, stored.filename)
        return file_id


@pytest.fixture
def downloads(monkeypatch):
    RecordingStorage.files = {}
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", RecordingStorage)
    return RecordingStorage.files


@pytest.fixture
def app(monkeypatch, downloads):
    monkeypatch.setenv("CYMAP_LEDGER", str(LEDGER))
    return open_tab(AppTest.from_file(str(ROOT / "app.py"), default_timeout=180), "tab_export")


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    return at


def download(at: AppTest) -> tuple[bytes, str, str | None] | None:
    """(bytes, MIME type, file name) of the Export tab's download button, or None if none is shown."""
    buttons = [b for b in at.get("download_button") if b.proto.id.endswith(DOWNLOAD_KEY)]
    if not buttons:
        return None
    file_id = buttons[0].proto.url.rsplit("/", 1)[-1].split(".")[0]
    return RecordingStorage.files[file_id]


def generate(at: AppTest, fmt: str, **options) -> AppTest:
    at.selectbox(key="export_format").set_value(fmt)
    for name, value in options.items():
        at.selectbox(key=f"export_{name}").set_value(value)
    run(at)
    at.button(key="export_generate").click()
    return run(at)


def test_export_tab_renders_with_the_title_and_the_count(app, projects):
    at = run(app)
    assert TEXT["tab_export"]["zh"] in [tab.label for tab in at.tabs]
    title, _ = maptext.title_for(FilterSpec(), "zh", "current")
    assert any(title in m.value for m in at.markdown)
    rows = TEXT["export_rows"]["zh"].format(count=len(projects))
    assert any(c.value == rows for c in at.caption)
    assert at.selectbox(key="export_format").options == [TEXT[f"export_format_{f}"]["zh"] for f in
                                                         ("png", "pdf", "svg", "html", "csv", "xlsx", "pack")]
    assert download(at) is None  # nothing is rendered until asked


def test_district_in_the_url_csv_download_has_the_bom_and_exactly_the_filtered_rows(app, projects):
    app.query_params["district"] = "万州"
    at = generate(run(app), "csv")
    spec = FilterSpec(districts=["万州区"])
    view = apply_filters(projects, spec)
    assert 0 < len(view) < len(projects)
    title, _ = maptext.title_for(spec, "zh", "current")
    assert any(title in m.value for m in at.markdown)  # the title it will carry is shown
    data, mime, name = download(at)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == lists.to_csv_bytes(view, "zh", "current")
    ids = [row[lists.header_label("id", "zh")] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]
    assert ids == view["id"].tolist()
    assert mime == "text/csv"
    assert name == f"cymap-万州区-{maptext.today()}.csv"


def test_png_download_is_a_png(app):
    app.query_params["status"] = "under_construction"
    at = generate(run(app), "png", dpi=150)
    data, mime, name = download(at)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert mime == "image/png" and name == f"cymap-在建-{maptext.today()}.png"


def test_a_filter_change_removes_the_stale_download_and_a_plain_rerun_keeps_it(app):
    at = generate(run(app), "csv")
    first = download(at)
    assert first is not None
    run(at)  # any rerun (a click elsewhere) keeps the file for the same view
    assert download(at) == first
    assert at.selectbox(key="export_dpi").disabled  # dpi does not change a CSV: not asked for
    at.multiselect(key="status").select("planned")
    run(at)
    assert download(at) is None
    assert "_export_result" not in at.session_state
    at.multiselect(key="status").unselect("planned")
    run(at)
    assert download(at) is None  # going back does not bring back a file nobody asked for again


def test_division_switch_removes_the_download(app):
    at = generate(run(app), "csv")
    assert download(at) is not None
    at.radio(key="division").set_value("2023")
    run(at)
    assert download(at) is None


def test_pack_shows_progress_and_downloads_a_pdf_with_overview_and_district_pages(app, projects):
    app.query_params["district"] = "万州区"
    at = generate(run(app), "pack")
    bars = at.get("progress")
    assert bars and bars[-1].proto.value == 100
    data, mime, name = download(at)
    view = apply_filters(projects, FilterSpec(districts=["万州区"]))
    assert mime == "application/pdf" and name == f"cymap-pack-万州区-{maptext.today()}.pdf"
    # A pack for one district: the overview and 万州区's own page(s), not its routes' neighbours.
    assert len(PdfReader(io.BytesIO(data)).pages) == pack.page_count(view, spec=FilterSpec(districts=["万州区"])) == \
        2 + pack.closing_pages(view)


def test_export_language_follows_the_app_language(app):
    at = run(app)
    at.radio(key="lang").set_value("en")
    at = generate(run(at), "csv")
    data, _, _ = download(at)
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith(lists.header_label("id", "en") + ",")
