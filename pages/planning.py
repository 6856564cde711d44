"""The year ahead: round anniversaries, forums due and follow-ups in a chosen horizon, and the same items as a
calendar file (.ics) staff import into Outlook, Google Calendar or a phone.

The horizon is in the URL (`?start=2026-01-15&months=12`; left out when it is the default "next 12 months from
today", so a saved link keeps meaning the year ahead).
"""
from __future__ import annotations

import datetime
from itertools import groupby

import streamlit as st

from cooperation import profile
from cooperation.calendar_export import to_ics
from cooperation.i18n import format_date, plural
from cooperation.planning import (
    KINDS,
    PlanItem,
    city_names,
    dated_items,
    horizon_end,
    render_reason,
    render_title,
)
from cooperation.ui import derived, footer, page_header, page_setup, plain, run_page, today

START_KEY, MONTHS_KEY, KINDS_KEY = "p_start", "p_months", "p_kinds"
SHOWN_KEY = "_planning_shown"
URL_SEEN = "_planning_url_horizon"
KINDS_PRESENT = "_planning_kinds_present"
KIND_COLORS = {"agreement_anniversary": "blue", "first_contact_anniversary": "violet", "forum_due": "green",
               "follow_up": "orange"}

# page_setup rewrites the URL to the filters and the language, so the page's own parameters are read first.
REQUESTED = {key: st.query_params.get_all(key) for key in (profile.START_PARAM, profile.MONTHS_PARAM)}
ctx = page_setup("nav.planning")


def choose_horizon(now: datetime.date) -> tuple[datetime.date, int]:
    start, months, rejected = profile.parse_horizon(REQUESTED, now)
    for param, value in rejected:
        low, high = profile.MONTHS_RANGE
        st.warning(ctx.t(f"plan.bad_{param}", value=plain(value), low=low, high=high), icon=":material/help:")
    signature = repr(sorted((k, v) for k, v in REQUESTED.items() if v))
    if st.session_state.get(URL_SEEN) != signature:
        st.session_state[START_KEY] = start
        st.session_state[MONTHS_KEY] = months
    left, right, _ = st.columns([1, 1, 2])
    start = left.date_input(ctx.t("plan.start"), key=START_KEY,
                            format="DD.MM.YYYY" if ctx.lang == "ru" else "YYYY-MM-DD",
                            min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31))
    months = right.number_input(ctx.t("plan.months"), min_value=profile.MONTHS_RANGE[0],
                                max_value=profile.MONTHS_RANGE[1], step=1, key=MONTHS_KEY)
    start = start if isinstance(start, datetime.date) else now
    months = int(months)
    query = profile.horizon_query(start, months, now)
    for key in (profile.START_PARAM, profile.MONTHS_PARAM):
        if key in query:
            if st.query_params.get(key) != query[key]:
                st.query_params[key] = query[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state[URL_SEEN] = repr(sorted((k, [v]) for k, v in query.items()))
    return start, months


def seed_kinds(present: list[str]) -> str:
    """Every kind is shown at first; when the filters bring a new kind in while all were shown, it is shown too,
    and a kind the filters took away is dropped from the choice (a pills value must be one of its options)."""
    previous = st.session_state.get(KINDS_PRESENT)
    selected = st.session_state.get(KINDS_KEY)
    if selected is None or (previous is not None and set(selected) >= set(previous)):
        st.session_state[KINDS_KEY] = list(present)
    else:
        st.session_state[KINDS_KEY] = [k for k in selected if k in present]
    st.session_state[KINDS_PRESENT] = list(present)
    return KINDS_KEY


def items_in_view(now: datetime.date, start: datetime.date, months: int) -> list[PlanItem]:
    dated = derived(ctx, "planning.dated", lambda: dated_items(ctx.dataset, start, months), start, months,
                    per_view=False)
    return profile.plan_for_view(ctx.dataset, ctx.view, now, start, months, dated)


def show_more(limit: int) -> None:
    st.session_state[SHOWN_KEY] = limit + profile.PLAN_PAGE_SIZE


def item_card(item: PlanItem, cities: dict[str, str]) -> None:
    with st.container(border=True):
        when, what, link = st.columns([1.3, 6, 1.6], vertical_alignment="center")
        day, note = profile.plan_when(item, ctx.lang)
        when.markdown(f"**{day}**")
        if note:
            when.caption(note)
        kind = ctx.t(f"plan.kind.{item.kind}")
        title = plain(render_title(item, ctx.lang, cities))
        what.markdown(f":{KIND_COLORS.get(item.kind, 'gray')}-badge[{kind}] **{title}**")
        what.caption(plain(render_reason(item, ctx.lang, cities)))
        if item.city_id:
            link.page_link("pages/partner.py", label=ctx.t("plan.open_profile"), icon=":material/location_city:",
                           query_params={**ctx.query, profile.CITY_PARAM: [item.city_id]})


def body() -> None:
    page_header(ctx, "plan.title", "plan.intro")
    now = today()
    start, months = choose_horizon(now)
    end = horizon_end(start, months)
    items = derived(ctx, "planning.items", lambda: items_in_view(now, start, months), now, start, months)

    counts = profile.kind_counts(items)
    present = [k for k in KINDS if counts.get(k)]
    if present:
        chosen = st.pills(ctx.t("plan.kinds"), present, selection_mode="multi", key=seed_kinds(present),
                          format_func=lambda k: f"{ctx.t(f'plan.kind.{k}')} · {counts[k]}")
        shown = [item for item in items if item.kind in chosen]
    else:
        shown = []
    st.caption(ctx.t("plan.horizon", start=format_date(start, ctx.lang), end=format_date(end, ctx.lang),
                     n=len(shown), items=plural(len(shown), "plural.items", ctx.lang)))
    if not items:
        st.info(ctx.t("plan.empty"), icon=":material/event_available:")
    elif not shown:
        st.info(ctx.t("plan.no_kind"), icon=":material/filter_alt_off:")
    else:
        st.download_button(ctx.t("plan.download_ics"), lambda: to_ics(shown, ctx.lang, ctx.dataset.cities, now),
                           file_name=profile.ics_filename(ctx.lang, start, months), mime="text/calendar",
                           key="plan_ics", icon=":material/calendar_month:", help=ctx.t("plan.download_ics_help"))
        listed = profile.plan_listing(shown)
        names = derived(ctx, "planning.names", lambda: city_names(ctx.dataset.cities, ctx.lang), per_view=False)
        limit = st.session_state.get(SHOWN_KEY, profile.PLAN_PAGE_SIZE)
        for key, group in groupby(listed[:limit], key=profile.plan_group):
            st.subheader(profile.plan_heading(key, ctx.lang, now), anchor=False)
            for item in group:
                item_card(item, names)
        if len(listed) > limit:
            st.caption(ctx.t("plan.shown_of", shown=limit, total=len(listed)))
            st.button(ctx.t("plan.show_more", n=min(profile.PLAN_PAGE_SIZE, len(listed) - limit)), key="plan_more",
                      on_click=show_more, args=(limit,), icon=":material/expand_more:")
    if any(item.kind == "follow_up" for item in items):
        st.caption(profile.follow_up_note(ctx.lang))
    not_due = derived(ctx, "planning.not_due", lambda: profile.forums_not_due_note(ctx.dataset.events, ctx.lang),
                      per_view=False)
    if not_due and not (ctx.view.state.partners or ctx.view.state.countries):
        st.caption(not_due)
    footer(ctx)


run_page(body, ctx.lang)
