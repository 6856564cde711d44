"""Safe edits of the data files by staff: validate, then write atomically, with a backup and a change log.

Why each part exists:
- Validation runs the very schemas and foreign keys the loader uses (`cooperation.schemas`), on the whole
  dataset as it would be after the save, so nothing the dashboard would reject is ever written. Problems
  come back as catalogue keys and parameters, so the page explains them in the user's language.
- A save is a temporary file in the same directory followed by `os.replace`: a writer killed at any moment
  leaves either the old file or the new one, never half of one.
- The previous version is kept under `data/backups/` (a hard link, so it costs nothing until replaced) and
  every changed row is appended to `data/changes.log` (who, when, before, after): a bad edit can be undone.
- Two staff saving at once: a save carries the version (sha256) of the file as it was read and fails with a
  "changed since you opened it" error if the file differs; an exclusive `flock` around check-and-write makes
  sure two saves cannot both pass the check. Either both changes survive or the second one is told.

Cells are handled as text exactly as the loader reads them (`read_csv_text`); typing is the schema's job.
"""
from __future__ import annotations

import calendar
import csv
import datetime
import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors as pa_errors
from pandera.pandas import Column

from cooperation import uploads
from cooperation.i18n import CATALOGUE, format_period, t
from cooperation.i18n import label as vocabulary_label
from cooperation.ingest.classify import classify
from cooperation.ingest.geo import country_names
from cooperation.ingest.partners import contact_id, slugify
from cooperation.loading import DataError, DataProblem, coerce_table, decode_csv, read_csv_text, read_table
from cooperation.schemas import FOREIGN_KEYS, ID, TABLES
from cooperation.vocab import (
    DATE_PRECISIONS,
    DOC_TYPES,
    FORMATS,
    RECORDED_STATUSES,
    RELATIONS,
    ROLES,
    SPHERES,
    VENUES,
    YEAR_SOURCES,
)

# The tables staff correct by hand; sources.csv and national_context.csv are the ingest's record of the raw
# files and are rebuilt from them, forum_sessions.csv comes from the brochure.
EDITABLE_TABLES: tuple[str, ...] = ("contacts", "cities", "agreements", "agreement_statuses", "known_totals",
                                    "events", "memberships")
BACKUP_DIR = "backups"
CHANGE_LOG = "changes.log"
LOCK_FILE = ".lock"
LOCK_TIMEOUT_S = 10.0
ABSENT = "absent"
# The columns an imported file of contacts must have; the others are filled in (see `_complete_contact`).
IMPORT_REQUIRED: tuple[str, ...] = ("city_id", "text_ru")
# The import's row limit (`uploads.Limits`), here so a test can lower it.
MAX_IMPORT_ROWS = uploads.LIMITS.rows

_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?$")
# The columns whose values come from a vocabulary, so a problem can list the allowed values with their labels.
COLUMN_VOCABULARIES: Mapping[str, str] = {"venue": "venue", "format": "format", "spheres": "sphere",
                                          "date_precision": "date_precision", "role": "role", "doc_type": "doc_type",
                                          "relation": "relation", "year_source": "year_source",
                                          "status": "recorded_status"}
VOCABULARY_VALUES: Mapping[str, tuple[str, ...]] = {
    "venue": VENUES, "format": FORMATS, "sphere": SPHERES, "date_precision": DATE_PRECISIONS, "role": ROLES,
    "doc_type": DOC_TYPES, "relation": RELATIONS, "year_source": YEAR_SOURCES, "recorded_status": RECORDED_STATUSES}
_PIPE_LIST_ERROR = "'|'-separated values from "
_START_AFTER_END_ERROR = "date_start must not be after date_end"


