"""Start the dashboard warm: every page's default view is built once before the server takes its first visitor.

    python -m cooperation.serve dashboard.py [any `streamlit run` option …]

Without it the first visitor after a restart (the speaker who opens the dashboard in the hall, the mayor who
opens a shared link on Monday) pays for everything a process does once: importing pandas, pydeck and pandera,
reading and validating the CSVs, and building the default view's figures and maps — 8.5 s for the overview
and 13 s for the map page in Chromium, against 1.7 s for an empty Streamlit app (issue 18).

How: before the server listens, each page runs once per language through `streamlit.testing.v1.AppTest`, in
this process. A run imports the modules for good, and fills the caches the pages read through —
`st.cache_resource` keeps one store per process, whichever runtime calls it (`cooperation.ui.loader`'s
dataset, enriched contacts and views, `cooperation.ui.cache.derived`) — under the keys a visitor's run
computes, because a key is made of the data directory, its version, the filters, the language, the day and
the builder, none of which depend on the session. The
server then starts in the same process (Streamlit's own CLI) and serves those objects from the first request.
Running the real page scripts, rather than a list of what to build, keeps the warm-up right whatever the
pages draw; a page that fails here is logged and left for the first visitor, the server still starts.

AppTest is Streamlit's public harness for running a script without a server; between runs it leaves the
process as a server finds it (no runtime), except for two settings, reset here (see `_leave_as_found`).
"""

from __future__ import annotations

import functools
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cooperation.i18n import LANGS

if TYPE_CHECKING:
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.testing.v1 import AppTest

log = logging.getLogger("cooperation.serve")

# A page's first run at 100x synthetic data takes about a second; far more means something is wrong.
RUN_TIMEOUT_S = 120
LANG_PARAM = "lang"
RUN_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


@dataclass(frozen=True)
class Warmed:
    """What the warm-up ran: (page, language, seconds) per run, and the pages that failed."""

    runs: tuple[tuple[str, str, float], ...]
    failed: tuple[str, ...]
    seconds: float


def page_scripts(entry: Path) -> list[Path]:
    """The entry alone (it runs the default page) and every other page of the registry, in its order."""
    from cooperation.ui.registry import PAGES

    return [entry, *(entry.parent / spec.path for spec in PAGES if spec.url_path)]


@functools.cache
def _components() -> BidiComponentManager:
    """The process's one registry of installed custom components, as a server keeps one (`Runtime`)."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def app_test(entry: Path, timeout_s: float) -> AppTest:
    """A fresh `AppTest` of `entry` that shares the process's registry of installed components.

    Each new AppTest otherwise scans every installed distribution's metadata for custom components before its
    first run: 0.12 s on this project's machines, paid 28 times by the warm-up and once by every test that
    opens a page. A server scans once per process, so one shared registry is also what a server runs with.
    The registry sits in a private attribute of Streamlit 1.67's AppTest; without it, AppTest scans as before.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entry), default_timeout=timeout_s)
    if hasattr(at, "_bidi_component_manager"):
        at._bidi_component_manager = _components()
    return at


def _run_once(entry: Path, page: Path, lang: str) -> str | None:
    """Run `page` as a visitor opening it with only `?lang=…` would; the problem as text, or None."""
    at = app_test(entry, RUN_TIMEOUT_S)
    if page != entry:
        at.switch_page(str(page.relative_to(entry.parent)))
    at.query_params[LANG_PARAM] = lang
    at.run()
    if at.exception:
        return "; ".join(str(exc.value) for exc in at.exception)[:300]
    return None


def _leave_as_found() -> None:
    """Leave the two process-wide settings the runs made as a fresh `streamlit run` finds them.

    `PagesManager` records once per process, in a class attribute, whether the entry is a legacy `pages/`
    app; AppTest resets it before each of its runs but not after, and the server must decide it afresh. The
    runs also parsed the configuration without the command line's flags; forgetting that parse spares a
    "please restart streamlit" warning when the CLI parses it again with them (the flags do apply).
    """
    from streamlit import config
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = None
    config._config_options = None


class _BelowError(logging.Filter):
    """Drops records below ERROR."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def warm_up(entry: Path, langs: Sequence[str] = LANGS) -> Warmed:
    """Run every page of the app once per language in this process, so their caches hold the default views."""
    start = time.perf_counter()
    runs: list[tuple[str, str, float]] = []
    failed: list[str] = []
    # Outside a server each run logs "missing ScriptRunContext": noise in the server's log. A filter, not a
    # level: Streamlit sets its loggers' levels again whenever it parses its configuration.
    quiet = logging.getLogger(RUN_CONTEXT_LOGGER)
    warnings_only = _BelowError()
    quiet.addFilter(warnings_only)
    try:
        for page in page_scripts(entry):
            for lang in langs:
                began = time.perf_counter()
                try:
                    problem = _run_once(entry, page, lang)
                except Exception as exc:  # noqa: BLE001 — a page that fails is the first visitor's, not the server's
                    problem = f"{type(exc).__name__}: {exc}"
                runs.append((page.name, lang, time.perf_counter() - began))
                if problem:
                    failed.append(f"{page.name} ({lang}): {problem}")
    finally:
        quiet.removeFilter(warnings_only)
        _leave_as_found()
    return Warmed(runs=tuple(runs), failed=tuple(failed), seconds=time.perf_counter() - start)


def main(argv: Sequence[str] | None = None) -> None:
    """Warm up, then hand the same arguments to `streamlit run` in this process."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].startswith("-"):
        sys.exit("usage: python -m cooperation.serve ENTRY.py [streamlit run options …]")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    warmed = warm_up(Path(args[0]).resolve())
    slowest = max(warmed.runs, key=lambda run: run[2], default=("-", "-", 0.0))
    log.info("warmed %d page runs in %.1f s (slowest: %s, %s, %.2f s)", len(warmed.runs), warmed.seconds, *slowest)
    for problem in warmed.failed:
        log.warning("not warmed: %s", problem)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *args]
    cli.main()


if __name__ == "__main__":
    main()
