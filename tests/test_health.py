"""Agreement-health rules on constructed cases, the recorded status that wins, and the real data."""

from __future__ import annotations

import datetime
import math
import time

import numpy as np
import pandas as pd
import pytest
import specs

from cooperation import filters
from cooperation import health as health_rules
from cooperation.charts.health import status_chart
from cooperation.filters import partner_cities
from cooperation.health import (
    DEFAULT_THRESHOLDS,
    STATUS_CAUSES,
    Thresholds,
    cause_text,
    classify,
    classify_cause,
    health_of,
    health_table,
    partner_health,
    resolve_status,
    rules_markdown,
    status_counts,
    status_label,
    status_rules,
    status_summary,
)
from cooperation.i18n import CATALOGUE, LANGS, t
from cooperation.loading import Dataset, load_dataset
from cooperation.palette import STATUS_COLORS
from cooperation.partners import agreements_table
from cooperation.vocab import (
    HEALTH_STATUSES,
    PARTNER_STATUSES,
    RECORDED_STATUSES,
    STATUS_ORIGINS,
    TRENDS,
)

TODAY = datetime.date(2026, 1, 15)


def one(
    years: float, recent: int = 0, trend: int = 0, activated: bool = True, thresholds: Thresholds = Thresholds()
) -> str:
    return classify([years], [recent], [trend], [activated], thresholds)[0]


# ---------------------------------------------------------------- the rules on plain numbers


def test_last_contact_six_years_old_is_dormant() -> None:
    assert one(6.0) == "dormant"


def test_agreement_and_no_contact_is_never_activated() -> None:
    assert one(math.nan, activated=False) == "never_activated"


def test_contact_last_year_is_active() -> None:
    assert one(0.5, recent=1, trend=1) == "active"


def test_contact_three_years_ago_only_is_slowing() -> None:
    assert one(3.0, recent=0, trend=-1) == "slowing"


def test_falling_trend_is_slowing_even_with_a_recent_contact() -> None:
    assert one(0.5, recent=1, trend=-2) == "slowing"


def test_flat_trend_with_a_recent_contact_stays_active() -> None:
    assert one(1.5, recent=1, trend=0) == "active"


def test_thresholds_move_the_boundaries() -> None:
    assert one(6.0, thresholds=Thresholds(dormant_years=10)) == "slowing"
    assert one(0.5, recent=1, trend=0, thresholds=Thresholds(active_min_contacts=2)) == "slowing"
    assert one(2.5, recent=1, trend=0, thresholds=Thresholds(active_years=3)) == "active"


def test_classify_is_element_wise() -> None:
    got = classify([0.2, 4.0, 9.0, np.nan], [2, 0, 0, 0], [1, 0, -1, 0], [True, True, True, False])
    assert list(got) == ["active", "slowing", "dormant", "never_activated"]


def test_recorded_status_wins_over_computed() -> None:
    status, origin = resolve_status(
        pd.Series(["active", "dormant", "slowing"]), pd.Series(["suspended", None, "renewed"])
    )
    assert list(status) == ["suspended", "dormant", "renewed"]
    assert list(origin) == ["recorded", "computed", "recorded"]


# ---------------------------------------------------------------- partner_health on constructed frames


