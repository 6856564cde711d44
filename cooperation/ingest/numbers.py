"""Parsers for the fact fields of a partner-city block ("Население:", "Площадь города:", …).

The fields are typed by hand on the city page, so one number comes in many spellings: "9,7 млн.чел.",
"9 465 881 человек", "11,434.25 км²", "2,900 km2". Each parser returns None for what it cannot read
instead of raising, because a single odd field must not stop the ingestion of the whole page.
"""

from __future__ import annotations

import re

__all__ = [
    "parse_area",
    "parse_founded",
    "parse_population",
    "parse_utc_offset",
    "parse_year_in_brackets",
]

# A space between digit groups only counts when every group after it has three digits, so
# "9 465 881" is one number but "15 2021" is two.
_NUMBER = re.compile(r"(?<![0-9.,])(?:[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:[.,][0-9]+)*(?![0-9])")
_SCALES = (
    (re.compile(r"млрд|миллиард|billion|bn\b", re.IGNORECASE), 1_000_000_000),
    (re.compile(r"млн|миллион|million|mln\b", re.IGNORECASE), 1_000_000),
    (re.compile(r"тыс|thousand", re.IGNORECASE), 1_000),
)
_BRACKETED = re.compile(r"\([^()]*\)")
_BRACKETED_YEAR = re.compile(r"\(\s*(?:[^()]*\s)?(?P<year>[12][0-9]{3})\s*(?:г(?:ода?|г)?\.?)?\s*\)", re.IGNORECASE)
# Sane upper bound that also keeps float("9" * 400) == inf away from round().
_MAX_QUANTITY = 1e15


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _to_float(raw: str, *, scaled: bool) -> float | None:
    """Read Russian and English separators alike.

    With both marks present the later one is the decimal mark ("11,434.25"), and a number with two
    decimal marks is unreadable rather than guessed at. A lone comma before exactly three digits is
    a thousands separator ("2,900 km2") unless a scale word follows, because "9,820 млн" can only
    mean 9.82 million.
    """
    digits = raw.replace(" ", "")
    if "," in digits and "." in digits:
        decimal = "." if digits.rfind(".") > digits.rfind(",") else ","
        if digits.count(decimal) > 1:
            return None
        thousands = "," if decimal == "." else "."
        digits = digits.replace(thousands, "").replace(decimal, ".")
    elif digits.count(",") > 1 or digits.count(".") > 1:
        digits = digits.replace(",", "").replace(".", "")
    elif "," in digits:
        integer, fraction = digits.split(",")
        is_thousands = len(fraction) == 3 and not scaled
        digits = integer + fraction if is_thousands else f"{integer}.{fraction}"
    value = float(digits)
    return value if value < _MAX_QUANTITY else None


def _scale_after(text: str, position: int) -> int:
    # The scale word sits right after the number: "9,7 млн.чел.", "53,1 тыс. км²".
    following = text[position : position + 12].lstrip()
    for pattern, factor in _SCALES:
        if pattern.match(following):
            return factor
    return 1


def _quantity(text: str) -> float | None:
    """First number outside brackets, times its scale word; brackets hold the reference year."""
    unbracketed = _BRACKETED.sub(" ", _normalise(text))
    match = _NUMBER.search(unbracketed)
    if match is None:
        return None
    factor = _scale_after(unbracketed, match.end())
    value = _to_float(match.group(), scaled=factor != 1)
    if value is None or value * factor >= _MAX_QUANTITY:
        return None
    # Rounding cancels binary noise such as 1.1 * 1000 == 1100.0000000000002.
    return round(value * factor, 6)


def parse_year_in_brackets(text: str) -> int | None:
    """Year the figure or document refers to; the last one wins because it follows the value.

    A document line names its parties in brackets too ("(Российская Федерация) … (2025)."), and
    a line listing two documents ends with the later one, which is the one in force.
    """
    matches = list(_BRACKETED_YEAR.finditer(_normalise(text)))
    return int(matches[-1].group("year")) if matches else None


def parse_population(text: str) -> tuple[int | None, int | None]:
    """Inhabitants and the year of that count; a population is a whole number of people."""
    value = _quantity(text)
    count = round(value) if value is not None else None
    return count, parse_year_in_brackets(text)


def parse_area(text: str) -> tuple[float | None, int | None]:
    """Area in km² and the year of the measurement, both as printed on the page."""
    return _quantity(text), parse_year_in_brackets(text)


_BC = re.compile(r"до\s*н\.?\s*э|до\s+нашей\s+эры|\bBCE?\b|\bB\.\s?C\.", re.IGNORECASE)
# Roman numerals must be capitals, or the preposition "с" in "с веком" would read as C = 100.
_CENTURY = re.compile(
    r"(?<!\w)(?P<n>[0-9]{1,2}|(?-i:[IVXLCХС]+))(?:\s*-?\s*(?:й|ый|ой))?\s*(?:век[а-я]*|в\.)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![0-9])[0-9]{1,4}(?![0-9])")
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# Russian typists often write a century with the Cyrillic look-alikes of X and C.
_CYRILLIC_TO_LATIN = str.maketrans({"Х": "X", "С": "C"})


def _roman_to_int(numeral: str) -> int | None:
    numeral = numeral.translate(_CYRILLIC_TO_LATIN)
    if not numeral or _ROMAN.fullmatch(numeral) is None:
        return None
    values = [_ROMAN_VALUES[ch] for ch in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0]))


def _century(text: str) -> int | None:
    match = _CENTURY.search(text)
    if match is None:
        return None
    raw = match.group("n")
    number = int(raw) if raw.isdigit() else _roman_to_int(raw)
    return number or None


def parse_founded(text: str) -> int | None:
    """Founding year, negative for BC, so cities can be sorted by age on one axis.

    A century is pinned to a single year: its first year AD ("9 век н.э." -> 801) and, for BC,
    the year furthest from the present that the century starts with ("V век до н.э." -> -500).
    "ок." and similar hedges are dropped; the page's founding dates are approximate anyway.
    """
    normalised = _normalise(text)
    before_christ = _BC.search(normalised) is not None
    century = _century(normalised)
    if century is not None:
        return -century * 100 if before_christ else (century - 1) * 100 + 1
    match = _YEAR.search(normalised)
    year = int(match.group()) if match else 0
    if year == 0:
        return None
    return -year if before_christ else year


_UTC = re.compile(r"\b(?:GMT|UTC)\b", re.IGNORECASE)
_OFFSET = re.compile(r"\s*(?P<sign>[+\-−–])?\s*(?P<hours>[0-9]{1,2})(?::(?P<minutes>[0-9]{2}))?(?![0-9])")
_MINUS_SIGNS = ("-", "−", "–")


def parse_utc_offset(text: str) -> float | None:
    """Offset from UTC in hours; fractional because Tehran and Hyderabad are on half hours.

    A bare "GMT" is Greenwich time itself, but "GMT +330" is a typo, not zero.
    """
    normalised = _normalise(text)
    anchor = _UTC.search(normalised)
    if anchor is None:
        return None
    match = _OFFSET.match(normalised, anchor.end())
    if match is None:
        rest = normalised[anchor.end() :].lstrip()
        return None if rest[:1] in ("+", *_MINUS_SIGNS) or rest[:1].isdigit() else 0.0
    hours = int(match.group("hours"))
    minutes = int(match.group("minutes") or 0)
    if hours > 14 or minutes >= 60:
        return None
    sign = -1.0 if match.group("sign") in _MINUS_SIGNS else 1.0
    return sign * (hours + minutes / 60)
