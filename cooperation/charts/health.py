"""Agreement health as a figure: every partner a dot, its row its status, its x the years since the last
contact (`cooperation.health.partner_health` decides the statuses; this only draws them), as a Vega-Lite spec
(`vega` says why)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cooperation.charts.vega import TEXT_COLOR, TIP, TITLE_CHARS, lines, titled
from cooperation.health import DEFAULT_THRESHOLDS, Thresholds, recorded_summary, status_label
from cooperation.i18n import format_int, format_number, t
from cooperation.palette import BACKGROUND, STATUS_COLORS
from cooperation.vocab import PARTNER_STATUSES

# Past this many partners the chart drops the name beside each dot; the tooltip still names it.
MAX_NAMED_DOTS = 40
BAND_PX = 100  # one status's band of dots
DOT_AREA = 130  # px² of a dot: 13 px across
GUIDE_COLOR = "#777777"
GUIDE_LABEL_PX = 14  # each threshold's name a line below the one before: two close lines' names would collide
# The legend of the two special marks, written as a note under the title: a Vega-Lite legend gives every
# entry one fill, and these differ by fill (hollow) and by shape.
MARK_NOTES = {"diamond": ("◆", "health.legend_recorded"), "hollow": ("○", "health.legend_since_signing")}


def _jitter(groups: pd.Series, order: pd.Series) -> np.ndarray:
    """Spread the dots of one status evenly over its band, in order of their x, top to bottom.

    Neighbours along x are then a full step apart vertically, so their name labels do not collide.
    Deterministic; a status with one partner sits on the band's centre line.
    """
    rank = order.groupby(groups).rank(method="first").fillna(1) - 1
    size = groups.map(groups.value_counts())
    spread = np.where(size > 1, 0.35 - 0.7 * rank / (size - 1).clip(lower=1), 0.0)
    return np.asarray(spread, dtype=float)


def _halo_and_text(color: str) -> tuple[dict, dict]:
    """The looks of a text drawn twice: a white outline, then the text in `color` on it, so that a name stays
    readable where a threshold line crosses it."""
    return {"color": BACKGROUND, "stroke": BACKGROUND, "strokeWidth": 3, "strokeJoin": "round"}, {"color": color}


def _guides(thresholds: Thresholds, lang: str) -> list[dict]:
    """The active and dormant thresholds as dotted lines, each named at the top of the plot, one under the other."""
    guides = [
        {
            "x": years,
            "label": t(key, lang, years=format_number(years, lang, 0 if years == int(years) else 1)),
            "top": 2 + GUIDE_LABEL_PX * number,
        }
        for number, (years, key) in enumerate(
            ((thresholds.active_years, "health.line_active"), (thresholds.dormant_years, "health.line_dormant"))
        )
    ]
    where = {"x": {"field": "x", "type": "quantitative"}}
    text = {"type": "text", "align": "left", "baseline": "top", "dx": 4, "fontSize": 11}
    return [
        {
            "data": {"values": guides},
            "mark": {"type": "rule", "color": GUIDE_COLOR, "strokeDash": [2, 3]},
            "encoding": where,
        },
        *(
            {
                "data": {"values": guides},
                "mark": {**text, **look},
                "encoding": {
                    **where,
                    "y": {"field": "top", "type": "quantitative", "scale": None},
                    "text": {"field": "label"},
                },
            }
            for look in _halo_and_text(GUIDE_COLOR)
        ),
    ]


def status_chart(health: pd.DataFrame, lang: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> dict:
    """Every partner as a dot: its row is its status, its x how long since the last contact.

    A partner with no contact at all sits at the years since its first agreement (hollow dot): for a
    never-activated partnership that is the silence that matters. Recorded statuses are diamonds. The
    row labels carry the count per status, so the chart is also the "how many" summary. The x axis leaves
    room right of the farthest dot for its name.
    """
    shown = [s for s in PARTNER_STATUSES if (health["status"] == s).any()]
    counts = health["status"].value_counts()
    rows = {s: f"{status_label(s, lang)} · {format_int(counts.get(s, 0), lang)}" for s in shown}
    name_column = f"name_{lang}" if f"name_{lang}" in health.columns else "city_id"

    data = health.assign(
        _x=health["years_since_last"].astype(float).fillna(health["years_since_first_agreement"].astype(float)),
        _since_signing=health["years_since_last"].isna(),
    ).dropna(subset=["_x"])
    data = data.assign(_offset=_jitter(data["status"], data["_x"]))
    recorded = data["status_origin"] == "recorded"
    values = []
    for (_, row), is_recorded in zip(data.iterrows(), recorded):
        color = STATUS_COLORS[row["status"]]
        years = format_number(float(row["_x"]), lang, 1)
        tip = {
            t("common.partner", lang): str(row[name_column]),
            t("health.col.status", lang): status_label(row["status"], lang),
        }
        if row["_since_signing"]:
            tip[t("health.legend_since_signing", lang)] = years
        else:
            tip[t("health.years_since_last", lang)] = years
        if is_recorded:
            tip[t("health.col.recorded", lang)] = recorded_summary(row, lang)
        values.append(
            {
                "name": str(row[name_column]),
                "row": rows[row["status"]],
                "x": round(float(row["_x"]), 2),
                "offset": round(float(row["_offset"]), 3),
                "color": color,
                "fill": BACKGROUND if row["_since_signing"] else color,
                "shape": "diamond" if is_recorded else "circle",
                "tip": tip,
            }
        )
    present = {"diamond": bool(recorded.any()), "hollow": bool(data["_since_signing"].any())}
    notes = [f"{symbol} {t(key, lang)}" for kind, (symbol, key) in MARK_NOTES.items() if present[kind]]
    chart = titled("health.chart_title", lang, BAND_PX * max(len(shown), 2))
    chart["title"]["subtitle"] = notes
    far = data["_x"].max()
    upper = max(float(far) if pd.notna(far) else 0.0, thresholds.dormant_years) * 1.12 + 1
    place = {
        "x": {
            "field": "x",
            "type": "quantitative",
            "title": lines([t("health.x_axis", lang)], TITLE_CHARS),
            # Room right of the farthest dot for its name, and left of 0 for a whole dot.
            "scale": {"domain": [-0.03 * upper, upper], "nice": False, "zero": False},
            "axis": {"gridColor": "#EEEEEE"},
        },
        "y": {
            "field": "row",
            "type": "nominal",
            "title": None,
            "sort": list(rows.values()),
            "scale": {"domain": list(rows.values())},
            "axis": {"grid": False, "labelFontSize": 12, "labelColor": TEXT_COLOR},
        },
        "yOffset": {"field": "offset", "type": "quantitative", "scale": {"domain": [0.5, -0.5]}},
    }
    text = {"type": "text", "align": "left", "dx": 9, "fontSize": 11}
    named = (
        [{"mark": {**text, **look}, "encoding": {"text": {"field": "name"}}} for look in _halo_and_text(TEXT_COLOR)]
        if len(values) <= MAX_NAMED_DOTS
        else []
    )
    return {
        **chart,
        "layer": [
            *_guides(thresholds, lang),
            {
                "data": {"values": values},
                "encoding": place,
                "layer": [
                    {
                        "mark": {"type": "point", "size": DOT_AREA, "strokeWidth": 2, "opacity": 1, "tooltip": True},
                        "encoding": {
                            "shape": {"field": "shape", "type": "nominal", "scale": None},
                            "stroke": {"field": "color", "type": "nominal", "scale": None},
                            "fill": {"field": "fill", "type": "nominal", "scale": None},
                            "tooltip": TIP,
                        },
                    },
                    *named,
                ],
            },
        ],
    }
