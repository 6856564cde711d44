"""How long the ingest takes on the bundled sources: the parse-and-write itself and the whole CLI process.

Run: python benchmarks/ingest.py  (prints a Markdown table; nothing is written to data/).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cooperation.ingest.build import DEFAULT_RAW_DIR, build_tables, default_sources, run
from cooperation.paths import ROOT


def main(repeats: int = 7) -> None:
    with tempfile.TemporaryDirectory() as out:
        run(default_sources(), Path(out))  # warm-up: imports and the gazetteer index
        in_process = []
        for _ in range(repeats):
            start = time.perf_counter()
            run(default_sources(), Path(out))
            in_process.append(time.perf_counter() - start)
        parse = []
        for _ in range(repeats):
            start = time.perf_counter()
            build_tables(default_sources(), DEFAULT_RAW_DIR)
            parse.append(time.perf_counter() - start)
        cli = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "cooperation.ingest", "--out", out], cwd=ROOT, check=True, capture_output=True
            )
            cli.append(time.perf_counter() - start)
    print("| measure | median | runs |\n|---|---|---|")
    print(
        f"| parse and merge the sources into tables, warm process | {statistics.median(parse) * 1000:.0f} ms "
        f"| {repeats} |"
    )
    print(
        f"| ingest run (parse, merge, validate, write), warm process | {statistics.median(in_process) * 1000:.0f} ms "
        f"| {repeats} |"
    )
    print(f"| `python -m cooperation.ingest`, whole process incl. imports | {statistics.median(cli):.2f} s | 3 |")


if __name__ == "__main__":
    main()
