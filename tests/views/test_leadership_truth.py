"""What leadership reads at a glance, under AppTest on the pages as a server runs them (issue 20, items 1–5).

"Today" is 2026-12-01, the day the issue was tried. The constructed case of the issue: years 2020–2023 and
country China. Harbin met Kazan on 6–8 February 2025 and Wuhan in August 2025, so both are active, and every
page and slide must say so: a year filter chooses nothing but the contacts the charts count.
"""

from __future__ import annotations

import datetime

import harness
import pytest
from streamlit.testing.v1 import AppTest

from cooperation import filters, health, planning
from cooperation.clock import TODAY_ENV
from cooperation.i18n import LANGS, t
from cooperation.loading import Dataset

TODAY = datetime.date(2026, 12, 1)
CHINA_2020_2023 = {"from": "2020", "to": "2023", "country": "CN"}


@pytest.fixture(autouse=True)
def december_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())


def run(page: str, **params: str) -> AppTest:
    """The page (a registry key) as a browser opening a link runs it: the entry frame, then the page."""
    at = harness.run(page, **params)
    harness.assert_healthy(at)
    return at


def texts(at: AppTest) -> str:
    return "\n".join(str(el.value) for kind in ("markdown", "caption", "info", "subheader") for el in getattr(at, kind))


def badges(at: AppTest) -> list[str]:
    """The st.badge labels: rendered as markdown ":color-badge[label]"."""
    return [m.value for m in at.markdown if "-badge[" in m.value]


def name(dataset: Dataset, city_id: str, lang: str) -> str:
    return str(dataset.cities.set_index("city_id").loc[city_id, f"name_{lang}"])


# ------------------------------------------------------------------ item 1: a filter never fakes a status


@pytest.mark.parametrize("lang", LANGS)
def test_overview_under_the_year_filter_keeps_harbin_active_and_invents_no_follow_up(
    dataset: Dataset, lang: str
) -> None:
    at = run("overview", lang=lang, **CHINA_2020_2023)
    shown = texts(at)
    # The status summary lists Harbin and Wuhan under "active", as shown on the page.
    assert f":green-badge[{t('health_status.active', lang)}]" in badges(at)
    partners = filters.partner_cities(dataset)
    summary = health.status_summary(
        health.health_of(dataset, partners[partners["country_iso2"] == "CN"], TODAY), lang
    ).set_index("status")
    assert {name(dataset, "harbin", lang), name(dataset, "wuhan", lang)} <= set(summary.loc["active", "names"])
    assert summary.loc["active", "names_text"] in shown
    # "Coming up" holds no follow-up for Harbin or Wuhan ("Harbin: follow up — status: slowing; last 2023").
    for city in ("harbin", "wuhan"):
        follow_up = t("plan.title.follow_up", lang, partner=name(dataset, city, lang))
        assert follow_up not in shown
    # The period-limited figures say so beside them, in bold.
    period = t("common.period", lang) + ": 2020–2023"
    assert f"**{t('overview.period_only', lang, filters=period)}**" in shown


@pytest.mark.parametrize("lang", LANGS)
def test_planning_under_the_year_filter_lists_no_follow_up_for_active_partners(dataset: Dataset, lang: str) -> None:
    at = run("planning", lang=lang, **CHINA_2020_2023)
    shown = texts(at)
    for city in ("harbin", "wuhan"):
        assert t("plan.title.follow_up", lang, partner=name(dataset, city, lang)) not in shown
    # Hefei and Qiqihar really are slowing: their reminders stay, with the status named as the health page does.
    assert t("plan.title.follow_up", lang, partner=name(dataset, "qiqihar", lang)) in shown
    assert f": {t('health_status.slowing', lang)} — " in shown


@pytest.mark.parametrize("lang", LANGS)
def test_health_page_under_the_year_filter_computes_from_all_contacts(dataset: Dataset, lang: str) -> None:
    at = run("health", lang=lang, **CHINA_2020_2023)
    table = at.dataframe[0].value.set_index(t("common.partner", lang))
    assert table.loc[name(dataset, "harbin", lang), t("health.col.status", lang)] == t("health_status.active", lang)
    assert table.loc[name(dataset, "wuhan", lang), t("health.col.status", lang)] == t("health_status.active", lang)
    assert set(table.index) == {name(dataset, c, lang) for c in ("hangzhou", "harbin", "hefei", "qiqihar", "wuhan")}
    assert t("health.all_contacts", lang) in [i.value for i in at.info]
    # Hefei is slowing with a rising trend: its cause says so without "fewer".
    hefei = table.loc[name(dataset, "hefei", lang), t("health.col.cause", lang)]
    assert ("fewer" if lang == "en" else "меньше") not in hefei


