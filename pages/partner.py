"""Partner profile: one partner city — facts, agreements, contacts, spheres, shared organisations, status — and
a briefing to download for a meeting or a trip.

The partner is in the URL (`?city=harbin`), so other pages link here with
`st.page_link("pages/partner.py", query_params={**ctx.query, "city": [city_id]})`.
"""
from __future__ import annotations

import datetime

import pandas as pd
import streamlit as st

from cooperation import charts, metrics, profile
from cooperation.briefing import Briefing, briefing_data, briefing_docx, briefing_filename, briefing_html
from cooperation.ui import coverage, derived, empty_notice, footer, page_header, page_setup, plain, run_page, today

CITY_KEY = "partner_city"
URL_SEEN = "_partner_url_city"
LAST_CHOSEN = "_partner_last_city"

# page_setup rewrites the URL to the filters and the language, so the page's own parameter is read first.
REQUESTED = st.query_params.get_all(profile.CITY_PARAM)
ctx = page_setup("nav.partner")


def briefing_files(city_id: str, as_of: datetime.date) -> tuple[Briefing, str, bytes]:
    """The briefing and its HTML and DOCX files: the page shows the briefing's facts, so they are one build."""
    b = briefing_data(ctx.dataset, city_id, ctx.lang, as_of, coverage=coverage(ctx))
    return b, briefing_html(b), briefing_docx(b)


def choose_partner() -> str | None:
    """The selectbox, seeded from `?city=` when the URL changed (a link, back/forward), written back on change."""
    names = derived(ctx, "partner.names", lambda: profile.partner_names(
        ctx.dataset.cities[ctx.dataset.cities["role"] == "partner"], ctx.lang), per_view=False)
    if not names:
        return None
    in_view = set(ctx.view.partners["city_id"])
    view_ids = [c for c in names if c in in_view]
    fallback = profile.default_city(list(names), view_ids, st.session_state.get(LAST_CHOSEN))
    requested = REQUESTED[-1] if REQUESTED else None
    city, unknown = profile.resolve_city(requested, list(names), fallback)
    if unknown:
        st.warning(ctx.t("partner.unknown_city", value=plain(requested), name=names[city]), icon=":material/help:")
    if st.session_state.get(URL_SEEN) != requested or st.session_state.get(CITY_KEY) not in names:
        st.session_state[CITY_KEY] = city
    column, _ = st.columns([1, 2])
    chosen = column.selectbox(ctx.t("partner.choose"), list(names), key=CITY_KEY, format_func=names.get)
    st.session_state[URL_SEEN] = chosen
    st.session_state[LAST_CHOSEN] = chosen
    if st.query_params.get(profile.CITY_PARAM) != chosen:
        st.query_params[profile.CITY_PARAM] = chosen
    return chosen


def facts(city: pd.Series, brief_facts: tuple[tuple[str, str], ...]) -> None:
    lines = []
    website_label = ctx.t("briefing.website")
    for name, value in brief_facts:
        link = profile.safe_link(city["website"]) if name == website_label else None
        shown = f"[{plain(link)}]({link})" if link else plain(value)
        lines.append(f"- **{name}:** {shown}")
    st.markdown("\n".join(lines))


def contacts_section(city_id: str, name: str) -> None:
    st.subheader(ctx.t("partner.contacts"))
    own = own_contacts(city_id)
    if ctx.view.contacts.empty:
        empty_notice(ctx)
    elif own.empty:
        has_any = (ctx.dataset.contacts["city_id"] == city_id).any()
        key = "partner.filtered_out" if has_any else "partner.no_contacts"
        st.info(ctx.t(key, name=name), icon=":material/search_off:")
    if own.empty:
        return
    st.caption(ctx.t("partner.contacts_count", n=len(own), total=int((ctx.contacts["city_id"] == city_id).sum())))
    figure = derived(ctx, "partner.timeline", lambda: charts.timeline_chart(own, ctx.lang, ctx.view.state.spheres),
                     city_id)
    st.plotly_chart(figure, key="partner_timeline")
    st.page_link("pages/timeline.py", label=ctx.t("partner.open_timeline"), icon=":material/timeline:",
                 query_params={**ctx.query, "partner": [city_id]})


