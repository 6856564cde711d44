"""The national-context parser on the two real news items and on constructed sentences."""

from __future__ import annotations

import pytest

from cooperation.ingest.national import parse_national_context
from cooperation.paths import RAW_DIR

RAW = RAW_DIR
RU_US = "news_russian_american_municipal_forum.txt"
RU_CN = "news_city_diplomacy_panel_volgograd_2022.txt"


def _parse(name: str):
    return parse_national_context((RAW / name).read_text(encoding="utf-8"), name)


def test_russia_us_twinning_figures() -> None:
    figures, problems = _parse(RU_US)
    assert problems == []
    values = {f.measure: f.value for f in figures}
    assert values == {
        "twinned_cities_a": 67,
        "twinned_regions_a": 2,
        "twinned_cities_b": 73,
        "twinned_states_b": 1,
        "twinned_districts_b": 2,
        "forum_delegations_a": 25,
        "forum_delegations_b": 18,
    }
    assert {(f.country_a_iso2, f.country_b_iso2) for f in figures} == {("RU", "US")}


def test_russia_us_figures_quote_their_sentence_and_date_is_unknown() -> None:
    figures, _ = _parse(RU_US)
    cities = next(f for f in figures if f.measure == "twinned_cities_a")
    assert cities.quote == (
        "At the moment, 67 cities and two regions of Russia are connected by twinning relations "
        "with 73 cities, one state and two US districts."
    )
    assert cities.description_en.startswith("Russian cities linked by twinning with US")
    assert all(f.as_of == "" for f in figures)
    assert all(f.note == "before spring 2020 (the text plans a forum for spring 2020)" for f in figures)
    assert all(f.source_file == RU_US for f in figures)


def test_russia_china_partnership_links() -> None:
    figures, problems = _parse(RU_CN)
    assert problems == []
    assert len(figures) == 1
    links = figures[0]
    assert (links.country_a_iso2, links.country_b_iso2, links.measure, links.value) == (
        "RU",
        "CN",
        "partnership_links",
        154,
    )
    assert links.as_of == "2022-11-02"
    assert "2022-10-31" in links.note
    assert links.quote.endswith("154 partnership links established between Russian and Chinese cities.")


def test_ids_are_unique_and_stable() -> None:
    first, second = _parse(RU_US)[0], _parse(RU_US)[0]
    ids = [f.figure_id for f in first]
    assert len(set(ids)) == len(ids)
    assert ids == [f.figure_id for f in second]
    assert "ru-us-twinned-cities-a-news-russian-american-municipal-forum" in ids


def test_number_words_and_country_order_in_a_constructed_sentence() -> None:
    text = "Today twelve Chinese cities are twinned with Russian partners, including three regions of Russia."
    figures, problems = parse_national_context(text, "made_up.txt")
    assert problems == []
    assert {(f.country_a_iso2, f.country_b_iso2) for f in figures} == {("RU", "CN")}
    assert {f.measure: f.value for f in figures} == {"twinned_cities_b": 12, "twinned_regions_a": 3}


@pytest.mark.parametrize("text", ["", "Kazan welcomed guests.\n", "Select language:\n\n"])
def test_text_without_figures_gives_empty_list_and_problem(text: str) -> None:
    figures, problems = parse_national_context(text, "empty.txt")
    assert figures == []
    assert problems == ["empty.txt: no country-pair figure recognised"]


def test_unplaceable_number_is_reported() -> None:
    figures, problems = parse_national_context("Kazan has 20 twin cities.", "kazan.txt")
    assert figures == []
    assert any(p.startswith("line 1:") and "not placed" in p for p in problems)
