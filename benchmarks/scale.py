"""How the dashboard holds up at 1×, 10× and 100× the bundled data (and, with --stress, a million contacts).

For each size a synthetic dataset (cooperation.synthetic) is written to a temporary directory and measured:
- cold `load_dataset` (read + validate the CSVs, no cache) and the app's cached loader (`ui._load`) on its
  first call and warm, inside a Streamlit script run;
- the warm rerun time of every page (`views/*.py` through the entry frame) under AppTest, with benchmarks/run.py's
  helpers: median of several runs after a warm-up, next to its one-line script measured in the same process
  (AppTest's own floor); also the CPU time per rerun, which a busy shared machine does not inflate;
- in Chromium against `streamlit run dashboard.py`: navigation until the page's run ended and every chart is
  drawn, and a sidebar filter change until the overview's chart changes and until its run ended;
- the server's peak memory (VmHWM of its process tree);
- with --profile, every page over target under pyinstrument: the project's functions that cost the most.

Run: python benchmarks/scale.py [--scales 1 10 100] [--stress] [--runs 5] [--no-browser] [--profile]
The Markdown report is printed and written to benchmarks/results/scale.md (git-ignored).
Targets (issue 5): at 100× every page's warm rerun < 300 ms and a filter change visible in < 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.run import (
    BASELINE_SCRIPT,
    app_test,
    baseline,
    page_files,
    time_new_views,
    time_runs,
)
from benchmarks.run import (
    machine as machine_facts,
)
from cooperation.filters import year_bounds
from cooperation.i18n import label, t
from cooperation.loading import DATA_DIR_ENV, load_dataset
from cooperation.paths import ROOT
from cooperation.vocab import SPHERES
from devtools import synthetic
from devtools.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    command,
    spawn,
)

RESULTS = ROOT / "benchmarks" / "results"
RERUN_TARGET_MS = 300
FILTER_TARGET_MS = 1000
SLOW_RUN_MS = 10_000
STRESS_CONTACTS = 1_000_000
LANG = "en"

# The app's script run has ended: Streamlit's own end-to-end tests read this attribute ("initial" before the
# first run, then "running" / "rerunRequested" / "notRunning"). The status widget is no such signal: it
# appears only a second or two into a run, so a page can look idle while its script is still working.
RUN_ENDED_JS = """() => document.querySelector('[data-testid="stApp"]')
  ?.getAttribute('data-test-script-state') === 'notRunning'"""
# The run has ended and every chart is drawn: plotly's SVG inside each plotly chart and deck.gl's canvas
# inside each map. `min` is the number of charts AppTest found on the page.
CHARTS_DRAWN_JS = (
    """(min) => {
  if (!("""
    + RUN_ENDED_JS
    + """)()) return false;
  const plots = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
  if (plots.length + decks.length < min) return false;
  return plots.every(p => p.querySelector('.main-svg')) && decks.every(d => d.querySelector('canvas'));
}"""
)
# What the overview's charts show, as text: axis ticks, legends, bar labels. A filter change alters it.
CHART_SIGNATURE_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg')]
  .map(svg => svg.textContent + '#' + svg.querySelectorAll('path').length).join('|')"""


# --- what is measured ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    label: str
    request: synthetic.Request


@dataclass
class Result:
    size: Size
    partners: int = 0
    contacts: int = 0
    csv_mb: float = 0.0
    generate_s: float = 0.0
    cold_load_s: float = 0.0
    loader_first_ms: float = 0.0
    loader_warm_ms: float = 0.0
    empty_ms: float = 0.0
    empty_cpu_ms: float = 0.0
    reruns_ms: dict[str, float] = field(default_factory=dict)  # page → median warm rerun, wall time
    cpu_ms: dict[str, float] = field(default_factory=dict)  # page → median warm rerun, CPU time
    first_year: int = 2000  # where the data's years start: new views move the start year on from it
    new_view_ms: dict[str, float] = field(default_factory=dict)  # page → median rerun of an unseen view, wall
    new_view_cpu_ms: dict[str, float] = field(default_factory=dict)  # … and CPU time
    failures: dict[str, str] = field(default_factory=dict)  # page → what went wrong
    charts: dict[str, int] = field(default_factory=dict)  # page → charts AppTest found
    first_visit_s: float | None = None
    navigation_ms: dict[str, float] = field(default_factory=dict)  # page → median navigation until drawn
    run_ended_ms: dict[str, float] = field(default_factory=dict)  # page → median navigation until run ended
    filter_visible_ms: float | None = None
    filter_done_ms: float | None = None
    peak_rss_mb: float | None = None
    hotspots: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # page → (function, ms per rerun)
    single_run: set[str] = field(default_factory=set)  # pages too slow for more than one timed rerun


