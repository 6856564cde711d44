"""Who came to which forum edition, as a grid: the forums page's attendance chart.

`cooperation.forums.attendance_matrix` decides the marks; this draws them, on the shared template, in the
colours and shapes the big-screen grid (`charts.big_screen.attendance_figure`) uses too.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cooperation.charts.template import _figure
from cooperation.i18n import format_int, label, t
from cooperation.palette import NEUTRAL, SETTING_COLORS
from cooperation.vocab import ATTENDANCE_MARKS

MARK_COLORS: dict[str, str] = {
    "in_person": SETTING_COLORS["kazan"],
    "online": SETTING_COLORS["online"],
    "unknown": NEUTRAL,
}
# Plotly marker shapes of the marks (the tables write them as the text symbols of `forums.MARK_SYMBOLS`).
MARK_SHAPES: dict[str, str] = {"in_person": "square", "online": "square-open", "unknown": "square-x-open"}
HIGHLIGHT = "#FFF1C2"
# Rows the attendance grid draws: past this a page of dots cannot be read (the tables list every partner).
MAX_CHART_PARTNERS = 60
MAX_CHART_EDITIONS = 24  # columns: the latest editions (the editions table lists them all)


def attendance_chart(matrix: pd.DataFrame, eds: pd.DataFrame, lang: str) -> go.Figure:
    """The matrix as a grid: a filled square for in person, a hollow one for online, one row per partner.

    Only partners that took part at least once are drawn (the others have an empty row), at most
    `MAX_CHART_PARTNERS` of them and the latest `MAX_CHART_EDITIONS` editions, with a note when some are
    left out. Partners that came before and have
    not come since sit on top, on a highlighted band — the invitation list's draft; then those that came
    most. `eds` is `editions(events)`, for the edition names in the language.
    """
    name_column = f"name_{lang}" if f"name_{lang}" in matrix.columns else "city_id"
    all_editions = [e for e in eds["event_id"] if e in matrix.columns]
    edition_ids = all_editions[-MAX_CHART_EDITIONS:]
    # Names are data: escaped for plotly, which reads tick labels and hovers as HTML (<a href> would be a link).
    edition_names = eds.set_index("event_id")[f"name_{lang}"].reindex(edition_ids).astype(str).map(html.escape)
    attended = matrix[matrix["editions_attended"] > 0].sort_values(
        ["not_invited_since", "editions_attended", name_column], ascending=[False, False, True], kind="stable"
    )
    rows = attended.head(MAX_CHART_PARTNERS)
    rows = rows.assign(**{name_column: rows[name_column].astype(str).map(html.escape)})
    partners = rows[name_column].astype(str).tolist()

    figure = _figure("forums.chart_title", lang, max(300, 34 * len(partners) + 290))
    long = rows.melt(id_vars=[name_column], value_vars=edition_ids, var_name="event_id", value_name="mark").query(
        "mark != ''"
    )
    for mark in ATTENDANCE_MARKS:
        cells = long[long["mark"] == mark]
        if cells.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=cells["event_id"].map(edition_names),
                y=cells[name_column],
                mode="markers",
                name=label("attendance", mark, lang),
                marker={
                    "symbol": MARK_SHAPES[mark],
                    "size": 18,
                    "color": MARK_COLORS[mark],
                    "line": {"width": 3, "color": MARK_COLORS[mark]},
                },
                hovertemplate=f"<b>%{{y}}</b><br>%{{x}}<br>{label('attendance', mark, lang)}<extra></extra>",
            )
        )
    flagged = rows["not_invited_since"].to_numpy()
    # One list, set once: adding shapes one by one re-validates all earlier ones each time.
    figure.update_layout(
        shapes=[
            {
                "type": "rect",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": position - 0.5,
                "y1": position + 0.5,
                "fillcolor": HIGHLIGHT,
                "line_width": 0,
                "layer": "below",
            }
            for position in np.flatnonzero(flagged)
        ]
    )
    if flagged.any():
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=t("forums.not_invited_since", lang),
                marker={"symbol": "square", "size": 14, "color": HIGHLIGHT, "line": {"width": 1, "color": "#D9B84A"}},
            )
        )
    notes = []
    if len(attended) > len(rows):
        notes.append(t("forums.chart_top", lang, shown=len(rows), total=format_int(len(attended), lang)))
    if len(all_editions) > len(edition_ids):
        notes.append(t("forums.chart_latest", lang, shown=len(edition_ids), total=len(all_editions)))
    note = "<br>".join(notes)
    figure.update_layout(
        title_subtitle_text=note,
        xaxis={
            "title": t("forums.edition", lang),
            "type": "category",
            "categoryorder": "array",
            "categoryarray": edition_names.tolist(),
            "tickangle": -35,
            "showgrid": True,
            "gridcolor": "#EEEEEE",
        },
        yaxis={
            "title": None,
            "type": "category",
            "categoryorder": "array",
            "categoryarray": partners,
            "range": [len(partners) - 0.5, -0.5],
            "showgrid": True,
            "gridcolor": "#EEEEEE",
        },
        # The legend gets its own 30 px row between the title's lines and the grid, or it covers them.
        margin={"l": 10, "r": 10, "t": 90 + 20 * len(notes), "b": 10},
        plot_bgcolor="#FFFFFF",
    )
    # Above the grid, not the template's foot of the figure (replaced whole: a merge would keep its container
    # coordinates).
    figure.layout.legend = go.layout.Legend(orientation="h", y=1.0, yanchor="bottom", x=0)
    if not partners:
        figure.add_annotation(text=t("forums.nobody", lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    return figure
