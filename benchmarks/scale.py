"""How the dashboard holds up at 1×, 10× and 100× the bundled data (and, with --stress, a million contacts).

For each size a synthetic dataset (cooperation.synthetic) is written to a temporary directory and measured:
- cold `load_dataset` (read + validate the CSVs, no cache) and the app's cached loader (`ui._load`) on its
  first call and warm, inside a Streamlit script run;
- the warm rerun time of every page (`dashboard.py` + `pages/*.py`) under AppTest, median of several runs
  after a warm-up, next to a one-line script measured in the same process, which is AppTest's own floor;
- in Chromium against `streamlit run dashboard.py`: navigation until every chart of the page is drawn, and
  a sidebar filter change until the overview's charts show the new selection;
- the server's peak memory (VmHWM of its process tree).

Run: python benchmarks/scale.py [--scales 1 10 100] [--stress] [--runs 5] [--no-browser]
The Markdown report is printed and written to benchmarks/results/scale.md (git-ignored).
Targets (issue 5): at 100× every page's warm rerun < 300 ms and a filter change visible in < 1 s.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cooperation import synthetic  # noqa: E402
from cooperation.i18n import label, t  # noqa: E402
from cooperation.loading import DATA_DIR_ENV, load_dataset  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}
RERUN_TARGET_MS = 300
FILTER_TARGET_MS = 1000
STRESS_CONTACTS = 1_000_000
LANG = "en"

# True once the page has finished its run and every chart on it is drawn: plotly's SVG inside each plotly
# chart and deck.gl's canvas inside each map. `min` is the number of charts AppTest found on the page, so
# a page is not taken as done before its charts exist. A script run shows the status widget.
CHARTS_DRAWN_JS = """(min) => {
  if (!document.querySelector('[data-testid="stApp"]')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  const plots = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
  if (plots.length + decks.length < min) return false;
  return plots.every(p => p.querySelector('.main-svg')) && decks.every(d => d.querySelector('canvas'));
}"""
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
    reruns_ms: dict[str, float] = field(default_factory=dict)  # page → median warm rerun
    failures: dict[str, str] = field(default_factory=dict)  # page → what went wrong
    charts: dict[str, int] = field(default_factory=dict)  # page → charts AppTest found
    first_visit_s: float | None = None
    navigation_ms: dict[str, float] = field(default_factory=dict)  # page → median navigation until drawn
    filter_ms: float | None = None
    peak_rss_mb: float | None = None


def page_files() -> list[Path]:
    """The entry file and every page, as the app's own AppTest suite finds them."""
    return [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]


def page_name(path: Path) -> str:
    return "overview" if path.name == "dashboard.py" else path.stem


def page_url(base: str, path: Path) -> str:
    """Legacy `pages/` apps serve pages/x.py at /x (README: why the app has no st.navigation)."""
    return f"{base}/{'' if path.name == 'dashboard.py' else path.stem}?lang={LANG}"


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def machine() -> str:
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    load = os.getloadavg()
    return (f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
            f"{mem_kb / 1024 ** 2:.0f} GiB RAM; load average at start {load[0]:.1f} "
            f"(other processes share the CPUs: absolute times are upper bounds)")


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


def peak_rss_mb(pid: int) -> float:
    """Sum of VmHWM (peak resident set) over a process and its descendants — psutil is not installed."""
    total_kb = 0
    for each in [pid, *_children(pid)]:
        with contextlib.suppress(OSError, StopIteration):
            status = Path(f"/proc/{each}/status").read_text().splitlines()
            total_kb += int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
    return total_kb / 1024


# --- a streamlit server ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def streamlit_server(data_dir: Path | None, log_path: Path, start_timeout_s: float = 90) -> Iterator[
        tuple[str, subprocess.Popen]]:
    """`streamlit run dashboard.py` on 127.0.0.1 only, in its own process group; always stopped on exit."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if data_dir is None:
        env.pop(DATA_DIR_ENV, None)
    else:
        env[DATA_DIR_ENV] = str(data_dir)
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats",
               "false", "--server.fileWatcherType", "none"]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout_s
        while not _healthy(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log_path}")
            time.sleep(0.25)
        yield base, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 15)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=15)


# --- AppTest measurements --------------------------------------------------------------------------------

LOADER_PROBE = """
import time
import streamlit as st
from cooperation import ui
start = time.perf_counter()
ui._load("en")
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


