"""Tooltip, popup and badge HTML of a project: every user-supplied text escaped."""
from __future__ import annotations

import html

import numpy as np
import pandas as pd

from cymap.geo import geodata
from cymap.geo.division import districts_column
from cymap.ledger.schema import STATUS_COLORS
from cymap.views.i18n import (action_label, category_label, district_label, join_names, precision_label, status_label,
                              t)
from cymap.ledger.schema import FREE_ID_PATTERN


# --- text -------------------------------------------------------------------------------------

ID_SEPARATOR = " · "  # before the id, the last field of a project tooltip


def html_text(value) -> str:
    """User text for HTML: missing values empty, everything escaped."""
    if value is None or (not isinstance(value, (list, tuple, np.ndarray)) and pd.isna(value)):
        return ""
    # Beyond HTML: backtick, dollar and backslash as entities, so the text is inert inside any
    # JavaScript string a map library might paste it into.
    return html.escape(str(value)).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def tooltip_html(row, lang: str) -> str:
    """Name, status and id; the id lets the app find the clicked project from the tooltip text."""
    name = row.name_zh if lang == "zh" or not html_text(row.name_en) else row.name_en
    return (f"<b>{html_text(name)}</b><br>{html_text(status_label(row.status, lang))}{ID_SEPARATOR}"
            f"<span class='cymap-id'>{html_text(row.id)}</span>")


def project_id_from_tooltip(text: str | None) -> str | None:
    """The project id of a clicked symbol, from its tooltip text (streamlit-folium returns innerText).

    The id is the tooltip's LAST field, after the status (tooltip_html), so neither a name that
    contains another project's id nor a free id (a list's 序号) can make a click select the wrong row."""
    if not text:
        return None
    last = str(text).rsplit(ID_SEPARATOR, 1)[-1].strip()
    return last if ID_SEPARATOR in str(text) and FREE_ID_PATTERN.match(last) else None


def popup_html(row, lang: str, division: str = geodata.DEFAULT_DIVISION) -> str:
    """The record in brief; the app's detail panel shows all of it."""
    districts = join_names([district_label(d, lang) for d in getattr(row, districts_column(division))], lang) or "—"
    source = str(row.source or "")
    if len(source) > 160:
        source = source[:160] + "…"
    lines = [
        f"<b>{html_text(row.name_zh)}</b>",
        f"<i>{html_text(row.name_en)}</i>" if html_text(row.name_en) else "",
        f"{html_text(t('action', lang))}: {html_text(action_label(row.action, lang))} · "
        f"{html_text(t('task', lang))} {html_text(row.task)}",
        f"{html_text(t('category', lang))}: {html_text(category_label(row.category, lang))}",
        f"{html_text(t('status', lang))}: <b style='color:{STATUS_COLORS.get(row.status, '#333')}'>"
        f"{html_text(status_label(row.status, lang))}</b> ({html_text(row.updated)})",
        (f"{html_text(t('target', lang))}: {html_text(row.target)} {html_text(row.target_year)}"
         if html_text(row.target) or html_text(row.target_year) else ""),
        f"{html_text(t('districts_touched', lang))}: {html_text(districts)}",
        f"{html_text(t('precision', lang))}: {html_text(precision_label(row.precision, lang))}",
        f"<span style='color:#555'>{html_text(source)}</span>",
        f"<span class='cymap-id'>{html_text(row.id)}</span>",
    ]
    return "<div class='cymap-popup'>" + "<br>".join(line for line in lines if line) + "</div>"



def status_badge_html(status: str, lang: str) -> str:
    """A status label on its status colour (detail panel)."""
    return (f"<span style='background:{STATUS_COLORS.get(status, '#555')};color:#fff;padding:2px 8px;"
            f"border-radius:10px'>{html.escape(status_label(status, lang))}</span>")
