"""The year ahead: round anniversaries, forums due and follow-ups in a chosen horizon, as dated items.

Pure functions of the data and a given "today", so the planning page, the overview's "coming up" panel and
the calendar export list the same items, and the tests can pin the date. An item holds catalogue keys and
language-neutral parameters instead of text, so the page and the .ics render it in either language.

Most agreements are dated by year alone, so dates come at a precision (`vocab.DATE_PRECISIONS`). The
convention for a date known only to the year or month: the item is in the horizon when that year or month
overlaps it, and it carries that period — its `date` is the period's first day whatever the horizon, so one
item (one calendar UID) has one date in every export and view, and `date_precision` (with `render_when`)
tells the reader the day is not known. No day is invented: the page lists such items under their year or
month, the .ics makes them whole-month or whole-year events, and "coming up" (`next_items`) ranks them after
the items dated to the day.

A forum is expected only where the data shows a rhythm: a series held at least twice at a regular interval
of years (`forum_cycle`); a one-off conference has no "next edition" to predict.

The planning page's horizon travels in its URL (`parse_horizon`, `horizon_query`); `plan_for_view` is the plan
of a filtered view, and `plan_listing` with `plan_group` the order the page lists it in.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import pandas as pd

from cooperation.filters import FilteredView, last_value
from cooperation.health import DEFAULT_THRESHOLDS, Thresholds, cause_phrase, health_of, status_label
from cooperation.i18n import (
    format_date,
    format_number,
    format_period,
    month_name,
    normalise_lang,
    t,
)
from cooperation.loading import Dataset
from cooperation.vocab import FORUM_SERIES

KINDS: tuple[str, ...] = ("agreement_anniversary", "first_contact_anniversary", "forum_due", "follow_up")

# Anniversaries worth marking: every fifth year (5, 10, 15, …).
ROUND_YEARS = 5

# The agreement-health statuses (vocab.HEALTH_STATUSES) that call for a follow-up.
FOLLOW_UP_STATUSES: tuple[str, ...] = ("slowing", "dormant")

# What the reader is told when a date is not known to the day.
PRECISION_NOTES: dict[str, str] = {"year": "plan.only_year", "month": "plan.only_month"}


@dataclass(frozen=True)
class Term:
    """A catalogue key shown in the reader's language: a document type, a month, a year source."""

    key: str


@dataclass(frozen=True)
class City:
    """A city shown by its name in the reader's language, looked up in cities.csv."""

    city_id: str


@dataclass(frozen=True)
class Forum:
    """A hosted forum series shown by its name in the reader's language (`vocab.FORUM_SERIES`)."""

    series: str


@dataclass(frozen=True)
class Period:
    """A date or span from the data, shown at the precision the source gives it."""

    start: datetime.date
    end: datetime.date
    precision: str


@dataclass(frozen=True)
class Phrase:
    """A catalogue key with its own parameters, shown in the reader's language: "every 2 years"."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict, hash=False)


Param = int | float | str | Term | City | Forum | Period | Phrase
# Where item texts find city names: the cities frame, or `city_names` of it when rendering many items.
Cities = pd.DataFrame | Mapping[str, str]


@dataclass(frozen=True)
class PlanItem:
    """One thing to prepare for. `item_id` is stable across runs (the calendar UID is made from it);
    `city_id` is the partner whose profile the item links to, "" for a forum."""

    item_id: str
    kind: str
    date: datetime.date
    date_precision: str
    city_id: str
    title_key: str
    title_params: Mapping[str, Param] = field(hash=False)
    reason_key: str
    reason_params: Mapping[str, Param] = field(hash=False)


def horizon_end(start: datetime.date, months: int) -> datetime.date:
    """The last day (inclusive) of a horizon of `months` from `start`: 15 Jan 2026 + 12 → 14 Jan 2027.

    It is the day before the same day `months` later; when that month is too short for the day
    (31 January + 1), the horizon runs to the month's end, so no day between two horizons is lost.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return datetime.date(year, month, last_day)
    return datetime.date(year, month, start.day) - datetime.timedelta(days=1)


