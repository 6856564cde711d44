"""The year ahead on the real data with a fixed "today", and on small frames for the edge cases."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from cooperation import planning as planning_page
from cooperation.i18n import CATALOGUE, LANGS
from cooperation.loading import Dataset, load_dataset
from cooperation.planning import (
    KINDS,
    Phrase,
    PlanItem,
    Term,
    first_contact_anniversaries,
    follow_ups,
    forum_cycle,
    forums_due,
    horizon_end,
    next_items,
    period_bounds,
    plan,
    render_reason,
    render_title,
    render_when,
    round_anniversaries,
)

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def health() -> pd.DataFrame:
    """The shape of cooperation.health.partner_health's result, one partner per status."""
    return pd.DataFrame(
        {
            "city_id": ["harbin", "hebron", "hefei", "urbino"],
            "status": ["active", "dormant", "slowing", "never_activated"],
            "status_cause": ["active", "dormant", "slowing_quiet", "never_activated"],
            "last_contact": pd.to_datetime(["2025-02-08", "2020-01-01", "2023-09-08", None]),
            "years_since_last": [0.9, 6.0, 2.4, None],
            "trend_recent": [4, 0, 2, 0],
            "trend_previous": [3, 1, 1, 0],
        }
    )


def overlaps(item: PlanItem, start: date, end: date) -> bool:
    first, last = period_bounds(item)
    return first <= end and last >= start


def by_id(items: list[PlanItem]) -> dict[str, PlanItem]:
    return {item.item_id: item for item in items}


def anniversaries_in(dataset: Dataset, start: date, end: date) -> dict[str, PlanItem]:
    return by_id(round_anniversaries(dataset.agreements, start, end))