# --- problems, in the user's language -----------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """What is wrong and where: a catalogue key with its parameters, so the page shows it in either language.

    `translated` names parameters resolved in the reader's language when shown: a catalogue key ("month.in.2"),
    or "vocab:<vocabulary>" for the allowed values of a column. A problem `in_form` names the form's field, not
    the file, row and CSV column of a row the user never saw.
    """

    key: str
    params: Mapping[str, str] = field(default_factory=dict)
    file: str | None = None
    row: int | None = None
    column: str | None = None
    translated: Mapping[str, str] = field(default_factory=dict)
    in_form: bool = False

    def message(self, lang: str) -> str:
        where = [self.file] if self.file else []
        if self.row:
            where.append(t("edit.where.row", lang, row=self.row))
        if self.column and self.in_form:
            where.append(t("edit.where.field", lang, field=column_label(self.column, lang)))
        elif self.column:
            label_ = column_label(self.column, lang)
            where.append(t("edit.where.column", lang, column=self.column) if label_ == self.column else
                         t("edit.where.column_labelled", lang, column=self.column, label=label_))
        params = {**self.params, **{name: self._resolve(ref, lang) for name, ref in self.translated.items()}}
        text = t(self.key, lang, **params)
        return f"{', '.join(where)}: {text}" if where else text

    def _resolve(self, ref: str, lang: str) -> str:
        if ref.startswith("vocab:"):
            vocabulary = ref.removeprefix("vocab:")
            values = VOCABULARY_VALUES[vocabulary]
            if self.in_form:
                return ", ".join(vocabulary_label(vocabulary, v, lang) for v in values)
            return ", ".join(f"{v} ({vocabulary_label(vocabulary, v, lang)})" for v in values)
        return t(ref, lang)


def column_label(column: str, lang: str) -> str:
    """The form's label of a column where it has one; otherwise the CSV header, which staff see in Excel.

    A file's problem names the header as the file writes it and this label beside it."""
    key = f"field.{column}"
    return t(key, lang) if key in CATALOGUE else column


class EditError(Exception):
    """A save or an import that did not happen; `problems` say why, in catalogue keys."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message("en") for p in problems[:10]))


class ConflictError(EditError):
    """The file changed on disk after it was opened for editing: saving would overwrite someone's change."""


class BusyError(EditError):
    """Another save held the lock for longer than `LOCK_TIMEOUT_S`."""


def _value(case: object) -> str:
    return "" if case is None or (isinstance(case, float) and pd.isna(case)) else str(case)[:80]


def _schema_problems(name: str, frame: pd.DataFrame, exc: pa_errors.SchemaErrors) -> list[Problem]:
    """pandera's failures as catalogue keys; a later duplicate is flagged (with the row it repeats), not the first."""
    file = TABLES[name].file
    problems: list[Problem] = []
    for error in exc.schema_errors:
        reason = error.reason_code
        column = error.schema.name if isinstance(error.schema, Column) else None
        cases = error.failure_cases if isinstance(error.failure_cases, pd.DataFrame) else pd.DataFrame()
        first_rows: dict[int, int] = {}
        if reason in (pa_errors.SchemaErrorReason.SERIES_CONTAINS_DUPLICATES, pa_errors.SchemaErrorReason.DUPLICATES):
            keys = [column] if column else list(TABLES[name].schema.unique or [])
            later = frame[keys].duplicated(keep="first")
            joined = frame[keys].astype(str).agg("\x1f".join, axis=1)
            first_of = {value: position for position, value in reversed(list(enumerate(joined)))}
            rows = sorted({int(i) for i in cases["index"] if later.iloc[int(i)]})
            first_rows = {i: first_of[joined.iloc[i]] + 2 for i in rows}
            cases = pd.DataFrame({"index": rows,
                                  "failure_case": [" / ".join(map(str, frame.loc[i, keys])) for i in rows]})
        elif reason == pa_errors.SchemaErrorReason.DATAFRAME_CHECK and column is None and "index" in cases:
            cases = cases.drop_duplicates("index")
        for case in cases.itertuples(index=False):
            index = getattr(case, "index", None)
            row = int(index) + 2 if index is not None and pd.notna(index) else None
            key, params, translated = _key_for(reason, error.check, _value(getattr(case, "failure_case", None)), column)
            if row is not None and row - 2 in first_rows:
                params = {**params, "first_row": str(first_rows[row - 2])}
            problems.append(Problem(key, params, file, row, column, translated))
        if cases.empty:
            key, params, translated = _key_for(reason, error.check, "", column)
            if key not in ("edit.problem.duplicate", "edit.problem.duplicate_entry"):
                problems.append(Problem(key, params, file, None, column, translated))
    return problems


