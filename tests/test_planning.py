"""The year ahead on the real data with a fixed "today", and on small frames for the edge cases."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from cooperation.i18n import CATALOGUE, LANGS
from cooperation.loading import Dataset, load_dataset
from cooperation.planning import (
    KINDS,
    PlanItem,
    Term,
    first_contact_anniversaries,
    follow_ups,
    forums_due,
    horizon_end,
    next_items,
    plan,
    render_reason,
    render_title,
    render_when,
    round_anniversaries,
)
from cooperation.vocab import FORUM_SERIES_IDS

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def health() -> pd.DataFrame:
    """The shape of cooperation.health.partner_health's result, one partner per status."""
    return pd.DataFrame({
        "city_id": ["harbin", "hebron", "hefei", "urbino"],
        "status": ["active", "dormant", "slowing", "never_activated"],
        "last_contact": pd.to_datetime(["2025-02-08", "2020-01-01", "2023-09-08", None]),
        "years_since_last": [0.9, 6.0, 2.4, None],
    })


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


def test_a_year_only_anniversary_is_placed_on_the_earliest_day_it_can_still_fall_on(dataset: Dataset) -> None:
    items = anniversaries_in(dataset, TODAY, horizon_end(TODAY, 12))
    hyderabad = items["anniv-hyderabad-treaty-2001-25"]
    assert (hyderabad.date, hyderabad.date_precision) == (TODAY, "year")
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
    agreements = pd.DataFrame({
        "agreement_id": ["x-agreement-2010", "x-memorandum-2010"], "city_id": ["x", "x"],
        "doc_type": ["agreement", "memorandum"], "year_signed": pd.array([2010, 2010], dtype="Int64"),
        "year_source": ["document", "document"],
        "date_signed_start": pd.to_datetime(["2010-09-10", None]), "date_signed_end": pd.to_datetime(["2010-09-11", None])})
    items = by_id(round_anniversaries(agreements, date(2020, 1, 1), date(2020, 12, 31)))
    assert (items["anniv-x-agreement-2010-10"].date, items["anniv-x-agreement-2010-10"].reason_key) == \
        (date(2020, 9, 10), "plan.reason.agreement_anniversary.day_range")
    assert items["anniv-x-memorandum-2010-10"].date_precision == "year"


def test_first_contact_anniversaries_of_partners(dataset: Dataset) -> None:
    items = by_id(first_contact_anniversaries(dataset.contacts, dataset.cities, TODAY, horizon_end(TODAY, 12)))
    assert (items["first-contact-harbin-20"].date, items["first-contact-harbin-20"].date_precision) == \
        (date(2026, 6, 13), "day")
    assert (items["first-contact-qiqihar-10"].date, items["first-contact-qiqihar-10"].date_precision) == \
        (date(2027, 1, 1), "year")
    assert all(item.kind == "first_contact_anniversary" for item in items.values())


def test_a_first_contact_that_was_the_signing_gives_one_item_not_two(dataset: Dataset) -> None:
    items = by_id(plan(dataset, TODAY))
    assert "anniv-harbin-memorandum-2006-20" in items
    assert "first-contact-harbin-20" not in items
    assert "first-contact-qiqihar-10" in items


def test_every_hosted_forum_series_is_due_once_a_year(dataset: Dataset) -> None:
    items = by_id(forums_due(dataset.events, TODAY, horizon_end(TODAY, 12)))
    assert set(items) == {f"forum-{series}-2026" for series in FORUM_SERIES_IDS}
    # The 2023 Kazan Digital Week is dated by year only: its usual month, September, is used.
    digital_week = items["forum-kazan_digital_week-2026"]
    assert (digital_week.date, digital_week.date_precision) == (date(2026, 9, 1), "month")
    assert digital_week.reason_key == "plan.reason.forum_due.usual_month"
    assert digital_week.city_id == ""
    # Kazanysh 2025 was held in February, not in its usual December: the latest edition's month wins.
    assert items["forum-kazanysh-2026"].date == date(2026, 2, 1)
    assert items["forum-kazanysh-2026"].reason_key == "plan.reason.forum_due.edition_month"
    assert items["forum-rostki-2026"].date == date(2026, 8, 1)


def test_a_two_year_horizon_expects_two_editions_and_none_before_the_latest(dataset: Dataset) -> None:
    items = by_id(forums_due(dataset.events, date(2025, 1, 1), date(2026, 12, 31)))
    assert {"forum-kazan_digital_week-2025", "forum-kazan_digital_week-2026"} <= set(items)
    assert "forum-rostki-2025" not in items  # the 2025 edition is on record
    assert "forum-rostki-2026" in items


def test_follow_ups_for_slowing_and_dormant_partners(health: pd.DataFrame) -> None:
    items = follow_ups(health, TODAY)
    assert [(i.item_id, i.date, i.reason_key) for i in items] == [
        ("follow-up-hebron", TODAY, "plan.reason.follow_up.dormant"),
        ("follow-up-hefei", TODAY, "plan.reason.follow_up.slowing"),
    ]
    assert items[0].reason_params["last"] == 2020


def test_the_plan_is_in_date_order_within_its_horizon(dataset: Dataset, health: pd.DataFrame) -> None:
    items = plan(dataset, TODAY, health=health)
    end = horizon_end(TODAY, 12)
    assert items == sorted(items, key=lambda i: (i.date, KINDS.index(i.kind), i.item_id))
    assert all(TODAY <= item.date <= end for item in items)
    assert {item.kind for item in items} == set(KINDS)
    assert len({item.item_id for item in items}) == len(items)
    assert by_id(items)["follow-up-hebron"].date == TODAY


@pytest.mark.parametrize(("start", "months", "harbin_in"), [
    (date(2026, 6, 13), 1, True),
    (date(2026, 6, 14), 12, False),
    (date(2026, 1, 1), 5, False),
    (date(2026, 1, 1), 6, True),
])
def test_the_horizon_start_and_length_bound_the_items(dataset: Dataset, start: date, months: int,
                                                      harbin_in: bool) -> None:
    items = plan(dataset, TODAY, start=start, months=months)
    assert ("anniv-harbin-memorandum-2006-20" in by_id(items)) is harbin_in
    assert all(start <= item.date <= horizon_end(start, months) for item in items)


def test_follow_ups_move_to_the_horizon_start_when_today_is_outside_it(dataset: Dataset,
                                                                       health: pd.DataFrame) -> None:
    start = date(2026, 7, 1)
    items = by_id(plan(dataset, TODAY, start=start, months=3, health=health))
    assert items["follow-up-hefei"].date == start
    assert "anniv-harbin-memorandum-2006-20" not in items


def test_next_items_are_the_first_ones(dataset: Dataset, health: pd.DataFrame) -> None:
    items = plan(dataset, TODAY, health=health)
    assert next_items(items) == items[:3]
    assert next_items(items, 5) == items[:5]


def test_every_text_of_a_plan_is_in_the_catalogue_in_both_languages(dataset: Dataset,
                                                                     health: pd.DataFrame) -> None:
    items = plan(dataset, TODAY, start=date(2022, 1, 1), months=72, health=health)
    keys = {item.title_key for item in items} | {item.reason_key for item in items}
    keys |= {value.key for item in items for value in [*item.title_params.values(), *item.reason_params.values()]
             if isinstance(value, Term)}
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
