"""Time filter changes in the app with the real ledger (or CYMAP_LEDGER): python bench/app_filter_timing.py"""
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)


def timed_run() -> float:
    start = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - start


first = timed_run()
warm = timed_run()
times = []
for widget, value in [("status", ["under_construction"]), ("status", []), ("district", ["万州区"]), ("district", []),
                      ("action", [2]), ("action", [])]:
    at.multiselect(key=widget).set_value(value)
    times.append(timed_run())
print(f"first run {first:.2f} s; warm rerun {warm:.2f} s; filter change median {statistics.median(times):.2f} s, "
      f"max {max(times):.2f} s; projects in view {at.metric[0].value}")
