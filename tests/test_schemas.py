"""The schemas accept the committed data and reject broken copies with a message naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixture_data import copy_data

from cooperation.loading import DataError, load_dataset
from cooperation.paths import ROOT


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    return copy_data(tmp_path)


def _edit(directory: Path, name: str, row: int, column: str, value: str) -> None:
    path = directory / f"{name}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(path, index=False)


def _problems(directory: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_dataset(directory)
    return str(caught.value)


def test_committed_data_is_valid():
    dataset = load_dataset(ROOT / "data")
    assert len(dataset.contacts) > 0
    assert str(dataset.contacts["date_start"].dtype).startswith("datetime64")
    assert str(dataset.cities["population"].dtype) == "Int64"


@pytest.mark.parametrize(
    "name, row, column, value, expected",
    [
        ("contacts", 3, "date_start", "not a date", "contacts.csv, row 5, column «date_start»"),
        ("contacts", 0, "venue", "moon", "contacts.csv, row 2, column «venue»"),
        ("contacts", 1, "spheres", "culture|cooking", "contacts.csv, row 3, column «spheres»"),
        ("contacts", 2, "city_id", "atlantis", "«atlantis» is not a city_id in cities.csv"),
        ("contacts", 2, "event_id", "nowhere-2020", "«nowhere-2020» is not a event_id in events.csv"),
        ("cities", 1, "lat", "123.4", "cities.csv, row 3, column «lat»"),
        ("cities", 2, "city_id", "kazan", "duplicate value «kazan»"),
        ("agreements", 0, "doc_type", "letter", "agreements.csv, row 2, column «doc_type»"),
        ("agreements", 0, "parties", "kazan|atlantis", "«atlantis» is not a city_id"),
    ],
)
def test_broken_values_are_named(data_copy, name, row, column, value, expected):
    _edit(data_copy, name, row, column, value)
    assert expected in _problems(data_copy)


def test_start_after_end_is_rejected(data_copy):
    _edit(data_copy, "contacts", 0, "date_start", "2030-01-01")
    assert "date_start must not be after date_end" in _problems(data_copy)


def test_missing_column_and_missing_file(data_copy):
    frame = pd.read_csv(data_copy / "cities.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["country_iso2"]).to_csv(data_copy / "cities.csv", index=False)
    (data_copy / "events.csv").unlink()
    message = _problems(data_copy)
    assert "cities.csv, column «country_iso2»: column missing" in message
    assert "events.csv: file not found" in message


def test_empty_file_is_named(data_copy):
    (data_copy / "memberships.csv").write_text("", encoding="utf-8")
    assert "memberships.csv: the file is empty" in _problems(data_copy)


def test_excel_russian_locale_export_is_read(data_copy):
    """Semicolons, Windows-1251 and decimal commas, as Excel in a Russian locale saves a CSV."""
    frame = pd.read_csv(data_copy / "cities.csv", dtype=str, keep_default_na=False)
    frame["lat"] = frame["lat"].str.replace(".", ",", regex=False)
    (data_copy / "cities.csv").write_bytes(frame.to_csv(index=False, sep=";").encode("cp1251"))
    dataset = load_dataset(data_copy)
    assert dataset.cities.set_index("city_id").loc["kazan", "lat"] == pytest.approx(55.78874)
    assert dataset.cities.set_index("city_id").loc["harbin", "name_ru"] == "Харбин"


def test_utf8_bom_is_read(data_copy):
    data = (data_copy / "agreements.csv").read_bytes()
    (data_copy / "agreements.csv").write_bytes(b"\xef\xbb\xbf" + data)
    assert "agreement_id" in load_dataset(data_copy).agreements.columns


def test_optional_staff_files_may_be_absent(data_copy):
    (data_copy / "agreement_statuses.csv").unlink()
    (data_copy / "known_totals.csv").unlink()
    dataset = load_dataset(data_copy)
    assert dataset.agreement_statuses.empty and dataset.known_totals.empty


def test_recorded_status_needs_a_source(data_copy):
    (data_copy / "agreement_statuses.csv").write_text(
        "agreement_id,status,status_date,source,note,recorded_by\nharbin-memorandum-2006,suspended,2024-03-01,,,\n",
        encoding="utf-8",
    )
    assert "agreement_statuses.csv, row 2, column «source»" in _problems(data_copy)
