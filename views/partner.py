"""Partner profile: one partner city — facts, agreements, contacts, spheres, shared organisations, status — and
a briefing to download for a meeting or a trip.

The partner is in the URL (`?city=harbin`), so other pages link here with
`ui.link(ctx, "partner", …, params={"city": [city_id]})`.
"""

from __future__ import annotations

import datetime

import pandas as pd
import streamlit as st

from cooperation import charts, metrics, partners, ui
from cooperation.export.briefing import Briefing, BriefingFiles, briefing_data, briefing_filename, briefing_files
from cooperation.filters import FilteredView
from cooperation.loading import Dataset
from cooperation.text import plain_frame
from cooperation.ui import derived, derived_from_data, empty_notice, footer, page_header, plain, urlstate

CITY_KEY = "partner_city"
LAST_CHOSEN = "_partner_last_city"
ctx = ui.current()


def briefing_and_files(
    dataset: Dataset, lang: str, city_id: str, as_of: datetime.date
) -> tuple[Briefing, BriefingFiles]:
    """The briefing and its HTML and DOCX files: the page shows the briefing's facts, so they are one build."""
    b = briefing_data(dataset, city_id, lang, as_of)
    return b, briefing_files(b)


def partner_names(dataset: Dataset, lang: str) -> dict[str, str]:
    return partners.partner_names(dataset.cities[dataset.cities["role"] == "partner"], lang)


def city_binding(names: dict[str, str], fallback: str) -> urlstate.Binding[str]:
    """`?city=` as URL state: an unknown city falls back to `fallback` with a notice."""

    def parse(query: dict[str, list[str]]) -> tuple[str, list[str]]:
        requested = (query.get(partners.CITY_PARAM) or [None])[-1]
        city, unknown = partners.resolve_city(requested, list(names), fallback)
        return city, [ctx.t("partner.unknown_city", value=requested, name=names[city])] if unknown else []

    return urlstate.Binding(
        name="partner",
        params=(partners.CITY_PARAM,),
        parse=parse,
        to_query=lambda city: {partners.CITY_PARAM: [city]},
        to_widgets=lambda city: {CITY_KEY: city},
    )


def choose_partner() -> str | None:
    """The selectbox, seeded from `?city=` when the URL changed (a link, back/forward), written back on change."""
    names = derived_from_data(ctx, partner_names)
    if not names:
        return None
    in_view = set(ctx.view.partners["city_id"])
    view_ids = [c for c in names if c in in_view]
    fallback = partners.default_city(list(names), view_ids, st.session_state.get(LAST_CHOSEN))
    binding = city_binding(names, fallback)
    _, rejected = urlstate.bind(binding, ctx.requested)
    ui.notices(rejected, ctx.lang)
    if st.session_state.get(CITY_KEY) not in names:
        st.session_state[CITY_KEY] = fallback
    column, _ = st.columns([1, 2])
    chosen = column.selectbox(ctx.t("partner.choose"), list(names), key=CITY_KEY, format_func=names.get)
    st.session_state[LAST_CHOSEN] = chosen
    urlstate.write(binding, chosen)
    return chosen


def facts(city: pd.Series, brief_facts: tuple[tuple[str, str], ...]) -> None:
    lines = []
    website_label = ctx.t("briefing.website")
    for name, value in brief_facts:
        link = partners.safe_link(city["website"]) if name == website_label else None
        shown = f"[{plain(link)}]({link})" if link else plain(value)
        lines.append(f"- **{name}:** {shown}")
    st.markdown("\n".join(lines))


def contacts_section(city_id: str, name: str) -> None:
    st.subheader(ctx.t("partner.contacts"))
    own = derived(ctx, contacts_of, city_id)
    if ctx.view.contacts.empty:
        empty_notice(ctx)
    elif own.empty:
        has_any = (ctx.dataset.contacts["city_id"] == city_id).any()
        key = "partner.filtered_out" if has_any else "partner.no_contacts"
        st.info(ctx.t(key, name=name), icon=":material/search_off:")
    if own.empty:
        return
    st.caption(ctx.t("partner.contacts_count", n=len(own), total=int((ctx.contacts["city_id"] == city_id).sum())))
    st.vega_lite_chart(derived(ctx, timeline_chart, city_id), width="stretch", key="partner_timeline")
    ui.link(ctx, "timeline", "partner.open_timeline", ":material/timeline:", params={"partner": [city_id]})


