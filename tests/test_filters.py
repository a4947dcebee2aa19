"""views.filters as a module: every criterion of a FilterSpec, alone and combined, on a small ledger."""
from __future__ import annotations

from pathlib import Path

import pytest

from cymap.geo.projects import load_projects
from cymap.views.filters import (FilterError, FilterSpec, apply_filters, districts_in_regions, resolve_district_names,
                                 selected_districts)

LEDGER = Path(__file__).resolve().parent / "data" / "app_ledger.csv"


@pytest.fixture(scope="module")
def rows():
    return load_projects(LEDGER).geocoded


def ids(rows, **criteria) -> set[str]:
    return set(apply_filters(rows, FilterSpec(**criteria))["id"])


def test_no_criterion_keeps_every_row(rows):
    assert ids(rows) == set(rows["id"]) and FilterSpec().is_empty()


def test_category_filter_keeps_only_that_category(rows):
    kept = ids(rows, categories=["airport"])
    assert kept == set(rows.loc[rows["category"] == "airport", "id"]) and kept
    assert ids(rows, categories=["airport", "rail"]) == set(rows.loc[rows["category"].isin(["airport", "rail"]), "id"])
    assert ids(rows, categories=["no_such_category"]) == set()


def test_year_filter_matches_the_target_year(rows):
    years = rows["target_year"].dropna().astype(int)
    year = int(years.iloc[0])
    assert ids(rows, years=[year]) == set(rows.loc[rows["target_year"] == year, "id"])
    assert ids(rows, years=[str(year)]) == ids(rows, years=[year])  # a year typed in a link
    assert ids(rows, years=[1999]) == set()


def test_free_text_searches_names_location_clause_and_id_case_blind(rows):
    first = rows.iloc[0]
    assert first["id"] in ids(rows, query=first["name_zh"][:3])
    assert first["id"] in ids(rows, query=f"  {first['id'].lower()}  ")  # trimmed, any case
    english = rows[rows["name_en"].fillna("") != ""].iloc[0]
    assert english["id"] in ids(rows, query=english["name_en"].split()[0].upper())
    assert ids(rows, query="（不存在的词）") == set()
    assert ids(rows, query=".*") == set()  # literal text, not a pattern


def test_status_filter_accepts_codes_and_chinese_labels(rows):
    assert ids(rows, statuses=["在建"]) == ids(rows, statuses=["under_construction"])
    assert ids(rows, statuses=["under_construction"]) == set(rows.loc[rows["status"] == "under_construction", "id"])


def test_criteria_combine_with_and(rows):
    both = ids(rows, categories=["airport"], statuses=["completed"])
    assert both == ids(rows, categories=["airport"]) & ids(rows, statuses=["completed"])


def test_unknown_district_and_division_are_errors(rows):
    with pytest.raises(FilterError, match="火星区"):
        apply_filters(rows, FilterSpec(districts=["火星区"]))
    with pytest.raises(FilterError, match="division"):
        apply_filters(rows, FilterSpec(division="1997"))
    with pytest.raises(FilterError, match="region"):
        districts_in_regions(["no such region"])


def test_selected_districts_intersects_names_and_regions():
    assert selected_districts(FilterSpec()) is None
    assert selected_districts(FilterSpec(districts=["万州"], regions=["渝东北三峡库区城镇群"])) == ["万州区"]
    assert selected_districts(FilterSpec(districts=["万州"], regions=["中心城区"])) == []
    assert selected_districts(FilterSpec(districts=["江北区"])) == ["两江新区"]  # 2023 name, current map
    assert resolve_district_names(["万州", "500101", "Wanzhou"]) == ["万州区"]
