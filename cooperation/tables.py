"""Tables as people read them: translated headers and labels, dates at their real precision, a source per row.

The same frame is shown on the page and downloaded, so the download is exactly what is shown.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from cooperation.i18n import format_period, label, t

# Rows the contacts table sends to the browser: more cannot be read on a page, and a million rows of entries
# would be hundreds of megabytes per rerun. Search and filters narrow the rest; the caption says so.
MAX_TABLE_ROWS = 5000
# In the order a reader needs them (a phone shows the first two or three): when, with whom, what happened.
CONTACT_COLUMNS = (
    "common.date",
    "common.partner",
    "common.entry",
    "filters.spheres",
    "common.venue",
    "common.format",
    "common.country",
    "common.event",
    "timeline.date_as_written",
    "common.source",
)


def search(contacts: pd.DataFrame, query: str) -> pd.DataFrame:
    """Case-insensitive search over the entry, the date as written and the partner's names."""
    words = [w for w in query.casefold().split() if w]
    if not words:
        return contacts
    haystack = (
        contacts["text_ru"]
        + " "
        + contacts["date_text"]
        + " "
        + contacts["name_ru"].fillna("")
        + " "
        + contacts["name_en"].fillna("")
        + " "
        + contacts["venue_city"]
    ).str.casefold()
    mask = pd.Series(True, index=contacts.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return contacts[mask]


def _each_distinct(values: pd.Series, render: Callable[[object], str]) -> np.ndarray:
    """`render` applied once per distinct value (a few dozen labels, not thousands of rows)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.array([render(value) for value in uniques], dtype=object)[codes]


def period_text(start: object, end: object, precision: object, lang: str) -> str:
    """A period as a table cell: "12.03.2024 – 15.03.2024", "2021" at a year's precision, "—" with no start."""
    return format_period(
        start.date() if pd.notna(start) else None,
        end.date() if pd.notna(end) else None,
        precision if isinstance(precision, str) and precision else "day",
        lang,
    )


def source_ref(source_file: object, source_line: object) -> str:
    """ "file:line" for a row from a source; the file alone for a row staff added (it has no line), never
    "changes.log:<NA>"."""
    name = "" if pd.isna(source_file) else str(source_file)
    return name if pd.isna(source_line) else f"{name}:{int(source_line)}"


def contacts_table(
    contacts: pd.DataFrame, lang: str, events: pd.DataFrame | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Newest first, the first `limit` rows if given; every label in the language, the entry as written, and
    file:line to trace it."""
    ordered = contacts.sort_values(["date_start", "date_end"], ascending=False, na_position="last")
    if limit is not None:
        ordered = ordered.head(limit)
    event_names = dict(zip(events["event_id"], events[f"name_{lang}"])) if events is not None else {}
    dates = pd.Series(list(zip(ordered["date_start"], ordered["date_end"], ordered["date_precision"])))
    by_key = {
        "common.date": _each_distinct(dates, lambda d: period_text(*d, lang)),
        "timeline.date_as_written": ordered["date_text"].to_numpy(),
        "common.partner": ordered[f"name_{lang}"].to_numpy(),
        "common.country": ordered[f"country_{lang}"].to_numpy(),
        "common.venue": _each_distinct(ordered["setting"], lambda v: label("setting", v, lang)),
        "common.format": _each_distinct(ordered["format"], lambda v: label("format", v, lang)),
        "filters.spheres": _each_distinct(
            ordered["spheres"], lambda v: ", ".join(label("sphere", s, lang) for s in str(v).split("|"))
        ),
        "common.event": _each_distinct(ordered["event_id"], lambda e: event_names.get(e, e)),
        "common.entry": ordered["text_ru"].to_numpy(),
        "common.source": [source_ref(f, line) for f, line in zip(ordered["source_file"], ordered["source_line"])],
    }
    return pd.DataFrame({t(key, lang): by_key[key] for key in CONTACT_COLUMNS})
