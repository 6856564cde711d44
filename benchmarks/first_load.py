"""The forum hall's first load (issue 18): the first page after a server starts, every page later, and the map
page's bytes, each as a ratio to an empty Streamlit app measured in the same run.

    python benchmarks/first_load.py                     # bundled data, this app's launcher, 3 starts each
    python benchmarks/first_load.py --scale 100         # also at 100x synthetic data (devtools.synthetic)
    python benchmarks/first_load.py --plain             # also `streamlit run` without the warm-up (before)
    python benchmarks/first_load.py --screenshot after  # the map page's screenshot to test-artifacts/
    python benchmarks/first_load.py --floors            # also one-chart apps: what each chart library costs

Each start is a fresh server process (`devtools/server.py`, 127.0.0.1 only) and each page load a
fresh Chromium context (no HTTP cache, a new Streamlit session: a guest's phone). A page counts as shown when
its script run has ended, its h1 is drawn and no status widget or loading skeleton is left (the browser tests'
`IDLE_JS`), timed in the page itself: a MutationObserver installed before the page's own scripts notes the first
moment the page is so (`performance.now()`, from the start of the navigation), and the benchmark reads it from
outside. Playwright's in-page polling (`wait_for_function`, the method until 2026-12-01; `--in-page-poll`)
slowed the deck.gl pages it measured: loaded in turn on one server and browser, the map page took 2.0–3.1 s by
the observer and 2.1–9.8 s by in-page polling, 6.4–9.8 s in 8 of 15 loads. "First page" is loaded the moment the server
answers its health check — when a visitor could first reach it — and the start itself (process spawn to health)
is reported beside it. The bytes are the payloads of every WebSocket frame the page receives until shown
(Streamlit sends all its data that way).

Targets: the first page within 2.5x of the empty app's first page, every page within 3x, the map page under
400 kB per load. The Markdown report is printed and written to benchmarks/results/first_load.md (git-ignored).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cooperation.paths import ENTRY, ROOT
from devtools import synthetic
from devtools.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LAUNCHER,
    STREAMLIT_RUN,
    VIEWPORT,
    command,
    spawn,
)

RESULTS = ROOT / "benchmarks" / "results"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
EMPTY_SCRIPT = 'import streamlit as st\n\nst.title("Empty")\n'
# One small chart per library Streamlit draws with: why the overview (the first page) uses Vega-Lite, not plotly.
FLOOR_SCRIPTS = {
    "one plotly chart": 'import streamlit as st\nimport plotly.graph_objects as go\n\nst.title("Plotly")\n'
    "st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[3, 1, 2])))\n",
    "one Vega-Lite chart": 'import streamlit as st\n\nst.title("Vega-Lite")\nst.vega_lite_chart({"data": {"values": '
    '[{"x": 1, "y": 3}, {"x": 2, "y": 1}]}, "mark": "bar", "encoding": {"x": {"field": "x", "type": "ordinal"}, '
    '"y": {"field": "y", "type": "quantitative"}}})\n',
    "one deck.gl map": 'import streamlit as st\nimport pydeck as pdk\n\nst.title("Deck")\nst.pydeck_chart(pdk.Deck('
    'layers=[pdk.Layer("ScatterplotLayer", data=[{"p": [49, 55]}], get_position="p", get_radius=1000)], '
    "map_provider=None))\n",
}
FIRST_TARGET, PAGE_TARGET, MAP_BYTES_TARGET = 2.5, 3.0, 400_000
START_TIMEOUT_S, LOAD_TIMEOUT_MS = 240, 120_000
# Every request to another host fails at name resolution: nothing leaves the machine.
OFFLINE_ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
SHOWN_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !!document.querySelector('[data-testid="stMain"] h1')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]');
}"""
# Installed before the page's scripts: notes when the page is first shown, on the DOM change that makes it so.
SHOWN_OBSERVER_JS = (
    "(() => { const shown = "
    + SHOWN_JS
    + """;
  const note = () => { if (window.__shownAt === undefined && shown()) window.__shownAt = performance.now(); };
  new MutationObserver(note).observe(document, {subtree: true, childList: true, attributes: true});
})();"""
)
POLL_S = 0.05
MAP_URL = "/map?lang=en"
FIRST_URLS = ("/", MAP_URL)


def page_urls() -> list[str]:
    """Every page of the registry at its URL path, in English."""
    from cooperation.ui.registry import PAGES

    return [f"/{spec.url_path}?lang=en" for spec in PAGES]


@dataclass
class Load:
    seconds: float
    ws_bytes: int


@dataclass
class Variant:
    """One way of serving: the empty app, this app through its launcher, or plain `streamlit run`."""

    name: str
    starts_s: list[float] = field(default_factory=list)  # spawn → health check answers
    first: dict[str, list[float]] = field(default_factory=dict)  # url → seconds of the first page after a start
    pages: dict[str, list[Load]] = field(default_factory=dict)  # url → later loads


