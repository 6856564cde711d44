"""Turn one snapshot of the partner-list page into rows of cities, agreements, contacts and memberships.

Every city block becomes a city row, every document an agreement row, every contact paragraph or bullet a
contact row; whatever is skipped or guessed is written to the report with its line number.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import iuliia

from cooperation import plausibility
from cooperation.ingest import geo, organizations
from cooperation.ingest.classify import (
    classify_entry,
    edition_year_in_name,
    opening_date,
)
from cooperation.ingest.dates import DateSpan, find_date
from cooperation.ingest.numbers import (
    parse_area,
    parse_founded,
    parse_population,
    parse_utc_offset,
    parse_year_in_brackets,
)
from cooperation.ingest.page import BULLET, CityBlock, Line, parse_structure
from cooperation.ingest.report import Problem
from cooperation.paths import ROOT
from cooperation.vocab import HOME_CITY_ID

Row = dict[str, Any]


HOME_NAME_RU = "Казань"
HOME_COUNTRY_ISO2 = "RU"

DOC_TYPE_STEMS: tuple[tuple[str, str], ...] = (
    ("соглашени", "agreement"),
    ("меморандум", "memorandum"),
    ("договор", "treaty"),
    ("протокол", "protocol"),
)
# Checked in order: a memorandum of intent to establish twinning is an intent, not yet a twinning.
RELATION_STEMS: tuple[tuple[str, str], ...] = (
    ("намерени", "intent"),
    ("побратим", "twinning"),
    ("породнен", "twinning"),
    ("партнерск", "partnership"),
    ("дружеств", "friendship"),
    ("дружествен", "friendship"),
    ("сотрудничеств", "cooperation"),
    ("взаимопонимани", "cooperation"),
)
MEMBERSHIP_LEAD_IN = re.compile(r"сотрудничают\s+в\s+рамках|международных\s+организаций", re.IGNORECASE)
MEMBERSHIP_DETAIL = re.compile(
    r"участие\s+в\s+деятельности\s+организации\s+«(?P<org>[^»]+)».*?(?P<year>(?:19|20)\d\d)\s+год", re.IGNORECASE
)
SIGNING = re.compile(r"подпис", re.IGNORECASE)
PARTIES = re.compile(r"между\s+городами\s+(?P<list>.+)$", re.IGNORECASE)
EXPECTED_FIELDS = ("documents", "founded", "population", "area", "timezone", "website")


@dataclass
class PageRows:
    """The rows one snapshot yields, before merging with other snapshots."""

    source_file: str
    cities: list[Row] = field(default_factory=list)
    agreements: list[Row] = field(default_factory=list)
    contacts: list[Row] = field(default_factory=list)
    memberships: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title: str = ""

    @property
    def latest_contact(self) -> str:
        """The snapshot's date as far as its text shows it: its latest dated entry."""
        return max((c["date_end"] for c in self.contacts if c["date_end"]), default="")

    def note(self, line: int | None, message: str, level: str = "warning") -> None:
        self.problems.append(Problem(self.source_file, line, message, level))


def transliterate(name_ru: str) -> str:
    """The English spelling of a Russian name the gazetteer lacks: the English Wikipedia's romanisation
    (iuliia's WIKIPEDIA schema), the spelling English readers most often meet, until staff add an override."""
    return iuliia.WIKIPEDIA.translate(name_ru)


def slugify(text: str) -> str:
    """An ASCII id from an English or Russian name, so ids stay stable and URL-safe."""
    latin = unicodedata.normalize("NFKD", transliterate(text.lower()))
    return re.sub(r"[^a-z0-9]+", "_", latin.encode("ascii", "ignore").decode()).strip("_")


def contact_id(city_id: str, text: str) -> str:
    """Content-based, so the same entry in two snapshots of the page is one contact."""
    digest = hashlib.sha1(re.sub(r"\W+", " ", text.lower()).strip().encode("utf-8")).hexdigest()[:10]
    return f"{city_id}-{digest}"


def _city_row(city_id: str, role: str, name_ru: str, place: geo.Place | None, iso2: str) -> Row:
    ru, en = geo.country_names(iso2) if iso2 else ("", "")
    return {
        "city_id": city_id,
        "role": role,
        "name_ru": name_ru,
        "name_en": place.name_en if place else "",
        "country_iso2": iso2,
        "country_ru": ru,
        "country_en": en,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "population": None,
        "population_year": None,
        "area_km2": None,
        "area_year": None,
        "founded_text": "",
        "founded_year": None,
        "utc_offset_hours": None,
        "website": "",
        "photo_credit": "",
        "description_ru": "",
        "geo_source": place.source if place else "",
        "doubtful": "",
    }


