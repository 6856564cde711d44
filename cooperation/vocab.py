"""The controlled vocabularies of the data layer, defined once.

Every CSV value with a closed set of meanings (a sphere, a venue, a format, a document type…) is listed
here; schemas, classifiers, filters, charts and the translation catalogue all import these tuples, so a
new value is added in one place and the tests on the catalogue catch a missing translation.
"""

from __future__ import annotations

from dataclasses import dataclass

HOME_CITY_ID = "kazan"

ROLES: tuple[str, ...] = ("home", "partner", "co_party")

SPHERES: tuple[str, ...] = (
    "governance",
    "economy",
    "culture",
    "education",
    "sport",
    "tourism",
    "urban_planning",
    "digital",
    "health",
)

# Where a contact happened.
VENUES: tuple[str, ...] = ("kazan", "partner", "other", "unknown")

# How it happened; a video greeting or a letter is a message, not a meeting.
FORMATS: tuple[str, ...] = ("in_person", "online", "message", "unknown")

# The venue filter staff use: an online contact has no meaningful place, so it is a group of its own.
SETTINGS: tuple[str, ...] = ("kazan", "partner", "other", "online", "unknown")

DOC_TYPES: tuple[str, ...] = ("agreement", "memorandum", "treaty", "protocol")

RELATIONS: tuple[str, ...] = ("twinning", "partnership", "friendship", "cooperation", "intent")

YEAR_SOURCES: tuple[str, ...] = ("document", "inferred", "unknown")
# Where an agreement is recorded on the source page: its block's «Документ» line, or only a contact entry that
# says it was signed (cooperation/ingest/signings.py).
AGREEMENT_RECORDED_IN: tuple[str, ...] = ("documents_line", "contact_entry")

DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year")

# Statuses staff record on an agreement from documents the page does not show.
RECORDED_STATUSES: tuple[str, ...] = ("active", "suspended", "ended", "renewed")


@dataclass(frozen=True)
class ForumSeries:
    """A recurring event Kazan hosts; `patterns` are lower-case regexes matched on a contact's text."""

    series: str
    name_ru: str
    name_en: str
    patterns: tuple[str, ...]
    usual_month: int


FORUM_SERIES: tuple[ForumSeries, ...] = (
    ForumSeries(
        "kazan_digital_week",
        "Kazan Digital Week",
        "Kazan Digital Week",
        (r"kazan\s+digital\s+week",),
        9,
    ),
    ForumSeries(
        "kazanysh",
        "Международный архитектурно-строительный форум «Казаныш»",
        "Kazanysh International Architecture and Construction Forum",
        (r"казаныш",),
        12,
    ),
    ForumSeries(
        "united_cities_forum",
        "Форум, объединяющий города (United Cities Forum)",
        "United Cities Forum",
        (r"united\s+cities\s+forum", r"форум,?\s+объединяющий\s+города"),
        9,
    ),
    ForumSeries(
        "rostki",
        "Международный форум «РОСТКИ: Россия и Китай – взаимовыгодное сотрудничество»",
        "ROSTKI: Russia and China International Forum",
        (r"ростки",),
        9,
    ),
    ForumSeries(
        "brics_cities_forum",
        "Международный форум городов стран БРИКС+",
        "International Forum of BRICS+ Cities",
        (r"форум\w*\s+городов\s+стран\s+брикс", r"учредительное\s+собрание\s+ассоциации\s+городов"),
        6,
    ),
    ForumSeries(
        "brics_twin_cities_forum",
        "Форум породненных городов и муниципальных образований стран БРИКС",
        "Forum of BRICS Twin Cities and Municipalities",
        (r"форум\w*\s+породненных\s+городов",),
        10,
    ),
    ForumSeries(
        "asian_mayors_forum_bureau",
        "Заседание Исполнительного бюро Азиатского форума мэров",
        "Asian Mayors Forum Executive Bureau meeting",
        (r"исполнительного\s+бюро\s+азиатского\s+форума\s+мэров",),
        5,
    ),
    ForumSeries(
        "historic_cities_conference",
        "Всемирная конференция исторических городов",
        "World Conference of Historical Cities",
        (r"всемирной\s+конференции\s+исторических\s+городов",),
        6,
    ),
)

FORUM_SERIES_IDS: tuple[str, ...] = tuple(s.series for s in FORUM_SERIES)

# Activity statuses computed from contacts (cooperation.health), in the order a reader scans them.
HEALTH_STATUSES: tuple[str, ...] = ("active", "slowing", "dormant", "never_activated")

# The status a partner is shown with: a status staff recorded wins over the computed one, so the recorded
# values that are not also computed ones join the list.
PARTNER_STATUSES: tuple[str, ...] = ("active", "renewed", "slowing", "dormant", "never_activated", "suspended", "ended")

STATUS_ORIGINS: tuple[str, ...] = ("computed", "recorded")

# Contacts in the last three years against the three before.
TRENDS: tuple[str, ...] = ("rising", "flat", "falling")

# How a partner took part in a forum edition; a video address or greeting counts as taking part online.
ATTENDANCE_MARKS: tuple[str, ...] = ("in_person", "online", "unknown")
