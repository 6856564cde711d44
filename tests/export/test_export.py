"""Every downloadable table file: readable as is by a plain reader and by Excel in a Russian locale, with its
provenance beside the data, and the same sanitiser in every file (a cell with \\x01, one starting with "=",
one with a newline)."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from fixture_data import ROOT
from icalendar import Calendar

from cooperation import editing, filters, staff, tables
from cooperation.export.dataset import ABOUT_FILE, export_xlsx, export_zip, neutralised_csv
from cooperation.export.ics import to_ics
from cooperation.export.sanitise import (
    SPREADSHEET_CELL_LIMIT,
    clip,
    csv_cell,
    html_text,
    markup_text,
    needs_text_marker,
    xlsx_cell,
)
from cooperation.export.table import (
    ABOUT_SHEET,
    TABLE_FILES,
    Provenance,
    about_text,
    table_csv,
    table_csv_excel,
    table_xlsx,
)
from cooperation.i18n import LANGS, t
from cooperation.loading import load_dataset
from cooperation.planning import plan
from cooperation.schemas import TABLES

FORMULA = '=HYPERLINK("http://evil.example","click")'
BELL = "Визит\x01 делегации"
TWO_LINES = "первая строка\nвторая строка"
TODAY = datetime.date(2026, 12, 1)


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Запись": [FORMULA, BELL, TWO_LINES, None],
            "Число": [2.5, -3.0, 1.0, float("nan")],
            "Текст": ["+7 843 000", "-5", "@SUM(A1)", "\tшаг"],
        }
    )


def provenance(lang: str = "ru", search: str = "шахмат") -> Provenance:
    return Provenance(
        lang=lang,
        title="contacts",
        coverage="Сайт мэрии Казани: 10 из 74 партнёров",
        filters="Страна: Китай",
        search=search,
        generated=TODAY,
    )


# ------------------------------------------------------------------ the sanitisers


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+7 843", "'+7 843"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("a=b", "a=b"),
        ("'=x", "'=x"),
        (BELL, "Визит делегации"),
        (TWO_LINES, TWO_LINES),
        ("", ""),
    ],
)
def test_csv_cell_neutralises_formulas_and_control_characters(value: str, expected: str) -> None:
    assert csv_cell(value) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_a_missing_value_is_an_empty_cell_never_na(missing: object) -> None:
    assert csv_cell(missing) == "" and xlsx_cell(missing) is None and markup_text(missing) == ""


def test_numbers_and_workbook_text_keep_their_value() -> None:
    assert csv_cell(-3.0) == -3.0 and xlsx_cell(FORMULA) == FORMULA  # a string cell is never evaluated
    assert xlsx_cell(BELL) == "Визит делегации"
    assert xlsx_cell(pd.Timestamp("2025-02-06")) == datetime.date(2025, 2, 6)


def test_overlong_values_are_cut_with_an_ellipsis() -> None:
    assert clip("абвгд", 3) == "аб…" and clip("абв", 3) == "абв"
    assert len(csv_cell("ж" * 40_000)) < SPREADSHEET_CELL_LIMIT and csv_cell("ж" * 40_000).endswith("…")
    assert markup_text("x" * 300, limit=255) == "x" * 254 + "…"


def test_markup_text_drops_what_xml_cannot_hold_and_html_text_escapes() -> None:
    assert markup_text("a\x01b\x0bc\ufffe\td\ne") == "abc\td\ne"
    assert html_text('<b a="1">\x01') == "&lt;b a=&quot;1&quot;&gt;"


# ------------------------------------------------------------------ a table shown on a page


def test_plain_csv_opens_with_csv_and_pandas_defaults() -> None:
    data = table_csv(hostile_frame())
    assert not data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"#")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == ["Запись", "Число", "Текст"]
    assert [r[0] for r in rows[1:]] == ["'" + FORMULA, "Визит делегации", TWO_LINES, ""]
    frame = pd.read_csv(io.BytesIO(data))  # every default
    assert list(frame.columns) == ["Запись", "Число", "Текст"] and len(frame) == 4
    assert frame["Число"].tolist()[:3] == [2.5, -3.0, 1.0] and frame["Число"].isna().tolist()[3]
    assert frame["Текст"].tolist() == ["'+7 843 000", "-5", "'@SUM(A1)", "'\tшаг"]


def test_excel_csv_opens_with_semicolons_and_a_bom() -> None:
    data = table_csv_excel(hostile_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0] == "Запись;Число;Текст"
    frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", decimal=",")
    assert list(frame.columns) == ["Запись", "Число", "Текст"] and len(frame) == 4
    assert frame["Запись"].tolist()[:3] == ["'" + FORMULA, "Визит делегации", TWO_LINES]
    assert frame["Число"].tolist()[:3] == [2.5, -3.0, 1.0]  # written "2,5": Russian Excel reads a number
    assert "2,5" in data.decode("utf-8-sig")


def test_workbook_keeps_text_as_text_and_the_provenance_on_its_own_sheet() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(table_xlsx(hostile_frame(), provenance(), "contacts")))
    assert workbook.sheetnames == ["contacts", ABOUT_SHEET]
    sheet = workbook["contacts"]
    assert [c.value for c in sheet[1]] == ["Запись", "Число", "Текст"]
    formula, bell, lines, empty = (sheet.cell(row=r, column=1) for r in range(2, 6))
    assert formula.data_type == "s" and formula.value == FORMULA
    assert bell.value == "Визит делегации" and lines.value == TWO_LINES and empty.value is None
    assert sheet.cell(row=2, column=2).value == 2.5
    about = dict(row for row in workbook[ABOUT_SHEET].iter_rows(values_only=True))
    assert about[t("export.about.search", "ru")] == "шахмат"
    assert about[t("export.about.filters", "ru")] == "Страна: Китай"
    assert about[t("export.about.rows", "ru")] == "4"


@pytest.mark.parametrize("lang", LANGS)
def test_about_file_records_the_search_term_or_says_there_was_none(lang: str) -> None:
    text = about_text(provenance(lang), 4).decode("utf-8-sig")
    assert f"{t('export.about.search', lang)}: шахмат" in text and "Страна: Китай" in text
    blank = about_text(provenance(lang, search=""), 4).decode("utf-8-sig")
    assert f"{t('export.about.search', lang)}: {t('export.about.no_search', lang)}" in blank


def test_every_table_file_builds_from_its_spec() -> None:
    names = [spec.file_name("contacts") for spec in TABLE_FILES]
    assert names == ["contacts-excel.csv", "contacts.csv", "contacts.xlsx", "contacts-about.txt"]
    for spec in TABLE_FILES:
        assert spec.build(hostile_frame(), provenance(), "contacts")


@pytest.mark.parametrize("lang", LANGS)
def test_the_timeline_table_with_a_staff_contact_has_no_na_in_any_file(data_dir, lang: str) -> None:
    """Staff-added contacts have no source line: the table shows "changes.log", not "changes.log:<NA>"."""
    snapshot = editing.open_table(data_dir, "contacts")
    row = editing.contact_row(
        city_id="tehran",
        start=datetime.date(2025, 5, 4),
        end=None,
        precision="day",
        venue="kazan",
        venue_city="",
        format="in_person",
        spheres=["culture"],
        text_ru="Тестовый визит делегации в Казань.",
        event_id="",
        date_text="",
        source="",
    )
    editing.add_row(data_dir, snapshot, row, who="test")
    dataset = load_dataset(data_dir)
    shown = tables.contacts_table(filters.enrich_contacts(dataset), lang, dataset.events)
    sources = shown[t("common.source", lang)]
    assert editing.CHANGE_LOG in set(sources) and not sources.str.contains("<NA>|nan", regex=True).any()
    for spec in TABLE_FILES:
        data = spec.build(shown, provenance(lang), "contacts")
        if spec.suffix == ".xlsx":
            workbook = openpyxl.load_workbook(io.BytesIO(data))
            values = [str(v) for ws in workbook for row in ws.iter_rows(values_only=True) for v in row]
            assert not any("<NA>" in v for v in values)
        else:
            assert b"<NA>" not in data


# ------------------------------------------------------------------ the whole dataset


def hostile_data(data_dir):
    """contacts.csv with a formula, a \\x01 and a newline in three entries, written as the Data page writes."""
    frame = editing.open_table(data_dir, "contacts").frame.copy()
    frame.loc[0, "text_ru"] = FORMULA
    frame.loc[1, "text_ru"] = BELL
    frame.loc[2, "text_ru"] = TWO_LINES
    (data_dir / "contacts.csv").write_bytes(editing.csv_bytes(frame))
    return frame


def test_zip_holds_every_file_neutralised_and_otherwise_byte_for_byte(data_dir) -> None:
    frame = hostile_data(data_dir)
    archive = zipfile.ZipFile(io.BytesIO(export_zip(data_dir, "en")))
    files = {f for f in [*(spec.file for spec in TABLES.values()), *staff.layer_files()] if (data_dir / f).exists()}
    assert set(archive.namelist()) == files | {ABOUT_FILE}
    for name in files - {"contacts.csv"}:
        assert archive.read(name) == (data_dir / name).read_bytes()
    contacts = pd.read_csv(io.BytesIO(archive.read("contacts.csv")), dtype=str, keep_default_na=False)
    assert contacts["text_ru"].tolist()[:3] == ["'" + FORMULA, "Визит делегации", TWO_LINES]
    assert contacts["text_ru"].tolist()[3:] == frame["text_ru"].tolist()[3:]
    assert t("export.zip_about", "en") in archive.read(ABOUT_FILE).decode("utf-8-sig")


def test_neutralised_bundled_files_are_unchanged() -> None:
    """The bundled data holds no formula-like cell: the zip is then the data, byte for byte."""
    for spec in TABLES.values():
        path = ROOT / "data" / spec.file
        if path.exists():
            data = path.read_bytes()
            cells = [v for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for v in row]
            assert not any(needs_text_marker(v) for v in cells), spec.file
            assert neutralised_csv(data) == data


def test_dataset_workbook_is_typed_keeps_text_as_text_and_strips_control_characters(data_dir) -> None:
    hostile_data(data_dir)
    dataset = load_dataset(data_dir)
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(dataset, "ru", "Сайт мэрии Казани")))
    assert workbook.sheetnames == [*TABLES, ABOUT_SHEET]
    for name in TABLES:
        assert workbook[name].max_row == len(dataset.table(name)) + 1
    contacts = workbook["contacts"]
    header = [c.value for c in contacts[1]]
    rows = [{h: c for h, c in zip(header, row, strict=True)} for row in contacts.iter_rows(min_row=2, max_row=4)]
    assert rows[0]["text_ru"].data_type == "s" and rows[0]["text_ru"].value == FORMULA
    assert rows[1]["text_ru"].value == "Визит делегации" and rows[2]["text_ru"].value == TWO_LINES
    assert isinstance(rows[0]["date_start"].value, datetime.datetime)
    cities = workbook["cities"]
    lat = [c.value for c in cities[2]][[c.value for c in cities[1]].index("lat")]
    assert isinstance(lat, float)
    about = dict(row for row in workbook[ABOUT_SHEET].iter_rows(values_only=True))
    assert about[t("export.about.source", "ru")] == "Сайт мэрии Казани"


def test_zip_of_files_that_fail_validation_still_builds(data_dir) -> None:
    (data_dir / "cities.csv").write_bytes(b"\x98\x98 not a table")
    archive = zipfile.ZipFile(io.BytesIO(export_zip(data_dir, "ru")))
    assert archive.read("cities.csv") == b"\x98\x98 not a table"


# ------------------------------------------------------------------ the calendar


def test_calendar_text_goes_through_the_markup_sanitiser(dataset) -> None:
    """A partner name with a control character: the .ics holds the name without it (RFC 5545 TEXT forbids
    control characters), and it parses back."""
    cities = dataset.cities.copy()
    cities.loc[cities["city_id"] == "hebron", "name_en"] = "Heb\x01ron =1+1"
    health = pd.DataFrame(
        {
            "city_id": ["hebron"],
            "status": ["dormant"],
            "status_cause": ["dormant"],
            "trend_recent": [0],
            "trend_previous": [0],
            "last_contact": pd.to_datetime(["2020-01-01"]),
            "years_since_last": [6.0],
        }
    )
    items = [i for i in plan(dataset, datetime.date(2026, 1, 15), health=health) if i.city_id == "hebron"]
    assert items
    data = to_ics(items, "en", cities, datetime.date(2026, 1, 15))
    assert b"\x01" not in data
    summaries = [str(e["summary"]) for e in Calendar.from_ical(data).walk("VEVENT")]
    assert any("Hebron =1+1" in s for s in summaries), summaries
