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

from cymap.geo import geodata

from cymap.web import symbols
from cymap.views.i18n import action_label, region_label, status_label, t
from cymap.geo.projects import load_projects
from cymap.ledger.schema import ACTIONS

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


BEIBEI_PROJECT = {"id": "A04-T14-01", "name_zh": "北碚科研平台"}  # district-level, in a central district


def central_district_level_items() -> int:
    """District-level items of the test ledger touching a central district (one badge for them)."""
    geocoded = load_projects(LEDGER).geocoded
    frame = geodata.districts()
    core = set(frame.loc[frame["region"] == symbols.CORE_REGION, "name_zh"])
    rows = geocoded[geocoded["precision"] == "district"]
    assert BEIBEI_PROJECT["id"] in set(rows["id"])
    return sum(1 for names in rows["districts"] if core & set(names))


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

        # Whole-city view: district-level items are one count badge per district (the central
        # districts share one), their diamonds hidden; the counts follow the action layers.
        page.locator("iframe[src*='st_folium']").scroll_into_view_if_needed()
        assert frame.evaluate("window.map.getZoom()") < symbols.SUMMARY_BELOW_ZOOM
        hidden = "Array.from(document.querySelectorAll('.cymap-dd')).map(e => getComputedStyle(e).display === 'none')"
        assert all(frame.evaluate(hidden))  # not even built (projects.js adds them from their zoom on)
        core = region_label(symbols.CORE_REGION, "zh")
        central = frame.locator(f".cymap-sum:has-text('{core}') .cymap-badge")
        assert central.is_visible()
        assert central.inner_text().split()[-1] == str(central_district_level_items())
        overlays = frame.locator(".leaflet-control-layers-overlays")
        # The control folds to its icon (issue 15): Leaflet opens it on hover and ignores a click in
        # the moment it opens (against taps that were meant for the map), as a user's pointer rests first.
        frame.locator(".leaflet-control-layers").hover()
        frame.wait_for_timeout(100)
        for action in ACTIONS:
            overlays.locator("label", has_text=action_label(action, "zh")).locator("input").uncheck()
        assert frame.locator(".cymap-sum .cymap-badge").count() == 0  # nothing switched on, nothing counted
        for action in ACTIONS:
            overlays.locator("label", has_text=action_label(action, "zh")).locator("input").check()
        assert central.is_visible()
        # Switching the summary layer off shows every diamond instead.
        summary = overlays.locator("label", has_text=t("layer_district_summary", "zh")).locator("input")
        summary.uncheck()
        assert frame.evaluate(hidden) and not any(frame.evaluate(hidden))
        summary.check()
        assert all(frame.evaluate(hidden))

        # Clicking a project symbol opens its record in the detail panel beside the map.
        frame.locator(".leaflet-marker-icon:has(.cymap-site)").first.click()
        page.wait_for_selector("text=江北国际机场T3B航站楼", timeout=30_000)

        # A district-level project: its badge zooms to the district, where its diamond replaces
        # the badge, and a click on the diamond opens its record.
        frame.locator(".leaflet-popup-close-button").click()  # the site's popup
        central.click()
        frame.wait_for_function(f"window.map.getZoom() >= {symbols.SUMMARY_BELOW_ZOOM}", timeout=10_000)
        page.wait_for_timeout(500)  # the zoom animation
        assert not central.is_visible()
        project = BEIBEI_PROJECT
        frame.evaluate("""id => { for (const k in window.map._layers) { const l = window.map._layers[k];
            if (l._icon && l.cymapProject !== undefined && window.map.cymapProjectTexts.tooltip(l.cymapProject)
                .endsWith("'>" + id + '</span>')) {
                l._icon.id = 'cymap-test-target'; } } }""", project["id"])
        diamond = frame.locator("#cymap-test-target")
        assert diamond.is_visible() and "cymap-dd" in diamond.get_attribute("class")
        diamond.click()
        page.wait_for_selector(f"text={project['name_zh']}", timeout=30_000)

        page.wait_for_timeout(1000)
        shot = tmp_path / "app.png"
        page.screenshot(path=str(shot))
        browser.close()
    assert shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")


# --- the projects drawn from the map's one data element (cymap/web/assets/projects.js) ---------

HOSTILE_ROWS = [
    "A02-T05-01,江北国际机场T3B航站楼,Airport T3B,2,5,airport,江北国际机场,completed,2025,目标<1>,s,2025-04-30,",
    "A02-T06-01,璧山至铜梁市域铁路,Bishan–Tongliang rail,2,6,rail,璧山区>铜梁区,under_construction,2027,,s,2023-03-10,",
    "A02-T06-02,已建成线路,Built line,2,6,road,璧山区>铜梁区,completed,2027,,s,2023-03-10,",
    "A06-T27-01,大巴山生态保护,Daba ecology,6,27,ecology,城口县;巫溪县,planned,,,s,2023-03-10,",
    "A10-T48-01,<img src=x onerror=alert(1)>公共服务,Evil <b>name</b>,10,48,public_service,万州区,ongoing,,,"
    "<script>alert(2)</script>,2023-03-10,",
    "A02-T05-02,反引号`${alert(3)}`\\ 'q' \"d\" &amp;,,2,5,airport,江北国际机场,preparing,,,"
    + "长" * 200 + ",2023-03-10,",
]

