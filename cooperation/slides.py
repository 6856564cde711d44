"""Presentation mode: the slides in their order, and each slide's figure restyled for a hall screen.

A forum hall reads the screen from ten metres away, so a slide's type is 22–28 px (titles 36 px), lines are
thick, markers big and the text near-black on white. Each builder reuses the dashboard's own numbers and,
where it can, the dashboard's own figure (the same colours and counting rules as every other page), and
only changes how it looks. The forum grid is drawn afresh: the dashboard's grid tilts long edition names
under the x axis, which large type cannot survive, so here editions run down and partners across, and the
staff-only "came before, not since" highlight is left out — the guests in the hall are those partners.

Pure (no Streamlit calls): `pages/present.py` lays a slide out; tests read the figures' JSON.
"""
from __future__ import annotations

import copy
import datetime
import html
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from cooperation import charts, forums, health, maps, metrics
from cooperation.filters import FilteredView
from cooperation.i18n import (
    CATALOGUE,
    format_int,
    label,
    normalise_lang,
    t,
)
from cooperation.loading import Dataset
from cooperation.palette import HOME_COLOR, NEUTRAL, RELATION_COLORS, STATUS_COLORS
from cooperation.vocab import (
    ATTENDANCE_MARKS,
    HOME_CITY_ID,
    PARTNER_STATUSES,
    RELATIONS,
)

# --- the big-screen look -----------------------------------------------------------------------------------
SLIDE_HEIGHT = 640  # px: with the title row, controls and footer a slide fits a 1080-px screen, even in a
# maximised browser window (about 950 px of it); a smaller screen scrolls, or the browser zooms out.
FONT_SIZE = 24
TITLE_SIZE = 36
AXIS_TITLE_SIZE = 26
TICK_SIZE = 22
LEGEND_SIZE = 22
TEXT_SIZE = 22  # numbers on bars, names beside dots
HOVER_SIZE = 20
TEXT_COLOR = "#111827"
AXIS_COLOR = "#4B5563"
GRID_COLOR = "#D9DDE3"
AXIS_LINE_WIDTH = 2
GUIDE_LINE_WIDTH = 3
MARKER_SCALE = 1.8
MIN_MARKER_LINE = 2

# The map: labels and markers that read from the back; fitted to a wide screen (at least this wide).
MAP_LABEL_SIZE = 24
MAP_MARKER_SCALE = 1.8
MAP_ARC_SCALE = 1.5
MAP_FIT_WIDTH = 1000
MAP_TOOLTIP_FONT = "20px"

# What a slide can hold before it stops being readable: the rest is named in a note under the title.
MAX_MAP_LABELS = 15
MAX_COUNTRIES = 12
MAX_FORUM_PARTNERS = 15
MAX_EDITIONS = 14
MAX_NAME_CHARS = 70  # names written beside a status bar
NAME_ROOM = 2.6  # the value axis runs to this many times the longest bar: the rest holds the names
FORUM_MARK_SIZE = 24
HEALTH_BASE_HEIGHT, HEALTH_ROW_HEIGHT = 80, 120
# Two greys that tell "partner cities" from "contacts" apart on a projector (the dashboard's are closer).
COUNTRY_BAR_COLORS = {"partners": "#A7B1BD", "contacts": "#334155"}


@dataclass(frozen=True)
class Slide:
    """One slide: a stable key (tests, widget keys), its title in the catalogue, a map or a plotly chart."""

    key: str
    title_key: str
    kind: str  # "map" (pydeck) or "chart" (plotly)


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

    figure: go.Figure | pdk.Deck | None = None
    notes: tuple[str, ...] = ()
    empty: str | None = None
    legend: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (colour, label): the map's key


# --- plotly figures ----------------------------------------------------------------------------------------

