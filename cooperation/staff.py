"""The staff layer: what staff know that the sources do not, kept in files the ingest never writes.

`data/*.csv` are the ingest's output, rebuilt from `data/raw/` at any time. What staff add, correct and
remove lives under `data/staff/` and is applied on top, last, whenever a table is read (by the loader and by
the Data page alike), so the result is the same whichever of the ingest and the Data page wrote last:

- `staff/added/<table>.csv`: rows staff added (the table's columns, plus `added_by`, `added_at`);
- `staff/corrections.csv`: one line per corrected field of a generated row — table, row id, column, the
  staff value, the value the sources gave when it was corrected, who, when, why. A field corrected twice has
  two lines; the last one applies, and undoing a correction removes the last line (the log keeps it);
- `staff/removed.csv`: generated rows staff removed — table, row id, who, when, why.

A row is identified by its table's unique key (`key_columns`): contact ids are content hashes and city,
agreement and event ids are stable across snapshots, so a correction finds its row after every rebuild.
`known_totals.csv` and `agreement_statuses.csv` are wholly kept by staff and are not layered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cooperation.loading import DataError, DataProblem, decode_csv, read_csv_text
from cooperation.schemas import TABLES

STAFF_DIR = "staff"
CORRECTIONS = f"{STAFF_DIR}/corrections.csv"
REMOVED = f"{STAFF_DIR}/removed.csv"
CORRECTION_COLUMNS = ["table", "row_id", "column", "value", "source_value", "who", "when", "why"]
REMOVAL_COLUMNS = ["table", "row_id", "who", "when", "why"]
ADDED_COLUMNS = ["added_by", "added_at"]
# The generated tables staff correct; the others are the ingest's record of its sources (sources.csv,
# national_context.csv, forum_sessions.csv) or kept wholly by staff (known_totals.csv, agreement_statuses.csv).
LAYERED: tuple[str, ...] = ("cities", "agreements", "contacts", "events", "memberships")


def added_file(table: str) -> str:
    return f"{STAFF_DIR}/added/{TABLES[table].file}"


def layer_files() -> list[str]:
    """Every file of the staff layer, relative to the data directory."""
    return [CORRECTIONS, REMOVED, *(added_file(t) for t in LAYERED)]


def key_columns(name: str) -> list[str]:
    """The columns that identify a row: the schema's unique column(s); none for agreement_statuses."""
    schema = TABLES[name].schema
    unique = [c for c, col in schema.columns.items() if col.unique]
    return unique or list(schema.unique or [])


def row_ids(name: str, frame: pd.DataFrame) -> pd.Series:
    """Each row's id as the staff files write it: its key's cells joined by '|'."""
    keys = key_columns(name)
    if frame.empty:
        return pd.Series([], dtype=str, index=frame.index)
    first, *rest = (frame[k].astype(str) for k in keys)
    return first.str.cat(rest, sep="|") if rest else first


def row_id(name: str, row: Mapping[str, str]) -> str:
    return "|".join(str(row.get(k, "")) for k in key_columns(name))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8, comma, LF: how the ingest writes, whatever an Excel round trip had turned the file into."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in columns})


def parse(relative: str, data: bytes | None, columns: list[str]) -> pd.DataFrame:
    """A staff file's bytes as text cells with at least `columns`; absent or header-only means no rows."""
    if data is None:
        return empty(columns)
    try:
        text = decode_csv(data)
        frame = read_csv_text(text) if text.strip() else empty(columns)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
        raise DataError([DataProblem(relative, None, None, f"not a readable CSV: {exc}")]) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError([DataProblem(relative, None, c, "column missing") for c in missing])
    return frame.fillna("").astype(str)


def _read(data_dir: Path, relative: str) -> bytes | None:
    path = Path(data_dir) / relative
    return path.read_bytes() if path.exists() else None


