"""Counts for the app's metrics, the Districts tab and the Data quality tab.

Everything here is plain pandas on the geocoded frame, so the app, exports and tests count
the same way. The reconciliation makes "rows in = rows shown + rows reported" checkable:
every row of the file is either on the map, listed as not placeable, or reported invalid.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from cymap.geo import geodata
from cymap.geo.division import districts_column
from cymap.views import late
from cymap.views.problems import ROW_COLUMNS, problem_row
from cymap.views.i18n import (action_label, category_label, district_label, join_names, match_label, precision_label,
                              status_label, t)
from cymap.ledger.read import LedgerRead
from cymap.ledger.schema import ACTIONS, PRECISION_ORDER, STATUSES

# Precision codes at or above this are "low precision": district, province-level, approximate zone, unresolved.
LOW_PRECISION_CODE = 3
# Drawn on the map: every row with a geometry except municipality-wide rows (listed, not drawn).
UNDRAWN_PRECISIONS = ("municipal", "unresolved")


def status_counts(projects: pd.DataFrame) -> dict[str, int]:
    """Projects per status, in the vocabulary's order (zeros included)."""
    counts = projects["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def action_counts(projects: pd.DataFrame) -> dict[int, int]:
    counts = projects["action"].value_counts()
    return {action: int(counts.get(action, 0)) for action in ACTIONS}


def precision_counts(projects: pd.DataFrame) -> dict[str, int]:
    counts = projects["precision"].value_counts()
    return {p: int(counts.get(p, 0)) for p in PRECISION_ORDER}


def district_status_table(projects: pd.DataFrame, division: str = geodata.DEFAULT_DIVISION) -> pd.DataFrame:
    """Rows: every district of the division (geodata order); columns: statuses and `total`.

    A project touching several districts counts once in each, so the column sums can exceed
    the number of projects; municipality-wide and unresolved rows touch no district.
    """
    names = geodata.districts(division)["name_zh"].tolist()
    exploded = projects[[districts_column(division), "status"]].explode(districts_column(division))
    exploded = exploded[exploded[districts_column(division)].isin(names)]
    table = pd.crosstab(exploded[districts_column(division)], exploded["status"])
    table = table.reindex(index=names, columns=list(STATUSES), fill_value=0).fillna(0).astype(int)
    table["total"] = table.sum(axis=1)
    table.index.name = "district"
    return table


def district_counts(projects: pd.DataFrame, division: str = geodata.DEFAULT_DIVISION) -> dict[str, int]:
    """Projects touching each district of the division (for the choropleth)."""
    return district_status_table(projects, division)["total"].to_dict()


@dataclass(frozen=True)
class Reconciliation:
    """Where every row of the ledger file went."""

    rows_in_file: int
    rows_invalid: int  # failed validation: listed with their problems
    rows_valid: int
    rows_drawn: int  # on the map
    rows_municipal: int  # municipality-wide: in the table, listed under the map
    rows_unresolved: int  # no place found: in the table and the quality tab

    @property
    def balanced(self) -> bool:
        return (self.rows_in_file == self.rows_valid + self.rows_invalid
                and self.rows_valid == self.rows_drawn + self.rows_municipal + self.rows_unresolved)


def reconcile(read: LedgerRead, geocoded: pd.DataFrame) -> Reconciliation:
    precision = geocoded["precision"]
    return Reconciliation(
        rows_in_file=int(read.total_rows), rows_invalid=int(read.problem_rows), rows_valid=int(len(geocoded)),
        rows_drawn=int((~precision.isin(UNDRAWN_PRECISIONS)).sum()),
        rows_municipal=int((precision == "municipal").sum()),
        rows_unresolved=int((precision == "unresolved").sum()),
    )


def _possible(row) -> list[str]:
    value = row.get("districts_possible") if hasattr(row, "get") else getattr(row, "districts_possible", None)
    return list(value) if isinstance(value, (list, tuple, np.ndarray)) else []


def ambiguous_split_rows(geocoded: gpd.GeoDataFrame) -> pd.DataFrame:
    """Rows that name a whole 2023 unit since split (渝北区 without a town): counted in the unit
    that took most of it, possibly also in another, which no count, filter or page includes."""
    if "districts_possible" not in geocoded:
        return pd.DataFrame(columns=geocoded.columns.drop("geometry"))
    mask = geocoded["districts_possible"].map(
        lambda v: len(v) > 0 if isinstance(v, (list, tuple, np.ndarray)) else False)
    return pd.DataFrame(geocoded[mask].drop(columns="geometry"))


def low_precision_rows(geocoded: gpd.GeoDataFrame) -> pd.DataFrame:
    """Rows located no better than a district (precision code >= 3), coarsest first."""
    rows = geocoded[geocoded["precision_code"] >= LOW_PRECISION_CODE]
    order = rows["precision"].map(PRECISION_ORDER.index)
    return pd.DataFrame(rows.drop(columns="geometry")).assign(_order=order).sort_values(
        ["_order", "id"], ascending=[False, True]).drop(columns="_order")


def unresolved_names(geocoded: pd.DataFrame) -> pd.DataFrame:
    """One row per place name that did not resolve: the name, the rows using it, suggestions."""
    records: dict[str, dict] = {}
    for row in geocoded[["id", "unresolved", "suggestions"]].itertuples(index=False):
        for name in row.unresolved:
            entry = records.setdefault(name, {"name": name, "ids": [], "suggestions": []})
            entry["ids"].append(row.id)
            entry["suggestions"].extend(s for s in row.suggestions if s not in entry["suggestions"])
    frame = pd.DataFrame(list(records.values()), columns=["name", "ids", "suggestions"])
    return frame.sort_values("name").reset_index(drop=True)


def column_labels(lang: str) -> dict[str, str]:
    """Headers of the Quality tab's tables (problems_table, unresolved_names) in the language."""
    return {"row": t("col_row", lang), "column": t("col_column", lang), "value": t("col_value", lang),
            "message": t("col_message", lang), "allowed": t("col_allowed", lang), "name": t("name", lang),
            "ids": t("col_ids", lang), "suggestions": t("col_suggestions", lang)}


def problems_table(read: LedgerRead, lang: str = "zh") -> pd.DataFrame:
    """Validation problems as a table: row, column, value, message, allowed — in the language
    (cymap.views.problems); its headers are column_labels(lang)."""
    return pd.DataFrame([problem_row(p, lang) for p in read.problems], columns=ROW_COLUMNS)


def _join(values, lang: str = "zh") -> str:
    return join_names(values, lang) if isinstance(values, (list, tuple)) else ""


def _texts(values) -> list[str]:
    """Cells as text: an empty cell for a missing value (never "None")."""
    return [_blank(v) for v in values]


def _year_text(values) -> list[str]:
    """Target years as text: an empty cell for none (never "None" or "<NA>")."""
    return ["" if pd.isna(v) else str(int(v)) for v in values]


def _blank(value) -> str:
    return "" if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) else str(value)


