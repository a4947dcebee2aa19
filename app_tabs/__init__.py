"""The Streamlit app's tabs that live beside app.py (widgets and layout only, like app.py).

app.py lists every tab in TABS; a tab's function takes (projects, view, state). Shared widgets'
helpers (the language, the ledger store) are in app_tabs.common. Nothing under cymap/ imports
this package: the logic lives in cymap/.
"""
