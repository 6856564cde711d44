"""Dating the contact entries of the partner-city pages.

Each entry is a free-text Russian paragraph whose own date usually leads it ("6-8 февраля 2025 г.
делегация…", "В 2021 году Казань и Харбин…") but sometimes sits mid-sentence ("…который прошел
5-7 декабря 2023 года в г.Казани"). The page mixes day, month and year precision, so a date is
returned as a span plus the precision of its start, which lets the timeline neither invent a day
nor drop an entry that only names a month.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass

__all__ = ["DateSpan", "find_date", "month_number"]


@dataclass(frozen=True)
class DateSpan:
    """A period a date phrase covers, kept with the phrase so a reviewer can check the parse."""

    start: datetime.date
    end: datetime.date  # == start for a single day
    precision: str  # "day" | "month" | "year", of the start: "В апреле-мае 2025" is "month"
    text: str  # as in the whitespace-normalised input
    year_inferred: bool = False  # the phrase named no year; it came from later text or default_year


# Declension endings: the page uses genitive ("6 февраля"), locative ("в феврале") and
# nominative ("по июнь") forms, so every case form has to resolve to the same month.
_SOFT_ENDINGS = ("ь", "я", "е", "ю", "ем", "ём")
_HARD_ENDINGS = ("", "а", "е", "у", "ом")
_SOFT_STEMS = {
    "январ": 1,
    "феврал": 2,
    "апрел": 4,
    "июн": 6,
    "июл": 7,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_HARD_STEMS = {"март": 3, "август": 8}
_MAY_FORMS = ("май", "мая", "мае", "маю", "маем")

_MONTH_FORMS: dict[str, int] = {
    **{stem + ending: n for stem, n in _SOFT_STEMS.items() for ending in _SOFT_ENDINGS},
    **{stem + ending: n for stem, n in _HARD_STEMS.items() for ending in _HARD_ENDINGS},
    **{form: 5 for form in _MAY_FORMS},
}

_LETTER = r"[^\W\d_]"
# Longest forms first so "марта" is not cut to "март" and then rejected by the word boundary.
_MONTH_ALTERNATION = "|".join(sorted(_MONTH_FORMS, key=len, reverse=True))
_DASH = r"\s*[-‐‑‒–—―−]\s*"
# "г." glued to a word is the city abbreviation ("г.Ухань"), so "2023 г.Казани" is not a marked
# year; only a "г"/"гг" standing alone counts as the year marker.
_YEAR_MARKER = (
    rf"(?:год(?:а|у|ы|ах|ов)?(?!{_LETTER})"
    rf"|гг?\.(?!{_LETTER})"
    rf"|гг?(?![\w.]))"
)


def _month(name: str) -> str:
    return rf"\b(?P<{name}>{_MONTH_ALTERNATION})(?!{_LETTER})"


def _day(name: str) -> str:
    return rf"(?<![0-9])(?P<{name}>[0-9]{{1,2}})(?![0-9])"


def _year(name: str, *, marker_required: bool = False) -> str:
    marker = rf"\s*{_YEAR_MARKER}" if marker_required else rf"(?:\s*{_YEAR_MARKER})?"
    return rf"(?<![0-9])(?P<{name}>[0-9]{{4}})(?![0-9]){marker}"


def _optional_year(name: str) -> str:
    return rf"(?:\s+{_year(name)})?"


_IN = r"(?P<prep>\bво?\s+)?"
_FROM = r"(?:\bс\s+)"
_RANGE_SEP = rf"(?:{_DASH}|\s+по\s+)"

_DAY_RANGE_CROSS_MONTH = re.compile(
    rf"{_FROM}?{_day('d1')}\s+{_month('m1')}{_optional_year('y1')}"
    rf"{_RANGE_SEP}{_day('d2')}\s+{_month('m2')}{_optional_year('y2')}",
    re.IGNORECASE,
)
_DAY_RANGE = re.compile(
    rf"(?:{_FROM}{_day('d1')}\s+по\s+|{_day('d1_')}{_DASH}){_day('d2')}\s+{_month('m2')}"
    rf"{_optional_year('y2')}",
    re.IGNORECASE,
)
_DAY = re.compile(rf"{_day('d1')}\s+{_month('m1')}{_optional_year('y1')}", re.IGNORECASE)
_MONTH_RANGE = re.compile(
    rf"(?:\b[вс]о?\s+)?{_month('m1')}{_optional_year('y1')}{_RANGE_SEP}{_month('m2')}"
    rf"{_optional_year('y2')}",
    re.IGNORECASE,
)
_MONTH = re.compile(rf"{_IN}{_month('m1')}{_optional_year('y1')}", re.IGNORECASE)
_YEAR_RANGE = re.compile(
    rf"(?:\bво?\s+)?(?<![0-9])(?P<y1>[0-9]{{4}}){_DASH}{_year('y2', marker_required=True)}",
    re.IGNORECASE,
)
_YEAR = re.compile(rf"(?:\bво?\s+)?{_year('y1', marker_required=True)}", re.IGNORECASE)


def month_number(word: str) -> int | None:
    """Month of a Russian month name in any case form, so callers need not know the declension."""
    return _MONTH_FORMS.get(word.strip().lower())


@dataclass(frozen=True)
class _Candidate:
    """One regex hit before its year is settled; years may still come from elsewhere in the text."""

    begin: int
    end: int
    precision: str
    fields: dict[str, int | None]


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _fields(match: re.Match[str]) -> dict[str, int | None]:
    groups = match.groupdict()
    # Python forbids reusing a group name across alternatives, so _DAY_RANGE spells one "d1_".
    if groups.get("d1") is None and groups.get("d1_") is not None:
        groups["d1"] = groups["d1_"]
    fields: dict[str, int | None] = {}
    for key in ("d1", "d2", "y1", "y2"):
        fields[key] = _int_or_none(groups.get(key))
    for key in ("m1", "m2"):
        fields[key] = month_number(groups[key]) if groups.get(key) else None
    return fields


def _is_bare_month(match: re.Match[str]) -> bool:
    # A lone month name without a year is only a date when introduced by "в" ("В августе
    # делегация…"); otherwise "Март" could be a name or a title word.
    return match.re is _MONTH and match.group("y1") is None and match.group("prep") is None


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_DAY_RANGE_CROSS_MONTH, "day"),
    (_DAY_RANGE, "day"),
    (_DAY, "day"),
    (_MONTH_RANGE, "month"),
    (_MONTH, "month"),
    (_YEAR_RANGE, "year"),
    (_YEAR, "year"),
)


def _candidates(text: str) -> list[_Candidate]:
    found = [
        _Candidate(m.start(), m.end(), precision, _fields(m))
        for pattern, precision in _PATTERNS
        for m in pattern.finditer(text)
        if not _is_bare_month(m)
    ]
    # Earliest first; at the same position the longest phrase wins ("6-8 февраля" over "6").
    return sorted(found, key=lambda c: (c.begin, -(c.end - c.begin)))


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _month_end(year: int, month: int) -> datetime.date | None:
    first = _safe_date(year, month, 1)
    return first.replace(day=calendar.monthrange(year, month)[1]) if first else None


def _resolve_years(fields: dict[str, int | None], fallback: int) -> tuple[int, int]:
    """Years of both ends; a range names its year once, after the end ("30 мая - 2 июня 2024")."""
    first = (fields["m1"] or 0, fields["d1"] or 0)
    last = (fields["m2"] or 13, fields["d2"] or 32)
    wraps = first > last  # "30 декабря - 2 января 2025" crosses New Year
    y1, y2 = fields["y1"], fields["y2"]
    if y1 is not None:
        return y1, y2 if y2 is not None else y1 + wraps
    y2 = y2 if y2 is not None else fallback
    return y2 - wraps, y2


def _bounds(c: _Candidate, y1: int, y2: int) -> tuple[datetime.date | None, datetime.date | None]:
    f = c.fields
    if c.precision == "year":
        return _safe_date(y1, 1, 1), _safe_date(y2, 12, 31)
    m1 = f["m1"] if f["m1"] is not None else f["m2"]
    m2 = f["m2"] if f["m2"] is not None else m1
    if m1 is None or m2 is None:
        return None, None
    if c.precision == "month":
        return _safe_date(y1, m1, 1), _month_end(y2, m2)
    d2 = f["d2"] if f["d2"] is not None else f["d1"]
    return _safe_date(y1, m1, f["d1"] or 0), _safe_date(y2, m2, d2 or 0)


def _has_year(c: _Candidate) -> bool:
    return c.fields["y1"] is not None or c.fields["y2"] is not None


class _StatedYears:
    """Years the paragraph states, by position, so a yearless phrase ("В августе делегация…
    18 августа 2025 года") borrows the next one without rescanning the candidates each time."""

    def __init__(self, candidates: list[_Candidate]) -> None:
        dated = [c for c in candidates if _has_year(c)]
        self._begins = [c.begin for c in dated]
        self._years = [c.fields["y1"] if c.fields["y1"] is not None else c.fields["y2"] for c in dated]

    def after(self, position: int, default_year: int | None) -> int | None:
        index = bisect.bisect_left(self._begins, position)
        return self._years[index] if index < len(self._years) else default_year


def _to_span(text: str, c: _Candidate, years: _StatedYears, default_year: int | None) -> DateSpan | None:
    inferred = not _has_year(c)
    fallback = years.after(c.end, default_year) if inferred else 0
    if fallback is None:
        return None
    y1, y2 = _resolve_years(c.fields, fallback)
    start, end = _bounds(c, y1, y2)
    if start is None or end is None or start > end:
        return None
    return DateSpan(start, end, c.precision, text[c.begin : c.end], inferred)


def _normalise(text: str) -> str:
    # NBSP and line breaks from the scraped page must not split "25\xa0мая".
    return " ".join(text.split())


def find_date(text: str, default_year: int | None = None) -> DateSpan | None:
    """First date expression in a paragraph (a contact entry).

    The earliest phrase is taken because an entry leads with its own date and later dates belong
    to what it mentions (a treaty signed years before, a "2009 года" universiade). A bare number is
    never a year unless marked as one ("в 2021 году", "(2022 г.)"), because titles such as
    "Казань-2023" or "№16" are not dates. An impossible phrase ("31 февраля") is skipped together
    with the shorter phrases inside it, so its month alone is not returned in its place.
    ``default_year`` dates a yearless phrase when the paragraph itself names no later year.
    """
    normalised = _normalise(text)
    candidates = _candidates(normalised)
    years = _StatedYears(candidates)
    blocked_until = 0
    for c in candidates:
        if c.begin < blocked_until:
            continue
        span = _to_span(normalised, c, years, default_year)
        if span is not None:
            return span
        blocked_until = max(blocked_until, c.end)
    return None
