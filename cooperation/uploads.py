"""Read a file a staff member uploads (CSV or Excel) into text cells — within limits checked while reading.

Why each part exists (issue 21, found by probing the import):
- Limits are checked before memory is spent, not after parsing: an .xlsx is a zip, so the uncompressed sizes its
  directory declares are summed before openpyxl opens anything (Python's zip reader never inflates a member past
  its declared size, so the declaration cannot lie); the sheet is then streamed in read-only mode and reading
  stops at the first row past the row limit, the first row wider than the column limit, the first cell longer
  than the cell limit. A 293 KB workbook holding a 300 MB cell, or 816 KB holding 2,000,000 rows, is refused in
  milliseconds instead of costing a minute and gigabytes.
- A malformed workbook (not a zip, broken XML, a missing part) is refused with a message, never an exception:
  the Data page reruns on every click while the file sits in the uploader.
- Text that is not UTF-8 is decoded by charset-normalizer among the Cyrillic encodings Russian offices meet
  (Windows-1251, KOI8-R, CP866, MacCyrillic, ISO 8859-5, UTF-16). Candidates it finds plausible are told apart
  by the shape of the words they produce (mojibake mixes cases and symbols inside words); when two different
  readings remain equally good, the file is refused as ambiguous rather than stored as mojibake.
- Control characters other than tab and newline (NUL, ESC, DEL, C1 codes, bidirectional overrides, the byte
  order mark inside text) are removed, and U+2028/U+2029 and carriage returns become newlines; every cell so
  cleaned is reported, so nothing changes without a word.

Row numbers are the spreadsheet's: the header is row 1, an empty line is a row, a quoted cell spanning lines is
one row; the returned frame's index holds them.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import charset_normalizer
import openpyxl
import pandas as pd

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one import may hold; a bigger batch is split by the user (the message says so)."""

    bytes: int = 20 * MB  # the file after decompression (CSV: as uploaded; .xlsx: every zip member inflated)
    rows: int = 5000  # data rows below the header; pandera types a failing value in about a millisecond
    columns: int = 50  # contacts.csv has 14; room for a few columns of the user's own
    cell_chars: int = 10_000  # the longest cell in the bundled data is 2,432 characters
    zip_members: int = 1000  # a real workbook has a dozen parts


LIMITS = Limits()
EXCEL_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm")
# The codecs a Russian office's file may be in (charset-normalizer's names); UTF-8 for a file with a stray NUL.
CYRILLIC_ENCODINGS: tuple[str, ...] = (
    "utf_8",
    "cp1251",
    "koi8_r",
    "cp866",
    "mac_cyrillic",
    "iso8859_5",
    "utf_16_le",
    "utf_16_be",
)
ENCODING_NAMES: Mapping[str, str] = {
    "utf_8": "UTF-8",
    "cp1251": "Windows-1251",
    "koi8_r": "KOI8-R",
    "cp866": "CP866 (DOS)",
    "mac_cyrillic": "MacCyrillic",
    "iso8859_5": "ISO 8859-5",
    "utf_16_le": "UTF-16",
    "utf_16_be": "UTF-16",
    "utf_16": "UTF-16",
}
# Line breaks other than "\n": turned into "\n".
LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
# Invisible characters that change how text is shown or parsed: C0/C1 controls but tab and newline, DEL,
# bidirectional embeddings, overrides and isolates (which reorder what follows them), the byte order mark,
# interlinear annotation, the Unicode line and paragraph separators. The left-to-right and right-to-left marks
# (U+200E, U+200F) are kept: they belong in Persian and Arabic names and reorder nothing.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\u2028\u2029]")
_SHORT_NAMES = {0x00: "NUL", 0x1B: "ESC", 0x7F: "DEL", 0x0D: "CR", 0x08: "BS", 0x07: "BEL", 0x0B: "VT", 0x0C: "FF"}
# A share of control characters this high means the bytes are not a text table at all (a stray NUL is cleaned).
BINARY_SHARE = 0.1


class UploadRefused(Exception):
    """The file cannot be imported; `key` and `params` say why in catalogue terms (see `cooperation.i18n`)."""

    def __init__(
        self, key: str, params: Mapping[str, str] | None = None, row: int | None = None, column: str | None = None
    ):
        self.key, self.params, self.row, self.column = key, dict(params or {}), row, column
        super().__init__(f"{key} {self.params} row={row} column={column}")


@dataclass(frozen=True)
class Cleaned:
    """A cell from which invisible characters were removed (or line separators turned into newlines)."""

    row: int
    column: str
    characters: str  # "U+0000 NUL, U+202E RIGHT-TO-LEFT OVERRIDE"