def test_horizon_end_is_inclusive_and_runs_to_the_end_of_a_short_month() -> None:
    assert horizon_end(date(2026, 1, 15), 12) == date(2027, 1, 14)
    assert horizon_end(date(2026, 1, 1), 12) == date(2026, 12, 31)
    assert horizon_end(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert horizon_end(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert horizon_end(date(2027, 12, 31), 2) == date(2028, 2, 29)


def test_harbin_2006_memorandum_is_a_20th_anniversary_on_its_signing_day(dataset: Dataset) -> None:
    items = anniversaries_in(dataset, TODAY, horizon_end(TODAY, 12))
    harbin = items["anniv-harbin-memorandum-2006-20"]
    assert harbin.kind == "agreement_anniversary"
    assert (harbin.date, harbin.date_precision) == (date(2026, 6, 13), "day")
    assert harbin.city_id == "harbin"
    assert harbin.title_params["years"] == 20
    # The signing day comes from the 13-18 June 2006 visit, so the reason says the span and the first day.
    assert harbin.reason_key == "plan.reason.agreement_anniversary.day_range"


def test_agreements_signed_in_2025_have_no_round_anniversary_yet(dataset: Dataset) -> None:
    items = anniversaries_in(dataset, TODAY, horizon_end(TODAY, 12))
    assert not [i for i in items if i.startswith(("anniv-tehran-agreement-2025", "anniv-wuhan-memorandum-2025"))]


def test_hangzhou_has_no_round_anniversary_in_2026(dataset: Dataset) -> None:
    items = anniversaries_in(dataset, date(2026, 1, 1), date(2026, 12, 31))
    assert not [item for item in items.values() if item.city_id == "hangzhou"]


def test_the_2023_horizon_has_the_20th_twinning_anniversary_with_hangzhou(dataset: Dataset) -> None:
    """The one the source page describes: a video greeting and a music teleconference in 2023."""
    items = anniversaries_in(dataset, date(2023, 1, 1), date(2023, 12, 31))
    assert items["anniv-hangzhou-agreement-2003-20"].date_precision == "year"


def test_a_year_only_anniversary_carries_its_year_not_a_day_of_the_horizon(dataset: Dataset) -> None:
    items = anniversaries_in(dataset, TODAY, horizon_end(TODAY, 12))
    hyderabad = items["anniv-hyderabad-treaty-2001-25"]
    assert (hyderabad.date, hyderabad.date_precision) == (date(2026, 1, 1), "year")
    assert hyderabad.reason_key == "plan.reason.agreement_anniversary.year"
    # 2027 overlaps the horizon's last two weeks, so the memorandum's 25th may fall in it: listed on 1 January.
    hangzhou = items["anniv-hangzhou-memorandum-2002-25"]
    assert (hangzhou.date, hangzhou.date_precision) == (date(2027, 1, 1), "year")


def test_a_single_day_signing_entry_dates_the_anniversary(dataset: Dataset) -> None:
    items = anniversaries_in(dataset, date(2027, 1, 1), date(2027, 12, 31))
    qiqihar = items["anniv-qiqihar-protocol-2022-5"]
    assert (qiqihar.date, qiqihar.date_precision) == (date(2027, 6, 17), "day")
    assert qiqihar.reason_key == "plan.reason.agreement_anniversary.day"


def test_the_signing_day_is_read_from_agreements_csv() -> None:
    """Planning holds no signing rule of its own: the day is the one the ingest wrote (ingest/signings.py)."""
    agreements = pd.DataFrame(
        {
            "agreement_id": ["x-agreement-2010", "x-memorandum-2010"],
            "city_id": ["x", "x"],
            "doc_type": ["agreement", "memorandum"],
            "year_signed": pd.array([2010, 2010], dtype="Int64"),
            "year_source": ["document", "document"],
            "date_signed_start": pd.to_datetime(["2010-09-10", None]),
            "date_signed_end": pd.to_datetime(["2010-09-11", None]),
        }
    )
    items = by_id(round_anniversaries(agreements, date(2020, 1, 1), date(2020, 12, 31)))
    assert (items["anniv-x-agreement-2010-10"].date, items["anniv-x-agreement-2010-10"].reason_key) == (
        date(2020, 9, 10),
        "plan.reason.agreement_anniversary.day_range",
    )
    assert items["anniv-x-memorandum-2010-10"].date_precision == "year"


def test_first_contact_anniversaries_of_partners(dataset: Dataset) -> None:
    items = by_id(first_contact_anniversaries(dataset.contacts, dataset.cities, TODAY, horizon_end(TODAY, 12)))
    assert (items["first-contact-harbin-20"].date, items["first-contact-harbin-20"].date_precision) == (
        date(2026, 6, 13),
        "day",
    )
    assert (items["first-contact-qiqihar-10"].date, items["first-contact-qiqihar-10"].date_precision) == (
        date(2027, 1, 1),
        "year",
    )
    assert all(item.kind == "first_contact_anniversary" for item in items.values())


def test_a_first_contact_that_was_the_signing_gives_one_item_not_two(dataset: Dataset) -> None:
    items = by_id(plan(dataset, TODAY))
    assert "anniv-harbin-memorandum-2006-20" in items
    assert "first-contact-harbin-20" not in items
    assert "first-contact-qiqihar-10" in items


def test_only_series_held_at_least_twice_at_a_regular_interval_are_due(dataset: Dataset) -> None:
    items = by_id(forums_due(dataset.events, TODAY, horizon_end(TODAY, 12)))
    # Kazan Digital Week (2020–2023) and ROSTKI (2023–2025) are yearly; «Казаныш» (2023, 2025) is due in 2027.
    assert set(items) == {"forum-kazan_digital_week-2026", "forum-rostki-2026"}
    # The 2023 Kazan Digital Week is dated by year only: its usual month, September, is used.
    digital_week = items["forum-kazan_digital_week-2026"]
    assert (digital_week.date, digital_week.date_precision) == (date(2026, 9, 1), "month")
    assert digital_week.reason_key == "plan.reason.forum_due.usual_month"
    assert digital_week.reason_params["cycle"] == Term("plan.cycle.yearly")
    assert digital_week.reason_params["editions"] == "2020, 2021, 2022, 2023"
    assert digital_week.city_id == ""
    assert items["forum-rostki-2026"].date == date(2026, 8, 1)
    assert "every year" in render_reason(digital_week, "en", dataset.cities)


def test_a_one_off_forum_is_never_due(dataset: Dataset) -> None:
    """The World Conference of Historical Cities (June 2021) and the AMF bureau meeting (May 2023) were held
    once: no yearly "due" item for them, in any horizon."""
    items = by_id(forums_due(dataset.events, date(2021, 1, 1), date(2031, 12, 31)))
    for series in ("historic_cities_conference", "asian_mayors_forum_bureau", "united_cities_forum"):
        assert not [i for i in items if i.startswith(f"forum-{series}-")], series


def test_a_biennial_series_is_due_every_other_year_by_the_latest_editions_month(dataset: Dataset) -> None:
    items = by_id(forums_due(dataset.events, date(2026, 1, 1), date(2029, 12, 31)))
    kazanysh = sorted(i for i in items if i.startswith("forum-kazanysh-"))
    assert kazanysh == ["forum-kazanysh-2027", "forum-kazanysh-2029"]
    # Kazanysh 2025 was held in February, not in its usual December: the latest edition's month wins.
    assert items["forum-kazanysh-2027"].date == date(2027, 2, 1)
    assert items["forum-kazanysh-2027"].reason_key == "plan.reason.forum_due.edition_month"
    assert items["forum-kazanysh-2027"].reason_params["cycle"] == Phrase("plan.cycle.years", {"n": 2})
    assert "раз в 2 г." in render_reason(items["forum-kazanysh-2027"], "ru", dataset.cities)


@pytest.mark.parametrize(
    ("editions", "cycle"),
    [
        ([2021], None),
        ([2020, 2021, 2022], 1),
        ([2023, 2025], 2),
        ([2019, 2020, 2023], None),
        ([2022, 2022, 2023], 1),
        ([], None),
    ],
)
def test_forum_cycle(editions: list[int], cycle: int | None) -> None:
    assert forum_cycle(pd.DataFrame({"edition": editions})) == cycle


def test_a_two_year_horizon_expects_two_editions_and_none_before_the_latest(dataset: Dataset) -> None:
    items = by_id(forums_due(dataset.events, date(2025, 1, 1), date(2026, 12, 31)))
    assert {"forum-kazan_digital_week-2025", "forum-kazan_digital_week-2026"} <= set(items)
    assert "forum-rostki-2025" not in items  # the 2025 edition is on record
    assert "forum-rostki-2026" in items


def test_follow_ups_for_slowing_and_dormant_partners(dataset: Dataset, health: pd.DataFrame) -> None:
    items = follow_ups(health, TODAY)
    assert [(i.item_id, i.date, i.reason_params["status"]) for i in items] == [
        ("follow-up-hebron", TODAY, Term("health_status.dormant")),
        ("follow-up-hefei", TODAY, Term("health_status.slowing")),
    ]
    assert items[0].reason_params["last"] == 2020
    # The status is named as the health page names it, and Hefei's rising trend is not called "fewer".
    hefei = render_reason(items[1], "ru", dataset.cities)
    assert hefei.startswith(f"Статус: {CATALOGUE['health_status.slowing']['ru']} — за последние 2 г. контактов не было")
    assert "меньше" not in hefei and "снижается" not in hefei
    assert "fewer" not in render_reason(items[1], "en", dataset.cities)


def test_a_follow_up_title_does_not_repeat_its_kind(dataset: Dataset, health: pd.DataFrame) -> None:
    for item in follow_ups(health, TODAY):
        for lang in LANGS:
            kind = CATALOGUE["plan.kind.follow_up"][lang].lower()
            assert kind not in render_title(item, lang, dataset.cities).lower()


def test_the_plan_is_in_date_order_within_its_horizon(dataset: Dataset, health: pd.DataFrame) -> None:
    items = plan(dataset, TODAY, health=health)
    end = horizon_end(TODAY, 12)
    assert items == sorted(items, key=lambda i: (i.date, KINDS.index(i.kind), i.item_id))
    assert all(overlaps(item, TODAY, end) for item in items)
    assert all(TODAY <= item.date <= end for item in items if item.date_precision == "day")
    assert {item.kind for item in items} == set(KINDS)
    assert len({item.item_id for item in items}) == len(items)
    assert by_id(items)["follow-up-hebron"].date == TODAY


@pytest.mark.parametrize(
    ("start", "months", "harbin_in"),
    [
        (date(2026, 6, 13), 1, True),
        (date(2026, 6, 14), 12, False),
        (date(2026, 1, 1), 5, False),
        (date(2026, 1, 1), 6, True),
    ],
)
def test_the_horizon_start_and_length_bound_the_items(
    dataset: Dataset, start: date, months: int, harbin_in: bool
) -> None:
    items = plan(dataset, TODAY, start=start, months=months)
    assert ("anniv-harbin-memorandum-2006-20" in by_id(items)) is harbin_in
    assert all(overlaps(item, start, horizon_end(start, months)) for item in items)


def test_follow_ups_move_to_the_horizon_start_when_today_is_outside_it(dataset: Dataset, health: pd.DataFrame) -> None:
    start = date(2026, 7, 1)
    items = by_id(plan(dataset, TODAY, start=start, months=3, health=health))
    assert items["follow-up-hefei"].date == start
    assert "anniv-harbin-memorandum-2006-20" not in items


def test_one_item_has_one_date_whatever_the_horizon(dataset: Dataset) -> None:
    """`anniv-hangzhou-memorandum-2002-25` (2027, only the year known) was dated 2027-01-01 in one export and
    2027-06-15 in another: the date is its year's, in every horizon that holds it."""
    dates = {}
    for start, months in (
        (date(2026, 1, 15), 12),
        (date(2027, 6, 15), 3),
        (date(2026, 12, 1), 24),
        (date(2027, 12, 31), 1),
    ):
        for item in plan(dataset, TODAY, start=start, months=months):
            dates.setdefault(item.item_id, set()).add((item.date, item.date_precision))
    assert dates["anniv-hangzhou-memorandum-2002-25"] == {(date(2027, 1, 1), "year")}
    assert all(len(found) == 1 for found in dates.values())


def test_coming_up_skips_what_may_have_passed_and_puts_dated_items_first(
    dataset: Dataset, health: pd.DataFrame
) -> None:
    """In December 2026 the three "2026, only the year is known" anniversaries may be past: not coming up;
    dated items of 2027 come before those known by the month or year; follow-ups come last."""
    today = date(2026, 12, 1)
    items = plan(dataset, today, health=health)
    assert any(i.date_precision == "year" and i.date.year == 2026 for i in items)
    coming = next_items(items, today, n=len(items))
    assert all(item.date >= today for item in coming)
    assert not [i for i in coming if i.date.year == 2026 and i.date_precision == "year"]
    ranks = [(i.kind == "follow_up", {"day": 0, "month": 1, "year": 2}[i.date_precision]) for i in coming]
    assert ranks == sorted(ranks)
    assert next_items(items, today)[0].item_id == "anniv-qiqihar-protocol-2022-5"  # 17 June 2027, to the day
    assert next_items(items, today) == coming[:3]


def test_every_text_of_a_plan_is_in_the_catalogue_in_both_languages(dataset: Dataset, health: pd.DataFrame) -> None:
    items = plan(dataset, TODAY, start=date(2022, 1, 1), months=72, health=health)
    keys = {item.title_key for item in items} | {item.reason_key for item in items}
    keys |= {
        value.key
        for item in items
        for value in [*item.title_params.values(), *item.reason_params.values()]
        if isinstance(value, Term)
    }
    keys |= {f"plan.kind.{kind}" for kind in KINDS}
    for key in keys:
        assert set(CATALOGUE[key]) == set(LANGS), key
    for item in items:
        for lang in LANGS:
            text = render_title(item, lang, dataset.cities) + render_reason(item, lang, dataset.cities)
            assert "plan." not in text and "{" not in text


def test_the_texts_read_in_each_language(dataset: Dataset) -> None:
    items = by_id(plan(dataset, TODAY))
    harbin, urbino = items["anniv-harbin-memorandum-2006-20"], items["anniv-urbino-agreement-2001-25"]
    assert render_title(harbin, "ru", dataset.cities) == "Харбин: 20 лет со дня подписания (Меморандум, 2006)"
    assert render_title(harbin, "en", dataset.cities) == "Harbin: 20th anniversary of the Memorandum (2006)"
    assert render_when(harbin, "en") == "13 Jun 2026"
    assert render_when(urbino, "en") == "2026 (only the year is known)"
    assert render_when(urbino, "ru") == "2026 (известен только год)"
    assert "Only the year is known" in render_reason(urbino, "en", dataset.cities)


def test_the_page_lists_reminders_under_now_then_months_with_year_only_items_under_their_year(
    dataset: Dataset, health: pd.DataFrame
) -> None:
    from cooperation import planning as planning_page

    today = date(2026, 12, 1)
    listed = planning_page.plan_listing(plan(dataset, today, health=health))
    groups = [planning_page.plan_group(item) for item in listed]
    assert groups == sorted(groups)
    assert listed[0].kind == "follow_up" and planning_page.plan_when(listed[0], "en") == ("Now", "")
    assert (
        planning_page.plan_heading(groups[0], "en", today)
        == "Now: partners to contact again (statuses as of 1 Dec 2026)"
    )
    year_only = next(item for item in listed if item.date_precision == "year" and item.date.year == 2027)
    assert planning_page.plan_heading(planning_page.plan_group(year_only), "en", today) == "2027 — exact date not known"
    assert planning_page.plan_when(year_only, "en") == ("2027", "only the year is known")
    dated = by_id(listed)["anniv-qiqihar-protocol-2022-5"]
    assert planning_page.plan_heading(planning_page.plan_group(dated), "ru", today) == "Июнь 2027"
    assert planning_page.plan_when(dated, "en") == ("17 Jun 2027", "")


def test_under_a_year_filter_the_plan_has_no_follow_up_for_a_partner_met_since(dataset: Dataset) -> None:
    """Years 2020–2023 and China, today 1 December 2026: Harbin (February 2025) and Wuhan (August 2025) are
    active, so no reminder; Hefei and Qiqihar really are slowing and keep theirs; no partner outside China."""
    from cooperation import filters
    from cooperation import planning as planning_page

    today = date(2026, 12, 1)
    state = filters.FilterState(year_from=2020, year_to=2023, countries=("CN",))
    view = filters.apply(dataset, filters.enrich_contacts(dataset), state)
    follow = {item.city_id for item in planning_page.plan_for_view(dataset, view, today) if item.kind == "follow_up"}
    assert follow == {"hangzhou", "hefei", "qiqihar"}
    coming = next_items(planning_page.plan_for_view(dataset, view, today), today)
    assert not [item for item in coming if item.city_id in {"harbin", "wuhan"} and item.kind == "follow_up"]


# ---------------------------------------------------------------- the planning page: horizon, listing


def test_parse_horizon() -> None:
    assert planning_page.parse_horizon({}, TODAY) == (TODAY, 12, [])
    assert planning_page.parse_horizon({"start": ["2026-03-01"], "months": ["6"]}, TODAY) == (date(2026, 3, 1), 6, [])
    start, months, rejected = planning_page.parse_horizon({"start": ["tomorrow"], "months": ["61"]}, TODAY)
    assert (start, months) == (TODAY, 12) and rejected == [("start", "tomorrow"), ("months", "61")]
    assert planning_page.horizon_query(TODAY, 12, TODAY) == {}
    assert planning_page.horizon_query(date(2026, 1, 1), 24, TODAY) == {"start": "2026-01-01", "months": "24"}


def item(city_id: str, kind: str = "follow_up") -> PlanItem:
    return PlanItem(f"{kind}-{city_id}", kind, TODAY, "day", city_id, "plan.title.follow_up", {}, "x", {})


def test_items_in_view() -> None:
    items = [item("harbin"), item("urbino"), item("", "forum_due")]
    assert planning_page.items_in_view(items, {"harbin", "urbino"}, False) == items
    assert planning_page.items_in_view(items, {"harbin"}, True) == items[:1]
    assert planning_page.kind_counts(items) == {"follow_up": 2, "forum_due": 1}
    assert planning_page.ics_filename("en", TODAY, 12) == "kazan-plan-en-2026-01-15-12m.ics"
