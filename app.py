"""cymap — Streamlit front end: widgets and layout only; the logic lives in cymap/.

Run: `streamlit run app.py` (reads projects.csv, or the ledger named by CYMAP_LEDGER).
Widget keys are the URL query parameter names (cymap.views.appstate), so a link reproduces a view.
A tab is one entry in TABS plus one function: add yours there.
"""
from __future__ import annotations

import hashlib
import os

import streamlit as st
from streamlit_folium import st_folium

from cymap.views import appstate, summary

from cymap.geo import geodata

from cymap.web import basemaps, builder, popup
from cymap.ledger import auth, importer, store  # the Edit tab (issue 6)
from cymap import shared  # the ledger store a name means: file or postgresql:// (issue 18)
from cymap.ledger import accounts  # the shared ledger's logins (issue 18)
from cymap.views import edit_view
from cymap.print import formats, offline_html  # the Export tab (issue 5)
from cymap.print.lists import neutralise  # every download: formula cells made inert
from cymap.views import maptext
from cymap.views import asof  # statuses as of (issue 14)
from cymap.views import investment, late, targets  # issue 17: sums, 滞后, the plan's targets
from cymap.print import late_list
from cymap.views.filters import FilterError, apply_filters, selected_districts
from cymap.views import districts_chart  # the Districts tab (issue 15)
from cymap.web import app_style
from cymap.views.i18n import (action_label, category_label, district_label, join_names, language_name,
                              located_by_label, region_label, status_label, t)
from cymap.geo.projects import Projects, default_ledger_path, load_projects
from cymap.ledger.schema import ACTIONS, CATEGORIES, STATUSES
from cymap.ledger.schema import TASK_ACTION

MAP_KEY = "project_map"
MAP_HEIGHT = 620  # px: with the compact header (web.app_style) the map starts high on a 1366×768 laptop
# Leaflet is served by Streamlit's static serving (.streamlit/config.toml) from static/leaflet,
# relative to the map component's iframe (/component/<name>/index.html), so maps draw offline.
LEAFLET_URL = "../../app/static/leaflet"


# --- data -------------------------------------------------------------------------------------

@st.cache_resource(max_entries=4, show_spinner=False)
def _load(digest: str, _data: bytes, filename: str) -> Projects:
    """Read, validate and geocode once per distinct ledger content (the digest is the key;
    the bytes are not hashed again and the GeoDataFrame is never hashed)."""
    return load_projects(_data, filename)


@st.cache_resource(show_spinner=False)
def ledger_store(ledger: str):
    """One store per ledger name and process (for the database: one connection pool)."""
    return shared.open_ledger_store(ledger)


def load_shared(ledger) -> tuple[Projects, str]:
    """The shared ledger (issue 18): read from the database, geocoded once per revision."""
    try:
        data = ledger.ledger_bytes()
    except Exception as error:  # the database is unreachable (psycopg.Error, StoreError): a sentence
        st.error(t("ledger_missing", lang()).format(path=ledger.location, error=error))
        st.stop()
    with st.spinner(t("loading", lang())):
        return _load(hashlib.sha256(data).hexdigest(), data, ledger.filename), ledger.location


def load() -> tuple[Projects, str]:
    ledger = ledger_store(shared.default_ledger())
    if ledger.uses_accounts:
        return load_shared(ledger)
    path = default_ledger_path()
    try:
        data = path.read_bytes()
    except OSError as error:
        st.error(t("ledger_missing", lang()).format(path=path.name, error=error.strerror or error))  # no server path
        st.stop()
    with st.spinner(t("loading", lang())):
        return _load(hashlib.sha256(data).hexdigest(), data, path.name), str(path)


def secret(name: str) -> str | None:
    """A key from .streamlit/secrets.toml, else the environment variable of the same name."""
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning None
        value = None
    return value or os.environ.get(name) or None


def tianditu_key() -> str | None:
    return secret("TIANDITU_KEY")


def lang() -> str:
    return st.session_state.get("lang", "zh")


# --- URL <-> widgets ----------------------------------------------------------------------------

def url_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in appstate.PARAMS if name in st.query_params}


