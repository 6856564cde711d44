"""Presentation mode: the slide list (cooperation/slides.py) and its big-screen figures
(cooperation/charts/big_screen.py), without Streamlit.
The page itself is tested in tests/views/test_present_page.py."""

from __future__ import annotations

import datetime
import json

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import pytest

from cooperation import filters, forums, maps, slides
from cooperation.charts import big_screen
from cooperation.i18n import CATALOGUE, LANGS, t
from cooperation.loading import default_data_dir, load_dataset
from cooperation.paths import ROOT

PAGE = ROOT / "pages" / "present.py"
TIMEOUT = 30
TODAY = datetime.date(2025, 11, 1)
N = len(slides.SLIDES)
PARAM_SETS = {"none": {}, "china": {"country": "CN"}, "nothing": {"partner": "urbino"}}
XSS = '<img src=x onerror="window.__xss=1">'


# --- the slide list ----------------------------------------------------------------------------------------


def test_slides_in_the_issue_order() -> None:
    assert [s.key for s in slides.SLIDES] == ["map", "per_year", "by_country", "health", "forums"]
    assert [s.kind for s in slides.SLIDES] == ["map", "chart", "chart", "chart", "chart"]


@pytest.mark.parametrize("lang", LANGS)
def test_slide_titles_are_translated(lang: str) -> None:
    for slide in slides.SLIDES:
        assert slide.title_key in CATALOGUE, slide.title_key
    other = next(x for x in LANGS if x != lang)
    assert slides.titles(lang) != slides.titles(other)
    assert len(set(slides.titles(lang))) == N


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1", 1),
        ("3", 3),
        (str(N), N),
        ("99", N),
        ("0", 1),
        ("-2", 1),
        ("abc", 1),
        ("", 1),
        (None, 1),
        ("2.5", 1),
        (" 4 ", 4),
        (3, 3),
    ],
)
def test_slide_number_is_always_valid(raw: object, expected: int) -> None:
    assert slides.slide_number(raw) == expected


def test_steps_stop_at_the_ends_and_the_timer_loops() -> None:
    assert slides.step(1, -1) == 1 and slides.step(1, 1) == 2
    assert slides.step(N, 1) == N and slides.step(N, -1) == N - 1
    assert [slides.next_in_loop(n) for n in range(1, N + 1)] == [*range(2, N + 1), 1]
    assert slides.counter(3) == f"3 / {N}"


# --- the figures -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(default_data_dir())


@pytest.fixture(scope="module")
def contacts(dataset):
    return filters.enrich_contacts(dataset)


def view_of(dataset, contacts, state: filters.FilterState | None = None) -> filters.FilteredView:
    return filters.apply(dataset, contacts, state or filters.FilterState())


def assert_large_type(fig: go.Figure) -> None:
    layout = fig.layout
    assert layout.font.size >= 22
    assert layout.title.font.size >= 36
    assert layout.legend.font.size >= 22
    assert layout.height >= 300
    for axis in (layout.xaxis, layout.yaxis):
        assert axis.tickfont.size >= 22
        assert axis.title.font.size >= 22
        assert axis.linewidth >= 2
    for trace in fig.data:
        if trace.type == "bar":
            assert trace.textfont.size >= 22
        if trace.type == "scatter" and trace.marker.size is not None:
            sizes = [trace.marker.size] if isinstance(trace.marker.size, (int, float)) else trace.marker.size
            assert min(sizes) >= 20, trace.name
    for annotation in layout.annotations:
        assert annotation.font.size >= 20


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slide", [s for s in slides.SLIDES if s.kind == "chart"], ids=lambda s: s.key)
def test_chart_slides_have_large_type_and_marks(dataset, contacts, slide: slides.Slide, lang: str) -> None:
    content = slides.build(slide, view_of(dataset, contacts), dataset, lang, TODAY)
    assert isinstance(content.figure, go.Figure), content.empty
    assert content.empty is None
    assert_large_type(content.figure)
    assert content.figure.data, "an empty chart"
    assert not content.figure.layout.title.text, "the slide heading is the title; the figure has none"
    json.loads(content.figure.to_json())  # serialisable as Streamlit sends it


