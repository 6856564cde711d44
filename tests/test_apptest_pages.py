"""Every page script under Streamlit's AppTest: both languages, filtered, empty and broken links.

Pages are discovered by glob (`dashboard.py` + `pages/*.py`), so a new page is covered without editing this
file. A `pages/` file cannot be the AppTest entry script itself: its `st.page_link("dashboard.py")` resolves
relative to the entry file and fails. So it runs as a real server runs it — entry `dashboard.py`, then
`switch_page` to the page, which executes the page file alone (legacy `pages/` app), exactly what a shared
link does. (`switch_page` hides the first-request pitfall of NOTES.md; tests/browser covers that.)
Query parameters are set before the first run, as a shared link would set them.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cooperation.i18n import CATALOGUE, DEFAULT_LANG, LANGS, t
from cooperation.ui import PAGES

ROOT = Path(__file__).resolve().parents[1]
PAGE_FILES = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]
TIMEOUT = 30

# Query-parameter sets a visitor can arrive with (lang is added per test).
VALID = {"country": "CN", "from": "2019", "sphere": "culture"}
# Urbino is a partner with no recorded contacts; Iran has no sport contact in the bundled data.
# (Nor a health one: food security at a BRICS+ session is not health, so sphere=health&country=IR is empty too.)
EMPTY_SETS = {
    "urbino": {"partner": "urbino"},
    "sport_iran": {"sphere": "sport", "country": "IR"},
}
INVALID = {"country": "ZZ", "from": "abc", "to": "3000", "partner": "<script>"}
PARAM_SETS = {"none": {}, "valid": VALID, **EMPTY_SETS, "invalid": INVALID}

# Pages that still draw the partners (not the contacts) when no contact matches: the map shows Urbino with
# zero contacts, the health page rates every partner and says "no contacts" in its own words, rather than
# the common empty notice. Pages that never call `empty_notice` (planning, data editing) are exempt too.
PARTNER_PAGES = {"map.py", "health.py"}
KEY_PREFIXES = {key.split(".")[0] for key in CATALOGUE}
RAW_KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


def expects_empty_notice(path: Path) -> bool:
    return path.name not in PARTNER_PAGES and "empty_notice(" in path.read_text(encoding="utf-8")


def draws_sidebar(path: Path) -> bool:
    """Presentation-style pages call `page_setup(..., sidebar=False)`: no filters, no navigation, URL untouched."""
    return not re.search(r"page_setup\([^)]*sidebar\s*=\s*False", path.read_text(encoding="utf-8"))


def expected_nav(lang: str) -> list[str]:
    """The translated navigation: every page of `cooperation.ui.PAGES` whose file exists."""
    return [t(key, lang) for path, key in PAGES if (ROOT / path).exists()]


def page_id(path: Path) -> str:
    return path.stem


def title_key(path: Path) -> str | None:
    """The catalogue key a page passes to `page_header` (its visible title), if it follows the pattern."""
    found = re.search(r"page_header\(\s*ctx\s*,\s*\"([\w.]+)\"", path.read_text(encoding="utf-8"))
    return found.group(1) if found else None


def run_page(path: Path, params: dict[str, str | list[str]]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if path.name != "dashboard.py":
        at.switch_page(str(path.relative_to(ROOT)))
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def texts(at: AppTest) -> list[str]:
    """Every piece of text a user can read on the page (for traceback / raw-markup checks)."""
    found: list[str] = []
    for kind in ("markdown", "caption", "text", "code", "error", "warning", "info", "success", "title",
                 "header", "subheader"):
        found.extend(str(el.value) for el in getattr(at, kind))
    found.extend(f"{m.label} {m.value}" for m in at.metric)
    return found


def notice_prefixes(lang: str) -> list[str]:
    """The fixed opening of each "ignored URL value" notice, up to its first placeholder."""
    return [CATALOGUE[key][lang].split("{")[0] for key in ("filters.ignored", "filters.ignored_year")]


def raw_keys(at: AppTest) -> list[str]:
    """Texts that are a catalogue-style key instead of a translation (a key missing from the catalogue)."""
    found = [text.strip() for text in texts(at)]
    found += [link.value for link in at.get("page_link")]
    for kind in ("multiselect", "selectbox", "slider", "radio", "text_input", "button", "checkbox", "toggle"):
        found += [str(widget.label) for widget in getattr(at, kind)]
    return [text for text in found if RAW_KEY.match(text) and text.split(".")[0] in KEY_PREFIXES]


def assert_healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    # run_page() turns unexpected errors into an st.error: there must be none on the bundled data.
    assert not at.error, [e.value for e in at.error]
    for text in texts(at):
        assert "Traceback (most recent call last)" not in text, text


def query_values(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize("param_set", list(PARAM_SETS))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGE_FILES, ids=page_id)
def test_page_runs(path: Path, lang: str, param_set: str) -> None:
    at = run_page(path, {"lang": lang, **PARAM_SETS[param_set]})
    assert_healthy(at)

    assert at.title, "the page has no title"
    key = title_key(path)
    if key:
        assert key in CATALOGUE, f"title key {key!r} is missing from cooperation/i18n.py"
        assert at.title[0].value == t(key, lang)
    assert raw_keys(at) == [], "untranslated catalogue keys shown"

    sidebar = draws_sidebar(path)
    # Translated navigation in the sidebar, in the page order of cooperation.ui.PAGES.
    assert [link.value for link in at.sidebar.get("page_link")] == (expected_nav(lang) if sidebar else [])

    # Markdown source: a value from the URL is shown escaped ("&lt;script>" renders as "<script>").
    warnings = html.unescape(" ".join(w.value for w in at.warning))
    prefixes = notice_prefixes(lang)
    if param_set == "invalid":
        assert at.warning, "invalid URL values must be reported"
        for bad in INVALID.values():
            assert bad in warnings, f"no notice names the ignored value {bad!r}: {warnings}"
        # The ignored values are dropped from the URL the page writes back (pages with the filter sidebar).
        for key in INVALID if sidebar else ():
            assert query_values(at, key) == [], (key, at.query_params)
    else:
        assert not any(p in warnings for p in prefixes), warnings

    empty_notice = t("common.empty", lang)
    infos = [i.value for i in at.info]
    if param_set in EMPTY_SETS and expects_empty_notice(path):
        assert empty_notice in infos, infos
    if param_set in ("none", "valid"):
        assert empty_notice not in infos, infos

    if param_set == "valid" and sidebar:
        # The filters survive the round trip through the widgets back into the URL.
        assert query_values(at, "country") == ["CN"]
        assert query_values(at, "from") == ["2019"]
        assert query_values(at, "sphere") == ["culture"]
    if sidebar:
        assert query_values(at, "lang") == [lang]


@pytest.mark.parametrize("path", PAGE_FILES, ids=page_id)
def test_title_differs_between_languages(path: Path) -> None:
    titles = {lang: run_page(path, {"lang": lang}).title[0].value for lang in LANGS}
    assert len(set(titles.values())) == len(LANGS), titles
    assert re.search("[а-яё]", titles["ru"], re.IGNORECASE), titles
    assert not re.search("[а-яё]", titles["en"], re.IGNORECASE), titles


@pytest.mark.parametrize("path", PAGE_FILES, ids=page_id)
def test_unknown_language_falls_back(path: Path) -> None:
    at = run_page(path, {"lang": "xx", **INVALID})
    assert_healthy(at)
    assert at.warning
    key = title_key(path)
    if key:
        assert at.title[0].value == t(key, DEFAULT_LANG)
    if draws_sidebar(path):
        assert query_values(at, "lang") == [DEFAULT_LANG]


def contacts_metric(at: AppTest, lang: str) -> str:
    label = t("common.contacts", lang)
    found = [m.value for m in at.metric if m.label == label]
    assert found, [m.label for m in at.metric]
    return found[0]


def test_sidebar_filter_changes_overview_and_url() -> None:
    at = run_page(ROOT / "dashboard.py", {"lang": "en"})
    assert_healthy(at)
    before = contacts_metric(at, "en")
    assert query_values(at, "country") == []

    at.multiselect(key="f_countries").select("CN").run()
    assert_healthy(at)
    after = contacts_metric(at, "en")
    assert after != before
    assert int(after.replace(",", "").replace("\u00a0", "")) < int(before.replace(",", "").replace("\u00a0", ""))
    assert query_values(at, "country") == ["CN"]
    assert query_values(at, "lang") == ["en"]
    # The summary of active filters names the country.
    assert any("China" in i.value for i in at.info), [i.value for i in at.info]

    at.multiselect(key="f_countries").unselect("CN").run()
    assert contacts_metric(at, "en") == before
    assert query_values(at, "country") == []


def test_language_switch_translates_page_and_url() -> None:
    at = run_page(ROOT / "dashboard.py", {"lang": "ru", "country": "CN"})
    assert at.title[0].value == t("overview.title", "ru")
    at.segmented_control(key="f_lang").set_value("en").run()
    assert_healthy(at)
    assert at.title[0].value == t("overview.title", "en")
    assert query_values(at, "lang") == ["en"]
    assert query_values(at, "country") == ["CN"], "switching language must keep the filters"


def test_repeated_country_parameter_keeps_all_values() -> None:
    at = run_page(ROOT / "pages" / "activity.py", {"lang": "en", "country": ["CN", "IR"]})
    assert_healthy(at)
    assert sorted(query_values(at, "country")) == ["CN", "IR"]
    assert at.multiselect(key="f_countries").value == ["CN", "IR"]