@dataclass(frozen=True)
class Layer:
    """The staff files of one data directory as text frames, and the bytes they were read from."""

    corrections: pd.DataFrame
    removed: pd.DataFrame
    added: dict[str, pd.DataFrame]
    raw: dict[str, bytes | None]

    def for_table(self, name: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        return (
            self.corrections[self.corrections["table"] == name],
            self.removed[self.removed["table"] == name],
            self.added.get(name, empty(TABLES[name].columns + ADDED_COLUMNS)),
        )

    def version(self, name: str) -> str:
        """What a table's staff part was read from: changes whenever a staff file touching it changes."""
        parts = [self.raw[CORRECTIONS], self.raw[REMOVED], self.raw.get(added_file(name))]
        return hashlib.sha256(b"\0".join(p if p is not None else b"absent" for p in parts)).hexdigest()


def read_layer(data_dir: Path) -> Layer:
    raw = {relative: _read(data_dir, relative) for relative in layer_files()}
    # Only the key is required of an added-rows file: a column the schema gains later is simply empty there.
    added = {
        t: parse(added_file(t), raw[added_file(t)], key_columns(t))
        .reindex(columns=TABLES[t].columns + ADDED_COLUMNS)
        .fillna("")
        for t in LAYERED
    }
    return Layer(
        parse(CORRECTIONS, raw[CORRECTIONS], CORRECTION_COLUMNS),
        parse(REMOVED, raw[REMOVED], REMOVAL_COLUMNS),
        added,
        raw,
    )


def latest_corrections(corrections: pd.DataFrame) -> pd.DataFrame:
    """The correction in force per (table, row, column): the last line written."""
    return corrections.drop_duplicates(["table", "row_id", "column"], keep="last")


def apply(name: str, generated: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """A generated table (text cells) with the staff layer on top: removals, then corrections, then additions.

    An added row whose id the sources now also give replaces the generated row: staff knowledge comes last.
    Corrections to a column the table does not have, or to a row no longer there, change nothing (the ingest
    report names them).
    """
    if name not in LAYERED:
        return generated
    corrections, removed, added = layer.for_table(name)
    if corrections.empty and removed.empty and added.empty:
        return generated
    frame = generated.fillna("").astype(str)
    ids = row_ids(name, frame)
    added_rows = added.drop(columns=ADDED_COLUMNS).reindex(columns=frame.columns).fillna("")
    drop = ids.isin(set(removed["row_id"])) | ids.isin(set(row_ids(name, added_rows)))
    frame, ids = frame[~drop].copy(), ids[~drop]
    position = pd.Series(frame.index, index=ids.to_numpy())
    in_force = latest_corrections(corrections)
    in_force = in_force[in_force["row_id"].isin(position.index) & in_force["column"].isin(frame.columns)]
    for column, group in in_force.groupby("column", sort=False):  # one assignment per column, not per cell
        frame.loc[position[group["row_id"]].to_numpy(), column] = group["value"].to_numpy()
    return pd.concat([frame, added_rows], ignore_index=True)


def apply_to(data_dir: Path, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The loader's hook: every layered table read from `data_dir` with the staff layer applied."""
    layer = read_layer(data_dir)
    return {name: apply(name, frame, layer) if name in LAYERED else frame for name, frame in frames.items()}


# --- what a rebuild must tell staff -------------------------------------------------------------------------


def rebuild_notes(name: str, generated: pd.DataFrame, layer: Layer) -> list[tuple[str, str]]:
    """(level, message) for each staff fact the new generated table touches: a corrected field the sources now
    give differently (the staff value stays), a correction or removal whose row the sources no longer have, an
    added row the sources now also hold."""
    corrections, removed, added = layer.for_table(name)
    frame = generated.fillna("").astype(str)
    ids = row_ids(name, frame)
    by_id = frame.set_axis(ids.to_numpy())
    added_ids = set(row_ids(name, added))
    notes: list[tuple[str, str]] = []
    for c in latest_corrections(corrections).itertuples(index=False):
        if c.row_id not in by_id.index:
            if c.row_id not in added_ids:
                message = (
                    f"{c.row_id}, {c.column}: the sources no longer have this row; the correction by "
                    f"{c.who} ({c.when}) is kept but applies to nothing"
                )
                notes.append(("warning", message))
            continue
        now = str(by_id.loc[c.row_id, c.column]) if c.column in by_id.columns else ""
        if now not in (c.source_value, c.value):
            message = (
                f"{c.row_id}, {c.column}: conflict — the sources now say «{now}» (they said "
                f"«{c.source_value}» when {c.who} corrected it on {c.when}); the staff value «{c.value}» is "
                f"kept. Undo the correction on the Data page to take the new value"
            )
            notes.append(("warning", message))
    gone = sorted(set(removed["row_id"]) - set(ids))
    if gone:
        notes.append(
            ("info", f"{len(gone)} row(s) staff removed are no longer in the sources either: " + ", ".join(gone[:10]))
        )
    both = sorted(added_ids & set(ids))
    if both:
        notes.append(
            (
                "info",
                f"{len(both)} row(s) staff added are now also in the sources (the staff row is "
                "kept): " + ", ".join(both[:10]),
            )
        )
    return notes
