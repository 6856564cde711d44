"""Data, import: a CSV or Excel file of new contacts, checked row by row, written only when confirmed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cooperation import editing, ui, uploads
from cooperation.i18n import format_int, plural
from cooperation.loading import data_version
from cooperation.ui import data_page

ctx = ui.current()

PREVIEW = "imp_checked"  # (upload and data version, ImportPreview); "imp_" so a finished import clears it


def _import(who: str) -> None:
    st.caption(ctx.t("data.import_intro"))
    limits = uploads.LIMITS
    st.caption(
        ctx.t(
            "data.import_limits",
            size=limits.bytes // uploads.MB,
            rows=format_int(editing.MAX_IMPORT_ROWS, ctx.lang),
            columns=limits.columns,
            chars=format_int(limits.cell_chars, ctx.lang),
        )
    )
    upload = st.file_uploader(ctx.t("data.import_file"), type=["csv", "xlsx"], key="imp_file")
    if upload is None:
        return
    # A preview of 5,000 rows takes 1.5–3 s; the page reruns on every click while the file sits in the uploader.
    version = (upload.file_id, data_version(data_page.data_dir()))
    cached = st.session_state.get(PREVIEW)
    if cached is None or cached[0] != version:
        cached = (version, editing.preview_import(upload.getvalue(), upload.name, data_page.data_dir()))
        st.session_state[PREVIEW] = cached
    preview = cached[1]
    if preview.file_problems:
        st.error(ctx.t("data.import_file_problems"))
        data_page.show_problems(ctx, preview.file_problems)
    if preview.ignored_columns:
        st.info(ctx.t("data.import_ignored", columns=", ".join(preview.ignored_columns)))
    if preview.cleaned:
        st.warning(ctx.t("data.import_cleaned"))
        data_page.show_problems(ctx, preview.cleaned)
    if preview.rows.empty:
        return
    shown = preview.rows.copy()
    shown.insert(
        0,
        ctx.t("data.import_problems"),
        [
            "; ".join(p.message(ctx.lang) for p in preview.problems.get(i, [])) or ctx.t("data.import_ok")
            for i in range(len(shown))
        ],
    )
    shown.index = pd.Index(preview.sheet_rows, name=ctx.t("data.grid_row"))  # the rows the messages name
    st.dataframe(shown, key="imp_preview")
    valid = preview.valid
    st.caption(
        ctx.t(
            "data.import_summary",
            valid=len(valid),
            total=len(preview.rows),
            rows=plural(len(preview.rows), "plural.rows_of", ctx.lang),
        )
    )
    undated = preview.undated
    confirmed = True
    if undated:  # a contact without a date drops out of every count per year: imported only when confirmed
        shown_rows = ", ".join(map(str, undated[:20])) + (" …" if len(undated) > 20 else "")
        st.warning(ctx.t("data.import_undated", rows=shown_rows))
        confirmed = st.checkbox(ctx.t("data.import_undated_confirm"), key="imp_undated")
    if st.button(
        ctx.t("data.import_confirm", n=len(valid), rows=plural(len(valid), "plural.rows_to_import", ctx.lang)),
        key="imp_confirm",
        disabled=valid.empty or not confirmed,
        type="primary",
    ):
        snapshot = data_page.snapshot("contacts")
        data_page.save(
            ctx,
            "contacts",
            lambda: editing.import_rows(data_page.data_dir(), snapshot, valid, who),
            clear_prefix="imp_",
        )


data_page.editor_page(ctx, _import)
