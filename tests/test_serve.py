"""The warm start (cooperation.serve): after the warm-up, a visitor's first run of a page builds nothing.

The browser side — the first page after a real start within 2.5x of an empty app — is measured by
benchmarks/first_load.py; here the mechanism: the warm-up fills the very caches a later run reads."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from cooperation import charts, maps, serve
from cooperation.paths import ENTRY, ROOT
from cooperation.ui.registry import PAGES


def visit(page: str, lang: str) -> AppTest:
    at = serve.app_test(ENTRY, 60)
    if page != "dashboard.py":
        at.switch_page(page)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def counting(monkeypatch, module, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_page_scripts_are_the_entry_and_every_other_page():
    scripts = serve.page_scripts(ENTRY)
    assert scripts[0] == ENTRY and ROOT / "views" / "map.py" in scripts
    assert len(scripts) == len(PAGES) and all(path.exists() for path in scripts)


def test_after_the_warm_up_the_first_visit_builds_no_figure_and_no_map(monkeypatch):
    charts_built = counting(monkeypatch, charts.overview, "top_partners")
    maps_built = counting(monkeypatch, maps, "partner_map")
    st.cache_resource.clear()
    visit("dashboard.py", "en")
    visit("views/map.py", "en")
    assert charts_built and maps_built  # a cold run does build them: the counters see it

    st.cache_resource.clear()
    charts_built.clear()
    maps_built.clear()
    warmed = serve.warm_up(ENTRY, langs=("en",))
    assert not warmed.failed, warmed.failed
    assert {name for name, _, _ in warmed.runs} == {path.name for path in serve.page_scripts(ENTRY)}
    assert PagesManager.uses_pages_directory is None  # the server decides its layout afresh
    charts_built.clear()
    maps_built.clear()
    visit("dashboard.py", "en")
    visit("views/map.py", "en")
    assert not charts_built and not maps_built
