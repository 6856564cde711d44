"""Rules that classify a contact entry: where it happened, how, in which spheres, at which hosted forum.

Words are matched as lemmas (pymorphy3 with its Russian dictionary, offline), so one rule covers every case
form: «устойчивое развитие», «устойчивого развития» and «устойчивым развитием» are one phrase. The rules are
tables here, so staff and tests can read exactly why an entry got its label; a wrong label is fixed by editing
a table, not by retraining anything. The hand-labelled set in tests/data/labelled_contacts.csv measures them
(`python benchmarks/classify.py`).

Labelling rules (the labelled set follows them, the classifier implements them):

1. A sphere is the *subject* of the contact: what the people met about, played, showed or signed. Usually one,
   two or three only where the entry plainly covers them («обсудили … в сфере туризма, IT-технологий и спорта»).
2. Governance is the subject when the contact is about the city's administration (self-government, personnel
   policy, city management), inter-municipal cooperation itself (an association of cities meets, an official
   visit, a document signed) or when no topical sphere fits. It is not added to every meeting of officials.
3. A hosted forum gives its theme: Kazan Digital Week → digital, «Казаныш» (architecture and construction) →
   urban planning, the World Conference of Historical Cities → culture. The forums of cities (United Cities
   Forum, BRICS+ cities, BRICS twin cities, the Asian Mayors Forum bureau) are inter-municipal cooperation:
   governance, unless the entry names a topical subject (a session on sustainable development of cities).
   «РОСТКИ» covers everything, so it gives no theme; its entries say their own (a chess tournament → sport).
4. A word inside a name does not make a sphere: a department, committee, university, school, centre or
   chamber and the words attached to it («Управления коммерции», «университета коммерции», «Арабского
   культурного центра», «Министром местного самоуправления»), and fixed phrases such as «муниципальное
   образование» (a municipality, not education). A listener («слушатели») is not education.
5. Some words show a sphere only when nothing else does: a «фестиваль» of a sport is sport, a museum or the
   landmarks seen on an architecture forum's side programme do not add culture or tourism.

Format: online when the text says so («онлайн», «телемост», «видео-конференц-связь»), a message when the
contact is a greeting, an address or something sent without anyone travelling, in person when people travel
or meet. An entry that names an edition held online («форум …, который состоялся … в онлайн формате») makes
every entry of that edition online unless the entry itself says people travelled (see `online_editions`).

One contact per row: a later sentence whose subject is a team taking part («Команда шахматистов … приняла
участие в шахматном турнире в рамках Форума») is a contact of its own, with its own format and spheres; it
keeps the entry's date, forum and, if it names none, place. So is a later sentence that opens with a date
outside the period of the contact before it; it has that date (see `split_contacts`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import pymorphy3

from cooperation.ingest.dates import DateSpan, find_date
from cooperation.vocab import FORUM_SERIES, SPHERES

# Each rule is a lemma or a phrase of lemmas (space-separated), as pymorphy3 gives them.
ONLINE_TERMS = (
    "онлайн",
    "видео-конференц-связь",
    "видеоконференция",
    "видеоконференцсвязь",
    "телеконференция",
    "телемост",
    "видеосвязь",
    "дистанционный",
    "вебинар",
)
# A greeting, an address or something sent: contact without a meeting.
MESSAGE_TERMS = ("видеопоздравление", "видеообращение", "поздравление", "поздравить", "письмо", "направить")
# People travelled or met: this says in person even within an edition held online.
TRAVEL_TERMS = (
    "визит",
    "делегация",
    "делегат",
    "посетить",
    "посещение",
    "приехать",
    "прибыть",
    "очно",
    "очный",
    "лично",
)
# Something happened, which by default means in person; an online edition overrides these.
EVENT_TERMS = (
    "встреча",
    "встретиться",
    "участие",
    "выступить",
    "провести",
    "пройти",
    "состояться",
    "сыграть",
    "соревноваться",
    "подписать",
    "церемония",
    "презентация",
)

# Place words that mean Kazan even without the city's name in the locative.
KAZAN_STEMS = ("казан", "ратуш", "исполком", "исполнительн", "татарстан", "кремл")
# Cities that are neither Kazan nor the partner but show up as venues without "г." before them.
OTHER_PLACE_STEMS = (
    "москв",
    "санкт-петербург",
    "петербург",
    "дубай",
    "марика",
    "пекин",
    "шанха",
    "шеньчж",
    "уф",
    "екатеринбург",
    "хабаровск",
    "волгоград",
)
# Kazan's people travelling: where the text names no place, the contact happened in the partner city.
KAZAN_OUTBOUND = (
    "делегация г.казани",
    "делегация казани",
    "казанские спортсмены",
    "казанской средней",
    "делегация республики татарстан",
    "татарстанской делегации",
    "представители мэрии казани",
)

LOCATIVE = re.compile(r"(?:^|[\s(«\"])(?:в|во|на)\s+(?P<marker>г\.\s*|города?\s+|городе\s+)?(?P<word>[А-ЯЁA-Z][\w\-]+)")
VISITED = re.compile(r"посетил\w*\s+(?:\w+\s+){0,3}?(?P<marker>г\.\s*|город\s+)?(?P<word>[А-ЯЁ][\w\-]+)")

# Words that show a sphere (rule 1 and 2).
SPHERE_TERMS: dict[str, tuple[str, ...]] = {
    "governance": (
        "подписать",
        "ассоциация",
        "самоуправление",
        "кадровый политика",
        "городской хозяйство",
        "официальный визит",
    ),
    "economy": (
        "экономика",
        "экономический",
        "инвестиция",
        "инвестиционный",
        "торговля",
        "торговый",
        "бизнес",
        "деловой",
        "предприятие",
        "промышленность",
        "промышленный",
        "экспо",
        "ярмарка",
        "коммерция",
        "коммерческий",
    ),
    "culture": (
        "культура",
        "культурный",
        "музыка",
        "музыкальный",
        "музыкант",
        "выставка",
        "фотовыставка",
        "искусство",
        "наследие",
        "джаз",
        "фотография",
        "видеоролик",
        "театр",
        "концерт",
    ),
    "education": (
        "образование",
        "образовательный",
        "общеобразовательный",
        "школьник",
        "учиться",
        "ученик",
        "студент",
        "обучение",
        "учебный",
        "выпускник",
        "тренинг",
        "вуз",
        "русский язык",
        "изучение",
        "школьный обмен",
        "бакалаврский",
    ),
    "sport": (
        "спорт",
        "спортивный",
        "спортсмен",
        "шахматы",
        "шахматист",
        "шахматный",
        "турнир",
        "универсиада",
        "соревнование",
        "соревноваться",
        "чемпионат",
        "олимпиада",
    ),
    "tourism": ("туризм", "туристический", "туристский", "турист"),
    "urban_planning": (
        "архитектура",
        "архитектурный",
        "архитектор",
        "архитектурно-строительный",
        "градостроительство",
        "градостроительный",
        "благоустройство",
        "общественный пространство",
        "городской развитие",
        "городской планирование",
        "устойчивый развитие",
        "город на вода",
    ),
    "digital": ("цифровой", "цифровизация", "умный город", "smart", "it", "ит", "информационный технология", "digital"),
    "health": ("здравоохранение", "коронавирус", "медицина", "медицинский", "здоровье", "пандемия", "эпидемия"),
}
# Words that show a sphere only when no word of SPHERE_TERMS and no forum theme gives one (rule 5).
WEAK_SPHERE_TERMS: dict[str, tuple[str, ...]] = {
    "culture": ("фестиваль", "музей", "праздник", "празднование"),
    "tourism": ("достопримечательность", "экскурсия"),
}
# Rule 4: fixed phrases whose words never count, wherever they stand.
EXCLUDED_PHRASES = ("муниципальный образование",)
# Rule 4: the head of a name; with the adjectives before it and the genitive chain after it
# («начальник Управления по туризму, радиовещанию и культуре …») the words are a name, not a subject.
NAME_HEADS = frozenset(
    {
        "управление",
        "комитет",
        "канцелярия",
        "департамент",
        "отдел",
        "министерство",
        "университет",
        "институт",
        "академия",
        "школа",
        "центр",
        "палата",
        "агентство",
        "администрация",
        "группа",
        "бюро",
        "совет",
        "комиссия",
        "министр",
        "президент",
        "директор",
        "председатель",
        "сопредседатель",
        "начальник",
        "руководитель",
        "секретарь",
        "консул",
        "губернатор",
        "глава",
    }
)
# Rule 3: the theme a hosted forum gives its entries; governance only when nothing topical is named.
SERIES_THEMES: dict[str, str | None] = {
    "kazan_digital_week": "digital",
    "kazanysh": "urban_planning",
    "historic_cities_conference": "culture",
    "united_cities_forum": "governance",
    "brics_cities_forum": "governance",
    "brics_twin_cities_forum": "governance",
    "asian_mayors_forum_bureau": "governance",
    "rostki": None,
}
# An entry that names no sphere is general inter-municipal cooperation (rule 2).
DEFAULT_SPHERE = "governance"

# The entry says the forum edition itself was held online, not just that one person joined online.
EDITION_HELD_ONLINE = re.compile(
    r"котор\w+\s+(?:состоял\w*|прош[её]л|прошл[аои]|проходил\w*)\b(?:[^.»]|(?<=г)\.)*?"
    r"(?:в\s+онлайн[\s-]*формате|в\s+режиме\s+онлайн|\bонлайн\b)",
    re.IGNORECASE,
)
# One contact per row: a later sentence whose subject is a team taking part is a contact of its own.
SEPARATE_PARTY = re.compile(
    r"(?<=[.!?])\s+(?=(?:Команда|Команды|Сборная)\s[^.]*?\b(?:принял[аи]?\s+(?:\w+\s+)?участие|сыграл[аи]?|"
    r"выступил[аи]?)\b)"
)

# Where a sentence may start: after . ! ? and a space, but not after the abbreviation «г.» («в г. Ханчжоу»).
SENTENCE_START = re.compile(r"(?<=[.!?])(?<!\bг\.)\s+(?=[А-ЯЁA-Z0-9«])")

TOKEN = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:-[A-Za-zА-Яа-яЁё0-9]+)*-?|[^\w\s]")
# The case that continues a name after its head, and the prepositions inside a name with the case they take.
_CHAIN_CASES = frozenset({"gent"})
_NAME_PREPOSITIONS = {"по": frozenset({"datv"}), "при": frozenset({"loct"})}
# A preposition or conjunction ends a name («Казани в возрасте …»), whatever rarer reading it also has.
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL"})


@dataclass(frozen=True)
class Classification:
    venue: str
    venue_city: str
    format: str
    spheres: tuple[str, ...]
    series: str | None


@dataclass(frozen=True)
class Token:
    text: str
    lemmas: frozenset[str]
    cases: frozenset[str]
    pos: frozenset[str]
    # An adjective or participle that can stand as a noun («учащиеся»): it heads a phrase, it is no name part.
    substantive: bool = False

    @property
    def is_word(self) -> bool:
        return bool(self.lemmas)


@cache
def _analyzer() -> pymorphy3.MorphAnalyzer:
    """Loaded once per process; `python benchmarks/classify.py` measures what it costs."""
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def _analyse(word: str) -> Token:
    """Every lemma, case and part of speech pymorphy3 allows for the word; a hyphenated word also stands for
    its parts («онлайн-турнир» is a tournament, «IT-технологий» is IT)."""
    parses = _analyzer().parse(word)
    lemmas = {p.normal_form for p in parses}
    cases = {p.tag.case for p in parses if p.tag.case}
    pos = {p.tag.POS for p in parses if p.tag.POS}
    if "-" in word.strip("-"):
        for part in filter(None, word.split("-")):
            lemmas |= {p.normal_form for p in _analyzer().parse(part)}
    return Token(word, frozenset(lemmas), frozenset(cases), frozenset(pos), any("Subx" in p.tag for p in parses))


class Text:
    """A text's tokens (words with their lemmas, and punctuation, which stops a name) and where each lemma
    occurs among its words."""

    def __init__(self, text: str) -> None:
        self.toks: tuple[Token, ...] = tuple(
            _analyse(m.group()) if m.group()[0].isalnum() else Token(m.group(), frozenset(), frozenset(), frozenset())
            for m in TOKEN.finditer(text.lower())
        )
        self.words = tuple(i for i, t in enumerate(self.toks) if t.is_word)
        where: dict[str, list[int]] = {}
        for n, i in enumerate(self.words):
            for lemma in self.toks[i].lemmas:
                where.setdefault(lemma, []).append(n)
        self.where = where


@lru_cache(maxsize=4096)
def analyse_text(text: str) -> Text:
    return Text(text)


def _matches(text: Text, term: str) -> Iterable[list[int]]:
    """Token positions of each occurrence of a lemma phrase, punctuation between its words skipped."""
    phrase = term.split()
    for n in text.where.get(phrase[0], ()):
        span = list(text.words[n : n + len(phrase)])
        if len(span) == len(phrase) and all(lemma in text.toks[i].lemmas for lemma, i in zip(phrase, span)):
            yield span


def name_mask(text: Text) -> set[int]:
    """Positions of words that are part of a name (rule 4) or of an excluded phrase."""
    masked: set[int] = set()
    for phrase in EXCLUDED_PHRASES:
        for span in _matches(text, phrase):
            masked.update(span)
    toks = text.toks
    for i, tok in enumerate(toks):
        if not tok.lemmas & NAME_HEADS:
            continue
        masked.add(i)
        j = i - 1
        while j >= 0 and (("ADJF" in toks[j].pos and not toks[j].substantive) or toks[j].text == "и"):
            masked.add(j)
            j -= 1
        masked.update(_name_tail(toks, i + 1))
    return masked


def _name_tail(toks: tuple[Token, ...], start: int) -> list[int]:
    """The genitive chain after a name's head, with «по»/«при» phrases and lists joined by «и» or commas."""
    taken: list[int] = []
    pending: list[int] = []
    allowed = _CHAIN_CASES
    for k in range(start, len(toks)):
        tok = toks[k]
        if tok.text in {",", "и"} or tok.text.endswith("-"):
            pending.append(k)
            continue
        if tok.text in _NAME_PREPOSITIONS:
            pending.append(k)
            allowed = _CHAIN_CASES | _NAME_PREPOSITIONS[tok.text]
            continue
        if tok.is_word and tok.cases & allowed and not tok.pos & _FUNCTION_WORDS:
            taken += pending + [k]
            pending = []
            continue
        break
    return taken


