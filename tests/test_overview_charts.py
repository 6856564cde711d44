"""The overview's Vega-Lite figures (cooperation.charts.overview): translated titles, the language's numbers,
whole years over the whole span, the palette's sphere colours, the most contacted on top, room for the numbers,
one axis per kind of national count, a "no data" figure for an empty frame, data text kept as text."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from cooperation import charts, filters, metrics
from cooperation.charts import overview, vega
from cooperation.i18n import CATALOGUE, LANGS, label, t
from cooperation.loading import load_dataset
from cooperation.palette import SPHERE_COLORS


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def view(dataset) -> filters.FilteredView:
    return filters.apply(dataset, filters.enrich_contacts(dataset), filters.FilterState())


def _builders(dataset, view) -> dict[str, tuple[Callable, object]]:
    """Each builder with the frame the overview gives it, keyed by its title's catalogue key; every builder
    gives a list of charts here (the national comparison draws one per panel)."""
    return {
        "charts.per_year_by_sphere.title": (
            lambda frame, lang: [overview.per_year_by_sphere(frame, lang)],
            metrics.contacts_per_year_by_sphere(view.contacts),
        ),
        "charts.top_partners.title": (
            lambda frame, lang: [overview.top_partners(frame, lang)],
            metrics.top_partners(view.contacts, view.partners),
        ),
        "charts.national.title": (overview.national_comparison, metrics.national_comparison(dataset)),
    }


def title(chart: dict) -> str:
    return " ".join(chart["title"]["text"])


def rows(chart: dict) -> list[dict]:
    return chart["data"]["values"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_builder_gives_titled_charts_in_each_language(dataset, view, lang: str) -> None:
    for key, (build, frame) in _builders(dataset, view).items():
        built = build(frame, lang)
        assert title(built[0]) == CATALOGUE[key][lang]
        for chart in built:
            assert 60 <= chart["height"] <= 1400
            assert rows(chart) and "note" not in rows(chart)[0]
            assert chart["config"]["locale"] == vega.locale(lang)
            json.dumps(chart)  # serialisable, as st.vega_lite_chart needs


def test_no_catalogue_key_shows_through(dataset, view) -> None:
    """A missing key would show itself ("charts.…") in a title, legend, axis or tooltip."""
    for lang in LANGS:
        for build, frame in _builders(dataset, view).values():
            text = json.dumps(build(frame, lang), ensure_ascii=False)
            assert "charts." not in text and "national." not in text and "common." not in text


def test_numbers_follow_the_language() -> None:
    """The same separators as the plotly figures: "1 234,5" in Russian, "1,234.5" in English."""
    for lang in LANGS:
        number = vega.locale(lang)["number"]
        assert number["decimal"] + number["thousands"] == charts.SEPARATORS[lang]
    assert vega.locale("ru")["number"]["decimal"] == ","


@pytest.mark.parametrize("lang", LANGS)
def test_empty_frames_give_a_no_data_chart(dataset, view, lang: str) -> None:
    for key, (build, frame) in _builders(dataset, view).items():
        built = build(frame.iloc[0:0], lang)
        assert title(built[0]) == CATALOGUE[key][lang]
        assert [row.get("note") for chart in built for row in rows(chart)] == [t("charts.no_data", lang)]


def test_years_are_whole_and_every_year_of_the_span_is_on_the_axis(view) -> None:
    frame = metrics.contacts_per_year_by_sphere(view.contacts)
    chart = overview.per_year_by_sphere(frame, "ru")
    x = chart["encoding"]["x"]
    first, last = int(frame["year"].min()), int(frame["year"].max())
    assert x["type"] == "ordinal" and x["scale"]["domain"] == [str(y) for y in range(first, last + 1)]
    assert all(row["year"].isdigit() for row in rows(chart))  # "2020", never "2,020" or "2020.5"
    assert x["title"] == t("common.year", "ru")


def test_spheres_have_the_palettes_colours_and_stack_in_vocabulary_order(view) -> None:
    frame = metrics.contacts_per_year_by_sphere(view.contacts)
    chart = overview.per_year_by_sphere(frame, "en")
    scale = chart["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    present = [s for s in SPHERE_COLORS if frame.loc[frame["sphere"] == s, "contacts"].sum() > 0]
    assert colours == {label("sphere", s, "en"): SPHERE_COLORS[s] for s in present}
    # The slides' plotly chart of the same frame gives each sphere the same colour.
    slides = charts.contacts_per_year_by_sphere_chart(frame, "en")
    assert {trace.name: trace.marker.color for trace in slides.data} == colours
    assert chart["encoding"]["order"] == {"field": "order"}
    assert sum(row["contacts"] for row in rows(chart)) == int(frame["contacts"].sum())
    assert t("charts.multi_sphere_note", "en") in " ".join(chart["title"]["subtitle"])


def test_top_partners_are_sorted_with_the_most_contacted_on_top(view) -> None:
    chart = overview.top_partners(metrics.top_partners(view.contacts, view.partners), "en")
    counts = [row["contacts"] for row in rows(chart)]
    assert counts == sorted(counts, reverse=True)
    assert chart["encoding"]["y"]["sort"] == [row["partner"] for row in rows(chart)]


def test_bars_with_numbers_beside_them_leave_room_for_the_longest_number(dataset, view) -> None:
    partners = overview.top_partners(metrics.top_partners(view.contacts, view.partners), "en")
    assert partners["encoding"]["x"]["scale"]["domain"][1] >= max(r["contacts"] for r in rows(partners)) * 1.1
    for chart in overview.national_comparison(metrics.national_comparison(dataset), "en"):
        x = chart["layer"][0]["encoding"]["x"]
        assert x["scale"]["domain"][1] >= max(r["value"] for r in rows(chart)) * 1.1


def test_data_text_goes_in_as_text(view) -> None:
    """Vega-Lite draws names as text and its tooltips escape them: escaping first would show "&lt;"."""
    frame = metrics.top_partners(view.contacts, view.partners)
    frame.loc[0, "name_en"] = "<b>Tehran</b> & Co"
    chart = overview.top_partners(frame, "en")
    assert rows(chart)[0]["partner"] == "<b>Tehran</b> & Co"


def test_national_chart_labels_name_the_countries(dataset) -> None:
    built = overview.national_comparison(metrics.national_comparison(dataset), "en")
    labels = [row["name"] for chart in built for row in rows(chart)]
    partners = int((dataset.cities["role"] == "partner").sum())
    assert "Russia–China: city partnership links" in labels
    # A count from the data says how much of Kazan's record it stands on (62: the latest known total).
    assert f"Kazan: partner cities in United States, in this data ({partners} of 62 partners)" in labels
    sides = {row["side_name"] for chart in built for row in rows(chart)}
    assert sides == {t("charts.national.side.kazan", "en"), t("charts.national.side.national", "en")}


def test_national_chart_keeps_counts_of_different_kinds_on_different_axes(dataset) -> None:
    """Not 10 partners, 62 partners and 154 links on one axis: one chart (axis) per kind of count."""
    table = metrics.national_comparison(dataset)
    built = overview.national_comparison(table, "en")
    chart_of = {row["name"]: number for number, chart in enumerate(built) for row in rows(chart)}
    values = {row["name"]: row["value"] for chart in built for row in rows(chart)}
    in_data = next(name for name in values if name.startswith("Kazan: partner cities in this data"))
    links = "Russia–China: city partnership links"
    assert (values[in_data], values[links]) == (int((dataset.cities["role"] == "partner").sum()), 154)
    assert chart_of[in_data] == chart_of["Kazan: partner cities, total"]
    assert chart_of[in_data] != chart_of[links]
    assert chart_of["Kazan: countries, total"] not in (chart_of[in_data], chart_of[links])
    assert len(built) == table["panel"].nunique()
    legends = [chart["layer"][0]["encoding"]["color"]["legend"] for chart in built]
    assert legends[:-1] == [None] * (len(built) - 1) and legends[-1] is not None  # one colour key, at the foot
