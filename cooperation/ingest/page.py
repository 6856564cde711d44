"""Split a snapshot of the city's partner-list page into city blocks, fields and paragraphs.

The page is scraped text: site chrome before the list, one bulleted header per city, "Key: value" fields,
an "О городе" description and a "Совместные мероприятия, контакты" section whose paragraphs and bullets
are the contacts. Snapshots differ in line endings, blank lines, NBSPs and field order, so this module only
finds structure and keeps every line number; it interprets nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLET = "•"
EXPAND_MARKER = re.compile(r"^развернуть\s+свернуть$", re.IGNORECASE)
HEADER = re.compile(r"^•\s*(?P<name>[^()•]+?)\s*(?:\((?P<country>[^()]+)\))?\s*$")
FIELD = re.compile(r"^(?P<key>[А-ЯЁа-яё][А-ЯЁа-яё ,]*?)\s*:\s*(?P<value>.*)$")

# The page's field labels and the field each one fills; several labels mean the same field.
FIELD_KEYS: dict[str, str] = {
    "фото": "photo",
    "документ": "documents",
    "документы": "documents",
    "год основания": "founded",
    "население": "population",
    "площадь": "area",
    "площадь города": "area",
    "часовой пояс": "timezone",
    "сайт": "website",
    "официальный сайт": "website",
}
DESCRIPTION_KEY = "о городе"
CONTACTS_KEY = "совместные мероприятия, контакты"


@dataclass(frozen=True)
class Line:
    """A non-blank line of the source, whitespace-normalised, with its 1-based line number."""

    number: int
    text: str


@dataclass
class CityBlock:
    name_ru: str
    country_text: str
    header_line: int
    fields: dict[str, Line] = field(default_factory=dict)
    description: list[Line] = field(default_factory=list)
    contacts: list[Line] = field(default_factory=list)
    has_contacts_section: bool = False
    unparsed: list[Line] = field(default_factory=list)


@dataclass
class PageStructure:
    title: str
    blocks: list[CityBlock]
    skipped_preamble: list[Line]


def normalise_text(raw: str) -> str:
    """One newline convention and no BOM, so line numbers match what an editor shows."""
    return raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def normalise_line(text: str) -> str:
    """Fold NBSPs, tabs and runs of spaces: the scraper leaves them inside dates and names."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def source_lines(raw: str) -> list[Line]:
    lines = normalise_text(raw).split("\n")
    return [Line(i, t) for i, t in ((n, normalise_line(s)) for n, s in enumerate(lines, start=1)) if t]


def _field_key(text: str) -> tuple[str, str] | None:
    match = FIELD.match(text)
    if not match:
        return None
    key = match.group("key").strip().lower()
    if key in FIELD_KEYS or key in (DESCRIPTION_KEY, CONTACTS_KEY):
        return key, match.group("value").strip()
    return None


def _is_header(lines: list[Line], index: int) -> bool:
    """A city header is a bullet followed by the page's expand/collapse control.

    Snapshots without that control (other page versions) still mark a header by the "Name (Country)"
    shape on a bullet line; contact bullets never end in a bracketed country after a bare name.
    """
    text = lines[index].text
    if not text.startswith(BULLET):
        return False
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    if EXPAND_MARKER.match(following):
        return True
    match = HEADER.match(text)
    return bool(
        match and match.group("country") and len(match.group("name").split()) <= 3 and not re.search(r"\d", text)
    )


def parse_structure(raw: str) -> PageStructure:
    lines = source_lines(raw)
    title = ""
    preamble: list[Line] = []
    blocks: list[CityBlock] = []
    section = "fields"
    for index, line in enumerate(lines):
        if _is_header(lines, index):
            match = HEADER.match(line.text)
            name = match.group("name").strip() if match else line.text.lstrip(BULLET).strip()
            country = (match.group("country") or "").strip() if match else ""
            blocks.append(CityBlock(name_ru=name, country_text=country, header_line=line.number))
            section = "fields"
            continue
        if not blocks:
            if re.search(r"город\w*-побратим", line.text, re.IGNORECASE) and not title:
                title = line.text
            else:
                preamble.append(line)
            continue
        block = blocks[-1]
        if EXPAND_MARKER.match(line.text):
            continue
        keyed = _field_key(line.text)
        if keyed and keyed[0] == DESCRIPTION_KEY:
            section = "description"
            continue
        if keyed and keyed[0] == CONTACTS_KEY:
            section = "contacts"
            block.has_contacts_section = True
            continue
        if keyed and section == "fields":
            name = FIELD_KEYS[keyed[0]]
            if name in block.fields:
                block.unparsed.append(line)
            else:
                block.fields[name] = Line(line.number, keyed[1])
            continue
        if section == "description":
            block.description.append(line)
        elif section == "contacts":
            block.contacts.append(line)
        else:
            block.unparsed.append(line)
    return PageStructure(title=title, blocks=blocks, skipped_preamble=preamble)
