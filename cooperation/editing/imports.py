"""Import of new contacts from an uploaded CSV or Excel file: a preview of every row as it would be
written, each with its problems numbered as the file shows them, then one save of the valid rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cooperation import uploads
from cooperation.editing.problems import FIRST_DATA_ROW, EditError, Problem, check_dataset, date_mistake, parse_date
from cooperation.editing.saving import SaveResult, Snapshot, next_label, open_table, save_table
from cooperation.i18n import format_period
from cooperation.ingest.classify import classify
from cooperation.ingest.partners import contact_id
from cooperation.schemas import TABLES

# The columns an imported file of contacts must have; the others are filled in (see `_complete_contact`).
IMPORT_REQUIRED: tuple[str, ...] = ("city_id", "text_ru")
# The import's row limit (`uploads.Limits`), here so a test can lower it.
MAX_IMPORT_ROWS = uploads.LIMITS.rows


@dataclass(frozen=True)
class ImportPreview:
    """The rows of an uploaded file as they would be written, each with its problems (file row numbers).

    `problems` is keyed by position in `rows`; `sheet_rows` holds each row's number as the file shows it;
    `cleaned` says which cells lost invisible control characters on the way in.
    """

    rows: pd.DataFrame
    problems: dict[int, list[Problem]]
    file_problems: list[Problem]
    ignored_columns: list[str]
    cleaned: list[Problem] = field(default_factory=list)
    sheet_rows: list[int] = field(default_factory=list)

    @property
    def valid(self) -> pd.DataFrame:
        if self.file_problems:
            return self.rows.iloc[0:0]
        return self.rows[[not self.problems.get(i) for i in range(len(self.rows))]]

    @property
    def undated(self) -> list[int]:
        """File row numbers of the valid rows that have no date: imported only when the user confirms."""
        valid = self.valid
        return [self.sheet_rows[i] for i in valid.index if not valid.at[i, "date_start"]] if self.sheet_rows else []


def _upload(data: bytes, filename: str) -> uploads.UploadTable:
    limits = uploads.Limits(rows=MAX_IMPORT_ROWS)
    try:
        return uploads.read_upload(data, filename, limits)
    except uploads.UploadRefused as refused:
        raise EditError([Problem(refused.key, refused.params, filename, refused.row, refused.column)]) from None


def read_upload(data: bytes, filename: str) -> pd.DataFrame:
    """A CSV (any of Excel's Russian-locale variants, or KOI8-R, CP866, MacCyrillic, UTF-16) or the first sheet of
    a workbook, all cells as text, indexed by the file's row numbers; within `uploads.Limits`, or EditError."""
    return _upload(data, filename).frame


def _complete_contact(
    row: dict[str, str], partner_ru: str, filename: str, line: int
) -> tuple[dict[str, str], list[Problem], set[str]]:
    """Fill what a staff member's file may leave out the way the ingest would: classification from the text,
    the content-hash id, the date as written, and the file and row it came from.

    Returns the row, the problems of the cells as typed (a date that does not exist, quoted as typed), and the
    columns filled in here: a problem in those is a consequence of another cell's problem, not a second cause.
    """
    problems: list[Problem] = []
    derived = {
        c
        for c in (
            "contact_id",
            "date_end",
            "date_precision",
            "date_text",
            "venue",
            "format",
            "spheres",
            "source_file",
            "source_line",
        )
        if not row.get(c)
    }
    for column in ("date_start", "date_end"):
        typed = row.get(column, "")
        if typed:
            mistake = date_mistake(typed)
            if mistake:
                problems.append(Problem(mistake.key, mistake.params, filename, line, column, mistake.translated))
            else:
                row[column] = parse_date(typed).isoformat()  # type: ignore[union-attr]
    start_ok = bool(row["date_start"]) and not any(p.column == "date_start" for p in problems)
    if start_ok and not row["date_end"]:
        row["date_end"] = row["date_start"]
    if start_ok and not row.get("date_precision"):
        row["date_precision"] = "day"
    if not (row.get("venue") and row.get("format") and row.get("spheres")) and row["text_ru"]:
        found = classify(row["text_ru"], partner_ru)
        defaults = {
            "venue": found.venue,
            "venue_city": found.venue_city,
            "format": found.format,
            "spheres": "|".join(found.spheres),
        }
        row.update({k: v for k, v in defaults.items() if not row.get(k)})
    if not row.get("date_text") and start_ok and not problems:
        start, end = datetime.date.fromisoformat(row["date_start"]), datetime.date.fromisoformat(row["date_end"])
        if start <= end:
            row["date_text"] = format_period(start, end, row.get("date_precision") or "day", "ru")
    if not row.get("contact_id") and row["city_id"] and row["text_ru"]:
        row["contact_id"] = contact_id(row["city_id"], row["text_ru"])
    row["source_file"] = row.get("source_file") or filename
    row["source_line"] = row.get("source_line") or str(line)
    return row, problems, derived


def _as_upload_problem(problem: Problem, filename: str, sheet_rows: list[int], offset: int) -> Problem:
    """A problem of the combined table, told in the uploaded file's rows; a repeated entry says which row it
    repeats, in this file or in contacts.csv."""
    position = problem.row - offset  # type: ignore[operator]
    params = dict(problem.params)
    key = problem.key
    first = int(params.get("first_row", 0) or 0)
    if first >= offset:
        params["first_row"] = str(sheet_rows[first - offset])
        key = {
            "edit.problem.duplicate_entry": "edit.problem.duplicate_entry_in_file",
            "edit.problem.duplicate": "edit.problem.duplicate_in_file",
        }.get(key, key)
    return Problem(key, params, filename, sheet_rows[position], problem.column, problem.translated)


def preview_import(data: bytes, filename: str, data_dir: Path) -> ImportPreview:
    """Every row of an uploaded file of contacts checked against the dataset as it is; nothing is written.

    Never raises on any upload: a file refused by a limit, a malformed workbook or an unclear encoding comes back
    as a file problem, so the page stays usable while the file sits in the uploader.
    """
    columns = TABLES["contacts"].columns
    try:
        table = _upload(data, filename)
    except EditError as exc:
        return ImportPreview(pd.DataFrame(columns=columns), {}, exc.problems, [])
    upload = table.frame
    cleaned = [
        Problem("edit.notice.cleaned", {"chars": c.characters}, filename, c.row, c.column) for c in table.cleaned
    ]
    missing = [c for c in IMPORT_REQUIRED if c not in upload.columns]
    ignored = [c for c in upload.columns if c not in columns]
    problems = [Problem("edit.problem.column_missing", {}, filename, None, c) for c in missing]
    if upload.empty and not missing:
        problems.append(Problem("edit.problem.no_rows", {}, filename))
    if problems:
        return ImportPreview(pd.DataFrame(columns=columns), {}, problems, ignored, cleaned)
    try:
        existing = open_table(data_dir, "contacts").frame
        cities = open_table(data_dir, "cities").frame
    except EditError as exc:  # the dataset itself is unreadable: nothing can be checked against it
        return ImportPreview(pd.DataFrame(columns=columns), {}, exc.problems, ignored, cleaned)
    # Only a hint for classifying the text; a broken cities.csv is reported by the check below.
    partner_ru = dict(zip(cities.get("city_id", []), cities.get("name_ru", [])))
    sheet_rows = [int(n) for n in upload.index]
    completed = [
        _complete_contact(
            {c: record.get(c, "") for c in columns}, partner_ru.get(record["city_id"], ""), filename, line
        )
        for line, record in zip(sheet_rows, upload.to_dict("records"))
    ]
    rows = pd.DataFrame([row for row, _, _ in completed], columns=columns)
    found: dict[int, list[Problem]] = {i: list(own) for i, (_, own, _) in enumerate(completed) if own}
    combined = pd.concat([existing, rows], ignore_index=True).fillna("").astype(str)
    file_problems = []
    offset = len(existing) + FIRST_DATA_ROW
    for problem in check_dataset(data_dir, {"contacts": combined}):
        if problem.file == TABLES["contacts"].file and problem.row is not None and problem.row >= offset:
            position = problem.row - offset
            if any(
                p.column == problem.column or (p.column and problem.column is None) for p in found.get(position, [])
            ):
                continue  # a cell already named as typed; "start after end" repeats a date that is no date
            found.setdefault(position, []).append(_as_upload_problem(problem, filename, sheet_rows, offset))
        else:
            file_problems.append(problem)
    for position, listed in found.items():
        derived = completed[position][2]
        if any(p.column not in derived for p in listed):  # a consequence of another cell's problem is not shown
            found[position] = [p for p in listed if p.column not in derived]
    return ImportPreview(rows, found, file_problems, ignored, cleaned, sheet_rows)


def import_rows(data_dir: Path, snapshot: Snapshot, rows: pd.DataFrame, who: str) -> SaveResult:
    """Append the previewed valid rows, re-validated at save time; one failing row means nothing is written."""
    start = next_label(snapshot.frame)
    new = rows.reindex(columns=snapshot.frame.columns).fillna("").astype(str)
    new.index = range(start, start + len(new))
    return save_table(data_dir, snapshot, pd.concat([snapshot.frame, new]), who, "import")