@pytest.mark.parametrize("lang", LANGS)
def test_map_slide_is_offline_with_large_labels(dataset, contacts, lang: str) -> None:
    content = slides.build(slides.SLIDES[0], view_of(dataset, contacts), dataset, lang, TODAY)
    deck = content.figure
    assert isinstance(deck, pdk.Deck)
    assert deck.map_provider is None
    assert deck.map_style  # NOTES.md: a falsy map_style makes Streamlit fetch CARTO tiles
    spec = deck.to_json()
    assert "http" not in spec
    layers = {layer.id: layer for layer in deck.layers}
    assert maps.COUNTRIES_LAYER in layers
    assert len(layers[maps.COUNTRIES_LAYER].data["features"]) == len(maps.load_countries("110m")["features"])
    labels = layers[maps.LABELS_LAYER]
    assert labels.get_size >= 22
    names = {row["name"] for row in labels.data}
    home = dataset.cities.set_index("city_id").loc["kazan", f"name_{lang}"]
    assert home in names
    radii = [row["radius"] for row in layers[maps.PARTNERS_LAYER].data]
    assert min(radii) >= maps.MIN_RADIUS * slides.MAP_MARKER_SCALE - 0.1
    assert content.legend[0][1] == home
    assert t("present.map_note", lang) in content.notes


def test_map_labels_are_capped(dataset, contacts) -> None:
    summary = pd.concat(
        [
            pd.DataFrame(
                {
                    "city_id": [f"c{i}"],
                    "name_ru": [f"Город {i}"],
                    "name_en": [f"City {i}"],
                    "country_iso2": ["CN"],
                    "country_ru": ["Китай"],
                    "country_en": ["China"],
                    "lat": [20 + i % 20],
                    "lon": [90 + i],
                    "contacts": [i],
                    "last_contact": [pd.NaT],
                    "last_precision": [""],
                    "agreements_ru": [""],
                    "agreements_en": [""],
                    "relation": [None],
                }
            )
            for i in range(40)
        ],
        ignore_index=True,
    )
    home = dataset.cities.set_index("city_id").loc["kazan"]
    deck = slides.map_deck(summary, home, "en")
    labels = next(layer for layer in deck.layers if layer.id == maps.LABELS_LAYER)
    assert len(labels.data) == 1 + slides.MAX_MAP_LABELS
    assert labels.data[1]["name"] == "City 39", "the most contacted partners keep their labels"


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_matching_gives_a_message_not_an_empty_chart(dataset, contacts, lang: str) -> None:
    view = view_of(dataset, contacts, filters.FilterState(partners=("urbino",)))
    assert view.contacts.empty
    for slide in slides.SLIDES[1:]:
        if slide.key == "health":
            continue
        content = slides.build(slide, view, dataset, lang, TODAY)
        assert content.figure is None and content.empty == t("common.empty", lang), slide.key
    # The map still shows the partner the filter selects, and the status slide its status (from all contacts).
    assert isinstance(slides.build(slides.SLIDES[0], view, dataset, lang, TODAY).figure, pdk.Deck)
    status = slides.build(slides.SLIDES[3], view, dataset, lang, TODAY)
    assert list(status.figure.data[0].y) == [f"{t('health_status.never_activated', lang)} · 1"]


def test_no_partner_at_all_gives_a_message_on_the_map(dataset, contacts) -> None:
    view = view_of(dataset, contacts)
    empty = filters.FilteredView(
        contacts=view.contacts.iloc[:0], partners=view.partners.iloc[:0], agreements=view.agreements.iloc[:0]
    )
    content = slides.build(slides.SLIDES[0], empty, dataset, "en", TODAY)
    assert content.figure is None and content.empty == t("common.empty", "en")


def health_frame(n: int, status: str = "active", name: str = "City") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": [f"c{i}" for i in range(n)],
            "name_ru": [f"{name} {i}" for i in range(n)],
            "name_en": [f"{name} {i}" for i in range(n)],
            "country_ru": ["X"] * n,
            "country_en": ["X"] * n,
            "status": [status] * n,
            "years_since_last": [float(i) for i in range(n)],
        }
    )