def state_from_url_once() -> None:
    """On a session's first run the link sets the widgets; afterwards the widgets set the link."""
    if st.session_state.get("_url_read"):
        return
    state = appstate.state_from_params(url_params())
    st.session_state.update(state.widget_values())
    st.session_state["_url_ignored"] = state.ignored
    st.session_state["target"] = targets.known_target(st.query_params.get("target"))  # the Targets tab's link
    st.session_state["_url_read"] = True


def write_url(state: appstate.ViewState) -> None:
    params = appstate.params_from_state(state)
    linked = appstate.normalise_params(url_params())
    for values, target in ((params, st.session_state.get("target")), (linked, st.query_params.get("target"))):
        if target:
            values["target"] = target  # the Targets tab's choice travels in the link too (issue 17)
    if linked != params:
        st.query_params.from_dict(params)


def select_project(project_id: str | None) -> None:
    if project_id:
        st.session_state["selected_id"] = project_id


def on_map_click() -> None:
    value = st.session_state.get(MAP_KEY) or {}
    select_project(popup.project_id_from_tooltip(value.get("last_object_clicked_tooltip")))


def on_table_select() -> None:
    rows = st.session_state["table_selection"].selection.rows
    ids = st.session_state.get("_table_ids", [])
    if rows and rows[0] < len(ids):
        select_project(ids[rows[0]])


def on_district_select() -> None:
    rows = st.session_state["district_selection"].selection.rows
    names = st.session_state.get("_district_names", [])
    if rows and rows[0] < len(names):
        st.session_state["district"] = [names[rows[0]]]  # click-through: filter to that district


# --- sidebar ----------------------------------------------------------------------------------

def _keep_options(key: str, options: list) -> list:
    """Options plus any selected values a link brought in that the list lacks (so the widget
    shows them instead of failing); the filter still decides what they match."""
    return options + [v for v in st.session_state.get(key, []) if v not in options]


def sidebar(projects: Projects) -> appstate.ViewState:
    with st.sidebar:
        st.radio(t("language", lang()), ["zh", "en"], key="lang", horizontal=True,
                 format_func=language_name)
        current = lang()
        st.radio(t("division", current), list(geodata.DIVISIONS), key="division",
                 format_func=lambda d: t(f"division_{d}", current))
        division = st.session_state["division"]
        st.header(t("filters", current))
        st.multiselect(t("region", current), _keep_options("region", list(appstate.REGION_OPTIONS)), key="region",
                       select_all=False,
                       format_func=lambda r: region_label(r, current), placeholder=t("all", current))
        names = geodata.districts(division)["name_zh"].tolist()
        st.multiselect(t("district", current), _keep_options("district", names), key="district", select_all=False,
                       format_func=lambda n: district_label(n, current), placeholder=t("all", current))
        st.multiselect(t("action", current), list(ACTIONS), key="action", select_all=False,
                       format_func=lambda a: action_label(a, current), placeholder=t("all", current))
        st.multiselect(t("status", current), list(STATUSES), key="status", select_all=False,
                       format_func=lambda s: status_label(s, current), placeholder=t("all", current))
        st.multiselect(t("category", current), list(CATEGORIES), key="category", select_all=False,
                       format_func=lambda c: category_label(c, current), placeholder=t("all", current))
        years = sorted(int(y) for y in projects.geocoded["target_year"].dropna().unique())
        st.multiselect(t("target_year", current), _keep_options("year", years), key="year", select_all=False,
                       placeholder=t("all", current))
        st.text_input(t("search", current), key="q")
        st.button(t("clear_filters", current), on_click=clear_filters)
        st.header(t("map_options", current))
        st.selectbox(t("basemap", current), list(appstate.BASEMAP_KEYS), key="basemap",
                     format_func=lambda b: basemaps.basemap_label(b, current))
        if basemaps.BASEMAPS[st.session_state["basemap"]].needs_key and not tianditu_key():
            st.info(t("tianditu_no_key", current))
        if st.session_state["basemap"] == "gaode":
            st.caption(t("gaode_shift_note", current))
        st.toggle(t("choropleth", current), key="choropleth")
    return appstate.state_from_widgets(st.session_state)


