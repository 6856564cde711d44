"""Presentation mode: the slides in their order, what each slide shows, and the map restyled for a hall screen.

The charts of the slides are built in `cooperation.charts.big_screen` (the dashboard's Vega-Lite charts in
large type); the map, a pydeck deck, is restyled here. A forum hall reads the screen from ten metres away.

Pure (no Streamlit calls): `pages/present.py` lays a slide out; tests read the figures' JSON.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import pydeck as pdk

from cooperation import charts, forums, health, maps, metrics
from cooperation.charts.big_screen import (
    SLIDE_HEIGHT,
    attendance_figure,
    by_country_figure,
    health_figure,
    per_year_figure,
)
from cooperation.filters import FilteredView
from cooperation.i18n import (
    label,
    normalise_lang,
    t,
)
from cooperation.loading import Dataset
from cooperation.palette import HOME_COLOR, NEUTRAL, RELATION_COLORS
from cooperation.vocab import (
    HOME_CITY_ID,
    RELATIONS,
)

# The map: labels and markers that read from the back; fitted to a wide screen (at least this wide).
MAP_LABEL_SIZE = 24
MAP_MARKER_SCALE = 1.8
MAP_ARC_SCALE = 1.5
MAP_FIT_WIDTH = 1000
MAP_TOOLTIP_FONT = "20px"

# What a slide can hold before it stops being readable: the rest is named in a note under the title.
MAX_MAP_LABELS = 15
MAX_COUNTRIES = 12


@dataclass(frozen=True)
class Slide:
    """One slide: a stable key (tests, widget keys), its title in the catalogue, a map or a Vega-Lite chart."""

    key: str
    title_key: str
    kind: str  # "map" (pydeck) or "chart" (Vega-Lite)


SLIDES: tuple[Slide, ...] = (
    Slide("map", "present.slide.map", "map"),
    Slide("per_year", "present.slide.per_year", "chart"),
    Slide("by_country", "present.slide.by_country", "chart"),
    Slide("health", "present.slide.health", "chart"),
    Slide("forums", "present.slide.forums", "chart"),
)


def slide_number(raw: object) -> int:
    """The slide (1-based) a URL value asks for, always a valid one.

    A number past either end is clamped to that end ("99" → the last, "0" → the first); anything that is
    not a whole number ("abc", "", None) is the first slide. A link is never an error on a big screen.
    """
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), len(SLIDES))


def step(number: int, delta: int) -> int:
    """The slide `delta` steps away, stopping at the first and the last (the buttons and keys)."""
    return slide_number(number + delta)


def next_in_loop(number: int) -> int:
    """The next slide, the last one followed by the first (auto-advance on a timer runs in a loop)."""
    return slide_number(number) % len(SLIDES) + 1


def counter(number: int) -> str:
    return f"{slide_number(number)} / {len(SLIDES)}"


@dataclass(frozen=True)
class SlideContent:
    """What a slide shows under its title: a figure or, when the filters leave nothing, a friendly message."""

    figure: dict | pdk.Deck | None = None  # a Vega-Lite spec or the map
    notes: tuple[str, ...] = ()
    empty: str | None = None
    legend: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (colour, label): the map's key


# --- the map -----------------------------------------------------------------------------------------------


def _layer(deck: pdk.Deck, layer_id: str) -> pdk.Layer | None:
    return next((layer for layer in deck.layers if layer.id == layer_id), None)


def map_deck(summary: pd.DataFrame, home: pd.Series, lang: str, height: int = SLIDE_HEIGHT) -> pdk.Deck:
    """`maps.partner_map` on the offline 110m borders, with markers, arcs and labels sized for a hall.

    Markers and arcs are scaled up, the view is fitted to a wide screen, and the names of the home city and
    the MAX_MAP_LABELS most contacted partners are placed again at MAP_LABEL_SIZE so they do not overlap.
    """
    lang = normalise_lang(lang)
    deck = maps.partner_map(summary, home, lang, resolution="110m", height=height)
    partners_layer, arcs_layer = _layer(deck, maps.PARTNERS_LAYER), _layer(deck, maps.ARCS_LAYER)
    home_layer, labels_layer = _layer(deck, maps.HOME_LAYER), _layer(deck, maps.LABELS_LAYER)
    records = [{**row, "radius": round(row["radius"] * MAP_MARKER_SCALE, 1)} for row in (partners_layer.data or [])]
    partners_layer.data = records
    if arcs_layer is not None:
        arcs_layer.data = [{**row, "width": round(row["width"] * MAP_ARC_SCALE, 1)} for row in arcs_layer.data]
    home_radius = round(maps.HOME_RADIUS * MAP_MARKER_SCALE, 1)
    home_rows = list(home_layer.data) if home_layer is not None else []
    if home_layer is not None:
        home_layer.get_radius = home_radius
        home_layer.get_line_width = 3
    points = home_rows + records
    view = maps.fit_view([p["lat"] for p in points], [p["lon"] for p in points], height, MAP_FIT_WIDTH)
    deck.initial_view_state = view
    # A wide screen at world zoom shows more than 360° of longitude: draw the world again past ±180°.
    deck.views = [pdk.View(type="MapView", controller=True, repeat=True)]
    if labels_layer is not None:
        # partner_map labels the home city first, then the partners by contacts; a marker's radius grows with
        # its contacts, so the radii from the largest down meet the labels in that order.
        ordered = [home_radius] * len(home_rows) + sorted((r["radius"] for r in records), reverse=True)
        labelled = list(zip(labels_layer.data, ordered))[: len(home_rows) + MAX_MAP_LABELS]
        slots = maps.place_labels(
            [(row["lat"], row["lon"], radius, row["name"]) for row, radius in labelled], view.zoom, size=MAP_LABEL_SIZE
        )
        labels_layer.data = [
            {**row, "anchor": anchor, "baseline": baseline, "offset": offset}
            for (row, _), (anchor, baseline, offset) in zip(labelled, slots)
        ]
        labels_layer.get_size = MAP_LABEL_SIZE
        labels_layer.font_weight = 600
        labels_layer.background_padding = [6, 3]
        labels_layer.get_background_color = [255, 255, 255, 225]
    tooltip = copy.deepcopy(deck._tooltip) if isinstance(deck._tooltip, dict) else {"html": maps.tooltip_template(lang)}
    tooltip["style"] = {**tooltip.get("style", {}), "fontSize": MAP_TOOLTIP_FONT, "maxWidth": "520px"}
    deck._tooltip = tooltip
    return deck


def map_legend(summary: pd.DataFrame, home: pd.Series, lang: str) -> tuple[tuple[str, str], ...]:
    """The map's colour key: the home city (by name), then each kind of relation the partners shown have."""
    lang = normalise_lang(lang)
    present = set(summary["relation"].dropna().astype(str)) if "relation" in summary else set()
    home_name = home.get(f"name_{lang}")
    items = [(HOME_COLOR, str(home_name) if isinstance(home_name, str) and home_name else label("role", "home", lang))]
    items += [(RELATION_COLORS[r], label("relation", r, lang)) for r in RELATIONS if r in present]
    if "relation" in summary and summary["relation"].isna().any():
        items.append((NEUTRAL, t("map.no_agreements", lang)))
    return tuple(items)


