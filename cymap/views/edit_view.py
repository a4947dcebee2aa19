"""What the app's Edit tab shows, as plain functions (the tab itself is widgets only).

History tables, the live geocode preview of a new project's location, the place names the
location field offers, the next free id of a task, and the half-year a review starts at.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from cymap.geo import geocode, geodata

from cymap.ledger import history
from cymap.views.i18n import precision_label, t
from cymap.ledger.schema import ID_PATTERN

HISTORY_COLUMNS = ["when", "who", "id", "field", "old", "new", "note"]


def history_frame(entries: list[history.Entry], lang: str = "zh") -> pd.DataFrame:
    """History entries as a table, newest first, with headers in the user's language."""
    frame = pd.DataFrame([[getattr(e, c) for c in HISTORY_COLUMNS] for e in reversed(entries)],
                         columns=HISTORY_COLUMNS, dtype=str)
    return frame.rename(columns={c: t(f"history_{c}", lang) for c in HISTORY_COLUMNS})


def location_preview(location: str, lang: str = "zh") -> pd.DataFrame:
    """Resolve each `;`-separated reference as the map will: what it matched, how precisely,
    which districts, and where (a representative point), or suggestions when it did not resolve."""
    rows = []
    for reference in geocode.split_location(location):
        part = geocode.resolve_reference(reference)
        point = part.geometry.representative_point() if part.geometry is not None else None
        rows.append({
            t("location", lang): reference,
            t("preview_matched", lang): part.matched,
            t("precision", lang): precision_label(part.precision, lang),
            t("districts_touched", lang): "、".join(part.districts),
            "lon": round(point.x, 5) if point is not None else None,
            "lat": round(point.y, 5) if point is not None else None,
            t("preview_suggestions", lang): "、".join(part.suggestions),
        })
    return pd.DataFrame(rows)


def place_names() -> list[str]:
    """Names the location field offers: gazetteer places, routes, districts of both divisions."""
    names = list(geodata.gazetteer()["name"]) + list(geodata.routes()["name"])
    for division in geodata.DIVISIONS:
        names += list(geodata.districts(division)["name_zh"])
    return list(dict.fromkeys(str(n) for n in names if str(n)))


def append_place(location: str, place: str) -> str:
    """Add a picked place to a location, `;`-separated, once."""
    parts = geocode.split_location(location)
    return ";".join(parts if place in parts else [*parts, place])


def next_free_id(ids, action: int, task: int) -> str:
    """The first unused id A{action}-T{task}-{item} (items 01–99)."""
    used = {str(i) for i in ids}
    for item in range(1, 100):
        candidate = f"A{action:02d}-T{task:02d}-{item:02d}"
        if candidate not in used and ID_PATTERN.match(candidate):
            return candidate
    return ""


def half_year_start(today: dt.date | None = None) -> dt.date:
    """1 January or 1 July: where the current half-yearly review period began."""
    today = today or dt.date.today()
    return dt.date(today.year, 1 if today.month < 7 else 7, 1)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def markdown_text(text: str) -> str:
    """User text made inert for Streamlit's Markdown (st.success/st.error/st.caption): every
    ASCII punctuation mark a renderer could act on is backslash-escaped (CommonMark), so links,
    images, HTML, :colour[] directives and $math$ in a name or note show as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")
