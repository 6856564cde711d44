"""The one banner every page shows when the loader set rows aside (thin Streamlit layer over loading)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cooperation.i18n import t
from cooperation.loading import Dataset, set_aside_summary, set_aside_table


def _plain(text: str) -> str:
    """Data text shown through markdown must not be read as markdown or HTML."""
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace("*", "\\*").replace("_", "\\_")


def set_aside_banner(dataset: Dataset, lang: str) -> None:
    """One warning naming how many rows were left out and, for each, file, row, column, value and what is
    expected; nothing when every row passed."""
    lines = set_aside_summary(dataset.set_aside, lang)
    if lines:
        st.warning(
            "\n".join([_plain(lines[0]), ""] + [f"- {_plain(line)}" for line in lines[1:]]), icon=":material/report:"
        )


def set_aside_list(dataset: Dataset, lang: str) -> None:
    """The data page's full list of the rows set aside, to correct them."""
    st.subheader(t("setaside.title", lang))
    if not dataset.set_aside:
        st.caption(t("setaside.none", lang))
        return
    table: pd.DataFrame = set_aside_table(dataset.set_aside, lang)
    st.dataframe(table, hide_index=True, key="set_aside_rows")
