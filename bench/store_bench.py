"""Reads and writes per second of both ledger stores on one ledger (issue 18's figures).

    python bench/store_bench.py --rows 10000 [--pg-url postgresql://…] [--json FILE]

For the CSV store (a copy of the ledger in a temp folder) and the PostgreSQL store (CYMAP_BENCH_PG_URL
/ --pg-url: an empty database whose role may create PostGIS; otherwise a throwaway cluster as the
tests start it, tests/pg_fixtures.Cluster), on the same synthetic ledger:
  *_snapshot_s      one snapshot read (every row, its versions): the median of READS reads (for the
                    database: from the server, not the store's copy of the last snapshot)
  *_reads_per_s     1 / that median
  pg_snapshot_cached_s  a snapshot while the revision is unchanged (one query, a copy of the frame)
  *_writes_per_s    status updates (expected_version checked, history recorded) by one writer, WRITES
                    in a row
  pg_writes_per_s_12  the same by 12 threads sharing a pool of 4 connections (each edit retried on
                    a stale version until it lands)
  pg_load_s         `db import` of the ledger, every row geocoded (cymap.geo) and placed in PostGIS
  pg_app_read_s     what the app reads per changed revision: a snapshot and the ledger as CSV bytes
Nothing is asserted; bench/run.py runs it as its `store` step.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

READS, WRITES, THREADS, THREAD_WRITES = 7, 60, 12, 10
STATUSES = ("completed", "delayed")


def _median_read(read) -> float:
    times = []
    for _ in range(READS):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _writes_per_s(store, who, ids: list[str], count: int) -> float:
    start = time.perf_counter()
    for n in range(count):
        project_id = ids[n % len(ids)]
        version = store.snapshot().version(project_id) if store.kind == "csv" else None
        store.update_status(project_id, STATUSES[n % 2], f"bench {n}", who, expected_version=version)
    return count / (time.perf_counter() - start)


def _concurrent_writes_per_s(store, who, ids: list[str]) -> float:
    from cymap.ledger.store import StaleEditError

    def writer(k: int) -> None:
        for n in range(THREAD_WRITES):
            project_id = ids[(k * THREAD_WRITES + n) % len(ids)]
            for _ in range(100):
                with store.pool.connection() as connection:
                    version = connection.execute("SELECT version FROM ledger_rows WHERE id = %s",
                                                 (project_id,)).fetchone()[0]
                try:
                    store.update_status(project_id, STATUSES[n % 2], f"t{k}-{n}", who, expected_version=str(version))
                    break
                except StaleEditError:
                    continue

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(THREADS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return THREADS * THREAD_WRITES / (time.perf_counter() - start)


def measure_csv(ledger: Path) -> dict:
    from cymap.ledger import stores

    folder = Path(tempfile.mkdtemp(prefix="cymap-bench-csv-"))
    try:
        path = folder / ledger.name
        shutil.copy(ledger, path)
        store = stores.open_store(path)
        ids = list(store.snapshot().frame["id"])
        snapshot_s = _median_read(store.snapshot)
        return {"csv_snapshot_s": snapshot_s, "csv_reads_per_s": 1 / snapshot_s,
                "csv_writes_per_s": _writes_per_s(store, "bench", ids, WRITES // 3)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure_pg(ledger: Path, url: str | None = None) -> dict:
    from cymap import shared
    from cymap.ledger import pg_store, pg_transfer

    cluster = None
    if not url:
        from tests.pg_fixtures import Cluster, _admin, _with_database

        cluster = Cluster()
        _admin(cluster.url(), "CREATE DATABASE cymap_bench")
        url = _with_database(cluster.url(), "cymap_bench")
    try:
        pg_store.migrate(url)
        store = shared.open_ledger_store(url, pool_size=4)
        try:
            start = time.perf_counter()
            pg_transfer.load_file(store, ledger)
            load_s = time.perf_counter() - start
            who = store.accounts.add(f"bench-{os.getpid()}", "bench-password", "editor")
            ids = list(store.snapshot().frame["id"])
            snapshot_s = _median_read(lambda: store.snapshot(cached=False))
            cached_s = _median_read(store.snapshot)
            start = time.perf_counter()
            store.snapshot(cached=False).data
            app_read_s = time.perf_counter() - start
            return {"pg_load_s": load_s, "pg_snapshot_s": snapshot_s, "pg_reads_per_s": 1 / snapshot_s,
                    "pg_snapshot_cached_s": cached_s, "pg_app_read_s": app_read_s,
                    "pg_writes_per_s": _writes_per_s(store, who, ids, WRITES),
                    "pg_writes_per_s_12": _concurrent_writes_per_s(store, who, ids)}
        finally:
            store.close()
    finally:
        if cluster is not None:
            cluster.stop()


def measure(ledger: Path, pg_url: str | None = None) -> dict:
    figures = measure_csv(Path(ledger))
    figures.update(measure_pg(Path(ledger), pg_url or os.environ.get("CYMAP_BENCH_PG_URL")))
    return figures


def main(argv: list[str] | None = None) -> int:
    from bench.synth import DEFAULT_SEED, write_synth_ledger

    parser = argparse.ArgumentParser(description="Reads and writes per second of both ledger stores.")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--pg-url", default=None, help="an empty database (default: a throwaway cluster)")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args(argv)
    ledger = ROOT / "bench" / "out" / f"synth-{args.rows}-{args.seed}.csv"
    ledger.parent.mkdir(parents=True, exist_ok=True)
    if not ledger.exists():
        write_synth_ledger(ledger, args.rows, args.seed)
    figures = {"rows": args.rows, **measure(ledger, args.pg_url)}
    for name, value in figures.items():
        print(f"{name:22s} {value:.3f}" if isinstance(value, float) else f"{name:22s} {value}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
