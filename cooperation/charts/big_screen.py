"""The dashboard's figures restyled for a forum hall's screen, and the slides' own figures.

A hall reads the screen from ten metres away, so a slide's type is 22–28 px (titles 36 px), lines are thick,
markers big and the text near-black on white (`big_screen`). Each figure reuses the dashboard's own numbers and,
where it can, the dashboard's own figure (the same colours and counting rules as every other page), and only
changes how it looks. The forum grid is drawn afresh: the dashboard's grid tilts long edition names under the x
axis, which large type cannot survive, so here editions run down and partners across, and the staff-only "came
before, not since" highlight is left out — the guests in the hall are those partners.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from cooperation import metrics
from cooperation.charts.forums import MARK_COLORS
from cooperation.charts.template import (
    FONT_FAMILY,
    LEGEND_ROOM,
    MAGNITUDE_COLOR,
    TEMPLATE,
    _count_axis,
    _escape,
    _figure,
    _height,
    _no_data,
    _year_axis,
    busiest_countries,
    partner_labels,
)
from cooperation.health import status_label
from cooperation.i18n import CATALOGUE, format_int, label, normalise_lang, t
from cooperation.palette import NEUTRAL, SPHERE_COLORS, STATUS_COLORS
from cooperation.vocab import ATTENDANCE_MARKS, PARTNER_STATUSES, SPHERES

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

# What a slide can hold before it stops being readable: the rest is named in a note under the title.
MAX_FORUM_PARTNERS = 15
MAX_EDITIONS = 14
MAX_NAME_CHARS = 70  # names written beside a status bar
NAME_ROOM = 2.6  # the value axis runs to this many times the longest bar: the rest holds the names
FORUM_MARK_SIZE = 24
HEALTH_BASE_HEIGHT, HEALTH_ROW_HEIGHT = 80, 120
# The forum grid's marks as plotly draws them: filled, hollow and crossed squares, as on the forums page.
MARK_SHAPES = {"in_person": "square", "online": "square-open", "unknown": "square-x-open"}
# Two greys that tell "partner cities" from "contacts" apart on a projector (the dashboard's are closer).
COUNTRY_BAR_COLORS = {"partners": "#A7B1BD", "contacts": "#334155"}


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
        template=TEMPLATE,
        title={"text": None, "subtitle": {"text": None}, "font": {"size": TITLE_SIZE, "color": TEXT_COLOR}},
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOR},
        legend={"font": {"size": LEGEND_SIZE}, "title": {"font": {"size": LEGEND_SIZE}}},
        hoverlabel={"font": {"size": HOVER_SIZE, "family": FONT_FAMILY}},
        height=height,
        margin={"l": 20, "r": 30, "t": 16, "b": 16},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
    )
    for axis in (fig.update_xaxes, fig.update_yaxes):
        axis(
            tickfont={"size": TICK_SIZE, "color": TEXT_COLOR},
            title_font={"size": AXIS_TITLE_SIZE},
            linecolor=AXIS_COLOR,
            linewidth=AXIS_LINE_WIDTH,
            gridcolor=GRID_COLOR,
            gridwidth=1,
            automargin=True,
            title_standoff=16,
        )
    fig.update_annotations(font_size=TEXT_SIZE)
    fig.update_shapes(line_width=GUIDE_LINE_WIDTH, selector={"type": "line"})
    fig.for_each_trace(_enlarge_trace)
    return fig


def _enlarge_trace(trace: go.Trace) -> None:
    if trace.type == "bar":
        trace.update(textfont={"size": TEXT_SIZE, "color": TEXT_COLOR}, marker_line={"width": 1, "color": "#FFFFFF"})
    elif trace.type == "scatter":
        marker = trace.marker
        trace.update(
            textfont={"size": TEXT_SIZE, "color": TEXT_COLOR},
            marker={
                "size": _scaled(marker.size, MARKER_SCALE),
                "line": {"width": _scaled(marker.line.width, MARKER_SCALE, MIN_MARKER_LINE)},
            },
        )


def _pad_value_axis(fig: go.Figure, largest: float, share: float = 0.15) -> None:
    """Room right of the longest bar for its number in large type (the numbers sit outside the bars)."""
    if largest > 0:
        fig.update_xaxes(range=[0, largest * (1 + share)], rangemode=None)


def _stacked_by_year(
    fig: go.Figure, frame: pd.DataFrame, column: str, values: Sequence[str], colors: Mapping[str, str], lang: str
) -> go.Figure:
    """Stacked bars per year of a long frame (year, `column`, contacts): one bar per value present, bottom-up
    in vocabulary order, each in its palette colour; the legend titled by the column's name."""
    if frame.empty or frame["contacts"].sum() == 0:
        return _no_data(fig, lang)
    present = frame.groupby(column, observed=True)["contacts"].sum()
    for value in (v for v in values if present.get(v, 0) > 0):
        rows = frame[frame[column] == value]
        name = label(column, value, lang)
        fig.add_bar(
            x=rows["year"],
            y=rows["contacts"],
            name=name,
            marker_color=colors[value],
            hovertemplate=f"<b>{name}</b><br>{t('common.year', lang)}: %{{x}}<br>"
            f"{t('common.contacts', lang)}: %{{y:,d}}<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        legend_title_text=t(f"common.{column}", lang),
        bargap=0.15,
        margin_b=LEGEND_ROOM,
        height=fig.layout.height + LEGEND_ROOM - 40,
    )
    _year_axis(fig, frame["year"], lang)
    fig.update_yaxes(title=t("common.contacts", lang), tickformat=",d", rangemode="tozero")
    return fig


