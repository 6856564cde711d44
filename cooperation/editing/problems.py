"""Problems with staff edits, in the user's language: what is wrong and where (file, row as a spreadsheet
numbers it, column as the file's header writes it), from the very schemas and foreign keys the loader uses.

`check_dataset` validates the whole dataset as it would be after a save, so nothing the dashboard would reject
is ever written; dates typed in a form are checked here too (never moved to a nearby real date).
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors
from pandera.pandas import Column

from cooperation import staff, uploads
from cooperation.i18n import CATALOGUE, t
from cooperation.i18n import label as vocabulary_label
from cooperation.loading import DataError, DataProblem, coerce_table, read_table
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

_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?$")
# The columns whose values come from a vocabulary, so a problem can list the allowed values with their labels.
COLUMN_VOCABULARIES: Mapping[str, str] = {
    "venue": "venue",
    "format": "format",
    "spheres": "sphere",
    "date_precision": "date_precision",
    "role": "role",
    "doc_type": "doc_type",
    "relation": "relation",
    "year_source": "year_source",
    "status": "recorded_status",
}
VOCABULARY_VALUES: Mapping[str, tuple[str, ...]] = {
    "venue": VENUES,
    "format": FORMATS,
    "sphere": SPHERES,
    "date_precision": DATE_PRECISIONS,
    "role": ROLES,
    "doc_type": DOC_TYPES,
    "relation": RELATIONS,
    "year_source": YEAR_SOURCES,
    "recorded_status": RECORDED_STATUSES,
}
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
            where.append(
                t("edit.where.column", lang, column=self.column)
                if label_ == self.column
                else t("edit.where.column_labelled", lang, column=self.column, label=label_)
            )
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
            cases = pd.DataFrame(
                {"index": rows, "failure_case": [" / ".join(map(str, frame.loc[i, keys])) for i in rows]}
            )
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


def _key_for(
    reason: pa_errors.SchemaErrorReason, check: object, value: str, column: str | None = None
) -> tuple[str, dict[str, str], dict[str, str]]:
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
        return (
            "edit.problem.out_of_range",
            {"value": value, "low": str(stats["min_value"]), "high": str(stats["max_value"])},
            {},
        )
    if name == "str_matches":
        is_id = stats.get("pattern") == ID.statistics["pattern"]
        return ("edit.problem.id_format" if is_id else "edit.problem.format"), {"value": value}, {}
    if error.startswith(_PIPE_LIST_ERROR):
        allowed = VOCABULARY_VALUES.get(vocabulary or "", ())
        unknown = [part for part in value.split("|") if part not in allowed] if allowed else [value]
        translated = {"allowed": f"vocab:{vocabulary}"} if vocabulary else {}
        params = {"value": value, "unknown": ", ".join(unknown) or value}
        if not vocabulary:
            params["allowed"] = error[len(_PIPE_LIST_ERROR) :]
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
            problems.append(
                Problem(
                    "edit.problem.control_chars",
                    {"chars": uploads.character_names(str(values.iloc[position]))},
                    TABLES[name].file,
                    int(position) + 2,
                    str(column),
                )
            )
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
                    problems.append(
                        Problem(
                            "edit.problem.unknown_ref",
                            {"value": part, "file": TABLES[ref_table].file},
                            TABLES[table].file,
                            position + 2,
                            column,
                        )
                    )
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
            _on_disk[key] = (
                None,
                [Problem("edit.problem.file", {"message": p.message}, p.file, p.row, p.column) for p in exc.problems],
            )
    return _on_disk[key]


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
        return Problem(
            "edit.problem.no_such_day", {"value": text, "day": str(day)}, translated={"month": f"month.in.{month}"}
        )
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
        return None, [
            Problem(
                "edit.problem.out_of_range",
                {"value": typed.strip(), "low": str(FORM_YEARS[0]), "high": str(FORM_YEARS[1])},
                in_form=True,
            )
        ]
    return day, []
