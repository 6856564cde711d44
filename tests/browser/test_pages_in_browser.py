"""The dashboard in headless Chromium against real servers: every page in both languages, a filter change,
a shared link as the first request to a fresh server, script payloads in the data, and no request leaving
the machine. Screenshots go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import json
import re

import pytest

from cooperation.i18n import LANGS, t
from cooperation.ui import PAGES

pytestmark = pytest.mark.browser

# URL path → (screenshot name, catalogue key of its title, has plotly charts, has the deck.gl map).
PAGE_SPECS = {
    "/": ("overview", "overview.title", True, True),
    "/map": ("map", "map.title", False, True),
    "/timeline": ("timeline", "timeline.title", True, False),
    "/activity": ("activity", "activity.title", True, False),
}
NAV_LABELS = {lang: [t(key, lang) for _, key in PAGES] for lang in LANGS}
RAW_PAGE_NAMES = {"dashboard", "map", "timeline", "activity"}

PLOTLY = '[data-testid="stPlotlyChart"]'
DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
EXCEPTION = '[data-testid="stException"]'
NAV_LINK = '[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]'
METRIC_VALUE = '[data-testid="stMetricValue"]'
SIDEBAR = '[data-testid="stSidebar"]'
CHART_TIMEOUT_MS = 60_000


def assert_clean(page, recorder) -> None:
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    assert recorder.outside == [], f"requests left the machine: {recorder.outside}"
    assert recorder.dialogs == [], recorder.dialogs


def nav_labels(page) -> list[str]:
    return [text.strip() for text in page.locator(NAV_LINK).all_inner_texts()]


def wait_for_charts(page, *, plotly: bool, deck: bool) -> None:
    if plotly:
        page.wait_for_selector(f"{PLOTLY} .main-svg", state="attached", timeout=CHART_TIMEOUT_MS)
        assert page.locator(f"{PLOTLY} .main-svg").count() >= 1
    if deck:
        # The deck.gl chart is mounted a moment after the page and draws into a WebGL canvas.
        page.wait_for_selector(DECK_CANVAS, state="attached", timeout=CHART_TIMEOUT_MS)
        page.wait_for_function(
            "sel => { const c = document.querySelector(sel); if (!c) return false;"
            " const r = c.getBoundingClientRect(); return r.width > 100 && r.height > 100; }",
            arg=DECK_CANVAS, timeout=CHART_TIMEOUT_MS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", list(PAGE_SPECS))
def test_page_renders(page, recorder, server, wait_idle, screenshot, path: str, lang: str) -> None:
    name, title_key, has_plotly, has_deck = PAGE_SPECS[path]
    page.goto(f"{server}{path}?lang={lang}")
    wait_idle(page)
    wait_for_charts(page, plotly=has_plotly, deck=has_deck)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == t(title_key, lang)
    assert nav_labels(page) == NAV_LABELS[lang]
    screenshot(page, f"{name}-{lang}")
    assert_clean(page, recorder)


def figures(page) -> list[str]:
    return [text.strip() for text in page.locator(METRIC_VALUE).all_inner_texts()]


def test_filter_change_updates_figures_and_url(page, recorder, server, wait_idle, screenshot) -> None:
    page.goto(f"{server}/?lang=en")
    wait_idle(page)
    before = figures(page)
    assert before, "the overview shows no metrics"
    assert "country=" not in page.url

    page.get_by_role("combobox", name=t("filters.countries", "en")).click()
    page.get_by_role("option", name="China", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"[?&]country=CN(&|$)"), timeout=30_000)
    wait_idle(page)
    page.wait_for_function(
        "before => JSON.stringify([...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
        ".map(e => e.innerText.trim())) !== before",
        arg=json.dumps(before), timeout=30_000)
    after = figures(page)
    assert after != before
    assert "China" in page.locator('[data-testid="stMain"] [data-testid="stAlertContentInfo"]').first.inner_text()
    # The navigation carries the filter to the other pages.
    for href in page.locator(NAV_LINK).evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        assert "country=CN" in href and "lang=en" in href, href
    screenshot(page, "filter-country-cn-en")
    assert_clean(page, recorder)


def test_shared_link_as_first_request(page, recorder, fresh_server, wait_idle, screenshot) -> None:
    """NOTES.md: a deep link as the first request to a fresh server must still run the shared setup."""
    page.goto(f"{fresh_server}/map?lang=en&country=CN")
    wait_idle(page)
    wait_for_charts(page, plotly=False, deck=True)
    sidebar = page.locator(SIDEBAR)
    assert sidebar.is_visible()
    # The language switch and the filters are there, in English.
    assert sidebar.locator('[data-testid="stButtonGroup"]').count() == 1
    assert t("lang.label", "en") in sidebar.inner_text()
    assert page.get_by_role("combobox", name=t("filters.countries", "en")).count() == 1
    summary = page.locator('[data-testid="stMain"] [data-testid="stAlertContentInfo"]').first.inner_text()
    assert "China" in summary, summary
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == t("map.title", "en")
    labels = nav_labels(page)
    assert labels == NAV_LABELS["en"], labels
    assert not RAW_PAGE_NAMES & {label.lower() for label in sidebar.locator("a").all_inner_texts()}
    assert "country=CN" in page.url
    screenshot(page, "shared-link-first-request-map-en")
    assert_clean(page, recorder)


def hover_grid(page, selector: str, columns: int = 14, rows: int = 8) -> None:
    """Move the mouse over a grid of points on an element, so tooltips for whatever lies there are drawn."""
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    for row in range(rows):
        for column in range(columns):
            page.mouse.move(box["x"] + box["width"] * (column + 0.5) / columns,
                            box["y"] + box["height"] * (row + 0.5) / rows)
            page.wait_for_timeout(15)


def assert_no_xss(page, recorder) -> None:
    assert page.evaluate("window.__xss") is None, "a payload from the data ran in the page"
    assert_clean(page, recorder)


def test_payloads_in_data_stay_text(page, recorder, xss_server, wait_idle, screenshot) -> None:
    # Overview: the latest contacts show their text; the top-partners chart shows the partner's name.
    page.goto(f"{xss_server}/?lang=en")
    wait_idle(page)
    wait_for_charts(page, plotly=True, deck=True)
    main = page.locator('[data-testid="stMain"]')
    assert "window.__xss" in main.inner_text(), "the payload should be shown as text on the overview"
    # The partner names appear in the sidebar's dropdown.
    page.get_by_role("combobox", name=t("filters.partners", "en")).click()
    page.wait_for_selector('[role="option"]')
    page.keyboard.press("Escape")
    hover_grid(page, DECK_CANVAS, columns=10, rows=6)
    screenshot(page, "xss-overview-en")
    assert_no_xss(page, recorder)

    # Map: hover the points so deck.gl draws its tooltips; click one so the side panel shows the partner.
    page.goto(f"{xss_server}/map?lang=ru&partner=tehran")
    wait_idle(page)
    wait_for_charts(page, plotly=False, deck=True)
    page.wait_for_timeout(500)
    hover_grid(page, DECK_CANVAS)
    screenshot(page, "xss-map-ru")
    assert_no_xss(page, recorder)

    # Timeline: hover the plotted points (plotly hover labels render a subset of HTML).
    page.goto(f"{xss_server}/timeline?lang=en&partner=tehran")
    wait_idle(page)
    wait_for_charts(page, plotly=True, deck=False)
    points = page.locator(f"{PLOTLY} .scatterlayer .point")
    for index in range(min(points.count(), 12)):
        points.nth(index).hover(force=True)
        page.wait_for_timeout(30)
    if points.count() == 0:
        hover_grid(page, f"{PLOTLY} .main-svg")
    screenshot(page, "xss-timeline-en")
    assert_no_xss(page, recorder)
