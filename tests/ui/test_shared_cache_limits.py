"""What one visitor can make the server keep or compute for everyone: free-text timeline searches are not
pinned in the shared cache, and a crafted URL is read up to its caps with one notice."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cooperation.paths import ENTRY
from cooperation.serve import app_test
from cooperation.ui import cache
from cooperation.ui.registry import BY_KEY

TIMEOUT = 30


def timeline(**params: str) -> AppTest:
    at = app_test(ENTRY, TIMEOUT)
    at.switch_page(BY_KEY["timeline"].path)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def rows_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Rows"))


def test_timeline_searches_are_not_pinned_in_the_shared_cache(monkeypatch):
    keys: list[str] = []
    shared = cache._cached

    def spy(key, build):
        keys.append(key)
        return shared(key, build)

    monkeypatch.setattr(cache, "_cached", spy)
    at = timeline(lang="en")
    assert not at.exception
    everything = rows_caption(at)
    for query in ("Харбин", "делегация Харбин", "zzzz-nothing"):
        at.text_input(key="timeline_search").input(query).run()
        assert not at.exception
        assert rows_caption(at) != everything, f"the search {query!r} did not narrow the table"
        assert not [k for k in keys if query in k], f"{query!r} reached the shared cache"
    at.text_input(key="timeline_search").input("").run()
    assert rows_caption(at) == everything


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_huge_url_list_gives_one_warning_on_the_page(lang):
    huge = ",".join(f"x{i}" for i in range(55_000))  # about 400 KB: Streamlit itself drops a query over 512 KB
    at = timeline(lang=lang, sphere=huge, partner="harbin")
    assert not at.exception
    assert len(at.warning) == 1, [w.value[:80] for w in at.warning]
    assert "x0" in at.warning[0].value and len(at.warning[0].value) < 600