def _cell_problem(name: str, frame: pd.DataFrame, problem: DataProblem) -> Problem:
    """A cell the loader could not type (`loading.coerce_table`), as a catalogue key by the column's type; a date
    says why it is not one ("31.02.2024: there is no 31 February"), quoting what was typed."""
    dtype = str(TABLES[name].schema.columns[problem.column].dtype)
    kind = "a_date" if dtype.startswith("datetime") else "an_integer" if dtype == "Int64" else "a_number"
    value = _value(frame.at[problem.row - 2, problem.column]) if problem.row else ""
    if kind == "a_date":
        mistake = date_mistake(value)
        if mistake:
            return Problem(mistake.key, mistake.params, problem.file, problem.row, problem.column, mistake.translated)
    return Problem(f"edit.problem.not_{kind}", {"value": value}, problem.file, problem.row, problem.column)


_DUPLICATE_KEYS = {"contact_id": "edit.problem.duplicate_entry"}


def _key_for(reason: pa_errors.SchemaErrorReason, check: object, value: str,
             column: str | None = None) -> tuple[str, dict[str, str], dict[str, str]]:
    """The catalogue key, parameters and translated parameters of one failure. An empty cell is "required",
    whatever rule it fails (an empty code is not "a code of lower-case letters"): one cause, one message."""
    reasons = pa_errors.SchemaErrorReason
    if reason in (reasons.SERIES_CONTAINS_DUPLICATES, reasons.DUPLICATES):
        return _DUPLICATE_KEYS.get(column or "", "edit.problem.duplicate"), {"value": value}, {}
    if reason == reasons.SERIES_CONTAINS_NULLS:
        return "edit.problem.required", {}, {}
    name = getattr(check, "name", "")
    stats = getattr(check, "statistics", {}) or {}
    error = str(getattr(check, "error", "") or "")
    vocabulary = COLUMN_VOCABULARIES.get(column or "")
    if value == "" and (name in ("isin", "str_length", "str_matches") or error.startswith(_PIPE_LIST_ERROR)):
        if vocabulary:
            return "edit.problem.choose", {}, {"allowed": f"vocab:{vocabulary}"}
        return "edit.problem.required", {}, {}
    if name == "isin":
        if vocabulary:
            return "edit.problem.one_of", {"value": value}, {"allowed": f"vocab:{vocabulary}"}
        return "edit.problem.one_of", {"value": value, "allowed": ", ".join(map(str, stats["allowed_values"]))}, {}
    if name == "str_length":
        return "edit.problem.required", {}, {}
    if name == "in_range":
        return "edit.problem.out_of_range", {"value": value, "low": str(stats["min_value"]),
                                             "high": str(stats["max_value"])}, {}
    if name == "str_matches":
        is_id = stats.get("pattern") == ID.statistics["pattern"]
        return ("edit.problem.id_format" if is_id else "edit.problem.format"), {"value": value}, {}
    if error.startswith(_PIPE_LIST_ERROR):
        allowed = VOCABULARY_VALUES.get(vocabulary or "", ())
        unknown = [part for part in value.split("|") if part not in allowed] if allowed else [value]
        translated = {"allowed": f"vocab:{vocabulary}"} if vocabulary else {}
        params = {"value": value, "unknown": ", ".join(unknown) or value}
        if not vocabulary:
            params["allowed"] = error[len(_PIPE_LIST_ERROR):]
        return "edit.problem.pipe_list", params, translated
    if error == _START_AFTER_END_ERROR:
        return "edit.problem.start_after_end", {}, {}
    return "edit.problem.rule", {"value": value, "rule": error or str(check)}, {}


def control_problems(name: str, frame: pd.DataFrame) -> list[Problem]:
    """Cells holding invisible control characters (NUL, ESC, DEL, bidirectional overrides, U+2028…): refused on
    every save, named with the characters found; an import removes them first and says so."""
    problems = []
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        found = values.fillna("").astype(str).str.contains(uploads.CONTROL.pattern, regex=True)
        for position in found.to_numpy().nonzero()[0][:MAX_CONTROL_PROBLEMS]:
            problems.append(Problem("edit.problem.control_chars",
                                    {"chars": uploads.character_names(str(values.iloc[position]))},
                                    TABLES[name].file, int(position) + 2, str(column)))
    return problems


MAX_CONTROL_PROBLEMS = 50


