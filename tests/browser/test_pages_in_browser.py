"""The dashboard in headless Chromium against real servers: every page in both languages, a filter change,
script payloads in the data, the map's tooltip, and no request leaving the machine (shared links as the first
request to a fresh server: test_first_request_browser.py). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re

import pytest

from cooperation.i18n import LANGS, t
from cooperation.ui.registry import PAGES

pytestmark = pytest.mark.browser

# URL path → (screenshot name, catalogue key of its title, its kinds of chart: vega, deck).
PAGE_SPECS = {
    "/": ("overview", "overview.title", {"vega"}),
    "/map": ("map", "map.title", {"deck"}),
    "/timeline": ("timeline", "timeline.title", {"vega"}),
    "/activity": ("activity", "activity.title", {"vega"}),
}
# The registry's other pages get a smoke test (no exception, heading, translated navigation), in one language
# each, alternating, to keep the suite short: AppTest covers every page in both languages.
OTHER_PAGES = [
    (spec, LANGS[index % len(LANGS)])
    for index, spec in enumerate(spec for spec in PAGES if f"/{spec.url_path}" not in PAGE_SPECS)
]
RAW_PAGE_NAMES = {"dashboard", "overview", "map", "timeline", "activity"}

VEGA = '[data-testid="stVegaLiteChart"]'
VEGA_TOOLTIP = "#vg-tooltip-element"
DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
EXCEPTION = '[data-testid="stException"]'
NAV_LINK = '[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]'
SIDEBAR = '[data-testid="stSidebar"]'
CHART_TIMEOUT_MS = 60_000


def assert_clean(page, recorder) -> None:
    """No traceback, no "page could not be built" (run_page's message for a caught error), nothing sent
    outside, no dialog."""
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    main = page.locator('[data-testid="stMain"]').inner_text()
    for lang in LANGS:
        assert t("error.unexpected", lang) not in main, main[:600]
    assert recorder.outside == [], f"requests left the machine: {recorder.outside}"
    assert recorder.dialogs == [], recorder.dialogs


def expected_nav(lang: str) -> list[str]:
    """The translated navigation: every page of the registry, in its order."""
    return [t(spec.title_key, lang) for spec in PAGES]


NAV_LABELS_JS = """els => els.map(e => { const c = e.cloneNode(true);
    c.querySelectorAll('[data-testid="stIconMaterial"]').forEach(i => i.remove()); return c.innerText.trim(); })"""


def nav_labels(page) -> list[str]:
    """The links' labels as read (without the icons' ligature names)."""
    return page.locator(NAV_LINK).evaluate_all(NAV_LABELS_JS)


def wait_for(page, js: str, arg=None, timeout_ms: int = CHART_TIMEOUT_MS) -> None:
    """`wait_for_function` polled on a timer (animation frames starve while deck.gl draws in software)."""
    page.wait_for_function(js, arg=arg, polling=100, timeout=timeout_ms)


def wait_for_charts(page, *, deck: bool, vega: bool = False) -> None:
    if vega:
        wait_for(page, "sel => !!document.querySelector(sel)", f"{VEGA} canvas, {VEGA} svg")
    if deck:
        # The deck.gl chart is mounted a moment after the page and draws into a WebGL canvas.
        wait_for(
            page,
            "sel => { const c = document.querySelector(sel); if (!c) return false;"
            " const r = c.getBoundingClientRect(); return r.width > 100 && r.height > 100; }",
            DECK_CANVAS,
        )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", list(PAGE_SPECS))
def test_page_renders(page, recorder, server, wait_idle, screenshot, path: str, lang: str) -> None:
    name, title_key, kinds = PAGE_SPECS[path]
    page.goto(f"{server}{path}?lang={lang}")
    wait_idle(page)
    wait_for_charts(page, deck="deck" in kinds, vega="vega" in kinds)
    screenshot(page, f"{name}-{lang}")
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == t(title_key, lang)
    assert nav_labels(page) == expected_nav(lang)
    assert_clean(page, recorder)


@pytest.mark.parametrize(("spec", "lang"), OTHER_PAGES, ids=lambda value: getattr(value, "key", value))
def test_other_page_renders(page, recorder, server, wait_idle, screenshot, spec, lang: str) -> None:
    page.goto(f"{server}/{spec.url_path}?lang={lang}")
    wait_idle(page)
    screenshot(page, f"{spec.key}-{lang}")
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip()
    assert nav_labels(page) == (expected_nav(lang) if spec.sidebar else [])
    assert_clean(page, recorder)


def chart_texts(page) -> list[str]:
    """The text drawn in the Vega-Lite charts (bars' labels, axis ticks; Streamlit draws them as SVG): what the
    figures say."""
    return page.locator(f"{VEGA} svg").evaluate_all("els => els.map(e => e.textContent)")


CHART_TEXT_JS = f"""before => JSON.stringify([...document.querySelectorAll('{VEGA} svg')]
    .map(e => e.textContent)) !== before"""


def test_filter_change_updates_figures_and_url(page, recorder, server, wait_idle, screenshot) -> None:
    """On /activity (Vega-Lite only: no software-WebGL map to wait for), pick China in the sidebar."""
    page.goto(f"{server}/activity?lang=en")
    wait_idle(page)
    wait_for_charts(page, deck=False, vega=True)
    before = chart_texts(page)
    assert before and any("Iran" in text for text in before), "the country chart should list Iran"
    assert "country=" not in page.url

    page.get_by_role("combobox", name=t("filters.countries", "en")).click()
    page.get_by_role("option", name="China", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"[?&]country=CN(&|$)"), timeout=CHART_TIMEOUT_MS)
    wait_idle(page)
    wait_for(page, CHART_TEXT_JS, json.dumps(before))
    after = chart_texts(page)
    assert after != before
    assert not any("Iran" in text for text in after), "Iran is still charted after choosing China"
    assert "China" in page.locator('[data-testid="stMain"] [data-testid="stAlertContentInfo"]').first.inner_text()
    # The navigation carries the filter to the other pages.
    for href in page.locator(NAV_LINK).evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        assert "country=CN" in href and "lang=en" in href, href
    screenshot(page, "filter-country-cn-en")
    assert_clean(page, recorder)


def marker_centres(png: bytes, core: int = 11) -> list[tuple[int, int]]:
    """Centres of the round markers drawn on a map image: saturated pixels that survive an erosion by a
    `core`×`core` square (arcs are thinner than that, grey land and dark text are not saturated)."""
    import io

    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    saturated = (rgb.max(axis=2) - rgb.min(axis=2)) > 70
    counts = np.pad(saturated.astype(int).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    height, width = saturated.shape
    ys, xs = np.mgrid[0 : height - core + 1, 0 : width - core + 1]
    window = counts[ys + core, xs + core] - counts[ys, xs + core] - counts[ys + core, xs] + counts[ys, xs]
    core_y, core_x = np.nonzero(window == core * core)
    clusters: list[list[tuple[int, int]]] = []
    for y, x in zip(core_y + core // 2, core_x + core // 2):
        near = next((c for c in clusters if abs(c[0][0] - x) <= 2 * core and abs(c[0][1] - y) <= 2 * core), None)
        if near is None:
            clusters.append([(int(x), int(y))])
        else:
            near.append((int(x), int(y)))
    return [(sum(p[0] for p in pts) // len(pts), sum(p[1] for p in pts) // len(pts)) for pts in clusters]


def hover_markers(page, selector: str) -> list[str]:
    """Hover every marker found on the map canvas; return the tooltip texts deck.gl showed."""
    canvas = page.locator(selector).first
    box = canvas.bounding_box()
    assert box, selector
    shown = []
    for x, y in marker_centres(canvas.screenshot()):
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(150)
        shown += page.evaluate(
            "() => [...document.querySelectorAll('.deck-tooltip')]"
            ".filter(e => getComputedStyle(e).display !== 'none').map(e => e.innerText)"
        )
    return [text for text in shown if text.strip()]


def assert_no_xss(page, recorder) -> None:
    assert page.evaluate("window.__xss") is None, "a payload from the data ran in the page"
    assert_clean(page, recorder)


def test_payloads_in_data_stay_text(page, recorder, xss_server, wait_idle, screenshot) -> None:
    # Overview: the latest contacts show their text; the top-partners chart shows the partner's name.
    page.goto(f"{xss_server}/?lang=en")
    wait_idle(page)
    wait_for_charts(page, deck=False, vega=True)
    main = page.locator('[data-testid="stMain"]')
    assert "window.__xss" in main.inner_text(), "the payload should be shown as text on the overview"
    # The partner names appear in the sidebar's dropdown.
    page.get_by_role("combobox", name=t("filters.partners", "en")).click()
    wait_for(page, "() => !!document.querySelector('[role=\"option\"]')")
    page.keyboard.press("Escape")
    screenshot(page, "xss-overview-en")
    assert_no_xss(page, recorder)

    # Map: hover the points so deck.gl draws its tooltips; click one so the side panel shows the partner.
    page.goto(f"{xss_server}/map?lang=ru&partner=tehran")
    wait_idle(page)
    wait_for_charts(page, deck=True)
    page.wait_for_timeout(500)
    tooltips = hover_markers(page, DECK_CANVAS)
    assert any("window.__xss" in text for text in tooltips), f"no tooltip showed the payload: {tooltips}"
    screenshot(page, "xss-map-ru")
    assert_no_xss(page, recorder)

    # Timeline: hover the plotted points; Vega's tooltip (an HTML box) must write the payload as text.
    page.goto(f"{xss_server}/timeline?lang=en&partner=tehran")
    wait_idle(page)
    wait_for_charts(page, deck=False, vega=True)
    points = page.locator(f"{VEGA} .mark-symbol path, {VEGA} .mark-rect path")
    assert points.count() > 0, "the timeline drew no marks"
    hover_texts = []
    for index in range(min(points.count(), 8)):
        points.nth(index).hover(force=True)
        page.wait_for_timeout(100)
        hover_texts.append(page.locator(VEGA_TOOLTIP).first.text_content() or "")
    assert any("window.__xss" in text for text in hover_texts), f"no tooltip showed the payload: {hover_texts}"
    screenshot(page, "xss-timeline-en")
    assert_no_xss(page, recorder)


TOOLTIP_CLIP_JS = """() => { const t = [...document.querySelectorAll('.deck-tooltip')]
    .find(e => getComputedStyle(e).display !== 'none'); if (!t) return null;
    const clipped = []; let e = t.parentElement;
    while (e && e.getAttribute('data-testid') !== 'stMain') {
        if (getComputedStyle(e).overflow !== 'visible') clipped.push(e.getAttribute('data-testid') || e.tagName);
        e = e.parentElement; }
    return clipped; }"""


def test_map_tooltip_is_not_cut_at_the_maps_edge(page, recorder, server, wait_idle) -> None:
    """The partner nearest the map's right edge: its tooltip may run past the map's box, nothing clips it."""
    page.goto(f"{server}/map?lang=ru")
    wait_idle(page)
    wait_for_charts(page, deck=True)
    page.wait_for_timeout(800)
    canvas = page.locator(DECK_CANVAS).first
    box = canvas.bounding_box()
    x, y = max(marker_centres(canvas.screenshot()))
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.deck-tooltip')].some(e => getComputedStyle(e).display !== 'none')",
        timeout=CHART_TIMEOUT_MS,
    )
    assert page.evaluate(TOOLTIP_CLIP_JS) == []
    assert_clean(page, recorder)
