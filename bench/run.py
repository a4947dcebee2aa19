"""Benchmark cymap on a synthetic ledger of N projects; print a table and optionally write JSON.

    python bench/run.py --rows 10000 --json bench/out/bench-10000.json [--seed S] [--profile STEP]

Measured in this one process, in this order (each on all N rows):
  geocode_s           read + validate + geocode + district join (`cymap.geo.projects.load_projects`),
                      with the gazetteer indexes built (as in the running app); gazetteer_s is
                      that one-off build, geocode_cold_s the sum a fresh process pays
  map_build_s         our folium map as the app builds it (`cymap.web.builder.build_map`) rendered to
  map_html_bytes      HTML with `get_root().render()`
  rerun_s             one filter change in the app (`streamlit.testing.v1.AppTest`, ledger named by
                      CYMAP_LEDGER), after a first run that fills the app's caches
  export_png_s        an A4 300 dpi PNG of all N projects (`cymap.print.static.render_map`)
  explore_build_s     the baseline: `GeoDataFrame.explore()` on the same geocoded rows, rendered
  explore_html_bytes  the same way
  peak_rss_mb         the process's peak resident memory (ru_maxrss) after all of cymap's steps and
                      before explore(), which runs last (peak_rss_with_explore_mb: after it)
Budgets are those of issue 7 for N = 10,000 on a 2-core machine; at other N they are shown
for reference. A step whose module has not landed yet reads `n/a: …`; a step that raises reads
`error: …` (traceback on stderr) and the exit status is 1. Nothing here is a test: no figure is
asserted.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import importlib.util
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import threading
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a fresh checkout (cymap is not installed)
    sys.path.insert(0, str(ROOT))

from bench import real_steps  # noqa: E402
from bench.synth import DEFAULT_SEED  # noqa: E402

OUT_DIR = ROOT / "bench" / "out"
BUDGET_ROWS = 10_000
# name -> (budget, unit, how the budget reads)
BUDGETS = {
    "geocode_s": (1.5, "s", "≤ 1.5 s"),
    "map_build_s": (0.5, "× explore", "≤ 1/2 of explore()'s time"),
    "map_html_bytes": (1 / 3, "× explore", "≤ 1/3 of explore()'s HTML"),
    "rerun_s": (1.5, "s", "≤ 1.5 s"),
    "export_png_s": (5.0, "s", "≤ 5 s"),
    "peak_rss_mb": (800.0, "MB", "≤ 800 MB"),
    "pg_snapshot_s": (0.5, "s", "≤ 0.5 s (issue 18)"),
}
# explore() runs last: its peak memory (a 200 MB HTML string at 10k) is the baseline's, not cymap's,
# so peak_rss_mb is read before it and its own high-water mark is reported separately.
STEPS = ("geocode", "map", "rerun", "export", "store", "explore")
REAL_STEPS = ("geocode", "geojson", "map", "rerun", "export", "explore")  # --shape real (issue 16)


class Missing(Exception):
    """A module the step needs has not landed yet."""


def _require(module: str, attribute: str | None = None):
    if importlib.util.find_spec(module) is None:
        raise Missing(f"n/a: {module} missing")
    imported = importlib.import_module(module)
    if attribute and not hasattr(imported, attribute):
        raise Missing(f"n/a: {module}.{attribute} missing")
    return getattr(imported, attribute) if attribute else imported


PROFILES: list | None = None  # set to a list while a step is profiled: what _timed measures is profiled


def _timed(function, *args, **kwargs):
    if PROFILES is not None:
        profiler = cProfile.Profile()
        with ThreadProfiles() as threads:
            start = time.perf_counter()
            result = profiler.runcall(function, *args, **kwargs)
            seconds = time.perf_counter() - start
        PROFILES.extend([profiler, *threads.profiles])
        return seconds, result
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def measure_geocode(ctx: dict) -> dict:
    from cymap.geo import geocode
    from cymap.geo.projects import load_projects

    # The gazetteer indexes (and the geodata behind them) are built once per process and kept
    # while the app runs, so the per-ledger figure is timed with them built; the one-off cost
    # is reported beside it, and geocode_cold_s is the sum a fresh process pays.
    gazetteer_s, _ = _timed(geocode.load_gazetteer)
    seconds, projects = _timed(load_projects, ctx["ledger"])
    ctx["projects"] = projects
    geocoded = projects.geocoded
    return {"geocode_s": seconds, "gazetteer_s": gazetteer_s, "geocode_cold_s": gazetteer_s + seconds,
            "problems": len(projects.problems), "mapped_rows": int(geocoded.geometry.notna().sum()),
            "precision": {k: int(v) for k, v in geocoded["precision"].value_counts().items()}}


def _build_our_map(view):
    """The map exactly as app.py builds it for the default view (all projects, default basemap)."""
    build_map = _require("cymap.web.builder", "build_map")
    return build_map(view)


def measure_map(ctx: dict) -> dict:
    view = ctx["projects"].geocoded
    _require("cymap.web.builder", "build_map")

    def build_and_render():
        return _build_our_map(view).get_root().render()

    seconds, html = _timed(build_and_render)
    return {"map_build_s": seconds, "map_html_bytes": len(html.encode("utf-8"))}


def explore_frame(geocoded):
    """The geocoded rows explore() can draw: mapped rows, list columns joined to strings
    (folium's GeoJson cannot serialise Python lists as tooltip values)."""
    from cymap.geo.geometry import joined

    mapped = geocoded.set_geometry(joined(geocoded))  # district-level rows as their polygons, as a GIS has them
    mapped = mapped[mapped.geometry.notna() & ~mapped.geometry.is_empty].copy()
    for column in mapped.columns:
        if column != mapped.geometry.name and mapped[column].map(lambda v: isinstance(v, list)).any():
            mapped[column] = mapped[column].map(lambda v: "、".join(map(str, v)) if isinstance(v, list) else v)
    return mapped


def measure_explore(ctx: dict) -> dict:
    frame = explore_frame(ctx["projects"].geocoded)

    def build_and_render():
        with warnings.catch_warnings():  # folium warns once per GeometryCollection row; not ours to fix
            warnings.simplefilter("ignore", UserWarning)
            return frame.explore().get_root().render()

    seconds, html = _timed(build_and_render)
    return {"explore_build_s": seconds, "explore_html_bytes": len(html.encode("utf-8"))}


# Filter widgets the app has (the URL keys of docs/ARCHITECTURE.md), tried in this order for the one filter change.
FILTER_CHANGES = (("status", "completed"), ("action", 2), ("district", "万州区"))
WIDGET_KINDS = ("multiselect", "selectbox", "pills", "segmented_control", "radio")


def _find_filter_widget(at):
    for key, value in FILTER_CHANGES:
        for kind in WIDGET_KINDS:
            try:
                widget = getattr(at, kind)(key=key)
            except (KeyError, AttributeError):
                continue
            return key, value, widget
    raise LookupError(f"no filter widget with key {[k for k, _ in FILTER_CHANGES]} in the app")


def _option_for(widget, value):
    """The widget's own option equal to `value` (options may be codes, numbers or labels)."""
    options = list(getattr(widget, "options", []) or [])
    for option in options:
        if str(option) == str(value) or str(option).startswith(str(value)):
            return option
    return value


def measure_rerun(ctx: dict) -> dict:
    if not (ROOT / "app.py").exists():
        raise Missing("n/a: app.py missing")
    from streamlit.testing.v1 import AppTest

    os.environ["CYMAP_LEDGER"] = str(ctx["ledger"])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    start = time.perf_counter()  # the warm-up run: timed plainly, never profiled
    at.run()
    first_s = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"app raised on first run: {at.exception[0].message}")
    key, value, widget = _find_filter_widget(at)
    option = _option_for(widget, value)
    if hasattr(widget, "select") and hasattr(widget, "unselect"):  # multiselect
        widget.select(option)
    else:
        widget.set_value([option] if isinstance(widget.value, list) else option)
    seconds, _ = _timed(at.run)
    if at.exception:
        raise RuntimeError(f"app raised after the filter change: {at.exception[0].message}")
    return {"rerun_s": seconds, "rerun_first_run_s": first_s, "rerun_change": f"{key} = {option}"}


