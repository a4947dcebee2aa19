"""bench/pack_timing.py measures the pack it claims to (issue 15 item 7's figure)."""
from __future__ import annotations

import json
from pathlib import Path

from bench import pack_timing

SMALL = Path(__file__).parent / "data" / "export_small.csv"


def test_pack_timing_reports_pages_and_times(tmp_path, capsys):
    out = tmp_path / "timing.json"
    assert pack_timing.main(["--ledger", str(SMALL), "--json", str(out)]) == 0
    (run,) = json.loads(out.read_text())
    assert run["pages"] >= 2 and run["bytes"] > 10_000 and run["wall_s"] > 0 and run["cpu_s"] > 0
    assert run["budget_s"] == 20.0 and f"{run['pages']} pages" in capsys.readouterr().out
