"""The overview's Vega-Lite figures (cooperation.charts.overview): translated titles, the language's numbers,
whole years over the whole span, the palette's sphere colours, the most contacted on top, room for the numbers,
one axis per kind of national count, data text kept as text. Every builder's title, numbers, strict JSON and
"no data" figure are checked with the others' in test_charts.py."""

from __future__ import annotations

import json

import pytest
from specs import rows, subtitle

from cooperation import charts, filters, maps, metrics
from cooperation.charts import big_screen, overview, vega
from cooperation.i18n import LANGS, label, t
from cooperation.loading import load_dataset
from cooperation.palette import HOME_COLOR, RELATION_COLORS, SPHERE_COLORS
from cooperation.vocab import HOME_CITY_ID


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def view(dataset) -> filters.FilteredView:
    return filters.apply(dataset, filters.enrich_contacts(dataset), filters.FilterState())


def test_numbers_follow_the_language() -> None:
    """The same separators as the tables': "1 234,5" in Russian, "1,234.5" in English."""
    for lang in LANGS:
        number = vega.locale(lang)["number"]
        assert number["decimal"] + number["thousands"] == charts.SEPARATORS[lang]
    assert vega.locale("ru")["number"]["decimal"] == ","


def test_years_are_whole_and_every_year_of_the_span_is_on_the_axis(view) -> None:
    frame = metrics.contacts_per_year_by_sphere(view.contacts)
    chart = charts.per_year_by_sphere(frame, "ru")
    x = chart["encoding"]["x"]
    first, last = int(frame["year"].min()), int(frame["year"].max())
    assert x["type"] == "ordinal" and x["scale"]["domain"] == [str(y) for y in range(first, last + 1)]
    assert all(row["year"].isdigit() for row in rows(chart))  # "2020", never "2,020" or "2020.5"
    assert x["title"] == t("common.year", "ru")


def test_spheres_have_the_palettes_colours_and_stack_in_vocabulary_order(view) -> None:
    frame = metrics.contacts_per_year_by_sphere(view.contacts)
    chart = charts.per_year_by_sphere(frame, "en")
    scale = chart["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    present = [s for s in SPHERE_COLORS if frame.loc[frame["sphere"] == s, "contacts"].sum() > 0]
    assert colours == {label("sphere", s, "en"): SPHERE_COLORS[s] for s in present}
    # The slide of the same contacts gives each sphere the same colour.
    slide = big_screen.per_year_figure(view.contacts, "en")["encoding"]["color"]["scale"]
    assert dict(zip(slide["domain"], slide["range"], strict=True)) == colours
    assert chart["encoding"]["order"] == {"field": "order"}
    assert sum(row["contacts"] for row in rows(chart)) == int(frame["contacts"].sum())
    assert t("charts.multi_sphere_note", "en") in subtitle(chart)


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


@pytest.fixture(scope="module")
def summary(view):
    return metrics.partner_summary(view.contacts, view.partners, view.agreements)


@pytest.fixture(scope="module")
def home(dataset):
    return dataset.cities.set_index("city_id").loc[HOME_CITY_ID]


def layer_with(chart: dict, mark: str, encoding: str | None = None) -> dict:
    return next(
        item
        for item in chart["layer"]
        if item["mark"]["type"] == mark and (encoding is None or encoding in item["encoding"])
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_small_map_shows_every_placed_partner_with_the_map_pages_values(summary, home, lang: str) -> None:
    chart = overview.partner_map(summary, home, lang)
    dots = layer_with(chart, "circle", "size")["data"]["values"]
    rows = maps.map_rows(summary, lang)
    assert [dot["name"] for dot in dots] == rows["name"].tolist()
    assert [dot["contacts"] for dot in dots] == rows["contacts_label"].tolist()
    assert [dot["color"] for dot in dots] == [RELATION_COLORS[r] for r in rows["relation"]]
    fields = [item["field"] for item in layer_with(chart, "circle", "size")["encoding"]["tooltip"]]
    assert all(set(fields) <= set(dot) for dot in dots)
    kazan = [item for item in chart["layer"] if item["mark"].get("color") == HOME_COLOR]
    assert kazan and kazan[0]["data"]["values"][0]["name"] == home[f"name_{lang}"]
    lines = [
        item for item in chart["layer"] if item["mark"]["type"] == "geoshape" and not item["mark"].get("filled", True)
    ]
    assert len(lines[0]["data"]["values"]) == len(dots)  # one line from Kazan per partner
    assert "tooltip" not in json.dumps(chart["layer"][0])  # the countries say nothing of their own


def test_the_small_map_is_fitted_around_every_partner_and_draws_no_globe_wide_ring(summary, home) -> None:
    chart = overview.partner_map(summary, home, "en")
    corners = chart["projection"]["fit"]["features"][0]["geometry"]["coordinates"]
    lons, lats = [c[0] for c in corners], [c[1] for c in corners]
    placed = summary[maps.has_position(summary)]
    assert min(lons) < placed["lon"].min() and max(lons) > placed["lon"].max()
    assert min(lats) < placed["lat"].min() and max(lats) > placed["lat"].max()
    # d3-geo reads an anticlockwise ring as the rest of the globe: every ring is clockwise once unwrapped.
    for feature in maps.spherical_countries():
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            assert all(maps._signed_area(ring) <= 0 for ring in polygon), feature["properties"]
    shaded = [f for f in chart["layer"][0]["data"]["values"]["features"] if f["properties"]["partner"]]
    assert len(shaded) == placed["country_iso2"].nunique()