def _scaled(value: object, factor: float, minimum: float = 0) -> object:
    """A marker size (a number or a per-point list) times `factor`; None (plotly's default) stays None."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return max(value * factor, minimum)
    return [max(v * factor, minimum) for v in value]


def big_screen(fig: go.Figure, height: int = SLIDE_HEIGHT) -> go.Figure:
    """The figure restyled for a hall: large type, thick axes and guides, big markers, no in-figure title.

    The slide's title is the page heading above the figure (one title, not two); the figure's title font
    is still set large in case a caller shows it. Returns the same (changed) figure.
    """
    fig.update_layout(
        template=charts.TEMPLATE,
        title={"text": None, "subtitle": {"text": None}, "font": {"size": TITLE_SIZE, "color": TEXT_COLOR}},
        font={"family": charts.FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOR},
        legend={"font": {"size": LEGEND_SIZE}, "title": {"font": {"size": LEGEND_SIZE}}},
        hoverlabel={"font": {"size": HOVER_SIZE, "family": charts.FONT_FAMILY}},
        height=height,
        margin={"l": 20, "r": 30, "t": 16, "b": 16},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
    )
    for axis in (fig.update_xaxes, fig.update_yaxes):
        axis(tickfont={"size": TICK_SIZE, "color": TEXT_COLOR}, title_font={"size": AXIS_TITLE_SIZE},
             linecolor=AXIS_COLOR, linewidth=AXIS_LINE_WIDTH, gridcolor=GRID_COLOR, gridwidth=1,
             automargin=True, title_standoff=16)
    fig.update_annotations(font_size=TEXT_SIZE)
    fig.update_shapes(line_width=GUIDE_LINE_WIDTH, selector={"type": "line"})
    fig.for_each_trace(_enlarge_trace)
    return fig


def _enlarge_trace(trace: go.Trace) -> None:
    if trace.type == "bar":
        trace.update(textfont={"size": TEXT_SIZE, "color": TEXT_COLOR}, marker_line={"width": 1, "color": "#FFFFFF"})
    elif trace.type == "scatter":
        marker = trace.marker
        trace.update(textfont={"size": TEXT_SIZE, "color": TEXT_COLOR},
                     marker={"size": _scaled(marker.size, MARKER_SCALE),
                             "line": {"width": _scaled(marker.line.width, MARKER_SCALE, MIN_MARKER_LINE)}})


def _pad_value_axis(fig: go.Figure, largest: float, share: float = 0.15) -> None:
    """Room right of the longest bar for its number in large type (the numbers sit outside the bars)."""
    if largest > 0:
        fig.update_xaxes(range=[0, largest * (1 + share)], rangemode=None)


def per_year_figure(contacts: pd.DataFrame, lang: str, height: int = SLIDE_HEIGHT) -> go.Figure:
    """Contacts per year, stacked by sphere: the dashboard's chart, for the big screen."""
    fig = charts.contacts_per_year_by_sphere_chart(metrics.contacts_per_year_by_sphere(contacts), lang)
    big_screen(fig, height)
    fig.update_layout(bargap=0.12, legend={"tracegroupgap": 6, "itemsizing": "constant"})
    return fig


def by_country_figure(frame: pd.DataFrame, lang: str, height: int = SLIDE_HEIGHT) -> go.Figure:
    """Partner cities and contacts per country (a `metrics.by_country` frame, already cut to size)."""
    fig = charts.by_country_chart(frame, lang)
    big_screen(fig, height)
    for trace, color in zip(fig.data, COUNTRY_BAR_COLORS.values()):
        trace.marker.color = color
    fig.update_yaxes(title_text=None)
    fig.update_xaxes(title_text=None)
    fig.update_layout(bargap=0.25, bargroupgap=0.05, legend_title_text=None,
                      legend={"orientation": "h", "x": 0, "y": 1.0, "xanchor": "left", "yanchor": "bottom"})
    if not frame.empty:
        _pad_value_axis(fig, float(frame[["partners", "contacts"]].to_numpy().max()))
    return fig


def _name_list(names: Sequence[str], lang: str) -> str:
    """Names joined by commas up to MAX_NAME_CHARS characters, then "N more": a bar's label stays one line."""
    shown: list[str] = []
    length = 0
    for name in names:
        if shown and length + len(name) + 2 > MAX_NAME_CHARS:
            return ", ".join(shown) + ", " + t("present.more", lang, n=len(names) - len(shown))
        shown.append(name)
        length += len(name) + 2
    return ", ".join(shown)


