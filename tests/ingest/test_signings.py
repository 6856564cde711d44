"""Signings recorded in contact entries: the signing day of listed documents and documents only an entry names."""

from __future__ import annotations

import pandas as pd
import pytest

from cooperation import partners
from cooperation.i18n import t
from cooperation.ingest.build import DEFAULT_RAW_DIR, build_tables, default_sources
from cooperation.ingest.signings import (
    documents_in_entries,
    signing_day,
    with_signing_days,
)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    built, _ = build_tables(default_sources(), DEFAULT_RAW_DIR)
    return built


def _contact(text: str, start: str, end: str = "", precision: str = "day", city: str = "x", line: int = 7) -> dict:
    return {
        "contact_id": f"{city}-{line}",
        "city_id": city,
        "date_start": start,
        "date_end": end or start,
        "date_precision": precision,
        "text_ru": text,
        "source_file": "page.txt",
        "source_line": line,
    }


def _agreement(doc_type: str, year: int | None, city: str = "x") -> dict:
    return {"agreement_id": f"{city}-{doc_type}-{year}", "city_id": city, "doc_type": doc_type, "year_signed": year}


def test_a_signing_entry_of_another_year_does_not_date_an_agreement() -> None:
    contacts = [_contact("2 марта 2011 года было подписано соглашение.", "2011-03-02")]
    assert signing_day(_agreement("agreement", 2010), contacts) == ("", "")


def test_two_signing_entries_in_a_year_are_told_apart_by_the_document_type() -> None:
    contacts = [
        _contact("Подписан меморандум о дружбе.", "2010-03-02", line=1),
        _contact("Подписали соглашение о сотрудничестве.", "2010-09-10", line=2),
    ]
    assert signing_day(_agreement("memorandum", 2010), contacts) == ("2010-03-02", "2010-03-02")
    assert signing_day(_agreement("agreement", 2010), contacts) == ("2010-09-10", "2010-09-10")
    assert signing_day(_agreement("protocol", 2010), contacts) == ("", "")  # neither names a protocol: no guess
    assert signing_day(_agreement("treaty", None), contacts) == ("", "")


def test_a_month_dated_entry_gives_no_day() -> None:
    contacts = [_contact("В мае был подписан договор.", "2010-05-01", "2010-05-31", precision="month")]
    assert signing_day(_agreement("treaty", 2010), contacts) == ("", "")


def test_a_document_only_an_entry_names_becomes_an_agreement_row(tables) -> None:
    """Harbin 2023: the protocol signed at the United Cities Forum is in no «Документ» line."""
    agreements = tables["agreements"].set_index("agreement_id")
    protocol = agreements.loc["harbin-protocol-2023"]
    assert protocol["title_ru"] == "Протокол встречи представителей города Казани и города Харбина"
    assert (protocol["recorded_in"], protocol["source_line"], protocol["year_signed"]) == ("contact_entry", 230, 2023)
    assert (protocol["date_signed_start"], protocol["date_signed_end"]) == ("2023-09-07", "2023-09-08")
    assert protocol["parties"] == "kazan|harbin"
    # The 2006 memorandum of the «Документ» line gets its day from the entry of the visit, and stays one row.
    memo = agreements.loc["harbin-memorandum-2006"]
    assert (memo["recorded_in"], memo["date_signed_start"], memo["date_signed_end"]) == (
        "documents_line",
        "2006-06-13",
        "2006-06-18",
    )
    assert (agreements["recorded_in"] == "contact_entry").sum() == 1


def test_a_listed_document_is_not_added_twice_and_the_clause_ends_the_title() -> None:
    contacts = [
        _contact(
            "12 мая 2010 года стороны подписали Соглашение о дружественных связях и договорились о визите.",
            "2010-05-12",
        ),
        _contact("5 июня 2011 года подписан Меморандум о сотрудничестве.", "2011-06-05", line=9),
    ]
    rows, problems = documents_in_entries(contacts, [{**_agreement("memorandum", 2011), "year_signed": 2011}])
    assert [(r["agreement_id"], r["title_ru"], r["relation"]) for r in rows] == [
        ("x-agreement-2010", "Соглашение о дружественных связях", "friendship")
    ]
    assert problems[0].line == 7
    [dated] = with_signing_days(rows, contacts)
    assert (dated["date_signed_start"], dated["recorded_in"]) == ("2010-05-12", "contact_entry")


def test_rows_without_a_mark_are_from_the_documents_line() -> None:
    [row] = with_signing_days([_agreement("treaty", 2001)], [])
    assert row["recorded_in"] == "documents_line" and row["date_signed_start"] == ""


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_profile_marks_an_agreement_from_a_contact_entry(dataset, lang) -> None:
    harbin = dataset.agreements[dataset.agreements["city_id"] == "harbin"]
    shown = partners.agreements_table(harbin, dataset.agreement_statuses, lang)
    assert list(shown[t("field.recorded_in", lang)]) == [
        t("recorded_in.documents_line", lang),
        t("recorded_in.contact_entry", lang),
    ]