def measure_export(ctx: dict) -> dict:
    render_map = _require("cymap.print.static", "render_map")
    from cymap.views.filters import FilterSpec

    view = ctx["projects"].geocoded
    seconds, data = _timed(render_map, view, FilterSpec(), fmt="png", dpi=300)
    size = len(data) if isinstance(data, (bytes, bytearray)) else None
    return {"export_png_s": seconds, "export_png_bytes": size}


def measure_store(ctx: dict) -> dict:
    """Both ledger stores on the same ledger: reads and writes per second (bench/store_bench.py)."""
    from bench import store_bench

    return store_bench.measure(ctx["ledger"])


MEASURES = {"geocode": measure_geocode, "map": measure_map, "explore": measure_explore,
            "rerun": measure_rerun, "export": measure_export, "store": measure_store}
SYNTH_MEASURES = {**MEASURES, **{step: real_steps.cpu_step(MEASURES[step], f"{step}_cpu_s")
                                 for step in ("geocode", "map", "rerun", "export", "explore")}}
REAL_MEASURES = {**MEASURES, "map": real_steps.cpu_step(measure_map, "map_cpu_s"),
                 "export": real_steps.cpu_step(measure_export, "export_cpu_s"),
                 "explore": real_steps.cpu_step(measure_explore, "explore_cpu_s"),
                 "geocode": lambda ctx: real_steps.measure_validate_geocode(ctx, _timed),
                 "geojson": lambda ctx: real_steps.measure_geojson(ctx, _timed),
                 "rerun": lambda ctx: real_steps.measure_filters(ctx, ROOT / "app.py", _timed)}