@pytest.mark.parametrize("lang", LANGS)
def test_partner_page_under_the_year_filter_shows_harbin_active(lang: str) -> None:
    at = run("partner", lang=lang, city="harbin", **CHINA_2020_2023)
    assert f":green-badge[{t('health_status.active', lang)}]" in badges(at)
    assert t("partner.status_note", lang) in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", LANGS)
def test_status_slide_under_the_year_filter_names_harbin_active_and_states_the_rules(
    dataset: Dataset, lang: str
) -> None:
    at = run("present", lang=lang, slide="4", **CHINA_2020_2023)
    bars = harness.chart_rows(at.get("vega_lite_chart")[0])
    rows = {bar["row"]: bar["names"] for bar in bars}
    active = next(text for row, text in rows.items() if row.startswith(t("health_status.active", lang)))
    slowing = next(text for row, text in rows.items() if row.startswith(t("health_status.slowing", lang)))
    assert name(dataset, "harbin", lang) in active and name(dataset, "wuhan", lang) in active
    assert name(dataset, "harbin", lang) not in slowing
    notes = texts(at)
    rules = health.status_rules(health.DEFAULT_THRESHOLDS, lang)
    assert rules["slowing"] in notes and rules["active"] in notes
    assert "fewer contacts than before" not in notes


# ------------------------------------------------------------------ item 2: the overview says who is alive


@pytest.mark.parametrize("lang", LANGS)
def test_overview_opens_with_the_status_summary_linked_to_the_health_page(dataset: Dataset, lang: str) -> None:
    at = run("overview", lang=lang)
    subheaders = [s.value for s in at.subheader]
    assert subheaders[0] == t("overview.alive", lang)
    shown = texts(at)
    summary = health.status_summary(health.health_of(dataset, filters.partner_cities(dataset), TODAY), lang)
    assert summary["partners"].sum() == len(filters.partner_cities(dataset))
    for row in summary.itertuples():
        assert row.names_text == ", ".join(row.names) and row.names_text in shown and row.rule in shown
    assert [m.value for m in at.metric][: len(summary)] == [str(n) for n in summary["partners"]]
    links = [link for link in at.get("page_link") if link.proto.label == t("overview.open_health", lang)]
    assert len(links) == 1 and links[0].proto.page == "health"
    # The small map has its colour key.
    assert t("overview.map_key", lang) in shown
    assert any(t("relation.twinning", lang) in m.value for m in at.markdown if "border-radius:50%" in m.value)


# ------------------------------------------------------------------ item 3: planning predicts what it can


def test_coming_up_in_december_shows_dated_2027_items_not_2026_year_only_ones(dataset: Dataset) -> None:
    at = run("overview", lang="en")
    captions = [c.value for c in at.caption]
    assert not [c for c in captions if c.startswith("2026 (only the year is known)")]
    first = next(
        c for c in captions if c.endswith((t("plan.kind.agreement_anniversary", "en"), t("plan.kind.forum_due", "en")))
    )
    assert first.startswith("17 Jun 2027")  # Qiqihar's protocol, signed on 17 June 2022: dated to the day


@pytest.mark.parametrize("lang", LANGS)
def test_planning_page_has_no_due_item_for_a_one_off_forum_and_says_which(dataset: Dataset, lang: str) -> None:
    at = run("planning", lang=lang, start="2026-12-01", months="24")
    shown = texts(at)
    cards = [m.value for m in at.markdown if "-badge[" in m.value]
    assert any(planning.forum_name("rostki", lang) in card for card in cards)  # a yearly series is due
    for series in ("historic_cities_conference", "asian_mayors_forum_bureau"):
        assert not [card for card in cards if planning.forum_name(series, lang) in card], series
    note = planning.forums_not_due_note(dataset, lang)
    assert planning.forum_name("historic_cities_conference", lang) in note
    assert note in [c.value for c in at.caption]
    # A reminder's badge and title do not say the same thing twice.
    assert "Возобновить контакт Ханчжоу" not in shown and "Follow-up Hangzhou: follow up" not in shown