def home_city_row() -> Row:
    place = geo.locate(HOME_NAME_RU, HOME_COUNTRY_ISO2)
    row = _city_row(HOME_CITY_ID, "home", HOME_NAME_RU, place, HOME_COUNTRY_ISO2)
    row["utc_offset_hours"] = geo.utc_offset_hours(place) if place else None
    return row


def _resolve_city(name_ru: str, country_text: str, pr: PageRows, line: int) -> tuple[str, geo.Place | None, str]:
    """The city's id, place and country code; a place the offline data lacks is kept and reported, never dropped:
    an unknown country becomes geo.UNKNOWN_COUNTRY, an unknown city a transliterated name without coordinates."""
    iso2 = geo.country_iso2(country_text) if country_text else None
    if country_text and not iso2:
        iso2 = geo.UNKNOWN_COUNTRY
        pr.note(
            line,
            f"unknown country «{country_text}» for {name_ru}: kept under {iso2} (country not identified); "
            f"add a row (alias_ru, country_code, note) to {geo.COUNTRY_ALIASES_PATH.relative_to(ROOT)}",
        )
    elif iso2 in geo.countries_outside_iso():
        pr.note(
            line,
            f"{name_ru}: «{country_text}» is outside ISO 3166, filed under the user-assigned code {iso2} "
            f"({geo.country_names(iso2)[1]}); names and code in "
            f"{geo.OUTSIDE_ISO_PATH.relative_to(ROOT)}",
            "info",
        )
    place = geo.locate(name_ru, iso2 or "")
    if place is None:
        if iso2 is None:
            iso2 = geo.UNKNOWN_COUNTRY
        ru, en = geo.country_names(iso2)
        place = geo.Place(transliterate(name_ru), iso2, ru, en, None, None, "transliterated")
        pr.note(
            line,
            f"city «{name_ru}» ({country_text or 'no country'}) not in the offline gazetteer: kept as "
            f"«{place.name_en}», not placed on the map; add a row (name_ru, country_iso2, name_en, lat, "
            f"lon, note) to {geo.OVERRIDES_PATH.relative_to(ROOT)}",
        )
    return slugify(place.name_en), place, iso2 or place.country_iso2


def _fill_fields(row: Row, block: CityBlock, pr: PageRows) -> None:
    f = block.fields
    for name in EXPECTED_FIELDS:
        if name not in f:
            pr.note(block.header_line, f"{block.name_ru}: field «{name}» missing", "info")
    if "population" in f:
        row["population"], row["population_year"] = parse_population(f["population"].text)
        if row["population"] is None:
            pr.note(f["population"].number, f"population not understood: «{f['population'].text}»")
    if "area" in f:
        row["area_km2"], row["area_year"] = parse_area(f["area"].text)
        if row["area_km2"] is None:
            pr.note(f["area"].number, f"area not understood: «{f['area'].text}»")
    if "founded" in f:
        row["founded_text"] = f["founded"].text
        row["founded_year"] = parse_founded(f["founded"].text)
        if row["founded_year"] is None:
            pr.note(f["founded"].number, f"founding date not understood: «{f['founded'].text}»")
    if "timezone" in f:
        row["utc_offset_hours"] = parse_utc_offset(f["timezone"].text)
        if row["utc_offset_hours"] is None:
            pr.note(f["timezone"].number, f"time zone not understood: «{f['timezone'].text}»")
    if "website" in f:
        row["website"] = f["website"].text.strip()
    if "photo" in f:
        row["photo_credit"] = f["photo"].text.strip()
    row["description_ru"] = "\n\n".join(line.text for line in block.description)
    row["doubtful"] = plausibility.mark(row)
    for field_name, reason in plausibility.doubts(row):
        source = f[{"area_km2": "area"}.get(field_name, field_name)]
        pr.note(source.number, plausibility.report_message(row, field_name, reason, source.text))


@dataclass(frozen=True)
class Entry:
    """One contact: its text as the table shows it and the line it starts on."""

    line: int
    text: str


def _split_entries(lines: list[Line], city_id: str, pr: PageRows) -> list[Entry]:
    """Paragraphs and bullets of the contacts section; a lead-in's bullets are one contact each,
    except a list of shared organisations, which becomes memberships."""
    entries: list[Entry] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        bullets: list[Line] = []
        j = i + 1
        if line.text.endswith(":"):
            while j < len(lines) and lines[j].text.startswith(BULLET):
                bullets.append(lines[j])
                j += 1
        if bullets:
            for bullet in bullets:
                item = bullet.text.lstrip(BULLET).strip().rstrip(";.").strip()
                if MEMBERSHIP_LEAD_IN.search(line.text):
                    english = organizations.english_name(item)
                    if not english:
                        pr.note(
                            bullet.number,
                            f"no English name for the organisation «{item}»: add a row to "
                            "data/reference/organizations.csv",
                        )
                    pr.memberships.append(
                        {
                            "city_id": city_id,
                            "organization": item,
                            "organization_en": english,
                            "since": None,
                            "source_line": bullet.number,
                        }
                    )
                else:
                    entries.append(Entry(bullet.number, f"{line.text} {item}"))
            i = j
            continue
        detail = MEMBERSHIP_DETAIL.search(line.text)
        if detail and _set_membership_since(pr, city_id, detail.group("org"), int(detail.group("year"))):
            pr.note(
                line.number,
                f"membership detail, not a contact: «{detail.group('org')}» since {detail.group('year')}",
                "info",
            )
        else:
            entries.append(Entry(line.number, line.text.lstrip(BULLET).strip()))
        i += 1
    return entries