STORE_FIGURES = ("csv_snapshot_s", "csv_reads_per_s", "csv_writes_per_s", "pg_load_s", "pg_snapshot_s",
                 "pg_reads_per_s", "pg_snapshot_cached_s", "pg_app_read_s", "pg_writes_per_s", "pg_writes_per_s_12")


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def verdicts(figures: dict) -> tuple[dict, dict]:
    """Ratios against explore() and PASS/OVER per budgeted figure (None when not measured)."""
    ratios = {}
    if figures.get("map_build_s") is not None and figures.get("explore_build_s"):
        ratios["map_build_s"] = figures["map_build_s"] / figures["explore_build_s"]
    if figures.get("map_html_bytes") is not None and figures.get("explore_html_bytes"):
        ratios["map_html_bytes"] = figures["map_html_bytes"] / figures["explore_html_bytes"]
    judged = {}
    for name, (budget, unit, _) in BUDGETS.items():
        value = ratios.get(name) if unit == "× explore" else figures.get(name)
        judged[name] = None if value is None else ("PASS" if value <= budget else "OVER")
    return ratios, judged


def _fmt(name: str, value) -> str:
    if value is None:
        return "—"
    if name.endswith("_bytes"):
        return f"{value / 1e6:.2f} MB"
    if name.endswith("_mb"):
        return f"{value:.0f} MB"
    if "_per_s" in name:
        return f"{value:,.1f}/s"
    if name.endswith("_s"):
        return f"{value:.3f} s"
    return str(value)