def _found(text: Text, table: dict[str, tuple[str, ...]], masked: set[int]) -> list[str]:
    return [
        sphere
        for sphere in SPHERES
        if any(not set(span) & masked for term in table.get(sphere, ()) for span in _matches(text, term))
    ]


def detect_spheres(text: str, series: str | None = None) -> tuple[str, ...]:
    """The contact's subjects by the rules in the module docstring, in the vocabulary's order."""
    analysed = analyse_text(text)
    masked = name_mask(analysed)
    found = set(_found(analysed, SPHERE_TERMS, masked))
    theme = SERIES_THEMES.get(series) if series else None
    if theme and theme != DEFAULT_SPHERE:
        found.add(theme)
    if not found:
        found.update(_found(analysed, WEAK_SPHERE_TERMS, masked))
    return tuple(s for s in SPHERES if s in found) or (DEFAULT_SPHERE,)


def _has(text: Text, terms: Iterable[str]) -> bool:
    return any(next(iter(_matches(text, term)), None) is not None for term in terms)


def detect_format(text: str) -> tuple[str, bool]:
    """(format, stated): stated is False when the format is only the in-person default of an event."""
    analysed = analyse_text(text)
    if _has(analysed, ONLINE_TERMS):
        return "online", True
    travelled = _has(analysed, TRAVEL_TERMS)
    if _has(analysed, MESSAGE_TERMS) and not travelled:
        return "message", True
    if travelled:
        return "in_person", True
    if _has(analysed, EVENT_TERMS):
        return "in_person", False
    return "unknown", False


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


