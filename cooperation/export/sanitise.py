"""The two sanitisers every downloadable file goes through: one for spreadsheet cells, one for markup text.

Why two and only two. A spreadsheet (CSV or XLSX) and a markup document (DOCX, HTML, iCalendar) fail in
different ways on the same scraped text, but each kind must fail the same way in every file:

- Spreadsheets run a cell as a formula when it begins with `=`, `+`, `-` or `@`, and Excel also when it
  begins with a tab or a carriage return (OWASP, "CSV injection"). A CSV cell gets a leading apostrophe,
  which Excel and LibreOffice read as "this is text" and do not show; an XLSX cell is written as a string
  cell, which no spreadsheet evaluates, so it keeps its text unchanged. A cell that is a plain number
  ("-5", "-12.5") is a number to every spreadsheet, never a formula, and is left alone.
- XML 1.0 forbids most control characters (openpyxl raises `IllegalCharacterError`, python-docx a
  `ValueError`) and iCalendar's TEXT forbids them too, so they are removed everywhere, in spreadsheets as
  well: the same cell reads the same in the CSV and in the workbook. Tab, line feed and carriage return stay.
- Every format has a length limit: a spreadsheet cell holds 32,767 characters, a DOCX core property 255.
  Longer values are cut with an ellipsis (`clip`) instead of making the file fail.
"""

from __future__ import annotations

import html
import re

import pandas as pd

# Characters XML 1.0 cannot hold (tab, LF and CR excepted), plus the two non-characters U+FFFE and U+FFFF
# and lone surrogates, which no encoder writes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
ELLIPSIS = "…"
# Excel's limit on the characters in one cell (the same in a CSV it opens and in a workbook).
SPREADSHEET_CELL_LIMIT = 32_767


def is_missing(value: object) -> bool:
    """None, NaN, NaT and pd.NA: what pandas gives for an empty cell, which a file shows as empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def markup_text(value: object, limit: int | None = None) -> str:
    """Text fit for XML, HTML and iCalendar: forbidden characters removed, a missing value empty, cut to
    `limit` characters if given. HTML escaping is `html_text`, on top of this."""
    text = "" if is_missing(value) else _NOT_XML.sub("", str(value))
    return clip(text, limit) if limit is not None else text


def html_text(value: object) -> str:
    """`markup_text` escaped for HTML text and attribute values (quotes included)."""
    return html.escape(markup_text(value), quote=True)


def needs_text_marker(text: str) -> bool:
    """True for a cell a spreadsheet would run as a formula: it begins with a trigger and is not a number."""
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(text)


def _spreadsheet_text(text: str) -> str:
    return clip(_NOT_XML.sub("", text), SPREADSHEET_CELL_LIMIT - 1)


def csv_cell(value: object) -> object:
    """One CSV cell: text cleaned and, when a spreadsheet would run it, led by an apostrophe; a missing value
    empty (never "<NA>" or "nan"); numbers, booleans and dates unchanged (they cannot be formulas)."""
    if is_missing(value):
        return ""
    if not isinstance(value, str):
        return value
    text = _spreadsheet_text(value)
    return "'" + text if needs_text_marker(text) else text


def xlsx_cell(value: object) -> object:
    """One workbook cell's value: text cleaned (the caller writes it as a string cell, see `as_text_cells`),
    a missing value None, a timestamp a naive date or datetime, numpy scalars as Python numbers."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        return _spreadsheet_text(value)
    if isinstance(value, pd.Timestamp):
        plain = value.tz_localize(None) if value.tzinfo is not None else value
        return plain.date() if plain == plain.normalize() else plain.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell through `csv_cell`; numeric columns pass as they are."""
    clean = frame.copy()
    for column in clean.columns:
        series = clean[column]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            continue
        clean[column] = series.astype(object).map(csv_cell)
    clean.columns = [csv_cell(str(c)) for c in clean.columns]
    return clean


def as_text_cells(worksheet) -> None:
    """Text that looks like a formula stays text: openpyxl types a string that begins with "=" as a
    formula, and a formula from a website must never run when the workbook is opened."""
    for row in worksheet.iter_rows():
        for xl_cell in row:
            if xl_cell.data_type == "f":
                xl_cell.data_type = "s"
