"""Imports of hostile and odd files (issue 21): limits checked while reading, malformed workbooks, encodings,
control characters. Every hostile file is built here, compactly, so the suite ships no large fixture."""

from __future__ import annotations

import codecs
import time
import tracemalloc

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cooperation import editing, uploads
from cooperation.loading import load_dataset
from cooperation.paths import ROOT
from devtools.hostile_files import (
    far_row_sheet,
    shared_strings_bomb,
    two_million_rows,
    wide_csv,
    with_member,
    workbook_bytes,
)

TEXT = "Делегация Тегерана посетила выставку Шёлковый путь в Казани: Ёлка, ЮНЕСКО и 15-летие побратимства."
SECOND = "Юные спортсмены Харбина сыграли с казанскими школьниками, встреча прошла онлайн."


def refused(data: bytes, filename: str) -> uploads.UploadRefused:
    with pytest.raises(uploads.UploadRefused) as caught:
        uploads.read_upload(data, filename)
    return caught.value


def contacts_csv(*rows: tuple[str, str], sep: str = ";") -> str:
    return f"city_id{sep}date_start{sep}text_ru\n" + "".join(f"{c}{sep}04.05.2025{sep}{t}\n" for c, t in rows)


# --- limits ---------------------------------------------------------------------------------------------------


def test_a_zip_bomb_of_shared_strings_is_refused_before_it_is_inflated(monkeypatch):
    """293 KB holding a 300 MB cell took 60 s and 3.5 GB: the declared unpacked size is checked first."""
    bomb = shared_strings_bomb(300)
    assert len(bomb) < 1024 * 1024, "a small upload"
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("parsed before the size check"))
    tracemalloc.start()
    started = time.perf_counter()
    problem = refused(bomb, "bomb.xlsx")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert problem.key == "edit.problem.too_big_unpacked" and float(problem.params["size"]) >= 300
    assert problem.params["limit"] == "20"
    assert elapsed < 2 and peak < 20 * 1024 * 1024, (elapsed, peak)


def test_a_two_million_row_sheet_is_refused_without_parsing_it():
    """816 KB with 2,000,000 rows cost 170 s of CPU: its sheet unpacks past the byte limit, refused at once."""
    sheet = two_million_rows()
    started = time.perf_counter()
    problem = refused(sheet, "rows.xlsx")
    assert problem.key == "edit.problem.too_big_unpacked"
    assert time.perf_counter() - started < 2


def test_rows_past_the_limit_stop_the_reading_there():
    """A sheet that declares row 2,000,000 (openpyxl fills the gap with empty rows) and a sheet of real rows:
    both stop at the first row past the limit, so reading never costs more than the limit."""
    far = far_row_sheet(2_000_000)
    started = time.perf_counter()
    problem = refused(far, "far.xlsx")
    assert (problem.key, problem.row) == ("edit.problem.too_many_rows", uploads.LIMITS.rows + 2)
    assert time.perf_counter() - started < 5

    many = workbook_bytes([["city_id", "text_ru"], *[["tehran", f"запись {i}"] for i in range(5001)]])
    problem = refused(many, "many.xlsx")
    assert (problem.key, problem.row, problem.params) == ("edit.problem.too_many_rows", 5002, {"limit": "5000"})
    text = contacts_csv(*[("tehran", f"запись {i}") for i in range(5001)])
    problem = refused(text.encode(), "many.csv")
    assert (problem.key, problem.row) == ("edit.problem.too_many_rows", 5002)
    exactly = contacts_csv(*[("tehran", f"запись {i}") for i in range(5000)])
    assert len(uploads.read_upload(exactly.encode(), "ok.csv").frame) == 5000


def test_a_ten_thousand_column_csv_is_refused_at_its_header():
    problem = refused(wide_csv(10_000), "wide.csv")
    assert (problem.key, problem.row, problem.params) == ("edit.problem.too_many_columns", 1, {"limit": "50"})
    wide_sheet = workbook_bytes([["city_id", "text_ru", *[None] * 60, "far"]])
    assert refused(wide_sheet, "wide.xlsx").key == "edit.problem.too_many_columns"


