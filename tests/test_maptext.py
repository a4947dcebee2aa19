"""views.maptext as a module: titles and subtitles say what the filtered map shows."""
from __future__ import annotations

from cymap.views import maptext
from cymap.views.filters import FilterSpec


def test_title_names_places_status_and_counts_past_three():
    title, subtitle = maptext.title_for(FilterSpec(districts=["万州"], statuses=["在建"]), "zh", "current",
                                        date="2026-12-01")
    assert title.split(maptext.TITLE_SEPARATOR)[1:] == ["万州区", "在建"]
    assert "2026-12-01" in subtitle and "区县 万州区" in subtitle
    many = FilterSpec(districts=["万州区", "涪陵区", "渝中区", "北碚区"])
    assert maptext.title_for(many, "zh", "current")[0].endswith("4个区县")


def test_english_title_and_no_filter_subtitle():
    title, subtitle = maptext.title_for(FilterSpec(), "en", "2023", date="2026-12-01")
    assert maptext.TITLE_SEPARATOR not in title  # nothing filtered: the plain map title
    assert subtitle.startswith("All projects (no filter)") and "2023" in subtitle


def test_query_and_year_appear_in_the_subtitle():
    _, subtitle = maptext.title_for(FilterSpec(query="机场", years=[2027]), "zh", "current")
    assert "“机场”" in subtitle and "2027" in subtitle
