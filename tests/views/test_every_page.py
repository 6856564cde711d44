"""Every page under Streamlit's AppTest: both languages, filtered, empty and broken links, through the one
harness (`harness.run`: the entry frame, then `switch_page`, as a shared link runs it). Pages come from the
registry, so a new page is covered without editing this file. (`switch_page` hides the first-request pitfall of
NOTES.md; tests/browser covers that.)
"""

from __future__ import annotations

import html
import re

import pytest
from harness import assert_healthy, query, run, texts
from streamlit.testing.v1 import AppTest

from cooperation.coverage import coverage_line
from cooperation.i18n import CATALOGUE, DEFAULT_LANG, LANGS, t
from cooperation.loading import load_dataset
from cooperation.text import WORD_JOINER
from cooperation.ui.registry import DATA_SECTION, PAGES, PageSpec

# Query-parameter sets a visitor can arrive with (lang is added per test).
VALID = {"country": "CN", "from": "2019", "sphere": "culture"}
# Urbino is a partner with no recorded contacts; Iran has no sport contact in the bundled data.
# (Nor a health one: food security at a BRICS+ session is not health, so sphere=health&country=IR is empty too.)
EMPTY_SETS = {
    "urbino": {"partner": "urbino"},
    "sport_iran": {"sphere": "sport", "country": "IR"},
    "nothing": {"partner": "urbino", "sphere": "sport"},
}
INVALID = {"country": "ZZ", "from": "abc", "to": "3000", "partner": "<script>"}
PARAM_SETS = {"none": {}, "valid": VALID, **EMPTY_SETS, "invalid": INVALID}

# The pages that show the common empty notice when no contact matches. The map and the health page still draw
# the partners (the map shows Urbino with zero contacts, the health page rates every partner and says "no
# contacts" in its own words); planning, the slides and data editing have notices of their own.
EMPTY_NOTICE_PAGES = {"overview", "timeline", "activity", "partner", "forums"}
KEY_PREFIXES = {key.split(".")[0] for key in CATALOGUE}
RAW_KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


def expected_nav(lang: str) -> list[str]:
    """The translated navigation: every page of the registry, in its order."""
    return [t(spec.title_key, lang) for spec in PAGES]


def run_page(spec: PageSpec, params: dict[str, str | list[str]]) -> AppTest:
    return run(spec.key, **params)


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


def query_values(at: AppTest, key: str) -> list[str]:
    return query(at, key)


@pytest.mark.parametrize("param_set", list(PARAM_SETS))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_page_runs(spec: PageSpec, lang: str, param_set: str) -> None:
    at = run_page(spec, {"lang": lang, **PARAM_SETS[param_set]})
    assert_healthy(at)

    assert at.title, "the page has no title"
    key = spec.heading_key
    if key:
        assert key in CATALOGUE, f"title key {key!r} is missing from cooperation/i18n/*.toml"
        assert at.title[0].value == t(key, lang)
    assert raw_keys(at) == [], "untranslated catalogue keys shown"

    sidebar = spec.sidebar
    # Translated navigation in the sidebar, in the page order of the registry.
    assert [link.value for link in at.sidebar.get("page_link")] == (expected_nav(lang) if sidebar else [])

    # Markdown source: a value from the URL is shown escaped ("&lt;script>" renders as "<script>").
    warnings = html.unescape(" ".join(w.value for w in at.warning))
    prefixes = notice_prefixes(lang)
    if param_set == "invalid":
        assert at.warning, "invalid URL values must be reported"
        for bad in INVALID.values():
            assert bad in warnings, f"no notice names the ignored value {bad!r}: {warnings}"
        # The ignored values are dropped from the URL the frame writes back.
        for key in INVALID:
            assert query_values(at, key) == [], (key, at.query_params)
    else:
        assert not any(p in warnings for p in prefixes), warnings

    empty_notice = t("common.empty", lang)
    infos = [i.value for i in at.info]
    if param_set in EMPTY_SETS and spec.key in EMPTY_NOTICE_PAGES:
        assert empty_notice in infos, infos
    if param_set in ("none", "valid"):
        assert empty_notice not in infos, infos

    if param_set == "valid":
        # The filters survive the round trip through the widgets back into the URL.
        assert query_values(at, "country") == ["CN"]
        assert query_values(at, "from") == ["2019"]
        assert query_values(at, "sphere") == ["culture"]
    assert query_values(at, "lang") == [lang]
    if spec.section != DATA_SECTION:  # the coverage line closes every page that shows the data
        # (the presentation shows it through plain(), whose word joiner keeps its URL from becoming a link)
        assert coverage_line(load_dataset(), lang) in [c.replace(WORD_JOINER, "") for c in texts(at, "caption")]


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_title_differs_between_languages(spec: PageSpec) -> None:
    titles = {lang: run_page(spec, {"lang": lang}).title[0].value for lang in LANGS}
    assert len(set(titles.values())) == len(LANGS), titles
    assert re.search("[а-яё]", titles["ru"], re.IGNORECASE), titles
    assert not re.search("[а-яё]", titles["en"], re.IGNORECASE), titles


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_unknown_language_falls_back(spec: PageSpec) -> None:
    at = run_page(spec, {"lang": "xx", **INVALID})
    assert_healthy(at)
    assert at.warning
    if spec.heading_key:
        assert at.title[0].value == t(spec.heading_key, DEFAULT_LANG)
    assert query_values(at, "lang") == [DEFAULT_LANG]


def contacts_metric(at: AppTest, lang: str) -> str:
    label = t("common.contacts", lang)
    found = [m.value for m in at.metric if m.label == label]
    assert found, [m.label for m in at.metric]
    return found[0]


def test_sidebar_filter_changes_overview_and_url() -> None:
    at = run("overview", lang="en")
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
    at = run("overview", lang="ru", country="CN")
    assert at.title[0].value == t("overview.title", "ru")
    at.segmented_control(key="f_lang").set_value("en").run()
    assert_healthy(at)
    assert at.title[0].value == t("overview.title", "en")
    assert query_values(at, "lang") == ["en"]
    assert query_values(at, "country") == ["CN"], "switching language must keep the filters"


def test_repeated_country_parameter_keeps_all_values() -> None:
    at = run("activity", lang="en", country=["CN", "IR"])
    assert_healthy(at)
    assert sorted(query_values(at, "country")) == ["CN", "IR"]
    assert at.multiselect(key="f_countries").value == ["CN", "IR"]
