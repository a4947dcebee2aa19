"""AppTest helpers shared by the app's tests."""
from __future__ import annotations

from cymap.views.i18n import t


def open_tab(at, key: str, lang: str = "zh"):
    """Select the app tab `key` (tab_map, tab_edit …): the app runs only the tab on screen (app.tab_bar).
    Before the first run the app reads `tab`; after it, the tab bar's own state says which is open."""
    at.session_state["tab"] = key
    if f"_tabs_{lang}" in at.session_state:
        at.session_state[f"_tabs_{lang}"] = t(key, lang)
    return at
