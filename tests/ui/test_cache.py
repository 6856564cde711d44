"""The shared figure cache (cooperation/ui/cache.py): its key is built from what the builder receives and from
the builder's code, so no input can be left out of it by hand."""

from __future__ import annotations

import pytest

from cooperation.ui.cache import builder_identity


def chart(view, dataset, lang, year):
    return (lang, year)


def other_chart(view, dataset, lang, year):
    return (lang, year + 1)


def test_the_key_names_the_builder_and_digests_its_code() -> None:
    assert builder_identity(chart) != builder_identity(other_chart)
    assert builder_identity(chart).startswith(f"{__name__}.chart:")
    assert builder_identity(chart) == builder_identity(chart)


def test_a_builder_reading_a_closure_or_the_page_context_is_refused() -> None:
    captured = 2020

    def closure(view, dataset, lang):
        return captured

    with pytest.raises(TypeError, match="closure"):
        builder_identity(closure)
    namespace: dict = {}
    exec("def reads_ctx(view, dataset, lang):\n    return ctx.lang\n", namespace)
    with pytest.raises(TypeError, match="page context"):
        builder_identity(namespace["reads_ctx"])


def test_the_same_source_run_again_gives_the_same_key() -> None:
    """Page scripts are executed anew on every run: the same code must find the same cache entry."""
    source = "def build(view, dataset, lang):\n    return lang\n"
    first, second = {}, {}
    exec(compile(source, "views/x.py", "exec"), first)
    exec(compile(source, "views/x.py", "exec"), second)
    assert first["build"] is not second["build"]
    assert builder_identity(first["build"]).split(":")[1] == builder_identity(second["build"]).split(":")[1]
