"""The dashboard clicked through as a user does, in headless Chromium: every navigation link and the in-page
links keep the language and the filters on every click, the language switch re-renders the sidebar, and a
phone-sized screen opens with the sidebar collapsed and charts that use the width.

Screenshots: test-artifacts/screenshots/click-*.png and phone-*.png.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from test_pages_in_browser import DECK_CANVAS, assert_clean, marker_centres, nav_labels, wait_for_charts

from cooperation.i18n import t
from cooperation.ui.registry import BY_KEY, PAGES

pytestmark = pytest.mark.browser

START = "/?from=2020&to=2023&country=CN&lang=en"
VIEW = {"from": ["2020"], "to": ["2023"], "country": ["CN"], "lang": ["en"]}
SIDEBAR = '[data-testid="stSidebar"]'
NAV_LINK = f'{SIDEBAR} [data-testid="stPageLink-NavLink"]'
MAIN_LINK = '[data-testid="stMain"] [data-testid="stPageLink-NavLink"]'
H1 = '[data-testid="stMain"] h1'
PHONE = {"width": 390, "height": 844}


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def assert_view_kept(page, recorder, heading_key: str | None) -> None:
    """The language and the filters survived the click; the heading is English; nothing went wrong."""
    found = params(page)
    for key, values in VIEW.items():
        assert found.get(key) == values, (key, page.url)
    if heading_key:
        assert page.locator(H1).first.inner_text().strip() == t(heading_key, "en"), page.url
    assert_clean(page, recorder)


def click_and_wait(page, wait_idle, link, url_path: str) -> None:
    link.click()
    page.wait_for_url(re.compile(rf"/{re.escape(url_path)}(\?|$)"))
    wait_idle(page)


def nav_link(page, spec):
    return page.locator(NAV_LINK).filter(has_text=t(spec.title_key, "en")).first


def test_every_navigation_link_keeps_the_view(page, recorder, server, wait_idle, screenshot) -> None:
    """From a filtered English link, each page in turn through the sidebar — twice round, so the second click
    (which crashed before) is taken on every link; the presentation has no sidebar, so back it goes."""
    page.goto(server + START)
    wait_idle(page)
    assert_view_kept(page, recorder, "overview.title")
    for round_ in range(2):
        for spec in [*PAGES[1:], PAGES[0]]:
            click_and_wait(page, wait_idle, nav_link(page, spec), spec.url_path)
            assert_view_kept(page, recorder, spec.heading_key)
            if round_ == 0:
                screenshot(page, f"click-nav-{spec.key}-en")
            if not spec.sidebar:
                page.go_back()
                wait_idle(page)
                assert_view_kept(page, recorder, None)
            else:
                assert nav_labels(page)[0] == t("nav.overview", "en")


def test_in_page_links_keep_the_view(page, recorder, server, wait_idle, screenshot) -> None:
    """The overview's "whole year ahead", a planning card's profile link, the profile's links to the timeline
    and the health page, and the map panel's profile link, each clicked."""
    page.goto(server + START)
    wait_idle(page)
    overview_link = page.locator(MAIN_LINK).filter(has_text=t("overview.open_planning", "en")).first
    click_and_wait(page, wait_idle, overview_link, "planning")
    assert_view_kept(page, recorder, "plan.title")

    profile_links = page.locator(MAIN_LINK).filter(has_text=t("plan.open_profile", "en"))
    if profile_links.count():
        click_and_wait(page, wait_idle, profile_links.first, "partner")
        assert_view_kept(page, recorder, "partner.title")
        assert params(page).get("city"), page.url
    else:  # no card within the filters: open a profile the way the map does
        page.goto(server + "/partner?city=harbin&from=2020&to=2023&country=CN&lang=en")
        wait_idle(page)
    city = params(page)["city"][0]
    timeline = page.locator(MAIN_LINK).filter(has_text=t("partner.open_timeline", "en")).first
    click_and_wait(page, wait_idle, timeline, "timeline")
    assert_view_kept(page, recorder, "timeline.title")
    assert params(page).get("partner") == [city]
    page.go_back()
    wait_idle(page)
    health = page.locator(MAIN_LINK).filter(has_text=t("partner.open_health", "en")).first
    click_and_wait(page, wait_idle, health, "health")
    assert_view_kept(page, recorder, "health.title")

    click_and_wait(page, wait_idle, nav_link(page, BY_KEY["map"]), "map")
    wait_for_charts(page, deck=True)
    page.wait_for_timeout(800)
    canvas = page.locator(DECK_CANVAS).first
    box = canvas.bounding_box()
    profile = page.locator(MAIN_LINK).filter(has_text=t("map.open_profile", "en"))
    for x, y in marker_centres(canvas.screenshot()):
        page.mouse.click(box["x"] + x, box["y"] + y)
        try:
            profile.first.wait_for(timeout=20_000)
            break
        except Exception:  # noqa: BLE001 — an arc or a label, not a partner: try the next marker
            continue
    assert profile.count(), "clicking a partner on the map shows its panel"
    screenshot(page, "click-map-panel-en")
    click_and_wait(page, wait_idle, profile.first, "partner")
    assert_view_kept(page, recorder, "partner.title")
    click_and_wait(page, wait_idle, nav_link(page, BY_KEY["timeline"]), "timeline")
    assert_view_kept(page, recorder, "timeline.title")


