"""The plan's quantified 2027 targets (geodata/targets.csv) with progress and their ledger rows.

Each target has its clause quoted verbatim from the plan, a goal, unit and comparator
(`>=` reach at least, `<=` stay at or below, `=` about), a baseline where a public source
gives one, and the latest public value with its date, source and URL — or `latest_source`
exactly `no public figure found`. `project_ids` (`|`-separated) are the ledger rows that serve it.

Progress is how far the latest value has come from the baseline to the goal, 0–1: 1 once the
goal is met (latest ≥ goal; for `<=` latest ≤ goal); else (latest − baseline) / (goal − baseline)
with a baseline below the goal, latest / goal without one (`>=`, `=`); for `<=`
(baseline − latest) / (baseline − goal) with a baseline above the goal, else goal / latest.
No latest value, no progress (None), never a guess.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from cymap.paths import GEODATA_DIR
from cymap.views.i18n import t

TARGETS_FILE = GEODATA_DIR / "targets.csv"
NO_FIGURE = "no public figure found"
COLUMNS = ["target_id", "action", "task", "indicator_zh", "indicator_en", "clause", "goal", "unit", "comparator",
           "goal_year", "baseline", "baseline_year", "baseline_source", "latest", "latest_date", "latest_source",
           "latest_url", "project_ids", "categories"]
COMPARATORS = {">=": "≥", "<=": "≤", "=": "≈"}


@functools.cache
def _load(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path.name}: missing columns {', '.join(missing)}")
    for column in ("goal", "baseline", "latest"):
        frame[f"{column}_value"] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
    frame["ids"] = frame["project_ids"].map(lambda s: [i.strip() for i in s.split("|") if i.strip()])
    frame["action"] = pd.to_numeric(frame["action"], errors="coerce").astype("Int64")
    frame["progress"] = [progress(r.goal_value, r.baseline_value, r.latest_value, r.comparator)
                         for r in frame.itertuples()]
    frame["met"] = [met(r.goal_value, r.latest_value, r.comparator) for r in frame.itertuples()]
    return frame


def load(path: str | Path | None = None) -> pd.DataFrame:
    """The targets with numeric goal_value / baseline_value / latest_value, ids (list), progress, met."""
    return _load(Path(path) if path else TARGETS_FILE).copy()


def _missing(value) -> bool:
    return value is None or pd.isna(value)


def progress(goal, baseline, latest, comparator: str) -> float | None:
    """0–1, see the module doc; None without a latest value."""
    if _missing(latest) or _missing(goal):
        return None
    if met(goal, latest, comparator):
        return 1.0
    # A baseline counts only on the far side of the goal (below it for >=, above it for <=).
    if comparator == "<=":
        share = (baseline - latest) / (baseline - goal) if not _missing(baseline) and baseline > goal \
            else goal / latest
    elif not _missing(baseline) and baseline < goal:
        share = (latest - baseline) / (goal - baseline)
    else:
        share = latest / goal if goal else 0.0
    return float(min(max(share, 0.0), 1.0))


def met(goal, latest, comparator: str) -> bool | None:
    """Has the latest value reached the goal? None without a latest value."""
    if _missing(latest) or _missing(goal):
        return None
    return bool(latest <= goal) if comparator == "<=" else bool(latest >= goal)


def for_actions(frame: pd.DataFrame, actions: list[int] | None) -> pd.DataFrame:
    """The targets of the sidebar's actions (all when none is chosen)."""
    return frame[frame["action"].isin([int(a) for a in actions])] if actions else frame


def linked_ids(frame: pd.DataFrame, ledger_ids) -> pd.Series:
    """Per target, its project ids that the ledger has (a target may name rows another ledger lacks)."""
    known = set(ledger_ids)
    return frame["ids"].map(lambda ids: [i for i in ids if i in known])