def page_name(path: Path) -> str:
    """The page's registry key (overview, map, …)."""
    from cooperation.ui.registry import BY_PATH

    return BY_PATH[str(path.relative_to(ROOT))].key


def page_url(base: str, path: Path, lang: str = LANG) -> str:
    """The page's address: its registry URL path under the server's base."""
    from cooperation.ui.registry import BY_PATH

    return f"{base}/{BY_PATH[str(path.relative_to(ROOT))].url_path}?lang={lang}"


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


LOAD_AT_START = os.getloadavg()[0]


def machine() -> str:
    """benchmarks/run.py's machine facts, plus the load at the start: on a shared machine it explains slow numbers."""
    facts = machine_facts()
    return (
        f"{facts['platform']}, {facts['processor']}, Python {facts['python']}, {facts['cpu_count']} CPUs, "
        f"{facts['memory']} RAM; 1-minute load average {LOAD_AT_START:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end (above {os.cpu_count()}, other processes competed for the CPUs)"
    )


# --- the process tree's peak memory ----------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                child = int(stat.parent.name)
                found += [child, *_children(child)]
    return found


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system, including reaped children) of a process and its live descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for each in [pid, *_children(pid)]:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / ticks


def peak_rss_mb(pid: int) -> float:
    """Sum of VmHWM (peak resident set) over a process and its descendants — psutil is not installed."""
    total_kb = 0
    for each in [pid, *_children(pid)]:
        with contextlib.suppress(OSError, StopIteration):
            status = Path(f"/proc/{each}/status").read_text().splitlines()
            total_kb += int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
    return total_kb / 1024


# --- a streamlit server ----------------------------------------------------------------------------------


@contextlib.contextmanager
def streamlit_server(
    data_dir: Path | None, log_path: Path, start_timeout_s: float = 90
) -> Iterator[tuple[str, subprocess.Popen]]:
    """This app's server on 127.0.0.1 only, in its own process group; always stopped on exit."""
    with spawn(command, data_dir, log_path, timeout_s=start_timeout_s) as (base, process, _):
        yield base, process


# --- AppTest measurements --------------------------------------------------------------------------------

LOADER_PROBE = """
import time
import streamlit as st
from cooperation.ui import loader
start = time.perf_counter()
loader.load("en")
st.session_state["probe_ms"] = (time.perf_counter() - start) * 1000
"""


def loader_times(runs: int, timeout_s: float) -> tuple[float, float]:
    """The cached loader's first call (loads and enriches) and its warm calls (median), in ms."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_resource.clear()
    st.cache_data.clear()
    probe = AppTest.from_string(LOADER_PROBE, default_timeout=timeout_s)
    samples = []
    for _ in range(runs + 1):
        probe.run()
        if probe.exception:
            raise RuntimeError(f"loader probe failed: {probe.exception[0].value}")
        samples.append(probe.session_state["probe_ms"])
    return samples[0], statistics.median(samples[1:])


def rerun_median_ms(at, runs: int) -> tuple[float, str | None]:
    """benchmarks/run.py's timing (one warm-up, then `runs` reruns), reduced to its median."""
    samples, problem = time_runs(at, runs)
    return statistics.median(samples), problem


def rerun_cpu_ms(at, runs: int) -> float:
    """Median CPU time of this process per warm rerun: on a machine others share, wall time mostly measures
    waiting for a core, while CPU time is what the page itself costs."""
    samples = []
    for _ in range(runs):
        start = time.process_time()
        at.run()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


