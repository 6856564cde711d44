"""What an import costs to read or refuse: hostile files against an ordinary one, in the same process.

    python benchmarks/imports.py

Each file of devtools/hostile_files.py (the shapes issue 21 probed: a zip bomb of shared strings, 2,000,000 rows,
a row declared at 2,000,000, 10,000 columns) goes through `cooperation.uploads.read_upload`, timed (median of 3)
with its peak of traced Python memory; the baseline is a 20-row workbook of contacts read the same way. Before
the limits, the issue measured 60 s and 3.5 GB (the bomb) and 170 s and 1 GB (2,000,000 rows).
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable

from cooperation import uploads
from devtools.hostile_files import (
    far_row_sheet,
    shared_strings_bomb,
    two_million_rows,
    wide_csv,
    workbook_bytes,
)

TEXT = "Делегация Тегерана посетила выставку в Казани."


def measure(data: bytes, filename: str, runs: int = 3) -> tuple[float, float, str]:
    """Median seconds, peak traced MB and the outcome (rows read, or the refusal's catalogue key)."""
    times, outcome, peak = [], "", 0
    for _ in range(runs):
        tracemalloc.start()
        started = time.perf_counter()
        try:
            outcome = f"{len(uploads.read_upload(data, filename).frame)} rows read"
        except uploads.UploadRefused as refusal:
            outcome = f"refused: {refusal.key.removeprefix('edit.problem.')}"
        times.append(time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times), peak / 2**20, outcome


def main() -> None:
    cases: list[tuple[str, Callable[[], bytes], str]] = [
        (
            "baseline: 20-row workbook",
            lambda: workbook_bytes([["city_id", "date_start", "text_ru"], *[["tehran", "04.05.2025", TEXT]] * 20]),
            "x.xlsx",
        ),
        ("shared-strings bomb (300 MB unpacked)", lambda: shared_strings_bomb(300), "bomb.xlsx"),
        ("2,000,000 rows", two_million_rows, "rows.xlsx"),
        ("one row declared at 2,000,000", lambda: far_row_sheet(2_000_000), "far.xlsx"),
        ("10,000 columns (CSV)", lambda: wide_csv(10_000), "wide.csv"),
    ]
    print("| file | size | read or refused | median time | × baseline | peak traced memory |")
    print("|---|---:|---|---:|---:|---:|")
    baseline = None
    for title, build, filename in cases:
        data = build()
        seconds, peak, outcome = measure(data, filename)
        baseline = baseline or seconds
        print(
            f"| {title} | {len(data) / 1024:,.0f} KB | {outcome} | {seconds * 1000:,.1f} ms | "
            f"{seconds / baseline:.3f} | {peak:.2f} MB |"
        )


if __name__ == "__main__":
    main()
