"""Kazan beside Russia as a whole: the overview's national comparison, one panel per kind of count."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from cooperation.charts.template import _customdata, _escape, _figure, _no_data
from cooperation.i18n import format_int, normalise_lang, t
from cooperation.palette import HOME_COLOR, NEUTRAL

SIDE_COLORS = {"kazan": HOME_COLOR, "national": NEUTRAL}


def national_scope(frame: pd.DataFrame, lang: str) -> str:
    """ "in this data (10 of 74 partners)": how much of Kazan's record a count from the data stands on."""
    values = frame.set_index("measure")["value"]
    shown = format_int(int(values.get("partner_cities_in_data", 0)), lang)
    if "partner_cities_known" in values:
        return t("national.scope", lang, shown=shown, total=format_int(int(values["partner_cities_known"]), lang))
    return t("national.scope_unknown", lang, shown=shown)


def _panel_title(panel: str, rows: pd.DataFrame, lang: str) -> str:
    if panel in ("partner_cities", "countries", "agreements"):
        return t(f"national.panel.{panel}", lang)
    return t("national.panel.country", lang, b=html.escape(str(rows[f"country_{lang}"].iloc[0])))


def national_comparison_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of `metrics.national_comparison`, one panel per kind of count (its `panel`), each
    with its own axis: partner cities beside partner cities, links beside links, never 10 beside 154 on one
    scale. A count from the data says "in this data (10 of 74 partners)". Kazan's figures in Kazan's colour."""
    lang = normalise_lang(lang)
    panels = list(dict.fromkeys(frame["panel"])) if not frame.empty else []
    fig = _figure("charts.national.title", lang, 120 + 46 * len(frame) + 70 * len(panels), ("charts.national.note",))
    if frame.empty:
        return _no_data(fig, lang)
    scope = national_scope(frame, lang)
    names = pd.Series(
        [
            t(key, lang, a=a, b=b, scope=scope)
            for key, a, b in zip(
                frame["label_key"], _escape(frame[f"country_a_{lang}"]), _escape(frame[f"country_{lang}"])
            )
        ],
        index=frame.index,
    )
    as_of = _escape(frame["as_of"].where(frame["as_of"].fillna("") != "", frame["note"]))
    source = _escape(frame["source_file"].where(frame["source_file"].fillna("") != "", frame["source"]))
    sizes = [int((frame["panel"] == panel).sum()) for panel in panels]
    # Room between panels for the axis ticks of one and the title of the next.
    fig.set_subplots(
        rows=len(panels),
        cols=1,
        vertical_spacing=min(0.45 / len(panels), 0.12),
        row_heights=sizes,
        subplot_titles=[_panel_title(p, frame[frame["panel"] == p], lang) for p in panels],
    )
    shown_sides: set[str] = set()
    for row_number, panel in enumerate(panels, start=1):
        in_panel = frame["panel"] == panel
        for side in ("kazan", "national"):
            rows = in_panel & (frame["side"] == side)
            if not rows.any():
                continue
            fig.add_bar(
                x=frame.loc[rows, "value"],
                y=names[rows],
                orientation="h",
                row=row_number,
                col=1,
                name=t(f"charts.national.side.{side}", lang),
                marker_color=SIDE_COLORS[side],
                legendgroup=side,
                showlegend=side not in shown_sides,
                texttemplate="%{x:,d}",
                textposition="outside",
                cliponaxis=False,
                customdata=_customdata(as_of[rows], source[rows]),
                hovertemplate=f"<b>%{{y}}</b><br>{t('charts.value', lang)}: %{{x:,d}}<br>"
                f"{t('charts.as_of', lang)}: %{{customdata[0]}}<br>"
                f"{t('common.source', lang)}: %{{customdata[1]}}<extra></extra>",
            )
            shown_sides.add(side)
        fig.update_yaxes(
            categoryorder="array",
            categoryarray=names[in_panel].tolist(),
            autorange="reversed",
            title=None,
            row=row_number,
            col=1,
        )
        # Room on the right of the longest bar for its number.
        fig.update_xaxes(
            range=[0, max(float(frame.loc[in_panel, "value"].max()), 1) * 1.18], tickformat=",d", row=row_number, col=1
        )
    fig.update_annotations(font_size=13, xanchor="left", x=0)
    fig.update_layout(barmode="overlay", legend_title_text=t("charts.national.legend", lang))
    return fig
