"""The offline HTML export opens in a browser with the network off: Leaflet, the districts and
the projects draw from the file alone (headless Chromium; every request is blocked)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cymap.geo.projects import load_projects
from cymap.print import offline_html
from cymap.views.filters import FilterSpec
from tests.test_browser import _chromium

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]


def test_shipped_ledger_html_opens_with_the_network_off(tmp_path):
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "map.html"
    page_file.write_bytes(offline_html.render_html(load_projects(ROOT / "projects.csv").geocoded, FilterSpec()))
    assert page_file.stat().st_size < 1_000_000
    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(offline=True)
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else (requested.append(route.request.url), route.abort()))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_file.as_uri())
        page.wait_for_selector(".leaflet-container .leaflet-overlay-pane path", timeout=30_000)
        assert page.evaluate("typeof L") == "object" and page.evaluate("L.version").startswith("1.")
        assert page.locator(".cymap-district-label").count() >= 37  # every district named
        assert page.locator(".leaflet-marker-icon").count() > 0  # projects drawn
        assert page.locator(".cymap-legend").count() == 1
        browser.close()
    assert errors == []
    assert all("tile" in url or "openstreetmap" in url for url in requested), requested  # only tiles asked for