def test_health_bars_name_the_partners_and_cut_long_lists() -> None:
    frame = pd.concat([health_frame(3, "active", "Near"), health_frame(30, "dormant", "Far")], ignore_index=True)
    fig = big_screen.health_figure(frame, "en")
    assert_large_type(fig)
    bar = fig.data[0]
    assert list(bar.x) == [3, 30]
    assert bar.text[0] == "Near 0, Near 1, Near 2", "most recent contact first"
    assert bar.text[1].endswith(t("present.more", "en", n=30 - bar.text[1].count(",")))
    assert len(bar.text[1]) <= big_screen.MAX_NAME_CHARS + 20
    assert list(bar.marker.color) == [big_screen.STATUS_COLORS["active"], big_screen.STATUS_COLORS["dormant"]]


def test_health_and_forum_figures_escape_names() -> None:
    fig = big_screen.health_figure(health_frame(1, "active", XSS), "en")
    assert "<img" not in fig.data[0].text[0] and "&lt;img" in fig.data[0].text[0]


def forum_inputs(partners: int, editions: int, name: str = "City") -> tuple[pd.DataFrame, pd.DataFrame]:
    eds = pd.DataFrame(
        {
            "event_id": [f"rostki-{2000 + e}" for e in range(editions)],
            "series": ["rostki"] * editions,
            "edition": [str(2000 + e) for e in range(editions)],
            "name_ru": [f"Форум {e}" for e in range(editions)],
            "name_en": [f"Forum {e}" for e in range(editions)],
            "date_start": pd.to_datetime([f"{2000 + e}-09-01" for e in range(editions)]),
        }
    )
    matrix = pd.DataFrame(
        {
            "city_id": [f"c{i}" for i in range(partners)],
            "name_ru": [f"{name} {i}" for i in range(partners)],
            "name_en": [f"{name} {i}" for i in range(partners)],
        }
    )
    for e, event in enumerate(eds["event_id"]):
        matrix[event] = ["in_person" if (i + e) % 2 == 0 else "online" for i in range(partners)]
    matrix["editions_attended"] = editions
    return matrix, eds


def test_forum_grid_caps_partners_and_editions_and_says_so() -> None:
    matrix, eds = forum_inputs(big_screen.MAX_FORUM_PARTNERS + 5, big_screen.MAX_EDITIONS + 3)
    fig, notes = big_screen.attendance_figure(matrix, eds, "en")
    assert_large_type(fig)
    assert len(fig.layout.xaxis.categoryarray) == big_screen.MAX_FORUM_PARTNERS
    assert len(fig.layout.yaxis.categoryarray) == big_screen.MAX_EDITIONS
    latest = 2000 + big_screen.MAX_EDITIONS + 2
    assert fig.layout.yaxis.categoryarray[-1] == f"{t('present.forum.rostki', 'en')} {latest}"
    assert notes == (
        t("present.top_forum_partners", "en", n=big_screen.MAX_FORUM_PARTNERS, total=big_screen.MAX_FORUM_PARTNERS + 5),
        t("present.top_editions", "en", n=big_screen.MAX_EDITIONS, total=big_screen.MAX_EDITIONS + 3),
    )
    names = {trace.name for trace in fig.data}
    assert names == {t("attendance.in_person", "en"), t("attendance.online", "en")}


def test_forum_grid_escapes_names_and_keeps_unknown_series_names() -> None:
    matrix, eds = forum_inputs(2, 1, XSS)
    eds["series"] = "some_new_series"
    fig, _ = big_screen.attendance_figure(matrix, eds, "ru")
    assert all("<img" not in name for name in fig.layout.xaxis.categoryarray)
    assert list(fig.layout.yaxis.categoryarray) == ["Форум 0"]


def test_edition_labels_are_short_for_known_series(dataset) -> None:
    labels = big_screen.edition_labels(forums.editions(dataset.events), "en")
    assert labels.str.len().max() <= 40, labels.tolist()
    assert labels.is_unique


def test_country_slide_keeps_the_busiest_countries(dataset, contacts, monkeypatch) -> None:
    monkeypatch.setattr(slides, "MAX_COUNTRIES", 2)
    content = slides.build(slides.SLIDES[2], view_of(dataset, contacts), dataset, "en", TODAY)
    assert list(content.figure.data[0].y) == ["China", "Iran"]
    assert content.notes == (
        t(
            "present.top_countries",
            "en",
            n=2,
            total=dataset.cities.query("role == 'partner'")["country_iso2"].nunique(),
        ),
    )