@dataclass(frozen=True)
class UploadTable:
    """The first sheet (or the CSV) as text cells, indexed by spreadsheet row number."""

    frame: pd.DataFrame
    cleaned: list[Cleaned] = field(default_factory=list)
    encoding: str = "utf-8"


def character_names(text: str) -> str:
    """The control characters in `text`, named so a user can find them: "U+202E RIGHT-TO-LEFT OVERRIDE"."""
    seen = dict.fromkeys(CONTROL.findall(text))
    return ", ".join(f"U+{ord(c):04X} {_SHORT_NAMES.get(ord(c)) or unicodedata.name(c, 'CONTROL')}" for c in seen)


def clean_cell(text: str) -> tuple[str, str]:
    """The cell without control characters, line breaks as "\\n", stripped; and the names of what was removed."""
    found = character_names(text.replace("\r", ""))  # a CR of a CRLF file is no news; U+2028 is
    cleaned = CONTROL.sub("", LINE_BREAKS.sub("\n", text)).strip()
    return cleaned, found


# --- text -----------------------------------------------------------------------------------------------------

_PUNCTUATION = ".,:;!?()[]{}\"'«»„“”‘’—–-…/\\№%*+=<>|#&@"
_LEADING_NUMBER = re.compile(r"^[\d.,\-–]+")
_CLEAN_WORD = re.compile(r"^(?:[A-ZА-ЯЁ]?[a-zа-яё]+|[A-ZА-ЯЁ]+)(?:-(?:[A-ZА-ЯЁ]?[a-zа-яё]+|[A-ZА-ЯЁ]+))*$")
_SAMPLE_CHARS = 200_000
_TOKEN_SEPARATORS = re.compile(r"[\s;,|]+")  # words, and the cells of a CSV line


def word_shape(text: str) -> float:
    """The share of words with letters beyond ASCII that look like words (one case, or a capital first).

    A wrong Cyrillic decoding mixes cases inside words (KOI8-R read as Windows-1251: «дЕКЕЦЮЖХЪ») or puts symbols
    in them (MacCyrillic capitals read as Windows-1251 become „ and ‚), so the right reading scores highest.
    """
    total = clean = 0
    for token in _TOKEN_SEPARATORS.split(text[:_SAMPLE_CHARS]):
        word = _LEADING_NUMBER.sub("", token.strip(_PUNCTUATION)).strip(_PUNCTUATION)
        if not word or word.isascii():
            continue
        total += 1
        clean += bool(_CLEAN_WORD.match(word))
    return clean / total if total else 1.0


