"""The plan action a row without one may belong to, suggested from its category (issue 13).

A district's own list has no plan action (未归入行动). The only evidence we hold of which action
a category belongs to is the plan's own ledger (projects.csv, rows quoted from 渝府发〔2023〕8号):
how its rows of that category are spread over the ten actions. A suggestion is made only when
that evidence is clear — the leading action holds at least MIN_SHARE of the category's plan rows
and at least MIN_ROWS of them — and it names its basis ("8 of 11 plan rows of category X are in
action 3"). Where the rows are split, too few, or the plan has no row of the category, there is
none, and the text says which.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pandas as pd

from cymap.paths import DEFAULT_LEDGER
from cymap.ledger.read import read_ledger
from cymap.ledger.schema import ACTIONS
from cymap.ledger.validate import normalise_category
from cymap.views.i18n import action_label, category_label, t

MIN_SHARE = Fraction(2, 3)  # the leading action's share of the category's plan rows
MIN_ROWS = 3  # and at least this many rows: one or two rows are no evidence of a rule


@dataclass(frozen=True)
class Suggestion:
    """What the plan's ledger says about one category: `action` None when there is no suggestion."""

    category: str
    action: int | None
    count: int  # plan rows of the category in the leading action
    total: int  # plan rows of the category with an action
    counts: tuple[tuple[int, int], ...]  # (action, rows), most rows first

    @property
    def reason(self) -> str:
        """suggested | few (under MIN_ROWS rows in the leading action) | split (the rows are spread
        over actions) | absent (no plan row of the category)."""
        if self.action is not None:
            return "suggested"
        if not self.total:
            return "absent"
        return "split" if Fraction(self.count, self.total) < MIN_SHARE else "few"


def action_counts(plan: pd.DataFrame) -> dict[str, tuple[tuple[int, int], ...]]:
    """category -> ((action, rows), …) over the plan rows that have an action, most rows first
    (ties: the lower action number first)."""
    rows = plan[["category", "action"]].dropna()
    rows = rows[rows["action"].astype(str) != ""]
    out: dict[str, tuple[tuple[int, int], ...]] = {}
    for category, group in rows.groupby("category", sort=True):
        tally = group["action"].astype(int).value_counts()
        out[str(category)] = tuple(sorted(((int(a), int(n)) for a, n in tally.items()), key=lambda p: (-p[1], p[0])))
    return out


def suggest_action(category: str, counts: dict[str, tuple[tuple[int, int], ...]]) -> Suggestion:
    """The action the evidence `counts` (action_counts) suggests for `category`, or none."""
    spread = counts.get(str(category), ())
    total = sum(n for _, n in spread)
    if not spread:
        return Suggestion(str(category), None, 0, 0, ())
    action, count = spread[0]
    clear = count >= MIN_ROWS and Fraction(count, total) >= MIN_SHARE
    return Suggestion(str(category), action if clear else None, count, total, spread)


@functools.cache
def _plan_counts(path: str, stamp: float) -> dict[str, tuple[tuple[int, int], ...]]:
    return action_counts(read_ledger(Path(path)).rows)


def plan_counts(path: Path | None = None) -> dict[str, tuple[tuple[int, int], ...]]:
    """action_counts of the plan's ledger (the shipped projects.csv), read once per file version."""
    path = Path(path or DEFAULT_LEDGER)
    return _plan_counts(str(path), path.stat().st_mtime)


def for_row(row, counts: dict | None = None) -> Suggestion | None:
    """The suggestion for a row without a plan action; None when the row has an action."""
    action = row.get("action")
    if action is not None and not pd.isna(action) and str(action) != "":
        return None
    category = str(row.get("category", "") or "")
    return suggest_action(normalise_category(category) or category, plan_counts() if counts is None else counts)


def basis_text(suggestion: Suggestion, lang: str) -> str:
    """The suggestion, or why there is none, with the evidence it rests on."""
    category = category_label(suggestion.category, lang)
    if suggestion.reason == "absent":
        return t("suggest_absent", lang, category=category)
    fields = {"category": category, "count": suggestion.count, "total": suggestion.total}
    if suggestion.reason == "few":
        return t("suggest_few", lang, **fields)
    if suggestion.reason == "split":
        spread = t("suggest_spread_sep", lang).join(
            t("suggest_spread_item", lang, number=_number(a, lang), count=n) for a, n in suggestion.counts)
        return t("suggest_split", lang, spread=spread, **fields)
    return t("suggest_basis", lang, action=action_label(suggestion.action, lang), **fields)


def _number(action: int, lang: str) -> str:
    """An action's number as the plan writes it: 三 in Chinese, 3 in English."""
    return ACTIONS[action]["zh"].split()[0] if lang == "zh" else str(action)
