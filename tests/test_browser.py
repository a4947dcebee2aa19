"""The running app in headless Chromium: `streamlit run app.py` on a free port, driven by
Playwright with Debian's chromium. Requests leaving localhost are blocked (no tiles, no CDN),
so this also proves the map and the district layer draw offline.

Outside CI a machine without /usr/bin/chromium skips; under CI (CI=true) it fails loudly,
since .ci/run installs chromium.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cymap.i18n import action_label, status_label
from cymap.schema import ACTIONS

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LEDGER = ROOT / "tests" / "data" / "app_ledger.csv"


def _chromium() -> str:
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium is missing under CI: .ci/run must apt-get install chromium")
    pytest.skip("chromium not installed (apt-get install chromium); CI installs it")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    port = _free_port()
    env = {**os.environ, "CYMAP_LEDGER": str(LEDGER)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    output = process.stdout.read().decode(errors="replace") if process.poll() is not None else ""
                    pytest.fail(f"streamlit did not start on {url}: {output[-2000:]}")
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_map_layers_legend_and_districts_render_offline(app_url, tmp_path):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        # Only the app itself: tiles and CDNs are unreachable, as in an offline meeting room.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(app_url)
                   else route.abort())
        page.goto(app_url)
        frame = page.wait_for_selector("iframe[src*='st_folium']", timeout=90_000).content_frame()
        frame.wait_for_selector(".leaflet-control-layers", timeout=90_000)

        layers = frame.inner_text(".leaflet-control-layers-overlays")
        for action in ACTIONS:
            assert action_label(action, "zh") in layers
        assert frame.is_visible(".cymap-legend")
        legend = frame.inner_text(".cymap-legend")
        assert status_label("under_construction", "zh") in legend and status_label("completed", "zh") in legend
        # The district layer (SVG paths) and project symbols are drawn although no tile loads.
        assert frame.locator("path.leaflet-interactive").count() > 0
        assert frame.locator(".cymap-sym").count() > 0

        # Clicking a project symbol opens its record in the detail panel beside the map.
        frame.locator(".leaflet-marker-icon:has(.cymap-site)").first.click()
        page.wait_for_selector("text=江北国际机场T3B航站楼", timeout=30_000)

        page.wait_for_timeout(1000)
        shot = tmp_path / "app.png"
        page.screenshot(path=str(shot))
        browser.close()
    assert shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")