def _binary(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    found = len(CONTROL.findall(LINE_BREAKS.sub("", sample)))
    return found >= 8 and found > BINARY_SHARE * len(sample)


def decode_text(data: bytes, limits: Limits = LIMITS) -> tuple[str, str]:
    """The text of a CSV and the encoding it was in; refused when it is not text or its encoding is unclear."""
    if len(data) > limits.bytes:
        raise UploadRefused("edit.problem.too_big", {"size": _mb(len(data)), "limit": _mb(limits.bytes)})
    text, encoding = _decoded(data)
    if _binary(text):
        raise UploadRefused("edit.problem.binary")
    return text, encoding


def _decoded(data: bytes) -> tuple[str, str]:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise UploadRefused("edit.problem.encoding_unknown") from None
    if b"\x00" not in data:  # NUL bytes are valid UTF-8, but many of them mean UTF-16 without its mark
        try:
            return data.decode("utf-8"), "utf-8"  # valid UTF-8 is almost never anything else
        except UnicodeDecodeError:
            pass
    readings: dict[str, str] = {}
    for match in charset_normalizer.from_bytes(data, cp_isolation=list(CYRILLIC_ENCODINGS)):
        readings.setdefault(str(match), match.encoding)
    if not readings:
        raise UploadRefused("edit.problem.binary")
    scored = sorted(
        ((word_shape(text), text, encoding) for text, encoding in readings.items()), key=lambda item: -item[0]
    )
    best_score, best_text, best_encoding = scored[0]
    rivals = [encoding for score, _, encoding in scored[1:] if score >= best_score - 0.05]
    if best_score < 0.5:
        raise UploadRefused("edit.problem.encoding_unknown")
    if rivals:
        names = dict.fromkeys(ENCODING_NAMES.get(e, e) for e in [best_encoding, *rivals])
        raise UploadRefused("edit.problem.encoding_ambiguous", {"encodings": ", ".join(names)})
    return best_text, best_encoding


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".rstrip("0").rstrip(".")


def _csv_records(text: str, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) per CSV record; ';' files from a Russian-locale Excel, like the loader reads them."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    row = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a cell past the csv module's own limit (131,072 characters) or a stray quote
            if "field larger than field limit" in str(exc):
                raise UploadRefused("edit.problem.cell_too_long", {"limit": str(limits.cell_chars)}, row + 1) from None
            raise UploadRefused("edit.problem.unreadable", {"message": str(exc)[:200]}, row + 1) from None
        row += 1
        yield row, record


# --- workbooks ------------------------------------------------------------------------------------------------


def _check_archive(data: bytes, limits: Limits) -> None:
    """The zip's directory, before any member is inflated: a zip at all, few members, bounded unpacked size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise UploadRefused("edit.problem.not_a_workbook") from None
    if len(members) > limits.zip_members:
        raise UploadRefused("edit.problem.workbook_broken", {"message": f"{len(members)} parts"})
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.bytes:
        raise UploadRefused("edit.problem.too_big_unpacked", {"size": _mb(unpacked), "limit": _mb(limits.bytes)})


def _excel_text(value: object) -> str:
    """A cell as text the way the CSV of the same sheet would hold it (dates ISO, whole numbers without .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _workbook_records(data: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    _check_archive(data, limits)
    # openpyxl on a hostile file raises whatever its parser meets (ParseError, KeyError, TypeError, ValueError,
    # zlib.error, …); each means the same to the user: the workbook cannot be read. This is the one boundary.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 — see above
        raise UploadRefused("edit.problem.workbook_broken", {"message": _reason(exc)}) from None
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # never trust the declared size: each row is as wide as its last cell
        rows = sheet.iter_rows(values_only=True)
        row = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 — the parser reads the sheet lazily: same boundary as above
                raise UploadRefused("edit.problem.workbook_broken", {"message": _reason(exc)}, row + 1) from None
            row += 1
            width = len(values)
            if width > limits.columns:  # only a value beyond the limit counts, not an empty styled cell
                if values[limits.columns :].count(None) != width - limits.columns:
                    raise UploadRefused("edit.problem.too_many_columns", {"limit": str(limits.columns)}, row)
                values = values[: limits.columns]
            yield row, [_excel_text(v) for v in values]
    finally:
        workbook.close()


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc)[:160]}".rstrip(": ")


# --- both -----------------------------------------------------------------------------------------------------


def read_upload(data: bytes, filename: str, limits: Limits = LIMITS) -> UploadTable:
    """The upload as text cells under `limits`; raises UploadRefused naming the limit, row and column."""
    encoding = "xlsx"
    if filename.lower().endswith(EXCEL_SUFFIXES):
        records = _workbook_records(data, limits)
    else:
        text, encoding = decode_text(data, limits)
        records = _csv_records(text, limits)
    header: list[str] | None = None
    header_row = 0
    rows: list[list[str]] = []
    numbers: list[int] = []
    cleaned: list[Cleaned] = []
    for number, cells in records:
        if header is not None and number - header_row > limits.rows:
            raise UploadRefused("edit.problem.too_many_rows", {"limit": str(limits.rows)}, number)
        if len(cells) > limits.columns and any(c.strip() for c in cells[limits.columns :]):
            raise UploadRefused("edit.problem.too_many_columns", {"limit": str(limits.columns)}, number)
        for position, value in enumerate(cells):
            if len(value) > limits.cell_chars:
                column = header[position] if header and position < len(header) else None
                raise UploadRefused("edit.problem.cell_too_long", {"limit": str(limits.cell_chars)}, number, column)
        if header is None:
            if not any(c.strip() for c in cells):
                continue
            header = [clean_cell(c)[0] or f"#{i + 1}" for i, c in enumerate(cells)]
            while header and header[-1].startswith("#") and header[-1][1:].isdigit():
                header.pop()
            header_row = number
            repeated = sorted({c for c in header if header.count(c) > 1})
            if repeated:
                raise UploadRefused("edit.problem.repeated_column", {}, number, repeated[0])
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise UploadRefused("edit.problem.overlong_row", {}, number)
        row = []
        for column, value in zip(header, [*cells, *[""] * (len(header) - len(cells))]):
            text, removed = clean_cell(value)
            if removed:
                cleaned.append(Cleaned(number, column, removed))
            row.append(text)
        rows.append(row)
        numbers.append(number)
    frame = pd.DataFrame(rows, columns=header or [], index=pd.Index(numbers, dtype="int64"), dtype=object)
    return UploadTable(frame.astype(str) if len(frame.columns) else frame, cleaned, encoding)