@contextlib.contextmanager
def profiled_script_runs(profiler) -> Iterator[None]:
    """Profile AppTest's script thread: pyinstrument only samples the thread that starts it, and AppTest runs
    the page in a thread of its own. Samples of successive runs accumulate in one session."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def run_profiled(self) -> None:
        profiler.start()
        try:
            original(self)
        finally:
            profiler.stop()

    LocalScriptRunner._run_script_thread = run_profiled
    try:
        yield
    finally:
        LocalScriptRunner._run_script_thread = original


# Frames every page has around its work: the script itself, the error guard and the page's body function.
WRAPPERS = {"<module>", "run", "_run", "guarded", "body"}


def project_hotspots(root_frame, runs: int, top: int = 12) -> list[tuple[str, float]]:
    """The project's own functions by inclusive time per rerun: "cooperation/metrics.py:120 partner_summary".

    A function that calls itself, or appears under several callers, is counted once per call path's
    outermost occurrence, so the figures add up to no more than the run.
    """
    totals: dict[str, float] = {}

    def walk(frame, open_keys: frozenset[str]) -> None:
        key = None
        path = frame.file_path or ""
        if path.startswith(str(ROOT)) and "/benchmarks/" not in path and frame.function not in WRAPPERS:
            key = f"{Path(path).relative_to(ROOT)}:{frame.line_no} {frame.function}"
            if key not in open_keys:
                totals[key] = totals.get(key, 0.0) + frame.time
        for child in frame.children:
            walk(child, open_keys | {key} if key else open_keys)

    if root_frame is not None:
        walk(root_frame, frozenset())
    ranked = sorted(totals.items(), key=lambda item: -item[1])[:top]
    return [(key, seconds * 1000 / runs) for key, seconds in ranked]


def profile_page(result: Result, name: str, at, runs: int) -> None:
    """pyinstrument over `runs` warm reruns of a page; the full tree goes to benchmarks/results/."""
    from pyinstrument import Profiler  # pip install pyinstrument (a benchmark tool, not an app dependency)

    profiler = Profiler(interval=0.001)
    with profiled_script_runs(profiler):
        for _ in range(runs):
            at.run()
    session = profiler.last_session
    if session is None:
        return
    out = RESULTS / f"profile-{result.size.label.replace(' ', '-')}-{name}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    result.hotspots[name] = project_hotspots(session.root_frame(), runs)


def chart_count(at) -> int:
    return len(at.get("plotly_chart")) + len(at.get("deck_gl_json_chart"))


def measure_page(result: Result, path: Path, runs: int, timeout_s: float, profile: bool) -> None:
    """Warm reruns of one page: the median of `runs`, or a single run when one already takes SLOW_RUN_MS.

    A page that slow would make the benchmark take hours at the larger sizes, and one run says enough.
    """
    name = page_name(path)
    at = app_test(path, LANG)
    at.default_timeout = timeout_s
    print(f"[{result.size.label}] {name} …", file=sys.stderr, flush=True)
    try:
        cpu_start = time.process_time()
        samples, failure = time_runs(at, 1)
        cpu_two_runs = (time.process_time() - cpu_start) * 1000
        if samples[0] < SLOW_RUN_MS:
            median, failure = rerun_median_ms(at, runs)
            result.reruns_ms[name], result.cpu_ms[name] = median, rerun_cpu_ms(at, runs)
            wall, cpu = time_new_views(at, runs, result.first_year)
            result.new_view_ms[name], result.new_view_cpu_ms[name] = statistics.median(wall), statistics.median(cpu)
        else:
            result.reruns_ms[name], result.cpu_ms[name] = samples[0], cpu_two_runs / 2
            result.single_run.add(name)
        if profile and not failure and max(result.reruns_ms[name], result.cpu_ms[name]) > RERUN_TARGET_MS:
            profile_page(result, name, at, 1 if name in result.single_run else runs)
    except RuntimeError as exc:  # AppTest's timeout; the page's thread cannot be stopped, only reported
        result.failures[name] = str(exc)
        return
    result.charts[name] = chart_count(at)
    if failure:
        result.failures[name] = failure


def measure_apptest(result: Result, pages: list[Path], runs: int, timeout_s: float, profile: bool) -> None:
    result.loader_first_ms, result.loader_warm_ms = loader_times(runs, timeout_s)
    from streamlit.testing.v1 import AppTest

    result.empty_ms = statistics.median(baseline(runs))
    empty = AppTest.from_string(BASELINE_SCRIPT, default_timeout=timeout_s)
    empty.run()
    result.empty_cpu_ms = rerun_cpu_ms(empty, runs)
    for path in pages:
        measure_page(result, path, runs, timeout_s, profile)


# --- browser measurements --------------------------------------------------------------------------------


def navigate_until_drawn(browser, url: str, charts: int, timeout_ms: float) -> tuple[float, float]:
    """Milliseconds from navigation (a new session) until the page's run ended, and until its charts are drawn.

    The two apart say whether a slow page waits for the server or for the browser (deck.gl and plotly draw
    on the same CPUs here, WebGL in software)."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", service_workers="block")
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_function(RUN_ENDED_JS, polling=50, timeout=timeout_ms)
        ended = (time.perf_counter() - start) * 1000
        page.wait_for_function(CHARTS_DRAWN_JS, arg=charts, polling=50, timeout=timeout_ms)
        return ended, (time.perf_counter() - start) * 1000
    finally:
        context.close()


