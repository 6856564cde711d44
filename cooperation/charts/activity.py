"""The activity figures of the overview, activity and partner pages: contacts per year, by sphere, setting,
partner and country, as bars and heatmaps over the small frames of `cooperation.metrics`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cooperation.charts.template import (
    LEGEND_ROOM,
    MAGNITUDE_COLOR,
    _count_axis,
    _escape,
    _figure,
    _height,
    _no_data,
    _year_axis,
    busiest_countries,
)
from cooperation.i18n import format_int, label, labels, normalise_lang, t
from cooperation.palette import NEUTRAL, SETTING_COLORS, SPHERE_COLORS
from cooperation.vocab import SETTINGS, SPHERES

HEATMAP_SCALE = [[0.0, "#F4F7FB"], [1.0, "#1F4E79"]]


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


def contacts_per_year_by_sphere_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars of `metrics.contacts_per_year_by_sphere`: one colour per sphere, bottom-up in vocab order."""
    lang = normalise_lang(lang)
    fig = _figure("charts.per_year_by_sphere.title", lang, 400, ("charts.multi_sphere_note", "charts.start_year_note"))
    return _stacked_by_year(fig, frame, "sphere", SPHERES, SPHERE_COLORS, lang)


def setting_by_year_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars of `metrics.setting_by_year`: in Kazan, in the partner city, elsewhere, online, not stated."""
    lang = normalise_lang(lang)
    fig = _figure("charts.setting_by_year.title", lang, 380, ("charts.start_year_note",))
    return _stacked_by_year(fig, frame, "setting", SETTINGS, SETTING_COLORS, lang)


def _ranked_axis(fig: go.Figure, names: pd.Series, title_key: str, lang: str) -> None:
    """The category axis of horizontal bars, in the frame's order from the top (largest first)."""
    fig.update_yaxes(
        title=t(title_key, lang), categoryorder="array", categoryarray=names.tolist(), autorange="reversed"
    )


def _ranked_bars(
    fig: go.Figure, contacts: pd.Series, names: pd.Series, title_key: str, lang: str, **bar: object
) -> go.Figure:
    """One series of horizontal bars of contacts, largest on top, each with its number outside, no legend."""
    fig.add_bar(
        x=contacts, y=names, orientation="h", texttemplate="%{x:,d}", textposition="outside", cliponaxis=False, **bar
    )
    _ranked_axis(fig, names, title_key, lang)
    _count_axis(fig, "common.contacts", contacts.max(), lang)
    fig.update_layout(showlegend=False)
    return fig


def by_country_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Grouped horizontal bars of `metrics.by_country`: partner cities and contacts per country, the
    MAX_COUNTRIES busiest when there are more."""
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


def sphere_totals_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of `metrics.sphere_totals`, largest on top, each in its sphere's colour."""
    lang = normalise_lang(lang)
    fig = _figure("charts.sphere_totals.title", lang, _height(len(frame), per_row=26), ("charts.multi_sphere_note",))
    if frame.empty or frame["contacts"].sum() == 0:
        return _no_data(fig, lang)
    frame = frame.sort_values("contacts", ascending=False, kind="stable")
    spheres = frame["sphere"].astype(str)
    names = spheres.map(labels("sphere", SPHERES, lang))
    return _ranked_bars(
        fig,
        frame["contacts"],
        names,
        "common.sphere",
        lang,
        marker_color=spheres.map(SPHERE_COLORS).tolist(),
        customdata=frame[["share"]].to_numpy(),
        hovertemplate=f"<b>%{{y}}</b><br>{t('common.contacts', lang)}: %{{x:,d}}<br>"
        f"{t('charts.share', lang)}: %{{customdata[0]:.0%}}<extra></extra>",
    )


def partner_spheres_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """`sphere_totals_chart` for one partner's profile: untitled (the section heading says it) and only as tall
    as its bars, a partner having a few spheres where the dashboard has them all."""
    fig = sphere_totals_chart(frame, lang)
    fig.update_layout(title_text="", margin_t=30, height=max(180, 60 + 34 * len(frame)))
    return fig


def _heatmap(fig: go.Figure, z: np.ndarray, x: list, y: list, x_title: str, y_title: str, lang: str) -> go.Figure:
    """Counts as colour, with the non-zero counts written in the cells (zeros left blank to keep it legible).

    Cell texts are formatted here, per language, because a texttemplate cannot leave zeros blank; a heatmap
    has at most a few hundred cells.
    """
    text = [[format_int(value, lang) if value else "" for value in row] for row in z.tolist()]
    fig.add_heatmap(
        z=z,
        x=x,
        y=y,
        text=text,
        texttemplate="%{text}",
        colorscale=HEATMAP_SCALE,
        xgap=1,
        ygap=1,
        colorbar={"title": {"text": t("common.contacts", lang)}, "tickformat": ",d", "thickness": 12},
        hovertemplate=f"{y_title}: %{{y}}<br>{x_title}: %{{x}}<br>"
        f"{t('common.contacts', lang)}: %{{z:,d}}<extra></extra>",
    )
    fig.update_yaxes(title=y_title, autorange="reversed")
    fig.update_xaxes(title=x_title)
    return fig


def sphere_year_heatmap(matrix: pd.DataFrame, lang: str) -> go.Figure:
    """Heatmap of `metrics.sphere_by_year`: spheres down, years across; drawn the page's full width, so that
    twenty-odd years leave each cell room for its number."""
    lang = normalise_lang(lang)
    fig = _figure(
        "charts.sphere_year.title",
        lang,
        _height(len(matrix), per_row=34, base=190, high=520),
        ("charts.multi_sphere_note", "charts.start_year_note"),
    )
    if matrix.empty or matrix.to_numpy().sum() == 0:
        return _no_data(fig, lang)
    names = [label("sphere", s, lang) for s in matrix.index]
    _heatmap(
        fig,
        matrix.to_numpy(dtype="int64"),
        [int(y) for y in matrix.columns],
        names,
        t("common.year", lang),
        t("common.sphere", lang),
        lang,
    )
    _year_axis(fig, pd.Series(matrix.columns), lang)
    return fig


def country_sphere_heatmap(matrix: pd.DataFrame, lang: str) -> go.Figure:
    """Heatmap of `metrics.country_by_sphere`: countries down (the MAX_COUNTRIES busiest), spheres across.

    Its height leaves the sphere names below the cells (slanted when the page is narrow) and the colour bar
    room beside a single country's row."""
    lang = normalise_lang(lang)
    matrix, lines = busiest_countries(matrix, lang)
    fig = _figure(
        "charts.country_sphere.title",
        lang,
        _height(len(matrix), per_row=30, base=230, high=720),
        ("charts.multi_sphere_note",),
        lines,
    )
    if matrix.empty or matrix.to_numpy().sum() == 0:
        return _no_data(fig, lang)
    countries = _escape(pd.Series(matrix.index.get_level_values(f"country_{lang}"))).tolist()
    spheres = [label("sphere", s, lang) for s in matrix.columns]
    return _heatmap(
        fig,
        matrix.to_numpy(dtype="int64"),
        spheres,
        countries,
        t("common.sphere", lang),
        t("common.country", lang),
        lang,
    )
