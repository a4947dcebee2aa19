"""The app page's own style: a compact header so the map starts above the fold on a 1366×768
laptop, and Streamlit's English-only run indicator hidden. (The web font is the theme's:
.streamlit/config.toml [[theme.fontFaces]], static/fonts — see cymap.web.webfont.)"""
from __future__ import annotations

# Streamlit's page keeps 6rem above the title and a 2.75rem title: on a laptop the map began at
# 410 px. The header here ends the title, the counts and the tabs within about 300 px.
APP_CSS = """
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1.2rem; padding-bottom: 1rem; }
[data-testid="stSidebarUserContent"] { padding-top: 1rem; }
h1 { font-size: 1.55rem !important; padding: 0 0 .2rem 0 !important; }
[data-testid="stMetric"] { padding: 0; }
[data-testid="stMetricValue"] { font-size: 1.5rem; line-height: 1.2; }
[data-testid="stMetricLabel"] { min-height: 0; }
[data-testid="stCaptionContainer"] { margin-bottom: -.6rem; }
[data-testid="stStatusWidget"] { visibility: hidden; }
"""


def app_css() -> str:
    """The <style> block of the app page."""
    return "<style>" + APP_CSS + "</style>"
