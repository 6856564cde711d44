"""A briefing on one partner for a meeting or a trip, as a file that opens anywhere: HTML and DOCX.

`briefing_data` gathers and formats everything once, in the chosen language; the two writers only lay it
out, so the HTML and the Word file always say the same thing. The HTML file is opened outside the app,
where nothing guards it: every value from the data is escaped, and the document has no script and loads
nothing from outside (inline CSS only), so it also prints and archives as it is.

A document to hand a mayor: A4 (the paper of a Russian office; python-docx's template is US Letter), tables
whose columns are as wide as their text needs (`column_shares`, one rule for both files), metadata that
names the document and the city it comes from, the partner's own last contact and what is coming up with
it (from `cooperation.planning`), and, in English, which texts are quoted in the source's Russian. Values
pass through `cooperation.export.sanitise`; over-long ones are cut to the format's limits, and
`briefing_files` builds each file on its own, so a file that fails is missing, not the page.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
from dataclasses import dataclass

import docx
import pandas as pd
from docx.document import Document as DocxDocument
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable

from cooperation.coverage import scope_line
from cooperation.export.sanitise import html_text, markup_text
from cooperation.health import DEFAULT_THRESHOLDS, Thresholds, partner_health, recorded_summary, status_label
from cooperation.i18n import format_date, format_int, format_number, format_period, label, normalise_lang, plural, t
from cooperation.loading import Dataset
from cooperation.palette import STATUS_COLORS
from cooperation.planning import Forum, PlanItem, city_names, plan, render_reason, render_title, render_when
from cooperation.plausibility import with_mark
from cooperation.vocab import HOME_CITY_ID, SPHERES

log = logging.getLogger(__name__)

LAST_CONTACTS = 10
# The horizon of the "coming up" section, as on the planning page's default.
COMING_UP_MONTHS = 12
# python-docx refuses a core property (title, author, …) longer than this.
DOCX_PROPERTY_LIMIT = 255
# A4 with 20 mm margins: the text block is 170 mm wide.
A4_WIDTH_MM, A4_HEIGHT_MM, MARGIN_MM = 210, 297, 20
# A column's width is measured in characters: at most 90 (a long entry wraps, it does not take the whole
# table), at least 12 (a year or a header word and the padding: "2006" in 4 characters broke digit by digit).
_WIDEST_COLUMN_CHARS = 90
_NARROWEST_COLUMN_CHARS = 12
_LONGEST_WORD_CHARS = 20
_CYRILLIC = re.compile("[а-яА-ЯёЁ]")


@dataclass(frozen=True)
class BriefingAgreement:
    year: str
    document: str
    title_ru: str
    recorded: str


@dataclass(frozen=True)
class BriefingContact:
    date: str
    date_as_written: str
    how_where: str
    text_ru: str


@dataclass(frozen=True)
class BriefingItem:
    """One thing coming up with the partner: when (at the precision known), what, and why."""

    when: str
    title: str
    reason: str


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing says, already formatted in `lang`; source texts stay Russian, as written."""

    lang: str
    city_id: str
    name: str
    name_ru: str
    country: str
    as_of: datetime.date
    facts: tuple[tuple[str, str], ...]
    status: str
    status_key: str
    status_detail: str
    agreements: tuple[BriefingAgreement, ...]
    contacts: tuple[BriefingContact, ...]
    contacts_total: int
    spheres: tuple[tuple[str, int], ...]
    organisations: tuple[tuple[str, str], ...]
    description_ru: str
    upcoming: tuple[BriefingItem, ...]
    author: str
    footer: str


