"""A legible map (issue 15) in headless Chromium at 1366×768 and 1920×1080, offline (every request
leaving the machine refused): a district filter frames and outlines the district; no two point
symbols, clusters, badges or district names overlap at the whole-city zoom nor at the 中心城区 zoom;
the map's top edge is above the fold; every tab in Chinese shows no English word and in English no
Chinese apart from place names and the ledger's own text; Chinese is drawn with the app's web font.

Figures (printed with -s): overlaps found at each zoom, the map's top edge in px.
"""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from tests.test_i18n import ZH_ALLOWED  # the one list of words a Chinese page may show

from cymap.geo import geodata
from cymap.geo.projects import load_projects
from cymap.views.i18n import TEXT, district_label, language_name, region_label
from cymap.web import builder, symbols, webfont

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "tests" / "data" / "app_ledger.csv"
REAL_LEDGER = ROOT / "projects.csv"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES = [(1366, 768), (1920, 1080)]
IFRAME = "iframe[title*='st_folium'], iframe[src*='st_folium']"


def _chromium() -> str:
    from shutil import which

    path = which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
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
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "CYMAP_LEDGER": str(LEDGER)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    pytest.fail(f"streamlit did not start on {url}")
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        yield b
        b.close()


def offline_page(browser, size, allowed: str):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(allowed) else route.abort())
    return page


def settle(target, quiet_ms: int = 1200) -> None:
    """Wait until the map's layout pass (declutter.js) has stopped running: zoom and cluster
    animations end at their own pace in a headless browser."""
    count = "(Object.values(window).find(v => v instanceof L.Map) || {}).cymapLaidOut || 0"
    before = -1
    for _ in range(20):
        now = target.evaluate(count)
        if now == before and now > 0:
            return
        before = now
        target.wait_for_timeout(quiet_ms)


def open_map(page, url: str):
    page.goto(url)
    frame = page.wait_for_selector(IFRAME, timeout=90_000).content_frame()
    frame.wait_for_selector(".leaflet-marker-pane .cymap-district-label", timeout=90_000)
    settle(frame)  # the layout pass after the fit and the fonts
    return frame


# --- overlaps: every shown symbol, cluster, badge and district name, as rendered ----------------

OVERLAPS_JS = """() => {
  const shown = el => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
  const map = document.querySelector('.leaflet-container').getBoundingClientRect();
  const inView = r => r.width > 0 && r.right > map.left && r.left < map.right &&
                      r.bottom > map.top && r.top < map.bottom;
  const boxes = [], range = document.createRange();
  document.querySelectorAll('.leaflet-marker-pane .cymap-icon').forEach(el => {
    const drawn = el.firstElementChild;
    if (!shown(el) || !drawn) return;
    const r = drawn.getBoundingClientRect();
    const kind = el.classList.contains('cymap-sum') ? 'badge'
               : el.classList.contains('cymap-cluster') ? 'cluster' : 'symbol';
    if (inView(r)) boxes.push({what: kind + ' ' + drawn.innerText.replace(/\\s+/g, ' '), r});
  });
  document.querySelectorAll('.leaflet-marker-pane .cymap-district-label').forEach(el => {
    if (!shown(el)) return;
    range.selectNodeContents(el);
    const r = range.getBoundingClientRect();
    if (inView(r)) boxes.push({what: 'name ' + el.innerText, r});
  });
  const found = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].r, b = boxes[j].r;  // 1 px of antialiasing allowed
    if (a.left + 1 < b.right && b.left + 1 < a.right && a.top + 1 < b.bottom && b.top + 1 < a.bottom)
      found.push(boxes[i].what + ' × ' + boxes[j].what);
  }
  return {boxes: boxes.length, overlaps: found};
}"""


@pytest.fixture(scope="module")
def real_map_page(tmp_path_factory):
    """The app's map of the shipped ledger (projects.csv), as a self-contained page."""
    geocoded = load_projects(REAL_LEDGER).geocoded
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none", leaflet_inline=True, inline_font=True))
    m.height = (100.0, "%")
    path = tmp_path_factory.mktemp("map") / "map.html"
    path.write_text(m.get_root().render(), encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [(780, 620), (1180, 620)], ids=["map-in-1366-app", "map-in-1920-app"])
def test_no_two_symbols_or_names_overlap_at_the_city_and_the_central_zoom(browser, real_map_page, size):
    page = offline_page(browser, size, "file:")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(real_map_page.as_uri())
    page.wait_for_selector(".cymap-district-label", timeout=60_000)
    settle(page)
    city = page.evaluate(OVERLAPS_JS)
    assert page.locator(".cymap-cluster").count() > 0  # the sites are clustered
    core = page.locator(f".cymap-sum:has-text('{region_label(symbols.CORE_REGION, 'zh')}') .cymap-badge")
    core.click()
    page.wait_for_function(f"document.querySelector('.leaflet-container').className.indexOf("
                           f"'cymap-zoom-lt{symbols.SUMMARY_BELOW_ZOOM}') < 0", timeout=10_000)
    settle(page)  # zoom and cluster animations, then the layout pass
    central = page.evaluate(OVERLAPS_JS)
    print(f"\n{size}: city zoom {len(city['overlaps'])} overlaps of {city['boxes']} boxes; "
          f"中心城区 zoom {len(central['overlaps'])} of {central['boxes']}")
    assert not errors
    assert city["boxes"] > 20 and central["boxes"] > 20
    assert city["overlaps"] == [] and central["overlaps"] == []
    page.close()


