"""Timeline: every contact over time, per partner, and the searchable table behind it."""

from __future__ import annotations

import streamlit as st

from cooperation import charts, tables, ui
from cooperation.filters import FilteredView
from cooperation.i18n import format_int
from cooperation.loading import Dataset
from cooperation.ui import contacts_column_config, derived, empty_notice, footer, page_header, table_downloads

ctx = ui.current()


def timeline_chart(view: FilteredView, dataset: Dataset, lang: str):
    return charts.timeline_chart(view.contacts, lang, view.state.spheres)


def contacts_table(view: FilteredView, dataset: Dataset, lang: str):
    return tables.contacts_table(view.contacts, lang, dataset.events, limit=tables.MAX_TABLE_ROWS)


def body() -> None:
    page_header(ctx)
    contacts = ctx.view.contacts
    if contacts.empty:
        empty_notice(ctx)
        footer(ctx)
        return
    st.vega_lite_chart(derived(ctx, timeline_chart), width="stretch", key="timeline")
    st.subheader(ctx.t("timeline.table"))
    query = st.text_input(ctx.t("timeline.search"), key="timeline_search", placeholder=ctx.t("timeline.search_hint"))
    if query.strip():
        # A free-text search is built per run, not kept in the shared cache: each distinct search would pin a
        # copy of the table there for every session.
        matches = tables.search(contacts, query)
        found = len(matches)
        shown = tables.contacts_table(matches, ctx.lang, ctx.dataset.events, limit=tables.MAX_TABLE_ROWS)
    else:
        found = len(contacts)
        shown = derived(ctx, contacts_table)
    if found > len(shown):
        st.caption(ctx.t("timeline.rows_newest", n=format_int(len(shown), ctx.lang), total=format_int(found, ctx.lang)))
    else:
        st.caption(ctx.t("timeline.rows", n=len(shown)))
    st.dataframe(shown, hide_index=True, column_config=contacts_column_config(ctx.lang), key="contacts_df")
    table_downloads(ctx, shown, "contacts", search=query.strip())
    footer(ctx)


body()
