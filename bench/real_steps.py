"""The steps and budgets `bench/run.py --shape real` adds (issue 16): validate and geocode timed
apart, the default GeoJSON file, the app's first run and a series of filter changes, and the
plain-pandas baseline. Budgets are issue 16's, for N = 10,000 and N = 100,000 real-shaped rows."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

# name -> {N: (budget, how it reads)}; issue 16 (2-core machine; measured, never asserted)
REAL_BUDGETS = {
    "validate_s": {100_000: (10.0, "≤ 10 s")},
    "geocode_only_s": {100_000: (15.0, "≤ 15 s")},
    "geocode_s": {10_000: (2.0, "≤ 2 s (validate + geocode)")},
    "peak_rss_mb": {10_000: (800.0, "≤ 800 MB"), 100_000: (2048.0, "≤ 2 GB")},
    "geojson_bytes": {10_000: (30e6, "≤ 30 MB")},
    "map_html_bytes": {10_000: (3e6, "≤ 3 MB (map payload)")},
    "rerun_first_run_s": {10_000: (3.0, "≤ 3 s")},
    "filter_median_s": {10_000: (0.5, "≤ 0.5 s"), 100_000: (2.0, "≤ 2 s")},
    "filter_max_s": {10_000: (1.0, "≤ 1 s")},
    "export_png_s": {10_000: (5.0, "≤ 5 s")},
}
# the CPU-seconds twin of a timed figure (judged against the same budget: the work's own time)
CPU_TWIN = {"validate_s": "validate_cpu_s", "geocode_only_s": "geocode_only_cpu_s", "geocode_s": "geocode_cpu_s",
            "pandas_read_s": "pandas_read_cpu_s", "geojson_s": "geojson_cpu_s", "map_build_s": "map_cpu_s",
            "rerun_first_run_s": "rerun_first_run_cpu_s", "filter_median_s": "filter_median_cpu_s",
            "filter_max_s": "filter_max_cpu_s", "export_png_s": "export_cpu_s", "explore_build_s": "explore_cpu_s"}
REAL_ORDER = ("pandas_read_s", "validate_s", "geocode_only_s", "geocode_s", "gazetteer_s", "geojson_s",
              "geojson_bytes", "geojson_full_bytes", "map_build_s", "map_html_bytes", "rerun_first_run_s",
              "filter_median_s", "filter_max_s", "export_png_s", "peak_rss_mb", "explore_build_s",
              "explore_html_bytes", "peak_rss_with_explore_mb")
# The filter changes of bench/app_filter_timing.py: set, then clear, each of three filters.
FILTER_SERIES = (("status", ["under_construction"]), ("status", []), ("district", ["万州区"]), ("district", []),
                 ("action", [2]), ("action", []))
EXPLORE_MAX_ROWS = 20_000  # beyond this explore() on the joined polygons needs tens of GB: not run


def with_cpu(timed):
    """`timed` that also returns the process's CPU seconds (all threads: AppTest runs the app in
    one). On a loaded machine wall seconds grow with the load; CPU seconds are the work's own."""
    def run(function, *args, **kwargs):
        start = time.process_time()
        seconds, result = timed(function, *args, **kwargs)
        return seconds, time.process_time() - start, result
    return run


def cpu_step(measure, name: str):
    """A whole step of bench/run.py with its CPU seconds as `name`."""
    def run(ctx: dict) -> dict:
        start = time.process_time()
        figures = measure(ctx)
        return {**figures, name: time.process_time() - start}
    return run


def budget_for(name: str, rows: int) -> tuple[float, str] | None:
    """The budget at the nearest budgeted N at or above `rows` (1k rows are judged by 10k's)."""
    budgets = REAL_BUDGETS.get(name, {})
    for n in sorted(budgets):
        if rows <= n:
            return budgets[n]
    return None


def measure_validate_geocode(ctx: dict, timed) -> dict:
    """Plain pandas reading the file; read + validate (the ledger's and the place checks); geocode."""
    import pandas as pd

    from cymap.geo import geocode
    from cymap.geo.place_checks import checked_read
    from cymap.geo.projects import Projects
    from cymap.ledger.read import read_ledger

    timed = with_cpu(timed)
    pandas_s, pandas_cpu, _ = timed(pd.read_csv, ctx["ledger"], dtype=str, keep_default_na=False,
                                    encoding="utf-8-sig")
    gazetteer_s, _, _ = timed(geocode.load_gazetteer)
    validate_s, validate_cpu, read = timed(lambda: checked_read(read_ledger(ctx["ledger"])))
    geocode_s, geocode_cpu, geocoded = timed(geocode.geocode, read.rows)
    ctx["projects"] = Projects(geocoded, read)
    return {"pandas_read_s": pandas_s, "validate_s": validate_s, "geocode_only_s": geocode_s,
            "geocode_s": validate_s + geocode_s, "gazetteer_s": gazetteer_s, "problems": len(read.problems),
            "pandas_read_cpu_s": pandas_cpu, "validate_cpu_s": validate_cpu, "geocode_only_cpu_s": geocode_cpu,
            "geocode_cpu_s": validate_cpu + geocode_cpu,
            "precision": {k: int(v) for k, v in geocoded["precision"].value_counts().items()}}


def measure_geojson(ctx: dict, timed) -> dict:
    """`geocode --out X.geojson` (compact, the default) and, up to 10k rows, `--geometry full`."""
    from cymap.print import gis

    out = Path(ctx["ledger"]).with_suffix(".geojson")
    seconds, cpu, _ = with_cpu(timed)(gis.write_geojson, ctx["projects"].geocoded, out)
    figures = {"geojson_s": seconds, "geojson_cpu_s": cpu, "geojson_bytes": out.stat().st_size}
    if len(ctx["projects"].geocoded) <= 10_000:
        full = out.with_name(out.stem + "-full.geojson")
        gis.write_geojson(ctx["projects"].geocoded, full, "full")
        figures["geojson_full_bytes"] = full.stat().st_size
    return figures


def measure_filters(ctx: dict, app_path: Path, timed) -> dict:
    """The app's first run, then each filter change of FILTER_SERIES timed (median and max)."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["CYMAP_LEDGER"] = str(ctx["ledger"])
    at = AppTest.from_file(str(app_path), default_timeout=1200)
    timed = with_cpu(timed)
    start, cpu_start = time.perf_counter(), time.process_time()
    at.run()
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if at.exception:
        raise RuntimeError(f"app raised on first run: {at.exception[0].message}")
    times, cpus = [], []
    for key, value in FILTER_SERIES:
        at.multiselect(key=key).set_value(value)
        seconds, cpu, _ = timed(at.run)
        if at.exception:
            raise RuntimeError(f"app raised after {key} = {value}: {at.exception[0].message}")
        times.append(seconds)
        cpus.append(cpu)
    return {"rerun_first_run_s": first, "filter_median_s": statistics.median(times), "filter_max_s": max(times),
            "rerun_first_run_cpu_s": first_cpu, "filter_median_cpu_s": statistics.median(cpus),
            "filter_max_cpu_s": max(cpus), "filter_cpu_times_s": cpus,
            "filter_times_s": times, "rerun_s": times[0], "rerun_change": "status/district/action set and cleared"}
