"""The presentation page under AppTest (the frame, then the page, as a shared link runs it): every slide in both
languages, the buttons and keyboard twins, the language switch, the timer, and links that cannot break it."""

from __future__ import annotations

import time

import harness
import pytest
from harness import assert_healthy, query
from streamlit.testing.v1 import AppTest

from cooperation import filters, slides
from cooperation.coverage import coverage_line
from cooperation.i18n import LANGS, t
from cooperation.ui import plain

N = len(slides.SLIDES)
PARAM_SETS = {"none": {}, "china": {"country": "CN"}, "nothing": {"partner": "urbino"}}


# --- the page under AppTest --------------------------------------------------------------------------------


def run(params: dict[str, str]) -> AppTest:
    return harness.run("present", **params)


def shown_counter(at: AppTest) -> str:
    found = [m.value for m in at.markdown if m.value.strip().endswith(f"/ {N}")]
    assert len(found) == 1, [m.value for m in at.markdown]
    return found[0].strip()


@pytest.fixture(scope="module")
def coverage_lines(dataset) -> dict[str, str]:
    return {lang: plain(coverage_line(dataset, lang)) for lang in LANGS}


def filter_line(dataset, params: dict[str, str], lang: str) -> str:
    state, _ = filters.from_query({key: [value] for key, value in params.items()}, dataset, lang)
    return plain(filters.describe(state, dataset, lang))


@pytest.mark.parametrize("param_set", list(PARAM_SETS))
@pytest.mark.parametrize("number", range(1, N + 1))
@pytest.mark.parametrize("lang", LANGS)
def test_every_slide_runs(lang: str, number: int, param_set: str, coverage_lines, dataset) -> None:
    at = run({"lang": lang, "slide": str(number), **PARAM_SETS[param_set]})
    assert_healthy(at)
    slide = slides.SLIDES[number - 1]
    assert [title.value for title in at.title] == [t(slide.title_key, lang)]
    assert shown_counter(at) == slides.counter(number)
    assert query(at, "slide") == [str(number)] and query(at, "lang") == [lang]
    captions = [c.value for c in at.caption]
    assert coverage_lines[lang] in captions, captions
    assert filter_line(dataset, PARAM_SETS[param_set], lang) in captions, captions
    # No navigation, no sidebar: only the presentation's own controls.
    assert not at.get("page_link")
    assert not at.sidebar.children
    infos = [i.value for i in at.info]
    charts = at.get("vega_lite_chart") + at.get("deck_gl_json_chart")
    if param_set == "nothing" and number > 1 and slide.key != "health":  # a status needs no filtered contact
        assert t("common.empty", lang) in infos, infos
        assert not charts
    else:
        assert len(charts) == 1, (infos, [w.value for w in at.warning])
        assert t("common.empty", lang) not in infos
    if param_set == "china":
        assert query(at, "country") == ["CN"]


def test_next_and_previous_buttons_step_the_slides() -> None:
    at = run({"lang": "en", "slide": "1", "country": "CN"})
    assert at.button(key="present_prev").disabled
    for expected in range(2, N + 1):
        at.button(key="present_next").click().run()
        assert_healthy(at)
        assert query(at, "slide") == [str(expected)]
        assert shown_counter(at) == slides.counter(expected)
        assert at.title[0].value == t(slides.SLIDES[expected - 1].title_key, "en")
    assert at.button(key="present_next").disabled, "the last slide has no next"
    at.button(key="present_prev").click().run()
    assert query(at, "slide") == [str(N - 1)]
    assert query(at, "country") == ["CN"], "stepping keeps the filters"


def test_keyboard_twins_page_up_down_and_space() -> None:
    at = run({"lang": "ru", "slide": "2"})
    shortcuts = {b.key: b.proto.shortcut.lower() for b in at.button}
    assert shortcuts["present_next"] == "right" and shortcuts["present_prev"] == "left"
    assert {shortcuts[k] for k in ("present_key_pageup", "present_key_pagedown", "present_key_space")} == {
        "pageup",
        "pagedown",
        "space",
    }
    at.button(key="present_key_pagedown").click().run()
    assert query(at, "slide") == ["3"]
    at.button(key="present_key_space").click().run()
    assert query(at, "slide") == ["4"]
    at.button(key="present_key_pageup").click().run()
    assert query(at, "slide") == ["3"]
    assert_healthy(at)


@pytest.mark.parametrize("raw, expected", [("99", N), ("abc", 1), ("0", 1), ("-1", 1), ("", 1)])
def test_invalid_slide_is_clamped_without_a_crash(raw: str, expected: int) -> None:
    at = run({"lang": "en", "slide": raw})
    assert_healthy(at)
    assert shown_counter(at) == slides.counter(expected)
    assert query(at, "slide") == [str(expected)], "the URL is corrected to the slide shown"


def test_no_slide_parameter_opens_the_first_slide() -> None:
    at = run({"lang": "en"})
    assert_healthy(at)
    assert shown_counter(at) == slides.counter(1)
    assert query(at, "slide") == ["1"]


def test_language_switch_keeps_slide_and_filters() -> None:
    at = run({"lang": "ru", "slide": "3", "country": "CN"})
    assert at.title[0].value == t(slides.SLIDES[2].title_key, "ru")
    at.button(key="present_lang_en").click().run()
    assert_healthy(at)
    assert at.title[0].value == t(slides.SLIDES[2].title_key, "en")
    assert query(at, "lang") == ["en"] and query(at, "slide") == ["3"] and query(at, "country") == ["CN"]
    assert shown_counter(at) == slides.counter(3)


def test_invalid_filters_are_reported_and_dropped_from_the_url() -> None:
    at = run({"lang": "en", "slide": "2", "country": "ZZ"})
    assert_healthy(at)
    assert any("ZZ" in w.value for w in at.warning)
    assert query(at, "country") == []
    assert query(at, "slide") == ["2"]


def test_auto_advance_moves_on_after_the_interval_and_loops() -> None:
    at = run({"lang": "en", "slide": str(N)})
    at.toggle(key="present_auto").set_value(True).run()
    assert_healthy(at)
    assert query(at, "slide") == [str(N)], "switching the timer on does not skip the slide"
    at.number_input(key="present_seconds").set_value(5).run()
    # The slide has been on screen longer than the interval: the next tick moves on, past the last to the first.
    at.session_state["present_shown"] = (N, time.monotonic() - 60)
    at.run()
    assert_healthy(at)
    assert query(at, "slide") == ["1"]
    assert shown_counter(at) == slides.counter(1)
