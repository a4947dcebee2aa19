"""The plan's tabs (issue 17): 滞后 (late against the planned dates) and the 2027 targets."""
from __future__ import annotations

import streamlit as st

from app_tabs.common import lang
from cymap.geo.projects import Projects
from cymap.print import late_list
from cymap.views import appstate, edit_view, late, summary, targets
from cymap.views.i18n import t


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
    st.altair_chart(targets.bullet_chart(frame, current), width="stretch")
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
