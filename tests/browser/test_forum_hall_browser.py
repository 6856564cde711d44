"""The forum hall in Chromium (issue 18): the map page's bytes per load, and the share menu's QR code.

Timings against an empty app are benchmarks/first_load.py's (too noisy on a shared machine for a test);
the bytes are not: they are what the server sends, whatever the machine's load."""

from __future__ import annotations

import pytest

from cooperation.i18n import t

pytestmark = pytest.mark.browser

MAP_BYTES_LIMIT = 400_000
DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'


def received_bytes(page) -> list[int]:
    """A running total of the WebSocket payloads the page receives (Streamlit sends all its data that way)."""
    total = [0]

    def on_socket(ws) -> None:
        ws.on("framereceived", lambda payload: total.__setitem__(0, total[0] + len(payload)))

    page.on("websocket", on_socket)
    return total


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_map_page_sends_under_400_kb(page, recorder, server, wait_idle, screenshot, lang) -> None:
    total = received_bytes(page)
    page.goto(f"{server}/map?lang={lang}")
    wait_idle(page)
    page.wait_for_selector(DECK_CANVAS, timeout=60_000)
    page.wait_for_timeout(1500)
    screenshot(page, f"map-light-{lang}")
    assert 0 < total[0] <= MAP_BYTES_LIMIT, f"{total[0]} bytes"
    assert not recorder.outside


def test_the_share_menu_says_why_there_is_no_code(page, recorder, server, wait_idle, screenshot) -> None:
    """The session server has no public address configured: the menu opens and explains, with no image."""
    page.goto(f"{server}/?lang=en")
    wait_idle(page)
    page.get_by_role("button", name=t("share.button", "en")).click()
    popover = page.locator('[data-testid="stPopoverBody"]')
    popover.wait_for(timeout=30_000)
    assert "COOPERATION_PUBLIC_URL" in popover.inner_text()
    assert popover.locator("img").count() == 0
    screenshot(page, "share-menu-no-address")
    assert not recorder.outside
