"""The dashboard's figures restyled for a forum hall's screen, and the slides' own figures: Vega-Lite specs, as
the pages' are (`vega` says why).

A hall reads the screen from ten metres away, so a slide's type is 22–28 px, lines are thick, marks big and the
text near-black on white (`big_screen`). Each figure reuses the dashboard's own numbers and, where it can, the
dashboard's own chart (the same colours and counting rules as every other page), and only changes how it looks.
The forum grid is drawn afresh: the dashboard's grid tilts long edition names under the x axis, which large
type cannot survive, so here editions run down and partners across, and the staff-only "came before, not
since" highlight is left out — the guests in the hall are those partners.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cooperation import metrics
from cooperation.charts.activity import by_country_chart, per_year_by_sphere
from cooperation.charts.forums import mark_encodings
from cooperation.charts.vega import FONT_FAMILY, partner_names
from cooperation.health import status_label
from cooperation.i18n import CATALOGUE, format_int, label, normalise_lang, t
from cooperation.palette import BACKGROUND, STATUS_COLORS
from cooperation.vocab import ATTENDANCE_MARKS, PARTNER_STATUSES

SLIDE_HEIGHT = 640  # px: with the title row, controls and footer a slide fits a 1080-px screen, even in a
# maximised browser window (about 950 px of it); a smaller screen scrolls, or the browser zooms out.
FONT_SIZE = 24
AXIS_TITLE_SIZE = 26
TICK_SIZE = 22
LEGEND_SIZE = 22
TEXT_SIZE = 22  # numbers on bars, names beside them
TEXT_COLOR = "#111827"
AXIS_COLOR = "#4B5563"
GRID_COLOR = "#D9DDE3"
AXIS_LINE_WIDTH = 2
LEGEND_SYMBOL_AREA = 400  # px²: a key's square 20 px across
KEY_ROOM = 90  # px under (or over) the plot for a key of one or two rows in large type

# What a slide can hold before it stops being readable: the rest is named in a note under the title.
MAX_FORUM_PARTNERS = 15
MAX_EDITIONS = 14
MAX_NAME_CHARS = 70  # names written beside a status bar
NAME_ROOM = 2.6  # the value axis runs to this many times the longest bar: the rest holds the names
FORUM_MARK_AREA = 576  # px²: a mark 24 px across
HEALTH_BASE_HEIGHT, HEALTH_ROW_HEIGHT = 20, 110
# Two greys that tell "partner cities" from "contacts" apart on a projector (the dashboard's are closer).
COUNTRY_BAR_COLORS = {"partners": "#A7B1BD", "contacts": "#334155"}

BIG_SCREEN_CONFIG = {
    "font": FONT_FAMILY,
    "background": BACKGROUND,
    "view": {"stroke": None},
    "axis": {
        "labelFontSize": TICK_SIZE,
        "titleFontSize": AXIS_TITLE_SIZE,
        "labelColor": TEXT_COLOR,
        "titleColor": TEXT_COLOR,
        "titleFontWeight": "normal",
        "titlePadding": 16,
        "domainColor": AXIS_COLOR,
        "domainWidth": AXIS_LINE_WIDTH,
        "tickColor": AXIS_COLOR,
        "tickWidth": AXIS_LINE_WIDTH,
        "gridColor": GRID_COLOR,
        "labelLimit": 600,
    },
    "legend": {
        "labelFontSize": LEGEND_SIZE,
        "titleFontSize": LEGEND_SIZE,
        "labelColor": TEXT_COLOR,
        "titleColor": TEXT_COLOR,
        "symbolSize": LEGEND_SYMBOL_AREA,
        "labelLimit": 600,
        "rowPadding": 10,
        "columnPadding": 24,
    },
    "axisQuantitative": {"tickCount": 6},  # a count every 2 or 5, not every 1, at a slide's height
    "text": {"fontSize": TEXT_SIZE, "color": TEXT_COLOR, "font": FONT_FAMILY},
}


def big_screen(chart: dict, height: int = SLIDE_HEIGHT) -> dict:
    """The chart restyled for a hall: large type, thick axes, near-black text, no in-chart title.

    The slide's title is the page heading above the chart (one title, not two). `height` is the slide's,
    keys included; the chart's own config (its language's numbers) is kept under the big screen's.
    """
    restyled = {key: value for key, value in chart.items() if key != "title"}
    restyled["height"] = height
    restyled["autosize"] = {"type": "fit", "contains": "padding"}
    config = {**chart.get("config", {})}
    for key, value in BIG_SCREEN_CONFIG.items():
        config[key] = {**config[key], **value} if isinstance(value, dict) and key in config else value
    restyled["config"] = config
    return restyled


def per_year_figure(contacts: pd.DataFrame, lang: str, height: int = SLIDE_HEIGHT) -> dict:
    """Contacts per year, stacked by sphere: the dashboard's chart, its key beside the bars on a wide screen."""
    chart = big_screen(per_year_by_sphere(metrics.contacts_per_year_by_sphere(contacts), lang), height)
    if "encoding" in chart:
        chart["encoding"]["color"]["legend"] = {"orient": "right", "direction": "vertical", "columns": 1}
    return chart