def clear_filters() -> None:
    for key in ("district", "region", "action", "status", "category", "year"):
        st.session_state[key] = []
    st.session_state["q"] = ""


# --- main area --------------------------------------------------------------------------------

def metrics(view, total: int) -> None:
    current = lang()
    counts = summary.status_counts(view)
    columns = st.columns([1.3] + [1] * len(counts))
    columns[0].metric(t("projects_in_view", current), len(view), help=t("of_total", current).format(total=total))
    for column, (status, count) in zip(columns[1:], counts.items()):
        column.metric(status_label(status, current), count)


def detail_panel(projects: Projects, state: appstate.ViewState) -> None:
    current = lang()
    project_id = st.session_state.get("selected_id")
    found = projects.geocoded[projects.geocoded["id"] == project_id]
    if found.empty:
        st.caption(t("click_for_detail", current))
        return
    row = found.iloc[0]
    # Names are user text: shown through Markdown, so made inert (no links, images, :colour[]).
    st.subheader(edit_view.markdown_text(row["name_zh"]))
    if row["name_en"]:
        st.caption(edit_view.markdown_text(row["name_en"]))
    st.markdown(popup.status_badge_html(row["status"], current) + f" <code>{row['id']}</code>",
                unsafe_allow_html=True)
    st.markdown(summary.detail_html(summary.detail_fields(row, current, state.division)), unsafe_allow_html=True)
    st.markdown(asof.detail_markdown(row, current))  # status date and evidence link (issue 14)
    if row.get("located_from") == "name":  # issue 13: no location, placed from the project name
        st.caption(located_by_label("name", current))


def map_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    current = lang()
    basemap = basemaps.effective_basemap(state.basemap, tianditu_key())
    options = builder.MapOptions(lang=current, basemap=basemap, division=state.division,
                                 choropleth=bool(st.session_state.get("choropleth")), tianditu_key=tianditu_key(),
                                 carto_key=secret("CARTO_API_KEY"),
                                 leaflet_base_url=LEAFLET_URL if st.get_option("server.enableStaticServing") else None,
                                 focus=tuple(selected_districts(state.filter_spec()) or ()) or None, height=MAP_HEIGHT)
    left, right = st.columns([4, 1])
    with left:
        # Only clicks rerun the app (returned_objects); the stable key keeps the component, so a
        # click-triggered rerun leaves zoom and centre where the user put them. render=False:
        # st_folium renders the map itself once more, a second full render would double the cost.
        st_folium(builder.build_map(view, options), key=MAP_KEY, height=options.height, use_container_width=True,
                  returned_objects=["last_object_clicked_tooltip"], on_change=on_map_click, render=False)
        st.caption(geodata.division_note(state.division, current) + " " + t("disclaimer", current))
        municipal = view[view["precision"] == "municipal"]
        unresolved = view[view["precision"] == "unresolved"]
        if len(municipal) or len(unresolved):
            st.caption(t("not_drawn", current).format(municipal=len(municipal), unresolved=len(unresolved)))
    with right:
        detail_panel(projects, state)


def table_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    current = lang()
    table = summary.table_frame(view, current, state.division)
    st.session_state["_table_ids"] = view["id"].tolist()
    st.dataframe(table, key="table_selection", on_select=on_table_select, selection_mode="single-row",
                 hide_index=True, width="stretch")
    # Neutralised like every download (the Export tab's function): no cell runs as a formula.
    st.download_button(t("download_csv", current), table.map(neutralise).to_csv(index=False).encode("utf-8-sig"),
                       file_name="cymap-projects.csv", mime="text/csv")
    detail_panel(projects, state)


def districts_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    current = lang()
    spec = state.filter_spec()
    table = districts_chart.district_table(view, spec)  # only the districts within the filter
    st.session_state["_district_names"] = table.index.tolist()
    shown = districts_chart.shown_table(table, current)
    if selected_districts(spec) is not None:
        st.caption(t("districts_scope_note", current).format(
            districts=join_names([district_label(n, current) for n in table.index], current)))
    st.altair_chart(districts_chart.chart(table, current), width="stretch",
                    height=districts_chart.chart_height(table))
    st.caption(t("districts_click_hint", current))
    st.dataframe(shown, key="district_selection", on_select=on_district_select, selection_mode="single-row",
                 width="stretch")
    st.caption(t("districts_count_note", current))
    st.subheader(t("inv_header", current))  # counts and investment (issue 17)
    if not investment.has_amounts(view):
        st.caption(t("inv_none", current))
    for kind, table in investment.tables(view, state.filter_spec()):
        st.markdown(f"**{t(f'inv_by_{kind}', current)}**")
        st.dataframe(investment.display_table(table, kind, current), hide_index=True, width="stretch")
    st.caption(investment.note(current))