def _per_year_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars of `metrics.contacts_per_year_by_sphere` in plotly, the slide's base: one colour per sphere,
    bottom-up in vocab order, as the pages' Vega-Lite `activity.per_year_by_sphere` draws them."""
    lang = normalise_lang(lang)
    fig = _figure("charts.per_year_by_sphere.title", lang, 400, ("charts.multi_sphere_note", "charts.start_year_note"))
    return _stacked_by_year(fig, frame, "sphere", SPHERES, SPHERE_COLORS, lang)


def _ranked_axis(fig: go.Figure, names: pd.Series, title_key: str, lang: str) -> None:
    """The category axis of horizontal bars, in the frame's order from the top (largest first)."""
    fig.update_yaxes(
        title=t(title_key, lang), categoryorder="array", categoryarray=names.tolist(), autorange="reversed"
    )


def _by_country_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Grouped horizontal bars of `metrics.by_country` in plotly, the slide's base: partner cities and contacts
    per country, the MAX_COUNTRIES busiest when there are more, as the pages' Vega-Lite
    `activity.by_country_chart` draws them."""
    lang = normalise_lang(lang)
    frame, lines = busiest_countries(frame, lang)
    fig = _figure("charts.by_country.title", lang, _height(len(frame), per_row=30, high=600), lines=lines)
    if frame.empty:
        return _no_data(fig, lang)
    countries = _escape(frame[f"country_{lang}"])
    for column, key, color in (
        ("partners", "charts.partners", NEUTRAL),
        ("contacts", "common.contacts", MAGNITUDE_COLOR),
    ):
        name = t(key, lang)
        fig.add_bar(
            x=frame[column],
            y=countries,
            orientation="h",
            name=name,
            marker_color=color,
            texttemplate="%{x:,d}",
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"<b>%{{y}}</b><br>{name}: %{{x:,d}}<extra></extra>",
        )
    # The legend sits above the plot: at the right it would cover the outside labels of the longest bars.
    fig.update_layout(
        barmode="group",
        legend={"title_text": "", "orientation": "h", "x": 0, "y": 1.01, "yanchor": "bottom"},
        margin={"r": 40, "t": 96 + 20 * len(lines)},
    )
    _ranked_axis(fig, countries, "common.country", lang)
    _count_axis(fig, "charts.value", frame[["partners", "contacts"]].to_numpy().max(), lang)
    return fig


def per_year_figure(contacts: pd.DataFrame, lang: str, height: int = SLIDE_HEIGHT) -> go.Figure:
    """Contacts per year, stacked by sphere: the dashboard's chart, for the big screen."""
    fig = _per_year_chart(metrics.contacts_per_year_by_sphere(contacts), lang)
    big_screen(fig, height)
    fig.update_layout(bargap=0.12, legend={"tracegroupgap": 6, "itemsizing": "constant"})
    return fig