def table(report: dict) -> str:
    figures, notes = report["figures"], report["notes"]
    ratios, judged = report["ratios"], report["verdicts"]
    budget_note = "" if report["rows"] == BUDGET_ROWS else f" (budgets are for N = {BUDGET_ROWS:,})"
    rows = []
    for name in ("geocode_s", "geocode_cold_s", "map_build_s", "map_html_bytes", "explore_build_s",
                 "explore_html_bytes", "rerun_s", "export_png_s", "peak_rss_mb", "peak_rss_with_explore_mb",
                 *STORE_FIGURES):
        value = figures.get(name)
        shown = notes.get(name, "—") if value is None else _fmt(name, value)
        ratio = f"{ratios[name]:.3f}×" if name in ratios else ""
        budget = BUDGETS[name][2] if name in BUDGETS else ("baseline" if name.startswith("explore") else "")
        rows.append((name, shown, ratio, budget, judged.get(name) or ""))
    width = max(12, *(len(r[1]) for r in rows))
    lines = [f"cymap benchmark: N = {report['rows']:,} synthetic projects, seed {report['seed']}{budget_note}",
             f"{'figure':<20} {'value':>{width}}  {'vs explore()':>12}  {'budget':<27} verdict",
             "-" * (72 + width)]
    lines += [f"{n:<20} {v:>{width}}  {r:>12}  {b:<27} {j}" for n, v, r, b, j in rows]
    steps = [f"{step} {figures[f'rss_after_{step}_mb']:.0f}" for step in STEPS if f"rss_after_{step}_mb" in figures]
    if steps:
        lines.append("peak RSS after each step (MB): " + ", ".join(steps))
    return "\n".join(lines)


class ThreadProfiles:
    """cProfile every thread started inside the block too: AppTest runs the app's script in a
    thread of its own, which a profiler of the main thread does not see."""

    def __init__(self) -> None:
        self.profiles: list[cProfile.Profile] = []
        self._original = threading.Thread.run

    def __enter__(self):
        profiles, original = self.profiles, self._original

        def profiled_run(thread):
            profile = cProfile.Profile()
            profiles.append(profile)
            profile.runcall(original, thread)

        threading.Thread.run = profiled_run
        return self

    def __exit__(self, *exc):
        threading.Thread.run = self._original
        return False


def _profile_text(profiles: list) -> str:
    buffer = io.StringIO()
    stats = None
    for profile in profiles:
        try:
            profile.create_stats()
            if not profile.stats:
                continue
            stats = pstats.Stats(profile, stream=buffer) if stats is None else stats.add(profile)
        except TypeError:  # a profile with no data
            continue
    if stats is None:
        return "(no profile data)"
    stats.sort_stats("cumulative").print_stats(30)
    return buffer.getvalue()


def real_markdown(report: dict) -> str:
    """A real-shaped run as a Markdown section for bench/RESULTS.md (issue 16's budgets)."""
    figures, notes, ratios, judged = report["figures"], report["notes"], report["ratios"], report["verdicts"]
    m, rows = report["machine"], report["rows"]
    lines = [f"### N = {rows:,} real-shaped rows", "",
             f"`{report['command']}` — {m['date']}, {m['cores']} cores ({m['cpu']}), Python {m['python']}", "",
             "| figure | wall | CPU | ratio | budget | verdict (CPU) |", "|---|---:|---:|---:|---|---|"]
    for name in real_steps.REAL_ORDER:
        value, twin = figures.get(name), real_steps.CPU_TWIN.get(name)
        shown = notes.get(name, "—") if value is None else _fmt(name, value)
        cpu = _fmt(twin, figures[twin]) if twin and figures.get(twin) is not None else ""
        ratio = f"{ratios[name]:.3f}× {'pandas' if name == 'validate_s' else 'explore'}" if name in ratios else ""
        budget = real_steps.budget_for(name, rows)
        lines.append(f"| `{name}` | {shown} | {cpu} | {ratio} | {budget[1] if budget else ''} | "
                     f"{judged.get(name) or ''} |")
    steps = [f"{step} {figures[f'rss_after_{step}_mb']:.0f}" for step in REAL_STEPS
             if f"rss_after_{step}_mb" in figures]
    lines += ["", "Peak RSS after each step (MB): " + ", ".join(steps) + "."]
    if "filter_times_s" in figures:
        lines += ["", "Filter changes (s): " + ", ".join(f"{t:.2f}" for t in figures["filter_times_s"]) + "."]
    if "precision" in figures:
        lines += ["", f"Precision: {figures['precision']}."]
    return "\n".join(lines) + "\n"