def frames(
    contacts: list[tuple[str, str, str]], agreements: list[tuple[str, int | None]], partner_ids: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    partners = pd.DataFrame(
        {
            "city_id": partner_ids,
            "name_ru": [p.upper() for p in partner_ids],
            "name_en": [p.title() for p in partner_ids],
        }
    )
    agreement_frame = pd.DataFrame(
        {
            "agreement_id": [f"{city}-{i}" for i, (city, _) in enumerate(agreements)],
            "city_id": [city for city, _ in agreements],
            "year_signed": pd.array([year for _, year in agreements], dtype="Int64"),
        }
    )
    contact_frame = pd.DataFrame(
        {
            "contact_id": [f"c{i}" for i in range(len(contacts))],
            "city_id": [city for city, _, _ in contacts],
            "date_start": pd.to_datetime([start for _, start, _ in contacts]),
            "date_end": pd.to_datetime([end for _, _, end in contacts]),
            "date_precision": "day",
            "date_text": [f"{start} as written" for _, start, _ in contacts],
        }
    )
    return partners, agreement_frame, contact_frame


NO_STATUSES = pd.DataFrame(
    {
        "agreement_id": pd.Series(dtype=str),
        "status": pd.Series(dtype=str),
        "status_date": pd.Series(dtype="datetime64[ns]"),
        "source": pd.Series(dtype=str),
        "note": pd.Series(dtype=str),
    }
)


def statuses(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agreement_id": [r[0] for r in rows],
            "status": [r[1] for r in rows],
            "status_date": pd.to_datetime([r[2] for r in rows]),
            "source": [r[3] for r in rows],
            "note": ["" for _ in rows],
        }
    )


@pytest.fixture(scope="module")
def constructed() -> pd.DataFrame:
    partners, agreements, contacts = frames(
        contacts=[
            ("old", "2019-06-01", "2019-06-03"),  # 6.6 years ago
            ("recent", "2025-03-10", "2025-03-12"),  # last year
            ("three", "2023-01-05", "2023-01-05"),  # three years ago only
            *[("falling", f"{y}-05-01", f"{y}-05-01") for y in (2020, 2021, 2022)],
            ("falling", "2025-06-01", "2025-06-01"),  # 1 recent against 3 before
            ("before", "2012-01-01", "2012-12-31"),  # only before its agreement
            ("period", "2010-01-01", "2026-12-31"),  # a programme still running
            ("future", "2026-06-01", "2026-06-02"),  # not happened yet
            ("undated", None, None),
        ],
        agreements=[
            ("old", 2010),
            ("silent", 2001),
            ("recent", 2002),
            ("recent", 2003),
            ("recent", 2003),
            ("three", 2015),
            ("falling", 2015),
            ("before", 2015),
            ("period", 2009),
            ("future", 2020),
            ("undated", 2020),
        ],
        partner_ids=["old", "silent", "recent", "three", "falling", "before", "period", "future", "undated", "nothing"],
    )
    return partner_health(partners, agreements, contacts, NO_STATUSES, TODAY).set_index("city_id")


@pytest.mark.parametrize(
    ("city", "status"),
    [
        ("old", "dormant"),
        ("silent", "never_activated"),
        ("recent", "active"),
        ("three", "slowing"),
        ("falling", "slowing"),
        ("before", "never_activated"),
        ("period", "active"),
        ("future", "never_activated"),
        ("undated", "never_activated"),
        ("nothing", "never_activated"),
    ],
)
def test_constructed_partners_get_their_status(constructed: pd.DataFrame, city: str, status: str) -> None:
    assert constructed.loc[city, "computed_status"] == status
    assert constructed.loc[city, "status"] == status
    assert constructed.loc[city, "status_origin"] == "computed"


def test_counts_windows_and_last_contact(constructed: pd.DataFrame) -> None:
    recent = constructed.loc["recent"]
    assert recent["agreements"] == 3 and recent["years_signed"] == "2002, 2003"
    assert recent["first_agreement_year"] == 2002
    assert (recent["contacts_last_1y"], recent["contacts_last_3y"], recent["contacts_last_5y"]) == (1, 1, 1)
    assert recent["last_contact_start"] == pd.Timestamp("2025-03-10")
    assert recent["last_contact_text"] == "2025-03-10 as written"
    assert recent["years_since_last"] == pytest.approx(0.8, abs=0.05)

    old = constructed.loc["old"]
    assert old["contacts_total"] == 1 and old["contacts_last_5y"] == 0
    assert old["years_since_last"] == pytest.approx(6.6, abs=0.05)