PROJECTS_JS = """() => {
  const map = Object.values(window).find(v => v instanceof L.Map), T = map.cymapProjectTexts;
  const out = {lines: [], zones: 0, diamonds: [], points: 0, clicked: null};
  map.eachLayer(l => {
    if (l.cymapProject === undefined) { return; }
    if (l instanceof L.Polygon) { out.zones += l.options.renderer instanceof L.Canvas ? 1 : 0; }
    else if (l instanceof L.Polyline) { out.lines.push([l.cymapProject, l.options.dashArray || null,
                                                        l.options.renderer instanceof L.Canvas]); }
  });
  Object.values(window).filter(v => v instanceof L.FeatureGroup && v.cymapDiamonds)
    .forEach(g => g.cymapDiamonds.forEach(l => out.diamonds.push(l.cymapProject)));
  map.cymapClusterGroup.eachLayer(l => { out.points++; if (out.clicked === null) {
    const before = typeof l.getTooltip().getContent();
    l.fire('click');  // the app's click -> detail panel reads the tooltip content as HTML text
    const span = document.createElement('span'); span.innerHTML = l.getTooltip().getContent();
    out.clicked = [before, span.textContent, T.tooltip(l.cymapProject)]; } });
  out.tooltips = []; out.popups = [];
  for (let i = 0; ; i++) { try { out.tooltips.push(T.tooltip(i)); out.popups.push(T.popup(i)); } catch (e) { break; } }
  return out;
}"""


def test_projects_js_draws_the_data_with_the_texts_python_writes(write_ledger, tmp_path):
    """Tooltips and popups made in the browser are exactly popup.tooltip_html / popup_html (every text
    escaped, backticks and `${` included); lines dashed while not built, on the canvas renderer;
    a district-level row's diamonds in each district; a click leaves the tooltip's text for the app."""
    from playwright.sync_api import sync_playwright

    from cymap.web import builder, popup

    import pandas as pd
    import shapely

    geocoded = load_projects(write_ledger(HOSTILE_ROWS)).geocoded
    zone = geocoded.iloc[[0]].copy()  # a zone with a known outline
    zone["id"], zone["precision"] = "A02-T05-03", "zone"
    zone["geometry"] = [shapely.box(106.6, 29.7, 106.7, 29.8)]
    geocoded = pd.concat([geocoded, zone])
    rows = builder.drawable(geocoded).sort_values("id")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--headless", "--no-sandbox", "--disable-gpu"])
        for lang in ("zh", "en"):
            page_file = tmp_path / f"map-{lang}.html"
            m = builder.build_map(geocoded, builder.MapOptions(lang=lang, basemap="none", leaflet_inline=True))
            page_file.write_text(m.get_root().render(), encoding="utf-8")
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_file.as_uri())
            page.wait_for_selector(".cymap-sym", state="attached")
            out = page.evaluate(PROJECTS_JS)
            assert errors == []
            assert out["tooltips"] == [popup.tooltip_html(r, lang) for r in rows.itertuples()]
            assert out["popups"] == [popup.popup_html(r, lang) for r in rows.itertuples()]
            assert "反引号&#96;&#36;{alert(3)}&#96;&#92; &#x27;q&#x27; &quot;d&quot; &amp;amp;" in out["popups"][1]
            assert "长" * 160 + "…" in out["popups"][1] and "长" * 161 not in out["popups"][1]
            ids = rows["id"].tolist()
            dashes = {ids[i]: dash for i, dash, _ in out["lines"]}
            assert dashes["A02-T06-01"] and dashes["A02-T06-02"] is None  # dashed until built
            assert all(on_canvas for *_, on_canvas in out["lines"])
            assert sorted(ids[i] for i in out["diamonds"]) == ["A06-T27-01", "A06-T27-01", "A10-T48-01"]
            assert out["points"] == 3  # the two airport sites and the zone's symbol, in the cluster group
            assert out["zones"] == 1
            before, text, tooltip = out["clicked"]
            assert before == "function" and text.split(popup.ID_SEPARATOR)[-1] in ids
            assert popup.project_id_from_tooltip(text) == text.split(popup.ID_SEPARATOR)[-1]
            page.close()
        browser.close()


def test_symbols_sized_by_investment_are_drawn_at_their_size(tmp_path):
    from playwright.sync_api import sync_playwright

    from cymap.web import builder

    ledger = tmp_path / "money.csv"
    ledger.write_text("id,name_zh,action,task,category,location,status,total_investment\n"
                      "A02-T05-01,机场甲,2,5,airport,江北国际机场,ongoing,40\n"
                      "A02-T05-02,机场乙,2,5,airport,重庆新机场,ongoing,\n", encoding="utf-8")
    m = builder.build_map(load_projects(ledger).geocoded, builder.MapOptions(basemap="none", leaflet_inline=True,
                                                                               size_by_investment=True))
    page_file = tmp_path / "map.html"
    page_file.write_text(m.get_root().render(), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_selector(".cymap-sym", state="attached")
        map_js = "Object.values(window).find(v => v instanceof L.Map)"
        ids = page.evaluate(f"""() => {{ const map = {map_js}, out = [];
            map.cymapClusterGroup.eachLayer(l => out.push(map.cymapProjectTexts.tooltip(l.cymapProject)));
            return out.map(t => t.split("'>").pop().split('<')[0]); }}""")
        sides = {}
        for index, project in enumerate(ids):  # each at street level (no clusters), drawn in the page
            page.evaluate(f"""() => {{ const map = {map_js};
                map.setView(map.cymapClusterGroup.getLayers()[{index}].getLatLng(), 17, {{animate: false}}); }}""")
            page.wait_for_timeout(300)
            sides[project] = page.evaluate(f"""() => {{ const l = {map_js}.cymapClusterGroup.getLayers()[{index}];
                return l.getElement().querySelector('.cymap-sym').getBoundingClientRect().width; }}""")
        browser.close()
    assert sides == {"A02-T05-01": 2 * symbols.SYMBOL_SIZE, "A02-T05-02": symbols.SYMBOL_SIZE}
