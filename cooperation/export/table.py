"""Downloadable copies of a table shown on a page: exactly the rows shown, in the files an office opens.

Why these files:
- Excel in a Russian locale splits a CSV on semicolons and reads decimal commas, and guesses the encoding
  unless the file starts with a BOM; a comma-separated file opens there as one column. So the "for Excel"
  CSV is semicolon-separated, UTF-8 with a BOM, decimal commas; the plain CSV is what `csv` and pandas read
  with their defaults (comma, UTF-8, no BOM) — for scripts and for spreadsheets set to a comma.
- A CSV holds the table and nothing else (a `# …` line above the header breaks every reader). What the table
  is and whence — the coverage, the filters, the search term, the date — goes to the workbook's second sheet
  and to a small text file beside the CSVs (`about_text`), one record for all three files.
- Every cell goes through `cooperation.export.sanitise`: formula-like text is neutralised, characters a
  spreadsheet cannot hold are removed, a missing value is an empty cell.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook

from cooperation.export.sanitise import as_text_cells, csv_frame, xlsx_cell
from cooperation.i18n import format_date, format_int, t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ABOUT_SHEET = "about"


@dataclass(frozen=True)
class Provenance:
    """What a downloaded table is: the lines the files carry beside the data, already in the language."""

    lang: str
    title: str
    coverage: str
    filters: str
    search: str
    generated: datetime.date

    def lines(self, rows: int) -> list[tuple[str, str]]:
        """(label, value) pairs, the same on the workbook's "about" sheet and in the text file."""
        lang = self.lang
        return [
            (t("export.about.table", lang), self.title),
            (t("export.about.rows", lang), format_int(rows, lang)),
            (t("export.about.filters", lang), self.filters),
            (t("export.about.search", lang), self.search or t("export.about.no_search", lang)),
            (t("export.about.source", lang), self.coverage),
            (t("export.about.generated", lang), format_date(self.generated, lang)),
            (t("export.about.formulas", lang), t("export.about.formulas_note", lang)),
        ]


def table_csv(frame: pd.DataFrame) -> bytes:
    """The plain CSV: comma, UTF-8 without a BOM, LF; what `csv.reader` and `pandas.read_csv` read as is."""
    return csv_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def table_csv_excel(frame: pd.DataFrame) -> bytes:
    """The CSV for Excel in a Russian locale: semicolon, decimal comma, UTF-8 with a BOM, CRLF."""
    text = csv_frame(frame).to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def table_xlsx(frame: pd.DataFrame, provenance: Provenance, sheet: str) -> bytes:
    """The table on the first sheet (typed: numbers stay numbers), the provenance on an "about" sheet."""
    workbook = Workbook()
    data = workbook.active
    title = sheet[:31]  # Excel's limit on a sheet name
    data.title = title if title and title != ABOUT_SHEET else "data"
    data.append([xlsx_cell(str(c)) for c in frame.columns])
    for values in frame.itertuples(index=False):
        data.append([xlsx_cell(v) for v in values])
    about = workbook.create_sheet(ABOUT_SHEET)
    for key, value in provenance.lines(len(frame)):
        about.append([xlsx_cell(key), xlsx_cell(value)])
    for worksheet in workbook.worksheets:
        as_text_cells(worksheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def about_text(provenance: Provenance, rows: int) -> bytes:
    """The text file beside the CSVs: the provenance, one "label: value" line each, UTF-8 with a BOM
    (Notepad and TextEdit then open the Cyrillic right)."""
    body = "".join(f"{key}: {value}\r\n" for key, value in provenance.lines(rows))
    return ("\ufeff" + body).encode("utf-8")


@dataclass(frozen=True)
class TableFile:
    """One download under a table: its label (a catalogue key), the file name's ending, its type and builder."""

    label_key: str
    suffix: str
    mime: str
    build: Callable[[pd.DataFrame, Provenance, str], bytes]

    def file_name(self, name: str) -> str:
        return f"{name}{self.suffix}"


# The downloads offered under every table, in the order shown.
TABLE_FILES: tuple[TableFile, ...] = (
    TableFile("export.csv_excel", "-excel.csv", "text/csv", lambda frame, _p, _n: table_csv_excel(frame)),
    TableFile("export.csv_plain", ".csv", "text/csv", lambda frame, _p, _n: table_csv(frame)),
    TableFile("export.xlsx", ".xlsx", XLSX_MIME, table_xlsx),
    TableFile(
        "export.about_file",
        "-about.txt",
        "text/plain; charset=utf-8",
        lambda frame, provenance, _n: about_text(provenance, len(frame)),
    ),
)
