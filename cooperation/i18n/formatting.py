"""Numbers and dates as each language writes them: "1 234,5" and "04.05.2023" in Russian, "1,234.5" and
"4 May 2023" in English; a date at the precision the source gives ("May 2023", never a made-up day)."""

from __future__ import annotations

import datetime
import math

from cooperation.i18n.lookup import normalise_lang, t


def format_int(value: float | int | None, lang: str) -> str:
    """1 234 in Russian (narrow no-break space), 1,234 in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.none", lang)
    text = f"{int(round(value)):,}"
    return text.replace(",", "\u202f") if normalise_lang(lang) == "ru" else text


def format_number(value: float | None, lang: str, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.none", lang)
    text = f"{value:,.{decimals}f}"
    if normalise_lang(lang) == "ru":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def month_name(month: int, lang: str) -> str:
    return t(f"month.{month}", lang)


def format_date(value: datetime.date | None, lang: str, precision: str = "day") -> str:
    """A date at the precision the source gives: "May 2023", not a made-up "1 May 2023"."""
    if value is None:
        return t("common.none", lang)
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{month_name(value.month, lang)} {value.year}"
    return value.strftime("%d.%m.%Y") if normalise_lang(lang) == "ru" else value.strftime("%-d %b %Y")


def format_period(start: datetime.date | None, end: datetime.date | None, precision: str, lang: str) -> str:
    if start is None:
        return t("common.none", lang)
    first = format_date(start, lang, precision)
    if end is None or end == start:
        return first
    last = format_date(end, lang, precision)
    return first if last == first else f"{first} – {last}"
