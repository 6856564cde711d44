"""How well the contact classifier agrees with the hand-labelled set, and what its morphology costs the ingest.

Run: python benchmarks/classify.py   (prints Markdown; nothing is written to data/)

Quality: precision, recall and F1 per sphere, format and venue accuracy, against
tests/data/labelled_contacts.csv (every contact of the bundled page). Cost: loading pymorphy3's dictionary
in a fresh process against a bare interpreter (time and peak memory), and classifying every entry of the
page with cold and warm word caches, as a share of a whole in-process ingest run measured in the same run.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cooperation.ingest import classify
from cooperation.ingest.build import DEFAULT_RAW_DIR, build_tables, default_sources, run
from cooperation.ingest.evaluation import evaluate, read_labelled
from cooperation.paths import ROOT

LABELLED = ROOT / "tests" / "data" / "labelled_contacts.csv"
PAGE = "kazan_partner_cities_page4_2025.txt"
# Peak memory from VmHWM: it starts afresh at exec, unlike ru_maxrss, which a child inherits from this process.
PROBE = (
    "import re, time; t = time.perf_counter(); {body}; s = time.perf_counter() - t; "
    "print(s, re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
)


def _process(body: str, runs: int) -> tuple[float, float]:
    """Median seconds of `body` in a fresh interpreter, and its peak RSS in MiB."""
    times, rss = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(body=body)], check=True, capture_output=True, text=True, cwd=ROOT
        ).stdout.split()
        times.append(float(out[0]))
        rss.append(int(out[1]) / 1024)
    return statistics.median(times), statistics.median(rss)


def _median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def quality() -> str:
    tables, _ = build_tables(default_sources(), DEFAULT_RAW_DIR)
    scores = evaluate(tables["contacts"].astype({"source_line": int}), read_labelled(LABELLED), PAGE)
    lines = [scores.to_markdown(), "", "Disagreements (labelled → predicted):", ""]
    for d in scores.disagreements.itertuples():
        diffs = [
            f"{what} {getattr(d, what)} → {getattr(d, what + '_predicted')}"
            for what in ("spheres", "format", "venue")
            if getattr(d, what) != getattr(d, what + "_predicted")
        ]
        lines.append(f"- line {d.source_line}.{d.part}: " + "; ".join(diffs))
    return "\n".join(lines)


def cost(runs: int = 5) -> str:
    bare, bare_rss = _process("pass", runs)
    loaded, loaded_rss = _process("import pymorphy3; pymorphy3.MorphAnalyzer(lang='ru')", runs)
    tables, _ = build_tables(default_sources(), DEFAULT_RAW_DIR)
    page = tables["contacts"][tables["contacts"]["source_file"] == PAGE]
    entries = list(zip(page["text_ru"], page["city_id"]))

    def classify_page() -> None:
        for text, city in entries:
            classify.classify(text, city)

    classify._analyzer()
    for cached in (classify._analyse, classify.analyse_text):
        cached.cache_clear()
    cold = _median_ms(classify_page, 1)
    warm = _median_ms(classify_page, runs)
    with tempfile.TemporaryDirectory() as out:
        ingest = _median_ms(lambda: run(default_sources(), Path(out)), runs)
    extra_rss = loaded_rss - bare_rss
    rows = [
        "| measure | median | note |",
        "|---|---:|---|",
        f"| empty statement in a fresh interpreter | {bare * 1000:.0f} ms, {bare_rss:.0f} MiB "
        f"| baseline, {runs} runs |",
        (
            f"| import pymorphy3 + load its Russian dictionary | {loaded * 1000:.0f} ms, {loaded_rss:.0f} MiB | "
            f"+{extra_rss:.0f} MiB over the baseline, once per ingest process |"
        ),
        (
            f"| classify the page's {len(entries)} contacts, cold word cache | {cold:.0f} ms | "
            f"{cold / ingest:.0%} of an ingest run (what a fresh `python -m cooperation.ingest` pays) |"
        ),
        f"| classify the page's {len(entries)} contacts, warm | {warm:.0f} ms | {warm / ingest:.0%} of an ingest run |",
        f"| whole ingest run in process, warm (parse, merge, validate, write) | {ingest:.0f} ms | {runs} runs |",
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    print("## Classifier against the labelled set\n")
    print(quality())
    print("\n## Cost of the morphology at ingest time\n")
    print(cost())
