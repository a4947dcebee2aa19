"""Helpers for the ledger-editing tests: generated ledgers, subprocess workers, history checks."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from cymap.ledger import history, store
from cymap.ledger.schema import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SMALL_LEDGER = ROOT / "tests" / "data" / "ledger_edit.csv"
DISTRICTS = ["涪陵区", "长寿区", "万州区", "江津区", "合川区"]


def ledger_ids(count: int) -> list[str]:
    """Valid ids of action 2 (tasks 5–8), 50 items per task: up to 200 rows."""
    return [f"A02-T{5 + n // 50:02d}-{n % 50 + 1:02d}" for n in range(count)]


def write_generated_ledger(path: Path, count: int, status: str = "ongoing") -> list[str]:
    ids = ledger_ids(count)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n, project_id in enumerate(ids):
        writer.writerow([project_id, f"项目{n}", f"Project {n}", 2, int(project_id[5:7]), "road",
                         DISTRICTS[n % len(DISTRICTS)], status, 2027, "", "s", "2023-03-10", ""])
    path.write_text(text.getvalue(), encoding="utf-8")
    return ids


def run_python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    """Start `python -c code args…` in the repository, as an independent process."""
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def assert_history_matches_ledger(path: Path) -> list[history.Entry]:
    """Exactly-once check: the recorded batches chain from one ledger state to the next
    (sha_before of each = sha_after of the one before) and end at the ledger as it is now."""
    entries = history.read_history(path)
    batches = list(dict.fromkeys(e.batch for e in entries))
    first = {e.batch: e for e in reversed(entries)}
    for earlier, later in zip(batches, batches[1:]):
        assert first[later].sha_before == first[earlier].sha_after, (earlier, later)
    if batches:
        assert first[batches[-1]].sha_after == store.snapshot(path).sha
    return entries
