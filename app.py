"""cymap — Streamlit front end: widgets and layout only; the logic lives in cymap/.

Run: `streamlit run app.py` (reads projects.csv, or the ledger named by CYMAP_LEDGER).
Widget keys are the URL query parameter names (cymap.views.appstate), so a link reproduces a view.
A tab is one entry in TABS plus one function: here, or a module of app_tabs/ (edit, export, plan).
"""
from __future__ import annotations

import hashlib
import os

import pandas as pd  # the Data quality tab's warnings table
import streamlit as st
from streamlit_folium import st_folium

from app_tabs.common import lang, ledger_store  # the tabs beside app.py share these
from app_tabs.edit import edit_tab  # the Edit tab (issue 6, accounts: issue 18)
from app_tabs.export import export_tab  # the Export tab (issue 5)
from app_tabs.plan import late_tab, targets_tab  # issue 17: 滞后, the plan's targets
from app_tabs.review import review_tab  # 定位核对 (issue 13)
from cymap.views import appstate, summary

from cymap.geo import geodata

from cymap.web import basemaps, builder, popup
from cymap import shared  # the ledger store a name means: file or postgresql:// (issue 18)
from cymap.views import edit_view, refusals  # the store's refusals in the language (issue 15)
from cymap.views import suggest  # the action suggested from the category (issue 13)
from cymap.print.lists import neutralise  # every download: formula cells made inert
from cymap.ledger.validate import ledger_warnings  # the Data quality tab's warnings (issue 17)
from cymap.views.problems import ROW_COLUMNS, problem_row  # problems and warnings in the language (issue 15)
from cymap.views import asof  # statuses as of (issue 14)
from cymap.views import investment, targets  # issue 17: sums, the plan's targets
from cymap.views.filters import FilterError, apply_filters, selected_districts
from cymap.views import districts_chart  # the Districts tab (issue 15)
from cymap.web import app_style
from cymap.views.i18n import (action_label, category_label, district_label, join_names, language_name,
                              located_by_label, region_label, status_label, t)
from cymap.geo.projects import Projects, default_ledger_path, load_projects
from cymap.ledger.schema import ACTIONS, CATEGORIES, STATUSES

MAP_KEY = "project_map"
CARRIED_WIDGETS = ("target", "editor_name")  # widgets of one tab whose value other tabs read
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


def load_shared(ledger) -> tuple[Projects, str]:
    """The shared ledger (issue 18): read from the database, geocoded once per revision."""
    try:
        data = ledger.ledger_bytes()
    except Exception as error:  # the database is unreachable (psycopg.Error, StoreError): a sentence
        st.error(t("ledger_missing", lang()).format(path=ledger.location,
                                                    error=refusals.store_error_text(error, lang(), ledger.location)))
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
        st.toggle(t("size_by_investment", current), key="size_by_investment")
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
    suggestion = suggest.for_row(row)  # issue 13: no plan action; the one its category suggests
    if suggestion is not None:
        st.caption(edit_view.markdown_text(suggest.basis_text(suggestion, current)))


def map_tab(projects: Projects, view, state: appstate.ViewState) -> None:
    current = lang()
    basemap = basemaps.effective_basemap(state.basemap, tianditu_key())
    options = builder.MapOptions(lang=current, basemap=basemap, division=state.division,
                                 choropleth=bool(st.session_state.get("choropleth")), tianditu_key=tianditu_key(),
                                 carto_key=secret("CARTO_API_KEY"),
                                 leaflet_base_url=LEAFLET_URL if st.get_option("server.enableStaticServing") else None,
                                 focus=tuple(selected_districts(state.filter_spec()) or ()) or None, height=MAP_HEIGHT,
                                 size_by_investment=bool(st.session_state.get("size_by_investment")))
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
    table_or_none(summary.problems_table(projects.read, current))  # in the language (issue 15)
    st.subheader(t("ledger_warnings", current))  # rows that load but deserve a look (issue 17)
    warned = [problem_row(w, current) for w in ledger_warnings(projects.read.rows)]
    table_or_none(pd.DataFrame(warned, columns=ROW_COLUMNS).drop(columns="allowed"))
    st.subheader(t("unresolved_names", current))
    table_or_none(summary.unresolved_names(projects.geocoded))
    st.subheader(t("ambiguous_split_rows", current))
    st.caption(t("ambiguous_split_note", current))
    table_or_none(summary.table_frame(summary.ambiguous_split_rows(projects.geocoded), current, state.division))
    st.subheader(t("low_precision_rows", current))
    low = summary.table_frame(summary.low_precision_rows(projects.geocoded), current, state.division)
    st.dataframe(low, hide_index=True, width="stretch")


# Tabs in order: (label key in cymap.views.i18n.TEXT, function(projects, view, state)).
TABS = [("tab_map", map_tab), ("tab_table", table_tab), ("tab_districts", districts_tab), ("tab_quality", quality_tab),
        ("tab_review", review_tab), ("tab_edit", edit_tab), ("tab_export", export_tab),
        ("tab_late", late_tab), ("tab_targets", targets_tab)]


def main() -> None:
    page_lang = st.session_state.get("lang") or st.query_params.get("lang", "zh")
    st.set_page_config(page_title=t("page_title", page_lang if page_lang in ("zh", "en") else "zh"),
                       page_icon="static/favicon.png", layout="wide")
    st.markdown(app_style.app_css(), unsafe_allow_html=True)
    state_from_url_once()
    # Only the tab on screen runs (tab_bar), and Streamlit drops the state of a widget that did not run;
    # what other tabs read is carried over each rerun (Streamlit's own way): the Targets tab's choice
    # narrows every tab, the editor's name signs a 定位核对 fix.
    for key in CARRIED_WIDGETS:
        st.session_state[key] = st.session_state.get(key, "")
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
    tab_bar(projects, view, state)


def tab_bar(projects: Projects, view, state: appstate.ViewState) -> None:
    """The tabs, lazily (Streamlit's `st.tabs(key=…, on_change="rerun")` with `tab.open`): a rerun runs
    only the tab on screen, so a filter change at 10,000 rows builds the map, not also the table, the 滞后
    list and the quality tables (bench/RESULTS.md). `tab` in the session state is the chosen tab's key
    (tab_map …): it survives a language switch, which relabels the tabs."""
    current = state.lang
    labels = [t(key, current) for key, _ in TABS]
    keys = [key for key, _ in TABS]
    chosen = st.session_state.get("tab") if st.session_state.get("tab") in keys else keys[0]
    containers = st.tabs(labels, key=f"_tabs_{current}", on_change="rerun", default=labels[keys.index(chosen)])
    for container, (key, render) in zip(containers, TABS):
        if container.open is False:  # None: state tracking off, every tab runs
            continue
        st.session_state["tab"] = key
        with container:
            render(projects, view, state)


main()
