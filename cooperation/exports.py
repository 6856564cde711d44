"""Downloadable copies of a table: exactly the rows shown, with the lines that say what they are and whence."""
from __future__ import annotations

import io

import pandas as pd


def table_csv(frame: pd.DataFrame, notes: list[str]) -> bytes:
    """UTF-8 with BOM (Excel opens it with the right encoding); the notes come first, as comment lines."""
    header = "".join(f"# {note}\n" for note in notes)
    return ("\ufeff" + header + frame.to_csv(index=False, lineterminator="\n")).encode("utf-8")


def table_xlsx(frame: pd.DataFrame, notes: list[str], sheet: str, notes_title: str) -> bytes:
    """The table on the first sheet, the notes on a second one, so the data sheet stays a clean table."""
    buffer = io.BytesIO()
    plain = frame.copy()
    for column in plain.select_dtypes(include=["datetimetz"]).columns:
        plain[column] = plain[column].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        plain.to_excel(writer, index=False, sheet_name=sheet[:31] or "data")
        pd.DataFrame({notes_title: notes}).to_excel(writer, index=False, sheet_name="about")
        for worksheet in writer.book.worksheets:
            _no_formulas(worksheet)
    return buffer.getvalue()


def _no_formulas(worksheet) -> None:
    """Text that begins with '=' stays text: a cell from a website must never run as a formula in Excel."""
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
