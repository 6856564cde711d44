"""The .ics export parsed back with icalendar: all-day events, stable UIDs, titles in the chosen language."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest
from icalendar import Calendar

from cooperation.export.ics import event_summary, event_uid, to_ics
from cooperation.i18n import t
from cooperation.loading import Dataset, load_dataset
from cooperation.planning import PlanItem, period_bounds, plan, render_reason, render_title

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def health() -> pd.DataFrame:
    """The shape of cooperation.health.partner_health's result: one dormant partner to follow up."""
    return pd.DataFrame(
        {
            "city_id": ["hebron"],
            "status": ["dormant"],
            "status_cause": ["dormant"],
            "last_contact": pd.to_datetime(["2020-01-01"]),
            "years_since_last": [6.0],
            "trend_recent": [0],
            "trend_previous": [1],
        }
    )


@pytest.fixture(scope="module")
def items(dataset: Dataset) -> list[PlanItem]:
    return plan(dataset, TODAY, health=health())


def events_of(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_every_item_is_one_all_day_event(dataset: Dataset, items: list[PlanItem]) -> None:
    events = events_of(to_ics(items, "en", dataset.cities, TODAY))
    assert len(events) == len(items)
    for item, event in zip(items, events, strict=True):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is date and type(end) is date
        first, last = period_bounds(item)
        assert (start, end) == (first, last + timedelta(days=1))
        assert event.decoded("dtstamp") == datetime(2026, 1, 15, tzinfo=timezone.utc)
        assert str(event["description"]) == render_reason(item, "en", dataset.cities)


def test_the_calendar_header(dataset: Dataset, items: list[PlanItem]) -> None:
    for lang in ("ru", "en"):
        calendar = Calendar.from_ical(to_ics(items, lang, dataset.cities, TODAY))
        assert str(calendar["version"]) == "2.0"
        assert str(calendar["prodid"])
        assert str(calendar["x-wr-calname"]) == t("plan.calendar_name", lang)


def test_uids_are_unique_and_the_same_in_every_run(dataset: Dataset, items: list[PlanItem]) -> None:
    first = [str(e["uid"]) for e in events_of(to_ics(items, "ru", dataset.cities, TODAY))]
    second = [str(e["uid"]) for e in events_of(to_ics(items, "ru", dataset.cities, TODAY))]
    english = [str(e["uid"]) for e in events_of(to_ics(items, "en", dataset.cities, TODAY))]
    assert len(set(first)) == len(first)
    assert first == second == english
    assert "anniv-harbin-memorandum-2006-20@kazan-cooperation-dashboard" in first


def test_an_item_keeps_its_uid_when_the_horizon_changes(dataset: Dataset) -> None:
    wide = {event_uid(i) for i in plan(dataset, TODAY, months=24)}
    narrow = {event_uid(i) for i in plan(dataset, date(2026, 6, 1), months=1)}
    assert "anniv-harbin-memorandum-2006-20@kazan-cooperation-dashboard" in narrow
    assert narrow <= wide


def test_the_file_is_byte_identical_for_the_same_inputs(dataset: Dataset, items: list[PlanItem]) -> None:
    rebuilt = plan(load_dataset(), TODAY, health=health())
    assert to_ics(items, "ru", dataset.cities, TODAY) == to_ics(rebuilt, "ru", dataset.cities, TODAY)


def test_summaries_are_in_the_chosen_language(dataset: Dataset, items: list[PlanItem]) -> None:
    summaries = {
        lang: {str(e["uid"]): str(e["summary"]) for e in events_of(to_ics(items, lang, dataset.cities, TODAY))}
        for lang in ("ru", "en")
    }
    uid = "anniv-harbin-memorandum-2006-20@kazan-cooperation-dashboard"
    assert summaries["ru"][uid] == "Харбин: 20 лет со дня подписания (Меморандум, 2006)"
    assert summaries["en"][uid] == "Harbin: 20th anniversary of the Memorandum (2006)"
    for item in items:
        ru, en = summaries["ru"][event_uid(item)], summaries["en"][event_uid(item)]
        assert ru != en
        assert ru.startswith(render_title(item, "ru", dataset.cities))
        assert en == event_summary(item, "en", dataset.cities)


def test_a_year_only_event_says_so(dataset: Dataset, items: list[PlanItem]) -> None:
    events = {str(e["uid"]): e for e in events_of(to_ics(items, "en", dataset.cities, TODAY))}
    urbino = events["anniv-urbino-agreement-2001-25@kazan-cooperation-dashboard"]
    assert str(urbino["summary"]).endswith("(only the year is known)")
    # A whole-year event: no invented day, and not the horizon's first day either.
    assert (urbino.decoded("dtstart"), urbino.decoded("dtend")) == (date(2026, 1, 1), date(2027, 1, 1))


def test_a_month_only_event_spans_its_month(dataset: Dataset, items: list[PlanItem]) -> None:
    events = {str(e["uid"]): e for e in events_of(to_ics(items, "en", dataset.cities, TODAY))}
    rostki = events["forum-rostki-2026@kazan-cooperation-dashboard"]
    assert (rostki.decoded("dtstart"), rostki.decoded("dtend")) == (date(2026, 8, 1), date(2026, 9, 1))


def test_one_uid_has_one_date_in_every_export(dataset: Dataset) -> None:
    """The same item exported from two horizons gets the same DTSTART and DTEND."""
    spans: dict[str, set] = {}
    for start, months in ((TODAY, 12), (date(2026, 12, 1), 12), (date(2027, 6, 15), 6)):
        for event in events_of(to_ics(plan(dataset, TODAY, start=start, months=months), "ru", dataset.cities, TODAY)):
            spans.setdefault(str(event["uid"]), set()).add((event.decoded("dtstart"), event.decoded("dtend")))
    assert spans["anniv-hangzhou-memorandum-2002-25@kazan-cooperation-dashboard"] == {
        (date(2027, 1, 1), date(2028, 1, 1))
    }
    assert all(len(found) == 1 for found in spans.values())
