"""Benchmark the dashboard on a dataset: cold CSV load, and the warm rerun time of every page under AppTest.

    python benchmarks/run.py                      # the bundled data/
    python benchmarks/run.py --data-dir /tmp/big  # another directory with the same CSVs
    python benchmarks/run.py --runs 15 --lang en  # more runs, one language

A warm rerun is what a visitor waits for after touching a filter: the script runs again with every cache
warm. It is timed around `AppTest.run()` — median of N runs after one warm-up run — next to a one-line
Streamlit script timed the same way in the same process, which is the harness's own floor. Results are
printed as Markdown and written to benchmarks/results/latest.md (git-ignored). Not a test: numbers depend on
the machine, so the table records it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cooperation.paths import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "latest.md"
TARGET_MS = 150.0  # issue 3: a warm rerun under 150 ms per page on the bundled data
TIMEOUT_S = 120
BASELINE_SCRIPT = 'import streamlit as st\nst.write("ok")\n'


def machine() -> dict[str, str]:
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "cpu_count": str(os.cpu_count()),
        "memory": memory,
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a",
    }


def page_files() -> list[Path]:
    """Every page's script, in the registry's order."""
    from cooperation.ui.registry import PAGES

    return [ROOT / spec.path for spec in PAGES]


def time_runs(at, runs: int) -> tuple[list[float], str | None]:
    """Milliseconds of `runs` reruns after one warm-up; the error text if the page failed."""
    at.run()
    problem = _problem(at)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, problem or _problem(at)


def time_new_views(at, runs: int, first_year: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of `runs` reruns, each with the start year moved on by one: a view no cache
    holds yet (the data stays loaded). What a visitor waits for after changing a filter to something nobody
    chose before; the other reruns measure a view already built, for this visitor or another."""
    wall, cpu = [], []
    for offset in range(runs):
        at.query_params["from"] = str(first_year + 1 + offset)
        start, start_cpu = time.perf_counter(), time.process_time()
        at.run()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    at.query_params.pop("from", None)
    return wall, cpu


def _problem(at) -> str | None:
    if at.exception:
        return "exception: " + str(at.exception[0].value)[:120]
    if at.error:
        return "error: " + str(at.error[0].value)[:120]
    return None


def app_test(path: Path, lang: str):
    """The page as the server runs it (the entry frame, then the page), not yet run."""
    from cooperation.ui.registry import BY_PATH
    from devtools.apptest import open_page

    return open_page(BY_PATH[str(path.relative_to(ROOT))].key, timeout_s=TIMEOUT_S, lang=lang)


def baseline(runs: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "one_line.py"
        script.write_text(BASELINE_SCRIPT, encoding="utf-8")
        samples, _ = time_runs(AppTest.from_file(str(script), default_timeout=TIMEOUT_S), runs)
    return samples


def cold_load(data_dir: Path) -> tuple[float, list[float], dict[str, int], int]:
    """The first load_dataset in this process (imports done), then a few more for the spread; and the first
    year of the data (where the year filter starts)."""
    from cooperation.filters import year_bounds
    from cooperation.loading import load_dataset

    start = time.perf_counter()
    dataset = load_dataset(data_dir)
    first = (time.perf_counter() - start) * 1000
    again = []
    for _ in range(3):
        start = time.perf_counter()
        load_dataset(data_dir)
        again.append((time.perf_counter() - start) * 1000)
    rows = {name: len(getattr(dataset, name)) for name in ("cities", "agreements", "contacts", "events")}
    return first, again, rows, year_bounds(dataset)[0]


def fmt(ms: float) -> str:
    return f"{ms:,.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="dataset directory (sets COOPERATION_DATA_DIR); default: the bundled data/",
    )
    parser.add_argument("--runs", type=int, default=7, help="timed reruns per page (median reported)")
    parser.add_argument("--lang", choices=("ru", "en", "both"), default="both")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the Markdown table")
    args = parser.parse_args(argv)

    if args.data_dir is not None:
        os.environ["COOPERATION_DATA_DIR"] = str(args.data_dir.resolve())
        os.chdir(ROOT)
    from cooperation.loading import default_data_dir

    data_dir = default_data_dir()
    langs = ("ru", "en") if args.lang == "both" else (args.lang,)

    import_start = time.perf_counter()
    import cooperation.ui  # noqa: F401  (pandas, plotly, pydeck, streamlit: imports are not the load)

    import_ms = (time.perf_counter() - import_start) * 1000
    first, again, rows, first_year = cold_load(data_dir)

    floor = baseline(args.runs)
    floor_median = statistics.median(floor)
    results = []
    for path in page_files():
        for lang in langs:
            label = path.relative_to(ROOT).as_posix()
            print(f"… {label} [{lang}]", file=sys.stderr, flush=True)
            try:
                at = app_test(path, lang)
                samples, problem = time_runs(at, args.runs)
                new_views, _ = time_new_views(at, args.runs, first_year)
            except Exception as exc:  # noqa: BLE001 — a page that cannot run still gets its row
                samples, new_views, problem = [], [], f"{type(exc).__name__}: {exc}"[:160]
            results.append((label, lang, samples, new_views, problem))

    lines = [
        f"# Benchmark — {datetime.datetime.now().isoformat(timespec='seconds')}",
        "",
        f"Data: `{data_dir}` ({', '.join(f'{k} {v:,}' for k, v in rows.items())})",
        "",
        "| machine | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in machine().items()],
        "",
        f"Imports (cooperation.ui and its dependencies): {fmt(import_ms)} ms  ",
        (
            f"Cold load of the CSVs (`load_dataset`, first call): {fmt(first)} ms; "
            f"repeated: median {fmt(statistics.median(again))} ms"
        ),
        "",
        (
            f"Warm rerun under AppTest: median of {args.runs} runs after 1 warm-up, in ms; "
            f"target < {TARGET_MS:.0f} ms per page. New view: median of {args.runs} reruns, each with a start "
            "year no run asked for before (the figures of that view are built, the data stays loaded)."
        ),
        "",
        "| script | lang | warm median | min | max | minus floor | target | new view median | new view max | note |",
        "|---|---|---:|---:|---:|---:|:---:|---:|---:|---|",
        f"| one-line script (floor) | – | {fmt(floor_median)} | {fmt(min(floor))} | {fmt(max(floor))} | – | – "
        "| – | – | |",
    ]
    for label, lang, samples, new_views, problem in results:
        if samples:
            median = statistics.median(samples)
            ok = "✅" if median < TARGET_MS and not problem else "❌"
            lines.append(
                f"| {label} | {lang} | {fmt(median)} | {fmt(min(samples))} | {fmt(max(samples))} | "
                f"{fmt(median - floor_median)} | {ok} | {fmt(statistics.median(new_views))} | "
                f"{fmt(max(new_views))} | {problem or ''} |"
            )
        else:
            lines.append(f"| {label} | {lang} | – | – | – | – | ❌ | – | – | {problem} |")
    report = "\n".join(lines) + "\n"
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
