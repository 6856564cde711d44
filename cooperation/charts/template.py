"""The look every figure shares: the cut plotly template, fonts, the number format per language (a Russian
hover prints "2,5", an English one "2.5"), the titled figure, the "no data" figure and the legend at the foot.

Every builder in `cooperation.charts` starts from `_figure`, so a chart cannot drift from the others' look.
Text from the data is HTML-escaped (`_escape`) before it reaches a hover or an axis: plotly renders both as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from cooperation.i18n import format_int, normalise_lang, t
from cooperation.palette import NEUTRAL

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
# Decimal mark then thousands separator, as plotly's `separators` wants them: "1 234,5" (the narrow
# no-break space `i18n.format_int` uses, so a chart and a table print a number alike) and "1,234.5".
SEPARATORS = {"ru": ",\u202f", "en": ".,"}
# Bars whose colour means nothing but "how many": a dark and a light grey, so they never read as a sphere.
MAGNITUDE_COLOR = "#5B6470"
# Countries a country chart draws (busiest first): more rows than this no longer fit a dashboard tile readably.
MAX_COUNTRIES = 15
# Legends lie at the foot of the figure in rows of fixed-width entries (five on a dashboard tile, two on a
# phone), in a bottom margin kept for them: beside the plot they took half a phone's width from it.
LEGEND_ROOM = 130
KEY_ROW_PX = 20  # one row of a legend laid out in rows
LEGEND_BELOW = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "xref": "container",
    "y": 0,
    "yanchor": "bottom",
    "yref": "container",
    "entrywidth": 118,
    "entrywidthmode": "pixels",
    "title": {"side": "top left"},
    "font": {"size": 12},
}


def _template() -> go.layout.Template:
    """Plotly's "plotly_white" cut to the trace types and layout the dashboard draws.

    The whole template covers some twenty trace types plus 3-D, polar and geographic axes: building it into
    a figure took 14 ms, and its JSON rode along with every chart; the cut takes a third of that.
    """
    full = pio.templates["plotly_white"].to_plotly_json()
    layout = {k: v for k, v in full["layout"].items() if k not in ("geo", "polar", "scene", "ternary")}
    return go.layout.Template(
        layout=layout, data={k: v for k, v in full["data"].items() if k in ("bar", "scatter", "heatmap")}
    )


TEMPLATE = _template()


def _escape(values: pd.Series) -> pd.Series:
    """Data text made safe for plotly's HTML-rendered hovers and tick labels."""
    return values.fillna("").astype(str).map(html.escape)


def _figure(
    title_key: str, lang: str, height: int, notes: tuple[str, ...] = (), lines: Sequence[str] = ()
) -> go.Figure:
    """A figure with the shared look: title (and notes as subtitle, one per line: a dashboard tile is too
    narrow for two side by side) from the catalogue, then `lines` already written, language separators."""
    lang = normalise_lang(lang)
    written = [t(key, lang) for key in notes] + list(lines)
    subtitle = "<br>".join(written)
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE,
        title={"text": t(title_key, lang), "x": 0, "xanchor": "left", "subtitle": {"text": subtitle}},
        separators=SEPARATORS[lang],
        font={"family": FONT_FAMILY, "size": 13},
        hoverlabel={"font": {"family": FONT_FAMILY}, "align": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60 + 20 * len(written), "b": 10},
        legend=LEGEND_BELOW,
        # Plotly's toolbar stands upright on the right, so on a narrow screen it no longer covers the title.
        modebar={"orientation": "v"},
    )
    return fig


def _no_data(fig: go.Figure, lang: str) -> go.Figure:
    """The titled figure with a "no data" note instead of empty axes, so a page can show it as it is."""
    fig.add_annotation(
        text=t("charts.no_data", lang),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 14, "color": NEUTRAL},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _year_axis(fig: go.Figure, years: pd.Series, lang: str) -> None:
    """Whole years only: no "2020.5" ticks and no "2 020" grouping, whatever the span."""
    first, last = int(years.min()), int(years.max())
    span = last - first
    # Few enough ticks to stand level on a phone: 2020, 2022, 2024 rather than every year turned upright.
    step = 1 if span <= 6 else 2 if span <= 14 else 5 if span <= 40 else 10
    fig.update_xaxes(
        title=t("common.year", lang),
        tickmode="linear",
        tick0=first,
        dtick=step,
        tickformat="d",
        hoverformat="d",
        tickangle=0,
    )


def _height(rows: int, per_row: int = 28, base: int = 140, low: int = 320, high: int = 420) -> int:
    """Room for every bar or row label, within the 320–420 px a dashboard tile allows."""
    return int(min(max(base + rows * per_row, low), high))


def busiest_countries(
    frame: pd.DataFrame, lang: str, limit: int = MAX_COUNTRIES, note_key: str = "charts.top_countries"
) -> tuple[pd.DataFrame, list[str]]:
    """The first `limit` rows of a busiest-first frame of countries, and the line (`note_key`, with `n` and
    `total`) saying what was left out; the big screen passes its own limit and wording."""
    if len(frame) <= limit:
        return frame, []
    return frame.head(limit), [t(note_key, lang, n=limit, total=format_int(len(frame), lang))]


def partner_names(rows: pd.DataFrame, lang: str) -> pd.Series:
    """Each row's partner name in the language (its id without one); a name two partners share gets its
    country added ("Hyderabad (India)"), so two rows of a chart never read alike."""
    names = (rows[f"name_{lang}"] if f"name_{lang}" in rows else rows["city_id"]).fillna(rows["city_id"]).astype(str)
    country = rows[f"country_{lang}"].fillna("").astype(str) if f"country_{lang}" in rows else ""
    return names.where(~names.duplicated(keep=False), names + " (" + country + ")")


def partner_labels(rows: pd.DataFrame, lang: str) -> pd.Series:
    """`partner_names` escaped, for plotly's HTML-rendered hovers and ticks."""
    return _escape(partner_names(rows, lang))


def _count_axis(fig: go.Figure, title_key: str, largest: float, lang: str) -> None:
    """The value axis of horizontal bars with their numbers written outside: room for the longest bar's number
    (plotly fits the bars, not the text beside them, and would cut "1,044" to "10")."""
    fig.update_xaxes(title=t(title_key, lang), tickformat=",d", range=[0, max(float(largest), 1.0) * 1.15])
