"""The figure builders: translated titles, one colour per sphere, escaped data text, empty frames, scale."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

import pytest
from specs import rows, subtitle, title

from cooperation import charts, filters, metrics
from cooperation.charts import overview, vega
from cooperation.charts.forums import attendance_chart
from cooperation.charts.health import status_chart
from cooperation.forums import attendance_matrix, editions
from cooperation.health import health_of
from cooperation.i18n import CATALOGUE, LANGS, label, t
from cooperation.loading import load_dataset
from cooperation.palette import SETTING_COLORS, SPHERE_COLORS
from cooperation.vocab import SPHERES


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def view(dataset) -> filters.FilteredView:
    return filters.apply(dataset, filters.enrich_contacts(dataset), filters.FilterState())


def _one(build: Callable) -> Callable:
    """A builder of one chart, as one of a list of charts."""
    return lambda frame, lang: [build(frame, lang)]


def _builders(dataset, view: filters.FilteredView) -> dict[str, tuple[Callable, object]]:
    """Each builder with the frame the pages give it, keyed by its title's catalogue key; every builder gives a
    list of charts here (the overview's national comparison draws one per panel, the first titled)."""
    contacts, partners = view.contacts, view.partners
    return {
        "charts.per_year_by_sphere.title": (
            _one(charts.per_year_by_sphere),
            metrics.contacts_per_year_by_sphere(contacts),
        ),
        "charts.by_country.title": (_one(charts.by_country_chart), metrics.by_country(contacts, partners)),
        "charts.sphere_totals.title": (_one(charts.sphere_totals_chart), metrics.sphere_totals(contacts)),
        "charts.sphere_year.title": (_one(charts.sphere_year_heatmap), metrics.sphere_by_year(contacts)),
        "charts.country_sphere.title": (_one(charts.country_sphere_heatmap), metrics.country_by_sphere(contacts)),
        "charts.setting_by_year.title": (_one(charts.setting_by_year_chart), metrics.setting_by_year(contacts)),
        "charts.timeline.title": (_one(charts.timeline_chart), contacts),
        "charts.top_partners.title": (_one(overview.top_partners), metrics.top_partners(contacts, partners)),
        "charts.national.title": (overview.national_comparison, metrics.national_comparison(dataset)),
    }


def layer_encoding(chart: dict, mark: str) -> dict:
    """The chart's encoding merged with that of its first layer of `mark`."""
    layer = next(layer for layer in chart.get("layer", [chart]) if layer["mark"]["type"] == mark)
    return {**chart.get("encoding", {}), **layer.get("encoding", {})}


def _scaled(contacts, times: int):
    import pandas as pd

    big = pd.concat([contacts] * times, ignore_index=True)
    big["contact_id"] = big["contact_id"] + "-" + (big.index // len(contacts)).astype(str)
    return big


@pytest.mark.parametrize("lang", LANGS)
def test_every_builder_gives_a_titled_chart_in_each_language(dataset, view, lang: str) -> None:
    for key, (build, frame) in _builders(dataset, view).items():
        built = build(frame, lang)
        assert title(built[0]) == CATALOGUE[key][lang]
        for chart in built:
            assert 60 <= chart["height"] <= 1400
            assert rows(chart) and "note" not in rows(chart)[0]  # drawn, not the "no data" figure
            assert chart["config"]["locale"] == vega.locale(lang)
            json.dumps(chart, allow_nan=False)  # strict JSON, as the browser parses it


def test_no_catalogue_key_shows_through(dataset, view) -> None:
    """A missing key would show itself ("charts.…") in a title, legend, axis or tooltip."""
    for lang in LANGS:
        for build, frame in _builders(dataset, view).values():
            text = json.dumps(build(frame, lang), ensure_ascii=False)
            assert "charts." not in text and "national." not in text and "common." not in text


def test_separators_follow_the_language() -> None:
    assert charts.SEPARATORS["ru"][0] == "," and charts.SEPARATORS["en"] == ".,"


def test_year_axes_show_whole_years(view) -> None:
    for chart in (
        charts.setting_by_year_chart(metrics.setting_by_year(view.contacts), "ru"),
        charts.sphere_year_heatmap(metrics.sphere_by_year(view.contacts), "ru"),
    ):
        x = layer_encoding(chart, "bar" if "mark" in chart else "rect")["x"]
        years = sorted({row["year" if "mark" in chart else "x"] for row in rows(chart)})
        assert x["type"] == "ordinal" and all(year.isdigit() for year in years)  # "2020", never "2 020"
        assert x["title"] == t("common.year", "ru")


def test_sphere_colours_are_the_same_in_every_chart(view) -> None:
    per_year = charts.per_year_by_sphere(metrics.contacts_per_year_by_sphere(view.contacts), "en")
    scale = per_year["encoding"]["color"]["scale"]
    stacked = dict(zip(scale["domain"], scale["range"], strict=True))
    totals = charts.sphere_totals_chart(metrics.sphere_totals(view.contacts), "en")
    bars = {row["sphere"]: row["color"] for row in rows(totals)}
    timeline = charts.timeline_chart(view.contacts, "en")
    key = timeline["layer"][-1]["encoding"]["color"]["scale"]
    legend = dict(zip(key["domain"], key["range"], strict=True))
    for sphere in SPHERES:
        name = label("sphere", sphere, "en")
        for colours in (stacked, bars, legend):
            if name in colours:
                assert colours[name] == SPHERE_COLORS[sphere]
    assert set(stacked) <= set(bars)


def test_setting_chart_uses_setting_colours(view) -> None:
    chart = charts.setting_by_year_chart(metrics.setting_by_year(view.contacts), "ru")
    scale = chart["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        label("setting", s, "ru"): SETTING_COLORS[s] for s in view.contacts["setting"].unique()
    }
    assert chart["encoding"]["y"]["stack"] == "zero"


def test_charts_by_sphere_say_a_contact_counts_in_each_sphere(view) -> None:
    note = t("charts.multi_sphere_note", "en")
    for chart in (
        charts.per_year_by_sphere(metrics.contacts_per_year_by_sphere(view.contacts), "en"),
        charts.sphere_totals_chart(metrics.sphere_totals(view.contacts), "en"),
        charts.sphere_year_heatmap(metrics.sphere_by_year(view.contacts), "en"),
        charts.country_sphere_heatmap(metrics.country_by_sphere(view.contacts), "en"),
    ):
        assert note in subtitle(chart)


def test_timeline_tooltip_carries_markup_from_the_data_as_text(view) -> None:
    """Vega's tooltip writes values as text (it escapes them itself; the browser test hovers the payloads), so
    the spec carries the entry as written: escaped here, a guest would read "&lt;script&gt;"."""
    contacts = view.contacts.copy()
    contacts.loc[contacts.index[0], "text_ru"] = "<script>alert(1)</script> визит"
    contacts.loc[contacts.index[1], "text_ru"] = '<img src=x onerror="alert(2)"> делегация'
    contacts.loc[contacts.index[2], "date_text"] = "<b onmouseover=alert(3)>2019</b>"
    chart = charts.timeline_chart(contacts, "ru")
    hover = " ".join(str(value) for row in rows(chart) for value in row.values())
    assert "<script>alert(1)</script> визит" in hover and "&lt;" not in hover
    assert '<img src=x onerror="alert(2)"> делегация' in hover
    assert {"field": "entry", "title": t("common.entry", "ru")} in chart["layer"][-1]["encoding"]["tooltip"]
    assert not any(key in json.dumps(chart) for key in ('"html"', "labelExpr", "innerHTML"))


def test_timeline_hover_shows_the_date_as_written_and_a_short_entry(view) -> None:
    contacts = view.contacts.copy()
    contacts.loc[contacts.index[0], "text_ru"] = "слово " * 200
    drawn = rows(charts.timeline_chart(contacts, "ru"))
    assert {row["date"] for row in drawn} >= {"2002-2018 гг.", "13-18 июня 2006 года"}
    entries = [row["entry"] for row in drawn]
    assert max(len(entry) for entry in entries) <= charts.ENTRY_HOVER_CHARS
    assert "слово слово" in " ".join(entries) and any(entry.endswith("слово…") for entry in entries)
    assert all("\n" not in entry and "  " not in entry for entry in entries)  # one line for the tooltip


def test_timeline_draws_periods_as_bars_and_dates_as_markers(view) -> None:
    chart = charts.timeline_chart(view.contacts, "en")
    bars, markers = chart["layer"]
    assert bars["mark"]["type"] == "bar" and bars["transform"] == [{"filter": "datum.end != null"}]
    assert markers["mark"]["type"] == "point" and markers["transform"] == [{"filter": "datum.end == null"}]
    bar_dates = {row["date"] for row in rows(chart) if row["end"] is not None}
    marker_dates = {row["date"] for row in rows(chart) if row["end"] is None}
    assert all(row["end"] > row["start"] for row in rows(chart) if row["end"] is not None)
    assert {"2002-2018 гг.", "В апреле-мае 2025 года", "С мая по июнь 2024 года"} <= bar_dates
    assert {"13-18 июня 2006 года", "В мае 2019 года"} <= marker_dates
    assert not bar_dates & {"13-18 июня 2006 года", "В мае 2019 года"}
    order = chart["encoding"]["y"]["scale"]["domain"]
    assert order[0] == "Hangzhou"  # first contact 2002
    for channel in ("color", "shape"):
        legend_names = markers["encoding"][channel]["scale"]["domain"]
        assert len(legend_names) == len(set(legend_names))


def test_timeline_stays_small_at_7000_contacts(view) -> None:
    big = _scaled(view.contacts, 100)
    chart = charts.timeline_chart(big, "en")
    assert len(big) >= 7000
    assert len(chart["layer"]) == 1
    assert len(rows(chart)) <= charts.TIMELINE_MAX_POINTS
    assert subtitle(chart) == t("charts.timeline.aggregated_month", "en", limit="3,000")
    assert sum(row["contacts"] for row in rows(chart)) == len(big)


@pytest.mark.parametrize("lang", LANGS)
def test_empty_frames_give_a_no_data_figure(dataset, view, lang: str) -> None:
    for key, (build, frame) in _builders(dataset, view).items():
        built = build(frame.iloc[0:0], lang)
        assert title(built[0]) == CATALOGUE[key][lang]
        assert [rows(chart) for chart in built] == [[{"note": t("charts.no_data", lang)}]]


def _sphere_groups(chart: dict) -> set[str]:
    """The spheres whose colour the timeline's contacts are drawn in."""
    return {row["sphere"] for row in rows(chart)}


def test_timeline_colours_contacts_by_the_chosen_sphere_under_a_sphere_filter(dataset, view) -> None:
    state = filters.FilterState(spheres=("culture",))
    culture = filters.apply(dataset, filters.enrich_contacts(dataset), state).contacts
    assert not culture["spheres"].str.startswith("culture").all()  # some name another sphere first
    assert _sphere_groups(charts.timeline_chart(culture, "en")) > {label("sphere", "culture", "en")}
    chosen = charts.timeline_chart(culture, "en", state.spheres)
    assert _sphere_groups(chosen) == {label("sphere", "culture", "en")}
    assert subtitle(chosen) == t("charts.timeline.note_chosen", "en")


def test_timeline_draws_only_the_most_contacted_partners_when_rows_would_not_fit(view) -> None:
    import pandas as pd

    template = view.contacts.iloc[[0]]
    partners = charts.TIMELINE_MAX_PARTNERS + 10
    rows = []
    for number in range(partners):  # partner number n has n + 1 contacts
        block = pd.concat([template] * (number + 1), ignore_index=True)
        block["city_id"], block["name_en"] = f"p{number}", f"P{number}"
        block["contact_id"] = [f"c{number}-{i}" for i in range(number + 1)]
        rows.append(block)
    chart = charts.timeline_chart(pd.concat(rows, ignore_index=True), "en")
    assert set(chart["encoding"]["y"]["scale"]["domain"]) == {f"P{n}" for n in range(10, partners)}
    assert t("charts.timeline.top_partners", "en", shown=charts.TIMELINE_MAX_PARTNERS, total=str(partners)) in subtitle(
        chart
    )
    assert chart["height"] <= 1400


def test_bars_with_numbers_beside_them_leave_room_for_the_longest_number(view) -> None:
    for chart, field in (
        (charts.sphere_totals_chart(metrics.sphere_totals(view.contacts), "en"), "contacts"),
        (charts.by_country_chart(metrics.by_country(view.contacts, view.partners), "en"), "value"),
    ):
        longest = max(row[field] for row in rows(chart))
        assert chart["encoding"]["x"]["scale"]["domain"][1] >= longest * 1.1, title(chart)
        assert {"mark": {"type": "text", "align": "left", "dx": 3, "color": vega.TEXT_COLOR}} == {
            "mark": chart["layer"][-1]["mark"]
        }, "each bar's number is written beside it"


def test_country_charts_keep_the_busiest_countries_and_say_how_many_there_are(hundredfold) -> None:
    big = load_dataset(hundredfold)
    view = filters.apply(big, filters.enrich_contacts(big), filters.FilterState())
    by_country = metrics.by_country(view.contacts, view.partners)
    matrix = metrics.country_by_sphere(view.contacts)
    assert len(by_country) > charts.MAX_COUNTRIES and len(matrix) > charts.MAX_COUNTRIES
    busiest = list(by_country["country_en"].head(charts.MAX_COUNTRIES))
    bars = charts.by_country_chart(by_country, "en")
    assert bars["encoding"]["y"]["sort"] == busiest
    for measure in (t("charts.partners", "en"), t("common.contacts", "en")):
        assert [row["country"] for row in rows(bars) if row["measure"] == measure] == busiest
    assert t("charts.top_countries", "en", n=charts.MAX_COUNTRIES, total=f"{len(by_country):,}") in subtitle(bars)
    heat = charts.country_sphere_heatmap(matrix, "en")
    assert heat["encoding"]["y"]["sort"] == list(matrix.index.get_level_values("country_en")[: charts.MAX_COUNTRIES])
    assert t("charts.top_countries", "en", n=charts.MAX_COUNTRIES, total=f"{len(matrix):,}") in subtitle(heat)


def test_country_charts_draw_every_country_of_the_bundled_data(view) -> None:
    by_country = metrics.by_country(view.contacts, view.partners)
    matrix = metrics.country_by_sphere(view.contacts)
    bars = charts.by_country_chart(by_country, "ru")
    heat = charts.country_sphere_heatmap(matrix, "ru")
    assert len(bars["encoding"]["y"]["sort"]) == len(by_country) and len(heat["encoding"]["y"]["sort"]) == len(matrix)
    assert len(rows(heat)) == matrix.size
    assert not subtitle(bars)
    assert subtitle(heat) == t("charts.multi_sphere_note", "ru")


@pytest.mark.parametrize("lang", LANGS)
def test_health_and_forum_charts_print_numbers_the_language_s_way(dataset, lang: str) -> None:
    """The status chart's and the attendance grid's hovers use the shared number format ("2,5" in Russian),
    not the default "2.5"."""
    partners = filters.partner_cities(dataset)
    status = status_chart(health_of(dataset, partners, datetime.date(2026, 1, 15)), lang)
    eds = editions(dataset.events)
    grid = attendance_chart(attendance_matrix(filters.enrich_contacts(dataset), eds, partners), eds, lang)
    for fig in (status, grid):
        assert fig["config"]["locale"] == vega.locale(lang)
    assert vega.locale("ru")["number"]["decimal"] == ","
    assert charts.SEPARATORS["ru"].startswith(",")
