"""Safe edits of the data by staff: validate, then record them in the staff layer, atomically, backed up, logged.

Why each part exists:
- Validation runs the very schemas and foreign keys the loader uses (`cooperation.schemas`), on the whole
  dataset as it would be after the save, so nothing the dashboard would reject is ever written. Problems
  come back as catalogue keys and parameters, so the page explains them in the user's language.
- The generated tables (`data/*.csv`) belong to the ingest: a save turns each changed row into staff facts in
  `data/staff/` (an added row, a correction per field, a removal; `cooperation.staff`), which every read
  applies last, so a rebuild keeps them. The tables staff keep wholly (known totals, agreement statuses) are
  written as they are.
- Writes go through `cooperation.storage`: one lock shared with the ingest, temporary files then renames, the
  previous versions under `data/backups/`, every changed row in `data/changes.log` (who, when, before, after)
  written before the rename, and every failure (read-only, disk full, busy) reported in words.
- Two staff saving at once are reconciled row by row under the lock: additions never conflict; an edit or a
  removal of a row someone else changed since it was opened is refused, showing who changed it, when and how.

Cells are handled as text exactly as the loader reads them (`read_csv_text`); typing is the schema's job.
"""
from __future__ import annotations

import calendar
import csv
import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors as pa_errors
from pandera.pandas import Column

from cooperation import staff, storage, uploads
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
BACKUP_DIR = storage.BACKUP_DIR
CHANGE_LOG = storage.CHANGE_LOG
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


_on_disk: dict[tuple[object, ...], tuple[pd.DataFrame | None, list[Problem]]] = {}
MAX_CHECKED_FILES = 64


def _stat_key(data_dir: Path, relatives: list[str]) -> tuple[object, ...]:
    stats = [(data_dir / r).stat() if (data_dir / r).exists() else None for r in relatives]
    return (str(data_dir.resolve()), *((s.st_mtime_ns, s.st_size) if s else (0, -1) for s in stats))