def filter_change_ms(browser, base: str, charts: int, sphere: str, timeout_ms: float) -> tuple[float, float]:
    """Milliseconds from choosing `sphere` in the overview's sidebar until the first chart shows the filtered
    data (what a visitor sees change), and until the page's whole run has ended. Each measurement picks a
    sphere no one chose before on this server: the figures of a view already seen come from a shared cache."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", service_workers="block")
    try:
        page = context.new_page()
        page.goto(page_url(base, ROOT / "views" / "overview.py"), timeout=timeout_ms)
        page.wait_for_function(CHARTS_DRAWN_JS, arg=charts, polling=50, timeout=timeout_ms)
        before = page.evaluate(CHART_SIGNATURE_JS)
        spheres = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
            has_text=t("filters.spheres", LANG)
        )
        spheres.locator("input").click()
        option = page.get_by_role("option", name=label("sphere", sphere, LANG), exact=True)
        start = time.perf_counter()
        option.click()
        page.wait_for_function(f"() => ({CHART_SIGNATURE_JS})() !== {before!r}", polling=50, timeout=timeout_ms)
        visible = (time.perf_counter() - start) * 1000
        page.wait_for_function(CHARTS_DRAWN_JS, arg=charts, polling=50, timeout=timeout_ms)
        return visible, (time.perf_counter() - start) * 1000
    finally:
        context.close()


def measure_browser(result: Result, pages: list[Path], data_dir: Path, runs: int, timeout_ms: float) -> None:
    """Navigation per page and the filter change; a page that times out is reported, the others still run."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    log = RESULTS / f"server-{result.size.label}.log"
    with streamlit_server(data_dir, log) as (base, process), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            # The server's first visit loads and validates the CSVs: reported apart from warm navigation.
            first = pages[0]
            result.first_visit_s = (
                navigate_until_drawn(
                    browser, page_url(base, first), result.charts.get(page_name(first), 0), timeout_ms
                )[1]
                / 1000
            )
            for path in pages:
                name = page_name(path)
                if name in result.failures:
                    continue
                try:
                    visits = [
                        navigate_until_drawn(browser, page_url(base, path), result.charts.get(name, 0), timeout_ms)
                        for _ in range(1 if name in result.single_run else runs)
                    ]
                    result.run_ended_ms[name] = statistics.median(ended for ended, _ in visits)
                    result.navigation_ms[name] = statistics.median(drawn for _, drawn in visits)
                except PlaywrightError as exc:
                    result.failures[name] = f"browser: {str(exc).splitlines()[0][:160]}"
            try:
                if "overview" not in result.charts:
                    return
                changes = [
                    filter_change_ms(browser, base, result.charts.get("overview", 1), sphere, timeout_ms)
                    for sphere in SPHERES[: 1 if "overview" in result.single_run else runs]
                ]
                result.filter_visible_ms = statistics.median(visible for visible, _ in changes)
                result.filter_done_ms = statistics.median(done for _, done in changes)
            except PlaywrightError as exc:
                result.failures["filter change"] = f"browser: {str(exc).splitlines()[0][:160]}"
        finally:
            browser.close()
            result.peak_rss_mb = peak_rss_mb(process.pid)


