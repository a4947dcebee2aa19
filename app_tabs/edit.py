"""The Edit tab (issue 6; accounts: issue 18): who may edit, then status with note, a new project,
an import, and the changes since a date — through the one store interface (cymap.ledger.stores).

Widgets and layout only; every write goes through the ledger store, every refusal is shown as
the store's sentence in the language (cymap.views.refusals), and user text shown through Streamlit's
Markdown stays text.
"""
from __future__ import annotations

import hashlib

import streamlit as st

from app_tabs.common import lang, ledger_store
from cymap import cli_text, shared
from cymap.geo.projects import Projects
from cymap.ledger import accounts, auth, importer, store
from cymap.ledger.schema import ACTIONS, CATEGORIES, STATUSES, TASK_ACTION
from cymap.views import appstate, edit_view, refusals, suggest, summary
from cymap.views.i18n import action_label, category_label, status_label, t

safe = edit_view.markdown_text  # user text shown through Streamlit's Markdown stays text


def account_gate(ledger, current: str):
    """The shared ledger (issue 18): log in with an account; the session ends after it is left
    unused (accounts.SESSION_MINUTES). Returns the account that may write, else None."""
    session = accounts.current_session(st.session_state.get("_session"))
    if session is None and st.session_state.pop("_session", None) is not None:
        st.info(accounts.login_text("expired", current))
    if session is not None:
        st.session_state["_session"] = session
        shown = edit_view.markdown_text(str(session.account))
        st.caption(accounts.login_text("logged_in", current).format(account=shown))
        st.button(accounts.login_text("logout", current), key="account_logout",
                  on_click=lambda: st.session_state.pop("_session", None))
        if not session.account.can_write:
            st.info(accounts.login_text("viewer", current))
            return None
        return session.account
    with st.form("account_login"):
        name = st.text_input(accounts.login_text("account", current), key="account_name")
        password = st.text_input(t("edit_password", current), type="password", key="account_password")
        if st.form_submit_button(t("edit_login", current)):
            try:
                account = ledger.accounts.login(name, password)  # wrong guesses: that name waits longer
            except accounts.LoginFailed as error:
                st.error(safe(refusals.store_error_text(error, current, ledger.location)))
            else:
                st.session_state["_session"] = accounts.Session.start(account)
                st.rerun()
    return None


def password_gate(current: str) -> bool:
    """The file ledger: editing is off unless a password is set; True once this session gave it."""
    if not auth.editing_enabled(st.secrets):
        st.info(auth.read_only_message(current, st.secrets))
        return False
    if st.session_state.get("_editor_ok"):
        return True
    with st.form("editor_login"):
        password = st.text_input(t("edit_password", current), type="password", key="editor_password")
        if st.form_submit_button(t("edit_login", current)):
            if auth.THROTTLE.attempt(password, st.secrets):  # each wrong guess waits longer
                st.session_state["_editor_ok"] = True
                st.rerun()
            st.error(t("edit_wrong_password", current))
    return False


def editor_name(current: str) -> str:
    """The file ledger's simple mode: the editor types a name, which the history records."""
    who = st.text_input(t("edit_who", current), key="editor_name").strip()
    if not who:
        st.caption(t("edit_who_needed", current))
    return who


def flash() -> None:
    """The message of the edit saved on the previous run (saved() reruns the app)."""
    for message in st.session_state.pop("_edit_flash", []):
        st.success(message)


def saved(message: str) -> None:
    st.session_state["_edit_flash"] = [message]
    st.rerun()


def refused(error: Exception, path, current: str, prefix: bool = True) -> None:
    """A refused or failed write as the store's sentence in the language (never a traceback)."""
    st.error((t("edit_refused", current) if prefix else "") + safe(refusals.store_error_text(error, current, path)))


def edit_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    """Edit the ledger (issue 6): password gate (file) or account login (shared ledger, issue 18),
    status with note, add, import, changes since — through the one store interface."""
    current = lang()
    ledger = ledger_store(shared.default_ledger())
    if ledger.uses_accounts:
        who = account_gate(ledger, current)
        if who is None:
            return
    elif not password_gate(current):
        return
    path = ledger.location
    flash()
    if not ledger.uses_accounts:
        who = editor_name(current)
    try:
        snap = ledger.snapshot()
    except (store.StoreError, OSError) as error:  # the ledger went away, or cannot be read: a sentence
        refused(error, path, current)
        return
    for number, why in ledger.damaged_history()[:5]:  # hand-edited history: skipped, and said so
        st.warning(safe(t("history_line_skipped", current, line=number, why=why)))
    ids = status_section(ledger, snap, who, current)
    add_section(ledger, ids, who, current)
    import_section(ledger, who, current)
    since_section(ledger, current)