def markdown(report: dict) -> str:
    """The report as a Markdown section for bench/RESULTS.md."""
    if report.get("shape") == "real":
        return real_markdown(report)
    figures, notes, ratios, judged = report["figures"], report["notes"], report["ratios"], report["verdicts"]
    m = report["machine"]
    lines = [f"### N = {report['rows']:,}", "",
             f"`{report['command']}` — {m['date']}, {m['cores']} cores ({m['cpu']}), Python {m['python']}", "",
             "| figure | value | vs explore() | budget (N = 10,000) | verdict |", "|---|---:|---:|---|---|"]
    for name in ("geocode_s", "geocode_cold_s", "map_build_s", "map_html_bytes", "explore_build_s",
                 "explore_html_bytes", "rerun_s", "export_png_s", "peak_rss_mb", "peak_rss_with_explore_mb"):
        value = figures.get(name)
        shown = notes.get(name, "—") if value is None else _fmt(name, value)
        ratio = f"{ratios[name]:.3f}×" if name in ratios else ""
        budget = BUDGETS[name][2] if name in BUDGETS else ("baseline" if name.startswith("explore") else "")
        lines.append(f"| `{name}` | {shown} | {ratio} | {budget} | {judged.get(name) or ''} |")
    steps = [f"{step} {figures[f'rss_after_{step}_mb']:.0f}" for step in STEPS if f"rss_after_{step}_mb" in figures]
    lines += ["", "Peak RSS after each step (MB): " + ", ".join(steps) + "."]
    extra = [f"gazetteer indexes {figures['gazetteer_s']:.3f} s" if "gazetteer_s" in figures else "",
             f"app first run {figures['rerun_first_run_s']:.2f} s, change: {figures['rerun_change']}"
             if "rerun_first_run_s" in figures else "",
             f"PNG {figures['export_png_bytes'] / 1e6:.2f} MB" if figures.get("export_png_bytes") else "",
             f"precision {figures['precision']}" if "precision" in figures else ""]
    lines += ["", "Also: " + "; ".join(e for e in extra if e) + "."]
    return "\n".join(lines) + "\n"


def run(rows: int, seed: int, ledger: Path | None = None, profile: str | None = None, shape: str = "synth",
        skip: tuple[str, ...] = (), checkpoint: Path | None = None) -> dict:
    ledger = ledger or OUT_DIR / f"{shape}-{rows}-{seed}.csv"
    # A child process writes the ledger, so this process starts cold (nothing of cymap's
    # imported or cached) and its peak memory is the pipeline's alone.
    maker = ROOT / "bench" / ("synth.py" if shape == "synth" else "real_shape.py")
    synth_s, _ = _timed(subprocess.run, [sys.executable, str(maker), "--rows", str(rows), "--seed", str(seed),
                                         "--out", str(ledger)], check=True, stdout=subprocess.DEVNULL)
    steps, measures = (STEPS, SYNTH_MEASURES) if shape == "synth" else (REAL_STEPS, REAL_MEASURES)
    ctx: dict = {"ledger": ledger}
    figures: dict = {"synth_s": synth_s}
    notes: dict = {}
    failed = False
    for step in steps:
        names = {"geocode": ["geocode_s"], "map": ["map_build_s", "map_html_bytes"],
                 "explore": ["explore_build_s", "explore_html_bytes"], "rerun": ["rerun_s"],
                 "export": ["export_png_s"], "store": list(STORE_FIGURES), "geojson": ["geojson_bytes"]}[step]
        if step == "explore":
            figures["peak_rss_mb"] = peak_rss_mb()
        if step != "geocode" and "projects" not in ctx:
            notes.update({n: "n/a: geocoding failed" for n in names})
            continue
        if step in skip or (step == "explore" and shape == "real" and rows > real_steps.EXPLORE_MAX_ROWS):
            notes.update({n: "not run (--skip)" if step in skip else
                          f"not run above {real_steps.EXPLORE_MAX_ROWS:,} rows" for n in names})
            continue
        if checkpoint:  # what was measured so far survives a run stopped by a timeout
            checkpoint.parent.mkdir(parents=True, exist_ok=True)
            checkpoint.write_text(json.dumps({"rows": rows, "shape": shape, "figures": figures, "notes": notes,
                                              "next_step": step}, ensure_ascii=False, indent=2), encoding="utf-8")
        global PROFILES
        PROFILES = [] if profile == step else None
        try:
            figures.update(measures[step](ctx))
            figures[f"rss_after_{step}_mb"] = peak_rss_mb()
            # Folium and matplotlib object trees are reference cycles: free a finished step's
            # now, as the collector would soon anyway, rather than carry it into the next step.
            gc.collect()
        except Missing as missing:
            notes.update({n: str(missing) for n in names})
        except Exception as error:  # report and go on: one broken step must not hide the others
            failed = True
            traceback.print_exc()
            notes.update({n: f"error: {type(error).__name__}" for n in names})
            notes[f"{step}_error"] = f"{type(error).__name__}: {error}"
        finally:
            if PROFILES:
                notes[f"{step}_profile"] = _profile_text(PROFILES)
            PROFILES = None
    figures["peak_rss_with_explore_mb"] = peak_rss_mb()
    report = {"rows": rows, "seed": seed, "shape": shape, "ledger": str(ledger), "machine": machine(),
              "command": "python " + " ".join([str(Path(sys.argv[0]))] + sys.argv[1:]) if sys.argv else "",
              "figures": figures, "notes": notes,
              "budgets": {name: text for name, (_, _, text) in BUDGETS.items()}, "failed": failed}
    report["ratios"], report["verdicts"] = verdicts(figures) if shape == "synth" else real_verdicts(figures, rows)
    return report


