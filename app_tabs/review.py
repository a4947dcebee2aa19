"""The 定位核对 tab (issue 13): rows by how they were located, the suggestions for each, and a fix —
a suggested place or a typed coordinate — saved in the ledger through the store, with history.

Widgets and layout only; the checks and the save are cymap.views.review's.
"""
from __future__ import annotations

import streamlit as st

from app_tabs.common import lang, ledger_store
from cymap import shared
from cymap.geo.projects import Projects
from cymap.ledger import accounts, auth, store
from cymap.views import appstate, edit_view, refusals
from cymap.views.i18n import located_by_label, t


def review_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    """定位核对 (issue 13): rows by how they were located, suggestions, and a fix saved in the ledger."""
    from cymap.views import review

    current = lang()
    for message in st.session_state.pop("_review_flash", []):
        st.success(message)
    st.dataframe(review.counts(projects.geocoded, current), hide_index=True)
    only = st.multiselect(t("tab_review", current), list(review.LOCATED_BY), default=list(review.NEEDS_REVIEW),
                          format_func=lambda k: located_by_label(k, current), key="review_only")
    st.dataframe(review.review_table(projects.geocoded, current, tuple(only)), hide_index=True, width="stretch")
    ids = projects.geocoded.loc[projects.geocoded["located_by"].isin(only), "id"].tolist()
    chosen = st.selectbox(review.header("id", current), ids, key="review_id") if ids else None
    if chosen is not None:
        row = projects.geocoded.set_index("id").loc[chosen].to_dict() | {"id": chosen}
        st.markdown(edit_view.markdown_text(review.suggestions_text(row, current)))  # place names: text
        st.caption(t("review_save_note", current))
        review_fix(row, review.suggestions(row), current)


def fix_editor(ledger) -> tuple[object | None, str]:
    """Who may save a fix (a one-row import): the name typed on the Edit tab after the password
    (file ledger), or the logged-in admin account (shared ledger: imports need an admin); else
    (None, the i18n key saying why not)."""
    if ledger.uses_accounts:
        session = accounts.current_session(st.session_state.get("_session"))
        if session is None or not session.account.can_write:
            return None, "review_login_needed"
        return (session.account, "") if session.account.is_admin else (None, "review_admin_only")
    if not auth.editing_enabled(st.secrets) or not st.session_state.get("_editor_ok"):
        return None, "review_login_needed"
    name = str(st.session_state.get("editor_name") or "").strip()
    return (name, "") if name else (None, "review_login_needed")


def review_fix(row: dict, found: list[str], current: str) -> None:
    """Pick the right place from the suggestions, or type a coordinate; saved through the store."""
    from cymap.views import review

    safe = edit_view.markdown_text
    project_id = row["id"]
    pick = st.selectbox(t("review_pick", current), found, index=None, key=f"review_pick_{project_id}",
                        placeholder=t("review_pick" if found else "review_no_suggestions", current))
    if pick:
        st.dataframe(edit_view.location_preview(pick, current), hide_index=True)
    st.markdown(f"**{t('review_coord_header', current)}**")
    left, right = st.columns(2)
    lon = left.text_input(t("review_lon", current), key=f"review_lon_{project_id}")
    lat = right.text_input(t("review_lat", current), key=f"review_lat_{project_id}")
    gcj02 = st.checkbox(t("review_gcj02", current), key=f"review_gcj02_{project_id}")
    ledger = ledger_store(shared.default_ledger())
    who, why = fix_editor(ledger)
    if who is None:
        st.caption(t(why, current))
    save_place = st.button(t("review_save_pick", current), key="review_save_pick", disabled=who is None or not pick)
    save_coordinate = st.button(t("review_save_coord", current), key="review_save_coord", disabled=who is None)
    if not (save_place or save_coordinate):
        return
    try:
        fix = review.location_fix(pick) if save_place else review.coordinate_fix(lon, lat, gcj02)
        review.save_fix(ledger, project_id, fix, who, note=t("review_fix_note", current),
                        expected=review.as_loaded(row))
    except review.FixRefused as error:
        st.error(t("review_coord_refused", current, value=safe(error.value),
                   why=t(f"review_coord_{error.reason}", current)))
    except (store.StoreError, OSError) as error:
        st.error(t("edit_refused", current) + safe(refusals.store_error_text(error, current, ledger.location)))
    else:
        st.session_state["_review_flash"] = [
            t("review_saved_place", current, id=safe(project_id), place=safe(fix["location"])) if save_place
            else t("review_saved_coord", current, id=safe(project_id), lon=safe(fix["lon"]), lat=safe(fix["lat"]))]
        st.rerun()