def test_trend_is_the_last_three_years_against_the_three_before(constructed: pd.DataFrame) -> None:
    falling = constructed.loc["falling"]
    assert (falling["trend_recent"], falling["trend_previous"], falling["trend"]) == (1, 3, -2)
    assert falling["trend_label"] == "falling"
    assert constructed.loc["recent", "trend_label"] == "rising"
    assert constructed.loc["silent", "trend_label"] == "flat"


def test_period_contact_counts_by_its_end(constructed: pd.DataFrame) -> None:
    period = constructed.loc["period"]
    assert period["contacts_last_1y"] == 1
    assert period["last_contact"] == pd.Timestamp(TODAY)  # still running: measured from today
    assert period["last_contact_end"] == pd.Timestamp("2026-12-31")
    assert period["years_since_last"] == pytest.approx(0.0, abs=0.05)


def test_future_contacts_are_left_out_and_undated_count_only_in_the_total(constructed: pd.DataFrame) -> None:
    assert constructed.loc["future", "contacts_total"] == 0
    undated = constructed.loc["undated"]
    assert undated["contacts_total"] == 1 and pd.isna(undated["years_since_last"])


def test_no_contacts_has_years_since_signing(constructed: pd.DataFrame) -> None:
    silent = constructed.loc["silent"]
    assert silent["contacts_total"] == 0 and pd.isna(silent["last_contact_start"])
    assert silent["years_since_first_agreement"] == 25
    assert constructed.loc["nothing", "agreements"] == 0 and constructed.loc["nothing", "years_signed"] == ""


def test_recorded_suspended_wins_over_computed_active_with_date_and_source() -> None:
    partners, agreements, contacts = frames([("a", "2025-10-01", "2025-10-01")], [("a", 2010), ("a", 2015)], ["a"])
    recorded = statuses(
        ("a-0", "renewed", "2020-02-01", "decision 12"), ("a-1", "suspended", "2024-03-12", "https://example.org/news")
    )
    row = partner_health(partners, agreements, contacts, recorded, TODAY).iloc[0]
    assert row["computed_status"] == "active"
    assert row["status"] == "suspended" and row["status_origin"] == "recorded"
    assert row["recorded_date"] == pd.Timestamp("2024-03-12")
    assert row["recorded_source"] == "https://example.org/news"
    assert row["recorded_agreement_id"] == "a-1"


def test_recorded_status_older_than_the_latest_contact_still_wins() -> None:
    partners, agreements, contacts = frames([("a", "2025-12-01", "2025-12-01")], [("a", 2010)], ["a"])
    row = partner_health(
        partners, agreements, contacts, statuses(("a-0", "ended", "2019-01-01", "order 5")), TODAY
    ).iloc[0]
    assert (row["status"], row["computed_status"]) == ("ended", "active")


def test_statuses_on_other_partners_agreements_are_ignored() -> None:
    partners, agreements, contacts = frames([], [("a", 2010), ("b", 2010)], ["a"])
    row = partner_health(partners, agreements, contacts, statuses(("b-1", "ended", "2019-01-01", "x")), TODAY).iloc[0]
    assert row["status_origin"] == "computed"


def test_status_counts_list_every_status_and_sum_to_partners(constructed: pd.DataFrame) -> None:
    counts = status_counts(constructed.reset_index())
    assert list(counts["status"]) == list(PARTNER_STATUSES)
    assert counts["partners"].sum() == len(constructed)
    assert counts.set_index("status").loc["suspended", "partners"] == 0


@pytest.mark.parametrize("lang", LANGS)
def test_status_chart_draws_every_partner_with_translated_labels(constructed: pd.DataFrame, lang: str) -> None:
    health = constructed.reset_index()
    figure = status_chart(health, lang)
    assert specs.title(figure) == t("health.chart_title", lang)
    dots = figure["layer"][-1]
    assert " ".join(dots["encoding"]["x"]["title"]) == t("health.x_axis", lang)
    points = dots["data"]["values"]
    # "nothing" has neither a dated contact nor an agreement year to place it by.
    assert len(points) == len(health) - 1
    ticks = " ".join(dots["encoding"]["y"]["scale"]["domain"])
    assert t("health_status.never_activated", lang) in ticks and t("health_status.dormant", lang) in ticks
    assert {point["row"] for point in points} <= set(dots["encoding"]["y"]["scale"]["domain"])
    # Hollow: no contact, placed by its signing; the tooltip says so and gives the years the language's way.
    hollow = [point for point in points if point["fill"] != point["color"]]
    assert hollow and all(t("health.legend_since_signing", lang) in point["tip"] for point in hollow)
    assert t("health.legend_since_signing", lang) in specs.subtitle(figure)


