"""A forum hall opens the same link on many phones: 30 browser sessions against one server within ten seconds.

Bounded and local: one `streamlit run dashboard.py` on 127.0.0.1, one headless Chromium with one context per
visitor (each context is a separate Streamlit session), every request to another host aborted. Visitors
arrive evenly over `--spread` seconds; each must see the overview drawn without error (stApp present, no
exception or error box, every chart drawn). Reports the median and worst time to render and the server's
peak memory; stops by itself, and a watchdog ends everything after `--hard-timeout` seconds.

Run: python benchmarks/load_test.py [--sessions 30] [--spread 10] [--scale 100]
The Markdown report is printed and written to benchmarks/results/load_test.md (git-ignored).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.scale import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RESULTS,
    ROOT,
    RUN_ENDED_JS,
    machine,
    page_url,
    peak_rss_mb,
    streamlit_server,
    tree_cpu_s,
)
from devtools import synthetic

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Rendered, as the issue defines it for a visitor: the app is there, its run has ended and a chart (Vega-Lite,
# drawn as SVG) is drawn. The overview's map is not waited for: deck.gl draws with software WebGL here, on the same two
# cores as the server and the other 29 "phones", which a real hall's phones would not share.
RENDERED_JS = (
    """() => ("""
    + RUN_ENDED_JS
    + """)()
  && !!document.querySelector('[data-testid="stVegaLiteChart"] svg')"""
)
# Anything on the page a visitor would read as "broken".
FAILURE_JS = """() => {
  const found = [];
  if (!document.querySelector('[data-testid="stApp"]')) found.push('no stApp');
  if (document.querySelector('[data-testid="stException"]')) found.push('stException');
  if (document.querySelector('[data-testid="stAlertContentError"]')) found.push('error box');
  if (!document.querySelector('[data-testid="stVegaLiteChart"] svg')) found.push('no chart drawn');
  return found;
}"""
PHONE = {"width": 412, "height": 915}


@dataclass
class Visit:
    index: int
    render_ms: float | None = None
    problem: str | None = None


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOCAL_HOSTS


async def keep_local(route) -> None:
    """Loopback only: a request to any other host is aborted (and would show as a missing chart or font)."""
    if _is_local(route.request.url):
        await route.continue_()
    else:
        await route.abort()


async def visit(browser, url: str, index: int, delay_s: float, timeout_ms: float) -> Visit:
    """One visitor: arrives after `delay_s`, opens the link in a fresh session and waits for the overview."""
    result = Visit(index)
    await asyncio.sleep(delay_s)
    context = await browser.new_context(viewport=PHONE, locale="ru-RU", service_workers="block")
    await context.route("**/*", keep_local)
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        await page.wait_for_function(RENDERED_JS, polling=100, timeout=timeout_ms)
        result.render_ms = (time.perf_counter() - start) * 1000
        problems = await page.evaluate(FAILURE_JS)
        result.problem = ", ".join(problems) or None
    except Exception as exc:  # a timeout or a crashed page is this visitor's failure, not the run's
        result.problem = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
    finally:
        await context.close()
    return result


@dataclass
class Crowd:
    visits: list[Visit]
    wall_s: float
    server_cpu_s: float
    browser_cpu_s: float


async def crowd(url: str, sessions: int, spread_s: float, timeout_ms: float, server_pid: int) -> Crowd:
    """All visitors in one Chromium; CPU is read before it closes, while its renderers are still counted."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            server_before = tree_cpu_s(server_pid)
            everything_before = tree_cpu_s(os.getpid())
            start = time.perf_counter()
            visits = await asyncio.gather(
                *(visit(browser, url, i, spread_s * i / max(sessions - 1, 1), timeout_ms) for i in range(sessions))
            )
            wall_s = time.perf_counter() - start
            server_s = tree_cpu_s(server_pid) - server_before
            # Everything this process started, less the server and this (mostly waiting) process itself.
            browser_s = tree_cpu_s(os.getpid()) - everything_before - server_s
            return Crowd(list(visits), wall_s, server_s, browser_s)
        finally:
            await browser.close()


def watchdog(seconds: float) -> None:
    """The hard stop: whatever hangs, the process (and, by its process group, the server) ends."""

    def fire() -> None:
        print(f"load test exceeded its hard timeout of {seconds:.0f} s; stopping", file=sys.stderr, flush=True)
        os._exit(3)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()


def report(result: Crowd, rss_mb: float, dataset: str, spread_s: float) -> str:
    visits = result.visits
    ok = [v for v in visits if v.problem is None and v.render_ms is not None]
    times = sorted(v.render_ms for v in ok)
    median = f"{statistics.median(times) / 1000:.1f} s" if times else "—"
    worst = f"{times[-1] / 1000:.1f} s" if times else "—"
    lines = [
        f"Machine: {machine()}.",
        "",
        f"{len(visits)} sessions opened the overview (`/?lang=ru`, phone viewport) over {spread_s:g} s against "
        f"one `streamlit run dashboard.py` on 127.0.0.1, {dataset}. Rendered: the run ended and a Vega-Lite "
        f"chart is drawn, with no exception or error box.",
        "",
        "| sessions | rendered without error | median time to render | worst | server peak RSS "
        "| server CPU | browser CPU | wall time |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {len(visits)} | {len(ok)} | {median} | {worst} | {rss_mb:,.0f} MB "
        f"| {result.server_cpu_s:.1f} s ({result.server_cpu_s / len(visits):.2f} s per session) "
        f"| {result.browser_cpu_s:.0f} s | {result.wall_s:.1f} s |",
        "",
        "Server and browser CPU are what each side used during the test; all of it ran on the same cores, "
        f"so the browser's share ({len(visits)} phones' rendering, WebGL in software) lengthens every "
        "session's time.",
    ]
    failed = [v for v in visits if v not in ok]
    if failed:
        lines += ["", "Failed sessions:"] + [f"- #{v.index}: {v.problem}" for v in failed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--spread", type=float, default=10.0, help="seconds over which the sessions arrive")
    parser.add_argument("--scale", type=float, help="serve synthetic data at this scale instead of the bundled data")
    parser.add_argument("--session-timeout", type=float, default=300.0, help="seconds one session may take")
    parser.add_argument("--hard-timeout", type=float, default=900.0, help="seconds before everything is stopped")
    parser.add_argument("--out", type=Path, default=RESULTS / "load_test.md")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 100:
        parser.error("--sessions must be between 1 and 100: this is a bounded local test")
    watchdog(args.hard_timeout)
    with tempfile.TemporaryDirectory(prefix="kazan-load-") as tmp:
        data_dir = None
        dataset = "bundled data"
        if args.scale is not None:
            data_dir = Path(tmp)
            synthetic.write(synthetic.Request(scale=args.scale), data_dir)
            dataset = f"synthetic data at {args.scale:g}×"
        with streamlit_server(data_dir, RESULTS / "server-load-test.log") as (base, process):
            url = page_url(base, ROOT / "dashboard.py", "ru")
            result = asyncio.run(crowd(url, args.sessions, args.spread, args.session_timeout * 1000, process.pid))
            rss_mb = peak_rss_mb(process.pid)
    text = report(result, rss_mb, dataset, args.spread)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if all(v.problem is None for v in result.visits) else 1


if __name__ == "__main__":
    sys.exit(main())
