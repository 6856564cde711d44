"""The partner profile, agreement-health, forums and planning pages under AppTest, and the pure helpers behind
them (cooperation/profile.py), with "today" fixed at 2026-01-15.

Pages run as a real server runs them: entry `dashboard.py`, then `switch_page` (see test_apptest_pages.py).
"""
from __future__ import annotations

import datetime
import io
from pathlib import Path

import docx
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cooperation import filters, forums, profile
from cooperation.briefing import briefing_data, briefing_docx, briefing_html
from cooperation.coverage import coverage_line
from cooperation.health import DEFAULT_THRESHOLDS, Thresholds, partner_health, status_label
from cooperation.i18n import LANGS, t
from cooperation.loading import Dataset, load_dataset
from cooperation.planning import PlanItem, next_items, plan, render_title
from cooperation.ui import TODAY_ENV

ROOT = Path(__file__).resolve().parents[1]
TODAY = datetime.date(2026, 1, 15)
TIMEOUT = 30

PAGES = {
    "partner": ("pages/partner.py", "partner.title"),
    "health": ("pages/health.py", "health.title"),
    "forums": ("pages/forums.py", "forums.title"),
    "planning": ("pages/planning.py", "plan.title"),
}
PARAM_SETS = {
    "none": {},
    "filtered": {"country": "CN", "from": "2019"},
    "nothing": {"partner": "urbino", "sphere": "sport"},
    "invalid": {"country": "ZZ"},
}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def run(page: str, **params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page(PAGES[page][0])
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def assert_healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def query(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def texts(at: AppTest, *kinds: str) -> str:
    return "\n".join(str(el.value) for kind in kinds for el in getattr(at, kind))


# ------------------------------------------------------------------ every page, both languages, any link

@pytest.mark.parametrize("param_set", list(PARAM_SETS))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs(page: str, lang: str, param_set: str) -> None:
    at = run(page, lang=lang, **PARAM_SETS[param_set])
    assert_healthy(at)
    assert at.title[0].value == t(PAGES[page][1], lang)
    assert query(at, "lang") == [lang]
    if param_set == "invalid":
        assert any("ZZ" in w.value for w in at.warning)
    if param_set == "filtered":
        assert query(at, "country") == ["CN"]
    # The coverage line closes every page.
    assert coverage_line(load_dataset(), lang) in texts(at, "caption")


# ------------------------------------------------------------------ partner profile

@pytest.mark.parametrize("lang", LANGS)
def test_partner_from_url(lang: str) -> None:
    at = run("partner", lang=lang, city="harbin", country="CN")
    assert_healthy(at)
    assert at.selectbox(key="partner_city").value == "harbin"
    assert ("Харбин" if lang == "ru" else "Harbin") in at.header[0].value
    labels = [b.label for b in at.get("download_button")]
    assert t("partner.download_html", lang) in labels and t("partner.download_docx", lang) in labels
    # The page's own parameter and the filters both stay in the URL.
    assert query(at, "city") == ["harbin"] and query(at, "country") == ["CN"] and query(at, "lang") == [lang]
    assert at.table[0].value.shape[0] == 2  # the 2006 memorandum and the 2023 protocol a contact entry records
    assert len(at.get("plotly_chart")) >= 1  # its contacts on the timeline


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_files_hold_the_partner(dataset: Dataset, lang: str) -> None:
    """The bytes the two download buttons carry (AppTest shows the buttons, not the files)."""
    b = briefing_data(dataset, "harbin", lang, TODAY, coverage=coverage_line(dataset, lang))
    name = "Харбин" if lang == "ru" else "Harbin"
    html = briefing_html(b)
    assert name in html and coverage_line(dataset, lang) in html
    document = docx.Document(io.BytesIO(briefing_docx(b)))
    assert any(name in p.text for p in document.paragraphs)


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_city_warns_and_falls_back(lang: str) -> None:
    at = run("partner", lang=lang, city="atlantis")
    assert_healthy(at)
    assert any("atlantis" in w.value for w in at.warning)
    first = next(iter(profile.partner_names(filters.partner_cities(load_dataset()), lang)))
    assert at.selectbox(key="partner_city").value == first
    assert query(at, "city") == [first]


def test_choosing_a_partner_writes_the_url() -> None:
    at = run("partner", lang="en", city="harbin", sphere="culture")
    at.selectbox(key="partner_city").set_value("wuhan").run()
    assert_healthy(at)
    assert "Wuhan" in at.header[0].value
    assert query(at, "city") == ["wuhan"]
    assert query(at, "sphere") == ["culture"] and query(at, "lang") == ["en"]
    # A later run keeps the choice (the URL now says wuhan).
    at.run()
    assert at.selectbox(key="partner_city").value == "wuhan"


def test_partner_filter_opens_that_partner_and_says_it_has_no_contacts() -> None:
    at = run("partner", lang="en", partner="urbino")
    assert_healthy(at)
    assert at.selectbox(key="partner_city").value == "urbino"
    assert t("common.empty", "en") in [i.value for i in at.info]


def test_filters_that_exclude_the_partner_are_named() -> None:
    at = run("partner", lang="en", city="harbin", country="IR")
    assert_healthy(at)
    assert t("partner.filtered_out", "en", name="Harbin") in [i.value for i in at.info]


def test_link_from_another_page_opens_the_profile() -> None:
    """What the map's panel does: st.page_link("pages/partner.py", query_params={**ctx.query, "city": [id]})."""
    at = run("planning", lang="en", start="2026-01-01")
    links = [link for link in at.main.get("page_link") if link.proto.page == "partner"]
    assert links, "planning items link to the partner profile"
    assert any("city=harbin" in link.proto.query_string and "lang=en" in link.proto.query_string
               for link in links)


# ------------------------------------------------------------------ agreement health

def status_of(at: AppTest, name: str, lang: str = "en") -> str:
    frame = at.dataframe[0].value
    row = frame[frame[t("common.partner", lang)] == name]
    assert len(row) == 1, frame
    return row.iloc[0][t("health.col.status", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_health_table_shows_never_activated(lang: str) -> None:
    at = run("health", lang=lang)
    assert_healthy(at)
    assert status_of(at, "Урбино" if lang == "ru" else "Urbino", lang) == status_label("never_activated", lang)
    assert len(at.get("plotly_chart")) == 1
    assert [b.label for b in at.get("download_button")] == [t("common.download_csv", lang),
                                                             t("common.download_xlsx", lang)]


def test_changing_the_dormant_threshold_changes_a_status() -> None:
    at = run("health", lang="en")
    assert status_of(at, "Hangzhou") == status_label("slowing", "en")
    at.number_input(key="h_dormant").set_value(1.0).run()
    assert_healthy(at)
    assert status_of(at, "Hangzhou") == status_label("dormant", "en")
    assert query(at, "dormant") == ["1"]


def test_thresholds_come_from_the_url_and_bad_ones_are_reported() -> None:
    at = run("health", lang="en", dormant="1", active="abc")
    assert_healthy(at)
    assert status_of(at, "Hangzhou") == status_label("dormant", "en")
    assert any("abc" in w.value for w in at.warning)
    assert at.number_input(key="h_active").value == DEFAULT_THRESHOLDS.active_years
    assert query(at, "active") == [] and query(at, "dormant") == ["1"]


def test_health_status_filter_limits_the_table() -> None:
    at = run("health", lang="en")
    at.multiselect(key="h_status").select("never_activated").run()
    assert_healthy(at)
    assert at.dataframe[0].value[t("common.partner", "en")].tolist() == ["Urbino"]


# ------------------------------------------------------------------ forums

@pytest.mark.parametrize("lang", LANGS)
def test_forums_matrix_lists_harbin_at_the_united_cities_forum(lang: str) -> None:
    at = run("forums", lang=lang)
    assert_healthy(at)
    column = profile.edition_label("united_cities_forum", 2023, lang)
    matrices = [df.value for df in at.dataframe if column in df.value.columns]
    assert matrices, [list(df.value.columns) for df in at.dataframe]
    matrix = matrices[0].set_index(t("common.partner", lang))
    assert matrix.loc["Харбин" if lang == "ru" else "Harbin", column] == profile.MARK_SYMBOLS["in_person"]
    assert matrix.loc["Цицикар" if lang == "ru" else "Qiqihar", column] == profile.MARK_SYMBOLS["online"]
    # The programme: one expander per session.
    assert len(at.expander) >= 5


def test_forums_respect_the_partner_filter() -> None:
    at = run("forums", lang="en", partner="hefei")
    assert_healthy(at)
    matrix = next(df.value for df in at.dataframe if t("forums.col.editions", "en") in df.value.columns)
    assert matrix[t("common.partner", "en")].tolist() == ["Hefei"]


# ------------------------------------------------------------------ planning

@pytest.mark.parametrize("lang", LANGS)
def test_planning_lists_harbins_20th_anniversary(dataset: Dataset, lang: str) -> None:
    at = run("planning", lang=lang, start="2026-01-01", months="12")
    assert_healthy(at)
    harbin = [i for i in plan(dataset, TODAY, datetime.date(2026, 1, 1), 12)
              if i.city_id == "harbin" and i.kind == "agreement_anniversary"]
    assert harbin and harbin[0].title_params["years"] == 20
    assert render_title(harbin[0], lang, dataset.cities) in texts(at, "markdown")
    assert [b.label for b in at.get("download_button")] == [t("plan.download_ics", lang)]
    assert query(at, "start") == ["2026-01-01"] and query(at, "months") == []


@pytest.mark.parametrize(("params", "bad"), [({"months": "abc"}, "abc"), ({"months": "0"}, "0"),
                                             ({"start": "2026-13-45"}, "2026-13-45")])
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
    coming = next_items(plan(dataset, TODAY, health=health))
    assert len(coming) == 3
    assert all(TODAY <= item.date for item in coming)


# ------------------------------------------------------------------ pure helpers (cooperation/profile.py)

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


# ------------------------------------------------------------------ at a thousand partners (synthetic data)

def test_planning_draws_a_page_of_cards_at_a_time_at_a_thousand_partners(
        hundredfold: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cooperation.loading import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(hundredfold))
    at = run("planning", lang="en")
    assert_healthy(at)
    assert len(card_links(at)) == profile.PLAN_PAGE_SIZE
    more = at.button(key="plan_more")
    assert more.label == t("plan.show_more", "en", n=profile.PLAN_PAGE_SIZE)
    more.click().run()
    assert_healthy(at)
    assert len(card_links(at)) == 2 * profile.PLAN_PAGE_SIZE


def card_links(at: AppTest) -> list:
    """The cards' links to a partner's profile (the navigation's link to the profile page names no city)."""
    return [link for link in at.get("page_link") if "city=" in link.proto.query_string]


def test_forums_page_at_a_thousand_partners_lists_all_and_charts_the_most_frequent(
        hundredfold: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cooperation.loading import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(hundredfold))
    at = run("forums", lang="en")
    assert_healthy(at)
    matrix = next(df.value for df in at.dataframe if t("forums.col.editions", "en") in df.value.columns)
    assert len(matrix) > forums.MAX_CHART_PARTNERS
    chart = at.get("plotly_chart")[0]
    assert t("forums.chart_top", "en", shown=forums.MAX_CHART_PARTNERS, total=f"{len(matrix):,}") in chart.proto.spec