def _checked_on_disk(data_dir: Path, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A table as the dashboard reads it (generated file and staff layer) and its problems, remembered per
    file version: a save re-checks only what it changes (validating every table costs about a second)."""
    layered = name in staff.LAYERED
    key = (name, *_stat_key(data_dir, [TABLES[name].file, *(staff.layer_files() if layered else [])]))
    if key not in _on_disk:
        if len(_on_disk) >= MAX_CHECKED_FILES:
            _on_disk.clear()
        try:
            frame = read_table(data_dir, name)
            if layered:
                frame = staff.apply(name, frame, staff.read_layer(data_dir))
            _on_disk[key] = (frame, table_problems(name, frame))
        except DataError as exc:
            _on_disk[key] = (None, [Problem("edit.problem.file", {"message": p.message}, p.file, p.row, p.column)
                                    for p in exc.problems])
    return _on_disk[key]


# --- reading and writing ------------------------------------------------------------------------------------
#
# A table opened for editing is what the dashboard shows: for the generated tables (`staff.LAYERED`) the
# ingest's file with the staff layer applied. A save never writes a generated file: it turns each changed row
# into staff facts (an added row, a correction per changed field, a removal) and writes the staff files, so the
# next rebuild cannot undo it. Two staff members saving at once are reconciled row by row: additions never
# conflict; an edit or removal of a row someone else changed since it was opened is refused, naming who
# changed it, when, and how.

@dataclass(frozen=True)
class Snapshot:
    """A table as it was read for editing: its text cells and the version of what it was read from."""

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


def _parse(name: str, data: bytes | None) -> pd.DataFrame:
    if data is None:
        return _empty_frame(name)
    try:
        text = decode_csv(data)
        return read_csv_text(text) if text.strip() else _empty_frame(name)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, csv.Error) as exc:
        raise EditError([Problem("edit.problem.unreadable", {"message": str(exc)[:200]}, TABLES[name].file)]) \
            from None


def _layer(data_dir: Path) -> staff.Layer:
    try:
        return staff.read_layer(data_dir)
    except DataError as exc:
        raise EditError([Problem("edit.problem.unreadable", {"message": p.message}, p.file, None, p.column)
                         for p in exc.problems]) from None


def _version(name: str, data: bytes | None, layer: staff.Layer | None) -> str:
    own = _digest(data) if data is not None else ABSENT
    return _digest(f"{own}|{layer.version(name)}".encode()) if layer is not None else own


def open_table(data_dir: Path, name: str) -> Snapshot:
    """Read the bytes once, so the version and the rows are of the same files even while someone saves."""
    path = Path(data_dir) / TABLES[name].file
    data = path.read_bytes() if path.exists() else None
    frame = _parse(name, data)
    if name not in staff.LAYERED:
        return Snapshot(name, frame.fillna(""), _version(name, data, None))
    layer = _layer(Path(data_dir))
    return Snapshot(name, staff.apply(name, frame, layer).fillna(""), _version(name, data, layer))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8, comma, LF: how the ingest writes, whatever an Excel round trip had turned the file into."""
    return staff.csv_bytes(frame)


def _storage_problem(exc: storage.StorageError) -> Problem:
    """A failed write in words staff can act on; the catalogue keys are `edit.problem.<reason>`."""
    key = "edit.problem.busy" if exc.reason == storage.BUSY else \
        "edit.problem.write_failed" if exc.reason == storage.FAILED else f"edit.problem.{exc.reason}"
    return Problem(key, {"message": exc.detail or exc.reason}, exc.file)


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One writer at a time per data directory, the ingest included (see `cooperation.storage`)."""
    try:
        with storage.locked(Path(data_dir), LOCK_TIMEOUT_S):
            yield
    except storage.StorageError as exc:
        error = BusyError if exc.reason == storage.BUSY else EditError
        raise error([_storage_problem(exc)]) from None


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file beside the target, fsync, `os.replace`: readers see the old file or the new, never a mix."""
    storage.atomic_write(path, data)


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


@dataclass(frozen=True)
class RowChange:
    action: str
    row_id: str
    before: dict[str, str] | None
    after: dict[str, str] | None


def key_columns(name: str) -> list[str]:
    """The columns that identify a row: the schema's unique column(s); none for agreement_statuses."""
    return staff.key_columns(name)


def _row_id(name: str, row: Mapping[str, str], position: int) -> str:
    return staff.row_id(name, row) if key_columns(name) else f"row {position + 2}"


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


def last_change(data_dir: Path, table: str, row_id: str) -> dict[str, Any] | None:
    """The newest change-log entry for a row (who, when, before, after), to show whoever finds it changed; if
    no save touched it, the newest rebuild (the sources changed it)."""
    path = Path(data_dir) / CHANGE_LOG
    if not path.exists():
        return None
    rebuild = None
    for line in reversed(path.read_text(encoding="utf-8", errors="replace").splitlines()):
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("table") == table and entry.get("row_id") == row_id:
            return entry
        if rebuild is None and entry.get("action") == "rebuild":
            rebuild = entry
    return rebuild


def _conflict(data_dir: Path, name: str, change: RowChange, now: dict[str, str] | None,
              position: int | None) -> ConflictError:
    """The other person's change, shown: who and when from the log, and each field as it is now."""
    entry = last_change(data_dir, name, change.row_id) or {}
    mine = change.before or {}
    if now is None:
        what, key = "—", "edit.problem.row_removed"
    else:
        what = "; ".join(f"{column}: «{mine.get(column, '')}» → «{value}»" for column, value in now.items()
                         if mine.get(column, "") != value) or "—"
        key = "edit.problem.row_changed"
    params = {"row": change.row_id, "who": str(entry.get("who") or "—"), "when": str(entry.get("when") or "—"),
              "change": what}
    file = TABLES[name].file
    return ConflictError([Problem("edit.problem.conflict", {}, file),
                          Problem(key, params, file, position + 2 if position is not None else None)])


def _rebase(data_dir: Path, name: str, current: pd.DataFrame, changes: list[RowChange]) -> pd.DataFrame:
    """The table as it is on disk now with `changes` applied row by row; refused (ConflictError) where a row
    edited or removed was changed by someone else since it was opened. Additions never conflict."""
    frame = current.copy()
    keyed = bool(key_columns(name))
    ids = staff.row_ids(name, frame) if keyed else pd.Series([], dtype=str)
    rows = [_cells(r) for _, r in frame.iterrows()] if not keyed else []
    added: list[dict[str, str]] = []
    for change in changes:
        if change.action == "add":  # an id someone added meanwhile is the schema's duplicate to report
            added.append(change.after or {})
            continue
        if keyed:
            matches = list(ids.index[ids == change.row_id])
        else:
            matches = [frame.index[i] for i, r in enumerate(rows) if r == change.before]
        if not matches:
            raise _conflict(data_dir, name, change, None, None)
        label = matches[0]
        now = _cells(frame.loc[label])
        if {k: now.get(k, "") for k in (change.before or {})} != change.before:
            raise _conflict(data_dir, name, change, now, frame.index.get_loc(label))
        if change.action == "delete":
            frame = frame.drop(index=label)
            if not keyed:
                rows = [_cells(r) for _, r in frame.iterrows()]
        else:
            for column, value in (change.after or {}).items():
                if column in frame.columns:
                    frame.loc[label, column] = value
    if added:
        frame = pd.concat([frame, pd.DataFrame(added).reindex(columns=frame.columns).fillna("")],
                          ignore_index=True)
    return frame.reset_index(drop=True)


def _layer_writes(data_dir: Path, name: str, changes: list[RowChange], who: str, when: str,
                  why: str) -> tuple[dict[str, bytes], dict[str, str]]:
    """The staff facts a save of a generated table comes to, as new bytes of the staff files it changes; and
    per row id which file took it (for the log)."""
    generated = _parse(name, (data_dir / TABLES[name].file).read_bytes()
                       if (data_dir / TABLES[name].file).exists() else None).fillna("")
    source = generated.set_axis(staff.row_ids(name, generated).to_numpy())
    layer = _layer(data_dir)
    corrections, removed = layer.corrections, layer.removed
    added = layer.added[name].copy()
    new_corrections: list[dict[str, str]] = []
    new_removals: list[dict[str, str]] = []
    new_added: list[dict[str, str]] = []
    where: dict[str, str] = {}
    keys = key_columns(name)
    for change in changes:
        added_ids = staff.row_ids(name, added)
        if change.action == "add":
            new_added.append({**(change.after or {}), "added_by": who, "added_at": when})
            where[change.row_id] = staff.added_file(name)
        elif change.row_id in set(added_ids):
            label = added_ids.index[added_ids == change.row_id][0]
            if change.action == "delete":
                added = added.drop(index=label)
            else:
                for column, value in (change.after or {}).items():
                    added.loc[label, column] = value
            where[change.row_id] = staff.added_file(name)
        elif change.row_id in source.index:
            if change.action == "delete":
                new_removals.append({"table": name, "row_id": change.row_id, "who": who, "when": when, "why": why})
                where[change.row_id] = staff.REMOVED
                continue
            after, before = change.after or {}, change.before or {}
            if any(after.get(k, "") != before.get(k, "") for k in keys):
                raise EditError([Problem("edit.problem.source_id", {"value": change.row_id}, TABLES[name].file)])
            for column, value in after.items():
                if value != before.get(column, "") and column in source.columns:
                    new_corrections.append({"table": name, "row_id": change.row_id, "column": column,
                                            "value": value, "source_value": str(source.loc[change.row_id, column]),
                                            "who": who, "when": when, "why": why})
            where[change.row_id] = staff.CORRECTIONS
    writes: dict[str, bytes] = {}
    if new_added or len(added) != len(layer.added[name]) or not added.equals(layer.added[name]):
        frame = pd.concat([added, pd.DataFrame(new_added)], ignore_index=True) if new_added else added
        columns = TABLES[name].columns + staff.ADDED_COLUMNS
        writes[staff.added_file(name)] = csv_bytes(frame.reindex(columns=columns).fillna(""))
    if new_corrections:
        writes[staff.CORRECTIONS] = csv_bytes(pd.concat([corrections, pd.DataFrame(new_corrections)],
                                                        ignore_index=True)[staff.CORRECTION_COLUMNS])
    if new_removals:
        writes[staff.REMOVED] = csv_bytes(pd.concat([removed, pd.DataFrame(new_removals)],
                                                    ignore_index=True)[staff.REMOVAL_COLUMNS])
    return writes, where


def _written_version(data_dir: Path, name: str, writes: Mapping[str, bytes]) -> str:
    """The table's version once `writes` are on disk, computed before they are (it goes into the log line)."""
    def now(relative: str) -> bytes | None:
        if relative in writes:
            return writes[relative]
        return (data_dir / relative).read_bytes() if (data_dir / relative).exists() else None
    if name not in staff.LAYERED:
        return _version(name, now(TABLES[name].file), None)
    layer = staff.Layer(pd.DataFrame(), pd.DataFrame(), {}, {r: now(r) for r in staff.layer_files()})
    return _version(name, now(TABLES[name].file), layer)


def _commit(data_dir: Path, writes: Mapping[str, bytes], entries: list[dict[str, Any]]) -> storage.Committed:
    try:
        return storage.commit(data_dir, writes, entries)
    except storage.StorageError as exc:  # a full disk or a read-only directory: said in words, nothing written
        raise EditError([_storage_problem(exc)]) from None


def save_table(data_dir: Path, snapshot: Snapshot, new_frame: pd.DataFrame, who: str, via: str,
               why: str = "") -> SaveResult:
    """Save the rows that differ between the snapshot and `new_frame`, if the dataset stays valid.

    Raises ConflictError (a row changed by someone else since it was opened), EditError with every problem
    (nothing written) or BusyError (another writer kept the lock).
    """
    data_dir = Path(data_dir)
    name = snapshot.table
    new_frame = new_frame.fillna("").astype(str)
    changes = diff_rows(name, snapshot.frame, new_frame)
    if not changes:
        return SaveResult(snapshot.version, 0, None)
    with _locked(data_dir):
        current = open_table(data_dir, name)
        merged = _rebase(data_dir, name, current.frame, changes)
        problems = check_dataset(data_dir, {name: merged})
        if problems:
            raise EditError(problems)
        now = _utc_now().isoformat(timespec="seconds")
        if name in staff.LAYERED:
            writes, where = _layer_writes(data_dir, name, changes, who, now, why)
        else:
            writes, where = {TABLES[name].file: csv_bytes(merged)}, {}
        version = _written_version(data_dir, name, writes)
        entries = [{"who": who, "when": now, "table": name, "action": c.action, "via": via, "row_id": c.row_id,
                    "before": c.before, "after": c.after, "why": why,
                    "written_to": where.get(c.row_id, TABLES[name].file),
                    "version_before": snapshot.version, "version_after": version} for c in changes]
        committed = _commit(data_dir, writes, entries)
    backup = next((b for b in committed.backups.values() if b is not None), None)
    return SaveResult(version, len(changes), backup)


def add_row(data_dir: Path, snapshot: Snapshot, row: Mapping[str, str], who: str) -> SaveResult:
    new = pd.DataFrame([{c: row.get(c, "") for c in snapshot.frame.columns}], index=[_next_label(snapshot.frame)])
    return save_table(data_dir, snapshot, pd.concat([snapshot.frame, new]), who, "form")


def replace_row(data_dir: Path, snapshot: Snapshot, label: object, row: Mapping[str, str], who: str,
                why: str = "") -> SaveResult:
    frame = snapshot.frame.copy()
    for column in frame.columns:
        if column in row:
            frame.at[label, column] = row[column]
    return save_table(data_dir, snapshot, frame, who, "form", why)


def apply_edits(snapshot: Snapshot, edited: pd.DataFrame) -> pd.DataFrame:
    """The whole table with the rows of `edited` (a filtered part of it, same index labels) put back."""
    frame = snapshot.frame.copy()
    edited = edited.reindex(columns=frame.columns).fillna("").astype(str)
    frame.loc[edited.index, :] = edited
    return frame


def _next_label(frame: pd.DataFrame) -> int:
    return int(frame.index.max()) + 1 if len(frame) else 0


# --- a row's history, and undoing a correction ------------------------------------------------------------

HISTORY_COLUMNS = ["column", "kind", "value", "who", "when", "why"]


def row_history(data_dir: Path, table: str, row_id: str) -> pd.DataFrame:
    """Per corrected field of a row: the value the sources give now, then each correction (who, when, why) in
    the order made; the last one is in force. Plus the row's removal or addition, if staff made one."""
    data_dir = Path(data_dir)
    layer = _layer(data_dir)
    generated = _parse(table, (data_dir / TABLES[table].file).read_bytes()
                       if (data_dir / TABLES[table].file).exists() else None).fillna("")
    source = generated.set_axis(staff.row_ids(table, generated).to_numpy())
    corrections, removed, added = layer.for_table(table)
    lines: list[dict[str, str]] = []
    added_here = added[staff.row_ids(table, added) == row_id] if not added.empty else added
    for record in added_here.itertuples(index=False):
        lines.append({"column": "", "kind": "added", "value": "", "who": record.added_by, "when": record.added_at,
                      "why": ""})
    mine = corrections[corrections["row_id"] == row_id]
    for column in dict.fromkeys(mine["column"]):
        now = str(source.loc[row_id, column]) if row_id in source.index and column in source.columns else ""
        lines.append({"column": column, "kind": "source", "value": now, "who": "", "when": "", "why": ""})
        for record in mine[mine["column"] == column].itertuples(index=False):
            lines.append({"column": column, "kind": "correction", "value": record.value, "who": record.who,
                          "when": record.when, "why": record.why})
    for record in removed[removed["row_id"] == row_id].itertuples(index=False):
        lines.append({"column": "", "kind": "removed", "value": "", "who": record.who, "when": record.when,
                      "why": record.why})
    return pd.DataFrame(lines, columns=HISTORY_COLUMNS)


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`row_history` with the reader's headers and words, as the Data page shows it."""
    shown = history.assign(kind=history["kind"].map(lambda k: t(f"data.history.kind.{k}", lang)))
    return shown.rename(columns={c: t(f"data.history.{c}", lang) for c in HISTORY_COLUMNS})


def corrected_rows(data_dir: Path, table: str) -> list[str]:
    """Row ids of `table` with a correction in force, for the Data page's history picker."""
    corrections = _layer(Path(data_dir)).corrections
    return list(dict.fromkeys(corrections.loc[corrections["table"] == table, "row_id"]))


def undo_correction(data_dir: Path, table: str, row_id: str, column: str, who: str) -> SaveResult:
    """Remove the last correction of one field: the one before it applies again, or the sources' value.
    Checked like any save (the dataset must stay valid) and logged with the value undone."""
    data_dir = Path(data_dir)
    with _locked(data_dir):
        layer = _layer(data_dir)
        corrections = layer.corrections
        matches = corrections.index[(corrections["table"] == table) & (corrections["row_id"] == row_id)
                                    & (corrections["column"] == column)]
        if matches.empty:
            raise EditError([Problem("edit.problem.nothing_to_undo", {"row": row_id, "column": column},
                                     staff.CORRECTIONS)])
        before = open_table(data_dir, table)
        remaining = corrections.drop(index=matches[-1])
        writes = {staff.CORRECTIONS: csv_bytes(remaining[staff.CORRECTION_COLUMNS])}
        undone = staff.Layer(remaining, layer.removed, layer.added, layer.raw)
        generated = _parse(table, (data_dir / TABLES[table].file).read_bytes())
        merged = staff.apply(table, generated, undone).fillna("")
        problems = check_dataset(data_dir, {table: merged})
        if problems:
            raise EditError(problems)
        ids = staff.row_ids(table, before.frame)
        old = _cells(before.frame[ids == row_id].iloc[0]) if (ids == row_id).any() else None
        new_ids = staff.row_ids(table, merged)
        new = _cells(merged[new_ids == row_id].iloc[0]) if (new_ids == row_id).any() else None
        version = _written_version(data_dir, table, writes)
        now = _utc_now().isoformat(timespec="seconds")
        committed = _commit(data_dir, writes, [{
            "who": who, "when": now, "table": table, "action": "undo", "via": "history", "row_id": row_id,
            "column": column, "undone": corrections.loc[matches[-1]].to_dict(), "before": old, "after": new,
            "written_to": staff.CORRECTIONS, "version_before": before.version, "version_after": version}])
    return SaveResult(version, 1, committed.backups.get(staff.CORRECTIONS))


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
