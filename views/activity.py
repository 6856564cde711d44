"""Activity: contacts by country and sphere, over the years, in Kazan, abroad and online."""
from __future__ import annotations

import streamlit as st

from cooperation import charts, metrics
from cooperation.ui import derived, empty_notice, footer, page_header, page_setup, run_page

ctx = page_setup("nav.activity")


def body() -> None:
    page_header(ctx, "activity.title", "activity.intro")
    contacts = ctx.view.contacts
    if contacts.empty:
        empty_notice(ctx)
        footer(ctx)
        return
    spheres = ctx.view.state.spheres
    left, right = st.columns(2)
    left.plotly_chart(derived(ctx, "activity.by_country", lambda: charts.by_country_chart(
        metrics.by_country(contacts, ctx.view.partners), ctx.lang)), key="by_country")
    right.plotly_chart(derived(ctx, "activity.spheres", lambda: charts.sphere_totals_chart(
        metrics.sphere_totals(contacts, spheres), ctx.lang)), key="spheres")
    st.plotly_chart(derived(ctx, "activity.settings", lambda: charts.setting_by_year_chart(
        metrics.setting_by_year(contacts), ctx.lang)), key="settings")
    st.plotly_chart(derived(ctx, "activity.sphere_year", lambda: charts.sphere_year_heatmap(
        metrics.sphere_by_year(contacts, spheres), ctx.lang)), key="sphere_year")
    st.plotly_chart(derived(ctx, "activity.country_sphere", lambda: charts.country_sphere_heatmap(
        metrics.country_by_sphere(contacts, spheres), ctx.lang)), key="country_sphere")
    st.caption(ctx.t("activity.multi_sphere_note"))
    footer(ctx)


run_page(body, ctx.lang)
