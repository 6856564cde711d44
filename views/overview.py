"""Overview: the state of all partnerships at a glance — the default page of the dashboard."""

from __future__ import annotations

import datetime

import streamlit as st

from cooperation import charts, health, maps, metrics, partners, planning, ui
from cooperation.coverage import missing_statement
from cooperation.filters import FilteredView
from cooperation.i18n import format_date, format_int
from cooperation.loading import Dataset
from cooperation.ui import derived, derived_from_data, empty_notice, footer, legend, page_header, plain
from cooperation.vocab import HOME_CITY_ID

ctx = ui.current()


def partner_name(city_id: str | None) -> str | None:
    if not city_id:
        return None
    return plain(ctx.dataset.cities.set_index("city_id").loc[city_id, f"name_{ctx.lang}"])


def next_items(view: FilteredView, dataset: Dataset, lang: str, today: datetime.date) -> list[planning.PlanItem]:
    """The next three items of the planning page still ahead, for the partners in view (`planning.next_items`)."""
    return planning.next_items(planning.plan_for_view(dataset, view, today), today)


def status_summary(view: FilteredView, dataset: Dataset, lang: str, today: datetime.date):
    return health.status_summary(health.health_of(dataset, view.partners, today), lang)


def alive() -> None:
    """Which partnerships are alive: partners per status from all contacts up to today, each with its rule."""
    today = ui.today()
    summary = derived(ctx, status_summary, today)
    st.subheader(ctx.t("overview.alive"))
    for column, row in zip(st.columns(max(len(summary), 1)), summary.itertuples()):
        with column.container(border=True):
            st.badge(row.label, color=partners.STATUS_BADGE_COLORS.get(row.status, "gray"))
            st.metric(row.label, format_int(row.partners, ctx.lang), label_visibility="collapsed")
            st.markdown(plain(row.names_text))
            st.caption(row.rule)
    st.caption(ctx.t("overview.alive_note", date=format_date(today, ctx.lang)))
    ui.link(ctx, "health", "overview.open_health", ":material/monitor_heart:")


def coming_up() -> None:
    """The next three dated items of the planning page: anniversaries, forums due, follow-ups."""
    items = derived(ctx, next_items, ui.today())
    st.subheader(ctx.t("overview.coming_up"))
    if not items:
        st.caption(ctx.t("overview.nothing_coming"))
    for column, item in zip(st.columns(3), items):
        with column.container(border=True):
            st.caption(f"{planning.render_when(item, ctx.lang)} · {ctx.t('plan.kind.' + item.kind)}")
            st.markdown(f"**{plain(planning.render_title(item, ctx.lang, ctx.dataset.cities))}**")
            st.caption(plain(planning.render_reason(item, ctx.lang, ctx.dataset.cities)))
    ui.link(ctx, "planning", "overview.open_planning", ":material/event:")


def small_map(view: FilteredView, dataset: Dataset, lang: str):
    """The compact map and its colour key."""
    summary = metrics.partner_summary(view.contacts, view.partners, view.agreements)
    home = dataset.cities.set_index("city_id").loc[HOME_CITY_ID]
    return charts.overview.partner_map(summary, home, lang, height=360), maps.relation_key(summary, lang)


def headline(view: FilteredView, dataset: Dataset, lang: str) -> metrics.Headline:
    return metrics.headline(view, dataset)


def per_year_chart(view: FilteredView, dataset: Dataset, lang: str) -> dict:
    return charts.per_year_by_sphere(metrics.contacts_per_year_by_sphere(view.contacts, view.state.spheres), lang)


def top_partners_chart(view: FilteredView, dataset: Dataset, lang: str) -> dict:
    return charts.overview.top_partners(metrics.top_partners(view.contacts, view.partners), lang)


def latest(view: FilteredView, dataset: Dataset, lang: str):
    return metrics.latest_contacts(view.contacts, n=6)


def national_charts(dataset: Dataset, lang: str) -> list[dict]:
    return charts.overview.national_comparison(metrics.national_comparison(dataset), lang)


def body() -> None:
    page_header(ctx)
    missing = derived_from_data(ctx, missing_statement)
    if missing:
        st.warning(missing, icon=":material/info:")
    alive()
    view = ctx.view
    period = metrics.period_note(view.state, ctx.dataset, ctx.lang)
    if period:
        st.markdown(f"**{plain(period)}**")
    head = derived(ctx, headline)
    cols = st.columns([1, 1, 1, 1, 1.6])  # the last contact is a date and a city
    cols[0].metric(ctx.t("overview.partners"), format_int(head.partners, ctx.lang))
    cols[1].metric(ctx.t("overview.countries"), format_int(head.countries, ctx.lang))
    cols[2].metric(ctx.t("common.agreements"), format_int(head.agreements, ctx.lang))
    cols[3].metric(ctx.t("common.contacts"), format_int(head.contacts, ctx.lang))
    cols[4].metric(
        ctx.t("common.last_contact"),
        format_date(head.last_contact, ctx.lang, head.last_precision) if head.last_contact else "—",
        partner_name(head.last_partner),
        delta_color="off",
        delta_arrow="off",
    )
    if view.contacts.empty:
        empty_notice(ctx)
        footer(ctx)
        return
    left, right = st.columns([3, 2])
    left.vega_lite_chart(derived(ctx, per_year_chart), width="stretch", key="per_year")
    right.vega_lite_chart(derived(ctx, top_partners_chart), width="stretch", key="top_partners")
    left, right = st.columns([3, 2])
    with left:
        st.subheader(ctx.t("overview.map"))
        chart, key = derived(ctx, small_map)
        st.vega_lite_chart(chart, width="stretch", key="overview_map")
        legend(key)
        st.caption(ctx.t("overview.map_key"))
    with right:
        st.subheader(ctx.t("overview.latest"))
        for row in derived(ctx, latest).itertuples():
            st.markdown(
                f"**{format_date(row.date_start.date(), ctx.lang, row.date_precision)}** · "
                f"{plain(getattr(row, 'name_' + ctx.lang))}"
            )
            st.caption(plain(row.text_ru[:220] + ("…" if len(row.text_ru) > 220 else "")))
    coming_up()
    st.subheader(ctx.t("overview.national"))
    for number, chart in enumerate(derived_from_data(ctx, national_charts)):
        st.vega_lite_chart(chart, width="stretch", key=f"national_{number}")
    footer(ctx)


body()