def test_an_empty_styled_cell_far_right_is_not_a_column():
    base = workbook_bytes([["city_id", "text_ru"], ["tehran", TEXT]])
    sheet = with_member(
        base,
        "xl/worksheets/sheet1.xml",
        [
            (
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>city_id</t></is></c>'
                b'<c r="B1" t="inlineStr"><is><t>text_ru</t></is></c><c r="XFD1" s="0"/></row>'
                b'<row r="2"><c r="A2" t="inlineStr"><is><t>tehran</t></is></c></row>'
                b"</sheetData></worksheet>"
            )
        ],
    )
    frame = uploads.read_upload(sheet, "styled.xlsx").frame
    assert list(frame.columns) == ["city_id", "text_ru"] and frame.loc[2, "city_id"] == "tehran"


@pytest.mark.parametrize("length", [10_001, 200_000])
def test_a_cell_longer_than_the_limit_is_named_with_its_row_and_column(length):
    data = contacts_csv(("tehran", TEXT), ("harbin", "я" * length)).encode()
    problem = refused(data, "long.csv")
    assert (problem.key, problem.row, problem.params["limit"]) == ("edit.problem.cell_too_long", 3, "10000")
    if length < 131_072:  # past the csv module's own field limit the column is not known
        assert problem.column == "text_ru"
    sheet = workbook_bytes([["city_id", "text_ru"], ["tehran", "я" * 10_001]])
    assert (refused(sheet, "long.xlsx").key, refused(sheet, "long.xlsx").column) == (
        "edit.problem.cell_too_long",
        "text_ru",
    )


def test_a_csv_over_the_byte_limit_is_refused_before_decoding():
    data = b"city_id,text_ru\n" + b"tehran,x\n" * (2_400_000)
    problem = refused(data, "big.csv")
    assert problem.key == "edit.problem.too_big" and problem.params["limit"] == "20"


def test_every_limit_is_stated_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    limits = uploads.LIMITS
    for stated in ("20 MB", "5,000 rows", "50 columns", "10,000 characters"):
        assert stated in readme, stated
    assert (limits.bytes, limits.rows, limits.columns, limits.cell_chars) == (20 * uploads.MB, 5000, 50, 10_000)


# --- malformed workbooks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, key",
    [
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c><v>1</v></row>", "edit.problem.workbook_broken"),
        ("xl/workbook.xml", b"<workbook><sheets><sheet name=", "edit.problem.workbook_broken"),
        ("xl/styles.xml", b"\x00\x01 not xml", "edit.problem.workbook_broken"),
        (
            "xl/worksheets/sheet1.xml",
            (
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>'
            ),
            "edit.problem.workbook_broken",
        ),  # a shared string that is not there
        ("[Content_Types].xml", b"<Types/>", "edit.problem.workbook_broken"),
    ],
)
def test_a_malformed_workbook_is_refused_with_a_message(data_dir, name, content, key):
    data = with_member(workbook_bytes([["city_id", "text_ru"], ["tehran", TEXT]]), name, [content])
    preview = editing.preview_import(data, "broken.xlsx", data_dir)
    assert [p.key for p in preview.file_problems] == [key]
    for problem in preview.file_problems:
        assert problem.message("ru") and problem.message("en") and "Traceback" not in problem.message("en")
    assert preview.valid.empty


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 cut short", b"city_id,text_ru\ntehran,x\n", bytes(range(256))])
def test_what_is_not_a_zip_is_not_a_workbook(data_dir, data):
    preview = editing.preview_import(data, "named.xlsx", data_dir)
    assert [p.key for p in preview.file_problems] == ["edit.problem.not_a_workbook"]
    assert "xlsx" in preview.file_problems[0].message("en")


