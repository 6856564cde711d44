"""Read the data layer's CSV files into typed, validated DataFrames — or one clear error.

The error names the file, the row (as a spreadsheet shows it: the header is row 1) and the column, because
the people who fix it open the file in Excel, not in Python.
"""

from __future__ import annotations

import csv
import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from cooperation import storage
from cooperation.i18n import CATALOGUE, format_int, plural, t
from cooperation.paths import DATA_DIR
from cooperation.schemas import FOREIGN_KEYS, TABLES

DATA_DIR_ENV = "COOPERATION_DATA_DIR"
MAX_PROBLEMS_SHOWN = 10


@dataclass(frozen=True)
class DataProblem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = (
            [self.file]
            + ([f"row {self.row}"] if self.row else [])
            + ([f"column «{self.column}»"] if self.column else [])
        )
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """The data directory cannot be used as it is; `problems` says exactly where and why."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:MAX_PROBLEMS_SHOWN])
        more = f" (and {len(problems) - MAX_PROBLEMS_SHOWN} more)" if len(problems) > MAX_PROBLEMS_SHOWN else ""
        super().__init__(shown + more)


@dataclass(frozen=True)
class SetAsideRow:
    """One row left out of the dataset: where it is (file, spreadsheet row, header column), its value, and why.

    `expected` is a catalogue key under "setaside.expected." with `params`, so the banner says what is
    expected in the reader's language; a row set aside because the row it refers to was (a contact of a city
    with a latitude of 999) has expected "depends" and names that row in `params` (depends_file, depends_row).
    """

    file: str
    row: int
    column: str
    value: str
    expected: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Dataset:
    """All tables of one data directory, typed; the one object pages receive."""

    cities: pd.DataFrame
    agreements: pd.DataFrame
    contacts: pd.DataFrame
    events: pd.DataFrame
    forum_sessions: pd.DataFrame
    memberships: pd.DataFrame
    national_context: pd.DataFrame
    sources: pd.DataFrame
    known_totals: pd.DataFrame
    agreement_statuses: pd.DataFrame
    data_dir: str = field(default="")
    # Rows that failed their checks and were left out (load_dataset(set_aside_invalid=True)), to be named on
    # every page and listed on the data page.
    set_aside: tuple[SetAsideRow, ...] = ()

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


def default_data_dir() -> Path:
    """`COOPERATION_DATA_DIR` points the app at another dataset (another city, a test copy)."""
    return Path(os.environ.get(DATA_DIR_ENV) or DATA_DIR)


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel adds) first; Excel in a Russian locale otherwise writes cp1251."""
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", data, 0, 1, "neither UTF-8 nor Windows-1251")


