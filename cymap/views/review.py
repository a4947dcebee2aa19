"""定位核对 (location review, issue 13 item 7): the rows of a loaded ledger by how they were
located, with suggestions for the coarse ones, and a fix saved in the ledger.

A fix is the right place picked from the suggestions (written to `location`, any lon/lat override
cleared) or a typed WGS84 coordinate (the `lon`/`lat` override, checked as the ledger's own checks
do: complete, numbers, not swapped, in Chongqing or its context). `save_fix` saves it through the
one store interface (cymap.ledger.stores.LedgerStore — the file or the database): the fixed row is
previewed and applied as a one-row import, so it is validated, locked, versioned and recorded in
the history like every other edit; the next load geocodes the row at its fixed place.
"""
from __future__ import annotations

import math
import unicodedata

import pandas as pd
from rapidfuzz import fuzz, process

from cymap.geo import coords, geodata, place_checks, placetext
from cymap.geo.locate import LOCATED_BY
from cymap.geo.names import key
from cymap.ledger import store, stores
from cymap.ledger.schema import ALL_COLUMNS
from cymap.ledger.validate import validate_rows
from cymap.views.i18n import join_names, located_by_label, precision_label, t
from cymap.views.problems import note_text

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
    for column in ("matched", "districts"):
        frame[column] = frame[column].map(lambda v: "；".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v))
    frame["warnings"] = frame["warnings"].map(  # the geocoder's notes in the language (issue 15)
        lambda v: "；".join(note_text(n, lang) for n in v) if isinstance(v, (list, tuple)) else str(v))
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


class FixRefused(store.InvalidEditError):
    """A typed coordinate the ledger's checks refuse; `reason` is one of COORDINATE_REASONS."""

    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(f"column {column}: value {value!r} is not a usable coordinate ({reason}); nothing was saved")
        self.column, self.value, self.reason = column, value, reason


COORDINATE_REASONS = ("incomplete", "not_number", "swapped", "outside")


def as_loaded(row) -> dict[str, str]:
    """The row's location and coordinate as the editor saw them (a fix expects them unchanged)."""
    def text(value) -> str:
        return "" if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) else str(value)

    return {column: text(row.get(column)) for column in ("location", "lon", "lat")}


def location_fix(place: str) -> dict[str, str]:
    """The fix for a place picked from the suggestions: it becomes the location; a coordinate
    override would still win over it, so any is cleared."""
    return {"location": str(place).strip(), "lon": "", "lat": ""}


def coordinate_fix(lon: str, lat: str, gcj02: bool = False) -> dict[str, str]:
    """The fix for a typed coordinate, as the ledger keeps it (WGS84 degrees, NFKC, stripped);
    refused (FixRefused "incomplete") unless both are given. `gcj02`: typed from a Gaode or
    Tencent map (GCJ-02), converted to WGS84 (cymap.geo.coords) to 6 decimals (about 0.1 m)."""
    fix = {column: unicodedata.normalize("NFKC", str(value)).strip() for column, value in (("lon", lon), ("lat", lat))}
    if not fix["lon"] or not fix["lat"]:
        raise FixRefused("lat" if fix["lon"] else "lon", f"{fix['lon']}, {fix['lat']}".strip(", "), "incomplete")
    if gcj02:
        try:
            x, y = float(fix["lon"]), float(fix["lat"])
        except ValueError:
            bad = "lat" if _is_number(fix["lon"]) else "lon"
            raise FixRefused(bad, fix[bad], "not_number") from None
        if not (math.isfinite(x) and math.isfinite(y)):
            raise FixRefused("lon", f"{fix['lon']}, {fix['lat']}", "not_number")
        wlon, wlat = coords.gcj02_to_wgs84(x, y)
        fix = {"lon": f"{float(wlon):.6f}", "lat": f"{float(wlat):.6f}"}
    return fix


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def check_coordinate(row: dict[str, str]) -> None:
    """Refuse the row's lon/lat as the ledger does: both given, numbers, not swapped
    (cymap.ledger.validate), inside Chongqing or its context (cymap.geo.place_checks)."""
    lon, lat = row.get("lon", ""), row.get("lat", "")
    if not lon or not lat:
        raise FixRefused("lat" if lon else "lon", f"{lon}, {lat}".strip(", "), "incomplete")
    valid, problems = validate_rows(pd.DataFrame([row]))
    for problem in problems:
        if problem.column in ("lon", "lat"):
            value = row[problem.column]
            if not _is_number(value):
                raise FixRefused(problem.column, value, "not_number")
            raise FixRefused("lon", f"{lon}, {lat}", "swapped")
    if problems:  # the row is invalid for another reason: the import names it
        return
    if place_checks.check_places(valid)[1]:
        raise FixRefused("lon", f"{lon}, {lat}", "outside")


def save_fix(ledger: stores.LedgerStore, project_id: str, values: dict[str, str], who, note: str = "",
             expected: dict[str, str] | None = None) -> store.EditResult:
    """Save `values` (column -> new text) of one project through the store, as a one-row import:
    validated, applied under the store's lock or transaction, recorded in the history. Refused
    when the row's `expected` values (as the editor saw them) changed meanwhile."""
    frame = ledger.snapshot().frame
    found = frame[frame["id"] == project_id] if "id" in frame.columns else frame.iloc[0:0]
    if found.empty:
        raise store.UnknownProjectError(f"no project with id {project_id!r} in the ledger")
    current = found.iloc[0]
    for column, seen in (expected or {}).items():
        now = str(current.get(column, "") or "").strip()
        if now != str(seen or "").strip():
            raise store.StaleEditError(f"project {project_id} changed since you loaded it ({column} is now {now!r}); "
                                       "nothing was saved — reload and make your fix again")
    values = {c: str(v).strip() for c, v in values.items() if c in frame.columns or str(v).strip()}
    row = {c: str(current[c]) for c in frame.columns if c in ALL_COLUMNS} | values
    if values.get("lon") or values.get("lat"):  # a coordinate given (a picked place clears it)
        check_coordinate(row)
    preview = ledger.preview_import(pd.DataFrame([row]).to_csv(index=False).encode("utf-8"), "fix.csv")
    if not preview.can_apply:
        raise store.InvalidEditError("the fixed row is not valid: " + "; ".join(map(str, preview.problems)))
    stray = [c for c in preview.changed if c.field not in values]
    if stray or len(preview.added):
        raise store.InvalidEditError(f"the fix of {project_id} would change more than {', '.join(values)}: "
                                     f"{stray or list(preview.added['id'])}; nothing was saved")
    return ledger.apply_import(preview, who, note, keep_removed=True)
