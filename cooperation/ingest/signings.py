"""Signings recorded in contact entries: the day each agreement was signed, and documents only the text names.

The «Документ» line of a block gives a document's title and year, rarely its day; the day lives in the entry
of the visit during which it was signed (Harbin: «13-18 июня 2006 года … был подписан Меморандум»). And
some documents appear only in an entry (Harbin, 2023: «…стороны подписали Протокол встречи представителей
города Казани и города Харбина…»). Both are read here, once, by the ingest, and written to agreements.csv
(`date_signed_start`, `date_signed_end`, `recorded_in`), so planning and every page read one fact instead of
re-deriving it with patterns of their own.
"""

from __future__ import annotations

import re
from typing import Any

from cooperation.ingest.partners import relation_of
from cooperation.ingest.report import Problem
from cooperation.vocab import HOME_CITY_ID

Row = dict[str, Any]

# A contact entry that records a signing: "был подписан Меморандум", "подписали", "6-стороннее подписание".
SIGNING = re.compile(r"подпис(?:ан|ал)", re.IGNORECASE)

# Stems that tell which document a signing entry means when one partner signed several in a year.
DOC_TYPE_STEMS: dict[str, str] = {
    "agreement": "соглашени",
    "memorandum": "меморандум",
    "treaty": "договор",
    "protocol": "протокол",
}

# A document signed by name: the verb followed directly by the title, which runs to the end of the clause
# (a full stop, a semicolon, or "и" before the next verb: «…подписали Протокол встречи … и договорились …»).
SIGNED_DOCUMENT = re.compile(
    r"подписа(?:ли|н|но|на)\s+(?P<title>(?:Соглашени|Меморандум|Договор|Протокол)\w*.*?)"
    r"(?=\s+и\s+\w+(?:ли|лись)\b|[.;]|$)"
)


def _doc_type(title: str) -> str:
    lowered = title.lower()
    return next(doc_type for doc_type, stem in DOC_TYPE_STEMS.items() if lowered.startswith(stem))


def signing_day(agreement: Row, contacts: list[Row]) -> tuple[str, str]:
    """(first day, last day) of an agreement's signing from the partner's entry recording it, or ("", "").

    Only an entry dated to the day, in the year signed, qualifies; if the partner has several, the one that
    names the document type wins. Anything still ambiguous gives no day: the year alone is then shown rather
    than a guessed day.
    """
    year = agreement.get("year_signed")
    if year in (None, ""):
        return "", ""
    own = [
        c
        for c in contacts
        if c["city_id"] == agreement["city_id"]
        and c["date_precision"] == "day"
        and c["date_start"][:4] == str(year)
        and SIGNING.search(c["text_ru"])
    ]
    if len(own) > 1:
        own = [c for c in own if DOC_TYPE_STEMS[agreement["doc_type"]] in c["text_ru"].lower()]
    if len(own) != 1:
        return "", ""
    return own[0]["date_start"], own[0]["date_end"] or own[0]["date_start"]


def documents_in_entries(contacts: list[Row], agreements: list[Row]) -> tuple[list[Row], list[Problem]]:
    """Agreement rows for documents an entry says were signed but no «Документ» line lists.

    A document counts as listed when the partner has one of the same type in the entry's year. Its relation
    follows the rule the «Документ» line's documents follow (partners.relation_of).
    """
    listed = {(a["city_id"], a["doc_type"], str(a["year_signed"])) for a in agreements}
    rows: list[Row] = []
    problems: list[Problem] = []
    for contact in contacts:
        match = SIGNED_DOCUMENT.search(contact["text_ru"])
        if match is None or not contact["date_start"]:
            continue
        title = match.group("title").strip().rstrip(",")
        doc_type, year = _doc_type(title), contact["date_start"][:4]
        if (contact["city_id"], doc_type, year) in listed:
            continue
        listed.add((contact["city_id"], doc_type, year))
        rows.append(
            {
                "agreement_id": f"{contact['city_id']}-{doc_type}-{year}",
                "city_id": contact["city_id"],
                "title_ru": title[0].upper() + title[1:],
                "doc_type": doc_type,
                "relation": relation_of(title),
                "year_signed": int(year),
                "year_source": "inferred",
                "parties": f"{HOME_CITY_ID}|{contact['city_id']}",
                "source_file": contact["source_file"],
                "source_line": contact["source_line"],
                "recorded_in": "contact_entry",
            }
        )
        problems.append(
            Problem(
                contact["source_file"],
                contact["source_line"],
                f"signing of «{title[:50]}» recorded only in a contact entry: agreement "
                f"{rows[-1]['agreement_id']} added",
                "info",
            )
        )
    return rows, problems


def with_signing_days(agreements: list[Row], contacts: list[Row]) -> list[Row]:
    """Every agreement with its signing day (where an entry gives it) and where it is recorded."""
    out = []
    for agreement in agreements:
        start, end = signing_day(agreement, contacts)
        out.append(
            {
                **agreement,
                "date_signed_start": start,
                "date_signed_end": end,
                "recorded_in": agreement.get("recorded_in") or "documents_line",
            }
        )
    return out