def table_problems(name: str, frame: pd.DataFrame) -> list[Problem]:
    """One table against its schema, typed exactly as the loader types it (`loading.coerce_table`: decimal commas,
    day-first dates), so the editor accepts and rejects what the dashboard does."""
    spec = TABLES[name]
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        return [Problem("edit.problem.column_missing", {}, spec.file, None, c) for c in missing]
    positional = frame.reset_index(drop=True)
    typed, untyped_cells = coerce_table(name, positional)
    problems = [_cell_problem(name, positional, p) for p in untyped_cells]
    named = {(p.row, p.column) for p in problems}
    try:
        spec.schema.validate(typed, lazy=True)
    except pa_errors.SchemaErrors as exc:
        # A cell that could not be typed is empty now, and "required" would only repeat it.
        problems += [p for p in _schema_problems(name, positional, exc) if (p.row, p.column) not in named]
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def key_problems(frames: Mapping[str, pd.DataFrame], broken: frozenset[str] = frozenset()) -> list[Problem]:
    """The foreign keys of `cooperation.schemas.FOREIGN_KEYS` between text frames; a key into a `broken` table
    proves nothing, so it is not checked."""
    problems = []
    for table, column, ref_table, ref_column, separator in FOREIGN_KEYS:
        if table not in frames or ref_table not in frames or ref_table in broken:
            continue
        known = set(frames[ref_table][ref_column].astype(str))
        for position, value in enumerate(frames[table][column].tolist()):
            if value is None or pd.isna(value) or value == "":
                continue
            for part in str(value).split(separator) if separator else [str(value)]:
                if part not in known:
                    problems.append(Problem("edit.problem.unknown_ref", {"value": part, "file": TABLES[ref_table].file},
                                            TABLES[table].file, position + 2, column))
    return problems


def check_dataset(data_dir: Path, replaced: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Every problem of the dataset as it would be with the `replaced` tables written, the others as on disk.

    Unlike the loader, keys are checked even when some rows fail their schema (only keys into a broken table
    are skipped), so a preview of an import shows a row's unknown partner beside another row's bad date.
    """
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    broken: set[str] = set()
    for name in TABLES:
        if name in replaced:  # control characters only in what is being saved: the loader accepts them on disk
            frame = replaced[name]
            found = table_problems(name, frame) + control_problems(name, frame.reset_index(drop=True))
        else:
            frame, found = _checked_on_disk(Path(data_dir), name)
        if frame is not None:
            frames[name] = frame
        broken |= {name} if found else set()
        problems += found
    return problems + key_problems(frames, frozenset(broken))


_on_disk: dict[tuple[str, int, int], tuple[pd.DataFrame | None, list[Problem]]] = {}
MAX_CHECKED_FILES = 64


def _checked_on_disk(data_dir: Path, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A table as on disk and its problems, remembered per file version: a save re-checks only what it changes
    (validating every table costs about a second, on every click)."""
    path = data_dir / TABLES[name].file
    stat = path.stat() if path.exists() else None
    key = (str(path.resolve()), stat.st_mtime_ns if stat else 0, stat.st_size if stat else -1)
    if key not in _on_disk:
        if len(_on_disk) >= MAX_CHECKED_FILES:
            _on_disk.clear()
        try:
            frame = read_table(data_dir, name)
            _on_disk[key] = (frame, table_problems(name, frame))
        except DataError as exc:
            _on_disk[key] = (None, [Problem("edit.problem.file", {"message": p.message}, p.file, p.row, p.column)
                                    for p in exc.problems])
    return _on_disk[key]


# --- reading and writing ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    """A table as it was read for editing: its text cells and the version a later save must still find."""

    table: str
    frame: pd.DataFrame
    version: str


@dataclass(frozen=True)
class SaveResult:
    version: str
    rows_changed: int
    backup: Path | None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_version(path: Path) -> str:
    """sha256 of the bytes, not mtime: a copy restored from a backup within the same second still counts."""
    return _digest(path.read_bytes()) if path.exists() else ABSENT


def _empty_frame(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in TABLES[name].columns})


