"""Country-level twinning figures quoted in news items (Russia–US, Russia–China…).

The dashboard shows Kazan's own partnerships against the national picture, and that picture exists
only as numbers inside prose ("67 cities and two regions of Russia … with 73 cities, one state and two
US districts"). Each figure keeps its verbatim sentence and its date as far as the text tells it, so a
reader can check it; a text the patterns do not understand yields problems, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_NUMBER_WORDS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
_NUMBER = r"(\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")"

# Ordered so that "USA"/"United States" win over the bare "US"; "US" is case-sensitive on purpose.
_COUNTRIES: tuple[tuple[str, str], ...] = (
    (r"\bRussian?\b", "RU"),
    (r"\b(?:USA|US|United States|American)\b", "US"),
    (r"\b(?:China|Chinese)\b", "CN"),
)
_ADJECTIVES = {"RU": "Russian", "US": "US", "CN": "Chinese"}
# Russia is the home side of every pair, so "a" always means the Russian figure when there is one.
_HOME = "RU"

_UNIT = re.compile(rf"\b{_NUMBER}\s+(?:\S+\s+)?(cit(?:y|ies)|regions?|states?|districts?)\b", re.IGNORECASE)
_UNIT_PLURALS = {"city": "cities", "region": "regions", "state": "states", "district": "districts"}
_LINKS = re.compile(
    rf"\b{_NUMBER}\s+(?:partnership|twinning|sister[- ]city|friendship)\s+(?:links|ties|agreements|relations)\b"
    r"[^.]*?\bbetween\s+(\w+)\s+and\s+(\w+)",
    re.IGNORECASE,
)
# Which kind of count a sentence gives; checked in order, delegations first because that
# sentence also speaks of "twin cities".
_CONTEXTS: tuple[tuple[str, str], ...] = (
    (r"\bdelegat", "forum_delegations"),
    (r"\btwin", "twinned"),
)
_PUBLISHED = re.compile(r"\A\s*(\d{2})\.(\d{2})\.(\d{4})\b")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EVENT_DATE = re.compile(r"\bOn (" + "|".join(_MONTHS) + r") (\d{1,2}), (\d{4})")
_PLANNED = re.compile(
    r"\bIn the (spring|summer|autumn|fall|winter) of (\d{4}),? it is planned to \w+ an? (?:\w+ )?"
    r"(forum|meeting|conference|event)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NationalFigure:
    """One number from a news text; `quote` is its sentence verbatim, `note` says what dates it if `as_of` can't."""

    figure_id: str
    country_a_iso2: str
    country_b_iso2: str
    measure: str
    value: int
    description_en: str
    as_of: str
    source_file: str
    quote: str
    note: str = ""


def parse_national_context(text: str, source_file: str) -> tuple[list[NationalFigure], list[str]]:
    """Extract the country-pair figures of a news text, plus problems for numbers it could not place.

    `as_of` is the item's publication date (a "dd.mm.yyyy" line at the top) or "" when the text has
    none, e.g. the Russkiy Mir item on the Russian-American forum: its date is unknown from the text,
    and `note` then bounds it from what the text plans ("before spring 2020").
    """
    problems: list[str] = []
    as_of, note = _dating(text)
    figures: list[NationalFigure] = []
    for line_no, sentence in _sentences(text):
        for country_a, country_b, measure, value in _figures_in(sentence, line_no, problems):
            figures.append(
                NationalFigure(
                    figure_id=_unique_id(figures, country_a, country_b, measure, source_file),
                    country_a_iso2=country_a,
                    country_b_iso2=country_b,
                    measure=measure,
                    value=value,
                    description_en=_describe(measure, country_a, country_b),
                    as_of=as_of,
                    source_file=source_file,
                    quote=sentence,
                    note=note,
                )
            )
    if not figures:
        problems.append(f"{source_file}: no country-pair figure recognised")
    return figures, problems


