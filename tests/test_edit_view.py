"""The Edit tab's helpers: history table, live location preview, place names, ids, review period."""
from __future__ import annotations

import datetime as dt
import re

from cymap.views import edit_view

from cymap.geo import geodata

from cymap.ledger import history


def test_history_frame_newest_first_with_localised_headers():
    entries = [history.Entry("2025-07-01T00:00:00Z", "甲", "A02-T05-01", "status", "preparing", "completed", "n1"),
               history.Entry("2025-08-01T00:00:00Z", "乙", "A02-T05-02", "note", "", "n2", "n2")]
    frame = edit_view.history_frame(entries, "en")
    assert list(frame.columns) == ["When (UTC)", "Who", "ID", "Field", "Old", "New", "Note"]
    assert frame["Who"].tolist() == ["乙", "甲"]
    assert edit_view.history_frame([], "zh").empty


def test_location_preview_resolves_each_reference_or_suggests():
    preview = edit_view.location_preview("江北国际机场; 涪陵；火星基地", "en")
    assert preview["Location"].tolist() == ["江北国际机场", "涪陵", "火星基地"]
    assert preview["Matched"].tolist()[:2] == ["江北国际机场", "涪陵区"]
    assert preview["Location precision"].tolist() == ["Exact site", "District", "Unresolved"]
    airport = geodata.gazetteer().set_index("name").loc["江北国际机场"]
    assert (preview.at[0, "lon"], preview.at[0, "lat"]) == (round(airport.lon, 5), round(airport.lat, 5))
    assert preview["lon"].isna().tolist() == [False, False, True]
    assert edit_view.location_preview("", "zh").empty


def test_place_names_offer_gazetteer_routes_and_districts_once():
    names = edit_view.place_names()
    assert len(names) == len(set(names))
    assert {"江北国际机场", "涪陵区"} <= set(names)
    assert set(geodata.routes()["name"]) <= set(names)


def test_append_place_once():
    assert edit_view.append_place("", "涪陵区") == "涪陵区"
    assert edit_view.append_place("涪陵区", "江北国际机场") == "涪陵区;江北国际机场"
    assert edit_view.append_place("涪陵区;江北国际机场", "涪陵区") == "涪陵区;江北国际机场"


def test_next_free_id():
    assert edit_view.next_free_id(["A02-T05-01", "A02-T05-02", "A02-T05-04"], 2, 5) == "A02-T05-03"
    assert edit_view.next_free_id([], 10, 48) == "A10-T48-01"
    assert edit_view.next_free_id([f"A02-T05-{n:02d}" for n in range(1, 100)], 2, 5) == ""


def test_half_year_start():
    assert edit_view.half_year_start(dt.date(2025, 6, 30)) == dt.date(2025, 1, 1)
    assert edit_view.half_year_start(dt.date(2025, 7, 1)) == dt.date(2025, 7, 1)


def test_markdown_text_makes_user_text_inert():
    # CommonMark: a backslash before ASCII punctuation makes it a literal character. So once
    # every escaped pair is taken out, no character a Markdown renderer acts on may remain,
    # and un-escaping gives back exactly what the user typed.
    payloads = ["<script>alert(1)</script>", "[click](javascript:alert(1))", "![x](http://evil/x.png)",
                ":red[loud]", "$x^2$", "**bold** _it_ `code`", "# heading", "a\\*b"]
    for payload in payloads:
        escaped = edit_view.markdown_text(payload)
        assert not re.search(r"[`*_\[\]()#<>!:$~|]", re.sub(r"\\.", "", escaped)), escaped
        assert re.sub(r"\\(.)", r"\1", escaped) == payload
    assert edit_view.markdown_text("涪陵港区 2025") == "涪陵港区 2025"  # plain text is unchanged