def _stem(name_ru: str) -> str:
    """Enough of a Russian city name to match its case forms (Тегеран → тегера: Тегерана, Тегеране)."""
    lowered = name_ru.lower()
    return lowered[:-1] if len(lowered) > 4 else lowered


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


def split_contacts(text: str) -> list[str]:
    """The contacts one entry reports, each as its own text: usually the entry itself.

    A new contact starts at a sentence whose subject is a separate team taking part (SEPARATE_PARTY), and at
    a sentence that opens with a date outside the period of the contact before it («В 2019 году … . 5 мая
    2021 года …»); a date inside that period is a day of the same visit («11-20 января … . 15 января …»).
    """
    parts = [part.strip() for part in SEPARATE_PARTY.split(text) if part.strip()]
    return [piece for part in parts for piece in _split_at_new_dates(part)]


def opening_date(text: str, default_year: int | None = None) -> DateSpan | None:
    """The date a text opens with, if it opens with one."""
    span = find_date(text, default_year=default_year)
    return span if span is not None and " ".join(text.split()).startswith(span.text) else None


def _split_at_new_dates(text: str) -> list[str]:
    starts = [0] + [m.end() for m in SENTENCE_START.finditer(text)]
    current = find_date(text[: starts[1]] if len(starts) > 1 else text)
    if current is None:
        return [text]
    cuts = [0]
    for start, end in zip(starts[1:], [*starts[2:], len(text)]):
        span = opening_date(text[start:end], default_year=current.start.year)
        if span is not None and (span.start > current.end or span.end < current.start):
            cuts.append(start)
            current = span
    return [text[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(text)])]


