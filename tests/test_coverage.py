"""The coverage line and the statement of what is missing, from the manifest and the known totals."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from fixture_data import copy_data

from cooperation.coverage import coverage, coverage_line, latest_known, missing_statement
from cooperation.loading import load_dataset

ROOT = Path(__file__).resolve().parents[1]


def test_line_says_source_snapshot_and_share():
    dataset = load_dataset(ROOT / "data")
    assert coverage_line(dataset, "en") == ("Kazan city website, partner list page 4 (snapshot 2025): "
                                            "10 of 74 partners (2025) · last contact August 2025")
    assert coverage_line(dataset, "ru").startswith("Сайт мэрии Казани, список партнёров, стр. 4 (снимок 2025): "
                                                   "10 из 74 партнёров")


def test_latest_known_total_wins():
    totals = pd.DataFrame({"measure": ["partner_cities"] * 3, "value": [62, 74, 70],
                           "as_of": ["2023-10", "2025", "2024-06"], "source": ["a", "c", "b"]})
    assert latest_known(totals, "partner_cities").value == 74
    assert latest_known(totals, "countries") is None


def test_missing_partners_are_stated():
    dataset = load_dataset(ROOT / "data")
    assert coverage(dataset).missing_partners == 64
    text = missing_statement(dataset, "en")
    assert "74 twin and partner cities in 25 countries" in text and "The other 64" in text


def test_staff_updated_total_changes_the_line(tmp_path):
    copy_data(tmp_path)
    with (tmp_path / "known_totals.csv").open("a", encoding="utf-8") as handle:
        handle.write("partners-2026,partner_cities,80,2026-03,,,City of Kazan 2026,\n")
    dataset = load_dataset(tmp_path)
    assert "10 of 80 partners (2026-03)" in coverage_line(dataset, "en")


def test_without_known_totals_nothing_is_claimed_missing(tmp_path):
    (copy_data(tmp_path) / "known_totals.csv").unlink()
    dataset = load_dataset(tmp_path)
    assert missing_statement(dataset, "en") is None
    assert "10 partners" in coverage_line(dataset, "en")
