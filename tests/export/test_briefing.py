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

from cooperation.coverage import coverage_line, scope_line
from cooperation.export import briefing as briefing_module
from cooperation.export.briefing import (
    briefing_data,
    briefing_docx,
    briefing_filename,
    briefing_files,
    briefing_html,
    column_shares,
)
from cooperation.health import partner_health
from cooperation.i18n import LANGS, t
from cooperation.loading import Dataset, load_dataset
from cooperation.planning import city_names, plan, render_title

TODAY = datetime.date(2026, 1, 15)
SCOPE = "Kazan city website, partner list page 4 (snapshot 2025): 10 of 62 partners (per inkazan.ru, 2023-10-07: "
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
    b = briefing_data(dataset, "harbin", lang, TODAY)
    name, country, year, written, formatted = HARBIN[lang]
    assert (b.name, b.country) == (name, country)
    assert b.status_key == "active" and b.status == t("health_status.active", lang)
    # the 2006 memorandum of the «Документ» line, and the 2023 protocol only a contact entry records
    assert [a.year.split(" ")[0] for a in b.agreements] == [year, "2023"]
    assert t("year_source.inferred", lang) in b.agreements[1].year
    assert len(b.contacts) == 10 and b.contacts_total == 15
    assert (b.contacts[0].date_as_written, b.contacts[0].date) == (written, formatted)
    facts = dict(b.facts)
    assert facts[t("common.country", lang)] == country
    assert "(2023)" in facts[t("briefing.population", lang)]
    assert facts[t("briefing.time_zone", lang)].startswith("UTC+8 · ")
    assert t("briefing.tz_ahead", lang, hours="5") in facts[t("briefing.time_zone", lang)]
    assert b.spheres[0] == (t("sphere.governance", lang), 8)
    # The footer names the source and this partner's own last contact, not the dataset's.
    assert b.footer == t("briefing.footer", lang, scope=scope_line(dataset, lang), last=formatted)
    assert scope_line(dataset, "en").startswith(SCOPE)


@pytest.mark.parametrize("lang", LANGS)
def test_html_holds_harbin(dataset: Dataset, lang: str) -> None:
    page = briefing_html(briefing_data(dataset, "harbin", lang, TODAY))
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    for value in HARBIN[lang]:
        assert value in page
    assert t("briefing.kicker", lang) in page and scope_line(dataset, lang) in page
    assert coverage_line(dataset, lang) not in page  # the dataset's last contact is not Harbin's
    assert "административный центр провинции Хэйлунцзян" in page  # the description as written
    assert "Харбин" in page  # in English the Russian name is kept beside the English one


@pytest.mark.parametrize("lang", LANGS)
def test_html_is_self_contained(dataset: Dataset, lang: str) -> None:
    page = briefing_html(briefing_data(dataset, "tehran", lang, TODAY)).lower()
    for outside in ("<script", "<link", " src=", "@import", "url(", "<iframe", "<object"):
        assert outside not in page
    assert "@media print" in page


@pytest.mark.parametrize("lang", LANGS)
def test_docx_opens_and_holds_harbin(dataset: Dataset, lang: str) -> None:
    b = briefing_data(dataset, "harbin", lang, TODAY)
    data = briefing_docx(b)
    text = docx_text(data)
    for value in HARBIN[lang]:
        assert value in text
    assert b.footer in text
    assert docx.Document(io.BytesIO(data)).core_properties.title.endswith(
        HARBIN[lang][0] if lang == "ru" else "Harbin (Харбин)"
    )


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
    memberships = pd.concat(
        [
            dataset.memberships,
            pd.DataFrame(
                {
                    "city_id": ["harbin"],
                    "organization": [f"Org {SCRIPT}"],
                    "organization_en": [f"Org {IMG}"],
                    "since": pd.array([2011], dtype="Int64"),
                    "source_line": pd.array([1], dtype="Int64"),
                }
            ),
        ],
        ignore_index=True,
    )
    statuses = pd.DataFrame(
        {
            "agreement_id": ["harbin-memorandum-2006"],
            "status": ["suspended"],
            "status_date": pd.to_datetime(["2025-03-01"]),
            "source": [f"Letter {IMG}"],
            "note": [f"Note {SCRIPT}"],
            "recorded_by": [""],
        }
    )
    return dataclasses.replace(
        dataset, cities=cities, contacts=contacts, memberships=memberships, agreement_statuses=statuses
    )


@pytest.mark.parametrize("lang", LANGS)
def test_html_escapes_every_value(dataset: Dataset, lang: str) -> None:
    b = briefing_data(hostile(dataset), "harbin", lang, TODAY)
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
        memberships["organization"] != "Метрополис", None
    )
    b = briefing_data(dataclasses.replace(dataset, memberships=memberships), "tehran", "en", TODAY)
    assert ("Метрополис", "") in b.organisations


def test_unknown_city_is_an_error(dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="nowhere"):
        briefing_data(dataset, "nowhere", "en", TODAY)


def test_filename(dataset: Dataset) -> None:
    b = briefing_data(dataset, "harbin", "en", TODAY)
    assert briefing_filename(b, "docx") == "briefing-harbin-en-2026-01-15.docx"


# ------------------------------------------------------------------ a document to hand a mayor


def widths_mm(table) -> list[float]:
    return [round(column.width.mm, 1) for column in table.columns]


