"""The coverage line and the statement of what is missing, from the manifest and the known totals."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from fixture_data import copy_data

from cooperation.coverage import KnownTotal, coverage, coverage_line, latest_known, missing_statement
from cooperation.loading import load_dataset
from cooperation.paths import ROOT

URL_2023 = "https://inkazan.ru/news/2023-10-07/u-kazani-poyavilsya-esche-odin-gorod-pobratim-3062908"


def test_line_says_source_snapshot_and_share():
    dataset = load_dataset(ROOT / "data")
    assert coverage_line(dataset, "en") == (
        "Kazan city website, partner list page 4 (snapshot 2025): "
        f"10 of 62 partners (per inkazan.ru, 2023-10-07: {URL_2023}) · "
        "last contact August 2025"
    )
    assert coverage_line(dataset, "ru").startswith(
        "Сайт мэрии Казани, список партнёров, стр. 4 (снимок 2025): "
        f"10 из 62 партнёров (по данным inkazan.ru, 2023-10-07: {URL_2023})"
    )


def test_latest_known_total_with_a_source_wins():
    totals = pd.DataFrame(
        {
            "measure": ["partner_cities"] * 3,
            "value": [62, 74, 70],
            "as_of": ["2023-10", "2025", "2024-06"],
            "source": ["a", "c", "b"],
            "url": ["https://a.example/1", "", "https://b.example/2"],
        }
    )
    assert latest_known(totals, "partner_cities") == KnownTotal(70, "2024-06", "b", "https://b.example/2")
    assert (
        latest_known(totals.assign(url=["https://a.example/1", "https://c.example/3", ""]), "partner_cities").value
        == 74
    )
    assert latest_known(totals.assign(url=""), "partner_cities") is None
    assert latest_known(totals, "countries") is None


def test_the_unsourced_2025_figure_is_kept_but_not_used():
    dataset = load_dataset(ROOT / "data")
    totals = dataset.known_totals.set_index("fact_id")
    assert totals.loc["partners-2025", "value"] == 74 and totals.loc["partners-2025", "source"].startswith("unsourced")
    assert totals.loc["partners-2025", "url"] in ("", None) or pd.isna(totals.loc["partners-2025", "url"])
    assert totals.loc["agreements-2024-06", "url"].endswith("kazan-stala-pobratimom-s-kitayskim-gorodom-5117187")
    assert "74" not in coverage_line(dataset, "en")


def test_missing_partners_are_stated():
    dataset = load_dataset(ROOT / "data")
    assert coverage(dataset).missing_partners == 52
    text = missing_statement(dataset, "en")
    assert "62 twin and partner cities in 23 countries" in text and "The other 52" in text and URL_2023 in text


def test_staff_updated_total_changes_the_line(tmp_path):
    copy_data(tmp_path)
    with (tmp_path / "known_totals.csv").open("a", encoding="utf-8") as handle:
        handle.write("partners-2026,partner_cities,80,2026-03,,,City of Kazan,https://kzn.ru/news/1\n")
        handle.write("partners-2026-04,partner_cities,90,2026-04,,,unsourced,\n")
    dataset = load_dataset(tmp_path)
    assert "10 of 80 partners (per City of Kazan, 2026-03: https://kzn.ru/news/1)" in coverage_line(dataset, "en")


def test_without_known_totals_nothing_is_claimed_missing(tmp_path):
    (copy_data(tmp_path) / "known_totals.csv").unlink()
    dataset = load_dataset(tmp_path)
    assert missing_statement(dataset, "en") is None
    assert "10 partners" in coverage_line(dataset, "en")


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (62, "62 города-побратима и партнёра"),
        (74, "74 города-побратима и партнёра"),
        (65, "65 городов-побратимов и партнёров"),
        (71, "71 город-побратим и партнёр"),
    ],
)
def test_the_missing_statement_counts_cities_in_russian_grammar(dataset, total: int, expected: str) -> None:
    known = dataset.known_totals.copy()
    known.loc[known["fact_id"] == "partners-2023-10", "value"] = total
    statement = missing_statement(dataclasses.replace(dataset, known_totals=known), "ru")
    assert statement and expected in statement, statement