# --- the slides --------------------------------------------------------------------------------------------


def _home(dataset: Dataset) -> pd.Series:
    cities = dataset.cities.set_index("city_id")
    return cities.loc[HOME_CITY_ID] if HOME_CITY_ID in cities.index else pd.Series(dtype=object)


def _map_slide(view: FilteredView, dataset: Dataset, lang: str, height: int) -> SlideContent:
    if view.partners.empty:
        return SlideContent(empty=t("common.empty", lang))
    summary = metrics.partner_summary(view.contacts, view.partners, view.agreements)
    notes = [t("present.map_note", lang)]
    unplaced = maps.unplaced_note(summary, lang)
    if unplaced:
        notes.append(unplaced)
    home = _home(dataset)
    return SlideContent(
        figure=map_deck(summary, home, lang, height), notes=tuple(notes), legend=map_legend(summary, home, lang)
    )


def _per_year_slide(view: FilteredView, lang: str, height: int) -> SlideContent:
    return SlideContent(
        figure=per_year_figure(view.contacts, lang, height),
        notes=(t("charts.multi_sphere_note", lang), t("charts.start_year_note", lang)),
    )


def _by_country_slide(view: FilteredView, lang: str, height: int) -> SlideContent:
    frame, notes = charts.busiest_countries(
        metrics.by_country(view.contacts, view.partners), lang, MAX_COUNTRIES, "present.top_countries"
    )
    return SlideContent(figure=by_country_figure(frame, lang, height), notes=tuple(notes))


def _health_slide(view: FilteredView, dataset: Dataset, lang: str, today: datetime.date, height: int) -> SlideContent:
    """Statuses from all contacts up to today (`health.health_of`): the filters choose the partners on the
    slide, never the evidence; the note is the rules as the health page states them."""
    frame = health.health_of(dataset, view.partners, today)
    frame = frame[frame["years_since_last"].notna() | frame["years_since_first_agreement"].notna()]
    if frame.empty:
        return SlideContent(empty=t("present.no_health", lang))
    shown = set(frame["status"])
    rules = health.status_rules(health.DEFAULT_THRESHOLDS, lang)
    notes = tuple(f"{health.status_label(status, lang)}: {rule}" for status, rule in rules.items() if status in shown)
    return SlideContent(figure=health_figure(frame, lang, height), notes=notes)


def _forums_slide(view: FilteredView, dataset: Dataset, lang: str, today: datetime.date, height: int) -> SlideContent:
    matrix = forums.attendance_matrix(view.contacts, dataset.events, view.partners, today)
    if not (matrix["editions_attended"] > 0).any():
        return SlideContent(empty=t("forums.nobody", lang))
    fig, notes = attendance_figure(matrix, forums.editions(dataset.events), lang, height)
    return SlideContent(figure=fig, notes=notes)


def build(
    slide: Slide, view: FilteredView, dataset: Dataset, lang: str, today: datetime.date, height: int = SLIDE_HEIGHT
) -> SlideContent:
    """The content of one slide for the filtered view.

    The map and the status slide show the partners the filters select, even without contacts; every other
    slide counts contacts, so when no contact matches it gives the friendly "nothing matches" message, never
    an empty chart.
    """
    lang = normalise_lang(lang)
    if slide.key == "map":
        return _map_slide(view, dataset, lang, height)
    if slide.key == "health":  # statuses come from all contacts, whatever the filters leave
        return _health_slide(view, dataset, lang, today, height)
    if view.contacts.empty:
        return SlideContent(empty=t("common.empty", lang))
    if slide.key == "per_year":
        return _per_year_slide(view, lang, height)
    if slide.key == "by_country":
        return _by_country_slide(view, lang, height)
    if slide.key == "forums":
        return _forums_slide(view, dataset, lang, today, height)
    raise ValueError(f"unknown slide {slide.key!r}")


def titles(lang: str) -> Sequence[str]:
    """The slide titles in order, in the language (the running order a speaker can read out)."""
    return [t(slide.title_key, lang) for slide in SLIDES]
