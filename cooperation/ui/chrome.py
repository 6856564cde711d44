"""What every page draws the same way: heading and filter summary, notices, links that keep the view, the
footer with the coverage line, table downloads, colour keys, and data text shown as text."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from cooperation import filters
from cooperation.clock import today
from cooperation.coverage import coverage_line
from cooperation.export.table import TABLE_FILES, Provenance
from cooperation.filters import FilteredView
from cooperation.i18n import t
from cooperation.loading import Dataset
from cooperation.text import plain as text_plain
from cooperation.ui.cache import derived, derived_from_data
from cooperation.ui.context import PageContext
from cooperation.ui.registry import BY_KEY

MAX_NOTICES_SHOWN = 8
# Constant (nothing from the data or the URL goes in): the map's tooltip may reach past the map's box, instead of
# being cut off at its edge for the partners drawn near it.
PAGE_STYLE = """<style>
[data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]), [data-testid="stDeckGlJsonChart"],
[data-testid="stDeckGlJsonChart"] div:has(.deck-tooltip) { overflow: visible !important; }
</style>"""


def page_style() -> None:
    st.markdown(PAGE_STYLE, unsafe_allow_html=True)


def plain(text: str) -> str:
    """Data text shown through markdown must not be read as markdown or HTML (see cooperation.text)."""
    return text_plain(text)


def notices(lines: Sequence[str], lang: str) -> None:
    """Rejected URL values and the like, in one warning however many there are."""
    if not lines:
        return
    unique = list(dict.fromkeys(lines))
    shown = [f"- {plain(line)}" for line in unique[:MAX_NOTICES_SHOWN]]
    if len(unique) > MAX_NOTICES_SHOWN:
        shown.append(f"- {t('common.more_notices', lang, n=len(unique) - MAX_NOTICES_SHOWN)}")
    st.warning("\n".join(shown), icon=":material/help:")


def link(
    ctx: PageContext,
    page: str,
    label_key: str,
    icon: str | None = None,
    *,
    params: dict[str, list[str]] | None = None,
    container=st,
) -> None:
    """A link to another page that keeps the view: the filters, the language and the target's own `params`."""
    spec = BY_KEY[page]
    container.page_link(
        spec.path, label=ctx.t(label_key), icon=icon, query_params={**ctx.query, **(params or spec.link_params)}
    )


def _filter_summary(view: FilteredView, dataset: Dataset, lang: str) -> str:
    return filters.describe(view.state, dataset, lang)


def _coverage(dataset: Dataset, lang: str) -> str:
    return coverage_line(dataset, lang)


def filter_summary(ctx: PageContext) -> str:
    """The one-line summary of the active filters."""
    return derived(ctx, _filter_summary)


def coverage(ctx: PageContext) -> str:
    """The coverage line every page, slide and download carries."""
    return derived_from_data(ctx, _coverage)


def page_header(ctx: PageContext) -> None:
    """The page's title and introduction (from the registry) and the summary of the active filters."""
    st.title(ctx.t(ctx.page.heading_key))
    if ctx.page.intro_key:
        st.caption(ctx.t(ctx.page.intro_key))
    st.info(filter_summary(ctx), icon=":material/filter_alt:")


def footer(ctx: PageContext) -> None:
    st.divider()
    st.caption(plain(coverage(ctx)))  # it names sources from the data


def empty_notice(ctx: PageContext) -> None:
    st.info(ctx.t("common.empty"), icon=":material/search_off:")


def table_downloads(ctx: PageContext, frame: pd.DataFrame, name: str, search: str = "") -> None:
    """The files of `cooperation.export.table.TABLE_FILES` for exactly the table shown, with the coverage, the
    filters and the `search` term behind it recorded beside the data.

    The files are built when a button is clicked, not on every rerun (an Excel file of thousands of rows takes
    longer than the rest of the page), and a click does not rerun the page: nothing on it changes.
    """
    provenance = Provenance(
        lang=ctx.lang,
        title=f"{ctx.t(ctx.page.title_key)}: {name}",
        coverage=coverage(ctx),
        filters=filter_summary(ctx),
        search=search,
        generated=today(),
    )
    for column, spec in zip(st.columns(len(TABLE_FILES)), TABLE_FILES, strict=True):
        column.download_button(
            ctx.t(spec.label_key),
            lambda spec=spec: spec.build(frame, provenance, name),
            file_name=spec.file_name(name),
            mime=spec.mime,
            key=f"dl_{name}{spec.suffix}",
            icon=":material/download:",
            on_click="ignore",
        )
    st.caption(ctx.t("export.note"))


def contacts_column_config(lang: str) -> dict:
    """Widths that keep the entry readable in the contacts table; the other columns stay narrow."""
    return {
        t("common.date", lang): st.column_config.TextColumn(width=185, pinned=True),  # "26.05.2025 – 28.05.2025"
        t("common.partner", lang): st.column_config.TextColumn(width="small"),
        t("timeline.date_as_written", lang): st.column_config.TextColumn(width="medium"),
        t("common.entry", lang): st.column_config.TextColumn(width="large", help=t("timeline.entry_help", lang)),
        t("common.source", lang): st.column_config.TextColumn(width="small", help=t("timeline.source_help", lang)),
    }


def legend(entries: list[tuple[str, str]]) -> None:
    """A row of colour swatches with labels; labels are escaped although they come from the catalogue."""
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:1.2rem">'
        f'<span style="width:.9rem;height:.9rem;border-radius:50%;background:{color};margin-right:.4rem"></span>'
        f"{html.escape(text)}</span>"
        for text, color in entries
    )
    st.markdown(f'<div style="font-size:.9rem">{items}</div>', unsafe_allow_html=True)