def read_csv_text(text: str) -> pd.DataFrame:
    """All cells as text (typing is the schema's job); ';' files from a Russian-locale Excel are accepted."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        # Bytes, not a StringIO: pandas re-copies a text stream's buffer per chunk, quadratic on large files.
        frame = pd.read_csv(
            io.BytesIO(text.encode("utf-8")),
            dtype=str,
            keep_default_na=False,
            sep=delimiter,
            quoting=csv.QUOTE_MINIMAL,
            index_col=False,
        )
    if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        overlong = _overlong_rows(text, delimiter, len(frame.columns))
        if overlong:
            shown = ", ".join(map(str, overlong[:10])) + (" …" if len(overlong) > 10 else "")
            raise ValueError(f"row(s) {shown} have more cells than the header; remove the cells right of the table")
    return frame


def _overlong_rows(text: str, delimiter: str, width: int) -> list[int]:
    """Rows with values right of the table (a stray cell in Excel), which pandas would drop silently."""
    return [
        n
        for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)
        if len(row) > width and any(cell.strip() for cell in row[width:])
    ]


DAY_FIRST = r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"
MAX_CELL_PROBLEMS = 50


def _typed_column(values: pd.Series, dtype: str) -> pd.Series:
    """Text cells to the column's type; cells that do not convert become missing (and are reported)."""
    if dtype.startswith("datetime"):
        iso = values.str.replace(DAY_FIRST, lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", regex=True)
        return pd.to_datetime(iso, errors="coerce", format="ISO8601")
    numbers = pd.to_numeric(
        values.str.replace(",", ".", regex=False).str.replace(r"[\s\u00a0]", "", regex=True), errors="coerce"
    )
    if dtype == "Int64":
        whole = numbers.where(numbers.isna() | (numbers % 1 == 0))
        return whole.astype("Int64")
    return numbers.astype("float64")


def coerce_table(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[DataProblem]]:
    """Type the non-text columns ourselves, vectorised, so a bad cell is named per row at once.

    Empty cells are missing values. Excel in a Russian locale writes decimal commas and day-first dates
    (04.05.2025); both are read. Leaving coercion to pandera would re-type a whole column value by value
    when one cell is bad, which takes minutes on a large file.
    """
    spec = TABLES[name]
    out = frame.copy()
    problems: list[DataProblem] = []
    for column, col_spec in spec.schema.columns.items():
        dtype = str(col_spec.dtype)
        if column not in out or not (dtype.startswith("datetime") or dtype in ("Int64", "float64")):
            continue
        raw = out[column].astype(str).str.strip()
        typed = _typed_column(raw.where(raw != "", None).fillna(""), dtype)
        bad = typed.isna() & (raw != "")
        for index in bad[bad].index[:MAX_CELL_PROBLEMS]:
            kind = (
                "date (YYYY-MM-DD or DD.MM.YYYY)"
                if dtype.startswith("datetime")
                else "whole number"
                if dtype == "Int64"
                else "number"
            )
            problems.append(DataProblem(spec.file, int(index) + 2, column, f"«{raw[index]}» is not a valid {kind}"))
        out[column] = typed
    return out, problems


def _problems_from(name: str, exc: pa_errors.SchemaErrors) -> list[DataProblem]:
    file = TABLES[name].file
    problems = []
    cases = exc.failure_cases.drop_duplicates(subset=["column", "check", "index"])
    for case in cases.itertuples(index=False):
        column = case.column if isinstance(case.column, str) and case.column != file else None
        index = case.index if pd.notna(case.index) else None
        row = int(index) + 2 if index is not None else None
        check = str(case.check)
        if check.startswith("column_in_dataframe"):
            message = "column missing"
        elif check.startswith("coerce_dtype"):
            message = f"«{case.failure_case}» is not a valid {check.split('(')[1].rstrip(')')} value"
        elif "field_uniqueness" in check or check.startswith("unique") or "duplicate" in check:
            message = f"duplicate value «{case.failure_case}»"
        else:
            message = f"«{case.failure_case}» fails: {check}"
        problems.append(DataProblem(file, row, column, message))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def validate_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    spec = TABLES[name]
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise DataError([DataProblem(spec.file, None, c, "column missing") for c in missing])
    typed, problems = coerce_table(name, frame)
    try:
        validated = spec.schema.validate(typed, lazy=True)
    except pa_errors.SchemaErrors as exc:
        named = {(p.row, p.column) for p in problems}
        problems += [p for p in _problems_from(name, exc) if (p.row, p.column) not in named]
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return validated


def foreign_key_problems(tables: dict[str, pd.DataFrame]) -> list[DataProblem]:
    problems = []
    for table, column, ref_table, ref_column, separator in FOREIGN_KEYS:
        if table not in tables or ref_table not in tables:
            continue
        known = set(tables[ref_table][ref_column].dropna().astype(str))
        values = tables[table][column].fillna("").astype(str)
        parts = values.str.split(separator) if separator else values.map(lambda v: [v])
        exploded = parts.explode()
        unknown = exploded[(exploded != "") & ~exploded.isin(known)]
        for index, part in unknown.head(MAX_CELL_PROBLEMS).items():
            problems.append(
                DataProblem(
                    TABLES[table].file,
                    int(index) + 2,
                    column,
                    f"«{part}» is not a {ref_column} in {TABLES[ref_table].file}",
                )
            )
    return problems


def validate_tables(frames: dict[str, pd.DataFrame], check_keys: bool = True) -> dict[str, pd.DataFrame]:
    """Each table against its schema, then the keys between tables; all problems at once.

    Keys are checked only when every table is present and valid: a key into a broken table proves nothing.
    """
    typed: dict[str, pd.DataFrame] = {}
    problems: list[DataProblem] = []
    for name, frame in frames.items():
        try:
            typed[name] = validate_table(name, frame)
        except DataError as exc:
            problems += exc.problems
    if not problems and check_keys:
        problems = foreign_key_problems(typed)
    if problems:
        raise DataError(problems)
    return typed


def read_table(data_dir: Path, name: str) -> pd.DataFrame:
    spec = TABLES[name]
    path = data_dir / spec.file
    if not path.exists():
        if spec.required:
            raise DataError([DataProblem(spec.file, None, None, f"file not found in {data_dir}")])
        return pd.DataFrame({c: pd.Series(dtype=str) for c in spec.columns})
    try:
        text = decode_csv(path.read_bytes())
    except UnicodeDecodeError:
        raise DataError([DataProblem(spec.file, None, None, "not readable as UTF-8 or Windows-1251 text")]) from None
    if not text.strip():
        raise DataError([DataProblem(spec.file, None, None, "the file is empty (no header row)")])
    try:
        return read_csv_text(text)
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        raise DataError([DataProblem(spec.file, None, None, f"not a readable CSV: {exc}")]) from None


def load_dataset(data_dir: Path | None = None, *, set_aside_invalid: bool = False) -> Dataset:
    """Every table of a data directory, validated together; raises DataError naming file, row, column.

    With `set_aside_invalid` (the dashboard), invalid rows are left out and listed in `Dataset.set_aside`
    instead; only a file that cannot be read as a table, or lacks a column, still raises.
    """
    directory = Path(data_dir) if data_dir is not None else default_data_dir()
    frames: dict[str, pd.DataFrame] = {}
    problems: list[DataProblem] = []
    storage.finish_pending(directory)
    for name in TABLES:
        try:
            frames[name] = read_table(directory, name)
        except DataError as exc:
            problems += exc.problems
    frames, layer_problems = _with_staff_layer(directory, frames)
    problems += layer_problems
    if set_aside_invalid and not problems:
        kept, aside = set_aside_invalid_rows(frames)
        return Dataset(**kept, data_dir=str(directory), set_aside=tuple(aside))
    try:
        typed = validate_tables(frames, check_keys=not problems)
    except DataError as exc:
        problems += exc.problems
    if problems:
        raise DataError(problems)
    return Dataset(**typed, data_dir=str(directory))


def _with_staff_layer(
    directory: Path, frames: dict[str, pd.DataFrame]
) -> tuple[dict[str, pd.DataFrame], list[DataProblem]]:
    """The generated tables with staff additions, corrections and removals applied last (`cooperation.staff`).
    Imported here, not at the top: the staff layer reads its files with this module's CSV readers."""
    from cooperation import staff

    try:
        return staff.apply_to(directory, frames), []
    except DataError as exc:
        return frames, exc.problems


def empty_dataset(data_dir: Path | None = None) -> Dataset:
    """Every table typed, with no rows: what the data page works from when the files fail validation and no
    good version has been loaded since the server started — the page that fixes the files must still open."""
    directory = Path(data_dir) if data_dir is not None else default_data_dir()
    empty = {name: pd.DataFrame({c: pd.Series(dtype=str) for c in spec.columns}) for name, spec in TABLES.items()}
    return Dataset(**validate_tables(empty), data_dir=str(directory))


def data_version(data_dir: Path | None = None) -> tuple[tuple[str, float, int], ...]:
    """Names, modification times and sizes of the files: the cache key that changes when a file does."""
    from cooperation.staff import layer_files  # see `_with_staff_layer`

    directory = Path(data_dir) if data_dir is not None else default_data_dir()
    files = [*(spec.file for spec in TABLES.values()), *layer_files()]
    return tuple(
        (file, (directory / file).stat().st_mtime, (directory / file).stat().st_size)
        for file in files
        if (directory / file).exists()
    )


# --- invalid rows set aside ---------------------------------------------------------------------------------

# A pandera check name (as its failure cases give it) -> the "setaside.expected." key saying what is expected.
_CHECK_EXPECTED: tuple[tuple[str, str], ...] = (
    ("in_range", "range"),
    ("not_nullable", "required"),
    ("str_length", "required"),
    ("unique", "unique"),
    ("isin", "one_of"),
    ("str_matches", "pattern"),
    ("date_start must not be after", "order"),
)


def _expected_for(check: str, spec_column: object) -> tuple[str, tuple[tuple[str, str], ...]]:
    kind = next((key for stem, key in _CHECK_EXPECTED if stem in check), "other")
    if kind == "range":
        low, high = check.split("(", 1)[1].rstrip(")").split(",")[:2]
        return kind, (("low", low.strip()), ("high", high.strip()))
    if kind in ("one_of", "pattern", "other"):
        described = next((c.error for c in getattr(spec_column, "checks", []) if c.error), None)
        return kind, (("rule", str(described or check)),)
    return kind, ()


def _row_problems(
    name: str, raw: pd.DataFrame, typed: pd.DataFrame
) -> tuple[list[SetAsideRow], bool, pd.DataFrame | None]:
    """The rows of one table that fail its schema, whether a problem concerns no row (the whole file), and the
    validated table when every row passed (so a clean table is validated once)."""
    spec = TABLES[name]
    found: dict[tuple[int, str], SetAsideRow] = {}
    for column, col_spec in spec.schema.columns.items():
        dtype = str(col_spec.dtype)
        if column not in raw or not (dtype.startswith("datetime") or dtype in ("Int64", "float64")):
            continue
        cells = raw[column].astype(str).str.strip()
        bad = typed[column].isna() & (cells != "")
        kind = "date" if dtype.startswith("datetime") else "whole_number" if dtype == "Int64" else "number"
        for index in bad[bad].index:
            found[(index, column)] = SetAsideRow(spec.file, int(index) + 2, column, cells[index], kind)
    try:
        validated = spec.schema.validate(typed, lazy=True)
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases.drop_duplicates(subset=["column", "check", "index"])
        for case in cases.itertuples(index=False):
            if pd.isna(case.index):
                return list(found.values()), True, None
            index = int(case.index)
            is_column = isinstance(case.column, str) and case.column in spec.schema.columns
            column = case.column if is_column else "date_start"
            if (index, column) in found:
                continue
            kind, params = _expected_for(str(case.check), spec.schema.columns.get(column))
            value = raw.at[index, column] if column in raw else ""
            found[(index, column)] = SetAsideRow(spec.file, index + 2, column, str(value), kind, params)
        validated = None
    rows = sorted(found.values(), key=lambda r: (r.row, r.column))
    return rows, False, validated if not rows else None


def split_valid_rows(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[SetAsideRow]]:
    """The table's valid rows, typed and validated, and the rows set aside with where and why.

    Raises DataError only when the table as a whole cannot be used (a column missing, a problem the
    schema reports for no particular row): one bad cell must not blank every page.
    """
    spec = TABLES[name]
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise DataError([DataProblem(spec.file, None, c, "column missing") for c in missing])
    typed, _ = coerce_table(name, frame)
    aside, whole_file, validated = _row_problems(name, frame, typed)
    if whole_file:
        validate_table(name, frame)  # raises the file-level DataError with every problem named
    if validated is not None:
        return validated, aside
    bad_index = sorted({r.row - 2 for r in aside})
    return spec.schema.validate(typed.drop(index=bad_index), lazy=True), aside


def _key_problems(tables: dict[str, pd.DataFrame], aside: list[SetAsideRow]) -> list[SetAsideRow]:
    """Rows whose foreign key resolves nowhere; a key held by a set-aside row names that row."""
    removed: dict[tuple[str, str], tuple[str, str]] = {}
    for table, column, ref_table, ref_column, _ in FOREIGN_KEYS:
        raw_rows = {r.row for r in aside if r.file == TABLES[ref_table].file}
        original = tables.get(f"_raw_{ref_table}")
        if original is not None and ref_column in original:
            for row in raw_rows:
                removed[(ref_table, str(original.at[row - 2, ref_column]))] = (TABLES[ref_table].file, str(row))
    found: list[SetAsideRow] = []
    for table, column, ref_table, ref_column, separator in FOREIGN_KEYS:
        if table not in tables or ref_table not in tables:
            continue
        known = set(tables[ref_table][ref_column].dropna().astype(str))
        values = tables[table][column].fillna("").astype(str)
        parts = (values.str.split(separator) if separator else values.map(lambda v: [v])).explode()
        unknown = parts[(parts != "") & ~parts.isin(known)]
        for index, part in unknown.items():
            holder = removed.get((ref_table, part))
            params = (
                (("depends_file", holder[0]), ("depends_row", holder[1]))
                if holder
                else (("file", TABLES[ref_table].file), ("column", ref_column))
            )
            found.append(
                SetAsideRow(
                    TABLES[table].file,
                    int(index) + 2,
                    column,
                    str(values[index]),
                    "depends" if holder else "reference",
                    params,
                )
            )
    return found


def set_aside_invalid_rows(frames: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[SetAsideRow]]:
    """Every table's valid rows and everything set aside, keys between tables included.

    A row whose key is held by a set-aside row (a contact of a city with a latitude of 999) is set aside too,
    and says which row it depends on; that repeats until no key dangles, so every kept row is whole.
    """
    typed: dict[str, pd.DataFrame] = {}
    aside: list[SetAsideRow] = []
    problems: list[DataProblem] = []
    for name, frame in frames.items():
        try:
            typed[name], rows = split_valid_rows(name, frame)
            aside += rows
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    while True:
        dangling = _key_problems({**typed, **{f"_raw_{n}": f for n, f in frames.items()}}, aside)
        if not dangling:
            break
        aside += dangling
        for file_rows in {r.file for r in dangling}:
            name = next(n for n, spec in TABLES.items() if spec.file == file_rows)
            drop = {r.row - 2 for r in dangling if r.file == file_rows}
            typed[name] = typed[name].drop(index=[i for i in drop if i in typed[name].index])
    return {name: frame.reset_index(drop=True) for name, frame in typed.items()}, aside


def column_label(column: str, lang: str) -> str:
    """A column's label in the reader's language where the catalogue has one, else its header."""
    key = f"field.{column}"
    return t(key, lang) if key in CATALOGUE else column


def describe_set_aside(row: SetAsideRow, lang: str) -> dict[str, str]:
    """One set-aside row for a reader: where (file, spreadsheet row, header column and its label), the value
    and what is expected, in `lang`."""
    return {
        "file": row.file,
        "row": str(row.row),
        "column": row.column,
        "label": column_label(row.column, lang),
        "value": row.value,
        "expected": t(f"setaside.expected.{row.expected}", lang, **dict(row.params)),
    }


def set_aside_summary(rows: tuple[SetAsideRow, ...], lang: str, shown: int = MAX_PROBLEMS_SHOWN) -> list[str]:
    """The banner's lines: how many rows are set aside, then one line per problem (the first `shown`).

    Rows are counted once even when several of their cells fail (a dangling key in two columns)."""
    if not rows:
        return []
    count = len({(r.file, r.row) for r in rows})
    lines = [t("setaside.banner", lang, n=format_int(count, lang), rows=plural(count, "plural.rows_set_aside", lang))]
    for row in rows[:shown]:
        d = describe_set_aside(row, lang)
        where = t("setaside.where", lang, file=d["file"], row=d["row"], column=d["column"], label=d["label"])
        lines.append(f"{where}: «{d['value']}» — {d['expected']}")
    if len(rows) > shown:
        lines.append(t("setaside.more", lang, n=format_int(len(rows) - shown, lang)))
    return lines


def set_aside_table(rows: tuple[SetAsideRow, ...], lang: str) -> pd.DataFrame:
    """Every set-aside problem as a table for the data page, headed in the reader's language."""
    keys = ("file", "row", "column", "label", "value", "expected")
    frame = pd.DataFrame([describe_set_aside(r, lang) for r in rows], columns=list(keys))
    return frame.rename(columns={k: t(f"setaside.col.{k}", lang) for k in keys})