def classify(text: str, partner_ru: str, context: str | None = None) -> Classification:
    """Venue, format, spheres and forum of one contact. `context` is the whole entry when `text` is one of
    the contacts it reports: the forum and, if the part names none, the place come from it."""
    series = detect_series(text) or (detect_series(context) if context else None)
    fmt, _ = detect_format(text)
    venue, venue_city = detect_venue(text, partner_ru, series)
    if venue == "unknown" and context:
        venue, venue_city = detect_venue(context, partner_ru, series)
    if fmt == "unknown" and venue != "unknown":
        fmt = "in_person"
    return Classification(venue, venue_city, fmt, detect_spheres(text, series), series)


def classify_entry(text: str, partner_ru: str) -> list[tuple[str, Classification]]:
    """Each contact an entry reports with its classification (one contact per row)."""
    parts = split_contacts(text)
    if len(parts) <= 1:
        return [(text, classify(text, partner_ru))]
    return [(part, classify(part, partner_ru, context=text)) for part in parts]


def online_editions(contacts: Iterable[dict]) -> set[str]:
    """Forum editions an entry says were held online (the 2020 BRICS twin-cities forum)."""
    return {c["event_id"] for c in contacts if c["event_id"] and EDITION_HELD_ONLINE.search(c["text_ru"])}


def inherit_edition_formats(contacts: list[dict]) -> list[dict]:
    """Contacts of an edition held online are online unless their own text states a format
    (people travelled, a message was sent)."""
    online = online_editions(contacts)
    out = []
    for contact in contacts:
        if contact["event_id"] in online and contact["format"] != "online" and not detect_format(contact["text_ru"])[1]:
            contact = {**contact, "format": "online"}
        out.append(contact)
    return out
