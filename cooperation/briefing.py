"""A briefing on one partner for a meeting or a trip, as a file that opens anywhere: HTML and DOCX.

`briefing_data` gathers and formats everything once, in the chosen language; the two writers only lay it
out, so the HTML and the Word file always say the same thing. The HTML file is opened outside the app,
where nothing guards it: every value from the data is escaped, and the document has no script and loads
nothing from outside (inline CSS only), so it also prints and archives as it is.
"""
from __future__ import annotations

import datetime
import html
import io
import re
from dataclasses import dataclass

import docx
import pandas as pd
from docx.document import Document as DocxDocument
from docx.shared import Pt, RGBColor

from cooperation.health import DEFAULT_THRESHOLDS, Thresholds, partner_health, recorded_summary, status_label
from cooperation.i18n import format_date, format_int, format_number, format_period, label, normalise_lang, t
from cooperation.loading import Dataset
from cooperation.palette import STATUS_COLORS
from cooperation.plausibility import with_mark
from cooperation.vocab import HOME_CITY_ID, SPHERES

LAST_CONTACTS = 10
# Characters XML 1.0 forbids; python-docx refuses them, and a scraped text can hold one.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
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
    coverage: str


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
    population = with_mark(_with_year(format_int(city["population"], lang), city["population_year"]), city,
                           "population", lang) if pd.notna(city["population"]) else none
    area = with_mark(_with_year(t("briefing.area_value", lang, area=format_number(city["area_km2"], lang, 0)),
                                city["area_year"]), city, "area_km2", lang) if pd.notna(city["area_km2"]) else none
    return (
        (t("common.country", lang), _text(city[f"country_{lang}"])),
        (t("briefing.population", lang), population),
        (t("briefing.area", lang), area),
        (t("briefing.founded", lang), _founded(city, lang)),
        (t("briefing.time_zone", lang), _time_zone(city["utc_offset_hours"],
                                                   home["utc_offset_hours"] if home is not None else None, lang)),
        (t("briefing.website", lang), _text(city["website"]) or none),
    )


def _agreements(agreements: pd.DataFrame, statuses: pd.DataFrame, lang: str) -> tuple[BriefingAgreement, ...]:
    latest = statuses.sort_values("status_date", kind="stable").groupby("agreement_id").tail(1)
    recorded = latest.rename(columns={"status": "recorded_status", "status_date": "recorded_date",
                                      "source": "recorded_source"}).set_index("agreement_id")
    rows = []
    for agreement in agreements.sort_values("year_signed", na_position="last", kind="stable").itertuples():
        year = t("common.none", lang) if pd.isna(agreement.year_signed) else str(int(agreement.year_signed))
        if agreement.year_source != "document":
            year = f"{year} ({label('year_source', agreement.year_source, lang)})"
        note = recorded_summary(recorded.loc[agreement.agreement_id], lang) \
            if agreement.agreement_id in recorded.index else ""
        rows.append(BriefingAgreement(
            year=year,
            document=f"{label('doc_type', agreement.doc_type, lang)} · {label('relation', agreement.relation, lang)}",
            title_ru=_text(agreement.title_ru), recorded=note))
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
        ["_end", "date_start"], ascending=False, na_position="last", kind="stable")
    return tuple(BriefingContact(date=_contact_date(row, lang), date_as_written=_text(row["date_text"]),
                                 how_where=_how_where(row, lang), text_ru=_text(row["text_ru"]))
                 for _, row in ordered.head(LAST_CONTACTS).iterrows())


def _spheres(contacts: pd.DataFrame, lang: str) -> tuple[tuple[str, int], ...]:
    counts = contacts["spheres"].dropna().str.split("|").explode().value_counts()
    order = sorted(counts.index, key=lambda s: (-counts[s], SPHERES.index(s) if s in SPHERES else len(SPHERES)))
    return tuple((label("sphere", s, lang), int(counts[s])) for s in order)


def _status_detail(health: pd.Series, lang: str) -> str:
    computed = status_label(health["computed_status"], lang)
    if health["status_origin"] == "recorded":
        note = _text(health["recorded_note"])
        return t("briefing.status_recorded", lang, summary=recorded_summary(health, lang),
                 note=f" — {note}" if note else "", computed=computed)
    if pd.isna(health["last_contact_start"]):
        return t("briefing.status_no_contacts", lang)
    end = health["last_contact_end"]
    last = format_period(health["last_contact_start"].date(), end.date() if pd.notna(end) else None,
                         _text(health["last_contact_precision"]) or "day", lang)
    return t("briefing.status_detail", lang, date=last, years=format_number(health["years_since_last"], lang),
             recent=format_int(health["contacts_last_3y"], lang),
             trend=label("trend", health["trend_label"], lang).lower())


def _organisation_name(name_ru: object, name_en: object, lang: str) -> str:
    """The English name where the reference table gave one; the Russian name as the page wrote it otherwise."""
    english = _text(name_en) if lang == "en" else ""
    return english or _text(name_ru)


