"""The benchmark's synthetic ledger: deterministic, valid, and covering every vocabulary value."""
import numpy as np
import pandas as pd
import shapely

from bench import synth
from cymap.geo import geocode, geodata
from cymap.ledger.read import read_ledger
from cymap.ledger.schema import ACTIONS, CATEGORIES, ID_PATTERN, STATUSES, normalise_status

ROWS = 300


def test_same_seed_same_ledger_other_seed_other_ledger():
    first = synth.synth_ledger(ROWS, seed=7)
    pd.testing.assert_frame_equal(first, synth.synth_ledger(ROWS, seed=7))
    assert not first.equals(synth.synth_ledger(ROWS, seed=8))


def test_written_ledger_reads_without_problems_and_covers_every_value(tmp_path):
    path = synth.write_synth_ledger(tmp_path / "synth.csv", ROWS)
    read = read_ledger(path)
    assert read.problems == []
    assert read.total_rows == len(read.rows) == ROWS
    assert set(read.rows["action"].astype(int)) == set(ACTIONS)
    assert set(read.rows["status"]) == set(STATUSES)
    assert set(read.rows["category"]) == set(CATEGORIES)
    # Statuses are written as users write them: codes and Chinese labels.
    written = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")["status"]
    assert set(written) - set(STATUSES), "no status written in Chinese"
    assert all(normalise_status(s) for s in written)


def test_rows_spread_over_every_district_as_routes_zones_and_districts(tmp_path):
    geocoded = geocode.geocode(read_ledger(synth.write_synth_ledger(tmp_path / "synth.csv", ROWS)).rows)
    touched = {name for names in geocoded["districts"] for name in names}
    assert touched == set(geodata.districts()["name_zh"])
    assert {"line", "polygon"} <= set(geocoded["geom_kind"])
    assert {"route", "district", "municipal"} <= set(geocoded["precision"])
    assert geocoded["location"].str.contains(">").any() and geocoded["location"].str.contains(";").any()


def test_places_are_drawn_from_the_gazetteer_of_the_home_district():
    airport = geodata.gazetteer().set_index("name").loc["江北国际机场"]
    districts = geodata.districts()
    home = districts.loc[districts.contains(shapely.Point(airport["lon"], airport["lat"])), "name_zh"].item()
    rng = np.random.default_rng(0)
    assert synth.Sources().place(home, "airport", rng) == "江北国际机场"


def test_sources_quote_the_plan_verbatim():
    plan = synth.PLAN_TEXT.read_text(encoding="utf-8").replace("\n", "")
    ledger = synth.synth_ledger(50)
    assert all(source in plan for source in ledger["source"])


def test_ids_stay_unique_and_valid_past_a_hundred_items_per_task():
    ids = synth._ids([3] * 250 + [4] * 5, [9] * 250 + [14] * 5)
    assert len(set(ids)) == len(ids)
    assert all(ID_PATTERN.match(i) and i.startswith(("A03", "A04")) for i in ids)