def test_the_data_page_stays_usable_with_a_malformed_workbook_in_the_uploader(data_dir, monkeypatch, editors):
    import harness
    from fixture_data import EDITOR_NAME, EDITOR_PASSWORD

    from cooperation.i18n import t
    from cooperation.loading import DATA_DIR_ENV
    from cooperation.ui.registry import BY_KEY

    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = harness.run("data_import", lang="en")
    at.text_input(key="signin_name").input(EDITOR_NAME)
    at.text_input(key="signin_secret").input(EDITOR_PASSWORD)
    at.button(key="signin_submit").click().run()
    broken = with_member(workbook_bytes([["city_id", "text_ru"]]), "xl/worksheets/sheet1.xml", [b"<worksheet><row>"])
    assert t("data.import_limits", "en", size=20, rows="5,000", columns=50, chars="10,000") in [
        c.value for c in at.caption
    ], "the limits are stated where the file is chosen"
    at.get("file_uploader")[0].set_value(("broken.xlsx", broken, "application/octet-stream"))
    at.run()
    for _ in range(2):  # the file stays in the uploader while the user clicks elsewhere
        assert not at.exception, [e.value for e in at.exception]
        assert "The file cannot be imported:" in [e.value for e in at.error]
        assert any("the workbook is damaged" in m.value for m in at.markdown)
        at.run()
    at.switch_page(BY_KEY["data_add"].path).run()
    at.button(key="ct_submit").click().run()
    assert any(m.value.startswith("- Choose a city.") for m in at.markdown), "the other tabs still work"


# --- encodings ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding",
    [
        "utf-8",
        "utf-8-sig",
        "cp1251",
        "koi8_r",
        "cp866",
        "mac_cyrillic",
        "utf-16",
        "utf_16_le",
        "utf_16_be",
        "iso8859_5",
    ],
)
def test_each_cyrillic_encoding_is_read_as_written(data_dir, encoding):
    text = contacts_csv(("tehran", TEXT), ("harbin", SECOND))
    table = uploads.read_upload(text.encode(encoding), "contacts.csv")
    assert table.frame["text_ru"].tolist() == [TEXT, SECOND]
    assert list(table.frame.columns) == ["city_id", "date_start", "text_ru"], "column names not garbled"
    preview = editing.preview_import(text.encode(encoding), "contacts.csv", data_dir)
    assert preview.rows["text_ru"].tolist() == [TEXT, SECOND] and not preview.file_problems


def test_a_stored_import_in_koi8_r_is_not_mojibake(data_dir):
    data = contacts_csv(("tehran", TEXT)).encode("koi8_r")
    preview = editing.preview_import(data, "koi8.csv", data_dir)
    editing.import_rows(data_dir, editing.open_table(data_dir, "contacts"), preview.valid, "Анна")
    assert TEXT in set(load_dataset(data_dir).contacts["text_ru"])


def test_an_ambiguous_encoding_is_refused_not_guessed():
    """«да» in KOI8-R is «ДБ» in Windows-1251 (KOI8-R's small letters sit where Windows-1251 has its capitals):
    both read as words, so the file is refused, naming both, rather than guessed."""
    problem = refused("city_id,text_ru\nharbin,да\n".encode("koi8_r"), "short.csv")
    assert problem.key == "edit.problem.encoding_ambiguous"
    assert {"KOI8-R", "Windows-1251"} <= set(problem.params["encodings"].split(", "))
    assert "UTF-8" in editing.Problem(problem.key, problem.params).message("en")
    longer = "city_id,text_ru\nharbin,Да делегация приехала\n".encode("koi8_r")
    assert uploads.read_upload(longer, "longer.csv").frame.loc[2, "text_ru"] == "Да делегация приехала"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
        bytes(range(256)) * 4,
        b"\x00" * 4000,
        b"\x7fELF\x02\x01\x01" + bytes(1000),
    ],
)
def test_binary_garbage_gets_a_clear_message(data_dir, data):
    preview = editing.preview_import(data, "garbage.csv", data_dir)
    assert [p.key for p in preview.file_problems] == ["edit.problem.binary"]
    assert preview.file_problems[0].message("en") == (
        "garbage.csv: the file does not look like a text table (binary data) — save the table as CSV (UTF-8) or as "
        "an Excel workbook"
    )
    assert "decode" not in preview.file_problems[0].message("ru")