def _set_membership_since(pr: PageRows, city_id: str, organization: str, year: int) -> bool:
    for m in pr.memberships:
        if m["city_id"] == city_id and m["organization"].casefold() == organization.casefold():
            m["since"] = year
            return True
    return False


def _entry_date(entry: Entry, series: str | None, previous_year: int | None) -> DateSpan | None:
    span = find_date(entry.text, default_year=previous_year)
    if span is None and series is not None:
        year = edition_year_in_name(entry.text, series)
        if year is not None:
            return find_date(f"В {year} году")
    return span


def _contact_rows(block: CityBlock, city_id: str, entries: list[Entry], pr: PageRows) -> None:
    """One row per contact: an entry reporting two (an official's session and a team's tournament, or two
    dates) gives two rows sharing its line, each id the hash of its own text, so ids stay stable across
    reruns. A later contact that opens with its own date has that date, else the entry's."""
    previous_year: int | None = None
    for entry in entries:
        contacts = classify_entry(entry.text, block.name_ru)
        series = contacts[0][1].series
        span = _entry_date(entry, series, previous_year)
        if span is None:
            pr.note(entry.line, f"{block.name_ru}: no date in contact entry; kept undated: «{entry.text[:60]}…»")
        elif span.year_inferred:
            pr.note(
                entry.line,
                f"{block.name_ru}: year of «{span.text}» taken from the neighbouring entries ({span.start.year})",
                "info",
            )
        if span is not None:
            previous_year = span.end.year
        if len(contacts) > 1:
            pr.note(entry.line, f"{block.name_ru}: entry reports {len(contacts)} contacts; one row each", "info")
        for n, (text, c) in enumerate(contacts):
            part_span = (opening_date(text, span.start.year if span else previous_year) if n else None) or span
            year = part_span.start.year if part_span else None
            # A contact with a date of its own does not borrow the edition year another contact's name gives.
            named = edition_year_in_name(text if part_span is not span else entry.text, c.series) if c.series else None
            event_year = (named or year) if c.series else None
            pr.contacts.append(
                {
                    "contact_id": contact_id(city_id, text),
                    "city_id": city_id,
                    "date_start": part_span.start.isoformat() if part_span else "",
                    "date_end": part_span.end.isoformat() if part_span else "",
                    "date_precision": part_span.precision if part_span else "",
                    "date_text": part_span.text if part_span else "",
                    "venue": c.venue,
                    "venue_city": c.venue_city,
                    "format": c.format,
                    "spheres": "|".join(c.spheres),
                    "event_id": f"{c.series}-{event_year}" if c.series and event_year else "",
                    "text_ru": text,
                    "source_file": pr.source_file,
                    "source_line": entry.line,
                }
            )


def _doc_type(title: str) -> str | None:
    lowered = title.lower()
    return next((t for stem, t in DOC_TYPE_STEMS if lowered.startswith(stem)), None)


def relation_of(title: str) -> str:
    """The relation a document's title states (RELATION_STEMS), cooperation when it names none."""
    lowered = title.lower()
    return next((r for stem, r in RELATION_STEMS if stem in lowered), "cooperation")


def _nominatives(word: str) -> list[str]:
    """Candidate nominative forms of a city name written in the instrumental case ("Уфой" → "Уфа")."""
    candidates = [word]
    for ending, replacement in (("ью", "ь"), ("ом", ""), ("ем", ""), ("ой", "а"), ("ей", "я")):
        if word.endswith(ending):
            candidates.append(word[: -len(ending)] + replacement)
    return candidates


