"""Data, export: the whole dataset as a zip of the files on disk or as one workbook; no sign-in needed."""

from __future__ import annotations

import streamlit as st

from cooperation import ui
from cooperation.export import dataset as export_dataset
from cooperation.ui import coverage, data_page, footer

ctx = ui.current()


def _export() -> None:
    st.subheader(ctx.t("data.export"))
    left, right = st.columns(2)
    left.download_button(
        ctx.t("data.export_zip"),
        lambda: export_dataset.export_zip(data_page.data_dir(), ctx.lang),
        file_name="cooperation-data.zip",
        mime="application/zip",
        key="exp_zip",
        icon=":material/folder_zip:",
    )
    nothing_loaded = not ctx.data_ok and ctx.dataset.cities.empty
    right.download_button(
        ctx.t("data.export_xlsx"),
        lambda: export_dataset.export_xlsx(ctx.dataset, ctx.lang, coverage(ctx)),
        file_name="cooperation-data.xlsx",
        key="exp_xlsx",
        icon=":material/table:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disabled=nothing_loaded,
        help=ctx.t("data.export_xlsx_broken") if nothing_loaded else None,
    )
    st.caption(ctx.t("data.export_note"))


data_page.header(ctx)
_export()
footer(ctx)
