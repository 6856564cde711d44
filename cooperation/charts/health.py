"""Agreement health as a figure: every partner a dot, its row its status, its x the years since the last
contact (`cooperation.health.partner_health` decides the statuses; this only draws them)."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cooperation.charts.template import _figure
from cooperation.health import DEFAULT_THRESHOLDS, Thresholds, recorded_summary, status_label
from cooperation.i18n import format_int, format_number, t
from cooperation.palette import STATUS_COLORS
from cooperation.vocab import PARTNER_STATUSES

# Past this many partners the chart drops the name beside each dot; hover still names it.
MAX_NAMED_DOTS = 40


def _jitter(groups: pd.Series, order: pd.Series) -> np.ndarray:
    """Spread the dots of one status evenly over its band, in order of their x, top to bottom.

    Neighbours along x are then a full step apart vertically, so their name labels do not collide.
    Deterministic; a status with one partner sits on the band's centre line.
    """
    rank = order.groupby(groups).rank(method="first").fillna(1) - 1
    size = groups.map(groups.value_counts())
    spread = np.where(size > 1, 0.35 - 0.7 * rank / (size - 1).clip(lower=1), 0.0)
    return np.asarray(spread, dtype=float)


def status_chart(health: pd.DataFrame, lang: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> go.Figure:
    """Every partner as a dot: its row is its status, its x how long since the last contact.

    A partner with no contact at all sits at the years since its first agreement (hollow dot): for a
    never-activated partnership that is the silence that matters. Recorded statuses are diamonds. The
    row labels carry the count per status, so the chart is also the "how many" summary. The x axis leaves
    room right of the farthest dot for its name.
    """
    shown = [s for s in PARTNER_STATUSES if (health["status"] == s).any()]
    counts = health["status"].value_counts()
    position = {s: i for i, s in enumerate(shown)}
    name_column = f"name_{lang}" if f"name_{lang}" in health.columns else "city_id"

    data = health.assign(
        _x=health["years_since_last"].astype(float).fillna(health["years_since_first_agreement"].astype(float)),
        _since_signing=health["years_since_last"].isna(),
    ).dropna(subset=["_x"])
    data = data.assign(_y=data["status"].map(position) + _jitter(data["status"], data["_x"]))

    figure = _figure("health.chart_title", lang, max(280, 110 * len(shown) + 140))
    years_label = t("health.years_since_last", lang)
    symbol = np.where(data["status_origin"] == "recorded", "diamond", "circle") + np.where(
        data["_since_signing"], "-open", ""
    )
    named = len(data) <= MAX_NAMED_DOTS
    # One trace per status and marker shape: plotly checks a per-point symbol list point by point, slowly.
    for (status, shape), rows in data.assign(_symbol=symbol).groupby(["status", "_symbol"], sort=False):
        notes = pd.Series(
            np.where(rows["_since_signing"], t("health.no_contact_since_signing", lang), ""),
            index=rows.index,
            dtype=object,
        )
        recorded = rows[rows["status_origin"] == "recorded"]
        notes.loc[recorded.index] = [recorded_summary(row, lang) for _, row in recorded.iterrows()]
        # Names and notes are data: escaped for plotly, which reads hovers and text as HTML.
        names = rows[name_column].astype(str).map(html.escape)
        custom = np.column_stack([names, [status_label(status, lang)] * len(rows), notes.map(html.escape)])
        figure.add_trace(
            go.Scatter(
                x=rows["_x"],
                y=rows["_y"],
                mode="markers+text" if named else "markers",
                # A white halo keeps a name readable where a threshold line crosses it.
                text=names,
                textposition="middle right",
                textfont={"size": 11, "shadow": "0 0 3px #FFFFFF"},
                marker={
                    "color": STATUS_COLORS[status],
                    "size": 12,
                    "symbol": shape,
                    "line": {"color": STATUS_COLORS[status], "width": 2},
                },
                customdata=custom,
                name=status_label(status, lang),
                showlegend=False,
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}<br>{years_label}: %{{x:.1f}}"
                    "<br>%{customdata[2]}<extra></extra>"
                ),
            )
        )
    for symbol, key, present in (
        ("diamond", "health.legend_recorded", (data["status_origin"] == "recorded").any()),
        ("circle-open", "health.legend_since_signing", data["_since_signing"].any()),
    ):
        if present:
            figure.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=t(key, lang),
                    marker={"symbol": symbol, "color": "#555555", "size": 10},
                )
            )
    for years, key in (
        (thresholds.active_years, "health.line_active"),
        (thresholds.dormant_years, "health.line_dormant"),
    ):
        figure.add_vline(
            x=years,
            line_dash="dot",
            line_color="#777777",
            layer="below",
            annotation_text=t(key, lang, years=format_number(years, lang, 0 if years == int(years) else 1)),
            annotation_position="top",
            annotation_font_size=11,
        )
    figure.update_layout(
        xaxis={"title": t("health.x_axis", lang), "rangemode": "tozero", "zeroline": False},
        yaxis={
            "tickvals": list(range(len(shown))),
            "title": None,
            "ticktext": [f"{status_label(s, lang)} · {format_int(counts.get(s, 0), lang)}" for s in shown],
            "range": [len(shown) - 0.5, -0.5],
        },
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        plot_bgcolor="#FFFFFF",
    )
    # Under the axis title, not the template's foot of the figure (replaced whole: a merge would keep its
    # container coordinates).
    figure.layout.legend = go.layout.Legend(orientation="h", y=-0.2)
    figure.update_xaxes(showgrid=True, gridcolor="#EEEEEE")
    figure.update_yaxes(showgrid=False)
    far = data["_x"].max()
    if pd.notna(far):  # room on the right for the name beside the farthest dot, and left of 0 for a whole dot
        upper = max(float(far), thresholds.dormant_years) * 1.12 + 1
        figure.update_xaxes(range=[-0.03 * upper, upper])
    return figure