def status_section(ledger, snap, who, current: str) -> list[str]:
    """Set one project's status with a note, refused when the row changed since this editor first
    saw it; the project's history below. Returns the ledger's ids (in order)."""
    path = ledger.location
    seen = st.session_state.setdefault("_edit_seen", {})  # row versions as this editor first saw them
    st.subheader(t("edit_status_header", current))
    names = dict(zip(snap.frame["id"], snap.frame.get("name_zh", snap.frame["id"])))
    ids = list(names)
    chosen = st.selectbox(t("edit_project", current), ids, key="edit_id",
                          index=(ids.index(st.session_state["selected_id"])
                                 if st.session_state.get("selected_id") in ids else 0),
                          format_func=lambda i: f"{i}  {names[i]}")
    if not chosen:
        return ids
    row = snap.frame[snap.frame["id"] == chosen].iloc[0]
    seen.setdefault(chosen, snap.version(chosen))
    st.caption(t("edit_current", current).format(status=safe(status_label(row.get("status", ""), current)),
                                                 updated=safe(row.get("updated", "")),
                                                 note=safe(row.get("note", ""))))
    with st.form("edit_status_form"):
        status = st.selectbox(t("edit_new_status", current), list(STATUSES), key="edit_status",
                              format_func=lambda s: status_label(s, current))
        note = st.text_area(t("edit_note", current), key="edit_note")
        if st.form_submit_button(t("edit_save", current)):
            try:
                result = ledger.update_status(chosen, status, note, who, expected_version=seen[chosen])
            except (store.StoreError, OSError) as error:
                refused(error, path, current)
            else:
                seen[chosen] = result.versions.get(chosen, seen[chosen])
                if result.changed:
                    saved(t("edit_saved", current).format(id=safe(chosen), changes=safe("; ".join(
                        f"{c.field}: {c.old} → {c.new}" for c in result.changes))))
                st.info(t("edit_no_change", current))
    if seen[chosen] != snap.version(chosen):
        st.button(t("edit_reload", current), on_click=lambda: seen.pop(chosen, None))
    accept_action(ledger, snap, row, who, current)  # issue 13: the action suggested from the category
    st.markdown(f"**{t('edit_project_history', current)}**")
    st.dataframe(edit_view.history_frame(ledger.history(chosen), current), hide_index=True)
    return ids


def accept_action(ledger, snap, row, who, current: str) -> None:
    """A row without a plan action: the action its category suggests, with the basis; accepting
    saves the action through the store (recorded in the history). An editor whose view of the row
    was current stays current (the row version they saw becomes the saved one)."""
    from cymap.views import review

    suggestion = suggest.for_row(row)
    if suggestion is None:
        return
    basis = suggest.basis_text(suggestion, current)
    st.caption(safe(basis))
    if suggestion.action is None:
        return
    if ledger.uses_accounts and not who.is_admin:  # saved as a one-row import: the shared ledger's admins only
        st.caption(t("review_admin_only", current))
        return
    label = action_label(suggestion.action, current)
    if st.button(t("suggest_accept", current, action=label), key="edit_accept_action"):
        try:
            result = review.save_fix(ledger, row["id"], {"action": str(suggestion.action)}, who,
                                     note=t("suggest_accept_note", current, basis=basis), expected={"action": ""})
        except (store.StoreError, OSError) as error:
            refused(error, ledger.location, current)
        else:
            seen = st.session_state.setdefault("_edit_seen", {})
            if seen.get(row["id"]) == snap.version(row["id"]):
                seen[row["id"]] = result.versions.get(row["id"], seen[row["id"]])
            saved(t("suggest_accepted", current, id=safe(row["id"]), action=label))