def by_country_figure(frame: pd.DataFrame, lang: str, height: int = SLIDE_HEIGHT) -> dict:
    """Partner cities and contacts per country (a `metrics.by_country` frame, already cut to size), in two
    greys a projector tells apart, without axis titles (the slide's title says what is counted)."""
    chart = big_screen(by_country_chart(frame, lang), height)
    if "layer" not in chart:
        return chart
    chart["encoding"]["y"]["title"] = None
    chart["encoding"]["x"]["title"] = None
    chart["layer"][0]["encoding"]["color"]["scale"]["range"] = list(COUNTRY_BAR_COLORS.values())
    return chart


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


def health_figure(health_frame: pd.DataFrame, lang: str, height: int = SLIDE_HEIGHT) -> dict:
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
    rows = [
        {
            "row": f"{status_label(s, lang)} · {format_int(int((ordered['status'] == s).sum()), lang)}",
            "partners": int((ordered["status"] == s).sum()),
            "names": _name_list(partner_names(ordered[ordered["status"] == s], lang).tolist(), lang),
            "color": STATUS_COLORS[s],
        }
        for s in statuses
    ]
    largest = max((row["partners"] for row in rows), default=1)
    # A bar stays a bar, not a block: with few statuses the chart is shorter than the slide.
    chart = {
        "data": {"values": rows},
        "encoding": {
            "y": {
                "field": "row",
                "type": "nominal",
                "title": None,
                "sort": [row["row"] for row in rows],
                "axis": {"labelFontSize": AXIS_TITLE_SIZE, "grid": False, "domain": False, "ticks": False},
            },
            # The bars take the left part of the width, the names the rest.
            "x": {
                "field": "partners",
                "type": "quantitative",
                "axis": None,
                "scale": {"domain": [0, largest * NAME_ROOM]},
            },
        },
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 0.65}},
                "encoding": {"color": {"field": "color", "type": "nominal", "scale": None}},
            },
            {"mark": {"type": "text", "align": "left", "dx": 10}, "encoding": {"text": {"field": "names"}}},
        ],
        "config": {},
    }
    return big_screen(chart, min(height, HEALTH_BASE_HEIGHT + HEALTH_ROW_HEIGHT * len(statuses)))


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
) -> tuple[dict, tuple[str, ...]]:
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
    edition_names = edition_labels(eds, lang).reindex(edition_ids)
    partners = partner_names(attended, lang).tolist()
    cells = attended[edition_ids].to_numpy()
    names = {m: label("attendance", m, lang) for m in ATTENDANCE_MARKS if (cells == m).any()}
    data = [
        {
            "partner": partners[row],
            "edition": edition_names.iloc[column],
            "mark": names[cells[row, column]],
        }
        for row, column in zip(*(cells != "").nonzero())
        if cells[row, column] in names
    ]
    chart = {
        "data": {"values": data},
        "mark": {"type": "point", "size": FORUM_MARK_AREA, "strokeWidth": 4, "opacity": 1, "tooltip": True},
        "encoding": {
            "x": {
                "field": "partner",
                "type": "nominal",
                "title": None,
                "scale": {"domain": partners},
                "axis": {"orient": "top", "labelAngle": -30, "labelAlign": "left", "grid": True},
            },
            "y": {
                "field": "edition",
                "type": "nominal",
                "title": None,
                "scale": {"domain": edition_names.tolist()},
                "axis": {"grid": True},
            },
            **mark_encodings(names, lang, {"orient": "bottom", "direction": "horizontal"}),
        },
        "config": {},
    }
    return big_screen(chart, height), tuple(notes)
