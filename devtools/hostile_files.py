"""Hostile and odd upload files, built compactly in memory (issue 21): shared by tests/test_import_limits.py and
benchmarks/imports.py, so the suite and the benchmark measure the same files and the repository ships none."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

import openpyxl

SHEET_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_END = b"</sheetData></worksheet>"


def workbook_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_member(data: bytes, name: str, chunks: Iterable[bytes], compresslevel: int = 1) -> bytes:
    """The workbook `data` with the zip member `name` replaced by the concatenated `chunks`, streamed into the zip
    (a 300 MB part never exists in memory at once)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        with target.open(name, "w", force_zip64=True) as member:
            for chunk in chunks:
                member.write(chunk)
    return out.getvalue()


def shared_strings_bomb(megabytes: int = 300) -> bytes:
    """Under 1 MB on disk, one shared string of `megabytes` MB inside (the issue's 293 KB holding a 300 MB cell)."""
    base = workbook_bytes([["city_id", "text_ru"], ["tehran", "x"]])
    header = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"><si><t>'
    )
    return with_member(
        base, "xl/sharedStrings.xml", [header, *[b"A" * (1024 * 1024)] * megabytes, b"</t></si></sst>"], compresslevel=9
    )


def two_million_rows() -> bytes:
    """A sheet of 2,000,000 one-cell rows (the issue's 816 KB workbook that cost 170 s of CPU)."""
    rows = (b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 10_000 for _ in range(200))
    return with_member(
        workbook_bytes([["city_id", "text_ru"]]), "xl/worksheets/sheet1.xml", [SHEET_NS, *rows, SHEET_END]
    )


def far_row_sheet(row: int = 2_000_000) -> bytes:
    """A header and one cell declared at row `row`: a few hundred bytes, and openpyxl yields every row between."""
    return with_member(
        workbook_bytes([["city_id", "text_ru"]]),
        "xl/worksheets/sheet1.xml",
        [
            SHEET_NS + b'<row r="1"><c r="A1" t="inlineStr"><is><t>city_id</t></is></c><c r="B1" t="inlineStr"><is>'
            b"<t>text_ru</t></is></c></row>"
            + f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
            + SHEET_END
        ],
    )


def wide_csv(columns: int = 10_000) -> bytes:
    return (",".join(f"c{i}" for i in range(columns)) + "\n" + ",".join("1" * columns) + "\n").encode()
