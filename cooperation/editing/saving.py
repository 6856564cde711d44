"""Saving staff edits: validate, then record them in the staff layer, atomically, backed up, logged.

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

import csv
import datetime
import hashlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cooperation import staff, storage
from cooperation.editing.problems import BusyError, ConflictError, EditError, Problem, check_dataset
from cooperation.i18n import t
from cooperation.loading import DataError, decode_csv, read_csv_text
from cooperation.schemas import TABLES

# The tables staff correct by hand; sources.csv and national_context.csv are the ingest's record of the raw
# files and are rebuilt from them, forum_sessions.csv comes from the brochure.
EDITABLE_TABLES: tuple[str, ...] = (
    "contacts",
    "cities",
    "agreements",
    "agreement_statuses",
    "known_totals",
    "events",
    "memberships",
)
BACKUP_DIR = storage.BACKUP_DIR
CHANGE_LOG = storage.CHANGE_LOG
LOCK_TIMEOUT_S = 10.0
ABSENT = "absent"

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
        raise EditError([Problem("edit.problem.unreadable", {"message": str(exc)[:200]}, TABLES[name].file)]) from None


def _layer(data_dir: Path) -> staff.Layer:
    try:
        return staff.read_layer(data_dir)
    except DataError as exc:
        raise EditError(
            [Problem("edit.problem.unreadable", {"message": p.message}, p.file, None, p.column) for p in exc.problems]
        ) from None


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
    key = (
        "edit.problem.busy"
        if exc.reason == storage.BUSY
        else "edit.problem.write_failed"
        if exc.reason == storage.FAILED
        else f"edit.problem.{exc.reason}"
    )
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
    return {
        str(k): "" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v)
        for k, v in row.items()
    }


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


def _conflict(
    data_dir: Path, name: str, change: RowChange, now: dict[str, str] | None, position: int | None
) -> ConflictError:
    """The other person's change, shown: who and when from the log, and each field as it is now."""
    entry = last_change(data_dir, name, change.row_id) or {}
    mine = change.before or {}
    if now is None:
        what, key = "—", "edit.problem.row_removed"
    else:
        what = (
            "; ".join(
                f"{column}: «{mine.get(column, '')}» → «{value}»"
                for column, value in now.items()
                if mine.get(column, "") != value
            )
            or "—"
        )
        key = "edit.problem.row_changed"
    params = {
        "row": change.row_id,
        "who": str(entry.get("who") or "—"),
        "when": str(entry.get("when") or "—"),
        "change": what,
    }
    file = TABLES[name].file
    return ConflictError(
        [
            Problem("edit.problem.conflict", {}, file),
            Problem(key, params, file, position + 2 if position is not None else None),
        ]
    )


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
        frame = pd.concat([frame, pd.DataFrame(added).reindex(columns=frame.columns).fillna("")], ignore_index=True)
    return frame.reset_index(drop=True)


