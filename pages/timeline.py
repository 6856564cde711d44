"""Timeline: every contact over time, per partner, and the searchable table behind it."""
from __future__ import annotations

import streamlit as st

from cooperation import charts, session_memo, tables
from cooperation.i18n import format_int
from cooperation.ui import (
    contacts_column_config,
    derived,
    empty_notice,
    footer,
    page_header,
    page_setup,
    run_page,
    table_downloads,
)

ctx = page_setup("nav.timeline")


def body() -> None:
    page_header(ctx, "timeline.title", "timeline.intro")
    contacts = ctx.view.contacts
    if contacts.empty:
        empty_notice(ctx)
        footer(ctx)
        return
    figure = derived(ctx, "timeline.chart", lambda: charts.timeline_chart(contacts, ctx.lang, ctx.view.state.spheres))
    st.plotly_chart(figure, key="timeline")
    st.subheader(ctx.t("timeline.table"))
    query = st.text_input(ctx.t("timeline.search"), key="timeline_search", placeholder=ctx.t("timeline.search_hint"))
    def table(found):  # (rows found, the newest of them as shown)
        return len(found), tables.contacts_table(found, ctx.lang, ctx.dataset.events, limit=tables.MAX_TABLE_ROWS)

    if query.split():  # a free-text search is one visitor's: kept in the session, not in the shared cache
        total, shown = session_memo.last_only("timeline_search", (ctx.data_dir, ctx.version, repr(ctx.view.state),
                                                                  ctx.lang, query),
                                              lambda: table(tables.search(contacts, query)))
    else:
        total, shown = derived(ctx, "timeline.table", lambda: table(contacts))
    if total > len(shown):
        st.caption(ctx.t("timeline.rows_newest", n=format_int(len(shown), ctx.lang),
                         total=format_int(total, ctx.lang)))
    else:
        st.caption(ctx.t("timeline.rows", n=len(shown)))
    st.dataframe(shown, hide_index=True, column_config=contacts_column_config(ctx.lang), key="contacts_df")
    table_downloads(ctx, shown, "contacts")
    footer(ctx)


run_page(body, ctx.lang)
