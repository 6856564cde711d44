"""Real Streamlit servers driven by headless Chromium (Debian's /usr/bin/chromium, see shared NOTES.md).

- `server`: one server on the bundled data, shared by the whole session.
- `fresh_server`: a second server whose very first request is made by the shared-link test (NOTES.md: how
  Streamlit lays out the pages is decided on the first request after a start, so nothing else may touch it).
- `new_server`: a server of the test's own, for each page's link as a first request.
- `xss_server`: a third server on a temporary copy of the data with HTML/script payloads in names and text.
- `page`: a Chromium page that aborts and records every request to a host other than this machine, and
  records every JavaScript dialog; tests assert both lists stay empty.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cooperation.paths import ROOT
from devtools.server import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, command, spawn

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
HEALTH_TIMEOUT_S = 60
IDLE_TIMEOUT_MS = 90_000
SETTLE_MS = 300

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=1</script>"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything in this folder drives a browser: mark it so `-m "not browser"` skips it."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# --- servers -------------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    base_url: str
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def _libc_prctl():
    with contextlib.suppress(Exception):
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    return None


_PRCTL = _libc_prctl()  # resolved here: the child must not import anything between fork and exec
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM when pytest dies, even by SIGKILL (no orphans)."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop_on_sigterm() -> None:
    """A terminated pytest (CI timeout, `timeout`) unwinds like Ctrl-C, so the servers' teardown runs."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:

        def interrupt(signum, frame):
            raise KeyboardInterrupt(f"signal {signum}")

        with contextlib.suppress(ValueError):  # not the main thread
            signal.signal(signal.SIGTERM, interrupt)