def table_or_none(frame) -> None:
    if len(frame):
        st.dataframe(frame.rename(columns=summary.column_labels(lang())), hide_index=True, width="stretch")
    else:
        st.caption(t("none", lang()))


def quality_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    current = lang()
    rec = summary.reconcile(projects.read, projects.geocoded)
    columns = st.columns(6)
    for column, (key, value) in zip(columns, [("rows_in_file", rec.rows_in_file), ("rows_invalid", rec.rows_invalid),
                                              ("rows_drawn", rec.rows_drawn), ("rows_municipal", rec.rows_municipal),
                                              ("rows_unresolved", rec.rows_unresolved),
                                              ("rows_valid", rec.rows_valid)]):
        column.metric(t(key, current), value)
    (st.success if rec.balanced else st.error)(t("reconcile_ok" if rec.balanced else "reconcile_bad", current).format(
        **rec.__dict__))
    st.subheader(t("validation_problems", current))
    table_or_none(summary.problems_table(projects.read))
    st.subheader(t("unresolved_names", current))
    table_or_none(summary.unresolved_names(projects.geocoded))
    st.subheader(t("ambiguous_split_rows", current))
    st.caption(t("ambiguous_split_note", current))
    table_or_none(summary.table_frame(summary.ambiguous_split_rows(projects.geocoded), current, state.division))
    st.subheader(t("low_precision_rows", current))
    low = summary.table_frame(summary.low_precision_rows(projects.geocoded), current, state.division)
    st.dataframe(low, hide_index=True, width="stretch")


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
                st.error(edit_view.markdown_text(str(error)))
            else:
                st.session_state["_session"] = accounts.Session.start(account)
                st.rerun()
    return None