def detail_fields(row, lang: str, division: str = geodata.DEFAULT_DIVISION) -> list[tuple[str, str]]:
    """The full record of one project as (label, value) pairs for the detail panel."""
    districts = [district_label(d, lang) for d in row[districts_column(division)]]
    how = ("；" if lang == "zh" else "; ").join(
        f"{name}（{match_label(method, lang)}）" if lang == "zh" else f"{name} ({match_label(method, lang)})"
        for name, method in zip(row["matched"], row["match_method"]))
    fields = [
        (t("action", lang), action_label(row["action"], lang)),
        (t("task", lang), _blank(row["task"])),
        (t("category", lang), category_label(row["category"], lang)),
        (t("status", lang), f"{status_label(row['status'], lang)} · {t('updated', lang)} {_blank(row['updated'])}"),
        (t("note", lang), _blank(row["note"])),
        (t("target", lang), " ".join(v for v in (_blank(row["target"]), _blank(row["target_year"])) if v)),
        (t("location", lang), _blank(row["location"])),
        (t("districts_touched", lang), join_names(districts, lang)),
        # A bare 2023 unit that became two (渝北区 without a town): the other unit is possible, not counted.
        (t("districts_possible", lang), join_names([district_label(d, lang) for d in _possible(row)], lang)),
        (t("precision", lang), precision_label(row["precision"], lang)),  # in words, not the IATI code
        (t("how_located", lang), how),
        (t("unresolved_names", lang), _join(row["unresolved"], lang)),
        (t("source", lang), _blank(row["source"])),
    ]
    flagged = late.detail_field(row, lang)  # 滞后 derived from the planned dates, explained (issue 17)
    if flagged:
        fields.insert(4, flagged)
    return [(label, value) for label, value in fields if value]


def table_frame(projects: pd.DataFrame, lang: str, division: str = geodata.DEFAULT_DIVISION) -> pd.DataFrame:
    """The projects as the Table tab and its CSV download show them: labels in the language."""
    column = districts_column(division)
    return pd.DataFrame({
        t("id", lang): projects["id"].values,
        t("name", lang): (projects["name_zh"] if lang == "zh" else projects["name_en"].where(
            projects["name_en"].fillna("") != "", projects["name_zh"])).values,
        t("action", lang): [action_label(a, lang) for a in projects["action"]],
        t("task", lang): _texts(projects["task"]),
        t("category", lang): [category_label(c, lang) for c in projects["category"]],
        t("status", lang): [status_label(s, lang) for s in projects["status"]],
        t("target_year", lang): _year_text(projects["target_year"]),
        t("target", lang): _texts(projects["target"]),
        t("districts_touched", lang): [_join([district_label(d, lang) for d in names], lang)
                                       for names in projects[column]],
        t("precision", lang): [precision_label(p, lang) for p in projects["precision"]],
        t("location", lang): _texts(projects["location"]),
        t("updated", lang): _texts(projects["updated"]),
        t("source", lang): _texts(projects["source"]),
    })


def detail_html(fields: list[tuple[str, str]]) -> str:
    """The detail panel's record as a compact definition list; every value HTML-escaped."""
    items = "".join(f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in fields)
    return ("<dl style='font-size:0.9rem;margin:0'>" + items.replace("<dt>", "<dt style='font-weight:600;"
            "margin-top:0.35rem'>").replace("<dd>", "<dd style='margin:0 0 0 0.2rem;white-space:pre-wrap'>")
            + "</dl>")
