"""定位核对 (location review, issue 13 item 7): the rows of a loaded ledger by how they were
located, with suggestions for the coarse ones and the fixes as a ledger to import.

The store writes statuses and new rows only (cymap.ledger.store has no update path for arbitrary
fields), so a fix is not written here: `fixes_ledger` returns the ledger with the chosen
locations / lon-lat, which the Edit tab's import applies with history like every other edit.
"""
from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz, process

from cymap.geo import geodata, placetext
from cymap.geo.locate import LOCATED_BY
from cymap.geo.names import key
from cymap.views.i18n import join_names, located_by_label, precision_label, t

REVIEW_COLUMNS = ["located_by", "id", "name_zh", "location", "district_declared", "matched", "precision",
                  "districts", "warnings"]
# Each column's header: a key of the one catalogue (cymap.views.i18n.TEXT).
HEADER_KEYS = {"located_by": "how_located", "id": "id", "name_zh": "name", "location": "location",
               "district_declared": "rv_col_declared", "matched": "preview_matched", "precision": "precision",
               "districts": "districts_touched", "warnings": "rv_col_warnings"}
NEEDS_REVIEW = ("fuzzy", "name", "town_no_seat", "district", "unresolved")


def header(column: str, lang: str = "zh") -> str:
    """The review table's header of `column` in `lang`."""
    return t(HEADER_KEYS[column], lang)


def save_note(lang: str = "zh") -> str:
    """How a fix reaches the ledger: the columns to fill, named as the ledger's header names them."""
    return t("rv_save_note", lang, edit_tab=t("tab_edit", lang))


def counts(geocoded: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Rows per way of locating, finest first."""
    found = geocoded["located_by"].value_counts() if "located_by" in geocoded.columns else pd.Series(dtype=int)
    return pd.DataFrame({header("located_by", lang): [located_by_label(k, lang) for k in LOCATED_BY if k in found],
                         t("project_count", lang): [int(found[k]) for k in LOCATED_BY if k in found]})


def review_table(geocoded: pd.DataFrame, lang: str = "zh", only: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows in LOCATED_BY order (finest first), lists as text, headers in `lang`."""
    frame = geocoded.reindex(columns=REVIEW_COLUMNS, fill_value="").copy()
    if only:
        frame = frame[frame["located_by"].isin(only)]
    order = {k: i for i, k in enumerate(LOCATED_BY)}
    frame = frame.assign(_order=frame["located_by"].map(order)).sort_values(["_order", "id"], kind="stable")
    for column in ("matched", "districts", "warnings"):
        frame[column] = frame[column].map(lambda v: "；".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v))
    frame["located_by"] = frame["located_by"].map(lambda k: located_by_label(k, lang))
    frame["precision"] = frame["precision"].map(lambda code: precision_label(code, lang) if code else "")
    frame = frame.drop(columns="_order").fillna("")
    return frame.rename(columns={c: header(c, lang) for c in REVIEW_COLUMNS}).reset_index(drop=True)


def suggestions(row, limit: int = 5) -> list[str]:
    """Places a coarse row may mean: towns, parks and places of its district(s) whose names are
    closest to its text (rapidfuzz, score ≥ 60), the geocoder's own suggestions first."""
    text = key(f"{row.get('location', '')}{row.get('name_zh', '')}")
    districts = set(row.get("districts_2023") or []) | set(row.get("districts") or [])
    if row.get("district_declared"):
        districts |= placetext._unit_names(row["district_declared"])
    choices = {}
    towns = geodata.townships()
    for town in towns[towns["county_2023"].isin(districts) | towns["county_current"].isin(districts)].itertuples():
        choices[f"{town.county_2023}{town.name_zh}"] = town.name_zh
    table = geodata.gazetteer()
    for place in table.itertuples():
        if not districts or districts & set(str(place.districts).split("|")) or place.district in districts:
            choices[place.name] = place.name
    own = [s for s in (row.get("suggestions") or []) if s]
    found = process.extract(text, choices, scorer=fuzz.partial_ratio, score_cutoff=60, limit=limit)
    return list(dict.fromkeys([*own, *(choice for _, _, choice in found)]))[:limit]


def suggestions_text(row, lang: str = "zh") -> str:
    """The suggestions as one line of text, 可能的地名：A、B (or 无)."""
    found = suggestions(row)
    return t("rv_suggestions", lang, places=join_names(found, lang) or t("none", lang))


def fixes_ledger(ledger: pd.DataFrame, fixes: dict[str, dict[str, str]]) -> pd.DataFrame:
    """The ledger with each fix applied: {id: {"location": …} or {"lon": …, "lat": …}}. Import it
    (Edit tab) to save the fixes with history."""
    out = ledger.copy()
    for column in {c for fix in fixes.values() for c in fix}:
        if column not in out.columns:
            out[column] = ""
    for project_id, fix in fixes.items():
        for column, value in fix.items():
            out.loc[out["id"] == project_id, column] = str(value)
    return out
