"""The aggregations on the real data: checked against independent pandas counts and facts from data/raw."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from cooperation import filters, metrics
from cooperation.loading import load_dataset
from cooperation.vocab import SETTINGS, SPHERES


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def contacts(dataset) -> pd.DataFrame:
    return filters.enrich_contacts(dataset)


@pytest.fixture(scope="module")
def view(dataset, contacts) -> filters.FilteredView:
    return filters.apply(dataset, contacts, filters.FilterState())


def _sphere_counts(contacts: pd.DataFrame) -> pd.Series:
    """Independent count: split every '|' list and count each sphere."""
    return contacts["spheres"].str.split("|").explode().value_counts()


def _scaled(contacts: pd.DataFrame, times: int) -> pd.DataFrame:
    """The real contacts repeated, with unique ids: the 100× load the pages must stay fast at."""
    big = pd.concat([contacts] * times, ignore_index=True)
    big["contact_id"] = big["contact_id"] + "-" + (big.index // len(contacts)).astype(str)
    return big


def test_headline_counts_the_view(dataset, view) -> None:
    head = metrics.headline(view, dataset)
    assert head.contacts == len(view.contacts)
    assert head.partners == (dataset.cities["role"] == "partner").sum()
    assert head.countries == dataset.cities.loc[dataset.cities["role"] == "partner", "country_iso2"].nunique()
    assert head.agreements == len(dataset.agreements)
    newest = view.contacts.sort_values(["date_start", "date_end"]).iloc[-1]
    assert head.last_contact == newest["date_start"]
    assert head.last_partner == newest["city_id"]
    assert head.last_precision == newest["date_precision"]
    totals = dataset.known_totals
    latest_total = totals[(totals["measure"] == "partner_cities") & totals["url"].fillna("").ne("")].sort_values(
        "as_of"
    )
    assert head.partners_known == latest_total["value"].iloc[-1]


def test_sphere_long_has_one_row_per_contact_and_sphere(view) -> None:
    long = metrics.sphere_long(view.contacts)
    assert len(long) == view.contacts["spheres"].str.count(r"\|").add(1).sum()
    assert len(long) >= len(view.contacts)
    assert not long.duplicated(["contact_id", "sphere"]).any()
    assert list(long["sphere"].cat.categories) == list(SPHERES)
    assert long["sphere"].astype(str).value_counts().sort_index().equals(_sphere_counts(view.contacts).sort_index())
    written = view.contacts.set_index("contact_id")["spheres"]
    assert all(s in written[c].split("|") for c, s in zip(long["contact_id"], long["sphere"].astype(str)))


def test_sphere_totals_and_matrices_agree_with_independent_counts(view) -> None:
    expected = _sphere_counts(view.contacts).reindex(list(SPHERES), fill_value=0)
    totals = metrics.sphere_totals(view.contacts).set_index("sphere")["contacts"]
    assert totals.to_dict() == expected.to_dict()
    by_year = metrics.sphere_by_year(view.contacts)
    assert list(by_year.index) == list(SPHERES)
    assert by_year.sum(axis=1).to_dict() == expected.to_dict()
    by_country = metrics.country_by_sphere(view.contacts)
    china = view.contacts[view.contacts["country_iso2"] == "CN"]
    assert (
        by_country.loc["CN"].iloc[0].to_dict() == _sphere_counts(china).reindex(list(SPHERES), fill_value=0).to_dict()
    )
    assert by_country.index.get_level_values("country_iso2")[0] == view.contacts["country_iso2"].value_counts().index[0]


def test_per_year_counts_cover_every_year_and_all_spheres(view) -> None:
    frame = metrics.contacts_per_year_by_sphere(view.contacts)
    years = sorted(frame["year"].unique())
    assert years == list(range(int(view.contacts["year"].min()), int(view.contacts["year"].max()) + 1))
    assert list(frame["sphere"].cat.categories) == list(SPHERES)
    assert len(frame) == len(years) * len(SPHERES)
    assert frame["contacts"].sum() == _sphere_counts(view.contacts).sum()


def test_a_period_contact_counts_once_in_its_start_year(view) -> None:
    # "2002-2018 гг. – обмен официальными делегациями" (Hangzhou, governance) is the only contact before 2006.
    frame = metrics.contacts_per_year_by_sphere(view.contacts)
    governance = frame[frame["sphere"] == "governance"].set_index("year")["contacts"]
    assert governance[2002] == 1
    assert governance[2003:2005].sum() == 0
    settings = metrics.setting_by_year(view.contacts)
    assert settings.loc[settings["year"] == 2002, "contacts"].sum() == 1


def test_setting_by_year_counts_every_contact_once(view) -> None:
    frame = metrics.setting_by_year(view.contacts)
    assert list(frame["setting"].cat.categories) == list(SETTINGS)
    assert frame["contacts"].sum() == view.contacts["year"].notna().sum()
    per_setting = frame.groupby("setting", observed=True)["contacts"].sum()
    assert per_setting[per_setting > 0].to_dict() == view.contacts["setting"].value_counts().to_dict()


def test_top_partners_match_counts_and_known_facts(view) -> None:
    top = metrics.top_partners(view.contacts, view.partners, n=20)
    counts = view.contacts["city_id"].value_counts()
    assert top["contacts"].is_monotonic_decreasing
    assert top.set_index("city_id")["contacts"].loc[counts.index].to_dict() == counts.to_dict()
    assert top.iloc[0]["contacts"] == counts.max()
    assert top.set_index("city_id").loc["hangzhou", "contacts"] == 15
    # Urbino has an agreement but no contact: it fills the tail when n allows, and only then.
    assert top.iloc[-1]["city_id"] == "urbino" and top.iloc[-1]["contacts"] == 0
    assert "urbino" not in set(metrics.top_partners(view.contacts, view.partners, n=3)["city_id"])
    assert len(metrics.top_partners(view.contacts, view.partners, n=3)) == 3


def test_latest_contacts_are_newest_first(view) -> None:
    latest = metrics.latest_contacts(view.contacts, n=5)
    assert len(latest) == 5
    assert latest["date_start"].is_monotonic_decreasing
    assert latest["date_start"].iloc[0] == view.contacts["date_start"].max()
    assert set(latest.columns) == set(view.contacts.columns)


def test_by_country_counts_partners_and_contacts(view) -> None:
    table = metrics.by_country(view.contacts, view.partners).set_index("country_iso2")
    assert table["partners"].sum() == len(view.partners)
    assert table["contacts"].sum() == len(view.contacts)
    assert table.loc["CN", "partners"] == (view.partners["country_iso2"] == "CN").sum()
    assert table.loc["IT", "contacts"] == 0


def test_partner_summary_facts_from_the_source(view) -> None:
    summary = metrics.partner_summary(view.contacts, view.partners, view.agreements).set_index("city_id")
    assert set(summary.index) == set(view.partners["city_id"])
    harbin = summary.loc["harbin"]
    assert (harbin["first_contact"].year, harbin["first_contact"].month) == (2006, 6)  # "13-18 июня 2006 года"
    assert summary.loc["hangzhou", "contacts"] == 15
    tehran = summary.loc["tehran"]
    assert tehran["agreements"] == 1 and tehran["agreements_en"] == "Agreement 2025"
    assert tehran["agreements_ru"] == "Соглашение 2025"
    # Hangzhou: a 2002 friendship memorandum, then the 2003 twinning agreement; twinning is the stronger.
    assert summary.loc["hangzhou", "relation"] == "twinning"
    assert summary.loc["hangzhou", "agreements_en"] == "Memorandum 2002; Agreement 2003"
    assert summary.loc["hangzhou", "first_year"] == 2002
    assert summary.loc["urbino", "contacts"] == 0 and pd.isna(summary.loc["urbino", "last_contact"])
    assert summary["contacts"].sum() == len(view.contacts)
    assert summary[["lat", "lon"]].notna().all().all()


def test_china_filter_keeps_only_chinese_partners(dataset, contacts) -> None:
    view = filters.apply(dataset, contacts, filters.FilterState(countries=("CN",)))
    assert set(metrics.partner_summary(view.contacts, view.partners, view.agreements)["country_iso2"]) == {"CN"}
    assert list(metrics.by_country(view.contacts, view.partners)["country_iso2"]) == ["CN"]
    assert set(metrics.top_partners(view.contacts, view.partners)["country_iso2"]) == {"CN"}
    head = metrics.headline(view, dataset)
    assert head.countries == 1
    assert head.contacts == (contacts["country_iso2"] == "CN").sum()


def test_sphere_selection_restricts_sphere_counts(view) -> None:
    totals = metrics.sphere_totals(view.contacts, spheres=("sport",))
    assert list(totals["sphere"].astype(str)) == ["sport"]
    assert list(metrics.sphere_by_year(view.contacts, spheres=("sport", "health")).index) == ["sport", "health"]


def test_empty_view_gives_empty_frames_not_errors(dataset, contacts) -> None:
    view = filters.apply(dataset, contacts, filters.FilterState(partners=("urbino",)))
    assert view.contacts.empty
    head = metrics.headline(view, dataset)
    assert (head.contacts, head.partners, head.last_contact, head.last_partner) == (0, 1, None, None)
    assert metrics.sphere_long(view.contacts).empty
    assert metrics.contacts_per_year_by_sphere(view.contacts).empty
    assert metrics.sphere_totals(view.contacts)["contacts"].sum() == 0
    assert metrics.sphere_by_year(view.contacts).size == 0
    assert metrics.country_by_sphere(view.contacts).empty
    assert metrics.setting_by_year(view.contacts).empty
    assert metrics.latest_contacts(view.contacts).empty
    assert metrics.top_partners(view.contacts, view.partners)["contacts"].tolist() == [0]
    assert metrics.by_country(view.contacts, view.partners)[["partners", "contacts"]].values.tolist() == [[1, 0]]
    summary = metrics.partner_summary(view.contacts, view.partners, view.agreements)
    assert summary["agreements"].tolist() == [1] and summary["contacts"].tolist() == [0]
    nothing = contacts.iloc[0:0]
    assert metrics.partner_summary(nothing, view.partners.iloc[0:0], view.agreements.iloc[0:0]).empty
    assert metrics.by_country(nothing, view.partners.iloc[0:0]).empty


def test_national_comparison_sets_kazan_against_national_figures(dataset) -> None:
    table = metrics.national_comparison(dataset)
    rows = table.set_index(["group", "measure"])
    partners = dataset.cities[dataset.cities["role"] == "partner"]
    assert rows.loc[("CN", "partnership_links"), "value"] == 154
    assert rows.loc[("CN", "partners_in_country"), "value"] == (partners["country_iso2"] == "CN").sum()
    assert rows.loc[("US", "twinned_cities_a"), "value"] == 67
    assert rows.loc[("US", "partners_in_country"), "value"] == (partners["country_iso2"] == "US").sum()
    assert rows.loc[("kazan", "partner_cities_in_data"), "value"] == len(partners)
    assert rows.loc[("kazan", "partner_cities_known"), "value"] == 62  # 2025's 74 has no source to cite
    assert rows.loc[("kazan", "partner_cities_known"), "as_of"] == "2023-10-07"
    assert rows.loc[("CN", "partnership_links"), "source_file"] == "news_city_diplomacy_panel_volgograd_2022.txt"
    assert rows.loc[("US", "twinned_cities_a"), "country_en"] == "United States"
    assert rows.loc[("CN", "partnership_links"), "country_a_ru"] == "Россия"
    assert set(table["side"]) == {"kazan", "national"}
    assert table["label_key"].str.startswith("national.").all()


def test_aggregations_stay_fast_at_100_times_the_data(dataset, contacts) -> None:
    big = _scaled(contacts, 100)
    partners = filters.partner_cities(dataset)
    view = filters.FilteredView(big, partners, dataset.agreements)
    started = time.perf_counter()
    metrics.headline(view, dataset)
    metrics.sphere_long(big)
    metrics.contacts_per_year_by_sphere(big)
    metrics.sphere_totals(big)
    metrics.sphere_by_year(big)
    metrics.country_by_sphere(big)
    metrics.setting_by_year(big)
    metrics.top_partners(big, partners)
    metrics.latest_contacts(big)
    metrics.by_country(big, partners)
    summary = metrics.partner_summary(big, partners, dataset.agreements)
    assert time.perf_counter() - started < 5  # ~0.5 s on a loaded two-core machine
    assert summary.set_index("city_id").loc["hangzhou", "contacts"] == 1500


def test_the_period_note_names_the_filters_that_leave_contacts_out(dataset) -> None:
    assert metrics.period_note(filters.FilterState(countries=("CN",)), dataset, "en") == ""
    note = metrics.period_note(filters.FilterState(year_from=2020, year_to=2023, countries=("CN",)), dataset, "en")
    assert note.endswith("count only the contacts in the filters: Period: 2020–2023.")
    assert "China" not in note  # a country chooses partners, not evidence
    sport = metrics.period_note(filters.FilterState(spheres=("sport",)), dataset, "ru")
    assert sport.endswith("Сфера: Спорт.")
