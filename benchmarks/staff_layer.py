"""What the staff layer costs the loader: `load_dataset` on the 100× synthetic data with an empty staff layer
(the baseline) and with 1,000 corrections, 100 removals and 100 added contacts, in the same run.

Run: python benchmarks/staff_layer.py  (prints a Markdown table; everything is written to a temporary directory).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from cooperation import staff
from cooperation.loading import load_dataset
from devtools import synthetic


def _layer(data_dir: Path) -> None:
    contacts = pd.read_csv(data_dir / "contacts.csv", dtype=str, keep_default_na=False)
    corrected = contacts.iloc[:1000]
    (data_dir / staff.CORRECTIONS).parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(
        {
            "table": "contacts",
            "row_id": corrected["contact_id"],
            "column": "venue",
            "value": "other",
            "source_value": corrected["venue"],
            "who": "benchmark",
            "when": "2026-12-01T00:00:00+00:00",
            "why": "",
        }
    ).to_csv(data_dir / staff.CORRECTIONS, index=False)
    removed = contacts.iloc[1000:1100]
    pd.DataFrame(
        {
            "table": "contacts",
            "row_id": removed["contact_id"],
            "who": "benchmark",
            "when": "2026-12-01T00:00:00+00:00",
            "why": "",
        }
    ).to_csv(data_dir / staff.REMOVED, index=False)
    added = contacts.iloc[1100:1200].assign(
        contact_id=[f"bench-added-{i}" for i in range(100)], added_by="b", added_at="2026-12-01T00:00:00+00:00"
    )
    (data_dir / staff.added_file("contacts")).parent.mkdir(parents=True, exist_ok=True)
    added.to_csv(data_dir / staff.added_file("contacts"), index=False)


def _median_loads(plain: Path, layered: Path, repeats: int) -> tuple[float, float]:
    """Alternating the two, so a machine busy with something else slows both alike."""
    load_dataset(plain), load_dataset(layered)
    times: dict[Path, list[float]] = {plain: [], layered: []}
    for _ in range(repeats):
        for directory in (plain, layered):
            start = time.perf_counter()
            load_dataset(directory)
            times[directory].append(time.perf_counter() - start)
    return statistics.median(times[plain]), statistics.median(times[layered])


def main(repeats: int = 9) -> None:
    with tempfile.TemporaryDirectory() as base:
        plain, layered = Path(base) / "plain", Path(base) / "layered"
        synthetic.write(synthetic.Request(scale=100), plain)
        synthetic.write(synthetic.Request(scale=100), layered)
        _layer(layered)
        baseline, with_layer = _median_loads(plain, layered, repeats)
        rows = len(load_dataset(layered).contacts)
    print("| load_dataset, 100× synthetic | median | ratio |\n|---|---|---|")
    print(f"| empty staff layer (baseline) | {baseline * 1000:.0f} ms | 1.00 |")
    print(
        f"| 1,000 corrections, 100 removals, 100 additions ({rows} contacts) | {with_layer * 1000:.0f} ms "
        f"| {with_layer / baseline:.2f} |"
    )


if __name__ == "__main__":
    main()
