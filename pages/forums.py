"""Forums: the forums Kazan hosts by edition, which partners came to each (in person or online), who came
before and has not since — the draft of the next invitation list — and the United Cities Forum programme."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cooperation import forums, profile
from cooperation.i18n import format_date
from cooperation.text import plain_frame
from cooperation.ui import (
    derived,
    empty_notice,
    footer,
    page_header,
    page_setup,
    plain,
    run_page,
    table_downloads,
    today,
)

ctx = page_setup("nav.forums")
EDITION_ROWS_SHOWN = 15


def matrix_section(matrix: pd.DataFrame, eds: pd.DataFrame) -> None:
    st.subheader(ctx.t("forums.matrix"))
    table = derived(ctx, "forums.attendance_table", lambda: profile.attendance_table(matrix, eds, ctx.lang), today())
    st.caption(ctx.t("forums.marks_legend", in_person=profile.MARK_SYMBOLS["in_person"],
                     online=profile.MARK_SYMBOLS["online"], unknown=profile.MARK_SYMBOLS["unknown"]))
    headers = {profile.edition_label(row["series"], row["edition"], ctx.lang): row[f"name_{ctx.lang}"]
               for _, row in eds.iterrows()}
    st.dataframe(table, hide_index=True, key="forums_matrix", column_config={
        ctx.t("common.partner"): st.column_config.TextColumn(pinned=True),
        ctx.t("forums.not_invited_since"): st.column_config.TextColumn(pinned=True),
        **{header: st.column_config.TextColumn(help=full) for header, full in headers.items()},
    })
    table_downloads(ctx, table, "forum-attendance")


def invitations_section(matrix: pd.DataFrame, eds: pd.DataFrame) -> None:
    st.subheader(ctx.t("forums.invitations"))
    invitations = derived(ctx, "forums.invitations", lambda: profile.invitation_list(matrix, eds, ctx.lang), today())
    if invitations.empty:
        st.caption(ctx.t("forums.no_invitations"))
        return
    st.caption(ctx.t("forums.invitations_help"))
    st.table(plain_frame(invitations), hide_index=True, border="horizontal")  # st.table reads cells as Markdown


def programme_section() -> None:
    st.subheader(ctx.t("forums.programme"))
    sessions = derived(ctx, "forums.programme", lambda: forums.ucf_programme(ctx.dataset.forum_sessions,
                                                                             ctx.dataset.events), per_view=False)
    if sessions.empty:
        st.caption(ctx.t("forums.no_programme"))
        return
    st.caption(ctx.t("forums.programme_note"))
    editions = list(dict.fromkeys(sessions["event_id"]))
    if len(editions) > 1:  # one edition's programme at a time, the latest first
        names = dict(zip(sessions["event_id"], sessions[f"name_{ctx.lang}"]))
        column, _ = st.columns([1, 2])
        chosen = column.selectbox(ctx.t("forums.programme_edition"), editions[::-1], format_func=names.get,
                                  key="forums_programme_edition")
        sessions = sessions[sessions["event_id"] == chosen]
    for day, rows in sessions.groupby(sessions["date"].dt.date, sort=True):
        st.markdown(f"**{format_date(day, ctx.lang)}**")
        for session in rows.itertuples():
            time = f"{session.time_start}–{session.time_end}" if session.time_end else str(session.time_start)
            with st.expander(f"{time} · {plain(str(session.title_en))}"):
                paragraphs = [p.strip() for p in str(session.description_en or "").split("\n") if p.strip()]
                if not paragraphs:
                    st.caption(ctx.t("forums.no_description"))
                for paragraph in paragraphs:
                    st.markdown(plain(paragraph))


def attendance_chart(matrix: pd.DataFrame, eds: pd.DataFrame):
    """Short edition names on the chart's axis: the full ones are in the table above it."""
    short = eds.assign(**{f"name_{ctx.lang}": [profile.edition_label(s, e, ctx.lang)
                                               for s, e in zip(eds["series"], eds["edition"])]})
    return forums.attendance_chart(matrix, short, ctx.lang)


def body() -> None:
    page_header(ctx, "forums.title", "forums.intro")
    view = ctx.view
    eds = derived(ctx, "forums.editions", lambda: profile.editions_in_years(
        forums.editions(ctx.dataset.events), view.state.year_from, view.state.year_to))
    if eds.empty or view.partners.empty:
        empty_notice(ctx)
    else:
        now = today()
        matrix = derived(ctx, "forums.matrix", lambda: forums.attendance_matrix(view.contacts, eds, view.partners,
                                                                                now), now)
        attended = matrix[matrix["editions_attended"] > 0]
        if view.contacts.empty:
            empty_notice(ctx)
        elif attended.empty:
            st.info(ctx.t("forums.nobody"), icon=":material/search_off:")
        st.subheader(ctx.t("forums.editions"))
        editions_table = derived(ctx, "forums.editions_table", lambda: profile.editions_table(eds, matrix, ctx.lang),
                                 now)
        # Whole when short; a scrolling box when decades of editions would push the chart off the screen.
        st.dataframe(editions_table, hide_index=True, key="forums_editions",
                     height="content" if len(editions_table) <= EDITION_ROWS_SHOWN else 420)
        if not attended.empty:
            st.plotly_chart(derived(ctx, "forums.chart", lambda: attendance_chart(matrix, eds), now),
                            key="forums_chart")
            invitations_section(matrix, eds)
            matrix_section(matrix, eds)
    programme_section()
    footer(ctx)


run_page(body, ctx.lang)