def edit_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    """Edit the ledger (issue 6): password gate (file) or account login (shared ledger, issue 18),
    status with note, add, import, changes since — through the one store interface."""
    current = lang()
    ledger = ledger_store(shared.default_ledger())
    who = account_gate(ledger, current) if ledger.uses_accounts else None
    if ledger.uses_accounts and who is None:
        return
    if not ledger.uses_accounts and not auth.editing_enabled(st.secrets):
        st.info(auth.read_only_message(current, st.secrets))
        return
    if not ledger.uses_accounts and not st.session_state.get("_editor_ok"):
        with st.form("editor_login"):
            password = st.text_input(t("edit_password", current), type="password", key="editor_password")
            if st.form_submit_button(t("edit_login", current)):
                if auth.THROTTLE.attempt(password, st.secrets):  # each wrong guess waits longer
                    st.session_state["_editor_ok"] = True
                    st.rerun()
                st.error(t("edit_wrong_password", current))
        return
    path = ledger.location
    for message in st.session_state.pop("_edit_flash", []):
        st.success(message)
    if who is None:  # the file ledger's simple mode: the editor types a name
        who = st.text_input(t("edit_who", current), key="editor_name").strip()
        if not who:
            st.caption(t("edit_who_needed", current))
    safe = edit_view.markdown_text  # user text shown through Streamlit's Markdown stays text
    try:
        snap = ledger.snapshot()
    except (store.StoreError, OSError) as error:  # the ledger went away, or cannot be read: a sentence
        st.error(t("edit_refused", current) + safe(store.user_message(error, path)))
        return
    for number, why in ledger.damaged_history()[:5]:  # hand-edited history: skipped, and said so
        st.warning(safe(t("history_line_skipped", current, line=number, why=why)))
    seen = st.session_state.setdefault("_edit_seen", {})  # row versions as this editor first saw them

    def saved(message: str) -> None:
        st.session_state["_edit_flash"] = [message]
        st.rerun()

    st.subheader(t("edit_status_header", current))
    names = dict(zip(snap.frame["id"], snap.frame.get("name_zh", snap.frame["id"])))
    ids = list(names)
    chosen = st.selectbox(t("edit_project", current), ids, key="edit_id",
                          index=(ids.index(st.session_state["selected_id"])
                                 if st.session_state.get("selected_id") in ids else 0),
                          format_func=lambda i: f"{i}  {names[i]}")
    if chosen:
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
                    st.error(t("edit_refused", current) + safe(store.user_message(error, path)))
                else:
                    seen[chosen] = result.versions.get(chosen, seen[chosen])
                    if result.changed:
                        saved(t("edit_saved", current).format(id=safe(chosen), changes=safe("; ".join(
                            f"{c.field}: {c.old} → {c.new}" for c in result.changes))))
                    st.info(t("edit_no_change", current))
        if seen[chosen] != snap.version(chosen):
            st.button(t("edit_reload", current), on_click=lambda: seen.pop(chosen, None))
        st.markdown(f"**{t('edit_project_history', current)}**")
        st.dataframe(edit_view.history_frame(ledger.history(chosen), current), hide_index=True)

    st.subheader(t("edit_add_header", current))
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
    if new["location"]:
        st.markdown(f"**{t('edit_location_preview', current)}**")
        st.dataframe(edit_view.location_preview(new["location"], current), hide_index=True)
    add_note = st.text_input(t("note", current), key="new_note")
    if st.button(t("edit_add", current), key="new_add"):
        try:
            ledger.add_project({**new, "note": add_note}, who, note=add_note)
        except (store.StoreError, OSError) as error:
            st.error(t("edit_refused", current) + safe(store.user_message(error, path)))
        else:
            saved(t("edit_added_project", current).format(id=safe(new["id"])))

    st.subheader(t("edit_import_header", current))
    upload = st.file_uploader(t("edit_upload", current).format(mb=importer.MAX_UPLOAD_BYTES // 2**20),
                              type=["csv", "xlsx"], key="edit_upload")
    if upload is not None:
        previews = st.session_state.setdefault("_import_previews", {})  # the preview shown is the one applied
        key = hashlib.sha256(upload.getvalue()).hexdigest()
        try:
            preview = previews.get(key) or ledger.preview_import(upload.getvalue(), upload.name)
        except (store.StoreError, OSError) as error:
            st.error(safe(store.user_message(error, path)))
        else:
            previews[key] = preview
            st.text(preview.summary())
            if preview.problems:
                st.error(t("edit_import_problems", current))
                st.dataframe(summary.problems_table(preview.read), hide_index=True)
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
                    st.error(t("edit_refused", current) + safe(store.user_message(error, path)))
                else:
                    previews.pop(key, None)
                    saved(t("edit_applied", current).format(count=len(result.changes)))

    st.subheader(t("edit_since_header", current))
    since = st.date_input(t("edit_since", current), value=edit_view.half_year_start(), key="edit_since")
    changes = ledger.changes_since(since)
    st.caption(t("edit_since_count", current).format(count=len(changes)))
    st.dataframe(edit_view.history_frame(changes, current), hide_index=True)


def export_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    """Meeting exports (issue 5) of exactly the view on screen: the same rows and the same FilterSpec
    (division included). A file is rendered only on the button press (a 300 dpi page takes about a
    second, the pack tens of seconds) and offered only while its key matches the view and options."""
    current = lang()
    spec = state.filter_spec()
    st.caption(t("export_intro", current))
    fmt = st.selectbox(t("export_format", current), formats.FORMATS, key="export_format",
                       format_func=lambda f: t(f"export_format_{f}", current))
    used = formats.OPTIONS_USED[fmt]
    paper_column, orientation_column, dpi_column, lang_column = st.columns(4)
    paper = paper_column.selectbox(t("export_paper", current), formats.PAPERS, key="export_paper",
                                   disabled="paper" not in used)
    orientation = orientation_column.selectbox(t("export_orientation", current), formats.ORIENTATIONS,
                                               key="export_orientation", disabled="orientation" not in used,
                                               format_func=lambda o: t(f"export_{o}", current))
    dpi = dpi_column.selectbox(t("export_dpi", current), formats.DPIS, index=formats.DPIS.index(300),
                               key="export_dpi", disabled="dpi" not in used)
    # Keyed by the app's language, so the export language follows a switch of the app's.
    export_lang = lang_column.selectbox(t("export_language", current), ["zh", "en"], index=["zh", "en"].index(current),
                                        key=f"export_lang_{current}",
                                        format_func=language_name)
    basemap = basemaps.effective_basemap(state.basemap, None)  # a shared file never carries the Tianditu key
    if fmt == "html":
        st.caption(t("export_html_basemap", current).format(basemap=basemaps.basemap_label(basemap, current)))
    options = formats.ExportOptions(fmt=fmt, paper=paper, orientation=orientation, dpi=int(dpi),
                                         lang=export_lang, basemap=basemap)
    date = maptext.today()
    title, subtitle = maptext.title_for(spec, export_lang, state.division)
    st.markdown(f"**{t('export_title_preview', current)}** {edit_view.markdown_text(title)}")
    st.caption(edit_view.markdown_text(subtitle))
    st.caption(t("export_rows", current).format(count=len(view)))

    key = formats.export_key(view, spec, options, date)
    result = st.session_state.get("_export_result")
    if result is not None and result.key != key:
        del st.session_state["_export_result"]  # made for another view or other options: never offered
        result = None
    if st.button(t("export_generate", current), key="export_generate", type="primary"):
        bar = st.progress(0.0, text=t("export_working", current)) if fmt == formats.PACK else None

        def progress(done: int, total: int) -> None:
            bar.progress(done / total, text=t("export_pack_progress", current).format(done=done, total=total))

        try:
            with st.spinner(t("export_working", current)):
                result = formats.generate(view, spec, options, date, progress=progress if bar else None)
        except (offline_html.OfflineAssetMissing, ValueError) as error:
            st.error(t("export_failed", current) + edit_view.markdown_text(error))
        else:
            st.session_state["_export_result"] = result
    if result is not None:
        st.success(t("export_ready", current).format(name=edit_view.markdown_text(result.file_name),
                                                     size=formats.size_text(len(result.data)), count=result.rows))
        st.download_button(t("export_download", current).format(name=edit_view.markdown_text(result.file_name)),
                           result.data,
                           file_name=result.file_name, mime=result.mime, key="export_download", on_click="ignore",
                           type="primary")
    st.caption(t("export_stale_note", current))


def late_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    """滞后 derived from the planned dates (issue 17): by lead unit and district, with the reason."""
    current = lang()
    report = late.late_rows(view, None, state.division)
    st.caption(t("late_intro", current, today=report.today.isoformat()))
    st.markdown(f"**{edit_view.markdown_text(late.format_report(report, current)[0])}**")
    if len(report.rows):
        st.dataframe(late.list_frame(report, current), hide_index=True, width="stretch")
        left, right = st.columns(2)
        left.download_button(t("late_download_csv", current), late_list.render(report, "csv", current),
                             file_name="cymap-late.csv", mime="text/csv", key="late_csv")
        right.download_button(t("late_download_xlsx", current), late_list.render(report, "xlsx", current),
                              file_name="cymap-late.xlsx", key="late_xlsx",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def targets_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    """The plan's 2027 targets (issue 17): progress chart, table, and a target's projects on the map."""
    current = lang()
    frame = targets.for_actions(targets.load(), state.filter_spec().actions)
    ids = projects.geocoded["id"]
    st.caption(t("tg_intro", current, **targets.counts(frame, ids)))
    st.markdown(f"**{t('tg_chart_title', current)}**")
    st.altair_chart(targets.bullet_chart(frame, current), use_container_width=True)
    only = st.toggle(t("tg_only_latest", current), key="targets_only_latest")
    table = targets.display_table(frame[frame["latest"] != ""] if only else frame, ids, current)
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        t("tg_col_progress", current): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%"),
        t("tg_col_url", current): st.column_config.LinkColumn()})
    names = dict(zip(frame["target_id"], [targets.indicator(r, current) for r in frame.to_dict("records")]))
    st.selectbox(t("tg_choose", current), ["", *names], key="target",
                 format_func=lambda i: f"{i}  {names.get(i, i)}" if i else t("tg_choose_none", current))
    chosen = frame[frame["target_id"] == st.session_state.get("target")]
    if len(chosen):
        record = chosen.iloc[0]
        st.button(t("tg_clear", current), on_click=lambda: st.session_state.update(target=""), key="target_clear")
        st.markdown(f"**{t('tg_clause', current)}** {edit_view.markdown_text(record['clause'].replace('**', ''))}")
        figures = f"{targets.path_text(record, current)} · {targets.source_text(record, current)}"
        st.caption(edit_view.markdown_text(figures))
        linked = projects.geocoded[projects.geocoded["id"].isin(record["ids"])]
        st.markdown(f"**{t('tg_linked', current)}**")
        if len(linked):
            st.dataframe(summary.table_frame(linked, current, state.division), hide_index=True, width="stretch")
        else:
            st.caption(t("tg_no_linked", current))