def new_project_fields(ids: list[str], current: str) -> dict[str, str]:
    """The new project's widgets; the id proposed is the next free one of the action and task."""
    left, right = st.columns(2)
    action = left.selectbox(t("action", current), list(ACTIONS), key="new_action",
                            format_func=lambda a: action_label(a, current))
    tasks = [task for task, owner in TASK_ACTION.items() if owner == action]
    task = right.selectbox(t("task", current), tasks, key="new_task")
    new = {"id": left.text_input(t("edit_id", current), value=edit_view.next_free_id(ids, action, task),
                                 key=f"new_id_{action}_{task}"),
           "name_zh": right.text_input(t("name", current), key="new_name_zh"),
           "name_en": left.text_input(t("edit_name_en", current), key="new_name_en"),
           "category": right.selectbox(t("category", current), list(CATEGORIES), key="new_category",
                                       format_func=lambda c: category_label(c, current)),
           "status": left.selectbox(t("status", current), list(STATUSES), key="new_status",
                                    format_func=lambda s: status_label(s, current)),
           "target_year": right.text_input(t("target_year", current), key="new_target_year"),
           "action": str(action), "task": str(task)}
    st.selectbox(t("edit_pick_place", current), edit_view.place_names(), index=None, key="new_place",
                 on_change=lambda: st.session_state.update(new_location=edit_view.append_place(
                     st.session_state.get("new_location", ""), st.session_state["new_place"] or "")))
    new["location"] = st.text_input(t("location", current), key="new_location")
    new["target"] = st.text_input(t("target", current), key="new_target")
    new["source"] = st.text_area(t("source", current), key="new_source")
    return new


def add_section(ledger, ids: list[str], who, current: str) -> None:
    """Add a project (validated by the store; its id must be new), with a preview of its places."""
    st.subheader(t("edit_add_header", current))
    new = new_project_fields(ids, current)
    if new["location"]:
        st.markdown(f"**{t('edit_location_preview', current)}**")
        st.dataframe(edit_view.location_preview(new["location"], current), hide_index=True)
    add_note = st.text_input(t("note", current), key="new_note")
    if st.button(t("edit_add", current), key="new_add"):
        try:
            ledger.add_project({**new, "note": add_note}, who, note=add_note)
        except (store.StoreError, OSError) as error:
            refused(error, ledger.location, current)
        else:
            saved(t("edit_added_project", current).format(id=safe(new["id"])))


def import_section(ledger, who, current: str) -> None:
    """Upload a ledger: the preview shown (added, changed, removed, problems) is the one applied."""
    path = ledger.location
    st.subheader(t("edit_import_header", current))
    upload = st.file_uploader(t("edit_upload", current).format(mb=importer.MAX_UPLOAD_BYTES // 2**20),
                              type=["csv", "xlsx"], key="edit_upload")
    if upload is None:
        return
    previews = st.session_state.setdefault("_import_previews", {})  # the preview shown is the one applied
    key = hashlib.sha256(upload.getvalue()).hexdigest()
    try:
        preview = previews.get(key) or ledger.preview_import(upload.getvalue(), upload.name)
    except (store.StoreError, OSError) as error:
        refused(error, path, current, prefix=False)
        return
    previews[key] = preview
    st.text(cli_text.import_summary(preview, current))  # in the language (issue 15)
    if preview.problems:
        st.error(t("edit_import_problems", current))
        problems = summary.problems_table(preview.read, current)  # in the language, headers too (issue 15)
        st.dataframe(problems.rename(columns=summary.column_labels(current)), hide_index=True)
    for label, frame in (("edit_added", preview.added[["id", "name_zh", "location", "status"]]),
                         ("edit_changed", preview.changed_frame()),
                         ("edit_removed", preview.removed[["id", "name_zh"]])):
        if len(frame):
            st.markdown(f"**{t(label, current)}**")
            st.dataframe(frame, hide_index=True)
    keep = st.checkbox(t("edit_keep_removed", current), key="edit_keep_removed")
    if preview.can_apply and st.button(t("edit_apply", current), key="edit_apply"):
        try:
            result = ledger.apply_import(preview, who, keep_removed=keep)
        except (store.StoreError, OSError) as error:
            previews.pop(key, None)
            refused(error, path, current)
        else:
            previews.pop(key, None)
            saved(t("edit_applied", current).format(count=len(result.changes)))


def since_section(ledger, current: str) -> None:
    """Every change since a date (the half year's start by default)."""
    st.subheader(t("edit_since_header", current))
    since = st.date_input(t("edit_since", current), value=edit_view.half_year_start(), key="edit_since")
    changes = ledger.changes_since(since)
    st.caption(t("edit_since_count", current).format(count=len(changes)))
    st.dataframe(edit_view.history_frame(changes, current), hide_index=True)