def _parties(title: str, partner: Row, pr: PageRows, line: int) -> list[str]:
    """Cities a document names "между городами …"; co-parties get city rows of their own."""
    parties = [HOME_CITY_ID, partner["city_id"]]
    match = PARTIES.search(title)
    if not match:
        return parties
    names = re.split(r",\s*|\s+и\s+", re.sub(r"\([^)]*\)", "", match.group("list")))
    for name in (n.strip(" .") for n in names):
        if not name or " " in name:
            continue
        if any(c.lower().startswith(HOME_NAME_RU.lower()[:-1]) for c in _nominatives(name)):
            continue
        if any(c.lower() == partner["name_ru"].lower() for c in _nominatives(name)) or name.lower().startswith(
            partner["name_ru"].lower()[:-1]
        ):
            continue
        place = next(
            (
                p
                for c in _nominatives(name)
                for iso in (HOME_COUNTRY_ISO2, partner["country_iso2"])
                if (p := geo.locate(c, iso))
            ),
            None,
        )
        if place is None:
            pr.note(line, f"party «{name}» of «{title[:50]}…» not found offline; left out of parties")
            continue
        city_id = slugify(place.name_en)
        if city_id not in parties:
            parties.append(city_id)
        if all(c["city_id"] != city_id for c in pr.cities):
            pr.cities.append(_city_row(city_id, "co_party", place_name_ru(name), place, place.country_iso2))
    return parties


def place_name_ru(name: str) -> str:
    return next(c for c in reversed(_nominatives(name)))


def _agreement_rows(block: CityBlock, partner: Row, pr: PageRows) -> None:
    field_line = block.fields.get("documents")
    if field_line is None:
        pr.note(block.header_line, f"{block.name_ru}: no document line; no agreement recorded")
        return
    documents = [d.strip() for d in re.split(r"(?<=\))\s*[,;]\s*(?=[А-ЯЁ])", field_line.text) if d.strip()]
    own_contacts = [c for c in pr.contacts if c["city_id"] == partner["city_id"]]
    for document in documents:
        year = parse_year_in_brackets(document)
        title = re.sub(r"\s*\((?:\d{4})\s*(?:г\.?|года?)?\s*\)\s*\.?\s*$", "", document).strip().rstrip(".")
        doc_type = _doc_type(title)
        if doc_type is None:
            pr.note(field_line.number, f"document type not recognised in «{title[:50]}»; recorded as agreement")
            doc_type = "agreement"
        year_source = "document"
        if year is None:
            signing = sorted(
                (c for c in own_contacts if SIGNING.search(c["text_ru"]) and c["date_start"]),
                key=lambda c: c["date_start"],
            )
            if signing:
                year, year_source = int(signing[0]["date_start"][:4]), "inferred"
                pr.note(
                    field_line.number,
                    f"{block.name_ru}: year of «{title[:40]}…» inferred as {year} from the "
                    f"signing recorded on line {signing[0]['source_line']}",
                    "info",
                )
            else:
                year_source = "unknown"
                pr.note(field_line.number, f"{block.name_ru}: no year for «{title[:40]}…»")
        pr.agreements.append(
            {
                "agreement_id": f"{partner['city_id']}-{doc_type}-{year or 'undated'}",
                "city_id": partner["city_id"],
                "title_ru": title,
                "doc_type": doc_type,
                "relation": relation_of(title),
                "year_signed": year,
                "year_source": year_source,
                "parties": "|".join(_parties(title, partner, pr, field_line.number)),
                "source_file": pr.source_file,
                "source_line": field_line.number,
            }
        )


def _dated_description(block: CityBlock) -> tuple[list[Line], list[Line]]:
    """Blocks with no contacts heading keep dated visits in the description; those are contacts."""
    if block.has_contacts_section:
        return block.description, []
    keep, moved = [], []
    for line in block.description:
        span = find_date(line.text)
        (moved if span and line.text.startswith(span.text) else keep).append(line)
    return keep, moved


def parse_partner_page(raw: str, source_file: str) -> PageRows:
    structure = parse_structure(raw)
    pr = PageRows(source_file=source_file, title=structure.title)
    if structure.skipped_preamble:
        first, last = structure.skipped_preamble[0].number, structure.skipped_preamble[-1].number
        pr.note(
            first,
            f"{len(structure.skipped_preamble)} lines of site navigation (lines {first}-{last}) "
            "before the list skipped",
            "info",
        )
    if not structure.blocks:
        pr.note(None, "no city blocks found: is this a snapshot of the partner-list page?", "error")
    for block in structure.blocks:
        city_id, place, iso2 = _resolve_city(block.name_ru, block.country_text, pr, block.header_line)
        if not city_id:  # a block whose header line lost the city's name (a cut snapshot): nothing to file it under
            pr.note(block.header_line, "a city block without a city name: its lines are skipped; check the snapshot")
            continue
        row = _city_row(city_id, "partner", block.name_ru, place, iso2)
        block.description, moved = _dated_description(block)
        _fill_fields(row, block, pr)
        pr.cities.append(row)
        for line in moved:
            pr.note(line.number, f"{block.name_ru}: dated paragraph in the description taken as a contact", "info")
        for line in block.unparsed:
            pr.note(line.number, f"{block.name_ru}: line not understood, skipped: «{line.text[:60]}»")
        _contact_rows(block, city_id, _split_entries(moved + block.contacts, city_id, pr), pr)
        _agreement_rows(block, row, pr)
    return pr
