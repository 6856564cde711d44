"""The planning page under AppTest, with "today" fixed at 2026-01-15 (also at a thousand partners)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from harness import assert_healthy, query, run, texts
from streamlit.testing.v1 import AppTest

from cooperation import filters, planning
from cooperation.health import partner_health
from cooperation.i18n import LANGS, t
from cooperation.loading import Dataset
from cooperation.planning import next_items, plan, render_title

TODAY = datetime.date(2026, 1, 15)
pytestmark = pytest.mark.usefixtures("fixed_today")


def texts_of(at: AppTest, *kinds: str) -> str:
    return "\n".join(texts(at, *kinds))


@pytest.mark.parametrize("lang", LANGS)
def test_planning_lists_harbins_20th_anniversary(dataset: Dataset, lang: str) -> None:
    at = run("planning", lang=lang, start="2026-01-01", months="12")
    assert_healthy(at)
    harbin = [
        i
        for i in plan(dataset, TODAY, datetime.date(2026, 1, 1), 12)
        if i.city_id == "harbin" and i.kind == "agreement_anniversary"
    ]
    assert harbin and harbin[0].title_params["years"] == 20
    assert render_title(harbin[0], lang, dataset.cities) in texts_of(at, "markdown")
    assert [b.label for b in at.get("download_button")] == [t("plan.download_ics", lang)]
    assert query(at, "start") == ["2026-01-01"] and query(at, "months") == []


@pytest.mark.parametrize(
    ("params", "bad"), [({"months": "abc"}, "abc"), ({"months": "0"}, "0"), ({"start": "2026-13-45"}, "2026-13-45")]
)
def test_planning_bad_horizon_warns(params: dict[str, str], bad: str) -> None:
    at = run("planning", lang="en", **params)
    assert_healthy(at)
    assert any(bad in w.value for w in at.warning)
    assert at.number_input(key="p_months").value == 12
    assert query(at, "months") == [] and query(at, "start") == []


def test_planning_horizon_without_items_is_friendly() -> None:
    at = run("planning", lang="en", partner="hefei", start="2027-02-01", months="1")
    assert_healthy(at)
    assert t("plan.empty", "en") in [i.value for i in at.info]
    assert not at.get("download_button")


def test_next_items_work_with_the_default_horizon(dataset: Dataset) -> None:
    partners = filters.partner_cities(dataset)
    health = partner_health(partners, dataset.agreements, dataset.contacts, dataset.agreement_statuses, TODAY)
    coming = next_items(plan(dataset, TODAY, health=health), TODAY)
    assert len(coming) == 3
    assert all(TODAY <= item.date for item in coming)


def test_planning_draws_a_page_of_cards_at_a_time_at_a_thousand_partners(
    hundredfold: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cooperation.loading import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(hundredfold))
    at = run("planning", lang="en")
    assert_healthy(at)
    assert len(card_links(at)) == planning.PLAN_PAGE_SIZE
    more = at.button(key="plan_more")
    assert more.label == t("plan.show_more", "en", n=planning.PLAN_PAGE_SIZE)
    more.click().run()
    assert_healthy(at)
    assert len(card_links(at)) == 2 * planning.PLAN_PAGE_SIZE


def card_links(at: AppTest) -> list:
    """The cards' links to a partner's profile (the navigation's link to the profile page names no city)."""
    return [link for link in at.get("page_link") if "city=" in link.proto.query_string]