def restrict(view: pd.DataFrame, target_id: str | None, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of `view` serving target `target_id` (the map's `target` link parameter); the whole
    view when no target (or an unknown one) is given."""
    if not target_id:
        return view
    frame = load() if frame is None else frame
    found = frame[frame["target_id"] == target_id]
    return view if found.empty else view[view["id"].isin(found.iloc[0]["ids"])]


def known_target(target_id: str | None, frame: pd.DataFrame | None = None) -> str:
    """`target_id` if it names a target, else "" (a link's unknown value is ignored)."""
    frame = load() if frame is None else frame
    return target_id if target_id and target_id in set(frame["target_id"]) else ""


def indicator(record, lang: str) -> str:
    return record["indicator_zh"] if lang == "zh" or not record["indicator_en"] else record["indicator_en"]


def number(value) -> str:
    return "" if _missing(value) else f"{value:,.4f}".rstrip("0").rstrip(".")


def path_text(record, lang: str) -> str:
    """baseline (year) → latest (date) → ≥ goal unit (2027); a missing step says so."""
    base = f"{number(record['baseline_value'])} ({record['baseline_year']})" if record["baseline"] \
        else t("tg_no_baseline", lang)
    latest = f"{number(record['latest_value'])} ({record['latest_date']})" if record["latest"] \
        else t("tg_no_latest", lang)
    goal = f"{COMPARATORS.get(record['comparator'], '')}{number(record['goal_value'])} {record['unit']} " \
           f"({record['goal_year']})"
    return f"{base} → {latest} → {goal}"


def source_text(record, lang: str) -> str:
    """The latest value's source, or the explicit 'no public figure found' in the language."""
    return t("tg_no_figure", lang) if record["latest_source"] == NO_FIGURE else record["latest_source"]


def display_table(frame: pd.DataFrame, ledger_ids, lang: str) -> pd.DataFrame:
    """One row per target for the Targets tab: id, indicator, path, progress (0–100), met, date,
    source, URL, linked projects (those in the ledger)."""
    linked = linked_ids(frame, ledger_ids)
    records = frame.to_dict("records")
    return pd.DataFrame({
        t("tg_col_id", lang): frame["target_id"].values,
        t("tg_col_indicator", lang): [indicator(r, lang) for r in records],
        t("tg_col_path", lang): [path_text(r, lang) for r in records],
        t("tg_col_progress", lang): [None if r["progress"] is None or pd.isna(r["progress"]) else
                                     round(100 * r["progress"], 1) for r in records],
        t("tg_col_met", lang): [met_text(r["met"], lang) for r in records],
        t("tg_col_date", lang): frame["latest_date"].values,
        t("tg_col_source", lang): [source_text(r, lang) for r in records],
        t("tg_col_url", lang): frame["latest_url"].values,
        t("tg_col_projects", lang): [len(ids) for ids in linked],
    })


def met_text(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return ""
    return t("tg_met" if value else "tg_not_met", lang)


def counts(frame: pd.DataFrame, ledger_ids) -> dict[str, int]:
    """targets, with a latest value, met, linked to at least one ledger row."""
    linked = linked_ids(frame, ledger_ids)
    return {"targets": len(frame), "with_latest": int((frame["latest"] != "").sum()),
            "met": int(frame["met"].eq(True).sum()), "linked": int(linked.map(bool).sum())}


def chart_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per target with a latest value: label (plan order), progress %, met, the path text."""
    drawn = frame[frame["progress"].notna()]
    records = drawn.to_dict("records")
    return pd.DataFrame({
        "label": [f"{r['target_id']} {indicator(r, lang)}" for r in records],
        "progress": [round(100 * r["progress"], 1) for r in records],
        "met": [met_text(r["met"], lang) for r in records],
        "path": [path_text(r, lang) for r in records],
        "date": drawn["latest_date"].values,
    })


def bullet_chart(frame: pd.DataFrame, lang: str):
    """An Altair bullet chart (Streamlit ships Altair): a grey track to the goal (100 %), the
    progress bar (green when met), a black tick at the goal; the tooltip gives the figures."""
    import altair as alt

    data = chart_frame(frame, lang)
    order = data["label"].tolist()
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    base = alt.Chart(data).encode(y=y)
    track = base.mark_bar(color="#e6e6e6", size=14).encode(x=alt.X("track:Q", scale=alt.Scale(domain=[0, 100]),
                                                                   title=t("tg_col_progress", lang)))
    bar = base.mark_bar(size=8).encode(
        x="progress:Q", color=alt.Color("met:N", scale=alt.Scale(domain=[t("tg_met", lang), t("tg_not_met", lang)],
                                                                 range=["#33a02c", "#1f78b4"]), title=None),
        tooltip=[alt.Tooltip("label:N", title=t("tg_col_indicator", lang)),
                 alt.Tooltip("path:N", title=t("tg_col_path", lang)),
                 alt.Tooltip("progress:Q", title=t("tg_col_progress", lang)),
                 alt.Tooltip("date:N", title=t("tg_col_date", lang))])
    goal = base.mark_tick(color="#222222", thickness=2, size=18).encode(x="goal:Q")
    return (alt.layer(track, bar, goal).transform_calculate(track="100", goal="100")
            .properties(height=24 * max(len(data), 1) + 40))