@contextlib.contextmanager
def streamlit_server(name: str, data_dir: Path | None = None) -> Iterator[Server]:
    """This app's server from the repo root in its own process group (dies with pytest); stopped on exit."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _stop_on_sigterm()
    log_path = ARTIFACTS / f"server-{name}-{time.monotonic_ns()}.log"
    try:
        with spawn(command, data_dir, log_path, timeout_s=HEALTH_TIMEOUT_S, preexec_fn=_die_with_parent) as (
            base,
            process,
            _,
        ):
            yield Server(name, base, process, log_path)
    except RuntimeError as exc:
        pytest.fail(f"streamlit server {name!r}: {exc}")


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; scripts/test.sh does it)")
    return CHROMIUM


@pytest.fixture(scope="session")
def server(chromium_path: Path) -> Iterator[str]:
    with streamlit_server("bundled") as running:
        yield running.base_url


@pytest.fixture(scope="session")
def fresh_server(chromium_path: Path) -> Iterator[str]:
    """A server nobody has opened yet: only the shared-link test uses it."""
    with streamlit_server("fresh") as running:
        yield running.base_url


@pytest.fixture()
def new_server(chromium_path: Path):
    """Start a server of its own for this test (the first request it serves is the test's): call with a name."""
    with contextlib.ExitStack() as stack:
        yield lambda name: stack.enter_context(streamlit_server(name)).base_url


def write_xss_data(target: Path) -> dict[str, str]:
    """A copy of data/*.csv with script payloads in a partner's names and in contact texts."""
    import pandas as pd

    target.mkdir(parents=True, exist_ok=True)
    for csv in (ROOT / "data").glob("*.csv"):
        shutil.copy2(csv, target / csv.name)
    read = {"dtype": str, "keep_default_na": False}
    cities = pd.read_csv(target / "cities.csv", **read)
    partner = "tehran"
    row = cities["city_id"] == partner
    cities.loc[row, "name_en"] = f"Tehran{XSS_IMG}{XSS_SCRIPT}"
    cities.loc[row, "name_ru"] = f"Тегеран{XSS_IMG}{XSS_SCRIPT}"
    cities.to_csv(target / "cities.csv", index=False)
    contacts = pd.read_csv(target / "contacts.csv", **read)
    # The latest contacts appear as text on the overview; Tehran's appear on the timeline and map.
    latest = contacts.sort_values("date_start", ascending=False).index[:8]
    marked = contacts.index.isin(latest) | (contacts["city_id"] == partner)
    contacts.loc[marked, "text_ru"] = XSS_IMG + " " + XSS_SCRIPT + " " + contacts.loc[marked, "text_ru"]
    contacts.to_csv(target / "contacts.csv", index=False)
    return {"partner": partner}


@pytest.fixture(scope="session")
def xss_server(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("xss-data")
    write_xss_data(data_dir)
    with streamlit_server("xss", data_dir) as running:
        yield running.base_url


# --- browser -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Recorder:
    """What a page tried that it must not: requests leaving the machine, JavaScript dialogs."""

    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture(scope="session")
def _session_recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def recorder(_session_recorder: Recorder) -> Recorder:
    """Emptied for each test: what this test's pages tried."""
    _session_recorder.outside.clear()
    _session_recorder.dialogs.clear()
    return _session_recorder


@pytest.fixture(scope="session")
def browser_context(browser, _session_recorder: Recorder):
    """One context for the session, so Streamlit's JavaScript chunks are fetched once (HTTP cache); every
    request to another host is aborted and recorded, and so is every WebSocket to another host."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", service_workers="block")

    def route(route_) -> None:
        url = route_.request.url
        if is_local(url):
            route_.continue_()
        else:
            _session_recorder.outside.append(url)
            route_.abort()

    def outside_socket(ws) -> None:
        _session_recorder.outside.append(ws.url)
        ws.close()

    context.route("**/*", route)
    context.route_web_socket(lambda url: not is_local(url), outside_socket)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, recorder: Recorder):
    """A fresh tab (a fresh Streamlit session) per test, 1400×900, dialogs recorded and dismissed."""
    page_ = browser_context.new_page()
    page_.set_viewport_size(VIEWPORT)

    def on_dialog(dialog) -> None:
        recorder.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page_.on("dialog", on_dialog)
    page_.set_default_timeout(IDLE_TIMEOUT_MS)
    yield page_
    page_.close()


IDLE_JS = """() => !!document.querySelector('[data-testid="stApp"]')
    && !!document.querySelector('[data-testid="stMain"] h1')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')"""


def wait_idle(page, timeout_ms: int = IDLE_TIMEOUT_MS, settle_ms: int = SETTLE_MS) -> None:
    """The app is drawn and its script has finished: stApp and the page's first heading present, no status
    widget, no loading skeleton (elements whose code chunk is still loading) — checked twice around a short
    settle, because a rerun can start right after a run ends.

    Polls on a timer, not on animation frames (Playwright's default): while deck.gl draws with software
    WebGL, animation frames can be starved for tens of seconds on a busy machine.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout_ms / 1000
    try:
        for _ in range(2):
            remaining = max(1, int((deadline - time.monotonic()) * 1000))
            page.wait_for_function(IDLE_JS, polling=100, timeout=remaining)
            page.wait_for_timeout(settle_ms)
    except PlaywrightTimeout:
        state = page.evaluate("""() => ({
            h1: document.querySelectorAll('[data-testid="stMain"] h1').length,
            status: (document.querySelector('[data-testid="stStatusWidget"]') || {}).innerText || null,
            exceptions: [...document.querySelectorAll('[data-testid="stException"]')].map(e => e.innerText),
            main: ((document.querySelector('[data-testid="stMain"]') || {}).innerText || '').slice(0, 600),
        })""")
        shot = screenshot(page, "timeout-" + re.sub(r"[^\w.-]+", "_", page.url.split("//", 1)[-1])[:80])
        raise AssertionError(f"{page.url} not idle after {timeout_ms} ms: {state} (screenshot {shot})") from None


FULL_HEIGHT_JS = """() => Math.max(window.innerHeight, ...[
    '[data-testid="stMainBlockContainer"]', '[data-testid="stSidebarContent"]', '[data-testid="stMain"]'
].map(sel => { const e = document.querySelector(sel); return e ? e.scrollHeight : 0; }))"""
MAX_SCREENSHOT_HEIGHT = 6000


def screenshot(page, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main block, not the document, so `full_page` alone gives
    the viewport; the viewport is stretched to the content for the shot, then restored."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size or VIEWPORT
    height = min(int(page.evaluate(FULL_HEIGHT_JS)), MAX_SCREENSHOT_HEIGHT)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(400)
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if height > size["height"]:
            page.set_viewport_size(size)
    return path


@pytest.fixture(name="wait_idle")
def wait_idle_fixture():
    return wait_idle


@pytest.fixture(name="screenshot")
def screenshot_fixture():
    return screenshot
