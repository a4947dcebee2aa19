"""The Export tab (issue 5): meeting files of exactly the view on screen — the same rows and the
same FilterSpec (division included) — in every format of cymap.print.formats."""
from __future__ import annotations

import streamlit as st

from app_tabs.common import lang
from cymap.geo.projects import Projects
from cymap.print import formats, offline_html
from cymap.views import appstate, edit_view, maptext
from cymap.views.i18n import language_name, t
from cymap.web import basemaps


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
