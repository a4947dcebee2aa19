"""Real published ledgers (issue 13): the fixture tests/data/real_projects.csv — 309 real Chongqing
projects from district and city lists and 集中开工 news, each with its published district (2023
division `district`, current `district_current`), what its text names (`town_or_park`) and its source.

The fixture is loaded as a list comes: 序号-style free ids, a 所属区县 (`district_declared`), the
location as published (mostly empty) and the name. Only 状态/类别 are added (constant), because a
ledger needs them and they do not take part in locating. Run this file to print the figures:

    python tests/test_real_ledgers.py
"""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cymap.geo import geocode, geodata  # noqa: E402
from cymap.ledger.read import read_ledger  # noqa: E402
from cymap.ledger.schema import PRECISION_ORDER  # noqa: E402
from cymap.paths import REPO_ROOT  # noqa: E402

FIXTURE = REPO_ROOT / "tests" / "data" / "real_projects.csv"
CHINESE_HEADERS = {"id": "序号", "name_zh": "项目名称", "location": "建设地点", "district_declared": "所属区县",
                   "category": "类别", "status": "状态"}
PARK_SUFFIX = re.compile(r"(街道|镇|乡|工业园区|工业园|园区|片区|组团|产业园|新区)$")


def fixture() -> pd.DataFrame:
    return pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)


def as_ledger(fx: pd.DataFrame, declared: bool = True) -> pd.DataFrame:
    return pd.DataFrame({"id": fx["id"], "name_zh": fx["name_zh"], "location": fx["location"],
                         "district_declared": fx["district"] if declared else "",
                         "category": "产业", "status": "在建"})


