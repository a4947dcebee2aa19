"""What the app's tabs share: the interface language and the one store per ledger name."""
from __future__ import annotations

import streamlit as st

from cymap import shared  # the ledger store a name means: file or postgresql:// (issue 18)


def lang() -> str:
    return st.session_state.get("lang", "zh")


@st.cache_resource(show_spinner=False)
def ledger_store(ledger: str):
    """One store per ledger name and process (for the database: one connection pool)."""
    return shared.open_ledger_store(ledger)
