"""Ledger problems and warnings in the user's language: the ONE place that words a
cymap.ledger.schema.Problem (its `kind` and `fields`) for the app and the CLI.

The ledger layer cannot read the catalogue, so it names what went wrong (`kind`, a short code) and the
values its message names (`fields`); here `problem_<kind>` / `problem_allowed_<kind>` (and `warn_<kind>`
for cymap.ledger.validate.LedgerWarning) say it in Chinese or English. `str(problem)` stays the English
line scripts read; `problem_line(p, "en")` is that line. The geocoder's warnings (cymap.geo.readings.Note,
the 定位核对 tab's column) are worded the same way: `note_<kind>`, by `note_text`.
"""
from __future__ import annotations

from cymap.ledger.schema import ALL_COLUMNS, CATEGORIES, COLUMNS, STATUSES, Problem
from cymap.views.i18n import TEXT, join_names, t

SPECIAL_COLUMNS = {"(file)": "problem_col_file", "(header)": "problem_col_header",
                   "(extra cells)": "problem_col_extra"}
ROW_COLUMNS = ["row", "column", "value", "message", "allowed"]


def column_label(column: str, lang: str) -> str:
    """A problem's column as the ledger's header in the language (所属区县, 状态 …); an unknown one as written."""
    for key in (SPECIAL_COLUMNS.get(column), f"ledger_col_{column}", column if column in ALL_COLUMNS else None):
        if key in TEXT:
            return t(key, lang)
    return str(column)


def _vocabulary(kind: str, lang: str) -> str:
    """The values a column accepts, in the language: Chinese labels in zh; codes (and labels) in en."""
    if kind == "not_category":
        return join_names((v["zh"] if lang == "zh" else k for k, v in CATEGORIES.items()), lang)
    if kind == "not_status":
        return join_names((v["zh"] if lang == "zh" else f"{k} ({v['en']})" for k, v in STATUSES.items()), lang)
    if kind == "no_ledger_columns":
        return join_names((column_label(c, lang) if lang == "zh" else c for c in COLUMNS), lang)
    return ""


def _fields(problem: Problem, lang: str) -> dict:
    fields = dict(problem.fields)
    if problem.kind == "duplicate_header" and "name" in fields:
        fields["name"] = column_label(fields["name"], lang)
    return fields


def problem_text(problem: Problem, lang: str) -> str:
    """What is wrong, in the language (the English message when the kind is unknown)."""
    if f"warn_{problem.kind}" in TEXT:  # a LedgerWarning: the row loads
        return t(f"warn_{problem.kind}", lang, other=getattr(problem, "other", ""))
    if f"problem_{problem.kind}" not in TEXT:
        return problem.message
    return t(f"problem_{problem.kind}", lang, **_fields(problem, lang))


def allowed_text(problem: Problem, lang: str) -> str:
    """What the column accepts, in the language ("" when the problem names nothing)."""
    key = f"problem_allowed_{problem.kind}"
    if key not in TEXT:
        return problem.allowed if f"problem_{problem.kind}" not in TEXT else ""
    return t(key, lang, **_fields(problem, lang), values=_vocabulary(problem.kind, lang))


def problem_row(problem: Problem, lang: str) -> dict:
    """A problem as a table row: row, column label, value, message and allowed values in the language."""
    return {"row": problem.row, "column": column_label(problem.column, lang), "value": problem.value,
            "message": problem_text(problem, lang), "allowed": allowed_text(problem, lang)}


def problem_line(problem: Problem, lang: str) -> str:
    """One line naming row (and the file's line), column, value, what is wrong and what is allowed.
    English: `str(problem)`, the line scripts read."""
    if lang == "en":
        return str(problem)
    row = problem_row(problem, lang)
    if problem.row > 0:
        text = t("problem_line", lang, **row, line=problem.row + 1)
    else:
        text = t("problem_line_file", lang, **row)
    return text + (t("problem_line_allowed", lang, allowed=row["allowed"]) if row["allowed"] else "")


def note_text(note, lang: str) -> str:
    """A geocoder warning (cymap.geo.readings.Note) in the language; a plain string passes through."""
    kind = getattr(note, "kind", "")
    if f"note_{kind}" not in TEXT:
        return str(note)
    fields = {k: join_names(v, lang) if isinstance(v, (list, tuple)) else v for k, v in note.fields.items()}
    return t(f"note_{kind}", lang, **fields)
