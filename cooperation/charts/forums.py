"""Who came to which forum edition, as a grid: the forums page's attendance chart, a Vega-Lite spec as the
overview's are (`vega` says why).

`cooperation.forums.attendance_matrix` decides the marks; this draws them in the colours the big-screen grid
(`charts.big_screen.attendance_figure`) uses too: filled for in person, hollow for online, crossed for unknown.
"""

from __future__ import annotations

import pandas as pd

from cooperation.charts.vega import LABEL_LIMIT_PX, TEXT_COLOR, no_data, titled
from cooperation.i18n import format_int, label, t
from cooperation.palette import NEUTRAL, SETTING_COLORS
from cooperation.vocab import ATTENDANCE_MARKS

MARK_COLORS: dict[str, str] = {
    "in_person": SETTING_COLORS["kazan"],
    "online": SETTING_COLORS["online"],
    "unknown": NEUTRAL,
}
# Vega symbol shapes of the marks (the tables write them as the text symbols of `forums.MARK_SYMBOLS`): a
# square, and for "unknown" a square with its diagonals drawn, as an SVG path on Vega's unit square.
MARK_SHAPES: dict[str, str] = {
    "in_person": "square",
    "online": "square",
    "unknown": "M-1,-1H1V1H-1Z M-1,-1L1,1 M-1,1L1,-1",
}
FILLED_MARKS = frozenset({"in_person"})
HIGHLIGHT = "#FFF1C2"
EDITION_LABEL_PX = 190  # a slanted edition name is cut here (the tooltip and the editions table hold it whole)
MARK_AREA = 260  # px² of a mark: 16 px across
ROW_PX = 30  # one partner's row
# Rows the attendance grid draws: past this a page of dots cannot be read (the tables list every partner).
MAX_CHART_PARTNERS = 60
MAX_CHART_EDITIONS = 24  # columns: the latest editions (the editions table lists them all)


def mark_encodings(names: dict[str, str], lang: str, legend: dict) -> dict:
    """How a grid draws the attendance marks it holds (`names`: mark → its label, in `ATTENDANCE_MARKS` order),
    for rows whose "mark" is the label and that name their "partner" and "edition": shape, outline and fill keyed
    alike, so they make one legend (`legend`), and the tooltip. The forums page and the slides draw with it."""
    domain = list(names.values())
    by_mark = {"field": "mark", "type": "nominal", "title": None, "legend": legend}
    return {
        "shape": {**by_mark, "scale": {"domain": domain, "range": [MARK_SHAPES[m] for m in names]}},
        "stroke": {**by_mark, "scale": {"domain": domain, "range": [MARK_COLORS[m] for m in names]}},
        "fill": {
            **by_mark,
            "scale": {
                "domain": domain,
                "range": [MARK_COLORS[m] if m in FILLED_MARKS else "transparent" for m in names],
            },
        },
        "tooltip": [
            {"field": "partner", "title": t("common.partner", lang)},
            {"field": "edition", "title": t("forums.edition", lang)},
            {"field": "mark", "title": t("common.format", lang)},
        ],
    }


def attendance_chart(matrix: pd.DataFrame, eds: pd.DataFrame, lang: str) -> dict:
    """The matrix as a grid: a filled square for in person, a hollow one for online, one row per partner.

    Only partners that took part at least once are drawn (the others have an empty row), at most
    `MAX_CHART_PARTNERS` of them and the latest `MAX_CHART_EDITIONS` editions, with a note when some are
    left out. Partners that came before and have not come since sit on top, on a highlighted band — the
    invitation list's draft; then those that came most. `eds` is `editions(events)`, for the edition names
    in the language.
    """
    name_column = f"name_{lang}" if f"name_{lang}" in matrix.columns else "city_id"
    all_editions = [e for e in eds["event_id"] if e in matrix.columns]
    edition_ids = all_editions[-MAX_CHART_EDITIONS:]
    edition_names = eds.set_index("event_id")[f"name_{lang}"].reindex(edition_ids).astype(str)
    attended = matrix[matrix["editions_attended"] > 0].sort_values(
        ["not_invited_since", "editions_attended", name_column], ascending=[False, False, True], kind="stable"
    )
    rows = attended.head(MAX_CHART_PARTNERS)
    partners = rows[name_column].astype(str).tolist()
    notes = []
    if len(attended) > len(rows):
        notes.append(t("forums.chart_top", lang, shown=len(rows), total=format_int(len(attended), lang)))
    if len(all_editions) > len(edition_ids):
        notes.append(t("forums.chart_latest", lang, shown=len(edition_ids), total=len(all_editions)))
    chart = titled("forums.chart_title", lang, ROW_PX * max(len(partners), 3))
    chart["title"]["subtitle"] = notes
    if not partners:
        return no_data(chart, lang, "forums.nobody")

    long = rows.assign(**{name_column: partners}).melt(
        id_vars=[name_column], value_vars=edition_ids, var_name="event_id", value_name="mark"
    )
    long = long[long["mark"] != ""]
    names = {m: label("attendance", m, lang) for m in ATTENDANCE_MARKS if (long["mark"] == m).any()}
    cells = [
        {"partner": name, "edition": edition_names[event], "mark": names[mark]}
        for name, event, mark in zip(long[name_column], long["event_id"], long["mark"])
    ]
    flagged = [name for name, flag in zip(partners, rows["not_invited_since"]) if flag]
    band = t("forums.not_invited_since", lang)
    key = {"orient": "top", "title": None, "labelLimit": LABEL_LIMIT_PX}
    y = {"field": "partner", "type": "nominal", "title": None, "scale": {"domain": partners}}
    layers: list[dict] = []
    if flagged:
        layers.append(
            {
                "data": {"values": [{"partner": name, "band": band} for name in flagged]},
                "mark": {"type": "rect"},
                "encoding": {
                    "y": y,
                    # Keyed by colour, the marks by fill: two scales, so two legends, the marks' one whole.
                    "color": {"field": "band", "type": "nominal", "scale": {"range": [HIGHLIGHT]}, "legend": key},
                },
            }
        )
    layers.append(
        {
            "data": {"values": cells},
            "mark": {"type": "point", "size": MARK_AREA, "strokeWidth": 3, "opacity": 1, "tooltip": True},
            "encoding": {
                "x": {
                    "field": "edition",
                    "type": "nominal",
                    "title": t("forums.edition", lang),
                    "scale": {"domain": edition_names.tolist()},
                    "axis": {"labelAngle": -35, "labelColor": TEXT_COLOR, "labelLimit": EDITION_LABEL_PX},
                },
                "y": y,
                **mark_encodings(names, lang, key),
            },
        }
    )
    return {
        **chart,
        "layer": layers,
        "config": {**chart["config"], "axis": {**chart["config"]["axis"], "grid": True, "gridColor": "#EEEEEE"}},
    }
