"""What staff will do to the CSVs: open them in Excel in a Russian locale and save them back, break a column,
a key, a date or a coordinate, empty a file, or make it huge. The loader reads each correctly or raises one
DataError naming file, row and column — and the app keeps serving the last good data meanwhile."""

from __future__ import annotations

import time
from pathlib import Path

import harness
import pandas as pd
import pytest

from cooperation.loading import DATA_DIR_ENV, DataError, load_dataset, read_csv_text
from cooperation.paths import ROOT
from cooperation.schemas import TABLES

FIFTY_MB = 50_000_000
# A 50 MB file loads in about 4 s on an idle machine; the bound leaves room for a busy CI runner.
LOAD_BUDGET_S = 60


@pytest.fixture(scope="module")
def reference():
    return load_dataset(ROOT / "data")


def text_frame(directory: Path, name: str) -> pd.DataFrame:
    return read_csv_text((directory / TABLES[name].file).read_text(encoding="utf-8"))


def save_as_excel(directory: Path, name: str, frame: pd.DataFrame, encoding: str = "cp1251") -> None:
    """As Excel in a Russian locale saves "CSV (разделители — точка с запятой)": ';', Windows-1251, CRLF."""
    data = frame.to_csv(index=False, sep=";", lineterminator="\r\n").encode(encoding)
    (directory / TABLES[name].file).write_bytes(data)


