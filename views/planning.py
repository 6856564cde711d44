"""The year ahead: round anniversaries, forums due and follow-ups in a chosen horizon, and the same items as a
calendar file (.ics) staff import into Outlook, Google Calendar or a phone.

The horizon is in the URL (`?start=2026-01-15&months=12`; left out when it is the default "next 12 months from
today", so a saved link keeps meaning the year ahead).
"""

from __future__ import annotations

import datetime
from itertools import groupby

import streamlit as st

from cooperation import planning, ui
from cooperation.export.ics import to_ics
from cooperation.filters import FilteredView
from cooperation.i18n import format_date, plural
from cooperation.loading import Dataset
from cooperation.partners import CITY_PARAM
from cooperation.planning import (
    KINDS,
    PlanItem,
    city_names,
    horizon_end,
    render_reason,
    render_title,
)
from cooperation.ui import derived, derived_from_data, footer, page_header, plain, urlstate

START_KEY, MONTHS_KEY, KINDS_KEY = "p_start", "p_months", "p_kinds"
SHOWN_KEY = "_planning_shown"
KINDS_PRESENT = "_planning_kinds_present"
KIND_COLORS = {
    "agreement_anniversary": "blue",
    "first_contact_anniversary": "violet",
    "forum_due": "green",
    "follow_up": "orange",
}

ctx = ui.current()


def horizon_binding(now: datetime.date) -> urlstate.Binding[tuple[datetime.date, int]]:
    """The horizon as URL state (`?start=2026-01-15&months=12`; the defaults are left out)."""

    def parse(query: dict[str, list[str]]) -> tuple[tuple[datetime.date, int], list[str]]:
        start, months, rejected = planning.parse_horizon(query, now)
        low, high = planning.MONTHS_RANGE
        return (start, months), [
            ctx.t(f"plan.bad_{param}", value=value, low=low, high=high) for param, value in rejected
        ]

    return urlstate.Binding(
        name="planning",
        params=(planning.START_PARAM, planning.MONTHS_PARAM),
        parse=parse,
        to_query=lambda horizon: {k: [v] for k, v in planning.horizon_query(*horizon, now).items()},
        to_widgets=lambda horizon: {START_KEY: horizon[0], MONTHS_KEY: horizon[1]},
    )


def choose_horizon(now: datetime.date) -> tuple[datetime.date, int]:
    binding = horizon_binding(now)
    _, rejected = urlstate.bind(binding, ctx.requested)
    ui.notices(rejected, ctx.lang)
    left, right, _ = st.columns([1, 1, 2])
    start = left.date_input(
        ctx.t("plan.start"),
        key=START_KEY,
        format="DD.MM.YYYY" if ctx.lang == "ru" else "YYYY-MM-DD",
        min_value=datetime.date(1900, 1, 1),
        max_value=datetime.date(2200, 12, 31),
    )
    months = right.number_input(
        ctx.t("plan.months"),
        min_value=planning.MONTHS_RANGE[0],
        max_value=planning.MONTHS_RANGE[1],
        step=1,
        key=MONTHS_KEY,
    )
    start = start if isinstance(start, datetime.date) else now
    months = int(months)
    urlstate.write(binding, (start, months))
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


def items_in_view(
    view: FilteredView, dataset: Dataset, lang: str, now: datetime.date, start: datetime.date, months: int
) -> list[PlanItem]:
    """The plan of the horizon, for the partners in the filters (all items when no partner or country is chosen)."""
    return planning.plan_for_view(dataset, view, now, start, months)


def names_of_cities(dataset: Dataset, lang: str) -> dict[str, str]:
    return city_names(dataset.cities, lang)


def show_more(limit: int) -> None:
    st.session_state[SHOWN_KEY] = limit + planning.PLAN_PAGE_SIZE


def item_card(item: PlanItem, cities: dict[str, str]) -> None:
    with st.container(border=True):
        when, what, link = st.columns([1.3, 6, 1.6], vertical_alignment="center")
        day, note = planning.plan_when(item, ctx.lang)
        when.markdown(f"**{day}**")
        if note:
            when.caption(note)
        kind = ctx.t(f"plan.kind.{item.kind}")
        title = plain(render_title(item, ctx.lang, cities))
        what.markdown(f":{KIND_COLORS.get(item.kind, 'gray')}-badge[{kind}] **{title}**")
        what.caption(plain(render_reason(item, ctx.lang, cities)))
        if item.city_id:
            ui.link(
                ctx,
                "partner",
                "plan.open_profile",
                ":material/location_city:",
                params={CITY_PARAM: [item.city_id]},
                container=link,
            )


def body() -> None:
    page_header(ctx)
    now = ui.today()
    start, months = choose_horizon(now)
    end = horizon_end(start, months)
    items = derived(ctx, items_in_view, now, start, months)

    counts = planning.kind_counts(items)
    present = [k for k in KINDS if counts.get(k)]
    if present:
        chosen = st.pills(
            ctx.t("plan.kinds"),
            present,
            selection_mode="multi",
            key=seed_kinds(present),
            format_func=lambda k: f"{ctx.t(f'plan.kind.{k}')} · {counts[k]}",
        )
        shown = [item for item in items if item.kind in chosen]
    else:
        shown = []
    st.caption(
        ctx.t(
            "plan.horizon",
            start=format_date(start, ctx.lang),
            end=format_date(end, ctx.lang),
            n=len(shown),
            items=plural(len(shown), "plural.items", ctx.lang),
        )
    )
    if not items:
        st.info(ctx.t("plan.empty"), icon=":material/event_available:")
    elif not shown:
        st.info(ctx.t("plan.no_kind"), icon=":material/filter_alt_off:")
    else:
        st.download_button(
            ctx.t("plan.download_ics"),
            lambda: to_ics(shown, ctx.lang, ctx.dataset.cities, now),
            file_name=planning.ics_filename(ctx.lang, start, months),
            mime="text/calendar",
            key="plan_ics",
            icon=":material/calendar_month:",
            help=ctx.t("plan.download_ics_help"),
        )
        listed = planning.plan_listing(shown)
        names = derived_from_data(ctx, names_of_cities)
        limit = st.session_state.get(SHOWN_KEY, planning.PLAN_PAGE_SIZE)
        for key, group in groupby(listed[:limit], key=planning.plan_group):
            st.subheader(planning.plan_heading(key, ctx.lang, now), anchor=False)
            for item in group:
                item_card(item, names)
        if len(listed) > limit:
            st.caption(ctx.t("plan.shown_of", shown=limit, total=len(listed)))
            st.button(
                ctx.t("plan.show_more", n=min(planning.PLAN_PAGE_SIZE, len(listed) - limit)),
                key="plan_more",
                on_click=show_more,
                args=(limit,),
                icon=":material/expand_more:",
            )
    if any(item.kind == "follow_up" for item in items):
        st.caption(planning.follow_up_note(ctx.lang))
    not_due = derived_from_data(ctx, planning.forums_not_due_note)
    if not_due and not (ctx.view.state.partners or ctx.view.state.countries):
        st.caption(not_due)
    footer(ctx)


body()