def _text(value: object) -> str:
    """Missing values of text columns come back as NaN or None; they read as nothing."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _year(year: int, lang: str) -> str:
    return t("briefing.year_bc", lang, year=-year) if year < 0 else str(year)


def _founded(city: pd.Series, lang: str) -> str:
    """As written in the source; in English the year is put first when the source text is Russian."""
    written = _text(city["founded_text"])
    year = city["founded_year"]
    if pd.isna(year):
        return written or t("common.none", lang)
    as_year = _year(int(year), lang)
    if not written or re.sub(r"\s*г(од)?\.?$", "", written) == as_year:  # "1898 г." says no more than 1898
        return as_year
    return f"{as_year} ({written})" if normalise_lang(lang) == "en" and _CYRILLIC.search(written) else written


def _hours(value: float) -> str:
    """5.5 → "5:30": half-hour zones (India, Iran) are common among partners."""
    whole, minutes = int(abs(value)), round(abs(value) % 1 * 60)
    return f"{whole}:{minutes:02d}" if minutes else str(whole)


def _time_zone(offset: float | None, home_offset: float | None, lang: str) -> str:
    if offset is None or pd.isna(offset):
        return t("common.none", lang)
    zone = f"UTC{'+' if offset >= 0 else '−'}{_hours(offset)}"
    if home_offset is None or pd.isna(home_offset):
        return zone
    difference = offset - home_offset
    key = "briefing.tz_same" if difference == 0 else "briefing.tz_ahead" if difference > 0 else "briefing.tz_behind"
    return f"{zone} · {t(key, lang, hours=_hours(difference))}"


def _with_year(value: str, year: object) -> str:
    return f"{value} ({int(year)})" if pd.notna(year) else value


def _facts(city: pd.Series, home: pd.Series | None, lang: str) -> tuple[tuple[str, str], ...]:
    none = t("common.none", lang)
    population = (
        with_mark(_with_year(format_int(city["population"], lang), city["population_year"]), city, "population", lang)
        if pd.notna(city["population"])
        else none
    )
    area = (
        with_mark(
            _with_year(
                t("briefing.area_value", lang, area=format_number(city["area_km2"], lang, 0)), city["area_year"]
            ),
            city,
            "area_km2",
            lang,
        )
        if pd.notna(city["area_km2"])
        else none
    )
    return (
        (t("common.country", lang), _text(city[f"country_{lang}"])),
        (t("briefing.population", lang), population),
        (t("briefing.area", lang), area),
        (t("briefing.founded", lang), _founded(city, lang)),
        (
            t("briefing.time_zone", lang),
            _time_zone(city["utc_offset_hours"], home["utc_offset_hours"] if home is not None else None, lang),
        ),
        (t("briefing.website", lang), _text(city["website"]) or none),
    )


def _agreements(agreements: pd.DataFrame, statuses: pd.DataFrame, lang: str) -> tuple[BriefingAgreement, ...]:
    latest = statuses.sort_values("status_date", kind="stable").groupby("agreement_id").tail(1)
    recorded = latest.rename(
        columns={"status": "recorded_status", "status_date": "recorded_date", "source": "recorded_source"}
    ).set_index("agreement_id")
    rows = []
    for agreement in agreements.sort_values("year_signed", na_position="last", kind="stable").itertuples():
        year = t("common.none", lang) if pd.isna(agreement.year_signed) else str(int(agreement.year_signed))
        if agreement.year_source != "document":
            year = f"{year} ({label('year_source', agreement.year_source, lang)})"
        note = (
            recorded_summary(recorded.loc[agreement.agreement_id], lang)
            if agreement.agreement_id in recorded.index
            else ""
        )
        rows.append(
            BriefingAgreement(
                year=year,
                document=f"{label('doc_type', agreement.doc_type, lang)} · "
                f"{label('relation', agreement.relation, lang)}",
                title_ru=_text(agreement.title_ru),
                recorded=note,
            )
        )
    return tuple(rows)


def _contact_date(row: pd.Series, lang: str) -> str:
    if pd.isna(row["date_start"]):
        return t("common.none", lang)
    end = row["date_end"].date() if pd.notna(row["date_end"]) else None
    return format_period(row["date_start"].date(), end, _text(row["date_precision"]) or "day", lang)


def _how_where(row: pd.Series, lang: str) -> str:
    parts = [label("format", row["format"], lang)]
    if row["format"] != "online" and row["venue"] != "unknown":
        parts.append(label("venue", row["venue"], lang))
    return " · ".join(parts)


def _latest_contacts(contacts: pd.DataFrame, lang: str) -> tuple[BriefingContact, ...]:
    ordered = contacts.assign(_end=contacts["date_end"].fillna(contacts["date_start"])).sort_values(
        ["_end", "date_start"], ascending=False, na_position="last", kind="stable"
    )
    return tuple(
        BriefingContact(
            date=_contact_date(row, lang),
            date_as_written=_text(row["date_text"]),
            how_where=_how_where(row, lang),
            text_ru=_text(row["text_ru"]),
        )
        for _, row in ordered.head(LAST_CONTACTS).iterrows()
    )


def _spheres(contacts: pd.DataFrame, lang: str) -> tuple[tuple[str, int], ...]:
    counts = contacts["spheres"].dropna().str.split("|").explode().value_counts()
    order = sorted(counts.index, key=lambda s: (-counts[s], SPHERES.index(s) if s in SPHERES else len(SPHERES)))
    return tuple((label("sphere", s, lang), int(counts[s])) for s in order)


def _last_contact(health: pd.Series, lang: str) -> str | None:
    """The partner's own latest contact at its precision; None when the data has none."""
    if pd.isna(health["last_contact_start"]):
        return None
    end = health["last_contact_end"]
    return format_period(
        health["last_contact_start"].date(),
        end.date() if pd.notna(end) else None,
        _text(health["last_contact_precision"]) or "day",
        lang,
    )


