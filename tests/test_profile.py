"""The pure helpers behind the partner, health, forums and planning pages (cooperation/profile.py)."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from cooperation import filters, forums, profile
from cooperation.health import DEFAULT_THRESHOLDS, Thresholds, partner_health, status_label
from cooperation.i18n import LANGS, t
from cooperation.loading import Dataset
from cooperation.planning import PlanItem

TODAY = datetime.date(2026, 1, 15)


def test_resolve_and_default_city() -> None:
    known = ["hangzhou", "harbin", "urbino"]
    assert profile.resolve_city("harbin", known, "hangzhou") == ("harbin", False)
    assert profile.resolve_city("atlantis", known, "hangzhou") == ("hangzhou", True)
    assert profile.resolve_city(None, known, "hangzhou") == ("hangzhou", False)
    assert profile.default_city(known, ["urbino"], None) == "urbino"
    assert profile.default_city(known, ["harbin", "urbino"], "urbino") == "urbino"
    assert profile.default_city(known, ["harbin"], "urbino") == "harbin"
    assert profile.default_city(known, [], None) == "hangzhou"
    assert profile.default_city([], [], None) is None


def test_partner_names_sorted_in_the_language(dataset: Dataset) -> None:
    partners = filters.partner_cities(dataset)
    assert list(profile.partner_names(partners, "en"))[:2] == ["hangzhou", "harare"]
    assert next(iter(profile.partner_names(partners, "ru"))) == "tehran"


@pytest.mark.parametrize(("url", "safe"), [
    ("http://www.hangzhou.gov.cn/", True), ("https://www.harbin.gov.cn/haerbin/c104440/e_overview.shtml", True),
    ("javascript:alert(1)", False), ("http://x.org/a) [b](http://evil", False), ("", False), (None, False),
    ("http://x.org/<script>", False), (float("nan"), False)])
def test_safe_link(url: object, safe: bool) -> None:
    assert (profile.safe_link(url) is not None) is safe


def test_parse_thresholds() -> None:
    thresholds, rejected = profile.parse_thresholds({"active": ["3"], "dormant": ["7,5"], "min": ["2"]})
    assert thresholds == Thresholds(active_years=3.0, dormant_years=7.5, trend_years=3.0, active_min_contacts=2)
    assert rejected == []
    thresholds, rejected = profile.parse_thresholds({"active": ["abc"], "dormant": ["0"], "min": ["1.5"],
                                                     "trend": ["inf"]})
    assert thresholds == DEFAULT_THRESHOLDS
    assert sorted(p for p, _ in rejected) == ["active", "dormant", "min", "trend"]
    assert profile.parse_thresholds({}) == (DEFAULT_THRESHOLDS, [])


def test_thresholds_query_keeps_only_changes() -> None:
    assert profile.thresholds_query(DEFAULT_THRESHOLDS) == {}
    changed = Thresholds(active_years=1.5, dormant_years=6.0, active_min_contacts=2)
    assert profile.thresholds_query(changed) == {"active": "1.5", "dormant": "6", "min": "2"}
    assert profile.parse_thresholds(profile.thresholds_query(changed))[0] == changed


def test_parse_horizon() -> None:
    assert profile.parse_horizon({}, TODAY) == (TODAY, 12, [])
    assert profile.parse_horizon({"start": ["2026-03-01"], "months": ["6"]}, TODAY) == (
        datetime.date(2026, 3, 1), 6, [])
    start, months, rejected = profile.parse_horizon({"start": ["tomorrow"], "months": ["61"]}, TODAY)
    assert (start, months) == (TODAY, 12) and rejected == [("start", "tomorrow"), ("months", "61")]
    assert profile.horizon_query(TODAY, 12, TODAY) == {}
    assert profile.horizon_query(datetime.date(2026, 1, 1), 24, TODAY) == {"start": "2026-01-01", "months": "24"}


def item(city_id: str, kind: str = "follow_up") -> PlanItem:
    return PlanItem(f"{kind}-{city_id}", kind, TODAY, "day", city_id, "plan.title.follow_up", {}, "x", {})


def test_items_in_view() -> None:
    items = [item("harbin"), item("urbino"), item("", "forum_due")]
    assert profile.items_in_view(items, {"harbin", "urbino"}, False) == items
    assert profile.items_in_view(items, {"harbin"}, True) == items[:1]
    assert profile.kind_counts(items) == {"follow_up": 2, "forum_due": 1}
    assert profile.ics_filename("en", TODAY, 12) == "kazan-plan-en-2026-01-15-12m.ics"


@pytest.mark.parametrize("lang", LANGS)
def test_health_table_shows_a_recorded_status_beside_the_computed_one(dataset: Dataset, lang: str) -> None:
    statuses = pd.DataFrame({"agreement_id": ["harbin-memorandum-2006"], "status": ["suspended"],
                             "status_date": [pd.Timestamp("2025-03-12")], "source": ["Decision No. 5"],
                             "note": ["on hold"], "recorded_by": ["staff"]})
    partners = filters.partner_cities(dataset)
    health = partner_health(partners, dataset.agreements, dataset.contacts, statuses, TODAY)
    table = profile.health_table(health, lang).set_index(t("common.partner", lang))
    harbin = table.loc["Харбин" if lang == "ru" else "Harbin"]
    assert harbin[t("health.col.status", lang)] == status_label("suspended", lang)
    assert harbin[t("health.col.computed", lang)] == status_label("active", lang)
    assert harbin[t("health.col.recorded_source", lang)] == "Decision No. 5"
    assert harbin[t("health.col.recorded_date", lang)] == ("12.03.2025" if lang == "ru" else "12 Mar 2025")
    assert table.loc["Урбино" if lang == "ru" else "Urbino", t("health.col.contacts_total", lang)] == 0
    agreements = dataset.agreements[dataset.agreements["city_id"] == "harbin"]
    shown = profile.agreements_table(agreements, statuses, lang)
    assert "Decision No. 5" in shown.iloc[0][t("briefing.recorded_status", lang)]


def test_attendance_table_and_invitation_list(dataset: Dataset) -> None:
    contacts = filters.enrich_contacts(dataset)
    partners = filters.partner_cities(dataset)
    eds = forums.editions(dataset.events)
    matrix = forums.attendance_matrix(contacts, eds, partners, TODAY)
    table = profile.attendance_table(matrix, eds, "en")
    assert "Urbino" not in set(table["Partner city"])  # never took part: no row
    flagged = table[table[t("forums.not_invited_since", "en")] != ""]["Partner city"].tolist()
    assert flagged == table["Partner city"].tolist()[:len(flagged)], "partners to invite again come first"
    invitations = profile.invitation_list(matrix, eds, "en")
    hangzhou = invitations.set_index("Partner city").loc["Hangzhou"]
    assert "Kazan Digital Week" in hangzhou[t("forums.col.missed", "en")]
    assert set(invitations["Partner city"]) == set(flagged)
    editions = profile.editions_table(eds, matrix, "en")
    assert len(editions) == len(eds)
    assert profile.editions_in_years(eds, 2024, None)["date_start"].dt.year.min() == 2024