# --- one size ----------------------------------------------------------------------------------------------


def measure(size: Size, pages: list[Path], runs: int, browser_runs: int, with_browser: bool, profile: bool) -> Result:
    result = Result(size)
    slow = size.request.contacts is not None and size.request.contacts >= 100_000
    timeout_s = 3600 if slow else 900
    with tempfile.TemporaryDirectory(prefix=f"kazan-{size.label}-") as tmp:
        data_dir = Path(tmp)
        print(f"[{size.label}] generating …", file=sys.stderr, flush=True)
        result.generate_s = timed(lambda: synthetic.write(size.request, data_dir))
        result.csv_mb = sum(p.stat().st_size for p in data_dir.glob("*.csv")) / 1024**2
        print(f"[{size.label}] cold load …", file=sys.stderr, flush=True)
        start = time.perf_counter()
        dataset = load_dataset(data_dir)
        result.cold_load_s = time.perf_counter() - start
        result.partners = int((dataset.cities["role"] == "partner").sum())
        result.contacts = len(dataset.contacts)
        result.first_year = year_bounds(dataset)[0]
        del dataset
        os.environ[DATA_DIR_ENV] = str(data_dir)
        try:
            print(f"[{size.label}] AppTest …", file=sys.stderr, flush=True)
            measure_apptest(result, pages, runs, timeout_s, profile)
            if with_browser:
                print(f"[{size.label}] browser …", file=sys.stderr, flush=True)
                measure_browser(result, pages, data_dir, browser_runs, timeout_s * 1000)
        finally:
            os.environ.pop(DATA_DIR_ENV, None)
    return result


# --- report ------------------------------------------------------------------------------------------------


def _ms(value: float | None, target: float | None = None) -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f} ms" if value < 10_000 else f"{value / 1000:,.1f} s"
    return f"**{text}** ✗" if target is not None and value > target else text


