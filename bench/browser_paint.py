"""The browser's first paint of the project map at N projects (issue 15): headless Chromium opens
the map as the app builds it (cymap.web.builder.build_map, Leaflet, clustering plugin and web font
inlined, i.e. the self-contained HTML page), with every request off the machine refused, and reports

  first_paint_ms          the browser's first paint (Paint Timing API)
  first_contentful_ms     first contentful paint
  symbols_drawn_ms        navigation start -> the first project symbol or cluster is in the page
  html_mb                 size of the page

    python bench/browser_paint.py --rows 1000 10000 [--screenshot DIR] [--markdown]
    python bench/browser_paint.py --ledger bench/out/real-10000-20230310.csv   (a ledger CSV instead)
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synth import write_synth_ledger  # noqa: E402
from cymap.geo.projects import load_projects  # noqa: E402
from cymap.web import builder  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def map_page(rows: int | Path, folder: Path) -> Path:
    """The page of a synthetic ledger of `rows` projects, or of the ledger file `rows`."""
    ledger = rows if isinstance(rows, Path) else write_synth_ledger(folder / f"synth-{rows}.csv", rows)
    geocoded = load_projects(ledger).geocoded
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none", leaflet_inline=True, inline_font=True))
    m.height = (100.0, "%")
    page = folder / f"map-{ledger.stem}.html"
    page.write_text(m.get_root().render(), encoding="utf-8")
    return page


def measure(page: Path, viewport=(1366, 768), screenshot: Path | None = None, runs: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    figures = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            tab = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else route.abort())
            tab.goto(page.as_uri(), wait_until="load", timeout=120_000)
            tab.wait_for_function("document.querySelector('.cymap-cl, .cymap-sym') !== null", timeout=120_000)
            drawn = tab.evaluate("performance.now()")
            paints = tab.evaluate("Object.fromEntries(performance.getEntriesByType('paint')"
                                  ".map(e => [e.name, e.startTime]))")
            figures.append({"first_paint_ms": paints.get("first-paint"),
                            "first_contentful_ms": paints.get("first-contentful-paint"),
                            "symbols_drawn_ms": drawn})
            if screenshot is not None:
                tab.wait_for_timeout(1000)
                tab.screenshot(path=str(screenshot))
            tab.close()
        browser.close()
    best = {k: min(f[k] for f in figures if f[k] is not None) for k in figures[0]}
    return {**best, "html_mb": page.stat().st_size / 1e6}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--ledger", type=Path, nargs="+", default=None,
                        help="ledger CSVs to map instead of synthetic ones, e.g. bench/out/real-10000-20230310.csv")
    parser.add_argument("--screenshot", type=Path, default=None, help="folder for one screenshot per N")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.ledger or args.rows:
            started = time.perf_counter()
            page = map_page(rows, Path(folder))
            built = time.perf_counter() - started
            name = rows.stem if isinstance(rows, Path) else rows
            shot = args.screenshot / f"paint-{name}.png" if args.screenshot else None
            if shot:
                shot.parent.mkdir(parents=True, exist_ok=True)
            results[rows] = {**measure(page, screenshot=shot), "build_s": built}
            print(f"N={rows}: " + ", ".join(f"{k} {v:.1f}" for k, v in results[rows].items()), flush=True)
    if args.markdown:
        print("\n| N / ledger | first paint | first contentful paint | symbols drawn | page size |\n"
              "|---:|---:|---:|---:|---:|")
        for rows, r in results.items():
            name = rows.name if isinstance(rows, Path) else f"{rows:,}"
            print(f"| {name} | {r['first_paint_ms']:.0f} ms | {r['first_contentful_ms']:.0f} ms | "
                  f"{r['symbols_drawn_ms']:.0f} ms | {r['html_mb']:.1f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