def open_page(path: Path, timeout_s: float):
    """An AppTest of one page run as a server runs it: entry dashboard.py, then the page file alone."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout_s)
    if path.name != "dashboard.py":
        at.switch_page(str(path.relative_to(ROOT)))
    at.query_params["lang"] = LANG
    return at


def problem(at) -> str | None:
    """A page that failed draws fast: a failed run must never be reported as a time."""
    if at.exception:
        return f"exception: {at.exception[0].value}"[:200]
    if at.error:
        return f"error: {at.error[0].value}"[:200]
    return None


def rerun_median_ms(at, runs: int) -> tuple[float, str | None]:
    at.run()  # warm-up: first run of the session, caches filled
    samples = []
    for _ in range(runs):
        samples.append(timed(at.run) * 1000)
        if (failure := problem(at)) is not None:
            return statistics.median(samples), failure
    return statistics.median(samples), problem(at)


def chart_count(at) -> int:
    return len(at.get("plotly_chart")) + len(at.get("deck_gl_json_chart"))


def measure_apptest(result: Result, runs: int, timeout_s: float) -> None:
    from streamlit.testing.v1 import AppTest

    result.loader_first_ms, result.loader_warm_ms = loader_times(runs, timeout_s)
    empty = AppTest.from_string("import streamlit as st", default_timeout=timeout_s)
    result.empty_ms, _ = rerun_median_ms(empty, runs)
    for path in page_files():
        at = open_page(path, timeout_s)
        median, failure = rerun_median_ms(at, runs)
        result.reruns_ms[page_name(path)] = median
        result.charts[page_name(path)] = chart_count(at)
        if failure:
            result.failures[page_name(path)] = failure


# --- browser measurements --------------------------------------------------------------------------------

def navigate_until_drawn(browser, url: str, charts: int, timeout_ms: float) -> float:
    """Milliseconds from navigation (a new session) until the page's run ended and its charts are drawn."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", service_workers="block")
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_function(CHARTS_DRAWN_JS, arg=charts, polling=50, timeout=timeout_ms)
        return (time.perf_counter() - start) * 1000
    finally:
        context.close()


