"""Values that parse but cannot be true: bounds per field and a density check, one rule for ingest and pages.

The source page writes Hebron's area «2,900 km2»: read as 2,900 km² it is half of the West Bank (69 people
per km² for a city of 199,000), read as 2.9 km² it is 68,621 people per km², denser than any city. The value
is kept as written and marked doubtful in cities.csv (`doubtful`: "field:reason" items separated by '|'), so
pages show it with the mark and the reason, and the ingest report lists it for staff to check.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cooperation.i18n import format_int, t

# Plausible range of each field for a city: the largest city proper by population (Tokyo, about 37 million)
# and by area (Chongqing municipality, 82,400 km²) set the upper ends.
BOUNDS: dict[str, tuple[float, float]] = {
    "population": (100, 40_000_000),
    "area_km2": (0.5, 100_000),
}
# People per km²: no city is denser than DENSITY_HIGH (Manila, the densest, about 44,000); a city of
# DENSITY_LOW_FROM people or more spread thinner than DENSITY_LOW is a regional figure or a misread unit
# (the sparsest prefecture-level city on the page, Qiqihar with its counties, has 96).
DENSITY_HIGH = 50_000
DENSITY_LOW = 80
DENSITY_LOW_FROM = 100_000

REASONS = ("out_of_bounds", "density_low", "density_high")


def _number(value: object) -> float | None:
    if value is None or value == "" or pd.isna(value):
        return None
    return float(value)


def doubts(city: Mapping[str, object]) -> list[tuple[str, str]]:
    """(field, reason) for each value of a city row that cannot be true as it stands."""
    found: list[tuple[str, str]] = []
    for field, (low, high) in BOUNDS.items():
        value = _number(city.get(field))
        if value is not None and not low <= value <= high:
            found.append((field, "out_of_bounds"))
    population, area = _number(city.get("population")), _number(city.get("area_km2"))
    if population and area and not found:
        density = population / area
        if density > DENSITY_HIGH:
            found.append(("area_km2", "density_high"))
        elif population >= DENSITY_LOW_FROM and density < DENSITY_LOW:
            found.append(("area_km2", "density_low"))
    return found


def mark(city: Mapping[str, object]) -> str:
    """The `doubtful` cell: "area_km2:density_low", several joined by '|', empty when nothing is doubtful."""
    return "|".join(f"{field}:{reason}" for field, reason in doubts(city))


def marked(city: Mapping[str, object]) -> dict[str, str]:
    """Field -> reason, as read back from a city's `doubtful` cell."""
    cell = city.get("doubtful")
    if not isinstance(cell, str) or not cell:
        return {}
    return dict(item.split(":", 1) for item in cell.split("|"))


def density(city: Mapping[str, object]) -> float | None:
    population, area = _number(city.get("population")), _number(city.get("area_km2"))
    return population / area if population and area else None


def reason_text(city: Mapping[str, object], field: str, reason: str, lang: str) -> str:
    """Why a value is doubtful, with its numbers, in the reader's language."""
    people = density(city)
    if reason == "out_of_bounds":
        low, high = BOUNDS[field]
        return t("doubt.out_of_bounds", lang, low=format_int(low, lang), high=format_int(high, lang))
    return t(
        f"doubt.{reason}",
        lang,
        density=format_int(people, lang),
        population=format_int(_number(city.get("population")), lang),
        low=format_int(DENSITY_LOW, lang),
        high=format_int(DENSITY_HIGH, lang),
    )


def with_mark(text: str, city: Mapping[str, object], field: str, lang: str) -> str:
    """A value as shown, with the doubtful mark and the reason when the data marks it."""
    reason = marked(city).get(field)
    if reason is None:
        return text
    return t("doubt.shown", lang, value=text, reason=reason_text(city, field, reason, lang))


def report_message(city: Mapping[str, object], field: str, reason: str, written: str) -> str:
    """The ingest report's line for a doubtful value."""
    return (
        f"{city.get('name_ru')}: {field} «{written}» kept as written but marked doubtful "
        f"({reason_text(city, field, reason, 'en')}); check the source, and correct it on the data page if wrong"
    )