# ---------------------------------------------------------------- vocabularies, labels, colours


def test_every_status_has_labels_and_a_colour() -> None:
    assert set(HEALTH_STATUSES) <= set(PARTNER_STATUSES)
    assert set(RECORDED_STATUSES) <= set(PARTNER_STATUSES)
    assert set(STATUS_COLORS) == set(PARTNER_STATUSES)
    keys = (
        [f"health_status.{s}" for s in PARTNER_STATUSES]
        + [f"trend.{s}" for s in TRENDS]
        + [f"status_origin.{s}" for s in STATUS_ORIGINS]
    )
    for key in keys:
        assert set(CATALOGUE[key]) == set(LANGS), key


# ---------------------------------------------------------------- the real data


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    dataset = load_dataset()
    return partner_health(
        partner_cities(dataset), dataset.agreements, dataset.contacts, dataset.agreement_statuses, TODAY
    ).set_index("city_id")


def test_every_real_partner_gets_a_status(real: pd.DataFrame) -> None:
    assert len(real) == 10
    assert real["status"].isin(PARTNER_STATUSES).all()
    assert real["computed_status"].isin(HEALTH_STATUSES).all()
    assert status_counts(real.reset_index())["partners"].sum() == len(real)


def test_real_urbino_never_activated_and_harbin_active(real: pd.DataFrame) -> None:
    assert real.loc["urbino", "status"] == "never_activated"
    assert real.loc["urbino", "years_signed"] == "2001"
    harbin = real.loc["harbin"]
    assert harbin["status"] == "active"
    assert harbin["contacts_total"] == 15
    assert harbin["last_contact_start"].year == 2025


def test_real_hangzhou_lists_both_agreement_years(real: pd.DataFrame) -> None:
    assert real.loc["hangzhou", "years_signed"] == "2002, 2003"


def test_a_thousand_partners_and_seven_thousand_contacts_are_fast() -> None:
    rng = np.random.default_rng(7)
    ids = [f"p{i}" for i in range(1000)]
    partners, agreements, _ = frames([], [(p, int(y)) for p, y in zip(ids, rng.integers(1990, 2025, 1000))], ids)
    start = pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.integers(0, 9500, 7000), unit="D")
    contacts = pd.DataFrame(
        {
            "city_id": rng.choice(ids, 7000),
            "date_start": start,
            "date_end": start + pd.to_timedelta(rng.integers(0, 5, 7000), unit="D"),
            "date_precision": "day",
            "date_text": "",
        }
    )
    began = time.perf_counter()
    health = partner_health(partners, agreements, contacts, NO_STATUSES, TODAY)
    assert time.perf_counter() - began < 2.0
    assert len(health) == 1000 and health["contacts_total"].sum() == 7000


# ---------------------------------------------------------------- what the texts say matches what the rules did

FEWER = {"en": "fewer", "ru": "меньше"}


@pytest.mark.parametrize("trend", [0, 1, 3])
def test_a_rising_or_flat_trend_is_never_called_fewer_contacts(trend: int) -> None:
    """Hefei and Hyderabad were "slowing: fewer contacts than before" on slide 4 with a rising trend: their
    cause is the quiet active window, and its text never says "fewer"."""
    status = one(3.0, recent=0, trend=trend)
    assert status == "slowing"
    cause = classify_cause([status], [0])[0]
    assert cause == "slowing_quiet"
    row = {"status_cause": cause, "trend_recent": 1 + trend, "trend_previous": 1}
    for lang in LANGS:
        text = cause_text(row, lang)
        assert FEWER[lang] not in text, text
        assert "2" in text  # the active window the rule applies


