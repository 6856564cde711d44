"""Rules that classify a contact entry: where it happened, how, in which spheres, at which hosted forum.

The rules are keyword stems over the lower-cased Russian text, kept in tables here so staff and tests can
read exactly why an entry got its label. They are deliberately simple and transparent: a wrong label is
fixed by adding a stem, not by retraining anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cooperation.vocab import FORUM_SERIES, SPHERES

ONLINE_STEMS = ("онлайн", "видео-конференц", "видеоконференц", "телеконференц", "телемост", "видеосвяз",
                "дистанционн", "в режиме онлайн", "в онлайн формате")
# A greeting or a letter sent: contact without a meeting.
MESSAGE_STEMS = ("видеопоздравлен", "видеообращен", "поздравлен", "письм")
IN_PERSON_STEMS = ("визит", "делегац", "встреч", "посетил", "посетила", "приняли участие", "принял участие",
                   "приняла участие", "выступил", "выступила", "провел", "прошл", "состоял", "сыграли",
                   "соревновались", "подписал", "церемони", "презентаци")

# Place words that mean Kazan even without the city's name in the locative.
KAZAN_STEMS = ("казан", "ратуш", "исполком", "исполнительн", "татарстан", "кремл")
# Cities that are neither Kazan nor the partner but show up as venues without "г." before them.
OTHER_PLACE_STEMS = ("москв", "санкт-петербург", "петербург", "дубай", "марика", "пекин", "шанха", "шеньчж",
                     "уф", "екатеринбург", "хабаровск", "волгоград")
# Kazan's people travelling: where the text names no place, the contact happened in the partner city.
KAZAN_OUTBOUND = ("делегация г.казани", "делегация казани", "казанские спортсмены", "казанской средней",
                  "делегация республики татарстан", "татарстанской делегации", "представители мэрии казани")

LOCATIVE = re.compile(
    r"(?:^|[\s(«\"])(?:в|во|на)\s+(?P<marker>г\.\s*|города?\s+|городе\s+)?(?P<word>[А-ЯЁA-Z][\w\-]+)"
)
VISITED = re.compile(r"посетил\w*\s+(?:\w+\s+){0,3}?(?P<marker>г\.\s*|город\s+)?(?P<word>[А-ЯЁ][\w\-]+)")

SPHERE_STEMS: dict[str, tuple[str, ...]] = {
    "governance": ("мэр", "муниципал", "самоуправлен", "ассоциаци", "официальн", "соглашен", "меморандум",
                   "протокол", "исполком", "исполнительн", "администрац", "правительств", "городского совета",
                   "побратимск", "кадров", "городского хозяйства"),
    "economy": ("эконом", "инвестиц", "торгов", "бизнес", "предприят", "экспо", "промышлен", "коммерц"),
    "culture": ("культур", "музык", "фестивал", "выставк", "искусств", "наслед", "джаз", "фотограф",
                "праздн", "юбиле", "музе", "видеоролик"),
    "education": ("школ", "студент", "университет", "образован", "учащ", "вуз", "кфу", "обучающ", "тренинг",
                  "русского языка", "выпускник", "слушател"),
    "sport": ("спорт", "шахмат", "турнир", "универсиад", "соревн", "переплыви", "играм", "игр "),
    "tourism": ("туризм", "туристическ", "достопримечательност", "экскурс"),
    "urban_planning": ("архитект", "градостро", "благоустро", "общественных пространств", "городского развития",
                       "городского планирования", "городского пейзажа", "устойчивого развития",
                       "городов на воде", "исторических городов", "умный город", "умных городов"),
    "digital": ("цифров", "умный город", "умных городов", "smart", "it-", "ит-", "информационных технологий",
                "digital"),
    "health": ("здравоохранен", "коронавирус", "медиц", "здоровь", "пандем", "продовольственная безопасность"),
}
# An entry that names no sphere is general inter-municipal cooperation.
DEFAULT_SPHERE = "governance"


@dataclass(frozen=True)
class Classification:
    venue: str
    venue_city: str
    format: str
    spheres: tuple[str, ...]
    series: str | None


def _stem(name_ru: str) -> str:
    """Enough of a Russian city name to match its case forms (Тегеран → тегера: Тегерана, Тегеране)."""
    lowered = name_ru.lower()
    return lowered[:-1] if len(lowered) > 4 else lowered


def detect_format(text: str) -> str:
    lowered = text.lower()
    if any(s in lowered for s in ONLINE_STEMS):
        return "online"
    if any(s in lowered for s in MESSAGE_STEMS) and "делегац" not in lowered:
        return "message"
    if any(s in lowered for s in IN_PERSON_STEMS):
        return "in_person"
    return "unknown"


def detect_venue(text: str, partner_ru: str, series: str | None) -> tuple[str, str]:
    """The first place the text puts the contact in, as (venue, venue_city).

    venue_city is a city_id-like key for Kazan and the partner and the place as written otherwise.
    A hosted forum is in Kazan unless the text names another place; Kazan's people travelling with no
    place named means the partner city.
    """
    partner_stem = _stem(partner_ru)
    for match in sorted([*LOCATIVE.finditer(text), *VISITED.finditer(text)], key=lambda m: m.start()):
        word = match.group("word")
        lowered = word.lower()
        if lowered.startswith(partner_stem):
            return "partner", partner_ru
        if lowered.startswith(KAZAN_STEMS):
            return "kazan", "Казань"
        if match.group("marker") or lowered.startswith(OTHER_PLACE_STEMS):
            return "other", word
    lowered_text = text.lower()
    if series is not None:
        return "kazan", "Казань"
    if any(s in lowered_text for s in KAZAN_OUTBOUND):
        return "partner", partner_ru
    return "unknown", ""


def detect_spheres(text: str) -> tuple[str, ...]:
    lowered = text.lower()
    found = [s for s in SPHERES if any(stem in lowered for stem in SPHERE_STEMS[s])]
    return tuple(found) or (DEFAULT_SPHERE,)


def detect_series(text: str) -> str | None:
    """The hosted forum an entry names; the more specific series wins (UCF is held within ROSTKI)."""
    lowered = text.lower()
    for series in FORUM_SERIES:
        if any(re.search(p, lowered) for p in series.patterns):
            return series.series
    return None


def edition_year_in_name(text: str, series: str) -> int | None:
    """A forum's edition year written into its name ("Kazan Digital Week-2023", "БРИКС – 2020")."""
    spec = next(s for s in FORUM_SERIES if s.series == series)
    lowered = text.lower()
    for pattern in spec.patterns:
        match = re.search(pattern + r"[\s\-–—]*(?P<year>(?:19|20)\d\d)\b", lowered)
        if match:
            return int(match.group("year"))
    return None


def classify(text: str, partner_ru: str) -> Classification:
    series = detect_series(text)
    fmt = detect_format(text)
    venue, venue_city = detect_venue(text, partner_ru, series)
    if fmt == "unknown" and venue != "unknown":
        fmt = "in_person"
    return Classification(venue, venue_city, fmt, detect_spheres(text), series)