def by_country_figure(frame: pd.DataFrame, lang: str, height: int = SLIDE_HEIGHT) -> go.Figure:
    """Partner cities and contacts per country (a `metrics.by_country` frame, already cut to size)."""
    fig = _by_country_chart(frame, lang)
    big_screen(fig, height)
    for trace, color in zip(fig.data, COUNTRY_BAR_COLORS.values()):
        trace.marker.color = color
    fig.update_yaxes(title_text=None)
    fig.update_xaxes(title_text=None)
    fig.update_layout(
        bargap=0.25,
        bargroupgap=0.05,
        legend_title_text=None,
        legend={"orientation": "h", "x": 0, "y": 1.0, "xanchor": "left", "yanchor": "bottom"},
    )
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
    rows = [f"{status_label(s, lang)} · {format_int(n, lang)}" for s, n in zip(statuses, counts)]
    names = [_name_list(partner_labels(ordered[ordered["status"] == s], lang).tolist(), lang) for s in statuses]
    fig = go.Figure()
    fig.add_bar(
        x=counts,
        y=rows,
        orientation="h",
        marker_color=[STATUS_COLORS[s] for s in statuses],
        text=names,
        textposition="outside",
        cliponaxis=False,
        name=t("present.partner_count", lang),
        hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>",
    )
    # A bar stays a bar, not a block: with few statuses the figure is shorter than the slide.
    big_screen(fig, min(height, HEALTH_BASE_HEIGHT + HEALTH_ROW_HEIGHT * len(statuses)))
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=rows,
        autorange="reversed",
        title_text=None,
        showgrid=False,
        tickfont={"size": AXIS_TITLE_SIZE},
    )
    # The bars take the left part of the width, the names the rest.
    fig.update_xaxes(visible=False, range=[0, max(counts, default=1) * NAME_ROOM])
    fig.update_layout(showlegend=False, bargap=0.35)
    return fig


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
            year = (
                row.edition
                if isinstance(row.edition, str) and row.edition
                else (str(row.date_start.year) if pd.notna(row.date_start) else "")
            )
            labels_.append(f"{t(key, lang)} {year}".strip())
        else:
            name = getattr(row, f"name_{lang}")
            labels_.append(str(name) if isinstance(name, str) and name else str(row.event_id))
    return pd.Series(labels_, index=eds["event_id"].to_numpy(), dtype=object)


def attendance_figure(
    matrix: pd.DataFrame, eds: pd.DataFrame, lang: str, height: int = SLIDE_HEIGHT
) -> tuple[go.Figure, tuple[str, ...]]:
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
    edition_names = pd.Series(
        [html.escape(n) for n in edition_labels(eds, lang).reindex(edition_ids)], index=edition_ids, dtype=object
    )
    partner_names = partner_labels(attended, lang)

    fig = go.Figure()
    cells = attended[edition_ids].to_numpy()
    for mark in ATTENDANCE_MARKS:
        rows, columns = (cells == mark).nonzero()
        if len(rows) == 0:
            continue
        name = label("attendance", mark, lang)
        fig.add_scatter(
            x=partner_names.to_numpy()[rows],
            y=edition_names.to_numpy()[columns],
            mode="markers",
            name=name,
            marker={
                "symbol": MARK_SHAPES[mark],
                "size": FORUM_MARK_SIZE,
                "color": MARK_COLORS[mark],
                "line": {"width": 3, "color": MARK_COLORS[mark]},
            },
            hovertemplate=f"<b>%{{x}}</b><br>%{{y}}<br>{html.escape(name)}<extra></extra>",
        )
    fig.update_layout(
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": partner_names.tolist(),
            "side": "top",
            "showgrid": True,
            "title": None,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": edition_names.tolist(),
            "range": [len(edition_names) - 0.5, -0.5],
            "showgrid": True,
            "title": None,
        },
        legend={"orientation": "h", "x": 0, "y": -0.02, "xanchor": "left", "yanchor": "top"},
    )
    big_screen(fig, height)
    fig.update_traces(marker_size=FORUM_MARK_SIZE, marker_line_width=3)  # sized for the grid, not scaled
    fig.update_layout(margin={"t": 20, "b": 20})
    return fig, tuple(notes)
