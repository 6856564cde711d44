"""The partner briefing: it holds the partner's data in both languages, opens as HTML and DOCX, and stays
inert when the data carries markup."""
from __future__ import annotations

import dataclasses
import datetime
import io
import re

import docx
import pandas as pd
import pytest

from cooperation.briefing import briefing_data, briefing_docx, briefing_filename, briefing_html
from cooperation.i18n import LANGS, t
from cooperation.loading import Dataset, load_dataset

TODAY = datetime.date(2026, 1, 15)
COVERAGE = "Kazan city website, partner list page 4 (snapshot 2025): 10 of 74 partners"
SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# (name, country, agreement year, a contact date as written, the same date formatted)
HARBIN = {
    "ru": ("Харбин", "Китай", "2006", "6-8 февраля 2025 года", "06.02.2025 – 08.02.2025"),
    "en": ("Harbin", "China", "2006", "6-8 февраля 2025 года", "6 Feb 2025 – 8 Feb 2025"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_data_for_harbin(dataset: Dataset, lang: str) -> None:
    b = briefing_data(dataset, "harbin", lang, TODAY, coverage=COVERAGE)
    name, country, year, written, formatted = HARBIN[lang]
    assert (b.name, b.country) == (name, country)
    assert b.status_key == "active" and b.status == t("health_status.active", lang)
    assert [a.year for a in b.agreements] == [year]
    assert len(b.contacts) == 10 and b.contacts_total == 15
    assert (b.contacts[0].date_as_written, b.contacts[0].date) == (written, formatted)
    facts = dict(b.facts)
    assert facts[t("common.country", lang)] == country
    assert "(2023)" in facts[t("briefing.population", lang)]
    assert facts[t("briefing.time_zone", lang)].startswith("UTC+8 · ")
    assert t("briefing.tz_ahead", lang, hours="5") in facts[t("briefing.time_zone", lang)]
    assert b.spheres[0] == (t("sphere.governance", lang), 8)
    assert b.coverage == COVERAGE


@pytest.mark.parametrize("lang", LANGS)
def test_html_holds_harbin(dataset: Dataset, lang: str) -> None:
    page = briefing_html(briefing_data(dataset, "harbin", lang, TODAY, coverage=COVERAGE))
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    for value in HARBIN[lang]:
        assert value in page
    assert t("briefing.kicker", lang) in page and COVERAGE in page
    assert "административный центр провинции Хэйлунцзян" in page  # the description as written
    assert "Харбин" in page  # in English the Russian name is kept beside the English one


@pytest.mark.parametrize("lang", LANGS)
def test_html_is_self_contained(dataset: Dataset, lang: str) -> None:
    page = briefing_html(briefing_data(dataset, "tehran", lang, TODAY, coverage=COVERAGE)).lower()
    for outside in ("<script", "<link", " src=", "@import", "url(", "<iframe", "<object"):
        assert outside not in page
    assert "@media print" in page


@pytest.mark.parametrize("lang", LANGS)
def test_docx_opens_and_holds_harbin(dataset: Dataset, lang: str) -> None:
    data = briefing_docx(briefing_data(dataset, "harbin", lang, TODAY, coverage=COVERAGE))
    text = docx_text(data)
    for value in HARBIN[lang]:
        assert value in text
    assert COVERAGE in text
    assert docx.Document(io.BytesIO(data)).core_properties.title.endswith(HARBIN[lang][0] if lang == "ru"
                                                                          else "Harbin (Харбин)")


def hostile(dataset: Dataset) -> Dataset:
    """Harbin with markup in every text a briefing shows, and a character XML cannot hold."""
    cities = dataset.cities.copy()
    harbin = cities["city_id"] == "harbin"
    cities.loc[harbin, "name_ru"] = f"Харбин{SCRIPT}"
    cities.loc[harbin, "name_en"] = f"Harbin{IMG}"
    cities.loc[harbin, "description_ru"] = f"Описание {SCRIPT}\n\nи {IMG}"
    cities.loc[harbin, "website"] = "javascript:alert(1)"
    cities.loc[harbin, "founded_text"] = f"1898 {IMG}"
    contacts = dataset.contacts.copy()
    first = contacts.index[(contacts["city_id"] == "harbin")][-1]
    contacts.loc[first, "text_ru"] = f"Визит {SCRIPT} {IMG}\x0b"
    contacts.loc[first, "date_text"] = f"6-8 февраля {IMG}"
    memberships = pd.concat([dataset.memberships, pd.DataFrame(
        {"city_id": ["harbin"], "organization": [f"Org {SCRIPT}"], "organization_en": [f"Org {IMG}"],
         "since": pd.array([2011], dtype="Int64"), "source_line": pd.array([1], dtype="Int64")})], ignore_index=True)
    statuses = pd.DataFrame({"agreement_id": ["harbin-memorandum-2006"], "status": ["suspended"],
                             "status_date": pd.to_datetime(["2025-03-01"]), "source": [f"Letter {IMG}"],
                             "note": [f"Note {SCRIPT}"], "recorded_by": [""]})
    return dataclasses.replace(dataset, cities=cities, contacts=contacts, memberships=memberships,
                               agreement_statuses=statuses)


@pytest.mark.parametrize("lang", LANGS)
def test_html_escapes_every_value(dataset: Dataset, lang: str) -> None:
    b = briefing_data(hostile(dataset), "harbin", lang, TODAY, coverage=f"coverage {SCRIPT}")
    page = briefing_html(b)
    assert "&lt;script&gt;" in page and "&lt;img" in page
    assert not re.search(r"<\s*script", page, re.IGNORECASE)
    assert not re.search(r"<\s*img", page, re.IGNORECASE)
    assert "href=" not in page  # a website from the data is text, never a link


@pytest.mark.parametrize("lang", LANGS)
def test_docx_keeps_hostile_text_as_text(dataset: Dataset, lang: str) -> None:
    b = briefing_data(hostile(dataset), "harbin", lang, TODAY)
    text = docx_text(briefing_docx(b))
    assert SCRIPT in text and "Визит" in text


@pytest.mark.parametrize("lang", LANGS)
def test_recorded_status_shows_with_date_and_source(dataset: Dataset, lang: str) -> None:
    b = briefing_data(hostile(dataset), "harbin", lang, TODAY)
    assert b.status_key == "suspended" and b.status == t("health_status.suspended", lang)
    assert "2025" in b.status_detail and "Letter" in b.status_detail
    assert t("health_status.active", lang) in b.status_detail  # the computed status stays visible
    assert "Letter" in b.agreements[0].recorded


def test_never_activated_partner_without_contacts(dataset: Dataset) -> None:
    b = briefing_data(dataset, "urbino", "en", TODAY)
    assert b.status_key == "never_activated" and b.contacts == () and b.contacts_total == 0
    assert b.status_detail == t("briefing.status_no_contacts", "en")
    page = briefing_html(b)
    assert t("briefing.no_contacts", "en") in page and t("briefing.no_organisations", "en") in page
    assert "Urbino" in docx_text(briefing_docx(b))


def test_half_hour_zone_and_founding_in_english(dataset: Dataset) -> None:
    facts = dict(briefing_data(dataset, "hyderabad", "en", TODAY).facts)
    assert facts["Time zone"] == "UTC+5:30 · 2:30 h ahead of Kazan"
    assert dict(briefing_data(dataset, "hebron", "en", TODAY).facts)["Founded"].startswith("2200 BC")
    assert dict(briefing_data(dataset, "harbin", "en", TODAY).facts)["Founded"] == "1898"


def test_shared_organisations(dataset: Dataset) -> None:
    b = briefing_data(dataset, "tehran", "ru", TODAY)
    assert ("Азиатский Форум Мэров", "с 2011 г.") in b.organisations
    assert len(b.organisations) == 4
    english = briefing_data(dataset, "tehran", "en", TODAY).organisations
    assert ("Asian Mayors Forum", "since 2011") in english
    assert ("UNESCO Global Network of Learning Cities", "") in english


def test_an_organisation_without_an_english_name_keeps_its_russian_one(dataset: Dataset) -> None:
    memberships = dataset.memberships.copy()
    memberships["organization_en"] = memberships["organization_en"].where(
        memberships["organization"] != "Метрополис", None)
    b = briefing_data(dataclasses.replace(dataset, memberships=memberships), "tehran", "en", TODAY)
    assert ("Метрополис", "") in b.organisations


def test_unknown_city_is_an_error(dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="nowhere"):
        briefing_data(dataset, "nowhere", "en", TODAY)


def test_filename(dataset: Dataset) -> None:
    b = briefing_data(dataset, "harbin", "en", TODAY)
    assert briefing_filename(b, "docx") == "briefing-harbin-en-2026-01-15.docx"
