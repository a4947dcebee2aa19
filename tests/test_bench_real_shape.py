"""bench/real_shape.py (issue 16, item 4) and the cached row versions (item 3). No figure is
asserted anywhere: these check what the benchmark runs on, never how fast."""
from __future__ import annotations

from bench import real_shape, real_steps
from cymap.ledger import snapshots, store
from cymap.ledger.read import read_ledger


def test_real_shaped_ledger_is_real_rows_with_free_ids_and_reads_clean(tmp_path):
    pool = real_shape.source_rows()
    path = real_shape.write_real_ledger(tmp_path / "real.csv", len(pool) + 50)
    read = read_ledger(path)
    assert read.problems == [] and len(read.rows) == len(pool) + 50
    assert list(read.rows["id"][:3]) == ["R1", "R2", "R3"]
    assert set(read.rows["location"]) <= set(pool["location"])  # nothing generated
    assert set(pool["name_zh"]) <= set(read.rows["name_zh"])  # every real row is used in each round


def test_real_shaped_ledger_is_deterministic():
    assert real_shape.real_ledger(200, seed=7).equals(real_shape.real_ledger(200, seed=7))
    assert not real_shape.real_ledger(200, seed=7).equals(real_shape.real_ledger(200, seed=8))


def test_budgets_are_judged_at_the_nearest_budgeted_size():
    assert real_steps.budget_for("peak_rss_mb", 1_000)[0] == 800.0
    assert real_steps.budget_for("peak_rss_mb", 100_000)[0] == 2048.0
    assert real_steps.budget_for("geojson_bytes", 100_000) is None


def test_row_versions_are_computed_once_per_ledger_content_and_match_row_version(ledger):
    snap = store.snapshot(ledger)
    versions = snap.versions()
    expected = {i: store.row_version(snap.frame.iloc[k]) for k, i in reversed(list(enumerate(snap.frame["id"])))}
    assert versions == expected  # the first row of an id, as before
    again = store.snapshot(ledger)
    assert snapshots._versions_of(again) is snapshots._versions_of(snap)  # same file content: not hashed again
    project_id = snap.frame["id"].iloc[0]
    result = store.update_status(ledger, project_id, "completed", "done", "tester")
    fresh = store.snapshot(ledger)
    assert fresh.version(project_id) == result.versions[project_id] != snap.version(project_id)
