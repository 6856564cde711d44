"""The plan as an iCalendar (.ics) file that Outlook, Google Calendar and phone calendars import.

Built with the `icalendar` library rather than by hand: folding long lines, escaping commas in titles and
encoding Cyrillic are exactly what hand-written .ics files get wrong.

Re-importing must update events, not duplicate them, so each event's UID is made from the item's stable
`item_id`. The file is also byte-identical for the same inputs (it can be compared, cached and tested):
RFC 5545 requires a DTSTAMP on every event, and instead of the clock it is the planning "today" at 00:00
UTC — the day the plan was computed for. A later export then carries a later DTSTAMP, which is what tells a
calendar that the event was revised.

An item known only by its month or year is not given a day it does not have: it is an all-day event
spanning that whole month or year (DTSTART its first day, DTEND the day after its last, as RFC 5545 has it
for all-day events), and its title says "(only the year is known)". Its UID and its dates are the same in
every export, whatever the horizon (`planning` dates such an item by its period, not by the horizon).
"""

from __future__ import annotations

import datetime

import pandas as pd
from icalendar import Calendar, Event

from cooperation.export.sanitise import markup_text
from cooperation.i18n import t
from cooperation.planning import (
    Cities,
    PlanItem,
    city_names,
    period_bounds,
    precision_note,
    render_reason,
    render_title,
)

PRODID = "-//Kazan international cooperation dashboard//Planning//EN"
UID_DOMAIN = "kazan-cooperation-dashboard"


def event_uid(item: PlanItem) -> str:
    """The event's UID: the same item gets the same UID in every export, so a re-import updates it."""
    return f"{item.item_id}@{UID_DOMAIN}"


def event_summary(item: PlanItem, lang: str, cities: Cities) -> str:
    """The title, plus "(only the year is known)" when a calendar shows the event on a day it cannot know."""
    title = render_title(item, lang, cities)
    note = precision_note(item, lang)
    return f"{title} ({note})" if note else title


def to_ics(items: list[PlanItem], lang: str, cities: pd.DataFrame, today: datetime.date) -> bytes:
    """The items as all-day events in `lang`; `today` is the plan's "today" and sets every DTSTAMP.

    Events are marked TRANSPARENT: an anniversary reminder must not show staff as busy for the day (or, for
    an item known only by its month or year, for that whole month or year).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", t("plan.calendar_name", lang))
    stamp = datetime.datetime.combine(today, datetime.time(0, 0), tzinfo=datetime.timezone.utc)
    names = city_names(cities, lang)
    for item in items:
        event = Event()
        event.add("uid", event_uid(item))
        event.add("dtstamp", stamp)
        first, last = period_bounds(item)
        event.add("dtstart", first)
        event.add("dtend", last + datetime.timedelta(days=1))
        event.add("summary", markup_text(event_summary(item, lang, names)))
        event.add("description", markup_text(render_reason(item, lang, names)))
        event.add("categories", [t(f"plan.kind.{item.kind}", lang)])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
