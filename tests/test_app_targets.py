"""Issue 17 in the app (AppTest): the Targets tab and its `target` link parameter, the Districts
tab's investment tables, the Late tab; and (browser) the Targets tab in headless Chromium in both
languages, with a screenshot (CYMAP_TARGETS_SCREENSHOT=docs/targets.png keeps it in docs/)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_helpers import open_tab

from cymap.paths import DEFAULT_LEDGER
from cymap.views import i18n, targets
from tests.test_investment import TOTALS, gbk_csv

ROOT = Path(__file__).resolve().parents[1]
TARGET = "T12"  # 高铁运营里程: baseline, latest and linked rows


def app_for(monkeypatch, ledger: Path) -> AppTest:
    monkeypatch.setenv("CYMAP_LEDGER", str(ledger))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    return at


def tab(at: AppTest, key: str, lang: str = "zh"):
    """The tab `key`, opened first (the app runs only the tab on screen)."""
    if at.session_state["tab"] != key:
        run(open_tab(at, key, lang))
    label = i18n.t(key, lang)
    return next(t for t in at.tabs if t.label == label)


def linked_count(target_id: str) -> int:
    frame = targets.load()
    import pandas as pd

    ids = set(pd.read_csv(DEFAULT_LEDGER, dtype=str)["id"])
    return len([i for i in frame[frame["target_id"] == target_id].iloc[0]["ids"] if i in ids])


@pytest.fixture
def plan_app(monkeypatch):
    return app_for(monkeypatch, DEFAULT_LEDGER)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_tab_shows_every_target_with_a_chart(plan_app, lang):
    plan_app.query_params["lang"] = lang
    at = run(plan_app)
    targets_tab = tab(at, "tab_targets", lang)
    table = targets_tab.dataframe[0].value
    assert len(table) == 138 and i18n.t("tg_col_progress", lang) in table.columns
    assert (table[i18n.t("tg_col_source", lang)] == i18n.t("tg_no_figure", lang)).sum() == 107
    charts = [json.loads(c.proto.spec) for c in targets_tab.get("vega_lite_chart")]
    assert any(len(c.get("layer", [])) == 3 for c in charts)  # track, bar, goal tick
    assert any(i18n.t("tg_intro", lang, targets=138, with_latest=31, met=m, linked=55) == c.value
               for c in targets_tab.caption for m in range(32))


def test_choosing_a_target_filters_the_map_and_travels_in_the_link(plan_app):
    at = run(open_tab(plan_app, "tab_targets"))
    total = int(at.metric[0].value)
    at.selectbox(key="target").set_value(TARGET)
    at = run(at)
    assert int(at.metric[0].value) == linked_count(TARGET) < total
    run(open_tab(at, "tab_map"))  # the choice stays when the Targets tab is left (its widget is not run)
    assert int(at.metric[0].value) == linked_count(TARGET) and at.session_state["target"] == TARGET
    assert at.query_params.get("target") in (TARGET, [TARGET])
    linked = tab(at, "tab_targets").dataframe[-1].value  # the target's linked projects
    assert len(linked) == linked_count(TARGET)
    at.button(key="target_clear").click()
    at = run(at)
    assert int(at.metric[0].value) == total and "target" not in at.query_params


def test_a_link_with_a_target_opens_on_its_projects(plan_app):
    plan_app.query_params["target"] = TARGET
    at = run(plan_app)
    assert int(at.metric[0].value) == linked_count(TARGET)
    run(at)  # a rerun on the map tab keeps it
    assert int(at.metric[0].value) == linked_count(TARGET)
    tab(at, "tab_targets")
    assert at.selectbox(key="target").value == TARGET


def test_an_unknown_target_in_a_link_is_ignored(plan_app):
    plan_app.query_params["target"] = "<script>"
    at = run(open_tab(plan_app, "tab_targets"))
    assert at.selectbox(key="target").value == "" and int(at.metric[0].value) > 100


@pytest.fixture
def money_app(monkeypatch, tmp_path):
    return app_for(monkeypatch, gbk_csv(tmp_path / "台账.csv"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_districts_tab_investment_sums_equal_the_ledger(money_app, lang):
    money_app.query_params["lang"] = lang
    at = run(money_app)
    frames = [d.value for d in tab(at, "tab_districts", lang).dataframe]
    money = [f for f in frames if i18n.t("inv_col_total_investment", lang) in f.columns]
    assert len(money) == 3  # by district, action, status
    for frame in money:
        assert frame.iloc[-1, 0] == i18n.t("total", lang)
        assert frame[i18n.t("inv_col_total_investment", lang)].iloc[-1] == f"{TOTALS['total_investment']:,.1f}"
        assert frame[i18n.t("inv_col_completed_investment", lang)].iloc[-1] == f"{TOTALS['completed_investment']:,.1f}"


def test_late_tab_lists_rows_past_their_planned_dates(money_app):
    at = run(money_app)
    late_tab = tab(at, "tab_late")
    frame = late_tab.dataframe[0].value
    ids = set(frame[i18n.t("late_col_id", "zh")])
    assert {"A02-T05-01", "A02-T05-02", "A10-T48-01"} <= ids and "A09-T45-01" not in ids
    assert len(late_tab.get("download_button")) == 2


# --- the running app in Chromium ---------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_tab_in_a_browser(lang, tmp_path):
    from tests.test_browser import _chromium  # how the browser tests find Debian's chromium

    pytest.importorskip("playwright")
    executable = _chromium()
    url = _start_app()
    try:
        _drive(url, executable, lang, tmp_path)
    finally:
        _stop_app()


_PROCESS: list = []


def _start_app() -> str:
    """`streamlit run app.py` with the plan's ledger on a free port (as tests/test_browser.py)."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "CYMAP_LEDGER": str(DEFAULT_LEDGER)}
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                                "--server.port", str(port), "--server.address", "127.0.0.1",
                                "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _PROCESS.append(process)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                pytest.fail(f"streamlit did not start on {url}")
            time.sleep(0.5)
    return url


def _stop_app() -> None:
    while _PROCESS:
        process = _PROCESS.pop()
        process.terminate()
        try:
            process.wait(timeout=10)
        except Exception:  # noqa: BLE001
            process.kill()


def _drive(url: str, executable: str, lang: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1500, "height": 1250})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
        page.goto(f"{url}/?lang={lang}&target={TARGET}")
        page.get_by_role("tab", name=i18n.t("tab_targets", lang)).click(timeout=120_000)
        page.wait_for_selector("canvas, svg.marks", timeout=60_000)  # the Vega chart drew
        page.wait_for_selector(f"text={i18n.t('tg_chart_title', lang)}", timeout=30_000)
        note = i18n.t("tg_map_note", lang, target=TARGET, count=linked_count(TARGET))
        page.wait_for_selector(f"text={note}", timeout=30_000)  # the target narrows the view
        assert page.get_by_text(i18n.t("tg_linked", lang)).count() >= 1
        page.wait_for_timeout(1500)
        shot = tmp_path / f"targets-{lang}.png"
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert shot.stat().st_size > 30_000
    keep = os.environ.get("CYMAP_TARGETS_SCREENSHOT")
    if keep and lang == "en":
        Path(keep).write_bytes(shot.read_bytes())
    print(f"screenshot: {shot}")