def timeline_chart(view: FilteredView, dataset: Dataset, lang: str, city_id: str):
    return charts.timeline_chart(contacts_of(view, dataset, lang, city_id), lang, view.state.spheres)


def spheres_section(city_id: str) -> None:
    st.subheader(ctx.t("partner.spheres"))
    figure = derived(ctx, spheres_chart, city_id)
    if figure is None:
        has_any = (ctx.contacts["city_id"] == city_id).any()
        st.caption(ctx.t("partner.no_spheres_filtered" if has_any else "partner.no_spheres"))
        return
    st.vega_lite_chart(figure, width="stretch", key="partner_spheres")


def spheres_chart(view: FilteredView, dataset: Dataset, lang: str, city_id: str):
    """The partner's contacts by sphere, untitled (the section heading says it); None without any."""
    totals = metrics.sphere_totals(contacts_of(view, dataset, lang, city_id))
    totals = totals[totals["contacts"] > 0]
    if totals.empty:
        return None
    return charts.partner_spheres_chart(totals, lang)


def contacts_of(view: FilteredView, dataset: Dataset, lang: str, city_id: str) -> pd.DataFrame:
    """The partner's contacts within the filters."""
    return view.contacts[view.contacts["city_id"] == city_id]


def agreements_table(dataset: Dataset, lang: str, city_id: str) -> pd.DataFrame:
    agreements = dataset.agreements[dataset.agreements["city_id"] == city_id]
    return partners.agreements_table(agreements, dataset.agreement_statuses, lang)


def organisations_section(organisations: tuple[tuple[str, str], ...]) -> None:
    st.subheader(ctx.t("briefing.organisations"))
    if not organisations:
        st.caption(ctx.t("briefing.no_organisations"))
        return
    st.markdown(
        "\n".join(f"- {plain(name)}" + (f" — {plain(since)}" if since else "") for name, since in organisations)
    )


def body() -> None:
    page_header(ctx)
    city_id = choose_partner()
    if city_id is None:
        empty_notice(ctx)
        footer(ctx)
        return
    city = ctx.dataset.cities.set_index("city_id").loc[city_id]
    name = city[f"name_{ctx.lang}"]
    as_of = ui.today()
    b, files = derived_from_data(ctx, briefing_and_files, city_id, as_of)

    st.header(plain(name if ctx.lang == "ru" else f"{name} ({city['name_ru']})"), anchor=False)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(ctx.t("briefing.facts"))
        facts(city, b.facts)
    with right:
        st.subheader(ctx.t("briefing.status"))
        st.badge(b.status, color=partners.STATUS_BADGE_COLORS.get(b.status_key, "gray"))
        st.write(plain(b.status_detail))
        st.caption(ctx.t("partner.status_note"))
        ui.link(ctx, "health", "partner.open_health", ":material/monitor_heart:")
        st.subheader(ctx.t("partner.briefing"))
        st.caption(ctx.t("partner.briefing_note"))
        html_col, docx_col = st.columns(2)
        for failed in files.failed:
            st.warning(ctx.t("briefing.download_failed", file=failed), icon=":material/error:")
        if files.html is not None:
            html_col.download_button(
                ctx.t("partner.download_html"),
                files.html,
                file_name=briefing_filename(b, "html"),
                mime="text/html",
                key="briefing_html",
                icon=":material/download:",
                width="stretch",
            )
        if files.docx is not None:
            docx_col.download_button(
                ctx.t("partner.download_docx"),
                files.docx,
                file_name=briefing_filename(b, "docx"),
                mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                key="briefing_docx",
                icon=":material/download:",
                width="stretch",
            )

    st.subheader(ctx.t("common.agreements"))
    agreements = ctx.dataset.agreements[ctx.dataset.agreements["city_id"] == city_id]
    if agreements.empty:
        st.caption(ctx.t("briefing.no_agreements"))
    else:
        # A static table: the titles are long and must wrap to be read whole.
        st.table(
            plain_frame(derived_from_data(ctx, agreements_table, city_id)), hide_index=True, border="horizontal"
        )  # st.table reads its cells as Markdown

    contacts_section(city_id, name)
    left, right = st.columns(2, gap="large")
    with left:
        spheres_section(city_id)
    with right:
        organisations_section(b.organisations)

    if b.description_ru:
        st.subheader(ctx.t("briefing.description"))
        for paragraph in b.description_ru.split("\n"):
            if paragraph.strip():
                st.markdown(plain(paragraph.strip()))
    footer(ctx)


body()