def test_cluster_rings_are_coloured_by_the_statuses_inside(browser, real_map_page):
    page = offline_page(browser, (1000, 620), "file:")
    page.goto(real_map_page.as_uri())
    page.wait_for_selector(".cymap-cl", timeout=60_000)
    style = page.locator(".cymap-cl").first.get_attribute("style")
    assert "conic-gradient(" in style
    page.close()


# --- the app: focus, fold, text, font ----------------------------------------------------------------

def wanzhou_bounds():
    frame = geodata.districts()
    west, south, east, north = frame.loc[frame["name_zh"] == "万州区"].total_bounds
    return west, south, east, north


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
def test_district_filter_frames_outlines_and_counts_only_the_district(app_url, browser, size):
    page = offline_page(browser, size, app_url)
    frame = open_map(page, app_url + "/?district=万州区")
    west, south, east, north = wanzhou_bounds()
    view = frame.evaluate("(() => { const b = window.map.getBounds(); return [b.getWest(), b.getSouth(), "
                          "b.getEast(), b.getNorth()]; })()")
    # framed: the district is inside the view and fills most of its width or height
    assert view[0] <= west and view[1] <= south and view[2] >= east and view[3] >= north
    assert max((east - west) / (view[2] - view[0]), (north - south) / (view[3] - view[1])) > 0.5
    # outlined: the focus outline is drawn; dimmed: the veil over the rest
    assert frame.locator("path[stroke='#c0392b']").count() >= 1
    assert frame.locator("path[fill='#ffffff'][fill-opacity='0.5']").count() == 1
    # badges belong to the district only
    badges = frame.locator(".cymap-sum")
    labels = {frame.evaluate("el => el.innerText", badges.nth(i).element_handle()) for i in range(badges.count())}
    assert all("中心城区" not in text for text in labels)
    assert "cymap-label-focus" in frame.inner_html(".leaflet-marker-pane")
    page.close()


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "1920x1080"])
def test_map_starts_above_the_fold_with_laptop_sized_controls(app_url, browser, size):
    page = offline_page(browser, size, app_url)
    frame = open_map(page, app_url)
    top = page.locator(IFRAME).bounding_box()["y"]
    print(f"\n{size}: map top edge at {top:.0f} px (fold at {size[1]} px)")
    assert top + 300 < size[1]  # the top edge and most of the map above the fold
    collapsed = frame.evaluate("!document.querySelector('.leaflet-control-layers')"
                               ".classList.contains('leaflet-control-layers-expanded')")
    legend_open = frame.evaluate("document.querySelector('.cymap-legend details').open")
    assert collapsed == (size[0] < 1400) and legend_open == (size[0] >= 1400)
    assert page.title() == TEXT["page_title"]["zh"]  # not "cymap"; and our own icon
    assert page.locator("link[rel*='icon']").count() >= 1
    # Streamlit's Deploy button and developer menu are hidden (.streamlit/config.toml)
    assert page.locator("[data-testid='stAppDeployButton']").count() == 0
    assert page.locator("[data-testid='stMainMenu']").count() == 0
    if size[0] == 1366:
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png")) if os.environ.get("CYMAP_SCREENSHOT") else None
    page.close()


def test_chinese_is_drawn_with_the_apps_web_font(app_url, browser):
    """The app serves its own CJK font and the browser draws Chinese with it — not with a system
    font — in the page and in the map; so a machine with no CJK font shows the same text."""
    page = offline_page(browser, (1366, 768), app_url)
    frame = open_map(page, app_url)
    for target in (page, frame):
        target.evaluate("document.fonts.ready")
        assert target.evaluate(f"document.fonts.check('16px \"{webfont.FAMILY}\"', '重庆')")
        loaded = target.evaluate("[...document.fonts].filter(f => f.family.replace(/\"/g, '') === "
                                 f"'{webfont.FAMILY}' && f.status === 'loaded').length")
        assert loaded >= 1
    assert urllib.request.urlopen(app_url + webfont.APP_URL, timeout=10).read()[:4] == b"wOF2"
    # What the renderer actually used for the title and for a district name in the map
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    for selector in ("h1", ".cymap-district-label"):
        node = session.send("DOM.querySelector", {"nodeId": _node_holding(session, root, selector),
                                                  "selector": selector})["nodeId"]
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert fonts and all(f["isCustomFont"] for f in fonts), (selector, fonts)
    page.close()