def _footer(dataset: Dataset, health: pd.Series, lang: str) -> str:
    """The source and the partners in the data, then this partner's last contact, not the dataset's."""
    scope = scope_line(dataset, lang)
    last = _last_contact(health, lang)
    return (
        t("briefing.footer", lang, scope=scope, last=last)
        if last is not None
        else t("briefing.footer_no_contacts", lang, scope=scope)
    )


def _concerns(item: PlanItem, city_id: str, series: set[str]) -> bool:
    """An item about this partner, or a forum due of a series the partner has taken part in."""
    if item.city_id == city_id:
        return True
    forum = item.title_params.get("forum")
    return item.kind == "forum_due" and isinstance(forum, Forum) and forum.series in series


def _upcoming(
    dataset: Dataset, city_id: str, contacts: pd.DataFrame, health: pd.DataFrame, today: datetime.date, lang: str
) -> tuple[BriefingItem, ...]:
    """Anniversaries, forums due and the follow-up for this partner in the next months, as the planning page
    lists them (the same `planning.plan`), so the briefing and the calendar never disagree."""
    events = dataset.events
    series = set(events.loc[events["event_id"].isin(set(contacts["event_id"].dropna())), "series"])
    names = city_names(dataset.cities, lang)
    return tuple(
        BriefingItem(
            when=render_when(item, lang), title=render_title(item, lang, names), reason=render_reason(item, lang, names)
        )
        for item in plan(dataset, today, months=COMING_UP_MONTHS, health=health)
        if _concerns(item, city_id, series)
    )


def _status_detail(health: pd.Series, lang: str) -> str:
    computed = status_label(health["computed_status"], lang)
    if health["status_origin"] == "recorded":
        note = _text(health["recorded_note"])
        return t(
            "briefing.status_recorded",
            lang,
            summary=recorded_summary(health, lang),
            note=f" — {note}" if note else "",
            computed=computed,
        )
    last = _last_contact(health, lang)
    if last is None:
        return t("briefing.status_no_contacts", lang)
    return t(
        "briefing.status_detail",
        lang,
        date=last,
        ago=ago(float(health["years_since_last"]), lang),
        recent=format_int(health["contacts_last_3y"], lang),
        trend=label("trend", health["trend_label"], lang).lower(),
    )


def ago(years: float, lang: str) -> str:
    """How long ago, as a person says it: "less than a month ago", "5 months ago", "1.5 years ago" — never
    "0.0 years ago" for a contact made this week."""
    months = round(years * 12)
    if months < 1:
        return t("briefing.ago.recent", lang)
    if months < 12:
        return t("briefing.ago.months", lang, n=months, months=plural(months, "plural.months", lang))
    return t("briefing.ago.years", lang, years=format_number(years, lang))


