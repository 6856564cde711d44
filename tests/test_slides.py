"""Presentation mode: the slide list (cooperation/slides.py) and its big-screen figures
(cooperation/charts/big_screen.py), without Streamlit.
The page itself is tested in tests/views/test_present_page.py."""

from __future__ import annotations

import datetime
import json

import pandas as pd
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


def marks(chart: dict) -> list[dict]:
    """The chart's marks, each as a dict, layered or not."""
    found = [chart["mark"]] if "mark" in chart else [layer["mark"] for layer in chart.get("layer", [])]
    return [mark if isinstance(mark, dict) else {"type": mark} for mark in found]


def assert_large_type(chart: dict) -> None:
    config = chart["config"]
    assert config["legend"]["labelFontSize"] >= 22 and config["legend"]["titleFontSize"] >= 22
    assert config["legend"]["symbolSize"] >= 20 * 20
    assert chart["height"] >= 200
    assert config["axis"]["labelFontSize"] >= 22
    assert config["axis"]["titleFontSize"] >= 22
    assert config["axis"]["domainWidth"] >= 2
    assert config["text"]["fontSize"] >= 22
    for mark in marks(chart):
        assert mark.get("fontSize", config["text"]["fontSize"]) >= 22, mark
        if mark["type"] == "point":
            assert mark["size"] >= 20 * 20, mark  # px²: 20 px across


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slide", [s for s in slides.SLIDES if s.kind == "chart"], ids=lambda s: s.key)
def test_chart_slides_have_large_type_and_marks(dataset, contacts, slide: slides.Slide, lang: str) -> None:
    content = slides.build(slide, view_of(dataset, contacts), dataset, lang, TODAY)
    assert isinstance(content.figure, dict), content.empty
    assert content.empty is None
    assert_large_type(content.figure)
    assert content.figure["data"]["values"], "an empty chart"
    assert "note" not in content.figure["data"]["values"][0], "the no-data figure"
    assert "title" not in content.figure, "the slide heading is the title; the figure has none"
    json.loads(json.dumps(content.figure, allow_nan=False))  # strict JSON, as Streamlit sends it


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
    assert [row["row"] for row in status.figure["data"]["values"]] == [
        f"{t('health_status.never_activated', lang)} · 1"
    ]


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
    bars = fig["data"]["values"]
    text = [bar["names"] for bar in bars]
    assert [bar["partners"] for bar in bars] == [3, 30]
    assert text[0] == "Near 0, Near 1, Near 2", "most recent contact first"
    assert text[1].endswith(t("present.more", "en", n=30 - text[1].count(",")))
    assert len(text[1]) <= big_screen.MAX_NAME_CHARS + 20
    assert [bar["color"] for bar in bars] == [big_screen.STATUS_COLORS["active"], big_screen.STATUS_COLORS["dormant"]]


def test_health_and_forum_figures_keep_names_as_text() -> None:
    """Vega draws names as text (markup in a name is never read as HTML): the name goes in as written."""
    fig = big_screen.health_figure(health_frame(1, "active", XSS), "en")
    assert fig["data"]["values"][0]["names"] == f"{XSS} 0"
    assert {"mark": {"type": "text", "align": "left", "dx": 10}, "encoding": {"text": {"field": "names"}}} in fig[
        "layer"
    ]


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
    partners, editions = (fig["encoding"][axis]["scale"]["domain"] for axis in ("x", "y"))
    assert len(partners) == big_screen.MAX_FORUM_PARTNERS
    assert len(editions) == big_screen.MAX_EDITIONS
    latest = 2000 + big_screen.MAX_EDITIONS + 2
    assert editions[-1] == f"{t('present.forum.rostki', 'en')} {latest}"
    assert notes == (
        t("present.top_forum_partners", "en", n=big_screen.MAX_FORUM_PARTNERS, total=big_screen.MAX_FORUM_PARTNERS + 5),
        t("present.top_editions", "en", n=big_screen.MAX_EDITIONS, total=big_screen.MAX_EDITIONS + 3),
    )
    names = set(fig["encoding"]["shape"]["scale"]["domain"])
    assert names == {t("attendance.in_person", "en"), t("attendance.online", "en")}
    assert names == {cell["mark"] for cell in fig["data"]["values"]}


def test_forum_grid_escapes_names_and_keeps_unknown_series_names() -> None:
    matrix, eds = forum_inputs(2, 1, XSS)
    eds["series"] = "some_new_series"
    fig, _ = big_screen.attendance_figure(matrix, eds, "ru")
    assert fig["encoding"]["x"]["scale"]["domain"] == [f"{XSS} 0", f"{XSS} 1"]  # drawn as text by Vega
    assert fig["encoding"]["y"]["scale"]["domain"] == ["Форум 0"]


def test_edition_labels_are_short_for_known_series(dataset) -> None:
    labels = big_screen.edition_labels(forums.editions(dataset.events), "en")
    assert labels.str.len().max() <= 40, labels.tolist()
    assert labels.is_unique


def test_country_slide_keeps_the_busiest_countries(dataset, contacts, monkeypatch) -> None:
    monkeypatch.setattr(slides, "MAX_COUNTRIES", 2)
    content = slides.build(slides.SLIDES[2], view_of(dataset, contacts), dataset, "en", TODAY)
    assert content.figure["encoding"]["y"]["sort"] == ["China", "Iran"]
    assert content.notes == (
        t(
            "present.top_countries",
            "en",
            n=2,
            total=dataset.cities.query("role == 'partner'")["country_iso2"].nunique(),
        ),
    )
