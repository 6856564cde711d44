"""Shared links as the first request to a freshly started server (NOTES.md: a wrong page layout runs the page
alone, without the frame's sidebar, filters and language, for every visitor until someone opens the home page).
Each test starts its own servers, so this file runs beside the others when the suite runs in parallel.
"""

from __future__ import annotations

import pytest
from test_pages_in_browser import RAW_PAGE_NAMES, SIDEBAR, assert_clean, expected_nav, nav_labels, wait_for_charts

from cooperation.i18n import t
from cooperation.ui.registry import PAGES

pytestmark = pytest.mark.browser


def test_shared_link_as_first_request(page, recorder, fresh_server, wait_idle, screenshot) -> None:
    """NOTES.md: a deep link as the first request to a fresh server must still run the shared frame."""
    page.goto(f"{fresh_server}/map?lang=en&country=CN")
    wait_idle(page)
    wait_for_charts(page, deck=True)
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
    assert labels == expected_nav("en"), labels
    # Streamlit's own menu (raw file names: "dashboard", "map", …) is not drawn.
    assert not RAW_PAGE_NAMES & {text.strip() for text in sidebar.locator("a").all_inner_texts()}
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert "country=CN" in page.url
    screenshot(page, "shared-link-first-request-map-en")
    assert_clean(page, recorder)


@pytest.mark.parametrize("spec", [spec for spec in PAGES if spec.key != "map"], ids=lambda spec: spec.key)
def test_every_page_as_first_request(page, recorder, new_server, wait_idle, spec) -> None:
    """Each page's filtered English link as the first request to a server nobody has opened: the frame runs,
    the heading is English, the filters are applied and kept in the URL."""
    base = new_server(f"first-{spec.key}")
    page.goto(f"{base}/{spec.url_path}?lang=en&country=CN&from=2020")
    wait_idle(page)
    if spec.heading_key:
        assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == t(spec.heading_key, "en")
    assert "country=CN" in page.url and "lang=en" in page.url and "from=2020" in page.url, page.url
    if spec.sidebar:
        assert nav_labels(page) == expected_nav("en")
        assert t("filters.heading", "en") in page.locator(SIDEBAR).inner_text()
    assert_clean(page, recorder)