@pytest.mark.parametrize("lang", LANGS)
def test_docx_is_a4_with_columns_as_wide_as_their_text(dataset: Dataset, lang: str) -> None:
    document = docx.Document(io.BytesIO(briefing_docx(briefing_data(dataset, "harbin", lang, TODAY))))
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 0.1 and abs(section.page_height.mm - 297) < 0.1
    contacts = next(
        tb for tb in document.tables if tb.rows[0].cells[0].text == t("common.date", lang) and len(tb.columns) == 4
    )
    widths = widths_mm(contacts)
    assert len(set(widths)) > 1, widths
    assert widths[3] == max(widths) and widths[3] > 0.4 * sum(widths)  # the entry gets the room, not a quarter
    assert abs(sum(widths) - 170) < 1  # the text block between 20 mm margins
    for cell in contacts.rows[1].cells:  # Word reads each cell's width
        assert cell.width is not None


def test_column_shares_follow_the_text() -> None:
    shares = column_shares(["Date", "Entry"], [["1 Feb 2025", "a long entry " * 20], ["2024", "short"]])
    assert shares[1] > shares[0] and abs(sum(shares) - 1) < 1e-9
    assert column_shares(["a", "b"], [["xx", "xx"]]) == [0.5, 0.5]  # the narrowest width for both


@pytest.mark.parametrize("lang", LANGS)
def test_docx_metadata_names_the_document_and_the_city(dataset: Dataset, lang: str) -> None:
    b = briefing_data(dataset, "harbin", lang, TODAY)
    props = docx.Document(io.BytesIO(briefing_docx(b))).core_properties
    assert props.author == ("Казань" if lang == "ru" else "Kazan") == props.last_modified_by
    assert "python-docx" not in f"{props.author} {props.comments} {props.title}"
    assert props.title.startswith(t("briefing.kicker", lang)) and props.language == lang
    assert props.created.date() == TODAY
    assert f'<meta name="author" content="{b.author}">' in briefing_html(b)


@pytest.mark.parametrize("lang", LANGS)
def test_a_300_character_name_is_cut_to_the_docx_limits(dataset: Dataset, lang: str) -> None:
    cities = dataset.cities.copy()
    harbin = cities["city_id"] == "harbin"
    cities.loc[harbin, "name_ru"] = "Х" * 300
    cities.loc[harbin, "name_en"] = "H" * 300
    b = briefing_data(dataclasses.replace(dataset, cities=cities), "harbin", lang, TODAY)
    files = briefing_files(b)
    assert files.failed == () and files.html is not None
    props = docx.Document(io.BytesIO(files.docx)).core_properties
    assert len(props.title) <= 255 and props.title.endswith("…") and len(props.subject) <= 255
    assert ("Х" if lang == "ru" else "H") * 300 in docx_text(files.docx)  # the body keeps the whole name


def test_a_failing_file_is_left_out_not_the_other(dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_b):
        raise ValueError("a value no writer foresaw")

    monkeypatch.setattr(briefing_module, "briefing_docx", broken)
    files = briefing_files(briefing_data(dataset, "harbin", "en", TODAY))
    assert files.failed == ("DOCX",) and files.docx is None and files.html.startswith(b"<!DOCTYPE html>")


def test_urbino_shows_its_own_anniversary_and_no_dataset_last_contact(dataset: Dataset) -> None:
    """Urbino has no contacts: its footer says so (not the dataset's last contact), and its 25th anniversary
    (agreement of 2001) is coming up in 2026, as the planning page lists it."""
    b = briefing_data(dataset, "urbino", "en", TODAY)
    assert b.footer == t("briefing.footer_no_contacts", "en", scope=scope_line(dataset, "en"))
    assert [item.title for item in b.upcoming] == ["Urbino: 25th anniversary of the Agreement (2001)"]
    assert b.upcoming[0].when.startswith("2026")
    page = briefing_html(b)
    assert "Urbino: 25th anniversary" in page and t("briefing.coming_up", "en") in page
    assert "Urbino: 25th anniversary" in docx_text(briefing_docx(b))


def test_upcoming_items_are_the_plans_items_for_the_partner(dataset: Dataset) -> None:
    """The same items as planning.plan for the partner (and forums due of series it took part in)."""
    b = briefing_data(dataset, "harbin", "en", TODAY)
    health = partner_health(
        dataset.cities[dataset.cities["city_id"] == "harbin"],
        dataset.agreements,
        dataset.contacts,
        dataset.agreement_statuses,
        TODAY,
    )
    names = city_names(dataset.cities, "en")
    expected = {
        render_title(i, "en", names) for i in plan(dataset, TODAY, months=12, health=health) if i.city_id == "harbin"
    }
    titles = {item.title for item in b.upcoming}
    assert expected <= titles
    assert all(i.title.startswith("Harbin") or "expected by" in i.title for i in b.upcoming)


@pytest.mark.parametrize("lang", LANGS)
def test_english_states_the_entries_original_language(dataset: Dataset, lang: str) -> None:
    b = briefing_data(dataset, "harbin", lang, TODAY)
    note = t("briefing.original_language", "en")
    assert (note in briefing_html(b)) == (lang == "en")
    assert (note in docx_text(briefing_docx(b))) == (lang == "en")
    assert '<td lang="ru">' in briefing_html(b)  # quoted Russian cells are marked as such


@pytest.mark.parametrize(
    ("years", "lang", "expected"),
    [
        (0.0, "en", "less than a month ago"),
        (0.01, "ru", "меньше месяца назад"),
        (5 / 12, "en", "5 months ago"),
        (1 / 12, "ru", "1 месяц назад"),
        (3 / 12, "ru", "3 месяца назад"),
        (1.5, "en", "1.5 years ago"),
        (1.5, "ru", "1,5 г. назад"),
    ],
)
def test_how_long_ago_reads_as_a_person_says_it(years: float, lang: str, expected: str) -> None:
    from cooperation.export.briefing import ago

    assert ago(years, lang) == expected