def _node_holding(session, root: int, selector: str) -> int:
    """The document node (page or map iframe) in which `selector` matches."""
    if session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]:
        return root
    for frame_node in session.send("DOM.querySelectorAll", {"nodeId": root, "selector": "iframe"})["nodeIds"]:
        described = session.send("DOM.describeNode", {"nodeId": frame_node, "depth": 1, "pierce": True})["node"]
        document = described.get("contentDocument")
        if document:
            inner = session.send("DOM.requestNode", {"objectId": session.send(
                "DOM.resolveNode", {"backendNodeId": document["backendNodeId"]})["object"]["objectId"]})["nodeId"]
            if session.send("DOM.querySelector", {"nodeId": inner, "selector": selector})["nodeId"]:
                return inner
    raise AssertionError(f"no {selector} in the page or its frames")


# --- every tab in both languages -----------------------------------------------------------------

CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[A-Za-z]{2,}")
# The geodata a page shows as it is: place names, and the Targets tab's quotations and sources
# (their notes and build columns are not shown, so their words are not allowed).
SHOWN_GEODATA = {"gazetteer.csv": ("name", "aliases"), "places.csv": ("name", "aliases"), "routes.csv": ("name",),
                 "towns.csv": ("name",), "townships.csv": ("name_zh",),
                 "targets.csv": ("indicator_zh", "clause", "unit", "baseline_source", "latest_date", "latest_source",
                                 "latest_url")}


def ledger_texts(lang: str) -> str:
    """The ledger's and the geodata's own words (names, places, sources) a page in `lang` may show:
    in Chinese not the English names, which the Chinese page does not show."""
    frame = pd.read_csv(LEDGER, dtype=str, keep_default_na=False)
    if lang == "zh":
        frame = frame.drop(columns=[c for c in ("name_en",) if c in frame.columns])
    names = []
    for name, columns in SHOWN_GEODATA.items():
        shown = [*columns, "indicator_en"] if name == "targets.csv" and lang == "en" else list(columns)
        table = pd.read_csv(geodata.GEODATA_DIR / name, dtype=str, keep_default_na=False)
        names += table[shown].values.ravel().tolist()
    for division in geodata.DIVISIONS:
        names += geodata.districts(division)["name_zh"].tolist()
        names += [district_label(n, "en") for n in geodata.districts(division)["name_zh"]]
    return " ".join(frame.astype(str).values.ravel().tolist() + names)


def tab_texts(page, app_url: str, lang: str) -> dict[str, str]:
    """Visible text of the sidebar, the header and each tab's panel (Material icon ligatures hidden:
    they are icons, not words)."""
    page.goto(app_url + f"/?lang={lang}")
    page.wait_for_selector(IFRAME, timeout=90_000)
    page.add_style_tag(content="[data-testid='stIconMaterial']{display:none!important}")
    texts = {}
    tabs = page.locator("[data-testid='stTab']")
    for i in range(tabs.count()):
        tabs.nth(i).click()  # the app reruns and builds the tab (only the tab on screen runs)
        page.wait_for_timeout(500)
        page.wait_for_function("""() => !document.querySelector("[data-testid='stStatusWidget']") &&
            [...document.querySelectorAll("[role='tabpanel']")].some(p => p.offsetParent !== null &&
                                                                     p.innerText.trim().length > 0)""",
                               timeout=90_000)
        page.wait_for_timeout(1000)
        page.add_style_tag(content="[data-testid='stIconMaterial']{display:none!important}")
        texts[tabs.nth(i).inner_text()] = page.evaluate("""() => {
            const main = document.querySelector("[data-testid='stMainBlockContainer']");
            const panel = [...document.querySelectorAll("[role='tabpanel']")].find(p => p.offsetParent !== null);
            const tabs = document.querySelector("[data-testid='stTabs']");
            const head = main.innerText.split(tabs ? tabs.innerText.split('\\n')[0] : '\\u0000')[0];
            return document.querySelector("[data-testid='stSidebar']").innerText + '\\n' + head + '\\n' +
                   (tabs ? tabs.innerText : '') + '\\n' + (panel ? panel.innerText : '');
        }""")
    return texts


def test_every_tab_speaks_one_language(app_url, browser):
    page = offline_page(browser, (1920, 1080), app_url)
    english = {w for text in TEXT.values() for w in WORD.findall(text["en"])}
    problems, walked = [], {}
    for lang in ("zh", "en"):
        allowed = ledger_texts(lang)
        allowed_words = set(WORD.findall(allowed))  # whole words of the data, not any substring of it
        walked[lang] = tab_texts(page, app_url, lang)
        for tab, text in walked[lang].items():
            if lang == "zh":
                problems += [f"zh tab {tab}: English word {w!r}" for w in sorted(set(WORD.findall(text)))
                             if w not in ZH_ALLOWED and w not in allowed_words]
            else:  # the language switch names Chinese in Chinese
                problems += [f"en tab {tab}: Chinese {r!r}" for r in sorted(set(CJK_RUN.findall(text)))
                             if r not in allowed and r != language_name("zh")]
    print("\n" + "\n".join(f"{lang}: {len(tabs)} tabs, {sum(len(v) for v in tabs.values())} characters"
                            for lang, tabs in walked.items()))
    assert all(len(tabs) >= 6 for tabs in walked.values())
    print("\n".join(problems))
    assert english  # the English catalogue exists; the Chinese page uses none of it
    assert problems == []
    page.close()
