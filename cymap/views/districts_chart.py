"""The Districts tab: project counts per district and status, within the filter, as a table and
a horizontal stacked bar chart with whole-number ticks and full (wrapped) district names."""
from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd

from cymap.ledger.schema import STATUS_COLORS, STATUSES
from cymap.views.filters import FilterSpec, selected_districts
from cymap.views.i18n import district_label, status_label, t
from cymap.views.summary import district_status_table

WRAP_CHARS = {"zh": 8, "en": 18}  # a district name longer than this wraps onto another line
ROW_PX = 34  # per district (two-line names included)
AXES_PX = 110  # the status legend above, the count axis below
LINE_BREAK = "|"  # split into lines by the chart's labelExpr


def district_table(view: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """Districts × statuses (and `total`) of `view`, only the districts the filter selects.

    A project shared with a neighbour counts in the selected district only: filtered to 万州区,
    the table lists 万州区, not the neighbours its shared items also touch. With no district or
    region filter, every district of the division (official order)."""
    table = district_status_table(view, spec.division)
    chosen = selected_districts(spec)
    if chosen is not None:
        table = table.loc[[n for n in table.index if n in set(chosen)]]
    return table


def shown_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table with district names, status headers and the index header in the language."""
    shown = table.rename(index=lambda n: district_label(n, lang),
                         columns={**{s: status_label(s, lang) for s in STATUSES}, "total": t("total", lang)})
    shown.index.name = t("district", lang)
    return shown


def wrap_name(name: str, lang: str) -> str:
    """A district name in lines of at most WRAP_CHARS[lang] characters (at spaces in English),
    joined by LINE_BREAK."""
    limit = WRAP_CHARS[lang]
    if len(name) <= limit:
        return name
    if lang == "zh" or " " not in name:
        return LINE_BREAK.join(name[i:i + limit] for i in range(0, len(name), limit))
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return LINE_BREAK.join([*lines, line])


def tick_step(top: int) -> int:
    """A 1-2-5 step giving at most about six ticks from 0 to `top` (never below 1)."""
    if top <= 5:
        return 1
    raw = top / 6
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def chart(table: pd.DataFrame, lang: str) -> alt.Chart:
    """Horizontal stacked bars: one bar per district in table order, coloured by status."""
    order = [district_label(n, lang) for n in table.index]
    records = []
    for name, row in table.iterrows():
        for rank, status in enumerate(STATUSES):
            if row[status]:
                records.append({"district": district_label(name, lang), "label": wrap_name(district_label(name, lang),
                                                                                           lang),
                                "status": status_label(status, lang), "count": int(row[status]), "rank": rank})
    data = pd.DataFrame(records, columns=["district", "label", "status", "count", "rank"])
    top = int(table["total"].max()) if len(table) else 0
    step = tick_step(top)
    ticks = list(range(0, (top // step + 1) * step + 1, step))
    labels = {district_label(n, lang): wrap_name(district_label(n, lang), lang) for n in table.index}
    label_expr = f"split({_label_lookup(labels)}[datum.label] || datum.label, '{LINE_BREAK}')"
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("sum(count):Q", title=t("districts_axis", lang), scale=alt.Scale(domain=[0, ticks[-1]], nice=False),
                axis=alt.Axis(values=ticks, format="d", grid=True)),
        y=alt.Y("district:N", sort=order, title=None,
                axis=alt.Axis(labelLimit=0, labelOverlap=False, labelExpr=label_expr)),
        color=alt.Color("status:N", title=t("status", lang),
                        scale=alt.Scale(domain=[status_label(s, lang) for s in STATUSES],
                                        range=[STATUS_COLORS[s] for s in STATUSES]),
                        legend=alt.Legend(orient="top")),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("district:N", title=t("district", lang)), alt.Tooltip("status:N", title=t("status", lang)),
                 alt.Tooltip("count:Q", title=t("districts_axis", lang))],
    ).properties(height=chart_height(table) - AXES_PX)


def chart_height(table: pd.DataFrame) -> int:
    """The chart's height in px: a row per district (two-line names fit) plus the axes and legend."""
    return max(120, ROW_PX * len(table)) + AXES_PX


def _label_lookup(labels: dict[str, str]) -> str:
    """A Vega expression object literal {name: wrapped name}."""
    return json.dumps(labels, ensure_ascii=False)