def filter_change_ms(browser, base: str, charts: int, timeout_ms: float) -> float:
    """Milliseconds from choosing a sphere in the sidebar until the overview's charts show the filtered data."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", service_workers="block")
    try:
        page = context.new_page()
        page.goto(page_url(base, ROOT / "dashboard.py"), timeout=timeout_ms)
        page.wait_for_function(CHARTS_DRAWN_JS, arg=charts, polling=50, timeout=timeout_ms)
        before = page.evaluate(CHART_SIGNATURE_JS)
        spheres = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
            has_text=t("filters.spheres", LANG))
        spheres.locator("input").click()
        option = page.get_by_role("option", name=label("sphere", "culture", LANG), exact=True)
        start = time.perf_counter()
        option.click()
        page.wait_for_function(f"(min) => ({CHARTS_DRAWN_JS})(min) && ({CHART_SIGNATURE_JS})() !== "
                               f"{before!r}", arg=charts, polling=50, timeout=timeout_ms)
        return (time.perf_counter() - start) * 1000
    finally:
        context.close()


def measure_browser(result: Result, data_dir: Path, runs: int, timeout_ms: float) -> None:
    from playwright.sync_api import sync_playwright

    log = RESULTS / f"server-{result.size.label}.log"
    with streamlit_server(data_dir, log) as (base, process), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            overview = ROOT / "dashboard.py"
            # The server's first visit loads and validates the CSVs: reported apart from warm navigation.
            result.first_visit_s = navigate_until_drawn(browser, page_url(base, overview),
                                                        result.charts.get("overview", 1), timeout_ms) / 1000
            for path in page_files():
                name = page_name(path)
                if name in result.failures:
                    continue
                samples = [navigate_until_drawn(browser, page_url(base, path), result.charts.get(name, 0),
                                                timeout_ms) for _ in range(runs)]
                result.navigation_ms[name] = statistics.median(samples)
            result.filter_ms = statistics.median(
                filter_change_ms(browser, base, result.charts.get("overview", 1), timeout_ms) for _ in range(runs))
        finally:
            browser.close()
            result.peak_rss_mb = peak_rss_mb(process.pid)


# --- one size ----------------------------------------------------------------------------------------------

def measure(size: Size, runs: int, browser_runs: int, with_browser: bool) -> Result:
    result = Result(size)
    slow = size.request.contacts is not None and size.request.contacts >= 100_000
    timeout_s = 1800 if slow else 120
    with tempfile.TemporaryDirectory(prefix=f"kazan-{size.label}-") as tmp:
        data_dir = Path(tmp)
        print(f"[{size.label}] generating …", file=sys.stderr, flush=True)
        result.generate_s = timed(lambda: synthetic.write(size.request, data_dir))
        result.csv_mb = sum(p.stat().st_size for p in data_dir.glob("*.csv")) / 1024 ** 2
        print(f"[{size.label}] cold load …", file=sys.stderr, flush=True)
        start = time.perf_counter()
        dataset = load_dataset(data_dir)
        result.cold_load_s = time.perf_counter() - start
        result.partners = int((dataset.cities["role"] == "partner").sum())
        result.contacts = len(dataset.contacts)
        del dataset
        os.environ[DATA_DIR_ENV] = str(data_dir)
        try:
            print(f"[{size.label}] AppTest …", file=sys.stderr, flush=True)
            measure_apptest(result, runs, timeout_s)
            if with_browser:
                print(f"[{size.label}] browser …", file=sys.stderr, flush=True)
                measure_browser(result, data_dir, browser_runs, timeout_s * 1000)
        finally:
            os.environ.pop(DATA_DIR_ENV, None)
    return result


# --- report ------------------------------------------------------------------------------------------------

def _ms(value: float | None, target: float | None = None) -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f} ms" if value < 10_000 else f"{value / 1000:,.1f} s"
    return f"**{text}** ✗" if target is not None and value > target else text


def report(results: list[Result], runs: int, browser_runs: int) -> str:
    pages = [page_name(p) for p in page_files()]
    lines = [f"Machine: {machine()}.", "",
             "### Data and loading", "",
             "| dataset | partners | contacts | CSV size | generate | cold `load_dataset` | cached loader, first call "
             "| cached loader, warm | server peak RSS |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r.size.label} | {r.partners:,} | {r.contacts:,} | {r.csv_mb:,.1f} MB | {r.generate_s:.1f} s "
                     f"| {r.cold_load_s:.2f} s | {_ms(r.loader_first_ms)} | {r.loader_warm_ms:.2f} ms "
                     f"| {f'{r.peak_rss_mb:,.0f} MB' if r.peak_rss_mb else '—'} |")
    lines += ["", f"### Warm rerun under AppTest (median of {runs} after a warm-up; target < {RERUN_TARGET_MS} ms)",
              "", "| dataset | empty script | " + " | ".join(pages) + " |",
              "|---|---:|" + "---:|" * len(pages)]
    for r in results:
        cells = [_ms(r.reruns_ms.get(p), RERUN_TARGET_MS) + (" (failed)" if p in r.failures else "") for p in pages]
        lines.append(f"| {r.size.label} | {_ms(r.empty_ms)} | " + " | ".join(cells) + " |")
    if any(r.first_visit_s is not None for r in results):
        lines += ["", f"### Chromium (median of {browser_runs}; filter change target < {FILTER_TARGET_MS} ms)", "",
                  "| dataset | first visit after start | " + " | ".join(f"{p}: drawn" for p in pages)
                  + " | filter change → chart updated |",
                  "|---|---:|" + "---:|" * len(pages) + "---:|"]
        for r in results:
            first = f"{r.first_visit_s:.1f} s" if r.first_visit_s is not None else "—"
            cells = [_ms(r.navigation_ms.get(p)) for p in pages]
            lines.append(f"| {r.size.label} | {first} | " + " | ".join(cells)
                         + f" | {_ms(r.filter_ms, FILTER_TARGET_MS)} |")
    failures = [(r.size.label, page, why) for r in results for page, why in r.failures.items()]
    if failures:
        lines += ["", "Failed runs (times of failed pages are not comparable):"]
        lines += [f"- {label} / {page}: {why}" for label, page, why in failures]
    lines += ["", "Navigation: a new browser session opens the page until its run has ended and every plotly chart "
              "has its SVG and every map its canvas. Filter change: a sphere chosen in the sidebar of the overview "
              "until its charts show different content and the run has ended. Peak RSS: VmHWM summed over the "
              "server's process tree."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10, 100])
    parser.add_argument("--stress", action="store_true", help=f"also {STRESS_CONTACTS:,} contacts (slow)")
    parser.add_argument("--runs", type=int, default=5, help="AppTest reruns per page (median)")
    parser.add_argument("--browser-runs", type=int, default=3, help="navigations per page in Chromium (median)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "scale.md")
    args = parser.parse_args(argv)
    sizes = [Size(f"{s:g}×", synthetic.Request(scale=s)) for s in args.scales]
    if args.stress:
        sizes.append(Size("1M contacts", synthetic.Request(scale=max(args.scales), contacts=STRESS_CONTACTS)))
    results = [measure(size, args.runs, args.browser_runs, not args.no_browser) for size in sizes]
    text = report(results, args.runs, args.browser_runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