# Tabs in order: (label key in cymap.views.i18n.TEXT, function(projects, view, state)).
def review_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    """定位核对 (issue 13): rows by how they were located, suggestions, fixes as a ledger to import."""
    from cymap.views import review

    current = lang()
    st.dataframe(review.counts(projects.geocoded, current), hide_index=True)
    only = st.multiselect(t("tab_review", current), list(review.LOCATED_BY), default=list(review.NEEDS_REVIEW),
                          format_func=lambda k: located_by_label(k, current), key="review_only")
    st.dataframe(review.review_table(projects.geocoded, current, tuple(only)), hide_index=True, width="stretch")
    ids = projects.geocoded.loc[projects.geocoded["located_by"].isin(only), "id"].tolist()
    chosen = st.selectbox(review.header("id", current), ids, key="review_id") if ids else None
    if chosen is not None:
        row = projects.geocoded.set_index("id").loc[chosen].to_dict() | {"id": chosen}
        st.markdown(edit_view.markdown_text(review.suggestions_text(row, current)))  # place names: text
        st.caption(review.save_note(current))


TABS = [("tab_map", map_tab), ("tab_table", table_tab), ("tab_districts", districts_tab), ("tab_quality", quality_tab),
        ("tab_review", review_tab), ("tab_edit", edit_tab), ("tab_export", export_tab),
        ("tab_late", late_tab), ("tab_targets", targets_tab)]