def test_a_falling_trend_with_a_recent_contact_is_called_fewer_with_its_numbers() -> None:
    status = one(0.5, recent=1, trend=-2)
    cause = classify_cause([status], [1])[0]
    assert (status, cause) == ("slowing", "slowing_falling")
    text = cause_text({"status_cause": cause, "trend_recent": 1, "trend_previous": 3}, "en")
    assert text == "fewer contacts in the last 3 years than in the 3 before (1 against 3)"


def test_every_constructed_partner_has_the_cause_of_its_status(constructed: pd.DataFrame) -> None:
    assert set(constructed["status_cause"]) <= set(STATUS_CAUSES)
    assert constructed.loc["three", "status_cause"] == "slowing_quiet"
    assert constructed.loc["falling", "status_cause"] == "slowing_falling"
    assert (
        constructed["status_cause"].str.split("_").str[0] == constructed["computed_status"].str.split("_").str[0]
    ).all()
    for city, row in constructed.iterrows():
        if row["trend"] >= 0:
            assert "fewer" not in cause_text(row, "en"), city


def test_a_minimum_above_one_is_worded_as_fewer_than_the_minimum() -> None:
    row = {"status_cause": "slowing_quiet", "trend_recent": 1, "trend_previous": 0}
    assert cause_text(row, "en", Thresholds(active_min_contacts=3)).startswith("fewer than 3 contacts in the last 2")
    assert "none in the last 2 years" in status_rules(Thresholds(), "en")["slowing"]
    assert "fewer than 3 in the last 2 years" in status_rules(Thresholds(active_min_contacts=3), "en")["slowing"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_rules_come_from_the_catalogue_with_the_thresholds_in_force(lang: str) -> None:
    rules = status_rules(Thresholds(active_years=1.5, dormant_years=4, trend_years=2), lang)
    assert list(rules) == list(HEALTH_STATUSES)
    assert ("1,5" if lang == "ru" else "1.5") in rules["active"] and "4" in rules["dormant"]
    assert "{" not in "".join(rules.values())
    legend = rules_markdown(Thresholds(), lang)
    for status in HEALTH_STATUSES:
        assert f"**{t(f'health_status.{status}', lang)}**" in legend
    # The slide's old "active: a contact in the last 2 years" left out the trend the rule also needs.
    assert ("3 years" if lang == "en" else "3 г.") in status_rules(Thresholds(), lang)["active"]


def test_status_summary_counts_and_names_per_status(constructed: pd.DataFrame) -> None:
    summary = status_summary(constructed.reset_index(), "en").set_index("status")
    assert summary["partners"].sum() == len(constructed)
    assert summary.loc["slowing", "names"] == ["Falling", "Three"]  # the most recently contacted first
    assert summary.loc["active", "partners"] == (constructed["status"] == "active").sum()
    assert summary.loc["dormant", "rule"] == status_rules(Thresholds(), "en")["dormant"]
    assert list(summary.index) == [s for s in PARTNER_STATUSES if s in set(constructed["status"])]
    cut = status_summary(constructed.reset_index(), "en", max_names=2).set_index("status")
    never = cut.loc["never_activated"]
    assert never["names_text"] == ", ".join(never["names"][:2]) + f" and {never['partners'] - 2} more"


# ---------------------------------------------------------------- a filter picks partners, never evidence


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def china_2020_2023(dataset) -> filters.FilteredView:
    state = filters.FilterState(year_from=2020, year_to=2023, countries=("CN",))
    return filters.apply(dataset, filters.enrich_contacts(dataset), state)


def test_a_year_filter_does_not_make_harbin_slowing(dataset) -> None:
    """Harbin met Kazan on 6–8 February 2025: active on 1 December 2026 whatever years are chosen. Computed
    from the filtered contacts alone (what the pages did), it would be "slowing"; health_of is not."""
    today = datetime.date(2026, 12, 1)
    view = china_2020_2023(dataset)
    from_filtered = partner_health(
        view.partners, view.agreements, view.contacts, dataset.agreement_statuses, today
    ).set_index("city_id")
    assert from_filtered.loc["harbin", "status"] == "slowing"  # the fake the issue reports
    health = health_of(dataset, view.partners, today).set_index("city_id")
    assert set(health.index) == set(view.partners["city_id"])  # the filter still picks the partners
    assert health.loc["harbin", "status"] == "active"
    assert health.loc["wuhan", "status"] == "active"  # August 2025
    unfiltered = health_of(dataset, partner_cities(dataset), today).set_index("city_id")
    pd.testing.assert_frame_equal(health, unfiltered.loc[health.index])


def test_sphere_and_venue_filters_do_not_change_a_status(dataset) -> None:
    today = datetime.date(2026, 12, 1)
    everything = health_of(dataset, partner_cities(dataset), today)
    for state in (filters.FilterState(spheres=("sport",)), filters.FilterState(settings=("online",))):
        view = filters.apply(dataset, filters.enrich_contacts(dataset), state)
        assert health_of(dataset, view.partners, today)["status"].tolist() == everything["status"].tolist()


# ---------------------------------------------------------------- thresholds in the URL, the table


def test_parse_thresholds() -> None:
    thresholds, rejected = health_rules.parse_thresholds({"active": ["3"], "dormant": ["7,5"], "min": ["2"]})
    assert thresholds == Thresholds(active_years=3.0, dormant_years=7.5, trend_years=3.0, active_min_contacts=2)
    assert rejected == []
    thresholds, rejected = health_rules.parse_thresholds(
        {"active": ["abc"], "dormant": ["0"], "min": ["1.5"], "trend": ["inf"]}
    )
    assert thresholds == DEFAULT_THRESHOLDS
    assert sorted(p for p, _ in rejected) == ["active", "dormant", "min", "trend"]
    assert health_rules.parse_thresholds({}) == (DEFAULT_THRESHOLDS, [])


def test_thresholds_query_keeps_only_changes() -> None:
    assert health_rules.thresholds_query(DEFAULT_THRESHOLDS) == {}
    changed = Thresholds(active_years=1.5, dormant_years=6.0, active_min_contacts=2)
    assert health_rules.thresholds_query(changed) == {"active": "1.5", "dormant": "6", "min": "2"}
    assert health_rules.parse_thresholds(health_rules.thresholds_query(changed))[0] == changed


@pytest.mark.parametrize("lang", LANGS)
def test_health_table_shows_a_recorded_status_beside_the_computed_one(dataset: Dataset, lang: str) -> None:
    statuses = pd.DataFrame(
        {
            "agreement_id": ["harbin-memorandum-2006"],
            "status": ["suspended"],
            "status_date": [pd.Timestamp("2025-03-12")],
            "source": ["Decision No. 5"],
            "note": ["on hold"],
            "recorded_by": ["staff"],
        }
    )
    partners = filters.partner_cities(dataset)
    health = partner_health(partners, dataset.agreements, dataset.contacts, statuses, TODAY)
    table = health_table(health, lang).set_index(t("common.partner", lang))
    harbin = table.loc["Харбин" if lang == "ru" else "Harbin"]
    assert harbin[t("health.col.status", lang)] == status_label("suspended", lang)
    assert harbin[t("health.col.computed", lang)] == status_label("active", lang)
    assert harbin[t("health.col.recorded_source", lang)] == "Decision No. 5"
    assert harbin[t("health.col.recorded_date", lang)] == ("12.03.2025" if lang == "ru" else "12 Mar 2025")
    assert table.loc["Урбино" if lang == "ru" else "Urbino", t("health.col.contacts_total", lang)] == 0
    agreements = dataset.agreements[dataset.agreements["city_id"] == "harbin"]
    shown = agreements_table(agreements, statuses, lang)
    assert "Decision No. 5" in shown.iloc[0][t("briefing.recorded_status", lang)]
