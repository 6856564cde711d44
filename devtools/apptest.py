"""A page opened under Streamlit's AppTest the way the server runs it: the entry frame `dashboard.py`, then
`switch_page` to the page's script, with query parameters set before the first run as a shared link sets them.
One place for the tests (tests/harness.py) and the benchmarks (benchmarks/run.py, scale.py)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from cooperation.paths import ENTRY
from cooperation.serve import app_test
from cooperation.ui.registry import BY_KEY

TIMEOUT_S = 30


def open_page(
    page: str, *, secrets: dict[str, str] | None = None, timeout_s: float = TIMEOUT_S, **params: str | list[str]
) -> AppTest:
    """Page `page` (a registry key) with `params` in its URL and `secrets` as the server's; not yet run."""
    at = app_test(ENTRY, timeout_s)
    at.switch_page(BY_KEY[page].path)
    for key, value in params.items():
        at.query_params[key] = value
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    return at