def _organisation_name(name_ru: object, name_en: object, lang: str) -> str:
    """The English name where the reference table gave one; the Russian name as the page wrote it otherwise."""
    english = _text(name_en) if lang == "en" else ""
    return english or _text(name_ru)


def briefing_data(
    dataset: Dataset, city_id: str, lang: str, today: datetime.date, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Briefing:
    """The briefing on one partner as of `today`.

    Contacts that start after `today` are left out, as in the status, so the file reads as of its date.
    Raises ValueError for a city that is not in the data.
    """
    lang = normalise_lang(lang)
    cities = dataset.cities.set_index("city_id", drop=False)
    if city_id not in cities.index:
        raise ValueError(f"unknown city_id «{city_id}»")
    city = cities.loc[city_id]
    home = cities.loc[HOME_CITY_ID] if HOME_CITY_ID in cities.index else None

    agreements = dataset.agreements[dataset.agreements["city_id"] == city_id]
    contacts = dataset.contacts[dataset.contacts["city_id"] == city_id]
    contacts = contacts[contacts["date_start"].isna() | (contacts["date_start"] <= pd.Timestamp(today))]
    recorded = dataset.agreement_statuses
    statuses = recorded[recorded["agreement_id"].isin(set(agreements["agreement_id"]))]
    health_frame = partner_health(
        cities.loc[[city_id]].reset_index(drop=True), agreements, contacts, statuses, today, thresholds
    )
    health = health_frame.iloc[0]
    memberships = dataset.memberships[dataset.memberships["city_id"] == city_id].sort_values(
        ["since", "organization"], na_position="last", kind="stable"
    )

    return Briefing(
        lang=lang,
        city_id=city_id,
        name=_text(city[f"name_{lang}"]),
        name_ru=_text(city["name_ru"]),
        country=_text(city[f"country_{lang}"]),
        as_of=today,
        facts=_facts(city, home, lang),
        status=status_label(health["status"], lang),
        status_key=str(health["status"]),
        status_detail=_status_detail(health, lang),
        agreements=_agreements(agreements, statuses, lang),
        contacts=_latest_contacts(contacts, lang),
        contacts_total=len(contacts),
        spheres=_spheres(contacts, lang),
        organisations=tuple(
            (
                _organisation_name(m.organization, m.organization_en, lang),
                t("briefing.since", lang, year=int(m.since)) if pd.notna(m.since) else "",
            )
            for m in memberships.itertuples()
        ),
        description_ru=_text(city["description_ru"]).strip(),
        upcoming=_upcoming(dataset, city_id, contacts, health_frame, today, lang),
        author=_text(home[f"name_{lang}"]) if home is not None else t("app.title", lang),
        footer=_footer(dataset, health, lang),
    )


def briefing_filename(b: Briefing, extension: str) -> str:
    """E.g. "briefing-harbin-en-2026-01-15.docx"; city ids are validated slugs, safe in a file name."""
    return f"briefing-{b.city_id}-{b.lang}-{b.as_of.isoformat()}.{extension}"


def _title(b: Briefing) -> str:
    return b.name if b.name == b.name_ru else f"{b.name} ({b.name_ru})"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def column_shares(headers: list[str], rows: list[list[str]]) -> list[float]:
    """Each column's share of the table's width, from the text it holds: a column needs its longest cell (up
    to 90 characters; longer text wraps), at least its longest word (up to 20) and never under 12, so a
    date stays on a line or two and the entry gets the room. The shares add up to 1."""
    needs = []
    for j, header in enumerate(headers):
        cells = [header] + [row[j] for row in rows]
        longest_word = min(max((len(w) for c in cells for w in c.split()), default=1), _LONGEST_WORD_CHARS)
        needs.append(max(min(max(len(c) for c in cells), _WIDEST_COLUMN_CHARS), longest_word, _NARROWEST_COLUMN_CHARS))
    total = sum(needs)
    return [need / total for need in needs]


def _title_property(b: Briefing) -> str:
    return f"{t('briefing.kicker', b.lang)}: {_title(b)}"


def _language_note(b: Briefing) -> str:
    """In English, which texts stay in the source's Russian; a Russian reader reads them as they are."""
    return t("briefing.original_language", b.lang) if b.lang == "en" else ""


def _upcoming_rows(b: Briefing) -> list[list[str]]:
    return [[item.when, item.title, item.reason] for item in b.upcoming]


def _upcoming_headers(lang: str) -> list[str]:
    return [t("common.date", lang), t("briefing.what", lang), t("briefing.why", lang)]


def _contacts_headers(lang: str) -> list[str]:
    return [
        t("common.date", lang),
        t("briefing.date_as_written", lang),
        t("briefing.how_where", lang),
        t("briefing.entry_as_written", lang),
    ]


def _agreements_headers(lang: str) -> list[str]:
    return [
        t("common.year", lang),
        t("briefing.document", lang),
        t("briefing.title_as_written", lang),
        t("briefing.recorded_status", lang),
    ]


# ---------------------------------------------------------------- HTML

_CSS = """
@page { size: A4; margin: 20mm; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d232a; margin: 0;
       background: #fff; }
main { max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: 9pt; color: #6b7480; margin: 0; }
h1 { font-size: 22pt; margin: .1rem 0 .2rem; overflow-wrap: anywhere; }
h2 { font-size: 13pt; margin: 1.6rem 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid #d5dae0; }
.sub, .muted { color: #5b6470; margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 10pt; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e6e9ed;
         overflow-wrap: anywhere; }
th { color: #5b6470; font-weight: 600; }
table.facts th { width: 30%; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; color: #fff; font-weight: 600;
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
ul { margin: .3rem 0; padding-left: 1.2rem; }
footer { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid #d5dae0; font-size: 9pt; color: #5b6470; }
@media print { main { margin: 0; max-width: none; padding: 0; } section, tr { break-inside: avoid; } }
"""

_e = html_text


def _html_table(headers: list[str], rows: list[list[str]], russian: frozenset[int] = frozenset()) -> str:
    """Columns as wide as `column_shares` says; cells of the `russian` columns are marked lang="ru" (quoted
    from the source), so a reader's browser hyphenates and reads them aloud as Russian."""
    cols = "".join(f'<col style="width:{share * 100:.1f}%">' for share in column_shares(headers, rows))
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td lang="ru">{_e(c)}</td>' if i in russian else f"<td>{_e(c)}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _muted_html(text: str) -> str:
    return f'<p class="muted">{_e(text)}</p>'


def briefing_html(b: Briefing) -> str:
    """A self-contained, print-friendly HTML document: inline CSS, no scripts, nothing loaded from outside."""
    lang = b.lang
    none = t("common.none", lang)
    facts = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in b.facts)
    note = _language_note(b)
    parts = [
        f'<header><p class="kicker">{_e(t("briefing.kicker", lang))}</p><h1>{_e(_title(b))}</h1>',
        f'<p class="sub">{_e(b.country)} · {_e(t("briefing.as_of", lang, date=format_date(b.as_of, lang)))}</p>',
        _muted_html(note) if note else "",
        "</header>",
        f'<section><h2>{_e(t("briefing.facts", lang))}</h2><table class="facts">{facts}</table></section>',
        f'<section><h2>{_e(t("briefing.status", lang))}</h2><p><span class="badge" style="background:'
        f'{STATUS_COLORS.get(b.status_key, "#777777")}">{_e(b.status)}</span> {_e(b.status_detail)}</p></section>',
        f"<section><h2>{_e(t('briefing.coming_up', lang))}</h2>",
        _html_table(_upcoming_headers(lang), _upcoming_rows(b))
        if b.upcoming
        else _muted_html(t("briefing.nothing_coming_up", lang)),
        "</section>",
        f"<section><h2>{_e(t('common.agreements', lang))}</h2>",
        _html_table(
            _agreements_headers(lang),
            [[a.year, a.document, a.title_ru, a.recorded or none] for a in b.agreements],
            russian=frozenset({2}),
        )
        if b.agreements
        else _muted_html(t("briefing.no_agreements", lang)),
        "</section>",
        f"<section><h2>{_e(t('briefing.last_contacts', lang))}</h2>",
    ]
    if b.contacts:
        parts += [
            _muted_html(t("briefing.contacts_shown", lang, shown=len(b.contacts), total=b.contacts_total)),
            _html_table(
                _contacts_headers(lang),
                [[c.date, c.date_as_written, c.how_where, c.text_ru] for c in b.contacts],
                russian=frozenset({1, 3}),
            ),
        ]
    else:
        parts.append(_muted_html(t("briefing.no_contacts", lang)))
    spheres = ", ".join(f"{name} ({count})" for name, count in b.spheres) or none
    organisations = "".join(f"<li>{_e(f'{name} — {since}' if since else name)}</li>" for name, since in b.organisations)
    parts += [
        "</section>",
        f"<section><h2>{_e(t('briefing.spheres', lang))}</h2><p>{_e(spheres)}</p></section>",
        f"<section><h2>{_e(t('briefing.organisations', lang))}</h2>",
        f"<ul>{organisations}</ul>" if organisations else _muted_html(t("briefing.no_organisations", lang)),
        "</section>",
    ]
    if b.description_ru:
        parts.append(
            f'<section lang="ru"><h2>{_e(t("briefing.description", lang))}</h2>'
            + "".join(f"<p>{_e(p)}</p>" for p in _paragraphs(b.description_ru))
            + "</section>"
        )
    parts.append(
        f"<footer><p>{_e(b.footer)}</p><p>{_e(t('briefing.generated', lang, app=t('app.title', lang)))}</p></footer>"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{_e(_title_property(b))}</title><meta name="author" content="{_e(b.author)}">'
        f"<style>{_CSS}</style></head><body><main>{''.join(parts)}</main></body></html>\n"
    )