def open_table(data_dir: Path, name: str) -> Snapshot:
    """Read the bytes once, so the version and the rows are of the same file even while someone saves."""
    spec = TABLES[name]
    path = Path(data_dir) / spec.file
    if not path.exists():
        return Snapshot(name, _empty_frame(name), ABSENT)
    data = path.read_bytes()
    try:
        text = decode_csv(data)
        frame = read_csv_text(text) if text.strip() else _empty_frame(name)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, csv.Error) as exc:
        raise EditError([Problem("edit.problem.unreadable", {"message": str(exc)[:200]}, spec.file)]) from None
    return Snapshot(name, frame.fillna(""), _digest(data))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8, comma, LF: how the ingest writes, whatever an Excel round trip had turned the file into."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One writer at a time per data directory; the kernel drops the lock if the writer dies."""
    lock_dir = Path(data_dir) / BACKUP_DIR
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / LOCK_FILE, "a+") as handle:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BusyError([Problem("edit.problem.busy")]) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_stale_temps(path: Path) -> None:
    """Temporary files of a writer that was killed; called under the lock, so no live writer owns one."""
    for stale in path.parent.glob(f"{_temp_prefix(path)}*.tmp"):
        stale.unlink(missing_ok=True)


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file beside the target, fsync, `os.replace`: readers see the old file or the new, never a mix."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(handle.name, path.stat().st_mode & 0o777)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _backup(path: Path, data_dir: Path, now: datetime.datetime) -> Path | None:
    """The version about to be replaced, under backups/ with a UTC timestamp; a hard link shares its bytes."""
    if not path.exists():
        return None
    target = Path(data_dir) / BACKUP_DIR / f"{path.stem}.{now.strftime('%Y%m%dT%H%M%S%fZ')}{path.suffix}"
    try:
        os.link(path, target)
    except OSError:
        target.write_bytes(path.read_bytes())
    return target


@dataclass(frozen=True)
class RowChange:
    action: str
    row_id: str
    before: dict[str, str] | None
    after: dict[str, str] | None


def key_columns(name: str) -> list[str]:
    """The columns that identify a row: the schema's unique column(s); none for agreement_statuses."""
    schema = TABLES[name].schema
    unique = [c for c, col in schema.columns.items() if col.unique]
    return unique or list(schema.unique or [])


def _row_id(name: str, row: Mapping[str, str], position: int) -> str:
    keys = key_columns(name)
    return "|".join(str(row.get(k, "")) for k in keys) if keys else f"row {position + 2}"


def _cells(row: pd.Series) -> dict[str, str]:
    return {str(k): "" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v)
            for k, v in row.items()}


def diff_rows(name: str, before: pd.DataFrame, after: pd.DataFrame) -> list[RowChange]:
    """Row by row (index labels are the identity): what a save adds, changes and removes, for the log."""
    changes = []
    for label in after.index:
        new = _cells(after.loc[label])
        if label not in before.index:
            changes.append(RowChange("add", _row_id(name, new, after.index.get_loc(label)), None, new))
            continue
        old = _cells(before.loc[label])
        if {k: old.get(k, "") for k in new} != new or set(old) - set(new):
            changes.append(RowChange("update", _row_id(name, old, before.index.get_loc(label)), old, new))
    for label in before.index.difference(after.index):
        old = _cells(before.loc[label])
        changes.append(RowChange("delete", _row_id(name, old, before.index.get_loc(label)), old, None))
    return changes