def sidebar_text(page) -> str:
    return page.locator(SIDEBAR).inner_text()


def test_language_switch_renders_the_sidebar_in_the_new_language(page, recorder, server, wait_idle, screenshot) -> None:
    page.goto(server + "/timeline?lang=ru&country=CN")
    wait_idle(page)
    assert t("filters.heading", "ru") in sidebar_text(page)
    page.locator(SIDEBAR).get_by_role("radio", name=t("lang.en", "ru"), exact=True).click()
    page.wait_for_function(
        "want => (document.querySelector('[data-testid=\"stMain\"] h1') || {}).innerText === want",
        arg=t("timeline.title", "en"),
    )
    wait_idle(page)
    text = sidebar_text(page)
    for key in ("filters.heading", "filters.years", "filters.countries", "filters.reset", "lang.label"):
        assert t(key, "en") in text, (key, text)
        assert t(key, "ru") not in text, (key, text)
    # The chosen country's tag, read as the sidebar shows it and as its remove button names it.
    assert "China" in text and "Китай" not in text, text
    removers = page.locator(SIDEBAR).get_by_role("button", name=re.compile("China")).count()
    assert removers == 1, removers
    assert nav_labels(page) == [t(spec.title_key, "en") for spec in PAGES]
    assert "lang=en" in page.url and "country=CN" in page.url
    screenshot(page, "click-language-en")

    # Two quick clicks, RU then EN half a second apart: everything ends in English.
    page.locator(SIDEBAR).get_by_role("radio", name=t("lang.ru", "en"), exact=True).click()
    page.wait_for_timeout(500)
    page.locator(SIDEBAR).get_by_role("radio", name=t("lang.en", "en"), exact=True).click()
    page.wait_for_function(
        "want => (document.querySelector('[data-testid=\"stMain\"] h1') || {}).innerText === want",
        arg=t("timeline.title", "en"),
    )
    wait_idle(page)
    text = sidebar_text(page)
    assert t("filters.countries", "en") in text and t("filters.countries", "ru") not in text, text
    assert_clean(page, recorder)


@pytest.mark.parametrize("key", ["overview", "timeline", "activity", "map"])
def test_phone_layout(browser_context, recorder, server, wait_idle, screenshot, key: str) -> None:
    """At 390×844 the sidebar starts collapsed and each chart is about as wide as the screen."""
    phone = browser_context.new_page()
    phone.set_viewport_size(PHONE)
    try:
        spec = BY_KEY[key]
        phone.goto(f"{server}/{spec.url_path}?lang=ru")
        wait_idle(phone)
        wait_for_charts(phone, deck=key == "map", vega=key in ("overview", "timeline", "activity"))
        phone.wait_for_timeout(500)
        screenshot(phone, f"phone-{key}-ru")
        box = phone.locator(SIDEBAR).bounding_box()
        assert box is None or box["width"] < 1 or box["x"] + box["width"] <= 0, f"the sidebar covers the phone: {box}"
        widths = phone.locator('[data-testid="stVegaLiteChart"]').evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().width)"
        )
        assert all(width >= 0.8 * PHONE["width"] - 40 for width in widths), widths
        assert_clean(phone, recorder)
    finally:
        phone.close()