def district_figures(out: pd.DataFrame, fx: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per division: rows in the right district (first district = truth, and one district unless the
    row is a route or has several parts), in a wrong one (truth not among its districts, not even
    possibly), or neither (unresolved, or a split unit's ambiguity)."""
    figures = {}
    for division, truth_column, column in (("2023", "district", "districts_2023"),
                                           ("current", "district_current", "districts")):
        right = wrong = 0
        for row, truth in zip(out.itertuples(), fx[truth_column]):
            districts = list(getattr(row, column))
            possible = list(row.districts_possible) if division == "current" else []
            if districts and districts[0] == truth and (len(districts) == 1 or len(row.matched) > 1
                                                        or row.precision == "route"):
                right += 1
            elif districts and truth not in districts and truth not in possible:
                wrong += 1
        figures[division] = {"rows": len(out), "right": right, "wrong": wrong}
    return figures


def _cores(town_or_park: str) -> list[str]:
    out = []
    for item in re.split(r"[、和及与]", re.sub(r"[()（）]", "", town_or_park)):
        item = re.sub(r"(三个乡镇|四个村)$", "", item).strip()
        core = PARK_SUFFIX.sub("", item) or item
        if len(core) >= 2:
            out.append(core)
    return out


def town_park_figures(out: pd.DataFrame, fx: pd.DataFrame) -> dict[str, int]:
    """Rows whose text (name or location) names their town or park (`town_or_park`, less its 镇/
    街道/园区… suffix): how many are located at it (a matched place or town of that name — for a town
    without a seat coordinate or a park known to its district, drawn at the district), and how many
    of those are drawn finer than the district."""
    aliases = {row.name: row.name + str(row.aliases) for row in geodata.gazetteer().itertuples()}
    named = located = finer = 0
    for row, record in zip(out.itertuples(), fx.itertuples()):
        cores = _cores(record.town_or_park)
        if not record.town_or_park or not any(c in record.name_zh + record.location for c in cores):
            continue
        named += 1
        labels = "".join(aliases.get(m, m) for m in row.matched)
        if any(c in labels for c in cores):
            located += 1
            finer += row.precision not in ("district", "municipal", "unresolved")
    return {"with_town_or_park": int((fx["town_or_park"] != "").sum()), "named_in_text": named,
            "located_at_it": located, "drawn_finer_than_district": finer}


@pytest.fixture(scope="module")
def located():
    fx = fixture()
    return fx, geocode.geocode(as_ledger(fx))


@pytest.fixture(scope="module")
def text_only():
    fx = fixture()
    return fx, geocode.geocode(as_ledger(fx, declared=False))


def test_fixture_is_real_and_sourced():
    fx = fixture()
    assert len(fx) >= 250 and fx["id"].is_unique
    assert (fx["source_url"].str.startswith("http")).all() and (fx["source_title"] != "").all()
    assert set(fx["district"]) <= set(geodata.districts("2023")["name_zh"])
    assert set(fx["district_current"]) <= set(geodata.districts("current")["name_zh"])


def test_right_district_in_both_divisions_and_none_wrong(located):
    fx, out = located
    for division, figure in district_figures(out, fx).items():
        assert figure["wrong"] == 0, division
        assert figure["right"] / figure["rows"] >= 0.97, (division, figure)


def test_rows_naming_a_town_or_park_are_located_there(located):
    fx, out = located
    figure = town_park_figures(out, fx)
    assert figure["named_in_text"] >= 50
    assert figure["located_at_it"] / figure["named_in_text"] >= 0.80, figure


def test_rows_naming_a_town_or_park_are_drawn_finer_than_their_district(located):
    """Issue 13's goal is 80 % drawn at the town or park itself. Reached so far (2026-12-02): 36 of 58
    (GeoNames cities1000 + cities500 town seats); the other towns have no seat coordinate from a source
    we can cite and most parks span several towns (geodata/README.md). This floor keeps what is reached."""
    fx, out = located
    figure = town_park_figures(out, fx)
    assert figure["drawn_finer_than_district"] / figure["named_in_text"] >= 0.62, figure


def _names_its_district(name: str, district: str) -> bool:
    """Does the name carry a written form of its own (published) district?"""
    from cymap.geo.placetext import county_forms

    return any(full == district and form in name for form, full in county_forms().items()
               if re.fullmatch(r"[\u4e00-\u9fff]{2,}", form))


def test_every_row_whose_name_carries_a_district_is_located_there_from_the_name(text_only):
    fx, out = text_only
    rows = [(row, record) for row, record in zip(out.itertuples(), fx.itertuples())
            if not record.location and _names_its_district(record.name_zh, record.district)]
    assert len(rows) >= 60
    misplaced = [(record.name_zh, record.district, row.districts_2023) for row, record in rows
                 if record.district not in row.districts_2023 or record.district_current not in row.districts]
    assert misplaced == []
    assert all(row.located_from == "name" for row, _ in rows)


def test_text_alone_never_puts_a_row_in_a_wrong_district(text_only):
    fx, out = text_only
    assert all(figure["wrong"] == 0 for figure in district_figures(out, fx).values())


def test_a_name_without_a_place_stays_unresolved(text_only):
    fx, out = text_only
    row = out[fx["name_zh"] == "豪斯特项目"].iloc[0]
    assert row["precision"] == "unresolved" and row["located_by"] == "unresolved"


def _variants(tmp_path: Path, ledger: pd.DataFrame) -> dict[str, Path]:
    paths = {"utf8.csv": tmp_path / "utf8.csv", "gbk.csv": tmp_path / "gbk.csv",
             "plain.xlsx": tmp_path / "plain.xlsx", "chinese.xlsx": tmp_path / "chinese.xlsx"}
    ledger.to_csv(paths["utf8.csv"], index=False, encoding="utf-8")
    paths["gbk.csv"].write_bytes(ledger.to_csv(index=False).encode("gbk"))
    ledger.to_excel(paths["plain.xlsx"], index=False)
    ledger.rename(columns=CHINESE_HEADERS).to_excel(paths["chinese.xlsx"], index=False)
    return paths


def test_same_results_from_utf8_gbk_xlsx_and_chinese_headers(tmp_path):
    ledger = as_ledger(fixture())
    results = {}
    for name, path in _variants(tmp_path, ledger).items():
        read = read_ledger(path)
        assert read.problems == [] and len(read.rows) == len(ledger), name
        out = geocode.geocode(read.rows)
        results[name] = out[["id", "precision", "located_by", "districts", "districts_2023", "matched"]].astype(str)
        results[name]["wkt"] = out.geometry.to_wkt()
    first = results.pop("utf8.csv")
    for name, frame in results.items():
        pd.testing.assert_frame_equal(frame, first, obj=name)


def _old_cascade_precision(location: str) -> str:
    parts = [geocode.resolve_reference(ref) for ref in geocode.split_location(location)]
    found = [p.precision for p in parts if p.geometry is not None]
    if not found:
        return "unresolved"
    return "route" if all(p == "route" for p in found) else max(found, key=PRECISION_ORDER.index)


def test_plan_ledger_no_row_coarser_than_the_reference_cascade():
    """The plan's own ledger: every row at least as fine as the cascade it had before issue 13
    (exact -> alias -> district -> town -> fuzzy, per `;` reference), on today's gazetteer."""
    read = read_ledger(REPO_ROOT / "projects.csv")
    out = geocode.geocode(read.rows)
    coarser = [(row.id, row.location, _old_cascade_precision(row.location), row.precision)
               for row in out.itertuples()
               if PRECISION_ORDER.index(row.precision) > PRECISION_ORDER.index(_old_cascade_precision(row.location))]
    assert coarser == []
    assert "unresolved" not in set(out["precision"])


def test_ten_thousand_real_rows_with_free_ids_validate_and_geocode():
    fx = as_ledger(fixture())
    plan = pd.read_csv(REPO_ROOT / "projects.csv", dtype=str, keep_default_na=False)
    rows = pd.concat([fx, plan], ignore_index=True).fillna("")
    rows = pd.concat([rows] * (10_000 // len(rows) + 1), ignore_index=True).iloc[:10_000]
    rows["id"] = [f"渝-{n:05d}" for n in range(len(rows))]
    data = io.BytesIO()
    rows.to_csv(data, index=False)
    read = read_ledger(data.getvalue(), "big.csv")
    assert read.problems == [] and len(read.rows) == 10_000
    out = geocode.geocode(read.rows)
    assert len(out) == 10_000 and (out["located_by"] != "").all()


def main() -> None:
    fx = fixture()
    out = geocode.geocode(as_ledger(fx))
    print(f"fixture: {len(fx)} rows ({FIXTURE.relative_to(REPO_ROOT)})")
    for division, figure in district_figures(out, fx).items():
        print(f"  {division} division: right district {figure['right']}/{figure['rows']} "
              f"({100 * figure['right'] / figure['rows']:.1f} %), wrong {figure['wrong']}")
    figure = town_park_figures(out, fx)
    print(f"  town/park: {figure['with_town_or_park']} rows have one, {figure['named_in_text']} name it in the text; "
          f"located at it {figure['located_at_it']} ({100 * figure['located_at_it'] / figure['named_in_text']:.1f} %), "
          f"of which drawn finer than the district {figure['drawn_finer_than_district']}")
    print("  located by:", out["located_by"].value_counts().to_dict())
    text = geocode.geocode(as_ledger(fx, declared=False))
    rows = [(r, f) for r, f in zip(text.itertuples(), fx.itertuples())
            if not f.location and _names_its_district(f.name_zh, f.district)]
    there = sum(f.district in r.districts_2023 and f.district_current in r.districts for r, f in rows)
    print(f"  without 所属区县 (text only): {district_figures(text, fx)}; "
          f"rows whose name carries a district: {len(rows)}, located there from the name: {there}")


if __name__ == "__main__":
    main()
