"""Merge the rows of several snapshots of the partner list into one dataset.

Snapshots are applied oldest first, so where two disagree on a fact the newer one wins; the order of the
files on the command line never matters because the order is decided by snapshot date (then checksum).
"""

from __future__ import annotations

from typing import Any

from cooperation.ingest.partners import PageRows, Row
from cooperation.ingest.report import Problem

# Bookkeeping columns differ between snapshots by nature; they are not facts to compare.
NOT_FACTS = {"source_file", "source_line"}


def _merge_keyed(
    tables: list[tuple[str, list[Row]]], key: tuple[str, ...], what: str
) -> tuple[list[Row], list[Problem]]:
    merged: dict[tuple[Any, ...], Row] = {}
    origin: dict[tuple[Any, ...], str] = {}
    problems: list[Problem] = []
    for source_file, rows in tables:
        for row in rows:
            k = tuple(row[c] for c in key)
            old = merged.get(k)
            if old is not None:
                for column, value in row.items():
                    if column in NOT_FACTS or value in (None, "") or old.get(column) in (None, ""):
                        continue
                    if old[column] != value:
                        problems.append(
                            Problem(
                                source_file,
                                row.get("source_line"),
                                f"{what} {'/'.join(map(str, k))}: {column} «{old[column]}» in "
                                f"{origin[k]} differs; the newer «{value}» is kept",
                                "info",
                            )
                        )
                row = {**old, **{c: v for c, v in row.items() if v not in (None, "")}}
            merged[k] = row
            origin[k] = source_file
    return list(merged.values()), problems


def merge_pages(pages: list[tuple[str, PageRows]]) -> tuple[PageRows, list[Problem]]:
    """`pages` are (snapshot sort key, rows); the result holds one row per city, agreement, contact."""
    ordered = [p for _, p in sorted(pages, key=lambda kp: kp[0])]
    merged = PageRows(source_file="+".join(p.source_file for p in ordered))
    problems: list[Problem] = []
    for attr, key, what in (
        ("cities", ("city_id",), "city"),
        ("agreements", ("agreement_id",), "agreement"),
        ("contacts", ("contact_id",), "contact"),
        ("memberships", ("city_id", "organization"), "membership"),
    ):
        rows, found = _merge_keyed([(p.source_file, getattr(p, attr)) for p in ordered], key, what)
        setattr(merged, attr, rows)
        problems += found
    return merged, problems
