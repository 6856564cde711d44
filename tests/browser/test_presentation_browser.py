"""Presentation mode in headless Chromium with every request off this machine blocked (tests/browser/conftest.py).

Each slide renders in both languages at 1920×1080 (the map's WebGL canvas on slide 1, Vega-Lite's SVG on the
others), carries the filter summary and the coverage line, has no navigation (no link to the editing page),
and asks for nothing from outside. The keyboard steps the slides and the language switch keeps the slide.
Screenshots: test-artifacts/screenshots/present-<n>-<lang>.png.
"""

from __future__ import annotations

import re

import pytest

from cooperation import slides
from cooperation.coverage import coverage_line
from cooperation.i18n import LANGS, t
from cooperation.loading import default_data_dir, load_dataset

pytestmark = pytest.mark.browser

SCREEN = {"width": 1920, "height": 1080}
VEGA_SVG = '[data-testid="stVegaLiteChart"] svg'
DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
EXCEPTION = '[data-testid="stException"]'
TITLE = '[data-testid="stMain"] h1'
COUNTER = ".st-key-present_counter"
CAPTIONS = '[data-testid="stMain"] [data-testid="stCaptionContainer"]'
ALERT = '[data-testid="stMain"] [data-testid="stAlert"]'
MARKS = '[data-testid="stVegaLiteChart"] :is(.mark-rect, .mark-symbol) path'
CHART_TIMEOUT_MS = 60_000
STEP_TIMEOUT_MS = 30_000


def assert_clean(page, recorder) -> None:
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    assert recorder.outside == [], f"requests left the machine: {recorder.outside}"
    assert recorder.dialogs == [], recorder.dialogs


def open_slide(page, wait_idle, url: str) -> None:
    page.set_viewport_size(SCREEN)
    page.goto(url)
    wait_idle(page)


def wait_for_figure(page, slide: slides.Slide) -> None:
    if slide.kind == "map":
        page.wait_for_selector(DECK_CANVAS, state="attached", timeout=CHART_TIMEOUT_MS)
        page.wait_for_function(
            "sel => { const c = document.querySelector(sel); if (!c) return false;"
            " const r = c.getBoundingClientRect(); return r.width > 900 && r.height > 400; }",
            arg=DECK_CANVAS,
            timeout=CHART_TIMEOUT_MS,
        )
        page.wait_for_timeout(1500)  # deck.gl draws the country layer and labels a moment after mounting
    else:
        # Wait for the chart's SVG and for the marks (bars, squares) drawn in it.
        page.wait_for_selector(VEGA_SVG, state="attached", timeout=CHART_TIMEOUT_MS)
        page.wait_for_function(f"() => document.querySelectorAll('{MARKS}').length > 0", timeout=CHART_TIMEOUT_MS)


def counter(page) -> str:
    return page.locator(COUNTER).inner_text().strip()


def wait_for_counter(page, number: int) -> None:
    page.wait_for_function(
        "([sel, want]) => { const e = document.querySelector(sel); return e && e.innerText.trim() === want; }",
        arg=[COUNTER, slides.counter(number)],
        timeout=STEP_TIMEOUT_MS,
    )


def url_slide(page) -> str | None:
    found = re.search(r"[?&]slide=(\d+)", page.url)
    return found.group(1) if found else None