def _layer_writes(
    data_dir: Path, name: str, changes: list[RowChange], who: str, when: str, why: str
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The staff facts a save of a generated table comes to, as new bytes of the staff files it changes; and
    per row id which file took it (for the log)."""
    generated = _parse(
        name, (data_dir / TABLES[name].file).read_bytes() if (data_dir / TABLES[name].file).exists() else None
    ).fillna("")
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
                    new_corrections.append(
                        {
                            "table": name,
                            "row_id": change.row_id,
                            "column": column,
                            "value": value,
                            "source_value": str(source.loc[change.row_id, column]),
                            "who": who,
                            "when": when,
                            "why": why,
                        }
                    )
            where[change.row_id] = staff.CORRECTIONS
    writes: dict[str, bytes] = {}
    if new_added or len(added) != len(layer.added[name]) or not added.equals(layer.added[name]):
        frame = pd.concat([added, pd.DataFrame(new_added)], ignore_index=True) if new_added else added
        columns = TABLES[name].columns + staff.ADDED_COLUMNS
        writes[staff.added_file(name)] = csv_bytes(frame.reindex(columns=columns).fillna(""))
    if new_corrections:
        writes[staff.CORRECTIONS] = csv_bytes(
            pd.concat([corrections, pd.DataFrame(new_corrections)], ignore_index=True)[staff.CORRECTION_COLUMNS]
        )
    if new_removals:
        writes[staff.REMOVED] = csv_bytes(
            pd.concat([removed, pd.DataFrame(new_removals)], ignore_index=True)[staff.REMOVAL_COLUMNS]
        )
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


def save_table(
    data_dir: Path, snapshot: Snapshot, new_frame: pd.DataFrame, who: str, via: str, why: str = ""
) -> SaveResult:
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
        entries = [
            {
                "who": who,
                "when": now,
                "table": name,
                "action": c.action,
                "via": via,
                "row_id": c.row_id,
                "before": c.before,
                "after": c.after,
                "why": why,
                "written_to": where.get(c.row_id, TABLES[name].file),
                "version_before": snapshot.version,
                "version_after": version,
            }
            for c in changes
        ]
        committed = _commit(data_dir, writes, entries)
    backup = next((b for b in committed.backups.values() if b is not None), None)
    return SaveResult(version, len(changes), backup)


def add_row(data_dir: Path, snapshot: Snapshot, row: Mapping[str, str], who: str) -> SaveResult:
    new = pd.DataFrame([{c: row.get(c, "") for c in snapshot.frame.columns}], index=[next_label(snapshot.frame)])
    return save_table(data_dir, snapshot, pd.concat([snapshot.frame, new]), who, "form")


def replace_row(
    data_dir: Path, snapshot: Snapshot, label: object, row: Mapping[str, str], who: str, why: str = ""
) -> SaveResult:
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


def next_label(frame: pd.DataFrame) -> int:
    return int(frame.index.max()) + 1 if len(frame) else 0


# --- a row's history, and undoing a correction ------------------------------------------------------------

HISTORY_COLUMNS = ["column", "kind", "value", "who", "when", "why"]


def row_history(data_dir: Path, table: str, row_id: str) -> pd.DataFrame:
    """Per corrected field of a row: the value the sources give now, then each correction (who, when, why) in
    the order made; the last one is in force. Plus the row's removal or addition, if staff made one."""
    data_dir = Path(data_dir)
    layer = _layer(data_dir)
    generated = _parse(
        table, (data_dir / TABLES[table].file).read_bytes() if (data_dir / TABLES[table].file).exists() else None
    ).fillna("")
    source = generated.set_axis(staff.row_ids(table, generated).to_numpy())
    corrections, removed, added = layer.for_table(table)
    lines: list[dict[str, str]] = []
    added_here = added[staff.row_ids(table, added) == row_id] if not added.empty else added
    for record in added_here.itertuples(index=False):
        lines.append(
            {"column": "", "kind": "added", "value": "", "who": record.added_by, "when": record.added_at, "why": ""}
        )
    mine = corrections[corrections["row_id"] == row_id]
    for column in dict.fromkeys(mine["column"]):
        now = str(source.loc[row_id, column]) if row_id in source.index and column in source.columns else ""
        lines.append({"column": column, "kind": "source", "value": now, "who": "", "when": "", "why": ""})
        for record in mine[mine["column"] == column].itertuples(index=False):
            lines.append(
                {
                    "column": column,
                    "kind": "correction",
                    "value": record.value,
                    "who": record.who,
                    "when": record.when,
                    "why": record.why,
                }
            )
    for record in removed[removed["row_id"] == row_id].itertuples(index=False):
        lines.append(
            {"column": "", "kind": "removed", "value": "", "who": record.who, "when": record.when, "why": record.why}
        )
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
        matches = corrections.index[
            (corrections["table"] == table) & (corrections["row_id"] == row_id) & (corrections["column"] == column)
        ]
        if matches.empty:
            raise EditError(
                [Problem("edit.problem.nothing_to_undo", {"row": row_id, "column": column}, staff.CORRECTIONS)]
            )
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
        committed = _commit(
            data_dir,
            writes,
            [
                {
                    "who": who,
                    "when": now,
                    "table": table,
                    "action": "undo",
                    "via": "history",
                    "row_id": row_id,
                    "column": column,
                    "undone": corrections.loc[matches[-1]].to_dict(),
                    "before": old,
                    "after": new,
                    "written_to": staff.CORRECTIONS,
                    "version_before": before.version,
                    "version_after": version,
                }
            ],
        )
    return SaveResult(version, 1, committed.backups.get(staff.CORRECTIONS))


# --- building rows from form values -------------------------------------------------------------------------
