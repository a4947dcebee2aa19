"""Check that every ledger row that claims a plan clause has a `source` that is a verbatim,
contiguous passage of the plan. A row claims one when it names a plan `action` or `task`; rows
of a district's or the city's own list (no action, no task) are not the plan's and are skipped.

Usage: python scripts/check_sources.py [LEDGER.csv ...] [--plan PATH]
Whitespace and the text's `**` bold marks are ignored, so a quote may span a page break.
Exit 1 and one line per row whose quote is not found.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("**", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ledgers", nargs="*", default=[str(ROOT / "projects.csv")])
    parser.add_argument("--plan", default=str(ROOT / "docs" / "action-plan-2023-2027.zh.txt"))
    args = parser.parse_args(argv)
    plan = normalise(Path(args.plan).read_text(encoding="utf-8"))
    bad = rows = skipped = 0
    for ledger in args.ledgers:
        with open(ledger, encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                if not (row.get("action") or "").strip() and not (row.get("task") or "").strip():
                    skipped += 1
                    continue
                rows += 1
                quote = normalise(row.get("source") or "")
                if not quote or "…" in quote or "..." in quote or quote not in plan:
                    bad += 1
                    print(f"{ledger}: row {number} ({row.get('id')}): source not verbatim: {row.get('source')!r}")
    print(f"{rows} rows checked, {bad} not verbatim, {skipped} rows without a plan action or task skipped")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
