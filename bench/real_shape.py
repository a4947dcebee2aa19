"""A real-shaped ledger of N projects for the benchmark: real rows copied with new (free) ids.

The rows are the shipped `projects.csv` (the plan's items: district-level items, multi-district
zones, routes, municipality-wide items) and the real-ledger fixture `tests/data/real_projects.csv`
(published district lists: 项目名称, 建设地点, 所属区县), mixed in a seeded order and repeated
until N; ids are `R1` … `RN` (free ids, as district lists number their rows). Unlike
bench/synth.py nothing is generated: every location is one a real list wrote.

    python bench/real_shape.py --rows 10000 --out bench/out/real-10000.csv [--seed 20230310]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a fresh checkout (cymap is not installed)
    sys.path.insert(0, str(ROOT))

from cymap.ledger.schema import COLUMNS  # noqa: E402

DEFAULT_SEED = 20230310
PLAN_LEDGER = ROOT / "projects.csv"
REAL_FIXTURE = ROOT / "tests" / "data" / "real_projects.csv"
FIXTURE_STATUSES = ("在建", "前期", "completed", "ongoing")


def source_rows() -> pd.DataFrame:
    """The pool: every shipped ledger row and every fixture row, in the ledger's columns."""
    plan = pd.read_csv(PLAN_LEDGER, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    fixture = pd.read_csv(REAL_FIXTURE, dtype=str, keep_default_na=False)
    listed = pd.DataFrame({"name_zh": fixture["name_zh"], "location": fixture["location"],
                           "district_declared": fixture["district"], "category": "产业",
                           # a district list names no plan action; the web map (cymap.web.builder)
                           # needs one per row, so the fixture's industrial projects get 三 (industry)
                           "action": "3",
                           "status": [FIXTURE_STATUSES[i % len(FIXTURE_STATUSES)] for i in range(len(fixture))],
                           "total_investment": fixture["total_investment_yi"],
                           "source": fixture["source_title"] + " " + fixture["source_url"],
                           "updated": fixture["source_date"]})
    pool = pd.concat([plan, listed], ignore_index=True).fillna("")
    columns = [c for c in COLUMNS if c in pool.columns] + [c for c in ("district_declared", "total_investment")
                                                           if c in pool.columns and c not in COLUMNS]
    return pool[list(dict.fromkeys(columns))]


def real_ledger(n: int, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """N rows drawn from the pool in a seeded order (each pool row once per round), ids R1 … RN."""
    pool = source_rows()
    rng = np.random.default_rng(seed)
    rounds = -(-n // len(pool))
    order = np.concatenate([rng.permutation(len(pool)) for _ in range(rounds)])[:n]
    out = pool.iloc[order].reset_index(drop=True)
    out["id"] = [f"R{i}" for i in range(1, n + 1)]  # free ids; a plan row keeps its action and task
    return out


def write_real_ledger(path: str | Path, n: int, seed: int = DEFAULT_SEED) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    real_ledger(n, seed).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write_real_ledger(args.out, args.rows, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
