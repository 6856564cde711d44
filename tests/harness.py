"""The one AppTest harness of the tests: a page opened by `devtools.apptest` (the entry frame, then the page, as a
shared link runs it), run, and read back."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from cooperation.paths import ROOT
from cooperation.ui.registry import BY_KEY
from devtools.apptest import open_page


def run(page: str, *, secrets: dict[str, str] | None = None, **params: str | list[str]) -> AppTest:
    """Page `page` (a registry key) opened with `params` in its URL (and `secrets` as the server's secrets)."""
    at = open_page(page, secrets=secrets, **params)
    at.run()
    return at


def texts(at: AppTest, *kinds: str) -> list[str]:
    """Every piece of text a user can read on the page (by default of every kind)."""
    kinds = kinds or (
        "markdown",
        "caption",
        "text",
        "code",
        "error",
        "warning",
        "info",
        "success",
        "title",
        "header",
        "subheader",
    )
    found = [str(el.value) for kind in kinds for el in getattr(at, kind)]
    if not kinds or "metric" in kinds or len(kinds) > 3:
        found.extend(f"{m.label} {m.value}" for m in at.metric)
    return found


def assert_healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    # The frame turns unexpected errors into an st.error: there must be none on the bundled data.
    assert not at.error, [e.value for e in at.error]
    for text in texts(at):
        assert "Traceback (most recent call last)" not in text, text


def query(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def script(page: str) -> Path:
    return ROOT / BY_KEY[page].path


def chart_rows(element) -> list[dict]:
    """The rows a `st.vega_lite_chart` element draws: Streamlit sends a chart's top-level data as an Arrow table
    beside the spec (a layer's own data stays in the spec)."""
    import json

    import pyarrow as pa

    if element.proto.data.data:
        return pa.ipc.open_stream(element.proto.data.data).read_all().to_pylist()
    return json.loads(element.proto.spec)["data"]["values"]