def briefing_data(dataset: Dataset, city_id: str, lang: str, today: datetime.date,
                  thresholds: Thresholds = DEFAULT_THRESHOLDS, coverage: str = "") -> Briefing:
    """The briefing on one partner as of `today`; `coverage` is the caller's coverage line for the file.

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
    health = partner_health(cities.loc[[city_id]].reset_index(drop=True), agreements, contacts, statuses, today,
                            thresholds).iloc[0]
    memberships = dataset.memberships[dataset.memberships["city_id"] == city_id].sort_values(
        ["since", "organization"], na_position="last", kind="stable")

    return Briefing(
        lang=lang, city_id=city_id, name=_text(city[f"name_{lang}"]), name_ru=_text(city["name_ru"]),
        country=_text(city[f"country_{lang}"]), as_of=today,
        facts=_facts(city, home, lang),
        status=status_label(health["status"], lang), status_key=str(health["status"]),
        status_detail=_status_detail(health, lang),
        agreements=_agreements(agreements, statuses, lang),
        contacts=_latest_contacts(contacts, lang), contacts_total=len(contacts),
        spheres=_spheres(contacts, lang),
        organisations=tuple((_organisation_name(m.organization, m.organization_en, lang),
                             t("briefing.since", lang, year=int(m.since)) if pd.notna(m.since) else "")
                            for m in memberships.itertuples()),
        description_ru=_text(city["description_ru"]).strip(),
        coverage=coverage,
    )


def briefing_filename(b: Briefing, extension: str) -> str:
    """E.g. "briefing-harbin-en-2026-01-15.docx"; city ids are validated slugs, safe in a file name."""
    return f"briefing-{b.city_id}-{b.lang}-{b.as_of.isoformat()}.{extension}"


def _title(b: Briefing) -> str:
    return b.name if b.name == b.name_ru else f"{b.name} ({b.name_ru})"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


# ---------------------------------------------------------------- HTML

_CSS = """
@page { margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d232a; margin: 0;
       background: #fff; }
main { max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: 9pt; color: #6b7480; margin: 0; }
h1 { font-size: 22pt; margin: .1rem 0 .2rem; }
h2 { font-size: 13pt; margin: 1.6rem 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid #d5dae0; }
.sub, .muted { color: #5b6470; margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 10pt; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e6e9ed; }
th { color: #5b6470; font-weight: 600; }
table.facts th { width: 30%; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; color: #fff; font-weight: 600;
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.nowrap { white-space: nowrap; }
ul { margin: .3rem 0; padding-left: 1.2rem; }
footer { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid #d5dae0; font-size: 9pt; color: #5b6470; }
@media print { main { margin: 0; max-width: none; padding: 0; } section, tr { break-inside: avoid; } }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _html_table(headers: list[str], rows: list[list[str]], nowrap: int = 0) -> str:
    """`nowrap` first columns keep dates on one line; every header and cell is escaped."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    cell = ('<td class="nowrap">{}</td>', "<td>{}</td>")
    body = "".join("<tr>" + "".join(cell[i >= nowrap].format(_e(c)) for i, c in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def briefing_html(b: Briefing) -> str:
    """A self-contained, print-friendly HTML document: inline CSS, no scripts, nothing loaded from outside."""
    lang = b.lang
    none = t("common.none", lang)
    facts = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in b.facts)
    parts = [
        f"<header><p class=\"kicker\">{_e(t('briefing.kicker', lang))}</p><h1>{_e(_title(b))}</h1>",
        f"<p class=\"sub\">{_e(b.country)} · {_e(t('briefing.as_of', lang, date=format_date(b.as_of, lang)))}</p>"
        "</header>",
        f"<section><h2>{_e(t('briefing.facts', lang))}</h2><table class=\"facts\">{facts}</table></section>",
        f"<section><h2>{_e(t('briefing.status', lang))}</h2><p><span class=\"badge\" style=\"background:"
        f"{STATUS_COLORS.get(b.status_key, '#777777')}\">{_e(b.status)}</span> {_e(b.status_detail)}</p></section>",
        f"<section><h2>{_e(t('common.agreements', lang))}</h2>",
        _html_table([t("common.year", lang), t("briefing.document", lang), t("briefing.title_as_written", lang),
                     t("briefing.recorded_status", lang)],
                    [[a.year, a.document, a.title_ru, a.recorded or none] for a in b.agreements], nowrap=1)
        if b.agreements else f"<p class=\"muted\">{_e(t('briefing.no_agreements', lang))}</p>",
        "</section>",
        f"<section><h2>{_e(t('briefing.last_contacts', lang))}</h2>",
    ]
    if b.contacts:
        shown = t("briefing.contacts_shown", lang, shown=len(b.contacts), total=b.contacts_total)
        parts += [f"<p class=\"muted\">{_e(shown)}</p>",
                  _html_table([t("common.date", lang), t("briefing.date_as_written", lang),
                               t("briefing.how_where", lang), t("common.entry", lang)],
                              [[c.date, c.date_as_written, c.how_where, c.text_ru] for c in b.contacts], nowrap=1)]
    else:
        parts.append(f"<p class=\"muted\">{_e(t('briefing.no_contacts', lang))}</p>")
    spheres = ", ".join(f"{name} ({count})" for name, count in b.spheres) or none
    organisations = "".join(f"<li>{_e(f'{name} — {since}' if since else name)}</li>"
                            for name, since in b.organisations)
    parts += [
        "</section>",
        f"<section><h2>{_e(t('briefing.spheres', lang))}</h2><p>{_e(spheres)}</p></section>",
        f"<section><h2>{_e(t('briefing.organisations', lang))}</h2>",
        f"<ul>{organisations}</ul>" if organisations
        else f"<p class=\"muted\">{_e(t('briefing.no_organisations', lang))}</p>",
        "</section>",
    ]
    if b.description_ru:
        parts.append(f"<section lang=\"ru\"><h2>{_e(t('briefing.description', lang))}</h2>"
                     + "".join(f"<p>{_e(p)}</p>" for p in _paragraphs(b.description_ru)) + "</section>")
    parts.append(f"<footer><p>{_e(b.coverage)}</p><p>{_e(t('briefing.generated', lang, app=t('app.title', lang)))}"
                 "</p></footer>")
    title = f"{t('briefing.kicker', lang)}: {_title(b)}"
    return (f"<!DOCTYPE html>\n<html lang=\"{_e(lang)}\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
            f"<body><main>{''.join(parts)}</main></body></html>\n")


# ---------------------------------------------------------------- DOCX

def _clean(value: object) -> str:
    return _XML_INVALID.sub("", str(value))


def _docx_table(document: DocxDocument, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.paragraphs[0].add_run(_clean(text)).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = _clean(text)


def _muted(document: DocxDocument, text: str) -> None:
    run = document.add_paragraph().add_run(_clean(text))
    run.italic = True
    run.font.color.rgb = RGBColor(0x5B, 0x64, 0x70)


def briefing_docx(b: Briefing) -> bytes:
    """The same briefing as a Word document (python-docx), for staff who edit it before a trip."""
    lang = b.lang
    none = t("common.none", lang)
    document = docx.Document()
    document.core_properties.title = _clean(f"{t('briefing.kicker', lang)}: {_title(b)}")
    document.core_properties.language = lang
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)

    kicker = document.add_paragraph().add_run(_clean(t("briefing.kicker", lang).upper()))
    kicker.font.size = Pt(9)
    document.add_heading(_clean(_title(b)), level=0)
    _muted(document, f"{b.country} · {t('briefing.as_of', lang, date=format_date(b.as_of, lang))}")

    document.add_heading(_clean(t("briefing.facts", lang)), level=1)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for key, value in b.facts:
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(_clean(key)).bold = True
        cells[1].text = _clean(value)

    document.add_heading(_clean(t("briefing.status", lang)), level=1)
    status = document.add_paragraph()
    badge = status.add_run(_clean(b.status))
    badge.bold = True
    badge.font.color.rgb = RGBColor.from_string(STATUS_COLORS.get(b.status_key, "#777777").lstrip("#"))
    status.add_run(" " + _clean(b.status_detail))

    document.add_heading(_clean(t("common.agreements", lang)), level=1)
    if b.agreements:
        _docx_table(document, [t("common.year", lang), t("briefing.document", lang),
                               t("briefing.title_as_written", lang), t("briefing.recorded_status", lang)],
                    [[a.year, a.document, a.title_ru, a.recorded or none] for a in b.agreements])
    else:
        _muted(document, t("briefing.no_agreements", lang))

    document.add_heading(_clean(t("briefing.last_contacts", lang)), level=1)
    if b.contacts:
        _muted(document, t("briefing.contacts_shown", lang, shown=len(b.contacts), total=b.contacts_total))
        _docx_table(document, [t("common.date", lang), t("briefing.date_as_written", lang),
                               t("briefing.how_where", lang), t("common.entry", lang)],
                    [[c.date, c.date_as_written, c.how_where, c.text_ru] for c in b.contacts])
    else:
        _muted(document, t("briefing.no_contacts", lang))

    document.add_heading(_clean(t("briefing.spheres", lang)), level=1)
    document.add_paragraph(_clean(", ".join(f"{name} ({count})" for name, count in b.spheres) or none))

    document.add_heading(_clean(t("briefing.organisations", lang)), level=1)
    for name, since in b.organisations:
        document.add_paragraph(_clean(f"{name} — {since}" if since else name), style="List Bullet")
    if not b.organisations:
        _muted(document, t("briefing.no_organisations", lang))

    if b.description_ru:
        document.add_heading(_clean(t("briefing.description", lang)), level=1)
        for paragraph in _paragraphs(b.description_ru):
            document.add_paragraph(_clean(paragraph))

    for text in (b.coverage, t("briefing.generated", lang, app=t("app.title", lang))):
        if text:
            run = document.add_paragraph().add_run(_clean(text))
            run.font.size = Pt(8.5)
            run.font.color.rgb = RGBColor(0x5B, 0x64, 0x70)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
