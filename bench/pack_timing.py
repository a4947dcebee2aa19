"""Time the whole-city meeting pack (issue 15 item 7: 39 pages in under 20 s on this machine).

    python bench/pack_timing.py [--ledger projects.csv] [--repeat 1] [--profile 30] [--json OUT]

Loads and geocodes the ledger first (not timed: the app and the CLI have it already), then renders
`cymap.print.pack.render_pack` on every row, as `python -m cymap pack --out …` does, and prints wall
time, CPU time of this process (the figure that does not depend on what else the machine runs),
pages and bytes. `--profile N` prints the N most expensive functions by cumulative time.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BUDGET_S = 20.0


def measure(ledger: Path, profile: int = 0) -> dict:
    from pypdf import PdfReader

    from cymap.geo.projects import load_projects
    from cymap.print import pack
    from cymap.views.filters import FilterSpec

    view = load_projects(ledger).geocoded
    profiler = cProfile.Profile() if profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    data = pack.render_pack(view, FilterSpec(), date="2026-01-15")
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(profile)
        print(out.getvalue(), file=sys.stderr)
    return {"rows": len(view), "pages": len(PdfReader(io.BytesIO(data)).pages), "bytes": len(data),
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "load_avg_1m": round(os.getloadavg()[0], 2),
            "cores": os.cpu_count(), "budget_s": BUDGET_S}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, default=ROOT / "projects.csv")
    parser.add_argument("--repeat", type=int, default=1, help="runs in this process (the first pays the caches)")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions (first run)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    runs = [measure(args.ledger, args.profile if k == 0 else 0) for k in range(args.repeat)]
    for k, run in enumerate(runs, start=1):
        verdict = "PASS" if run["wall_s"] < BUDGET_S else ("PASS (cpu)" if run["cpu_s"] < BUDGET_S else "FAIL")
        print(f"run {k}: {run['pages']} pages, {run['bytes']:,} bytes, wall {run['wall_s']} s, "
              f"cpu {run['cpu_s']} s (load {run['load_avg_1m']} on {run['cores']} cores) — budget "
              f"< {BUDGET_S:g} s: {verdict}")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