def _log(data_dir: Path, entries: list[dict[str, Any]]) -> None:
    """Append-only JSON lines; fsync'd so an entry is on disk once the save returns."""
    with open(Path(data_dir) / CHANGE_LOG, "a", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def save_table(data_dir: Path, snapshot: Snapshot, new_frame: pd.DataFrame, who: str, via: str) -> SaveResult:
    """Write `new_frame` over the snapshot's table if the file is still as it was read and the dataset stays valid.

    Raises ConflictError (changed since opened), EditError with every problem (nothing written) or BusyError.
    """
    data_dir = Path(data_dir)
    name = snapshot.table
    spec = TABLES[name]
    path = data_dir / spec.file
    new_frame = new_frame.fillna("").astype(str)
    changes = diff_rows(name, snapshot.frame, new_frame)
    if not changes:
        return SaveResult(snapshot.version, 0, None)
    positional = new_frame.reset_index(drop=True)
    with _locked(data_dir):
        _remove_stale_temps(path)
        if file_version(path) != snapshot.version:
            raise ConflictError([Problem("edit.problem.conflict", {}, spec.file)])
        problems = check_dataset(data_dir, {name: positional})
        if problems:
            raise EditError(problems)
        payload = csv_bytes(positional)
        now = _utc_now()
        try:
            backup = _backup(path, data_dir, now)
            atomic_write(path, payload)
        except OSError as exc:  # a full disk or a read-only directory: said in words, the old file untouched
            raise EditError([Problem("edit.problem.write_failed", {"message": str(exc)[:200]}, spec.file)]) from None
        version = _digest(payload)
        _log(data_dir, [{"who": who, "when": now.isoformat(timespec="seconds"), "table": name, "action": c.action,
                         "via": via, "row_id": c.row_id, "before": c.before, "after": c.after,
                         "version_before": snapshot.version, "version_after": version,
                         "backup": str(backup.relative_to(data_dir)) if backup else None} for c in changes])
    return SaveResult(version, len(changes), backup)


def add_row(data_dir: Path, snapshot: Snapshot, row: Mapping[str, str], who: str) -> SaveResult:
    new = pd.DataFrame([{c: row.get(c, "") for c in snapshot.frame.columns}], index=[_next_label(snapshot.frame)])
    return save_table(data_dir, snapshot, pd.concat([snapshot.frame, new]), who, "form")


def replace_row(data_dir: Path, snapshot: Snapshot, label: object, row: Mapping[str, str], who: str) -> SaveResult:
    frame = snapshot.frame.copy()
    for column in frame.columns:
        if column in row:
            frame.at[label, column] = row[column]
    return save_table(data_dir, snapshot, frame, who, "form")


def apply_edits(snapshot: Snapshot, edited: pd.DataFrame) -> pd.DataFrame:
    """The whole table with the rows of `edited` (a filtered part of it, same index labels) put back."""
    frame = snapshot.frame.copy()
    edited = edited.reindex(columns=frame.columns).fillna("").astype(str)
    frame.loc[edited.index, :] = edited
    return frame


def _next_label(frame: pd.DataFrame) -> int:
    return int(frame.index.max()) + 1 if len(frame) else 0


# --- building rows from form values -------------------------------------------------------------------------

def cell(value: object) -> str:
    """A form value as the CSV writes it: dates ISO, lists '|'-joined, whole floats from a number input as ints."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (datetime.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (list, tuple)):
        return "|".join(map(str, value))
    return str(value).strip()


def period(start: datetime.date | None, end: datetime.date | None,
           precision: str) -> tuple[datetime.date | None, datetime.date | None]:
    """Dates at the stated precision, as the ingest stores them: "May 2023" is 2023-05-01 – 2023-05-31."""
    if start is None:
        return None, None
    last = end or start
    if precision == "year":
        return start.replace(month=1, day=1), last.replace(month=12, day=31)
    if precision == "month":
        following = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return start.replace(day=1), following - datetime.timedelta(days=1)
    return start, last


def contact_row(*, city_id: str, start: datetime.date | None, end: datetime.date | None, precision: str,
                venue: str, venue_city: str, format: str, spheres: list[str], text_ru: str, event_id: str,
                date_text: str, source: str) -> dict[str, str]:
    """A new contact; its id is the ingest's content hash, so the same entry later found on the site is one row."""
    first, last = period(start, end, precision)
    text = cell(text_ru)
    return {
        "contact_id": contact_id(city_id, text) if city_id and text else "",
        "city_id": city_id, "date_start": cell(first), "date_end": cell(last),
        "date_precision": precision if first else "",
        "date_text": cell(date_text) or (format_period(first, last, precision, "ru") if first else ""),
        "venue": venue, "venue_city": cell(venue_city), "format": format, "spheres": cell(spheres),
        "event_id": cell(event_id), "text_ru": text, "source_file": cell(source) or CHANGE_LOG, "source_line": "",
    }


# The row a spreadsheet shows for the first data row (the header is row 1): what every message and grid says.
FIRST_DATA_ROW = 2
# The years a form accepts in a date.
FORM_YEARS = (1900, 2100)


def _date_parts(text: str) -> tuple[int, int, int] | None:
    text = text.strip()
    midnight = _MIDNIGHT.match(text)  # a date cell of Excel, read as text
    text = midnight.group(1) if midnight else text
    day_first = _DAY_FIRST_DATE.match(text)
    if day_first:
        day, month, year = map(int, day_first.groups())
        return year, month, day
    iso = _ISO_DAY.match(text)
    return tuple(map(int, iso.groups())) if iso else None  # type: ignore[return-value]


def date_mistake(text: str) -> Problem | None:
    """Why `text` is not a date, quoting it as typed: "31.02.2024: there is no 31 February"; None if it is one.

    Accepts what Excel in a Russian locale writes (04.05.2025, or 2025-05-04 00:00:00 from a date cell) and ISO.
    """
    parts = _date_parts(text)
    if parts is None or parts[0] < datetime.MINYEAR:
        return Problem("edit.problem.not_a_date", {"value": text})
    year, month, day = parts
    if not 1 <= month <= 12:
        return Problem("edit.problem.no_such_month", {"value": text, "month": str(month)})
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        if (month, day) == (2, 29):
            return Problem("edit.problem.no_leap_day", {"value": text, "year": str(year)})
        return Problem("edit.problem.no_such_day", {"value": text, "day": str(day)}, translated={"month": f"month.in.{month}"})
    return None


def parse_date(text: str) -> datetime.date | None:
    """The date `text` names (see `date_mistake`), or None; never a nearby date instead of an impossible one."""
    parts = _date_parts(text)
    if parts is None or date_mistake(text):
        return None
    return datetime.date(*parts)


def form_date(typed: str) -> tuple[datetime.date | None, list[Problem]]:
    """A date field of a form: the date, or why what was typed is none (quoted); empty is no date, no problem."""
    if not typed.strip():
        return None, []
    mistake = date_mistake(typed.strip())
    if mistake:
        return None, [Problem(mistake.key, mistake.params, translated=mistake.translated, in_form=True)]
    day = parse_date(typed)
    if day is None or not FORM_YEARS[0] <= day.year <= FORM_YEARS[1]:  # 04.05.0025 is a typo, not antiquity
        return None, [Problem("edit.problem.out_of_range", {"value": typed.strip(), "low": str(FORM_YEARS[0]),
                                                            "high": str(FORM_YEARS[1])}, in_form=True)]
    return day, []


def contact_from_form(*, city_id: str, start: str, end: str, precision: str, venue: str, venue_city: str,
                      format: str, spheres: list[str], text_ru: str, event_id: str, date_text: str, source: str,
                      undated: bool) -> tuple[dict[str, str], list[Problem]]:
    """The contact the form describes and what keeps it from being saved, in the form's own words.

    Dates come as typed and are never moved to a nearby real date; a contact without a date needs `undated`
    (the user ticked "the date is not known"), since it drops out of every per-year count.
    """
    problems: list[Problem] = []
    if not city_id:
        problems.append(Problem("edit.form.choose_city", in_form=True))
    dates: dict[str, datetime.date | None] = {}
    for name, typed in (("start", start), ("end", end)):
        dates[name], mistakes = form_date(typed)
        problems += mistakes
    if not start.strip() and end.strip():
        problems.append(Problem("edit.form.end_without_start", in_form=True))
    elif not start.strip() and not undated:
        problems.append(Problem("edit.form.date_or_undated", in_form=True))
    if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
        problems.append(Problem("edit.form.end_before_start", in_form=True))
    if not spheres:
        problems.append(Problem("edit.form.choose_sphere", in_form=True))
    if not cell(text_ru):
        problems.append(Problem("edit.form.write_text", in_form=True))
    row = contact_row(city_id=city_id, start=dates["start"], end=dates["end"], precision=precision, venue=venue,
                      venue_city=venue_city, format=format, spheres=spheres, text_ru=text_ru, event_id=event_id,
                      date_text=date_text, source=source)
    return row, problems


def for_form(problems: list[Problem], file: str, row: int, fields: Iterable[str],
             derived: Iterable[str] = (), appended: bool = False) -> list[Problem]:
    """A save's problems as a form shows them: the form's row loses its file and row number (the user typed no
    file), a column the form does not show is not named, and a column the form fills in itself (an id made
    from the name) is left out when another field is at fault — the user fixes that field, once.

    `row` is the form's row in the file; an `appended` row is at `row` or, if others appended meanwhile, below it.
    """
    shown, filled = set(fields), set(derived)

    def of_form(p: Problem) -> bool:
        return p.file == file and p.row is not None and (p.row >= row if appended else p.row == row)

    mine = [p for p in problems if of_form(p)]
    others = [p for p in problems if not of_form(p)]
    if any(p.column not in filled for p in mine):
        mine = [p for p in mine if p.column not in filled]
    return [Problem(p.key, p.params, None, None, p.column if p.column in shown else None, p.translated, True)
            for p in mine] + others


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`…: a second agreement of the same kind and year still gets its own id."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def agreement_row(values: Mapping[str, object], taken: set[str]) -> dict[str, str]:
    """An agreement from the form; a new one gets an id like the ingest's (`hangzhou-agreement-2003`)."""
    row = {k: cell(v) for k, v in values.items()}
    if not row.get("agreement_id"):
        base = slugify(f"{row['city_id']} {row['doc_type']} {row.get('year_signed') or 'undated'}").replace("_", "-")
        row["agreement_id"] = unique_id(base, taken)
    return row


def city_row(values: Mapping[str, object], taken: set[str]) -> dict[str, str]:
    """A city from the form; country names come from the ISO code as in the ingest, the id from its English name."""
    row = {k: cell(v) for k, v in values.items()}
    row["country_iso2"] = row.get("country_iso2", "").upper()
    if row["country_iso2"] and not (row.get("country_ru") and row.get("country_en")):
        try:
            row["country_ru"], row["country_en"] = country_names(row["country_iso2"])
        except KeyError:
            pass  # left empty: validation names the missing country with the unknown code beside it
    if not row.get("city_id") and row.get("name_en"):
        row["city_id"] = unique_id(slugify(row["name_en"]), taken)
    return row


def status_row(*, agreement_id: str, status: str, status_date: datetime.date | None, source: str, note: str,
               who: str) -> dict[str, str]:
    return {"agreement_id": agreement_id, "status": status, "status_date": cell(status_date),
            "source": cell(source), "note": cell(note), "recorded_by": who}


def status_from_form(*, agreement_id: str, status: str, status_date: str, source: str, note: str,
                     who: str) -> tuple[dict[str, str], list[Problem]]:
    """A recorded status from the form, and what keeps it from being saved in the form's words (the date as typed)."""
    problems = [] if agreement_id else [Problem("edit.form.choose_agreement", in_form=True)]
    day, mistakes = form_date(status_date)
    row = status_row(agreement_id=agreement_id, status=status, status_date=day, source=source, note=note, who=who)
    return row, problems + mistakes


# --- import of new contacts ---------------------------------------------------------------------------------

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


def _complete_contact(row: dict[str, str], partner_ru: str, filename: str,
                      line: int) -> tuple[dict[str, str], list[Problem], set[str]]:
    """Fill what a staff member's file may leave out the way the ingest would: classification from the text,
    the content-hash id, the date as written, and the file and row it came from.

    Returns the row, the problems of the cells as typed (a date that does not exist, quoted as typed), and the
    columns filled in here: a problem in those is a consequence of another cell's problem, not a second cause.
    """
    problems: list[Problem] = []
    derived = {c for c in ("contact_id", "date_end", "date_precision", "date_text", "venue", "format", "spheres",
                           "source_file", "source_line") if not row.get(c)}
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
        defaults = {"venue": found.venue, "venue_city": found.venue_city, "format": found.format,
                    "spheres": "|".join(found.spheres)}
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
        key = {"edit.problem.duplicate_entry": "edit.problem.duplicate_entry_in_file",
               "edit.problem.duplicate": "edit.problem.duplicate_in_file"}.get(key, key)
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
    cleaned = [Problem("edit.notice.cleaned", {"chars": c.characters}, filename, c.row, c.column)
               for c in table.cleaned]
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
    completed = [_complete_contact({c: record.get(c, "") for c in columns}, partner_ru.get(record["city_id"], ""),
                                   filename, line)
                 for line, record in zip(sheet_rows, upload.to_dict("records"))]
    rows = pd.DataFrame([row for row, _, _ in completed], columns=columns)
    found: dict[int, list[Problem]] = {i: list(own) for i, (_, own, _) in enumerate(completed) if own}
    combined = pd.concat([existing, rows], ignore_index=True).fillna("").astype(str)
    file_problems = []
    offset = len(existing) + FIRST_DATA_ROW
    for problem in check_dataset(data_dir, {"contacts": combined}):
        if problem.file == TABLES["contacts"].file and problem.row is not None and problem.row >= offset:
            position = problem.row - offset
            if any(p.column == problem.column or (p.column and problem.column is None) for p in found.get(position, [])):
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
    start = _next_label(snapshot.frame)
    new = rows.reindex(columns=snapshot.frame.columns).fillna("").astype(str)
    new.index = range(start, start + len(new))
    return save_table(data_dir, snapshot, pd.concat([snapshot.frame, new]), who, "import")
