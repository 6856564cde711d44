"""Overview: the state of all partnerships at a glance — the entry page of the dashboard."""
from __future__ import annotations

import streamlit as st

from cooperation import charts, maps, metrics, planning, profile, ui
from cooperation.coverage import missing_statement
from cooperation.health import partner_health
from cooperation.i18n import format_date, format_int
from cooperation.vocab import HOME_CITY_ID
from cooperation.ui import derived, empty_notice, footer, page_header, page_setup, plain, run_page

ctx = page_setup("nav.overview")


def partner_name(ctx, city_id: str | None) -> str | None:
    if not city_id:
        return None
    return plain(ctx.dataset.cities.set_index("city_id").loc[city_id, f"name_{ctx.lang}"])


def next_items(today) -> list[planning.PlanItem]:
    view = ctx.view
    health = partner_health(view.partners, view.agreements, view.contacts, ctx.dataset.agreement_statuses, today)
    dated = derived(ctx, "planning.dated", lambda: planning.dated_items(ctx.dataset, today), today, 12,
                    per_view=False)
    in_view = profile.items_in_view(planning.plan(ctx.dataset, today, health=health, dated=dated),
                                    set(view.partners["city_id"]), bool(view.state.partners or view.state.countries))
    return planning.next_items(in_view)


def coming_up() -> None:
    """The next three dated items of the planning page: anniversaries, forums due, follow-ups."""
    today = ui.today()
    items = derived(ctx, "overview.coming_up", lambda: next_items(today), today)
    st.subheader(ctx.t("overview.coming_up"))
    if not items:
        st.caption(ctx.t("overview.nothing_coming"))
    for column, item in zip(st.columns(3), items):
        with column.container(border=True):
            st.caption(f"{planning.render_when(item, ctx.lang)} · {ctx.t('plan.kind.' + item.kind)}")
            st.markdown(f"**{plain(planning.render_title(item, ctx.lang, ctx.dataset.cities))}**")
            st.caption(plain(planning.render_reason(item, ctx.lang, ctx.dataset.cities)))
    st.page_link("pages/planning.py", label=ctx.t("overview.open_planning"), icon=":material/event:",
                 query_params=ctx.query)


def small_map():
    view = ctx.view
    summary = metrics.partner_summary(view.contacts, view.partners, view.agreements)
    home = ctx.dataset.cities.set_index("city_id").loc[HOME_CITY_ID]
    return maps.partner_map(summary, home, ctx.lang, compact=True, height=360)


def body() -> None:
    page_header(ctx, "overview.title", "app.subtitle")
    missing = derived(ctx, "overview.missing", lambda: missing_statement(ctx.dataset, ctx.lang), per_view=False)
    if missing:
        st.warning(missing, icon=":material/info:")
    view = ctx.view
    head = derived(ctx, "overview.headline", lambda: metrics.headline(view, ctx.dataset))
    cols = st.columns([1, 1, 1, 1, 1.6])  # the last contact is a date and a city
    cols[0].metric(ctx.t("overview.partners"), format_int(head.partners, ctx.lang))
    cols[1].metric(ctx.t("overview.countries"), format_int(head.countries, ctx.lang))
    cols[2].metric(ctx.t("common.agreements"), format_int(head.agreements, ctx.lang))
    cols[3].metric(ctx.t("common.contacts"), format_int(head.contacts, ctx.lang))
    cols[4].metric(ctx.t("common.last_contact"),
                   format_date(head.last_contact, ctx.lang, head.last_precision) if head.last_contact else "—",
                   partner_name(ctx, head.last_partner), delta_color="off", delta_arrow="off")
    if view.contacts.empty:
        empty_notice(ctx)
        footer(ctx)
        return
    left, right = st.columns([3, 2])
    left.plotly_chart(derived(ctx, "overview.per_year", lambda: charts.contacts_per_year_by_sphere_chart(
        metrics.contacts_per_year_by_sphere(view.contacts, view.state.spheres), ctx.lang)), key="per_year")
    right.plotly_chart(derived(ctx, "overview.top_partners", lambda: charts.top_partners_chart(
        metrics.top_partners(view.contacts, view.partners), ctx.lang)), key="top_partners")
    left, right = st.columns([3, 2])
    with left:
        st.subheader(ctx.t("overview.map"))
        st.pydeck_chart(derived(ctx, "overview.map", small_map), height=360, key="overview_map")
    with right:
        st.subheader(ctx.t("overview.latest"))
        latest = derived(ctx, "overview.latest", lambda: metrics.latest_contacts(view.contacts, n=6))
        for row in latest.itertuples():
            st.markdown(f"**{format_date(row.date_start.date(), ctx.lang, row.date_precision)}** · "
                        f"{plain(getattr(row, 'name_' + ctx.lang))}")
            st.caption(plain(row.text_ru[:220] + ("…" if len(row.text_ru) > 220 else "")))
    coming_up()
    st.subheader(ctx.t("overview.national"))
    st.plotly_chart(derived(ctx, "overview.national", lambda: charts.national_comparison_chart(
        metrics.national_comparison(ctx.dataset), ctx.lang), per_view=False), key="national")
    footer(ctx)


run_page(body, ctx.lang)