def health_figure(health_frame: pd.DataFrame, lang: str, height: int = SLIDE_HEIGHT) -> go.Figure:
    """Partners per status as bars in the status colours, each bar labelled with its partners' names.

    The dashboard's health chart (a dot per partner against years since the last contact) needs hovering
    and small type to tell close dots apart; from the back of a hall, "4 active: Harare, Wuhan, …" reads at a
    glance. Statuses come from `health.partner_health` (a status recorded by staff wins); names are listed
    most recent contact first.
    """
    lang = normalise_lang(lang)
    name_column = f"name_{lang}" if f"name_{lang}" in health_frame else "city_id"
    ordered = health_frame.sort_values(["years_since_last", name_column], na_position="last", kind="stable")
    statuses = [s for s in PARTNER_STATUSES if (ordered["status"] == s).any()]
    counts = [int((ordered["status"] == s).sum()) for s in statuses]
    rows = [f"{health.status_label(s, lang)} · {format_int(n, lang)}" for s, n in zip(statuses, counts)]
    names = [_name_list(_unique_names(ordered[ordered["status"] == s], lang).tolist(), lang) for s in statuses]
    fig = go.Figure()
    fig.add_bar(x=counts, y=rows, orientation="h", marker_color=[STATUS_COLORS[s] for s in statuses],
                text=names, textposition="outside", cliponaxis=False, name=t("present.partner_count", lang),
                hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>")
    # A bar stays a bar, not a block: with few statuses the figure is shorter than the slide.
    big_screen(fig, min(height, HEALTH_BASE_HEIGHT + HEALTH_ROW_HEIGHT * len(statuses)))
    fig.update_yaxes(categoryorder="array", categoryarray=rows, autorange="reversed", title_text=None, showgrid=False,
                     tickfont={"size": AXIS_TITLE_SIZE})
    # The bars take the left part of the width, the names the rest.
    fig.update_xaxes(visible=False, range=[0, max(counts, default=1) * NAME_ROOM])
    fig.update_layout(showlegend=False, bargap=0.35)
    return fig


def _unique_names(frame: pd.DataFrame, lang: str) -> pd.Series:
    """Partner names in the language, escaped for plotly; a name two partners share gets its country."""
    names = (frame[f"name_{lang}"] if f"name_{lang}" in frame else frame["city_id"]).fillna(frame["city_id"]).astype(str)
    country = frame[f"country_{lang}"].fillna("").astype(str) if f"country_{lang}" in frame else ""
    names = names.where(~names.duplicated(keep=False), names + " (" + country + ")")
    return names.map(html.escape)


def edition_labels(eds: pd.DataFrame, lang: str) -> pd.Series:
    """Short names of forum editions by event_id: "ROSTKI forum 2024" rather than the full official name.

    The short name of a series is in the catalogue (`present.forum.<series>`); an edition of a series it does
    not know keeps its full name.
    """
    lang = normalise_lang(lang)
    labels_ = []
    for row in eds.itertuples(index=False):
        key = f"present.forum.{row.series}"
        if key in CATALOGUE:
            year = row.edition if isinstance(row.edition, str) and row.edition else (
                str(row.date_start.year) if pd.notna(row.date_start) else "")
            labels_.append(f"{t(key, lang)} {year}".strip())
        else:
            name = getattr(row, f"name_{lang}")
            labels_.append(str(name) if isinstance(name, str) and name else str(row.event_id))
    return pd.Series(labels_, index=eds["event_id"].to_numpy(), dtype=object)


def attendance_figure(matrix: pd.DataFrame, eds: pd.DataFrame, lang: str,
                      height: int = SLIDE_HEIGHT) -> tuple[go.Figure, tuple[str, ...]]:
    """Who came to which forum: editions down (oldest on top), partners across, one big mark per visit.

    `matrix` is `forums.attendance_matrix`, `eds` is `forums.editions`. Only partners that took part and
    editions someone shown took part in are drawn; beyond MAX_FORUM_PARTNERS partners (those that came most
    often are kept) or MAX_EDITIONS editions (the latest are kept) the returned notes say what was left out.
    """
    lang = normalise_lang(lang)
    attended = matrix[matrix["editions_attended"] > 0]
    name_column = f"name_{lang}"
    attended = attended.sort_values(["editions_attended", name_column], ascending=[False, True], kind="stable")
    notes: list[str] = []
    if len(attended) > MAX_FORUM_PARTNERS:
        notes.append(t("present.top_forum_partners", lang, n=MAX_FORUM_PARTNERS, total=len(attended)))
        attended = attended.head(MAX_FORUM_PARTNERS)
    edition_ids = [e for e in eds["event_id"] if e in attended.columns and attended[e].ne("").any()]
    if len(edition_ids) > MAX_EDITIONS:
        notes.append(t("present.top_editions", lang, n=MAX_EDITIONS, total=len(edition_ids)))
        edition_ids = edition_ids[-MAX_EDITIONS:]
    edition_names = pd.Series([html.escape(n) for n in edition_labels(eds, lang).reindex(edition_ids)],
                              index=edition_ids, dtype=object)
    partner_names = _unique_names(attended, lang)

    fig = go.Figure()
    cells = attended[edition_ids].to_numpy()
    for mark in ATTENDANCE_MARKS:
        rows, columns = (cells == mark).nonzero()
        if len(rows) == 0:
            continue
        name = label("attendance", mark, lang)
        fig.add_scatter(
            x=partner_names.to_numpy()[rows], y=edition_names.to_numpy()[columns], mode="markers", name=name,
            marker={"symbol": forums.MARK_SYMBOLS[mark], "size": FORUM_MARK_SIZE, "color": forums.MARK_COLORS[mark],
                    "line": {"width": 3, "color": forums.MARK_COLORS[mark]}},
            hovertemplate=f"<b>%{{x}}</b><br>%{{y}}<br>{html.escape(name)}<extra></extra>")
    fig.update_layout(
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": partner_names.tolist(),
               "side": "top", "showgrid": True, "title": None},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": edition_names.tolist(),
               "range": [len(edition_names) - 0.5, -0.5], "showgrid": True, "title": None},
        legend={"orientation": "h", "x": 0, "y": -0.02, "xanchor": "left", "yanchor": "top"},
    )
    big_screen(fig, height)
    fig.update_traces(marker_size=FORUM_MARK_SIZE, marker_line_width=3)  # sized for the grid, not scaled
    fig.update_layout(margin={"t": 20, "b": 20})
    return fig, tuple(notes)


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
        labelled = list(zip(labels_layer.data, ordered))[:len(home_rows) + MAX_MAP_LABELS]
        slots = maps.place_labels([(row["lat"], row["lon"], radius, row["name"]) for row, radius in labelled],
                                  view.zoom, size=MAP_LABEL_SIZE)
        labels_layer.data = [{**row, "anchor": anchor, "baseline": baseline, "offset": offset}
                             for (row, _), (anchor, baseline, offset) in zip(labelled, slots)]
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
    return SlideContent(figure=map_deck(summary, home, lang, height), notes=tuple(notes),
                        legend=map_legend(summary, home, lang))