def _sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their line numbers; news paragraphs are one line each, so lines never split one."""
    found: list[tuple[int, str]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"«“])", line.strip()):
            if sentence:
                found.append((line_no, sentence))
    return found


def _to_int(token: str) -> int:
    word = token.lower()
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS.index(word) + 1
    return int(word.replace(",", ""))


def _country_mentions(sentence: str) -> list[tuple[int, str]]:
    """(position, ISO code) of every country mention, in reading order."""
    mentions = [(m.start(), iso) for pattern, iso in _COUNTRIES for m in re.finditer(pattern, sentence)]
    return sorted(mentions)


def _country_of(word: str) -> str | None:
    return next((iso for pattern, iso in _COUNTRIES if re.fullmatch(pattern, word)), None)


def _pair(countries: list[str]) -> tuple[str, str] | None:
    """The two sides of a sentence, home country first, others in reading order."""
    distinct = list(dict.fromkeys(countries))
    if len(distinct) < 2:
        return None
    if _HOME in distinct:
        distinct.remove(_HOME)
        distinct.insert(0, _HOME)
    return distinct[0], distinct[1]


def _figures_in(sentence: str, line_no: int, problems: list[str]) -> list[tuple[str, str, str, int]]:
    links = _LINKS.search(sentence)
    if links:
        pair = _pair([c for c in (_country_of(links.group(2)), _country_of(links.group(3))) if c])
        if pair:
            return [(pair[0], pair[1], "partnership_links", _to_int(links.group(1)))]
        problems.append(
            f"line {line_no}: links between {links.group(2)!r} and {links.group(3)!r}: countries not recognised"
        )
        return []
    counts = list(_UNIT.finditer(sentence))
    if not counts:
        return []
    return _side_counts(sentence, counts, line_no, problems)


def _side_counts(
    sentence: str, counts: list[re.Match[str]], line_no: int, problems: list[str]
) -> list[tuple[str, str, str, int]]:
    """Counts of one side each ("67 cities … of Russia"): a count belongs to the next country named after it."""
    mentions = _country_mentions(sentence)
    pair = _pair([iso for _, iso in mentions])
    context = next((key for pattern, key in _CONTEXTS if re.search(pattern, sentence, re.IGNORECASE)), None)
    if pair is None or context is None:
        problems.append(f"line {line_no}: number(s) not placed (no country pair or no known measure): {sentence!r}")
        return []
    found: list[tuple[str, str, str, int]] = []
    for count in counts:
        country = next((iso for pos, iso in mentions if pos >= count.start()), mentions[-1][1])
        side = "a" if country == pair[0] else "b"
        unit = count.group(2).lower()
        unit = _UNIT_PLURALS.get(unit, unit)
        measure = f"{context}_{side}" if context == "forum_delegations" else f"{context}_{unit}_{side}"
        found.append((pair[0], pair[1], measure, _to_int(count.group(1))))
    return found


def _describe(measure: str, country_a: str, country_b: str) -> str:
    adj_a, adj_b = _ADJECTIVES.get(country_a, country_a), _ADJECTIVES.get(country_b, country_b)
    if measure == "partnership_links":
        return f"Partnership links between {adj_a} and {adj_b} cities"
    own, other = (adj_a, adj_b) if measure.endswith("_a") else (adj_b, adj_a)
    if measure.startswith("forum_delegations"):
        return f"{own} cities that sent delegates to the {adj_a}–{adj_b} twin-cities forum"
    unit = measure.split("_")[1]
    return f"{own} {unit} linked by twinning with {other} counterparts"


def _dating(text: str) -> tuple[str, str]:
    """(as_of, note): the publication date if printed, else a bound from plans the text mentions."""
    published = _PUBLISHED.match(text)
    if published:
        day, month, year = published.groups()
        event = _EVENT_DATE.search(text)
        note = ""
        if event:
            month_no = _MONTHS.index(event.group(1)) + 1
            note = f"stated at an event on {event.group(3)}-{month_no:02d}-{int(event.group(2)):02d}"
        return f"{year}-{month}-{day}", note
    planned = _PLANNED.search(text)
    if planned:
        season, year, what = planned.group(1).lower(), planned.group(2), planned.group(3).lower()
        return "", f"before {season} {year} (the text plans a {what} for {season} {year})"
    return "", ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unique_id(figures: list[NationalFigure], country_a: str, country_b: str, measure: str, source_file: str) -> str:
    """Same text, same id: built from the pair, the measure and the source, numbered only on a repeat."""
    base = _slug(f"{country_a}-{country_b}-{measure}-{Path(source_file).stem}")
    taken = {figure.figure_id for figure in figures}
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
