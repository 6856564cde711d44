"""Rows built from form values: cells as the CSV writes them, new ids that do not collide, and a form's
problems told in the form's words (`for_form`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

import pandas as pd

from cooperation.editing.problems import Problem, form_date
from cooperation.i18n import format_period
from cooperation.ingest.geo import country_names
from cooperation.ingest.partners import contact_id, slugify
from cooperation.storage import CHANGE_LOG


def cell(value: object) -> str:
    """A form value as the CSV writes it: dates ISO, lists '|'-joined, whole floats from a number input as ints."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (datetime.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (list, tuple)):
        return "|".join(map(str, value))
    return str(value).strip()


def period(
    start: datetime.date | None, end: datetime.date | None, precision: str
) -> tuple[datetime.date | None, datetime.date | None]:
    """Dates at the stated precision, as the ingest stores them: "May 2023" is 2023-05-01 – 2023-05-31."""
    if start is None:
        return None, None
    last = end or start
    if precision == "year":
        return start.replace(month=1, day=1), last.replace(month=12, day=31)
    if precision == "month":
        following = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return start.replace(day=1), following - datetime.timedelta(days=1)
    return start, last


def contact_row(
    *,
    city_id: str,
    start: datetime.date | None,
    end: datetime.date | None,
    precision: str,
    venue: str,
    venue_city: str,
    format: str,
    spheres: list[str],
    text_ru: str,
    event_id: str,
    date_text: str,
    source: str,
) -> dict[str, str]:
    """A new contact; its id is the ingest's content hash, so the same entry later found on the site is one row."""
    first, last = period(start, end, precision)
    text = cell(text_ru)
    return {
        "contact_id": contact_id(city_id, text) if city_id and text else "",
        "city_id": city_id,
        "date_start": cell(first),
        "date_end": cell(last),
        "date_precision": precision if first else "",
        "date_text": cell(date_text) or (format_period(first, last, precision, "ru") if first else ""),
        "venue": venue,
        "venue_city": cell(venue_city),
        "format": format,
        "spheres": cell(spheres),
        "event_id": cell(event_id),
        "text_ru": text,
        "source_file": cell(source) or CHANGE_LOG,
        "source_line": "",
    }


def contact_from_form(
    *,
    city_id: str,
    start: str,
    end: str,
    precision: str,
    venue: str,
    venue_city: str,
    format: str,
    spheres: list[str],
    text_ru: str,
    event_id: str,
    date_text: str,
    source: str,
    undated: bool,
) -> tuple[dict[str, str], list[Problem]]:
    """The contact the form describes and what keeps it from being saved, in the form's own words.

    Dates come as typed and are never moved to a nearby real date; a contact without a date needs `undated`
    (the user ticked "the date is not known"), since it drops out of every per-year count.
    """
    problems: list[Problem] = []
    if not city_id:
        problems.append(Problem("edit.form.choose_city", in_form=True))
    dates: dict[str, datetime.date | None] = {}
    for name, typed in (("start", start), ("end", end)):
        dates[name], mistakes = form_date(typed)
        problems += mistakes
    if not start.strip() and end.strip():
        problems.append(Problem("edit.form.end_without_start", in_form=True))
    elif not start.strip() and not undated:
        problems.append(Problem("edit.form.date_or_undated", in_form=True))
    if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
        problems.append(Problem("edit.form.end_before_start", in_form=True))
    if not spheres:
        problems.append(Problem("edit.form.choose_sphere", in_form=True))
    if not cell(text_ru):
        problems.append(Problem("edit.form.write_text", in_form=True))
    row = contact_row(
        city_id=city_id,
        start=dates["start"],
        end=dates["end"],
        precision=precision,
        venue=venue,
        venue_city=venue_city,
        format=format,
        spheres=spheres,
        text_ru=text_ru,
        event_id=event_id,
        date_text=date_text,
        source=source,
    )
    return row, problems


def for_form(
    problems: list[Problem],
    file: str,
    row: int,
    fields: Iterable[str],
    derived: Iterable[str] = (),
    appended: bool = False,
) -> list[Problem]:
    """A save's problems as a form shows them: the form's row loses its file and row number (the user typed no
    file), a column the form does not show is not named, and a column the form fills in itself (an id made
    from the name) is left out when another field is at fault — the user fixes that field, once.

    `row` is the form's row in the file; an `appended` row is at `row` or, if others appended meanwhile, below it.
    """
    shown, filled = set(fields), set(derived)

    def of_form(p: Problem) -> bool:
        return p.file == file and p.row is not None and (p.row >= row if appended else p.row == row)

    mine = [p for p in problems if of_form(p)]
    others = [p for p in problems if not of_form(p)]
    if any(p.column not in filled for p in mine):
        mine = [p for p in mine if p.column not in filled]
    return [
        Problem(p.key, p.params, None, None, p.column if p.column in shown else None, p.translated, True) for p in mine
    ] + others


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`…: a second agreement of the same kind and year still gets its own id."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def agreement_row(values: Mapping[str, object], taken: set[str]) -> dict[str, str]:
    """An agreement from the form; a new one gets an id like the ingest's (`hangzhou-agreement-2003`)."""
    row = {k: cell(v) for k, v in values.items()}
    if not row.get("agreement_id"):
        base = slugify(f"{row['city_id']} {row['doc_type']} {row.get('year_signed') or 'undated'}").replace("_", "-")
        row["agreement_id"] = unique_id(base, taken)
    return row


def city_row(values: Mapping[str, object], taken: set[str]) -> dict[str, str]:
    """A city from the form; country names come from the ISO code as in the ingest, the id from its English name."""
    row = {k: cell(v) for k, v in values.items()}
    row["country_iso2"] = row.get("country_iso2", "").upper()
    if row["country_iso2"] and not (row.get("country_ru") and row.get("country_en")):
        try:
            row["country_ru"], row["country_en"] = country_names(row["country_iso2"])
        except KeyError:
            pass  # left empty: validation names the missing country with the unknown code beside it
    if not row.get("city_id") and row.get("name_en"):
        row["city_id"] = unique_id(slugify(row["name_en"]), taken)
    return row


def status_row(
    *, agreement_id: str, status: str, status_date: datetime.date | None, source: str, note: str, who: str
) -> dict[str, str]:
    return {
        "agreement_id": agreement_id,
        "status": status,
        "status_date": cell(status_date),
        "source": cell(source),
        "note": cell(note),
        "recorded_by": who,
    }


def status_from_form(
    *, agreement_id: str, status: str, status_date: str, source: str, note: str, who: str
) -> tuple[dict[str, str], list[Problem]]:
    """A recorded status from the form, and what keeps it from being saved in the form's words (the date as typed)."""
    problems = [] if agreement_id else [Problem("edit.form.choose_agreement", in_form=True)]
    day, mistakes = form_date(status_date)
    row = status_row(agreement_id=agreement_id, status=status, status_date=day, source=source, note=note, who=who)
    return row, problems + mistakes


# --- import of new contacts ---------------------------------------------------------------------------------
