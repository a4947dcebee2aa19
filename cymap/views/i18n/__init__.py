"""Bilingual labels (Chinese default, English switch) shared by the app, the exports and the CLI.

The ONE catalogue is `TEXT` (key -> {"zh": …, "en": …}); `t(key, lang, **fields)` reads it. Vocabulary
labels come from cymap.ledger.schema (and how a row was located from cymap.geo.locate). The strings
live by area in this package's `text_*` modules, joined here; a key defined twice is an error at import.
Add a key in both languages when you add a string (`t()` raises on a missing key, so gaps show up in
tests) — in the module of its area, or in `text_added.py`, the place for new keys still to be sorted.
"""
from __future__ import annotations

import functools

import pandas as pd

from cymap.geo import geodata
from cymap.ledger.schema import ACTIONS, CATEGORIES, PRECISIONS, REGION_GROUPS, REGIONS, STATUSES
from cymap.views.i18n import (text_added, text_app, text_cli, text_columns, text_map, text_print, text_problems,
                              text_refusals, text_reports, text_shared)

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}  # each language named in itself (the language switch)
# The tables, by area; their order is the catalogue's order.
TABLES = {"app": text_app.TEXT, "map": text_map.TEXT, "shared": text_shared.TEXT, "print": text_print.TEXT,
          "reports": text_reports.TEXT, "cli": text_cli.TEXT, "columns": text_columns.TEXT,
          "added": text_added.TEXT, "problems": text_problems.TEXT,
          "refusals": text_refusals.TEXT}


def join_tables(tables: dict[str, dict[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    """One catalogue from the area tables; a key in two tables is refused, naming both."""
    joined: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for area, table in tables.items():
        for key, texts in table.items():
            if key in joined:
                raise ValueError(f"i18n key {key!r} is defined twice: in text_{where[key]} and text_{area}")
            joined[key], where[key] = texts, area
    return joined


TEXT: dict[str, dict[str, str]] = join_tables(TABLES)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text of `key` in `lang`, with `{name}` fields filled from `values` when given."""
    text = TEXT[key][lang]
    return text.format(**values) if values else text


def action_label(action: int | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if pd.isna(action) or action == "":  # a row with no plan action (a list's own row)
        return t("layer_unassigned", lang)
    label = ACTIONS[int(action)][lang]
    return label if lang == "zh" else f"{int(action)} {label}"


def status_label(status: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return STATUSES[status]["zh" if lang == "zh" else "en"] if status in STATUSES else str(status)


def category_label(category: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return CATEGORIES[category][lang] if category in CATEGORIES else str(category)


def precision_label(precision: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return PRECISIONS[precision][lang] if precision in PRECISIONS else str(precision)


def region_label(region: str, lang: str = DEFAULT_LANGUAGE) -> str:
    table = {**REGIONS, **REGION_GROUPS}
    return table[region][lang] if region in table else str(region)


@functools.cache
def _district_en() -> dict[str, str]:
    # Both divisions: labels for 2023-only units (江北区, 渝北区) are needed in 2023 views.
    suffix = {"区": "District", "县": "County", "自治县": "Autonomous County"}
    labels: dict[str, str] = {}
    for division in geodata.DIVISIONS:
        for row in geodata.districts(division).itertuples():
            labels.setdefault(row.name_zh, f"{row.name_en} {suffix.get(row.kind, '')}".strip())
    return labels


def locale_language(environ=None) -> str:
    """zh when the user's locale is Chinese (LC_ALL, LC_MESSAGES, LANG, as POSIX orders them), else en."""
    import os

    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def message_language(chosen: str | None = None, environ=None) -> str:
    """The language messages are in: the one chosen (the CLI's --lang), else the locale's."""
    return chosen if chosen in LANGUAGES else locale_language(environ)


def join_names(names, lang: str = DEFAULT_LANGUAGE) -> str:
    """Names as a list in the language: 、 between Chinese names, a comma between English ones."""
    return ("、" if lang == "zh" else ", ").join(str(n) for n in names)


def language_name(lang: str) -> str:
    """The language's own name for itself: 中文, English."""
    return LANGUAGE_NAMES[lang]


def located_by_label(how: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """How a row was located (cymap.geo.locate.LOCATED_BY), in words; an unknown way passes through."""
    from cymap.geo.locate import LOCATED_BY

    return LOCATED_BY[how][lang] if how in LOCATED_BY else str(how)


def match_label(method: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """How a place name was matched, in words (geocode's match methods)."""
    return TEXT[f"match_{method}"][lang] if f"match_{method}" in TEXT else str(method)


def district_label(name_zh: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """District name in the language; unknown names (e.g. outside Chongqing) pass through."""
    return name_zh if lang == "zh" else _district_en().get(name_zh, name_zh)


def column_header(column: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A ledger or list column's header in the language (the lists' headers, the Data quality tab,
    the CLI's warnings): `list_col_<column>`, else an optional ledger column's `ledger_col_<column>`."""
    return t(f"list_col_{column}" if f"list_col_{column}" in TEXT else f"ledger_col_{column}", lang)
