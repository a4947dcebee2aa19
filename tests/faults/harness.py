"""Kill a real writer (a subprocess, SIGKILL) at a named step of `store.commit`.

`cymap.ledger.store` calls `store.fault_hook(name)` at each step of a write (store.FAULT_POINTS,
in order: backup written, backup in place, temp written, temp synced, each history line, history
synced, replaced, directory synced). The worker installs a hook that sends itself SIGKILL the
n-th time it reaches the chosen point — deterministic, no sleeps — so the test sees exactly what
a crash at that step leaves behind, then lets the next writer recover and checks that every
change is either applied and recorded once, or neither.
"""
from __future__ import annotations

import csv
import io
import signal
from pathlib import Path

from tests.ledger_fixtures import run_python, write_generated_ledger

WORKER = """
import os, signal, sys
from cymap.ledger import importer, store
path, operation, point, occurrence = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
reached = 0

def hook(name):
    global reached
    if name == point:
        reached += 1
        if reached == occurrence:
            os.kill(os.getpid(), signal.SIGKILL)

store.fault_hook = hook
if operation == "update":
    store.update_status(path, "A02-T05-01", "completed", "killed writer", who="crasher")
elif operation == "add":
    store.add_project(path, {"id": "A02-T08-01", "name_zh": "新项目", "action": "2", "task": "8",
                             "category": "road", "location": "涪陵区", "status": "planned"}, who="crasher")
elif operation == "import":
    importer.apply_import(importer.preview_import(path, sys.argv[5]), who="crasher", note="killed import")
print(f"finished: reached {point} {reached} times", flush=True)
"""


def run_killed(ledger: Path, operation: str, point: str, occurrence: int = 1, *extra: str) -> None:
    """Run `operation` on `ledger` in a new process that is SIGKILLed at `point` (n-th time)."""
    worker = run_python(WORKER, str(ledger), operation, point, str(occurrence), *map(str, extra))
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == -signal.SIGKILL, (point, occurrence, worker.returncode, out, err)


def generated_import(folder: Path, rows: int = 60) -> tuple[Path, Path, int]:
    """A generated ledger and an upload changing status and note of every row: 2 × rows changes."""
    ledger = folder / "projects.csv"
    write_generated_ledger(ledger, rows)
    text = io.StringIO()
    reader = csv.reader(io.StringIO(ledger.read_text(encoding="utf-8")))
    writer = csv.writer(text, lineterminator="\n")
    header = next(reader)
    writer.writerow(header)
    for values in reader:
        values[header.index("status")] = "completed"
        values[header.index("note")] = f"imported {values[0]}"
        writer.writerow(values)
    upload = folder / "upload.csv"
    upload.write_text(text.getvalue(), encoding="utf-8")
    return ledger, upload, 2 * rows