def spheres_section(city_id: str) -> None:
    st.subheader(ctx.t("partner.spheres"))
    figure = derived(ctx, "partner.spheres", lambda: spheres_chart(own_contacts(city_id)), city_id)
    if figure is None:
        st.caption(ctx.t("partner.no_spheres"))
        return
    st.plotly_chart(figure, key="partner_spheres")


def spheres_chart(own: pd.DataFrame):
    """The partner's contacts by sphere, untitled (the section heading says it); None without any."""
    totals = metrics.sphere_totals(own)
    totals = totals[totals["contacts"] > 0]
    if totals.empty:
        return None
    figure = charts.sphere_totals_chart(totals, ctx.lang)
    figure.update_layout(title_text="", margin_t=30, height=max(180, 60 + 34 * len(totals)))
    return figure


def own_contacts(city_id: str) -> pd.DataFrame:
    """The partner's contacts within the filters."""
    return derived(ctx, "partner.contacts", lambda: ctx.view.contacts[ctx.view.contacts["city_id"] == city_id],
                   city_id)


def organisations_section(organisations: tuple[tuple[str, str], ...]) -> None:
    st.subheader(ctx.t("briefing.organisations"))
    if not organisations:
        st.caption(ctx.t("briefing.no_organisations"))
        return
    st.markdown("\n".join(f"- {plain(name)}" + (f" — {plain(since)}" if since else "")
                          for name, since in organisations))


def body() -> None:
    page_header(ctx, "partner.title", "partner.intro")
    city_id = choose_partner()
    if city_id is None:
        empty_notice(ctx)
        footer(ctx)
        return
    city = ctx.dataset.cities.set_index("city_id").loc[city_id]
    name = city[f"name_{ctx.lang}"]
    as_of = today()
    b, html_text, docx_bytes = derived(ctx, "partner.briefing", lambda: briefing_files(city_id, as_of), city_id, as_of)

    st.header(plain(name if ctx.lang == "ru" else f"{name} ({city['name_ru']})"), anchor=False)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(ctx.t("briefing.facts"))
        facts(city, b.facts)
    with right:
        st.subheader(ctx.t("briefing.status"))
        st.badge(b.status, color=profile.STATUS_BADGE_COLORS.get(b.status_key, "gray"))
        st.write(plain(b.status_detail))
        st.caption(ctx.t("partner.status_note"))
        st.page_link("pages/health.py", label=ctx.t("partner.open_health"), icon=":material/monitor_heart:",
                     query_params=ctx.query)
        st.subheader(ctx.t("partner.briefing"))
        st.caption(ctx.t("partner.briefing_note"))
        html_col, docx_col = st.columns(2)
        html_col.download_button(ctx.t("partner.download_html"), html_text.encode("utf-8"),
                                 file_name=briefing_filename(b, "html"), mime="text/html", key="briefing_html",
                                 icon=":material/download:", width="stretch")
        docx_col.download_button(
            ctx.t("partner.download_docx"), docx_bytes, file_name=briefing_filename(b, "docx"),
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="briefing_docx", icon=":material/download:", width="stretch")

    st.subheader(ctx.t("common.agreements"))
    agreements = ctx.dataset.agreements[ctx.dataset.agreements["city_id"] == city_id]
    if agreements.empty:
        st.caption(ctx.t("briefing.no_agreements"))
    else:
        # A static table: the titles are long and must wrap to be read whole.
        st.table(derived(ctx, "partner.agreements", lambda: profile.agreements_table(
            agreements, ctx.dataset.agreement_statuses, ctx.lang), city_id), hide_index=True, border="horizontal")

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


run_page(body, ctx.lang)