@contextlib.contextmanager
def server(argv_prefix: list[str], script: str, data_dir: Path | None, log_path: Path) -> Iterator[tuple[str, float]]:
    """A fresh server; yields its base URL and the seconds from spawn until its health check answered."""
    argv_for = lambda port: command(port, script=script, launcher=argv_prefix)  # noqa: E731
    with spawn(argv_for, data_dir, log_path, timeout_s=START_TIMEOUT_S, poll_s=0.05) as (base, _, started_s):
        yield base, started_s


def _shown_at(page, url: str) -> float:
    """Seconds from the start of the navigation until the page was first shown, as the page noted it."""
    deadline = time.perf_counter() + LOAD_TIMEOUT_MS / 1000
    while time.perf_counter() < deadline:
        shown_ms = page.evaluate("window.__shownAt")
        if shown_ms is not None:
            return shown_ms / 1000
        time.sleep(POLL_S)
    print(f"not shown in {LOAD_TIMEOUT_MS / 1000:.0f} s: {url}", file=sys.stderr, flush=True)
    return float("inf")


def _polled_in_page(page, url: str, start: float) -> float:
    """The method until 2026-12-01 (`--in-page-poll`): Playwright polling the page every 50 ms."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(SHOWN_JS, polling=50, timeout=LOAD_TIMEOUT_MS)
    except PlaywrightTimeout:
        print(f"not shown in {LOAD_TIMEOUT_MS / 1000:.0f} s: {url}", file=sys.stderr, flush=True)
        return float("inf")
    return time.perf_counter() - start


def load(browser, url: str, screenshot: Path | None = None, in_page_poll: bool = False) -> Load:
    """Seconds from navigation in a fresh context until the page is shown, and the WebSocket bytes received
    (infinite seconds when it is not shown in time: the report says OVER rather than the run stopping)."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", service_workers="block")
    if not in_page_poll:
        context.add_init_script(SHOWN_OBSERVER_JS)
    received = [0]

    def on_socket(ws) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    try:
        page = context.new_page()
        page.on("websocket", on_socket)
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        seconds = _polled_in_page(page, url, start) if in_page_poll else _shown_at(page, url)
        if seconds == float("inf"):
            return Load(seconds, received[0])
        if screenshot is not None:
            page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=LOAD_TIMEOUT_MS)
            page.wait_for_timeout(1500)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
        return Load(seconds, received[0])
    finally:
        context.close()


def measure(
    variant: Variant,
    prefix: list[str],
    script: str,
    urls: list[str],
    first_urls: tuple[str, ...],
    data_dir: Path | None,
    label: str,
    starts: int,
    loads: int,
    open_page: Callable[..., Load],
    shot: Path | None,
) -> None:
    """`starts` fresh servers per first URL; on the last one, `loads` later loads of every page, each opened by
    `open_page` (`load` with the run's browser and method)."""
    for round_ in range(starts):
        for first in first_urls:
            log = RESULTS / f"first_load-{label}-{variant.name}-{round_}.log"
            with server(prefix, script, data_dir, log) as (base, start_s):
                variant.starts_s.append(start_s)
                variant.first.setdefault(first, []).append(open_page(base + first).seconds)
                if round_ < starts - 1 or first != first_urls[-1]:
                    continue
                for _ in range(loads):
                    for url in urls:
                        variant.pages.setdefault(url, []).append(open_page(base + url))
                if shot is not None:
                    open_page(base + MAP_URL, screenshot=shot)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if values else "—"


def floors_report(empty: Variant, floors: list[Variant]) -> str:
    """What one small chart of each library adds to an empty app's page, per load in a fresh context."""
    empty_page = median([item.seconds for item in empty.pages["/"]])
    lines = ["| app of one small chart | later load, s (median) | × empty later load |", "|---|---:|---:|"]
    for floor in floors:
        seconds = median([item.seconds for item in floor.pages["/"]])
        lines.append(f"| {floor.name} | {seconds:.2f} | {seconds / empty_page:.2f}× |")
    return "\n".join([*lines, ""])


