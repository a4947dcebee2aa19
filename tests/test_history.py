"""The append-only change history: each change once, per project, since a date."""
from __future__ import annotations

import json
import shutil

import pytest

from cymap.ledger import history, store
from cymap.ledger.schema import COLUMNS
from tests.ledger_fixtures import SMALL_LEDGER, assert_history_matches_ledger


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    return path


def entry(when: str, project_id: str, batch: str, field: str = "status") -> history.Entry:
    return history.Entry(when, "a", project_id, field, "planned", "ongoing", "n", "update", batch)


def test_history_file_lies_beside_the_ledger(ledger):
    assert history.history_path(ledger) == ledger.parent / "projects.csv.history.jsonl"


def test_each_change_is_recorded_exactly_once_in_order(ledger):
    store.update_status(ledger, "A02-T05-01", "completed", "opened", who="甲")
    store.update_status(ledger, "A02-T05-02", "delayed", "flood", who="乙")
    store.update_status(ledger, "A02-T05-01", "completed", "opened", who="甲")  # no change: no entry
    store.update_status(ledger, "A02-T05-01", "completed", "opened, 8 gates", who="甲")
    entries = assert_history_matches_ledger(ledger)
    assert [(e.id, e.field, e.old, e.new, e.who) for e in entries] == [
        ("A02-T05-01", "status", "under_construction", "completed", "甲"),
        ("A02-T05-02", "status", "ongoing", "delayed", "乙"),
        ("A02-T05-01", "note", "opened", "opened, 8 gates", "甲"),
    ]
    assert len({e.batch for e in entries}) == 3
    lines = history.history_path(ledger).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["who"] == "甲"  # stored as readable UTF-8 JSON lines


def test_for_project_and_changes_since(ledger):
    history.append(ledger, [entry("2025-06-30T23:59:59Z", "A02-T05-01", "b1"),
                            entry("2025-07-01T00:00:00Z", "A02-T05-02", "b2"),
                            entry("2026-01-05T08:00:00Z", "A02-T05-01", "b3")])
    assert [e.batch for e in history.for_project(ledger, "A02-T05-01")] == ["b1", "b3"]
    assert [e.batch for e in history.changes_since(ledger, "2025-07-01")] == ["b2", "b3"]
    assert [e.batch for e in history.changes_since(ledger, "2025-07-01", "A02-T05-01")] == ["b3"]
    assert history.changes_since(ledger, "2026-02-01") == []


def test_bad_since_date_message():
    with pytest.raises(ValueError, match=r"date '1 July' is not a date — use YYYY-MM-DD"):
        history.parse_date("1 July")


def test_incomplete_last_line_is_ignored_then_cut(ledger):
    history.append(ledger, [entry("2025-07-01T00:00:00Z", "A02-T05-01", "b1")])
    with open(history.history_path(ledger), "a", encoding="utf-8") as handle:
        handle.write('{"when": "2025-07-02T00:00:00Z", "who": "killed mid-wri')
    assert [e.batch for e in history.read_history(ledger)] == ["b1"]
    assert history.repair_tail(ledger) is True
    assert history.history_path(ledger).read_text(encoding="utf-8").endswith("}\n")
    assert history.repair_tail(ledger) is False


def test_voided_batches_are_not_changes(ledger):
    history.append(ledger, [entry("2025-07-01T00:00:00Z", "A02-T05-01", "b1"),
                            entry("2025-07-01T00:00:00Z", "A02-T05-02", "b2")])
    history.void(ledger, "b1", "ledger write did not complete")
    assert [e.batch for e in history.read_history(ledger)] == ["b2"]
    assert set(history.batches(ledger)) == {"b2"}


def test_no_history_yet_is_empty(ledger):
    assert history.read_history(ledger) == [] and history.changes_since(ledger, "2020-01-01") == []


def test_entry_text_shows_who_when_field_old_new_note():
    text = str(history.Entry("2025-07-01T00:00:00Z", "王工", "A02-T05-01", "status", "preparing",
                             "under_construction", "开工"))
    assert text == "2025-07-01T00:00:00Z  王工  A02-T05-01  status: 'preparing' -> 'under_construction'  — 开工"


def test_a_whole_row_is_recorded_with_the_optional_columns_it_has():
    row = {"id": "R1", "name_zh": "万州港", "total_investment": "12.5", "lead_unit": "市交通运输委",
           "(extra 1)": "x", "status": None}
    recorded = json.loads(history.row_json(row, row))
    assert list(recorded) == [*COLUMNS, "total_investment", "lead_unit"]  # base columns, then the optional ones
    assert (recorded["total_investment"], recorded["lead_unit"], recorded["status"]) == ("12.5", "市交通运输委", "")
    assert list(json.loads(history.row_json(row, COLUMNS))) == COLUMNS  # a ledger without them records none