def _per_year_slide(view: FilteredView, lang: str, height: int) -> SlideContent:
    return SlideContent(figure=per_year_figure(view.contacts, lang, height),
                        notes=(t("charts.multi_sphere_note", lang), t("charts.start_year_note", lang)))


def _by_country_slide(view: FilteredView, lang: str, height: int) -> SlideContent:
    frame, notes = charts.busiest_countries(metrics.by_country(view.contacts, view.partners), lang, MAX_COUNTRIES,
                                            "present.top_countries")
    return SlideContent(figure=by_country_figure(frame, lang, height), notes=tuple(notes))


def _health_slide(view: FilteredView, dataset: Dataset, lang: str, today: datetime.date,
                  height: int) -> SlideContent:
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


def _forums_slide(view: FilteredView, dataset: Dataset, lang: str, today: datetime.date,
                  height: int) -> SlideContent:
    matrix = forums.attendance_matrix(view.contacts, dataset.events, view.partners, today)
    if not (matrix["editions_attended"] > 0).any():
        return SlideContent(empty=t("forums.nobody", lang))
    fig, notes = attendance_figure(matrix, forums.editions(dataset.events), lang, height)
    return SlideContent(figure=fig, notes=notes)


def build(slide: Slide, view: FilteredView, dataset: Dataset, lang: str, today: datetime.date,
          height: int = SLIDE_HEIGHT) -> SlideContent:
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
