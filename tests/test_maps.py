"""The partner map works offline, sizes what it should, speaks the page's language and never runs data text."""

from __future__ import annotations

import itertools
import json
import re

import pandas as pd
import pytest
from streamlit.elements.deck_gl_json_chart import (
    PydeckSelectionSerde,
    _get_pydeck_tooltip,
)
from streamlit.testing.v1 import AppTest

from cooperation import maps, metrics
from cooperation.filters import enrich_contacts, partner_cities
from cooperation.i18n import label
from cooperation.loading import load_dataset
from cooperation.vocab import HOME_CITY_ID, RELATIONS

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def build_summary(dataset) -> pd.DataFrame:
    """The shape `metrics.partner_summary` produces, built here so these tests stand on their own."""
    partners = dataset.cities[dataset.cities["role"] == "partner"]
    contacts = dataset.contacts.sort_values("date_start")
    last = contacts.groupby("city_id").tail(1).set_index("city_id")
    counts = contacts.groupby("city_id").size()
    agreements = dataset.agreements.sort_values("year_signed")
    rows = []
    for city in partners.itertuples(index=False):
        signed = agreements[agreements["city_id"] == city.city_id]
        rows.append(
            {
                "city_id": city.city_id,
                "name_ru": city.name_ru,
                "name_en": city.name_en,
                "country_iso2": city.country_iso2,
                "country_ru": city.country_ru,
                "country_en": city.country_en,
                "lat": city.lat,
                "lon": city.lon,
                "contacts": int(counts.get(city.city_id, 0)),
                "last_contact": last["date_start"].get(city.city_id, pd.NaT),
                "last_precision": last["date_precision"].get(city.city_id),
                "agreements_label": "; ".join(
                    f"{label('doc_type', a.doc_type, 'ru')} {a.year_signed}" for a in signed.itertuples()
                ),
                "relation": min(signed["relation"], key=RELATIONS.index) if len(signed) else "intent",
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def summary(dataset) -> pd.DataFrame:
    return build_summary(dataset)


@pytest.fixture(scope="module")
def home(dataset) -> pd.Series:
    return dataset.cities.set_index("city_id", drop=False).loc[HOME_CITY_ID]


def spec(deck) -> dict:
    return json.loads(deck.to_json())


def layer(deck, layer_id: str) -> dict:
    return next(item for item in spec(deck)["layers"] if item["id"] == layer_id)


READABLE = {wire: name for name, wire in maps.WIRE_KEYS.items()}


def rows_of(deck, layer_id: str) -> list[dict]:
    """A layer's rows as sent, under the names `map_rows` gives them (the browser gets maps.WIRE_KEYS)."""
    return [{READABLE.get(key, key): value for key, value in row.items()} for row in layer(deck, layer_id)["data"]]


def test_map_takes_the_summary_metrics_makes(dataset, home):
    """The producer's own frame: per-language agreement lists and a categorical relation."""
    summary = metrics.partner_summary(enrich_contacts(dataset), partner_cities(dataset), dataset.agreements)
    deck = maps.partner_map(summary, home, "en")
    rows = {row["city_id"]: row for row in rows_of(deck, maps.PARTNERS_LAYER)}
    assert len(rows) == len(summary)
    assert rows["hangzhou"]["agreements"] == "Memorandum 2002; Agreement 2003"
    assert maps.map_rows(summary, "en").set_index("city_id").loc["hangzhou", "relation"] == "twinning"
    twinning = maps.hex_to_rgb(maps.RELATION_COLORS["twinning"], maps.MARKER_ALPHA)
    assert rows["hangzhou"]["color"] == twinning
    no_agreements = summary.assign(
        agreements_en="", relation=pd.Categorical([None] * len(summary), categories=list(RELATIONS))
    )
    row = maps.map_rows(no_agreements, "en").iloc[0]
    assert row["agreements"] == "No agreements in the data" and row["relation"] == ""


def test_deck_has_countries_arcs_partners_home_and_labels(summary, home):
    layers = {item["id"]: item["@@type"] for item in spec(maps.partner_map(summary, home, "ru"))["layers"]}
    assert layers[maps.COUNTRIES_LAYER] == "GeoJsonLayer"
    assert layers[maps.ARCS_LAYER] == "ArcLayer"
    assert layers[maps.PARTNERS_LAYER] == "ScatterplotLayer"
    assert layers[maps.HOME_LAYER] == "ScatterplotLayer"
    assert layers[maps.LABELS_LAYER] == "TextLayer"


def test_every_accessor_names_fields_of_its_rows(summary, home):
    """pydeck turns any bare string into an "@@=" expression: a unit like "pixels" left unquoted would be
    read as a missing field and silently fall back to metres."""
    for item in spec(maps.partner_map(summary, home, "ru"))["layers"]:
        data = item["data"]
        rows = data["features"] if isinstance(data, dict) else data if isinstance(data, list) else []
        for prop, value in item.items():
            if isinstance(value, str) and value.startswith("@@="):
                assert rows, (item["id"], prop, value)
                for path in re.findall(r"[A-Za-z_][\w.]*", value[3:]):  # "properties.fill" on a GeoJSON feature
                    found = rows[0]
                    for part in path.split("."):
                        assert isinstance(found, dict) and part in found, (item["id"], prop, value)
                        found = found[part]


def test_map_needs_no_internet(summary, home):
    deck = maps.partner_map(summary, home, "en")
    text = deck.to_json()
    for remote in ("cartocdn", "mapbox", "http://", "https://", "googleapis"):
        assert remote not in text.lower()
    assert spec(deck).get("mapProvider") is None
    assert not str(spec(deck).get("mapStyle", "")).startswith("http")


def test_countries_are_background_only_and_partner_countries_tinted(summary, home):
    deck = maps.partner_map(summary, home, "ru")
    countries = layer(deck, maps.COUNTRIES_LAYER)
    assert countries["pickable"] is False and countries["getFillColor"] == "@@=properties.fill"
    codes = [feature["properties"]["iso_a2"] for feature in maps.load_countries()["features"]]
    fills = [feature["properties"]["fill"] for feature in countries["data"]["features"]]
    assert len(fills) == len(codes)
    tinted = {code for code, fill in zip(codes, fills) if fill == maps.PARTNER_LAND_RGB}
    assert tinted == set(summary["country_iso2"])
    assert all(fill == maps.LAND_RGB for code, fill in zip(codes, fills) if code not in tinted)
    # The tint looks as the grey at 60/255 over the land did when it was a layer of its own.
    assert maps.PARTNER_LAND_RGB == [
        round(n * 60 / 255 + f * 195 / 255) for n, f in zip(maps.hex_to_rgb(maps.NEUTRAL), maps.LAND_RGB)
    ]


def test_the_browser_gets_only_what_it_draws(summary, home):
    """Names stay in the process (the countries are not pickable); arcs carry their end and look only."""
    deck = maps.partner_map(summary, home, "en")
    assert all(
        set(feature["properties"]) == {"fill"} for feature in layer(deck, maps.COUNTRIES_LAYER)["data"]["features"]
    )
    assert all(set(row) == set(maps.ARC_FIELDS) for row in rows_of(deck, maps.ARCS_LAYER))
    assert all(set(row) == set(maps.PARTNER_FIELDS) for row in rows_of(deck, maps.PARTNERS_LAYER))
    assert "\\u" not in deck.to_json() and "Тегеран" in maps.partner_map(summary, home, "ru").to_json()


def test_one_arc_per_partner_with_coordinates(summary, home):
    deck = maps.partner_map(summary, home, "ru")
    assert len(rows_of(deck, maps.ARCS_LAYER)) == len(summary)
    assert len(rows_of(deck, maps.PARTNERS_LAYER)) == len(summary)
    assert layer(deck, maps.ARCS_LAYER)["getSourcePosition"] == [round(home["lon"], 3), round(home["lat"], 3)]


def test_arc_width_and_radius_grow_with_contacts(summary):
    rows = maps.map_rows(summary, "en").sort_values("contacts")
    assert rows["width"].is_monotonic_increasing
    assert rows["radius"].is_monotonic_increasing
    for column in ("width", "radius"):
        by_count = rows.groupby("contacts")[column].first()
        assert by_count.is_unique, f"different contact counts must give different {column}s"
    assert rows["radius"].min() >= maps.MIN_RADIUS > 0


def test_no_contacts_anywhere_does_not_divide_by_zero(summary, home):
    rows = maps.map_rows(summary.assign(contacts=0, last_contact=pd.NaT), "en")
    assert (rows["radius"] == maps.MIN_RADIUS).all() and (rows["width"] == maps.MIN_WIDTH).all()
    assert (rows["last_label"] == "—").all()


def test_colours_follow_relation(summary):
    rows = maps.map_rows(summary, "en")
    twinning = rows[rows["relation"] == "twinning"]["color"].iloc[0]
    intent = rows[rows["relation"] == "intent"]["color"].iloc[0]
    assert twinning != intent


def test_tooltip_text_in_the_language(summary, home):
    ru = maps.map_rows(summary, "ru").set_index("city_id")
    en = maps.map_rows(summary, "en").set_index("city_id")
    assert ru.loc["tehran", "name"] == "Тегеран" and en.loc["tehran", "name"] == "Tehran"
    assert (ru.loc["tehran", "country"], en.loc["tehran", "country"]) == ("Иран", "Iran")
    assert ru.loc["harbin", "contacts_label"] == en.loc["harbin", "contacts_label"] == "15"
    assert "Контактов: {k}" in maps.tooltip_template("ru") and "Contacts: {k}" in maps.tooltip_template("en")
    assert "Последний контакт: {d}" in maps.tooltip_template("ru")
    assert "Last contact: {d}" in maps.tooltip_template("en")
    assert en.loc["urbino", "last_label"] == "—"
    home_ru = rows_of(maps.partner_map(summary, home, "ru"), maps.HOME_LAYER)[0]
    home_en = rows_of(maps.partner_map(summary, home, "en"), maps.HOME_LAYER)[0]
    assert (home_ru["name"], home_ru["agreements"]) == ("Казань", "Родной город")
    assert (home_en["name"], home_en["agreements"]) == ("Kazan", "Home city")
    # The home city's contacts are all the partners' contacts, its last contact the latest of theirs.
    assert home_en["contacts_label"] == maps.format_int(int(summary["contacts"].sum()), "en")
    latest = summary.dropna(subset=["last_contact"]).sort_values("last_contact").iloc[-1]
    assert home_en["last_label"] == maps.format_date(latest["last_contact"], "en", latest["last_precision"])


def test_every_pickable_layer_has_every_tooltip_field(summary, home):
    """A field missing from a layer's rows would show as a raw "{field}" in its tooltip."""
    deck = maps.partner_map(summary, home, "en")
    fields = set(re.findall(r"{(\w+)}", maps.tooltip_template("en")))
    assert fields == {maps.WIRE_KEYS[field] for field in maps.TOOLTIP_FIELDS}
    for item in spec(deck)["layers"]:
        if item.get("pickable"):
            assert all(fields <= set(row) for row in item["data"]), item["id"]


def test_labels_in_the_language(summary, home):
    names = {row["name"] for row in layer(maps.partner_map(summary, home, "en"), maps.LABELS_LAYER)["data"]}
    assert names == set(summary["name_en"]) | {"Kazan"}


def test_labels_of_the_chinese_cluster_do_not_overlap(summary, home):
    deck = maps.partner_map(summary, home, "ru")
    zoom = spec(deck)["initialViewState"]["zoom"]
    boxes = []
    for row in layer(deck, maps.LABELS_LAYER)["data"]:
        x, y = maps._pixel(row["lat"], row["lon"], zoom)
        width = len(row["name"]) * maps.LABEL_SIZE * maps.GLYPH_WIDTH + 4
        boxes.append(
            maps._label_box(x, y, row["anchor"], row["baseline"], tuple(row["offset"]), width, maps.LABEL_SIZE * 1.25)
        )
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if maps._overlap(a, b) > 0]
    assert not overlaps


def test_view_fits_all_points(summary, home):
    view = spec(maps.partner_map(summary, home, "en", height=520))["initialViewState"]
    assert maps.MIN_ZOOM <= view["zoom"] <= maps.MAX_ZOOM
    cx, cy = maps._pixel(view["latitude"], view["longitude"], view["zoom"])
    for lat, lon in [*zip(summary["lat"], summary["lon"]), (home["lat"], home["lon"])]:
        x, y = maps._pixel(lat, lon, view["zoom"])
        assert abs(x - cx) <= maps.ASSUMED_WIDTH / 2 and abs(y - cy) <= 520 / 2, (lat, lon)


def test_view_of_the_whole_globe_stays_at_world_zoom():
    view = maps.fit_view([70.0, -50.0], [-170.0, 175.0], height=400)
    assert view.zoom == maps.MIN_ZOOM


def test_partners_without_coordinates_are_skipped_and_named(summary, home):
    broken = summary.copy()
    broken.loc[broken["city_id"] == "urbino", ["lat", "lon"]] = None
    deck = maps.partner_map(broken, home, "en")
    assert len(rows_of(deck, maps.ARCS_LAYER)) == len(summary) - 1
    assert "urbino" not in {row["city_id"] for row in rows_of(deck, maps.PARTNERS_LAYER)}
    assert maps.unplaced_note(broken, "en").startswith("Not placed yet (no coordinates): Urbino. ")
    assert maps.unplaced_note(summary, "en") is None
    assert "(9)" in maps.alt_text(broken, home, "en")


def test_no_partner_placed_still_builds_a_map(summary, home):
    nowhere = summary.assign(lat=float("nan"), lon=float("nan"))
    deck = maps.partner_map(nowhere, home, "ru")
    assert rows_of(deck, maps.ARCS_LAYER) == []
    empty = maps.partner_map(summary.iloc[0:0], home, "ru")
    assert rows_of(empty, maps.PARTNERS_LAYER) == []


def test_selected_partner_is_ringed_and_other_arcs_dimmed(summary, home):
    deck = maps.partner_map(summary, home, "en", selected="harbin")
    partner_rows = rows_of(deck, maps.PARTNERS_LAYER)
    partners = {row["city_id"]: row for row in partner_rows}
    arcs = {row["city_id"]: arc for row, arc in zip(partner_rows, rows_of(deck, maps.ARCS_LAYER))}
    ring = layer(deck, maps.SELECTED_LAYER)
    assert [row["city_id"] for row in rows_of(deck, maps.SELECTED_LAYER)] == ["harbin"]
    assert ring["stroked"] and not ring["filled"]
    assert ring["data"][0]["radius"] == partners["harbin"]["radius"]
    assert maps.SELECTED_LAYER not in {item["id"] for item in spec(maps.partner_map(summary, home, "en"))["layers"]}
    assert arcs["harbin"]["arc_color"][3] > arcs["tehran"]["arc_color"][3]


def streamlit_event(selection: dict) -> object:
    """The object `st.pydeck_chart(..., on_select="rerun")` returns, made by Streamlit's own deserializer."""
    return PydeckSelectionSerde().deserialize(json.dumps({"selection": selection}))


def test_selected_city_reads_a_click_on_a_partner(summary, home):
    row = layer(maps.partner_map(summary, home, "en"), maps.PARTNERS_LAYER)["data"][2]  # as the browser has it
    clicked = streamlit_event({"indices": {maps.PARTNERS_LAYER: [2]}, "objects": {maps.PARTNERS_LAYER: [row]}})
    assert maps.selected_city(clicked) == maps.map_rows(summary, "en")["city_id"].iloc[2]


@pytest.mark.parametrize(
    "event",
    [
        None,
        "",
        "partners",
        42,
        [],
        {},
        {"selection": None},
        {"selection": {}},
        {"selection": {"indices": {}, "objects": {}}},
        {"selection": {"objects": {"partners": []}}},
        {"selection": {"objects": {"partners": ["harbin"]}}},
        {"selection": {"objects": {"partners": [{"name": "Harbin"}]}}},
        {"selection": {"objects": {"partners": [{"city_id": 7}]}}},
        {"selection": {"objects": {"partners": "harbin"}}},
        {"selection": {"objects": {"home": [{"city_id": "kazan"}]}}},
    ],
)
def test_selected_city_is_none_for_no_or_garbled_selection(event):
    assert maps.selected_city(event) is None


def test_empty_streamlit_state_selects_nothing():
    assert maps.selected_city(PydeckSelectionSerde().deserialize(None)) is None


def test_data_text_never_enters_the_tooltip_template(summary, home):
    hostile = summary.copy()
    hostile.loc[0, ["name_ru", "name_en"]] = XSS
    hostile.loc[1, "agreements_label"] = XSS
    deck = maps.partner_map(hostile, home, "en")
    tooltip = _get_pydeck_tooltip(deck)  # what Streamlit sends beside the spec
    assert tooltip["html"] == maps.tooltip_template("en")
    assert XSS not in json.dumps(tooltip) and "onerror" not in json.dumps(tooltip)
    partners = rows_of(deck, maps.PARTNERS_LAYER)
    assert partners[0]["name"] == XSS and partners[1]["agreements"] == XSS
    assert XSS in {row["name"] for row in layer(deck, maps.LABELS_LAYER)["data"]}


def test_converter_expressions_in_data_are_made_inert(summary, home):
    hostile = summary.copy()
    hostile.loc[0, "name_en"] = "@@=constructor"
    row = rows_of(maps.partner_map(hostile, home, "en"), maps.PARTNERS_LAYER)[0]
    assert not row["name"].startswith("@@") and row["name"].endswith("@@=constructor")


def test_countries_are_read_once_rounded_and_both_resolutions_load():
    assert maps.load_countries() is maps.load_countries("110m")
    coarse, detailed = maps.load_countries("110m"), maps.load_countries("50m")
    assert len(detailed["features"]) > len(coarse["features"]) > 150
    ring = coarse["features"][0]["geometry"]["coordinates"][0][0]
    assert all(round(value, 2) == value for point in ring for value in point)
    assert {"iso_a2", "name_en", "name_ru"} == set(coarse["features"][0]["properties"])
    with pytest.raises(ValueError):
        maps.load_countries("10m")


@pytest.mark.parametrize("resolution", maps.RESOLUTIONS)
def test_no_border_jumps_across_the_antimeridian(resolution):
    """Fiji's and Chukotka's rings jump from +180° to -180°; drawn as is, they band the whole world."""
    for feature in maps.load_countries(resolution)["features"]:
        if feature["properties"]["iso_a2"] == "AQ":  # Antarctica really spans every longitude
            continue
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for ring in (ring for polygon in polygons for ring in polygon):
            assert all(abs(a[0] - b[0]) < 180 for a, b in itertools.pairwise(ring)), feature["properties"]["name_en"]


def test_default_map_stays_small_to_send(summary, home):
    size = len(maps.partner_map(summary, home, "ru").to_json().encode())
    assert size < 300_000, f"{size} bytes per rerun"


def test_streamlit_accepts_the_deck_as_a_selectable_chart():
    script = """
import streamlit as st
from cooperation import maps
from cooperation.loading import load_dataset
from tests.test_maps import build_summary
data = load_dataset()
home = data.cities.set_index("city_id", drop=False).loc["kazan"]
event = st.pydeck_chart(maps.partner_map(build_summary(data), home, "ru"), on_select="rerun",
                        selection_mode="single-object", key="partner_map", height=520)
st.write(repr(maps.selected_city(event)))
"""
    at = AppTest.from_string(script, default_timeout=30).run()
    assert not at.exception
    assert at.markdown[0].value == "None"


def test_the_colour_key_lists_the_relations_on_the_map_in_vocabulary_order(summary) -> None:
    from cooperation.palette import RELATION_COLORS

    key = maps.relation_key(summary, "en")
    present = [r for r in RELATIONS if r in set(summary["relation"])]
    assert len(present) >= 3
    assert key == [(label("relation", r, "en"), RELATION_COLORS[r]) for r in present]
    assert maps.relation_key(summary.iloc[0:0], "en") == []
