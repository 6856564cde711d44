"""Forums: the forums Kazan hosts by edition, which partners came to each (in person or online), who came
before and has not since — the draft of the next invitation list — and the United Cities Forum programme."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from cooperation import forums, ui
from cooperation.charts.forums import attendance_chart as attendance_grid
from cooperation.filters import FilteredView
from cooperation.i18n import format_date
from cooperation.loading import Dataset
from cooperation.text import plain_frame
from cooperation.ui import derived, derived_from_data, empty_notice, footer, page_header, plain, table_downloads

ctx = ui.current()
EDITION_ROWS_SHOWN = 15


@dataclass(frozen=True)
class ForumFrames:
    """Everything the page shows of attendance, built together: each part is read from the matrix."""

    editions: pd.DataFrame
    matrix: pd.DataFrame
    editions_table: pd.DataFrame
    attendance_table: pd.DataFrame
    invitations: pd.DataFrame
    chart: object | None


def forum_frames(view: FilteredView, dataset: Dataset, lang: str, now: datetime.date) -> ForumFrames:
    eds = forums.editions_in_years(forums.editions(dataset.events), view.state.year_from, view.state.year_to)
    if eds.empty or view.partners.empty:
        nothing = pd.DataFrame()
        return ForumFrames(eds, nothing, nothing, nothing, nothing, None)
    matrix = forums.attendance_matrix(view.contacts, eds, view.partners, now)
    attended = bool((matrix["editions_attended"] > 0).any())
    return ForumFrames(
        editions=eds,
        matrix=matrix,
        editions_table=forums.editions_table(eds, matrix, lang),
        attendance_table=forums.attendance_table(matrix, eds, lang),
        invitations=forums.invitation_list(matrix, eds, lang),
        chart=attendance_chart(matrix, eds, lang) if attended else None,
    )


def programme(dataset: Dataset, lang: str) -> pd.DataFrame:
    return forums.ucf_programme(dataset.forum_sessions, dataset.events)


def matrix_section(frames: ForumFrames) -> None:
    st.subheader(ctx.t("forums.matrix"))
    table, eds = frames.attendance_table, frames.editions
    st.caption(
        ctx.t(
            "forums.marks_legend",
            in_person=forums.MARK_SYMBOLS["in_person"],
            online=forums.MARK_SYMBOLS["online"],
            unknown=forums.MARK_SYMBOLS["unknown"],
        )
    )
    headers = {
        forums.edition_label(row["series"], row["edition"], ctx.lang): row[f"name_{ctx.lang}"]
        for _, row in eds.iterrows()
    }
    st.dataframe(
        table,
        hide_index=True,
        key="forums_matrix",
        column_config={
            ctx.t("common.partner"): st.column_config.TextColumn(pinned=True),
            ctx.t("forums.not_invited_since"): st.column_config.TextColumn(pinned=True),
            **{header: st.column_config.TextColumn(help=full) for header, full in headers.items()},
        },
    )
    table_downloads(ctx, table, "forum-attendance")


def invitations_section(invitations: pd.DataFrame) -> None:
    st.subheader(ctx.t("forums.invitations"))
    if invitations.empty:
        st.caption(ctx.t("forums.no_invitations"))
        return
    st.caption(ctx.t("forums.invitations_help"))
    if len(invitations) <= forums.INVITATION_ROWS_AS_TEXT:
        st.table(plain_frame(invitations), hide_index=True, border="horizontal")  # st.table reads cells as Markdown
    else:
        st.dataframe(invitations, hide_index=True, key="forums_invitations", height=420)


def programme_section() -> None:
    st.subheader(ctx.t("forums.programme"))
    sessions = derived_from_data(ctx, programme)
    if sessions.empty:
        st.caption(ctx.t("forums.no_programme"))
        return
    st.caption(ctx.t("forums.programme_note"))
    editions = list(dict.fromkeys(sessions["event_id"]))
    if len(editions) > 1:  # one edition's programme at a time, the latest first
        names = dict(zip(sessions["event_id"], sessions[f"name_{ctx.lang}"]))
        column, _ = st.columns([1, 2])
        chosen = column.selectbox(
            ctx.t("forums.programme_edition"), editions[::-1], format_func=names.get, key="forums_programme_edition"
        )
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


def attendance_chart(matrix: pd.DataFrame, eds: pd.DataFrame, lang: str):
    """Short edition names on the chart's axis: the full ones are in the table above it."""
    short = eds.assign(
        **{f"name_{lang}": [forums.edition_label(s, e, lang) for s, e in zip(eds["series"], eds["edition"])]}
    )
    return attendance_grid(matrix, short, lang)


def body() -> None:
    page_header(ctx)
    view = ctx.view
    frames = derived(ctx, forum_frames, ui.today())
    if frames.editions.empty or view.partners.empty:
        empty_notice(ctx)
    else:
        matrix = frames.matrix
        attended = matrix[matrix["editions_attended"] > 0]
        if view.contacts.empty:
            empty_notice(ctx)
        elif attended.empty:
            st.info(ctx.t("forums.nobody"), icon=":material/search_off:")
        st.subheader(ctx.t("forums.editions"))
        # Whole when short; a scrolling box when decades of editions would push the chart off the screen.
        st.dataframe(
            frames.editions_table,
            hide_index=True,
            key="forums_editions",
            height="content" if len(frames.editions_table) <= EDITION_ROWS_SHOWN else 420,
        )
        if frames.chart is not None:
            st.vega_lite_chart(frames.chart, width="stretch", key="forums_chart")
            invitations_section(frames.invitations)
            matrix_section(frames)
    programme_section()
    footer(ctx)


body()
