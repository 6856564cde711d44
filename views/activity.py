"""Activity: contacts by country and sphere, over the years, in Kazan, abroad and online."""

from __future__ import annotations

import streamlit as st

from cooperation import charts, metrics, ui
from cooperation.filters import FilteredView
from cooperation.loading import Dataset
from cooperation.ui import derived, empty_notice, footer, page_header

ctx = ui.current()


def by_country(view: FilteredView, dataset: Dataset, lang: str):
    return charts.by_country_chart(metrics.by_country(view.contacts, view.partners), lang)


def spheres(view: FilteredView, dataset: Dataset, lang: str):
    return charts.sphere_totals_chart(metrics.sphere_totals(view.contacts, view.state.spheres), lang)


def settings(view: FilteredView, dataset: Dataset, lang: str):
    return charts.setting_by_year_chart(metrics.setting_by_year(view.contacts), lang)


def sphere_year(view: FilteredView, dataset: Dataset, lang: str):
    return charts.sphere_year_heatmap(metrics.sphere_by_year(view.contacts, view.state.spheres), lang)


def country_sphere(view: FilteredView, dataset: Dataset, lang: str):
    return charts.country_sphere_heatmap(metrics.country_by_sphere(view.contacts, view.state.spheres), lang)


def body() -> None:
    page_header(ctx)
    if ctx.view.contacts.empty:
        empty_notice(ctx)
        footer(ctx)
        return
    left, right = st.columns(2)
    left.vega_lite_chart(derived(ctx, by_country), width="stretch", key="by_country")
    right.vega_lite_chart(derived(ctx, spheres), width="stretch", key="spheres")
    st.vega_lite_chart(derived(ctx, settings), width="stretch", key="settings")
    st.vega_lite_chart(derived(ctx, sphere_year), width="stretch", key="sphere_year")
    st.vega_lite_chart(derived(ctx, country_sphere), width="stretch", key="country_sphere")
    st.caption(ctx.t("activity.multi_sphere_note"))
    footer(ctx)


body()