def main() -> None:
    page_lang = st.session_state.get("lang") or st.query_params.get("lang", "zh")
    st.set_page_config(page_title=t("page_title", page_lang if page_lang in ("zh", "en") else "zh"),
                       page_icon="static/favicon.png", layout="wide")
    st.markdown(app_style.app_css(), unsafe_allow_html=True)
    state_from_url_once()
    projects, _ = load()
    state = sidebar(projects)
    write_url(state)
    current = state.lang
    st.title(t("app_title", current))
    ignored = st.session_state.get("_url_ignored", [])
    if ignored:  # at the top, where they are seen; link text shown as text, never Markdown
        st.warning(t("link_problems", current) + "  \n" + "  \n".join(t("url_value_ignored", current).format(
            name=edit_view.markdown_text(name), value=edit_view.markdown_text(value)) for name, value in ignored))
    try:
        view = apply_filters(projects.geocoded, state.filter_spec())
    except FilterError as error:
        st.error(edit_view.markdown_text(error))  # names values from the link: text, not Markdown
        view = projects.geocoded.iloc[0:0]
    if st.session_state.get("target"):  # the Targets tab's choice narrows every tab (issue 17)
        view = targets.restrict(view, st.session_state["target"])
        st.info(t("tg_map_note", current, target=st.session_state["target"], count=len(view)))
    metrics(view, len(projects.geocoded))
    st.caption(asof.headline(projects.geocoded, current))  # 状态截至 … (issue 14)
    st.caption(t("ledger_caption", current, rows=projects.read.total_rows, problems=len(projects.problems))
               + " · " + t(f"division_{state.division}", current))
    for tab, (_, render) in zip(st.tabs([t(key, current) for key, _ in TABS]), TABS):
        with tab:
            render(projects, view, state)


main()