def real_verdicts(figures: dict, rows: int) -> tuple[dict, dict]:
    """Ratios against explore() and plain pandas; PASS/OVER against issue 16's budgets."""
    ratios, _ = verdicts(figures)
    if figures.get("validate_cpu_s") is not None and figures.get("pandas_read_cpu_s"):
        ratios["validate_s"] = figures["validate_cpu_s"] / figures["pandas_read_cpu_s"]  # CPU: load-independent
    for name in ("map_build_s", "map_html_bytes"):  # explore() ratios on CPU seconds where measured
        if name == "map_build_s" and figures.get("map_cpu_s") and figures.get("explore_cpu_s"):
            ratios[name] = figures["map_cpu_s"] / figures["explore_cpu_s"]
    judged = {}
    for name in real_steps.REAL_BUDGETS:  # on CPU seconds where measured (wall grows with the machine's load)
        budget = real_steps.budget_for(name, rows)
        value = figures.get(real_steps.CPU_TWIN.get(name, name), figures.get(name))
        judged[name] = None if budget is None or value is None else ("PASS" if value <= budget[0] else "OVER")
    return ratios, judged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark cymap on a synthetic ledger (see the module docstring).")
    parser.add_argument("--rows", type=int, default=1000, help="number of synthetic projects (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--ledger", type=Path, help="where to write the synthetic CSV (default bench/out/)")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown (for bench/RESULTS.md)")
    parser.add_argument("--shape", choices=("synth", "real"), default="synth",
                        help="synth: bench/synth.py's generated ledger; real: real rows copied (bench/real_shape.py)")
    parser.add_argument("--skip", action="append", default=[], choices=sorted({*STEPS, *REAL_STEPS}),
                        help="leave a step out (repeatable), e.g. explore at 100k")
    parser.add_argument("--profile", choices=sorted({*STEPS, *REAL_STEPS}),
                        help="cProfile what one step times (all threads) and print the top entries")
    args = parser.parse_args(argv)
    checkpoint = args.json.with_suffix(".partial.json") if args.json else None
    report = run(args.rows, args.seed, args.ledger, args.profile, args.shape, tuple(args.skip), checkpoint)
    print(table(report) if args.shape == "synth" else real_markdown(report))
    for step in (*STEPS, "geojson"):
        if f"{step}_error" in report["notes"]:
            print(f"{step}: {report['notes'][f'{step}_error']}")
    if args.profile and f"{args.profile}_profile" in report["notes"]:
        print(f"\nprofile of {args.profile} (top 30 by cumulative time):")
        print(report["notes"][f"{args.profile}_profile"])
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(markdown(report), encoding="utf-8")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if report["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