# ---------------------------------------------------------------- DOCX


def _set_widths(table: DocxTable, shares: list[float]) -> None:
    """Fixed column widths: Word reads each cell's width, LibreOffice the table grid, so both are set."""
    table.autofit = False
    text_width = Mm(A4_WIDTH_MM - 2 * MARGIN_MM)
    widths = [int(text_width * share) for share in shares]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _docx_table(document: DocxDocument, headers: list[str], rows: list[list[str]]) -> DocxTable:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(markup_text(text)).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = markup_text(text)
    _set_widths(table, column_shares(headers, rows))
    return table


def _muted(document: DocxDocument, text: str) -> None:
    run = document.add_paragraph().add_run(markup_text(text))
    run.italic = True
    run.font.color.rgb = RGBColor(0x5B, 0x64, 0x70)


def _a4(document: DocxDocument) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(A4_WIDTH_MM), Mm(A4_HEIGHT_MM)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)


def _properties(document: DocxDocument, b: Briefing) -> None:
    """Title, author (the city), subject, date and language: what a file list and "Properties" show, in place
    of the template's "python-docx" and its 2013 dates. Each is cut to python-docx's 255 characters."""

    def prop(text: str) -> str:
        return markup_text(text, limit=DOCX_PROPERTY_LIMIT)

    props = document.core_properties
    props.title = prop(_title_property(b))
    props.subject = prop(_title(b))
    props.author = props.last_modified_by = prop(b.author)
    props.comments = prop(b.footer)
    props.keywords = prop(t("briefing.kicker", b.lang))
    props.category = ""
    props.language = b.lang
    stamp = datetime.datetime.combine(b.as_of, datetime.time(0, 0))
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def briefing_docx(b: Briefing) -> bytes:
    """The same briefing as a Word document (python-docx), for staff who edit it before a trip."""
    lang = b.lang
    none = t("common.none", lang)
    document = docx.Document()
    _a4(document)
    _properties(document, b)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)

    kicker = document.add_paragraph().add_run(markup_text(t("briefing.kicker", lang).upper()))
    kicker.font.size = Pt(9)
    document.add_heading(markup_text(_title(b)), level=0)
    _muted(document, f"{b.country} · {t('briefing.as_of', lang, date=format_date(b.as_of, lang))}")
    note = _language_note(b)
    if note:
        _muted(document, note)

    document.add_heading(markup_text(t("briefing.facts", lang)), level=1)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for key, value in b.facts:
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(markup_text(key)).bold = True
        cells[1].text = markup_text(value)
    _set_widths(facts, [0.3, 0.7])

    document.add_heading(markup_text(t("briefing.status", lang)), level=1)
    status = document.add_paragraph()
    badge = status.add_run(markup_text(b.status))
    badge.bold = True
    badge.font.color.rgb = RGBColor.from_string(STATUS_COLORS.get(b.status_key, "#777777").lstrip("#"))
    status.add_run(" " + markup_text(b.status_detail))

    document.add_heading(markup_text(t("briefing.coming_up", lang)), level=1)
    if b.upcoming:
        _docx_table(document, _upcoming_headers(lang), _upcoming_rows(b))
    else:
        _muted(document, t("briefing.nothing_coming_up", lang))

    document.add_heading(markup_text(t("common.agreements", lang)), level=1)
    if b.agreements:
        _docx_table(
            document,
            _agreements_headers(lang),
            [[a.year, a.document, a.title_ru, a.recorded or none] for a in b.agreements],
        )
    else:
        _muted(document, t("briefing.no_agreements", lang))

    document.add_heading(markup_text(t("briefing.last_contacts", lang)), level=1)
    if b.contacts:
        _muted(document, t("briefing.contacts_shown", lang, shown=len(b.contacts), total=b.contacts_total))
        _docx_table(
            document, _contacts_headers(lang), [[c.date, c.date_as_written, c.how_where, c.text_ru] for c in b.contacts]
        )
    else:
        _muted(document, t("briefing.no_contacts", lang))

    document.add_heading(markup_text(t("briefing.spheres", lang)), level=1)
    document.add_paragraph(markup_text(", ".join(f"{name} ({count})" for name, count in b.spheres) or none))

    document.add_heading(markup_text(t("briefing.organisations", lang)), level=1)
    for name, since in b.organisations:
        document.add_paragraph(markup_text(f"{name} — {since}" if since else name), style="List Bullet")
    if not b.organisations:
        _muted(document, t("briefing.no_organisations", lang))

    if b.description_ru:
        document.add_heading(markup_text(t("briefing.description", lang)), level=1)
        for paragraph in _paragraphs(b.description_ru):
            document.add_paragraph(markup_text(paragraph))

    for text in (b.footer, t("briefing.generated", lang, app=t("app.title", lang))):
        run = document.add_paragraph().add_run(markup_text(text))
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0x5B, 0x64, 0x70)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- both, for a page


@dataclass(frozen=True)
class BriefingFiles:
    """The two files of a briefing; a file that could not be built is None and its format is in `failed`."""

    html: bytes | None
    docx: bytes | None
    failed: tuple[str, ...]


def briefing_files(b: Briefing) -> BriefingFiles:
    """Both files, each built on its own: a document that fails (a value no writer foresaw) is logged and
    left out, so the page still shows the partner and offers the other file. This is the error boundary
    of the downloads, hence the broad `except`: whatever a writer raises, the page must not go down."""
    built: dict[str, bytes | None] = {}
    for name, write in (("HTML", lambda: briefing_html(b).encode("utf-8")), ("DOCX", lambda: briefing_docx(b))):
        try:
            built[name] = write()
        except Exception:  # noqa: BLE001 - see the docstring
            log.exception("briefing %s for %s failed", name, b.city_id)
            built[name] = None
    return BriefingFiles(
        html=built["HTML"], docx=built["DOCX"], failed=tuple(name for name, data in built.items() if data is None)
    )
