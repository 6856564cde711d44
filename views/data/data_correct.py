"""Data, correct: any row of an editable table in a grid, a corrected row's history and undo, and the rows
the loader set aside (shown to everyone: they say what to correct)."""

from __future__ import annotations

import streamlit as st

from cooperation import editing, ui
from cooperation.ui import data_page
from cooperation.ui_banner import set_aside_list

ctx = ui.current()

MAX_EDITOR_ROWS = 500


def _correct_rows(who: str) -> None:
    table = st.selectbox(
        ctx.t("data.table"), editing.EDITABLE_TABLES, key="fix_table", format_func=lambda name: f"{name}.csv"
    )
    snapshot = data_page.snapshot(table)
    query = st.text_input(ctx.t("data.find_rows"), key=f"fix_query_{table}", help=ctx.t("data.find_rows_help"))
    frame = snapshot.frame
    if query:
        frame = frame[frame.apply(lambda column: column.str.contains(query, case=False, regex=False)).any(axis=1)]
    if len(frame) > MAX_EDITOR_ROWS:
        st.info(ctx.t("data.too_many_rows", n=len(frame), limit=MAX_EDITOR_ROWS))
        frame = frame.head(MAX_EDITOR_ROWS)
    # The editor keeps its edits by row position: a new search or a reloaded file must start a new editor, or
    # an edit made in one view would land on another row. Its rows are numbered as the file's rows in Excel, the
    # numbers every problem message names.
    shown = frame.set_axis(frame.index + editing.FIRST_DATA_ROW).rename_axis(ctx.t("data.grid_row"))
    st.caption(ctx.t("data.grid_rows_note"))
    edited = st.data_editor(
        shown, num_rows="fixed", key=f"fix_editor_{table}_{snapshot.version[:12]}_{query}", width="stretch"
    )
    edited = edited.set_axis(edited.index - editing.FIRST_DATA_ROW).rename_axis(None)
    changes = editing.diff_rows(table, snapshot.frame, editing.apply_edits(snapshot, edited))
    st.caption(ctx.t("data.rows_changed", changes=data_page.changes(ctx, len(changes))))
    why = st.text_input(ctx.t("data.why"), key=f"fix_why_{table}")
    left, right = st.columns(2)
    if left.button(ctx.t("data.save_changes"), key=f"fix_save_{table}", disabled=not changes, type="primary"):
        data_page.save(
            ctx,
            table,
            lambda: editing.save_table(
                data_page.data_dir(), snapshot, editing.apply_edits(snapshot, edited), who, "table", why
            ),
        )
    right.button(ctx.t("data.reload"), key=f"fix_reload_{table}", on_click=data_page.forget, args=(table,))
    _history(table, who)


def _history(table: str, who: str) -> None:
    """A corrected row's history (the sources' value, each correction with who and when) and undo."""
    st.subheader(ctx.t("data.history.heading"))
    rows = editing.corrected_rows(data_page.data_dir(), table)
    if not rows:
        st.caption(ctx.t("data.history.none"))
        return
    row = st.selectbox(ctx.t("data.history.pick"), rows, key=f"hist_row_{table}")
    history = editing.row_history(data_page.data_dir(), table, row)
    st.caption(ctx.t("data.history.caption"))
    st.dataframe(editing.history_table(history, ctx.lang), hide_index=True, key=f"hist_table_{table}")
    fields = list(dict.fromkeys(history.loc[history["kind"] == "correction", "column"]))
    column = st.selectbox(ctx.t("data.undo_field"), fields, key=f"hist_field_{table}")
    if st.button(ctx.t("data.undo"), key=f"hist_undo_{table}"):
        data_page.save(ctx, table, lambda: editing.undo_correction(data_page.data_dir(), table, row, column, who))


data_page.editor_page(ctx, _correct_rows, lambda: set_aside_list(ctx.dataset, ctx.lang))