def report(results: list[Result], paths: list[Path], runs: int, browser_runs: int) -> str:
    pages = [page_name(p) for p in paths]
    lines = [
        f"Machine: {machine()}.",
        "",
        "### Data and loading",
        "",
        "| dataset | partners | contacts | CSV size | generate | cold `load_dataset` | cached loader, first call "
        "| cached loader, warm | server peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.size.label} | {r.partners:,} | {r.contacts:,} | {r.csv_mb:,.1f} MB | {r.generate_s:.1f} s "
            f"| {r.cold_load_s:.2f} s | {_ms(r.loader_first_ms)} | {r.loader_warm_ms:.2f} ms "
            f"| {f'{r.peak_rss_mb:,.0f} MB' if r.peak_rss_mb else '—'} |"
        )
    lines += [
        "",
        f"### Warm rerun under AppTest: wall time / CPU time (median of {runs} after a warm-up; "
        f"target < {RERUN_TARGET_MS} ms)",
        "",
        "| dataset | empty script | " + " | ".join(pages) + " |",
        "|---|---:|" + "---:|" * len(pages),
    ]
    for r in results:
        cells = [
            (
                f"{_ms(r.reruns_ms[p], RERUN_TARGET_MS)} / {_ms(r.cpu_ms.get(p), RERUN_TARGET_MS)}"
                + (" (1 run)" if p in r.single_run else "")
                + (" (failed)" if p in r.failures else "")
            )
            if p in r.reruns_ms
            else "—"
            for p in pages
        ]
        lines.append(f"| {r.size.label} | {_ms(r.empty_ms)} / {_ms(r.empty_cpu_ms)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"### A new view under AppTest: wall time / CPU time (median of {runs} reruns, each with a start "
        "year no run asked for before: the page builds its figures, the data stays loaded)",
        "",
        "| dataset | " + " | ".join(pages) + " |",
        "|---|" + "---:|" * len(pages),
    ]
    for r in results:
        cells = [
            f"{_ms(r.new_view_ms[p])} / {_ms(r.new_view_cpu_ms.get(p))}" if p in r.new_view_ms else "—" for p in pages
        ]
        lines.append(f"| {r.size.label} | " + " | ".join(cells) + " |")
    if any(r.first_visit_s is not None for r in results):
        lines += [
            "",
            f"### Chromium (median of {browser_runs}; target: a filter change visible < {FILTER_TARGET_MS} ms)",
            "",
            "| dataset | first visit after start | "
            + " | ".join(f"{p}: drawn (run ended)" for p in pages)
            + " | filter change → chart updated | filter change → run ended |",
            "|---|---:|" + "---:|" * len(pages) + "---:|---:|",
        ]
        for r in results:
            first = f"{r.first_visit_s:.1f} s" if r.first_visit_s is not None else "—"
            cells = [
                f"{_ms(r.navigation_ms[p])} ({_ms(r.run_ended_ms[p])})" if p in r.navigation_ms else "—" for p in pages
            ]
            filters = f"{_ms(r.filter_visible_ms, FILTER_TARGET_MS)} | {_ms(r.filter_done_ms)}"
            lines.append(f"| {r.size.label} | {first} | " + " | ".join(cells) + f" | {filters} |")
    failures = [(r.size.label, page, why) for r in results for page, why in r.failures.items()]
    if failures:
        lines += ["", "Failed runs (times of failed pages are not comparable):"]
        lines += [f"- {label} / {page}: {why}" for label, page, why in failures]
    for r in results:
        for page, spots in r.hotspots.items():
            if r.reruns_ms.get(page, 0) <= RERUN_TARGET_MS and r.cpu_ms.get(page, 0) <= RERUN_TARGET_MS:
                continue
            lines += [
                "",
                f"Profile of {page} at {r.size.label} (pyinstrument, project functions, inclusive ms per "
                f"rerun; full tree in benchmarks/results/profile-{r.size.label.replace(' ', '-')}-{page}.txt):",
                "",
            ] + [f"- {ms:,.0f} ms `{where}`" for where, ms in spots]
    lines += [
        "",
        "(1 run): the page took over {:,} ms, so one warm rerun was timed (CPU: half of the first two "
        "runs) and the browser opened it once.".format(SLOW_RUN_MS),
    ]
    lines += [
        "",
        "Navigation: a new browser session opens the page until its script run has ended (stApp's "
        "`data-test-script-state`) and every plotly chart has its SVG and every map its canvas. Filter change: "
        "a sphere chosen in the overview's sidebar until its first chart shows different content (\"chart "
        'updated"; the rest of the page is still greyed out while the script goes on), and until the run has '
        'ended and every chart is drawn ("run ended"). Peak RSS: VmHWM summed over the server\'s process '
        "tree. Profiles: pyinstrument adds overhead to every Python call, so call-heavy functions look slower "
        "than they are; read them as shares of the run.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=float, nargs="*", default=[1, 10, 100])
    parser.add_argument("--stress", action="store_true", help=f"also {STRESS_CONTACTS:,} contacts (slow)")
    parser.add_argument("--runs", type=int, default=5, help="AppTest reruns per page (median)")
    parser.add_argument("--browser-runs", type=int, default=3, help="navigations per page in Chromium (median)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile every page's warm reruns with pyinstrument (pip install pyinstrument)",
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="NAME",
        help="only these pages (their keys in cooperation/ui/registry.py: overview, map, …)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "scale.md")
    args = parser.parse_args(argv)
    sizes = [Size(f"{s:g}×", synthetic.Request(scale=s)) for s in args.scales]
    if args.stress:
        sizes.append(
            Size("1M contacts", synthetic.Request(scale=max(args.scales, default=100), contacts=STRESS_CONTACTS))
        )
    pages = [p for p in page_files() if not args.pages or page_name(p) in args.pages]
    results = [measure(size, pages, args.runs, args.browser_runs, not args.no_browser, args.profile) for size in sizes]
    text = report(results, pages, args.runs, args.browser_runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