def _period_bounds(day: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    if precision == "year":
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    if precision == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day, day


def period_bounds(item: PlanItem) -> tuple[datetime.date, datetime.date]:
    """The first and last day the item can fall on: its day, or its whole month or year."""
    return _period_bounds(item.date, item.date_precision)


def _place(day: datetime.date, precision: str, start: datetime.date, end: datetime.date) -> datetime.date | None:
    """The date an item carries (see the module docstring): the first day of its period when that period
    overlaps the horizon, None when it cannot fall in it. Never moved to the horizon's start: an item keeps
    one date whatever view or export it is in."""
    first, last = _period_bounds(day, precision)
    return first if first <= end and last >= start else None


def _anniversary(original: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February falls on the 28th in a common year."""
    year = original.year + years
    return original.replace(year=year, day=min(original.day, calendar.monthrange(year, original.month)[1]))


def _round_years(since: int, start: datetime.date, end: datetime.date, step: int) -> Iterator[int]:
    """The round numbers of years since `since` that are reached in a calendar year the horizon touches."""
    for year in range(start.year, end.year + 1):
        years = year - since
        if years > 0 and years % step == 0:
            yield years


def _signing_period(agreement: pd.Series) -> Period | None:
    """The day an agreement was signed, as the ingest wrote it to agreements.csv (from the contact entry that
    records the signing, cooperation/ingest/signings.py); None when only the year is known."""
    start, end = agreement.get("date_signed_start"), agreement.get("date_signed_end")
    if start is None or pd.isna(start):
        return None
    first = start.date()
    return Period(first, end.date() if end is not None and pd.notna(end) else first, "day")


def round_anniversaries(
    agreements: pd.DataFrame, start: datetime.date, end: datetime.date, step: int = ROUND_YEARS
) -> list[PlanItem]:
    """Round anniversaries of agreements in [start, end], on the signing day where agreements.csv gives it.

    The ingest reads the day from the entry of the visit during which the document was signed (Harbin:
    "13-18 июня 2006 года … был подписан Меморандум"). Agreements without a year have no anniversary to mark.
    """
    items = []
    for _, agreement in agreements.sort_values("agreement_id").iterrows():
        if pd.isna(agreement["year_signed"]):
            continue
        signed_year = int(agreement["year_signed"])
        signing = _signing_period(agreement)
        for years in _round_years(signed_year, start, end, step):
            if signing is None:
                original, precision = datetime.date(signed_year, 1, 1), "year"
                reason_key = "plan.reason.agreement_anniversary.year"
                reason_params: dict[str, Param] = {
                    "year": signed_year,
                    "year_source": Term(f"year_source.{agreement['year_source']}"),
                }
            else:
                original, precision = signing.start, "day"
                single_day = signing.start == signing.end
                reason_key = f"plan.reason.agreement_anniversary.{'day' if single_day else 'day_range'}"
                reason_params = {"signed": signing}
            placed = _place(_anniversary(original, years), precision, start, end)
            if placed is None:
                continue
            items.append(
                PlanItem(
                    item_id=f"anniv-{agreement['agreement_id']}-{years}",
                    kind="agreement_anniversary",
                    date=placed,
                    date_precision=precision,
                    city_id=agreement["city_id"],
                    title_key="plan.title.agreement_anniversary",
                    title_params={
                        "partner": City(agreement["city_id"]),
                        "years": years,
                        "doc": Term(f"doc_type.{agreement['doc_type']}"),
                        "year": signed_year,
                    },
                    reason_key=reason_key,
                    reason_params=reason_params,
                )
            )
    return items


def first_contact_anniversaries(
    contacts: pd.DataFrame, cities: pd.DataFrame, start: datetime.date, end: datetime.date, step: int = ROUND_YEARS
) -> list[PlanItem]:
    """Round anniversaries of the first contact on record with each partner city.

    The earliest entry wins; an entry known only by its year sorts on 1 January, so when it shares a year
    with a dated one the anniversary stays at year precision rather than claiming a day that may be later.
    """
    partners = set(cities.loc[cities["role"] == "partner", "city_id"])
    dated = contacts[contacts["city_id"].isin(partners) & contacts["date_start"].notna()]
    firsts = dated.sort_values(["date_start", "contact_id"]).groupby("city_id", sort=True).head(1)
    items = []
    for _, contact in firsts.sort_values("city_id").iterrows():
        first_day = contact["date_start"].date()
        precision = contact["date_precision"] or "year"
        for years in _round_years(first_day.year, start, end, step):
            placed = _place(_anniversary(first_day, years), precision, start, end)
            if placed is None:
                continue
            items.append(
                PlanItem(
                    item_id=f"first-contact-{contact['city_id']}-{years}",
                    kind="first_contact_anniversary",
                    date=placed,
                    date_precision=precision,
                    city_id=contact["city_id"],
                    title_key="plan.title.first_contact_anniversary",
                    title_params={"partner": City(contact["city_id"]), "years": years, "year": first_day.year},
                    reason_key="plan.reason.first_contact_anniversary",
                    reason_params={"first": Period(first_day, first_day, precision)},
                )
            )
    return items


def forum_cycle(editions: pd.DataFrame) -> int | None:
    """The interval in years at which a series is held, or None when the data shows no rhythm.

    A rhythm needs at least two editions and the same number of years between every two consecutive ones
    (Kazan Digital Week 2020–2023: 1; «Казаныш» 2023, 2025: 2). A series held once (the World Conference of
    Historical Cities 2021) or at uneven intervals has no predictable next edition.
    """
    years = sorted({int(edition) for edition in editions["edition"].dropna()})
    gaps = {later - earlier for earlier, later in pairwise(years)}
    return gaps.pop() if len(gaps) == 1 else None


def unpredictable_forums(events: pd.DataFrame) -> list[str]:
    """The hosted series on record that `forums_due` cannot predict (held once or irregularly), in
    `FORUM_SERIES` order: the planning page names them so their absence is not read as an oversight."""
    return [
        series.series
        for series in FORUM_SERIES
        if not (editions := events[events["series"] == series.series]).empty and forum_cycle(editions) is None
    ]


def _cycle_phrase(cycle: int) -> Param:
    return Term("plan.cycle.yearly") if cycle == 1 else Phrase("plan.cycle.years", {"n": cycle})


def forums_due(events: pd.DataFrame, start: datetime.date, end: datetime.date) -> list[PlanItem]:
    """The editions of each regular hosted forum series expected in the horizon, every `forum_cycle` years
    after the latest known one.

    An edition is expected by the month the latest one was held in when the data knows that month, else by
    the series' usual month. A series held once or irregularly (`forum_cycle` is None) is left out, as is one
    with no edition in events.csv. Editions expected between the latest one and the horizon are not listed as
    missed: the reason names the latest edition, which shows the gap.
    """
    items = []
    for series in FORUM_SERIES:
        editions = events[events["series"] == series.series]
        cycle = forum_cycle(editions) if not editions.empty else None
        if cycle is None:
            continue
        latest = editions.sort_values("edition").iloc[-1]
        month_known = latest["date_precision"] in ("day", "month") and pd.notna(latest["date_start"])
        month = latest["date_start"].month if month_known else series.usual_month
        held_in = ", ".join(str(year) for year in sorted({int(e) for e in editions["edition"]}))
        reason_params: dict[str, Param] = {"cycle": _cycle_phrase(cycle), "editions": held_in}
        if month_known:
            held = latest["date_start"].date()
            held_end = latest["date_end"].date() if pd.notna(latest["date_end"]) else held
            reason_key = "plan.reason.forum_due.edition_month"
            reason_params["last"] = Period(held, held_end, latest["date_precision"])
        else:
            reason_key = "plan.reason.forum_due.usual_month"
            reason_params |= {"last": int(latest["edition"]), "month": Term(f"month.{month}")}
        for year in range(int(latest["edition"]) + cycle, end.year + 1, cycle):
            if year < start.year:
                continue
            due = datetime.date(year, month, 1)
            placed = _place(due, "month", start, end)
            if placed is None:
                continue
            items.append(
                PlanItem(
                    item_id=f"forum-{series.series}-{year}",
                    kind="forum_due",
                    date=placed,
                    date_precision="month",
                    city_id="",
                    title_key="plan.title.forum_due",
                    title_params={"forum": Forum(series.series), "due": Period(due, due, "month")},
                    reason_key=reason_key,
                    reason_params=reason_params,
                )
            )
    return items


def follow_ups(health: pd.DataFrame, on: datetime.date, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[PlanItem]:
    """A follow-up, dated `on`, for each partner the agreement-health rules flag as slowing or dormant.

    `health` is the frame of `cooperation.health.partner_health` (city_id, status, status_cause,
    last_contact, …), taken as an argument so that planning does not recompute the health rules; the reason
    quotes the status's catalogue name and the rule the partner met (`health.cause_phrase`), so it says what
    the health page says. The item id has no date in it: re-exporting the calendar on a later day moves the
    one reminder instead of adding another.
    """
    flagged = health[health["status"].isin(FOLLOW_UP_STATUSES)].sort_values("city_id")
    items = []
    for _, partner in flagged.iterrows():
        last: Param = (
            pd.Timestamp(partner["last_contact"]).year if pd.notna(partner["last_contact"]) else Term("common.none")
        )
        items.append(
            PlanItem(
                item_id=f"follow-up-{partner['city_id']}",
                kind="follow_up",
                date=on,
                date_precision="day",
                city_id=partner["city_id"],
                title_key="plan.title.follow_up",
                title_params={"partner": City(partner["city_id"])},
                reason_key="plan.reason.follow_up",
                reason_params={
                    "status": Term(f"health_status.{partner['status']}"),
                    "cause": Phrase(*cause_phrase(partner, thresholds)),
                    "last": last,
                },
            )
        )
    return items


def _order(item: PlanItem) -> tuple[datetime.date, int, str]:
    return item.date, KINDS.index(item.kind), item.item_id


def dated_items(dataset: Dataset, start: datetime.date, months: int = 12) -> list[PlanItem]:
    """The items the calendar alone brings in the horizon: anniversaries and forums due (not follow-ups).

    They depend on the dataset and the horizon only, not on the filters, so a page can keep them across
    filter changes and pass them to `plan`. A first-contact anniversary is dropped when the same partner has
    an agreement anniversary of the same number of years: the first contact was then the signing (Harbin,
    2006), and one reminder is enough.
    """
    end = horizon_end(start, months)
    anniversaries = round_anniversaries(dataset.agreements, start, end)
    marked = {(item.city_id, item.title_params["years"]) for item in anniversaries}
    first_contacts = [
        item
        for item in first_contact_anniversaries(dataset.contacts, dataset.cities, start, end)
        if (item.city_id, item.title_params["years"]) not in marked
    ]
    return anniversaries + first_contacts + forums_due(dataset.events, start, end)


def plan(
    dataset: Dataset,
    today: datetime.date,
    start: datetime.date | None = None,
    months: int = 12,
    health: pd.DataFrame | None = None,
    dated: list[PlanItem] | None = None,
) -> list[PlanItem]:
    """All items of the horizon of `months` from `start` (default: today), in date order.

    `dated` is `dated_items(dataset, start, months)` when the caller already has it. Follow-ups are dated
    today, or the horizon's first day when today is outside it. Without a `health` frame there are no
    follow-ups.
    """
    start = start or today
    end = horizon_end(start, months)
    items = list(dated_items(dataset, start, months) if dated is None else dated)
    if health is not None:
        items += follow_ups(health, today if start <= today <= end else start)
    return sorted(items, key=_order)


PRECISION_RANK: dict[str, int] = {"day": 0, "month": 1, "year": 2}


def next_items(items: list[PlanItem], today: datetime.date, n: int = 3) -> list[PlanItem]:
    """The overview's "coming up" panel: `n` items still ahead of `today`, those dated to the day first.

    An item whose period began before today is left out — a "2026, only the year is known" anniversary may
    already have passed in December 2026. Then the dated items in date order, then those known by the month,
    then by the year; follow-ups (reminders dated today by convention, not by an event) come last.
    """
    ahead = [item for item in items if item.date >= today]
    return sorted(
        ahead, key=lambda item: (item.kind == "follow_up", PRECISION_RANK.get(item.date_precision, 3), *_order(item))
    )[:n]


def city_names(cities: pd.DataFrame, lang: str) -> dict[str, str]:
    """city_id → the city's name in `lang`: made once by whoever renders many items (looking a name up in
    the frame per item took seconds for a thousand items)."""
    return dict(zip(cities["city_id"], cities[f"name_{normalise_lang(lang)}"].astype(str)))


def _city_name(city_id: str, lang: str, cities: Cities) -> str:
    names = cities if isinstance(cities, Mapping) else city_names(cities, lang)
    return names.get(city_id, city_id)


def forum_name(series: str, lang: str) -> str:
    """A hosted forum series' name in `lang`."""
    found = next(s for s in FORUM_SERIES if s.series == series)
    return found.name_en if normalise_lang(lang) == "en" else found.name_ru


def localise(value: Param, lang: str, cities: Cities) -> str:
    """A parameter of an item's text in `lang`."""
    if isinstance(value, Term):
        return t(value.key, lang)
    if isinstance(value, City):
        return _city_name(value.city_id, lang, cities)
    if isinstance(value, Forum):
        return forum_name(value.series, lang)
    if isinstance(value, Period):
        return format_period(value.start, value.end, value.precision, lang)
    if isinstance(value, Phrase):
        return _render(value.key, value.params, lang, cities)
    if isinstance(value, float):
        return format_number(value, lang, 0 if value.is_integer() else 1)
    return str(value)


def _render(key: str, params: Mapping[str, Param], lang: str, cities: Cities) -> str:
    return t(key, lang, **{name: localise(value, lang, cities) for name, value in params.items()})


def render_title(item: PlanItem, lang: str, cities: Cities) -> str:
    """What the item is: "Harbin: 20th anniversary of the Memorandum (2006)"."""
    return _render(item.title_key, item.title_params, lang, cities)


def render_reason(item: PlanItem, lang: str, cities: Cities) -> str:
    """Why the item is there: where its date comes from, or the status that calls for a follow-up."""
    return _render(item.reason_key, item.reason_params, lang, cities)


def precision_note(item: PlanItem, lang: str) -> str:
    """ "only the year is known" (or month) for an item not dated to the day; "" otherwise."""
    key = PRECISION_NOTES.get(item.date_precision)
    return t(key, lang) if key else ""


def render_when(item: PlanItem, lang: str) -> str:
    """The item's date at its precision, saying when only the year or month is known: "2026 (only the year
    is known)" — never a made-up day; a reminder is "Now" (it is dated today by convention, not by an event)."""
    if item.kind == "follow_up":
        return t("plan.now", lang)
    text = format_date(item.date, lang, item.date_precision)
    note = precision_note(item, lang)
    return f"{text} ({note})" if note else text


# ------------------------------------------------------------------ the planning page: horizon in the URL, listing

# Query parameters of the horizon (`?start=2026-01-15&months=12`).
START_PARAM, MONTHS_PARAM = "start", "months"
DEFAULT_MONTHS = 12
MONTHS_RANGE = (1, 60)
# Planning cards drawn at first and added per "show more": a thousand partners bring a thousand anniversaries
# a year, and each card is a handful of elements (drawing them all took seconds). The .ics holds every item.
PLAN_PAGE_SIZE = 50


def parse_horizon(
    params: Mapping[str, Sequence[str] | str], today: datetime.date
) -> tuple[datetime.date, int, list[tuple[str, str]]]:
    """The horizon a URL holds (`?start=2026-01-15&months=12`); invalid values fall back to today and 12
    months and are reported as (parameter, value as given)."""
    rejected: list[tuple[str, str]] = []
    start, months = today, DEFAULT_MONTHS
    raw_start = last_value(params.get(START_PARAM))
    if raw_start:
        try:
            start = datetime.date.fromisoformat(raw_start.strip())
            if not 1900 <= start.year <= 2200:
                raise ValueError(raw_start)
        except ValueError:
            start = today
            rejected.append((START_PARAM, raw_start))
    raw_months = last_value(params.get(MONTHS_PARAM))
    if raw_months:
        try:
            months = int(raw_months.strip())
            if not MONTHS_RANGE[0] <= months <= MONTHS_RANGE[1]:
                raise ValueError(raw_months)
        except ValueError:
            months = DEFAULT_MONTHS
            rejected.append((MONTHS_PARAM, raw_months))
    return start, months, rejected


def horizon_query(start: datetime.date, months: int, today: datetime.date) -> dict[str, str]:
    """The horizon as query parameters; the defaults (from today, 12 months) are left out so the link keeps
    meaning "the next year" when it is opened later."""
    query = {}
    if start != today:
        query[START_PARAM] = start.isoformat()
    if months != DEFAULT_MONTHS:
        query[MONTHS_PARAM] = str(months)
    return query


def plan_for_view(
    dataset: Dataset,
    view: FilteredView,
    today: datetime.date,
    start: datetime.date | None = None,
    months: int = DEFAULT_MONTHS,
    dated: list[PlanItem] | None = None,
) -> list[PlanItem]:
    """The plan of the horizon for a filtered view: the planning page's list and the overview's "coming up".

    Follow-ups come from the statuses of `health.health_of` — all contacts up to today — so a year filter
    never invents one (Harbin, met in February 2025, is not "slowing" under a 2020–2023 filter); the filters
    only choose the partners (`items_in_view`). `dated` is `planning.dated_items(dataset, start, months)` when
    the caller keeps it.
    """
    health = health_of(dataset, view.partners, today)
    items = plan(dataset, today, start, months, health=health, dated=dated)
    state = view.state
    return items_in_view(items, set(view.partners["city_id"]), bool(state.partners or state.countries))


PlanGroup = tuple[int, int, int]


def plan_group(item: PlanItem) -> PlanGroup:
    """Where the planning page lists an item: reminders first, under "now" (they are dated today by convention,
    not by an event); then by month, and an item known only by its year under that year, before its January."""
    if item.kind == "follow_up":
        return 0, 0, 0
    return 1, item.date.year, 0 if item.date_precision == "year" else item.date.month


def plan_listing(items: Sequence[PlanItem]) -> list[PlanItem]:
    """The items in the order the planning page lists them (`plan_group`, then date; stable otherwise)."""
    return sorted(items, key=lambda item: (plan_group(item), item.date))


def plan_heading(group: PlanGroup, lang: str, today: datetime.date) -> str:
    """ "Now: partners to contact (statuses as of 1 Dec 2026)", "2027 — exact date not known", "June 2027"."""
    _, year, month = group
    if group[0] == 0:
        return t("plan.group_now", lang, date=format_date(today, lang))
    if month == 0:
        return t("plan.group_year", lang, year=year)
    return f"{month_name(month, lang).capitalize()} {year}"


def plan_when(item: PlanItem, lang: str) -> tuple[str, str]:
    """The date a card shows and its note: "now" for a reminder, else the date at its precision with "only the
    year is known" where it applies — never an invented day."""
    if item.kind == "follow_up":
        return t("plan.now", lang), ""
    return format_date(item.date, lang, item.date_precision), precision_note(item, lang)


def follow_up_note(lang: str) -> str:
    """What a reminder means, naming the statuses as the health page names them."""
    return t("plan.follow_up_note", lang, slowing=status_label("slowing", lang), dormant=status_label("dormant", lang))


def forums_not_due_note(dataset: Dataset, lang: str) -> str:
    """ "No next edition is predicted for …", naming the series held once or irregularly; "" when there are none."""
    names = [forum_name(series, lang) for series in unpredictable_forums(dataset.events)]
    return t("plan.forums_not_due", lang, forums="; ".join(names)) if names else ""


def items_in_view(items: Sequence[PlanItem], partner_ids: set[str], partners_filtered: bool) -> list[PlanItem]:
    """The plan items a filtered view keeps: those of its partners; the forums Kazan hosts belong to no
    partner and are kept unless the view is narrowed to some partners or countries."""
    return [item for item in items if (item.city_id in partner_ids if item.city_id else not partners_filtered)]


def kind_counts(items: Sequence[PlanItem]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return counts


def ics_filename(lang: str, start: datetime.date, months: int) -> str:
    """E.g. "kazan-plan-en-2026-01-15-12m.ics"."""
    return f"kazan-plan-{normalise_lang(lang)}-{start.isoformat()}-{months}m.ics"