def test_a_bom_that_lies_is_refused():
    assert refused(codecs.BOM_UTF8 + "текст".encode("cp1251"), "x.csv").key == "edit.problem.encoding_unknown"


# --- control characters ------------------------------------------------------------------------------------------

HOSTILE = {
    "NUL": "\x00",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "LINE SEPARATOR": "\u2028",
    "RIGHT-TO-LEFT OVERRIDE": "\u202e",
    "ZERO WIDTH NO-BREAK SPACE": "\ufeff",
    "LEFT-TO-RIGHT ISOLATE": "\u2066",
}


@pytest.mark.parametrize("name, character", HOSTILE.items())
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_control_characters_are_removed_and_named(data_dir, name, character, suffix):
    dirty = f"Визит{character} делегации в Казань."
    rows = [["city_id", "text_ru"], ["tehran", dirty]]
    if suffix == ".csv":
        data = "\n".join(",".join(r) for r in rows).encode("utf-8")
    else:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if ILLEGAL_CHARACTERS_RE.search(character):  # openpyxl cannot even write these into a workbook
            return
        data = workbook_bytes(rows)
    preview = editing.preview_import(data, f"dirty{suffix}", data_dir)
    text = preview.rows.loc[0, "text_ru"]
    expected = "Визит\n делегации в Казань." if character == "\u2028" else "Визит делегации в Казань."
    assert text == expected and not uploads.CONTROL.search(text)
    [notice] = preview.cleaned
    assert (notice.row, notice.column) == (2, "text_ru") and name in notice.params["chars"]
    assert name in notice.message("en") and name in notice.message("ru")


def test_tab_and_newline_are_kept():
    table = uploads.read_upload(b'city_id,text_ru\ntehran,"a\tb\nc"\n', "x.csv")
    assert table.frame.loc[2, "text_ru"] == "a\tb\nc" and not table.cleaned


def test_a_save_with_control_characters_is_refused_and_named(data_dir):
    """Forms and the grid are refused (nothing written) rather than stored: the editor's name included."""
    before = (data_dir / "agreement_statuses.csv").read_bytes()
    agreement = load_dataset(data_dir).agreements["agreement_id"][0]
    row = editing.status_row(
        agreement_id=agreement,
        status="active",
        status_date=pd.Timestamp("2024-01-01").date(),
        source="letter\x1b[31m",
        note="",
        who="Анна\u202e",
    )
    with pytest.raises(editing.EditError) as caught:
        editing.add_row(data_dir, editing.open_table(data_dir, "agreement_statuses"), row, "Анна")
    messages = sorted(p.message("en") for p in caught.value.problems)
    assert messages == [
        (
            "agreement_statuses.csv, row 2, column “recorded_by”: holds invisible control characters "
            "(U+202E RIGHT-TO-LEFT OVERRIDE) — remove them"
        ),
        (
            "agreement_statuses.csv, row 2, column “source” (Source): holds invisible control characters (U+001B ESC) "
            "— remove them"
        ),
    ]
    assert (data_dir / "agreement_statuses.csv").read_bytes() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_workbook_with_bytes_flipped_anywhere_is_read_or_refused_never_raises(data_dir, cuts):
    data = bytearray(GOOD_WORKBOOK)
    for position, value in cuts:
        data[position % len(data)] = value
    try:
        table = uploads.read_upload(bytes(data), "flipped.xlsx")
    except uploads.UploadRefused as refusal:
        assert editing.Problem(refusal.key, refusal.params).message("ru")
    else:
        assert isinstance(table.frame, pd.DataFrame)


GOOD_WORKBOOK = workbook_bytes(
    [["city_id", "date_start", "text_ru"], ["tehran", "04.05.2025", TEXT], ["harbin", "2025-03-14", SECOND]]
)
