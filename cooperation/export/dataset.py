"""The whole dataset to take away: every table file in a zip, or one workbook with a sheet per table.

The zip holds the files as the ingest and the Data page write them (comma, UTF-8), so they load again with
`COOPERATION_DATA_DIR`; it is built from the files on disk, so it works even when they fail validation and
the dashboard serves an older copy. The one change: a cell a spreadsheet would run as a formula is led by an
apostrophe and a control character is removed (`sanitise.csv_cell`); a file without such a cell (the bundled
data has none) is byte for byte as on disk. The workbook is built from the validated dataset the dashboard
shows, typed (numbers as numbers, dates as dates).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from cooperation import staff
from cooperation.export.sanitise import as_text_cells, csv_cell, xlsx_cell
from cooperation.export.table import ABOUT_SHEET
from cooperation.i18n import t
from cooperation.loading import Dataset, decode_csv
from cooperation.schemas import TABLES

ABOUT_FILE = "about.txt"


def _delimiter(text: str) -> str:
    """As the loader decides: a header with more semicolons than commas is a Russian-locale Excel file."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def neutralised_csv(data: bytes) -> bytes:
    """A table file with every cell through `sanitise.csv_cell` (formula-like text led by an apostrophe,
    control characters removed); a file in which that changes nothing is returned byte for byte.

    Bytes that do not decode as text are returned as they are: nothing in them can be read as a cell.
    """
    try:
        text = decode_csv(data)
    except UnicodeDecodeError:
        return data
    delimiter = _delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    clean = [[csv_cell(value) for value in row] for row in rows]
    if clean == rows:
        return data
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(clean)
    return out.getvalue().encode("utf-8")


def export_zip(data_dir: Path, lang: str) -> bytes:
    """Every table file and staff-layer file (`data/staff/`: additions, corrections, removals) present in
    `data_dir`, neutralised, and a short note on what the files are: without the staff layer a copy would lose
    what staff added and corrected."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in [*(spec.file for spec in TABLES.values()), *staff.layer_files()]:
            path = Path(data_dir) / relative
            if path.exists():
                archive.writestr(relative, neutralised_csv(path.read_bytes()))
        archive.writestr(ABOUT_FILE, ("\ufeff" + t("export.zip_about", lang) + "\r\n").encode("utf-8"))
    return buffer.getvalue()


def export_xlsx(dataset: Dataset, lang: str, coverage: str) -> bytes:
    """One sheet per table, typed, then an "about" sheet with the coverage line and how text is kept."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name in TABLES:
        frame = dataset.table(name)
        sheet = workbook.create_sheet(name[:31])
        sheet.append(list(frame.columns))
        for values in frame.itertuples(index=False):
            sheet.append([xlsx_cell(v) for v in values])
    about = workbook.create_sheet(ABOUT_SHEET)
    for key, value in (
        (t("export.about.source", lang), coverage),
        (t("export.about.formulas", lang), t("export.about.formulas_note", lang)),
    ):
        about.append([xlsx_cell(key), xlsx_cell(value)])
    for worksheet in workbook.worksheets:
        as_text_cells(worksheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