def report(label: str, empty: Variant, apps: list[Variant]) -> str:
    empty_first = median(empty.first["/"])
    empty_page = median([item.seconds for item in empty.pages["/"]])
    empty_kb = median([item.ws_bytes for item in empty.pages["/"]]) / 1000
    lines = [
        f"### {label}",
        "",
        (
            f"Empty app: start {median(empty.starts_s):.2f} s, first page {empty_first:.2f} s "
            f"({spread(empty.first['/'])}), a later load {empty_page:.2f} s; its page receives "
            f"{empty_kb:.0f} kB over the WebSocket."
        ),
        "",
    ]
    for app in apps:
        lines += [
            (
                f"**{app.name}**: start (spawn → health) {median(app.starts_s):.2f} s "
                f"({median(app.starts_s) / median(empty.starts_s):.1f}× the empty app's)"
            ),
            "",
            "| first page after a start | seconds (median, range) | × empty first page | target |",
            "|---|---:|---:|---|",
        ]
        for url, values in app.first.items():
            ratio = median(values) / empty_first
            lines.append(
                f"| `{url}` | {median(values):.2f} ({spread(values)}) | {ratio:.2f}× | "
                f"{'ok' if ratio <= FIRST_TARGET else 'OVER'} ≤ {FIRST_TARGET}× |"
            )
        lines += [
            "",
            "| later load | seconds (median) | × empty later load | WebSocket kB | target |",
            "|---|---:|---:|---:|---|",
        ]
        for url, items in app.pages.items():
            seconds = median([item.seconds for item in items])
            kb = median([item.ws_bytes for item in items]) / 1000
            ratio = seconds / empty_page
            verdict = "ok" if ratio <= PAGE_TARGET else "OVER"
            if url.startswith(MAP_URL.split("?")[0] + "?"):
                verdict += f", {'ok' if kb * 1000 <= MAP_BYTES_TARGET else 'OVER'} ≤ 400 kB"
            lines.append(f"| `{url}` | {seconds:.2f} | {ratio:.2f}× | {kb:.0f} | {verdict} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        action="append",
        default=None,
        help="synthetic data at this scale (repeatable); without it the bundled data",
    )
    parser.add_argument("--bundled", action="store_true", help="with --scale: measure the bundled data too")
    parser.add_argument("--starts", type=int, default=3, help="fresh servers per first page (default 3)")
    parser.add_argument("--loads", type=int, default=5, help="later loads of every page (default 5)")
    parser.add_argument("--plain", action="store_true", help="also plain `streamlit run` (no warm-up)")
    parser.add_argument("--floors", action="store_true", help="also apps of one plotly, Vega-Lite or deck.gl chart")
    parser.add_argument(
        "--in-page-poll",
        action="store_true",
        help="time pages the way before 2026-12-01 (Playwright polling in the page; slows the WebGL pages)",
    )
    parser.add_argument(
        "--screenshot", metavar="NAME", help="save the map page as test-artifacts/screenshots/map-NAME.png"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    sizes: list[tuple[str, float | None]] = []
    if args.scale is None or args.bundled:
        sizes.append(("bundled data", None))
    sizes += [(f"{scale:g}× synthetic data", scale) for scale in args.scale or []]
    sections = []
    load_before = os.getloadavg()[0]
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="first-load-") as tmp, sync_playwright() as playwright:
        empty_script = Path(tmp) / "empty.py"
        empty_script.write_text(EMPTY_SCRIPT, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS, headless=True)
        open_page = functools.partial(load, browser, in_page_poll=args.in_page_poll)
        try:
            for label, scale in sizes:
                data_dir = None
                if scale is not None:
                    data_dir = Path(tmp) / f"x{scale:g}"
                    synthetic.write(synthetic.Request(scale=scale), data_dir)
                tag = "bundled" if scale is None else f"x{scale:g}"
                empty = Variant("empty app")
                measure(
                    empty,
                    STREAMLIT_RUN,
                    str(empty_script),
                    ["/"],
                    ("/",),
                    None,
                    tag,
                    args.starts,
                    args.loads,
                    open_page,
                    None,
                )
                if args.floors and scale is None:
                    floors = []
                    for name, script in FLOOR_SCRIPTS.items():
                        path = Path(tmp) / f"floor-{len(floors)}.py"
                        path.write_text(script, encoding="utf-8")
                        floors.append(Variant(name))
                        measure(
                            floors[-1],
                            STREAMLIT_RUN,
                            str(path),
                            ["/"],
                            ("/",),
                            None,
                            tag,
                            1,
                            args.loads,
                            open_page,
                            None,
                        )
                    sections.append(floors_report(empty, floors))
                    print(sections[-1], flush=True)
                shot = ARTIFACTS / f"map-{args.screenshot}.png" if args.screenshot and scale is None else None
                servings = [("this app, python -m cooperation.serve (warm start)", LAUNCHER, shot)]
                if args.plain:
                    servings.append(("this app, plain streamlit run (no warm-up)", STREAMLIT_RUN, None))
                apps = []
                for name, launcher, screenshot in servings:
                    apps.append(Variant(name))
                    measure(
                        apps[-1],
                        launcher,
                        ENTRY.name,
                        page_urls(),
                        FIRST_URLS,
                        data_dir,
                        tag,
                        args.starts,
                        args.loads,
                        open_page,
                        screenshot,
                    )
                sections.append(report(label, empty, apps))
                print(sections[-1], flush=True)
        finally:
            browser.close()
    text = "\n".join(
        [f"## First load (load average before {load_before:.2f}, after {os.getloadavg()[0]:.2f})", "", *sections]
    )
    (RESULTS / "first_load.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
