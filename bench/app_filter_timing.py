"""Time filter changes in the app with the real ledger (or CYMAP_LEDGER, or a ledger given as the argument):

    python bench/app_filter_timing.py [bench/out/real-10000-20230310.csv]

Also reports the map's share of each filter change: building the map (cymap.web.builder.build_map)
and handing it to the component (streamlit_folium.st_folium), summed over the run."""
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if len(sys.argv) > 1:
    os.environ["CYMAP_LEDGER"] = str(Path(sys.argv[1]).resolve())
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit_folium  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from cymap.web import builder  # noqa: E402

spent: dict[str, float] = defaultdict(float)


def timed(module, name: str) -> None:
    """Wrap module.name so the seconds spent in it add up in `spent` (the app looks both up on each run)."""
    function = getattr(module, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started
    setattr(module, name, wrapper)


timed(builder, "build_map")
timed(streamlit_folium, "st_folium")
at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def timed_run() -> float:
    start = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - start


first = timed_run()
warm = timed_run()
times, map_times = [], []
for widget, value in [("status", ["under_construction"]), ("status", []), ("district", ["万州区"]), ("district", []),
                      ("action", [2]), ("action", [])]:
    at.multiselect(key=widget).set_value(value)
    spent.clear()
    times.append(timed_run())
    map_times.append(spent["build_map"] + spent["st_folium"])
print(f"first run {first:.2f} s; warm rerun {warm:.2f} s; filter change median {statistics.median(times):.2f} s, "
      f"max {max(times):.2f} s; of which the map (build_map + st_folium) median {statistics.median(map_times):.2f} s, "
      f"max {max(map_times):.2f} s; projects in view {at.metric[0].value}")
