"""The store's refusals in the user's language: the ONE place that words a refused or failed edit or import
(a cymap.ledger.store_errors.StoreError's `kind` and `fields`, or an OSError) for the app and the CLI.

The ledger layer cannot read the catalogue, so it names what went wrong (`kind`) and the values its sentence
names (`fields`); here `refusal_<kind>` says it in Chinese. English is the store's own sentence
(`store_errors.user_message`: `str(error)`, an OSError as a sentence), unchanged for scripts that read it.
An error without a kind (the CLI's own refusals, already in the language) passes through.
"""
from __future__ import annotations

from pathlib import Path

from cymap.ledger.schema import STATUSES
from cymap.ledger.store_errors import os_error_kind, user_message
from cymap.views.i18n import TEXT, join_names, status_label, t
from cymap.views.problems import column_label, problem_line, problem_text

VALIDATE_COMMAND = "python -m cymap validate"
HOW = {"needs_account": "--user NAME, CYMAP_PASSWORD", "editor_needs_district": "--district NAME"}
ROLES = ("viewer", "district_editor", "editor", "admin")  # cymap.ledger.accounts.ROLES, checked by the tests


def role_label(role: str, lang: str) -> str:
    """An account role in the language (区县编辑 …); an unknown one as written."""
    key = f"refusal_role_{role}"
    return t(key, lang) if key in TEXT else str(role)


def _last_change(fields: dict, lang: str) -> str:
    """The ledger's last change: its column as the interface names it, a status by its label, quoted."""
    if not fields.get("when"):
        return ""
    field = fields.get("field", "")
    values = {k: f"“{status_label(fields.get(k, ''), lang) if field == 'status' else fields.get(k, '')}”"
              for k in ("old", "new")}
    return t("refusal_last_change", lang, when=fields["when"], who=fields.get("who", ""),
             field=column_label(field, lang), **values)


def _new_project_problems(problems, lang: str) -> str:
    return "；".join(t("problem_line_file", lang, column=column_label(p.column, lang), value=p.value,
                       message=problem_text(p, lang)) for p in problems)


def _worded_fields(kind: str, fields: dict, lang: str) -> dict:
    """The values a refusal names, in the language: lists joined, roles and columns labelled, the last
    change, the reason of a cell or an upload from the problems' catalogue."""
    out = {k: join_names(v, lang) if isinstance(v, (list, tuple)) else v for k, v in fields.items()}
    out.update(last=_last_change(fields, lang), command=VALIDATE_COMMAND, how=HOW.get(kind, ""))
    for name in ("role",):
        if name in fields:
            out[name] = role_label(fields[name], lang)
    if kind == "other_district" and not fields.get("touched"):
        out["touched"] = t("refusal_no_district", lang)
    if kind == "not_status":
        out["allowed"] = join_names((v["zh"] for v in STATUSES.values()), lang)
    if kind == "not_role":
        out["allowed"] = join_names((role_label(r, lang) for r in ROLES), lang)
    if kind == "bad_cell":
        out["column"] = column_label(fields["column"], lang)
        out["reason"] = t(f"problem_{fields['cell']}", lang, **fields)
    if kind == "upload_too_many":
        out["reason"] = t(f"problem_{fields['read_kind']}", lang, **fields)
    if kind == "upload_has_problems":
        out["first"] = problem_line(fields["first"], lang)
    if kind == "new_project_invalid":
        out["problems"] = _new_project_problems(fields["problems"], lang)
    return out


def store_error_text(error: Exception, lang: str, path: str | Path = "") -> str:
    """What to tell the user about a refused or failed edit or import (a StoreError, or an OSError met
    writing the ledger at `path`), in the language. English: the store's own sentence."""
    if lang == "en":
        return user_message(error, path)
    if isinstance(error, OSError):
        kind, fields = os_error_kind(error, Path(path))
    else:
        kind, fields = getattr(error, "kind", ""), dict(getattr(error, "fields", {}))
    if not kind or f"refusal_{kind}" not in TEXT:
        return user_message(error, path)
    return t(f"refusal_{kind}", lang, **_worded_fields(kind, fields, lang))