def problems_of(directory: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_dataset(directory)
    return caught.value.problems


def assert_named(problems: list, file: str, row: int | None, column: str | None) -> None:
    assert any(p.file == file and p.row == row and p.column == column for p in problems), [str(p) for p in problems]


# --- Excel in a Russian locale ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["contacts", "cities", "agreements", "events"])
def test_semicolons_and_windows_1251_read_the_same(data_dir, reference, name):
    save_as_excel(data_dir, name, text_frame(data_dir, name))
    pd.testing.assert_frame_equal(load_dataset(data_dir).table(name), reference.table(name))


def test_utf8_with_bom_and_semicolons_read_the_same(data_dir, reference):
    save_as_excel(data_dir, "contacts", text_frame(data_dir, "contacts"), encoding="utf-8-sig")
    assert (data_dir / "contacts.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    pd.testing.assert_frame_equal(load_dataset(data_dir).contacts, reference.contacts)


def test_decimal_commas_read_as_numbers(data_dir, reference):
    cities = text_frame(data_dir, "cities")
    for column in ("lat", "lon", "area_km2", "utc_offset_hours"):
        cities[column] = cities[column].str.replace(".", ",", regex=False)
    assert cities["lat"].str.contains(",").any()
    save_as_excel(data_dir, "cities", cities)
    pd.testing.assert_frame_equal(load_dataset(data_dir).cities, reference.cities)


def test_day_first_dates_as_excel_writes_them_are_read(data_dir, reference):
    contacts = text_frame(data_dir, "contacts")
    for column in ("date_start", "date_end"):
        contacts[column] = pd.to_datetime(contacts[column]).dt.strftime("%d.%m.%Y")
    save_as_excel(data_dir, "contacts", contacts)
    pd.testing.assert_frame_equal(load_dataset(data_dir).contacts, reference.contacts)


# --- broken files -------------------------------------------------------------------------------------------


def test_missing_column_is_named(data_dir):
    save_as_excel(data_dir, "contacts", text_frame(data_dir, "contacts").drop(columns=["venue"]))
    assert_named(problems_of(data_dir), "contacts.csv", None, "venue")


def test_extra_column_is_allowed(data_dir, reference):
    contacts = text_frame(data_dir, "contacts")
    contacts.insert(3, "комментарий", "проверить")
    save_as_excel(data_dir, "contacts", contacts)
    loaded = load_dataset(data_dir).contacts
    assert "комментарий" in loaded.columns
    pd.testing.assert_frame_equal(loaded.drop(columns=["комментарий"]), reference.contacts)


@pytest.mark.parametrize(
    "name, position, column, value",
    [
        ("contacts", 6, "contact_id", "<first>"),  # duplicate id
        ("cities", 4, "city_id", "<first>"),
        ("contacts", 3, "city_id", "atlantis"),  # a contact whose partner does not exist
        ("contacts", 3, "date_start", "not a date"),
        ("contacts", 8, "date_end", "31.02.2025"),
        ("cities", 2, "lat", "123,4"),  # coordinates out of range, with a decimal comma
        ("cities", 5, "lon", "-200"),
        ("agreements", 1, "year_signed", "двадцатый"),
    ],
)
def test_a_broken_cell_is_named_by_file_row_and_column(data_dir, name, position, column, value):
    frame = text_frame(data_dir, name)
    frame.loc[position, column] = frame.loc[0, column] if value == "<first>" else value
    save_as_excel(data_dir, name, frame)
    assert_named(problems_of(data_dir), TABLES[name].file, position + 2, column)


@pytest.mark.parametrize("content", [b"", b"   \r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_named(data_dir, content):
    (data_dir / "contacts.csv").write_bytes(content)
    assert_named(problems_of(data_dir), "contacts.csv", None, None)


def test_a_file_that_is_not_text_is_named(data_dir):
    (data_dir / "cities.csv").write_bytes(b"city_id,role\n\x98\x98\x81\x00")
    [problem] = problems_of(data_dir)
    assert problem.file == "cities.csv" and "not readable" in problem.message


def test_a_header_only_contacts_file_loads_empty(data_dir):
    (data_dir / "contacts.csv").write_text(",".join(TABLES["contacts"].columns) + "\n", encoding="utf-8")
    assert load_dataset(data_dir).contacts.empty


def test_a_row_with_more_fields_than_the_header_is_named(data_dir):
    """A stray cell right of the table in the first data row, as a spreadsheet keeps it."""
    header, rows = (data_dir / "contacts.csv").read_text(encoding="utf-8").split("\n", 1)
    (data_dir / "contacts.csv").write_text(
        f"{header}\n{',' * len(TABLES['contacts'].columns)}\n{rows}", encoding="utf-8"
    )
    assert_named(problems_of(data_dir), "contacts.csv", 2, "text_ru")


def test_a_stray_cell_and_an_old_mac_line_break_are_named(data_dir):
    header = ",".join(TABLES["contacts"].columns)
    (data_dir / "contacts.csv").write_bytes(f"{header}\n{',' * len(TABLES['contacts'].columns)}\n,\r,\n".encode())
    assert_named(problems_of(data_dir), "contacts.csv", None, None)


# --- a 50 MB file -------------------------------------------------------------------------------------------


def fifty_mb_of_contacts(directory: Path) -> pd.DataFrame:
    contacts = text_frame(directory, "contacts")
    copies = FIFTY_MB // len(contacts.to_csv(index=False).encode("utf-8")) + 2
    big = pd.concat([contacts] * copies, ignore_index=True)
    big["contact_id"] = [f"contact-{i:011d}" for i in range(len(big))]  # unique, as long as the real ids
    return big


def test_a_50_mb_file_loads_in_reasonable_time(data_dir):
    big = fifty_mb_of_contacts(data_dir)
    big.to_csv(data_dir / "contacts.csv", index=False)
    assert (data_dir / "contacts.csv").stat().st_size >= FIFTY_MB
    started = time.monotonic()
    loaded = load_dataset(data_dir)
    assert time.monotonic() - started < LOAD_BUDGET_S
    assert len(loaded.contacts) == len(big)


@pytest.mark.parametrize("bad_rows", ["one", "every"])
def test_a_50_mb_file_with_bad_cells_names_them_in_reasonable_time(data_dir, bad_rows):
    big = fifty_mb_of_contacts(data_dir)
    position = len(big) - 10 if bad_rows == "one" else 0
    if bad_rows == "one":
        big.loc[position, "date_start"] = "not a date"
    else:
        big["date_start"] = "not a date"
    big.to_csv(data_dir / "contacts.csv", index=False)
    started = time.monotonic()
    problems = problems_of(data_dir)
    assert time.monotonic() - started < LOAD_BUDGET_S
    assert_named(problems, "contacts.csv", position + 2, "date_start")


# --- the app serves the last good data ----------------------------------------------------------------------


def test_the_app_keeps_serving_the_last_good_data(data_dir, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = harness.run("timeline", lang="en")
    assert not at.exception and not at.warning and not at.error
    rows = [c.value for c in at.caption if c.value.startswith("Rows:")]
    shown = len(at.dataframe[0].value)
    assert rows and shown > 0

    # A bad cell only sets its row aside (tests/test_set_aside.py); a file that lost a column cannot be used,
    # and the last good version keeps being served.
    contacts = text_frame(data_dir, "contacts")
    save_as_excel(data_dir, "contacts", contacts.drop(columns=["date_start"]))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    warnings = " ".join(w.value for w in at.warning)
    assert "contacts.csv, column “date\\_start” (Start date)" in warnings, warnings
    assert [c.value for c in at.caption if c.value.startswith("Rows:")] == rows
    assert len(at.dataframe[0].value) == shown
    assert "Traceback" not in " ".join(str(e.value) for e in (*at.markdown, *at.warning, *at.caption))