@pytest.fixture(scope="module")
def coverage_lines() -> dict[str, str]:
    dataset = load_dataset(default_data_dir())
    return {lang: coverage_line(dataset, lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("number", range(1, len(slides.SLIDES) + 1))
def test_slide_renders_offline(
    page, recorder, server, wait_idle, screenshot, coverage_lines, number: int, lang: str
) -> None:
    slide = slides.SLIDES[number - 1]
    open_slide(page, wait_idle, f"{server}/present?lang={lang}&slide={number}")
    wait_for_figure(page, slide)

    assert page.locator(TITLE).first.inner_text().strip() == t(slide.title_key, lang)
    assert counter(page) == slides.counter(number)
    # As read: the invisible word joiner plain() puts into a URL's "://" (so it is not made a link) aside.
    captions = " ".join(page.locator(CAPTIONS).all_inner_texts()).replace("\u2060", "")
    assert coverage_lines[lang] in captions, captions
    assert t("filters.none_active", lang) in captions, captions
    # No navigation at all: no sidebar, no page links, nothing pointing at the editing page.
    assert page.locator('[data-testid="stSidebar"]:visible').count() == 0
    assert page.locator('[data-testid="stPageLink-NavLink"]').count() == 0
    assert page.locator('a[href*="/data"]').count() == 0
    assert page.locator('[data-testid="stHeader"]:visible').count() == 0
    # Large type: the title and the chart text are readable from the back of a hall.
    title_px = page.locator(TITLE).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert title_px >= 36, title_px
    if slide.kind == "chart":
        tick_px = page.locator(f"{VEGA_SVG} .role-axis-label text").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert tick_px >= 20, tick_px
        assert page.locator(MARKS).count() > 0, "an empty chart"
    screenshot(page, f"present-{number}-{lang}")
    assert_clean(page, recorder)


def test_keyboard_steps_the_slides(page, recorder, server, wait_idle) -> None:
    open_slide(page, wait_idle, f"{server}/present?lang=en&slide=1")
    wait_for_figure(page, slides.SLIDES[0])
    page.locator(TITLE).first.click()  # the keys go to the page, as after a presenter's first click
    for key, expected in (("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("PageUp", 3), ("ArrowLeft", 2)):
        page.keyboard.press(key)
        wait_for_counter(page, expected)
        wait_idle(page)
        assert page.locator(TITLE).first.inner_text().strip() == t(slides.SLIDES[expected - 1].title_key, "en")
        assert url_slide(page) == str(expected), page.url
    assert_clean(page, recorder)


def test_buttons_step_and_stop_at_the_ends(page, recorder, server, wait_idle) -> None:
    last = len(slides.SLIDES)
    open_slide(page, wait_idle, f"{server}/present?lang=ru&slide={last - 1}")
    page.locator(".st-key-present_next button:visible").click()
    wait_for_counter(page, last)
    wait_idle(page)
    assert page.locator(".st-key-present_next button:visible").is_disabled()
    page.keyboard.press("ArrowRight")  # at the last slide the key does nothing
    page.wait_for_timeout(1000)
    assert counter(page) == slides.counter(last)
    page.locator(".st-key-present_prev button:visible").click()
    wait_for_counter(page, last - 1)
    assert_clean(page, recorder)


def test_language_switch_keeps_slide_and_filters(page, recorder, server, wait_idle) -> None:
    open_slide(page, wait_idle, f"{server}/present?lang=ru&country=CN&slide=3")
    assert page.locator(TITLE).first.inner_text().strip() == t("present.slide.by_country", "ru")
    page.locator(".st-key-present_lang button", has_text="EN").click()
    page.wait_for_function(
        "([sel, want]) => { const e = document.querySelector(sel); return e && e.innerText.trim() === want; }",
        arg=[TITLE, t("present.slide.by_country", "en")],
        timeout=STEP_TIMEOUT_MS,
    )
    wait_idle(page)
    assert counter(page) == slides.counter(3)
    assert url_slide(page) == "3"
    assert "lang=en" in page.url and "country=CN" in page.url, page.url
    assert "China" in " ".join(page.locator(CAPTIONS).all_inner_texts())
    page.reload()
    wait_idle(page)
    assert counter(page) == slides.counter(3), "a reload keeps the slide"
    assert page.locator(TITLE).first.inner_text().strip() == t("present.slide.by_country", "en")
    assert_clean(page, recorder)


def test_filter_matching_nothing_shows_a_message(page, recorder, server, wait_idle) -> None:
    open_slide(page, wait_idle, f"{server}/present?lang=en&partner=urbino&slide=2")
    assert t("common.empty", "en") in " ".join(page.locator(ALERT).all_inner_texts())
    assert page.locator(VEGA_SVG).count() == 0
    assert_clean(page, recorder)


def test_invalid_slide_is_clamped(page, recorder, server, wait_idle) -> None:
    open_slide(page, wait_idle, f"{server}/present?lang=en&slide=99")
    assert counter(page) == slides.counter(len(slides.SLIDES))
    page.wait_for_function(
        f"() => /[?&]slide={len(slides.SLIDES)}(&|$)/.test(location.search)", timeout=STEP_TIMEOUT_MS
    )
    open_slide(page, wait_idle, f"{server}/present?lang=en&slide=abc")
    assert counter(page) == slides.counter(1)
    assert_clean(page, recorder)


def test_arrow_keys_keep_working_after_a_language_switch(page, recorder, server, wait_idle) -> None:
    """A speaker switches the language for the guests, then goes on with the arrows: → → ← from slide 3."""
    open_slide(page, wait_idle, f"{server}/present?lang=en&slide=3")
    page.locator(".st-key-present_lang button", has_text="RU").click()
    page.wait_for_function(
        "([sel, want]) => { const e = document.querySelector(sel); return e && e.innerText.trim() === want; }",
        arg=[TITLE, t("present.slide.by_country", "ru")],
        timeout=STEP_TIMEOUT_MS,
    )
    wait_idle(page)
    for key, expected in (("ArrowRight", 4), ("ArrowRight", 5), ("ArrowLeft", 4)):
        page.keyboard.press(key)
        wait_for_counter(page, expected)
        wait_idle(page)
        assert url_slide(page) == str(expected), page.url
    assert "lang=ru" in page.url
    assert_clean(page, recorder)
