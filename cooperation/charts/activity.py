"""The activity figures of the overview, activity and partner pages: contacts per year, by sphere, setting,
partner and country, as bars and heatmaps over the small frames of `cooperation.metrics`, as Vega-Lite specs
(`vega` says why)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from cooperation.charts.vega import (
    COUNT_FORMAT,
    MAGNITUDE_COLOR,
    TEXT_COLOR,
    busiest_countries,
    count_axis,
    no_data,
    records,
    spec,
    titled,
)
from cooperation.i18n import label, normalise_lang, t
from cooperation.palette import NEUTRAL, SETTING_COLORS, SPHERE_COLORS
from cooperation.vocab import SETTINGS, SPHERES

HEATMAP_RANGE = ["#F4F7FB", "#1F4E79"]
PER_YEAR_HEIGHT = 300  # px of plot; the title, notes and legend come on top
ROW_PX = 28  # one bar of a ranked chart, its name beside it
COUNTRY_ROW_PX = 40  # one country: its two bars side by side
CELL_PX = 30  # one row of a heatmap
CELL_TEXT_PX = 20  # a cell narrower than this has no room for its number
CELL_TEXT = 0.5  # a cell darker than this share of the largest count writes its number in white


def _stacked_by_year(
    frame: pd.DataFrame,
    column: str,
    values: Sequence[str],
    colors: Mapping[str, str],
    chart: dict,
    lang: str,
) -> dict:
    """Stacked bars per year of a long frame (year, `column`, contacts): one colour per value present,
    bottom-up in vocabulary order; every year of the span on the axis, so a year without contacts shows as
    the gap it is; the legend titled by the column's name."""
    if frame.empty or frame["contacts"].sum() == 0:
        return no_data(chart, lang)
    present = frame.groupby(column, observed=True)["contacts"].sum()
    shown = [v for v in values if present.get(v, 0) > 0]
    rows = frame[frame["contacts"] > 0]
    names = {v: label(column, v, lang) for v in shown}
    data = [
        {"year": str(int(year)), "value": names[value], "order": shown.index(value), "contacts": int(count)}
        for year, value, count in zip(rows["year"], rows[column].astype(str), rows["contacts"])
    ]
    years = [str(year) for year in range(int(frame["year"].min()), int(frame["year"].max()) + 1)]
    title, year, contacts = t(f"common.{column}", lang), t("common.year", lang), t("common.contacts", lang)
    return {
        **chart,
        "data": {"values": data},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "title": year,
                "scale": {"domain": years},
                "axis": {"labelAngle": 0, "labelOverlap": "parity"},
            },
            "y": {
                "field": "contacts",
                "type": "quantitative",
                "stack": "zero",
                "title": contacts,
                "axis": {"format": COUNT_FORMAT, "tickMinStep": 1},
            },
            "color": {
                "field": "value",
                "type": "nominal",
                "title": title,
                "scale": {"domain": [names[v] for v in shown], "range": [colors[v] for v in shown]},
            },
            "order": {"field": "order"},
            "tooltip": [
                {"field": "value", "title": title},
                {"field": "year", "title": year},
                {"field": "contacts", "title": contacts, "format": COUNT_FORMAT},
            ],
        },
    }


def per_year_by_sphere(frame: pd.DataFrame, lang: str) -> dict:
    """Stacked bars of `metrics.contacts_per_year_by_sphere`: one colour per sphere, bottom-up in vocab order."""
    lang = normalise_lang(lang)
    chart = titled(
        "charts.per_year_by_sphere.title",
        lang,
        PER_YEAR_HEIGHT,
        ("charts.multi_sphere_note", "charts.start_year_note"),
    )
    return _stacked_by_year(frame, "sphere", SPHERES, SPHERE_COLORS, chart, lang)


def setting_by_year_chart(frame: pd.DataFrame, lang: str) -> dict:
    """Stacked bars of `metrics.setting_by_year`: in Kazan, in the partner city, elsewhere, online, not stated."""
    lang = normalise_lang(lang)
    chart = titled("charts.setting_by_year.title", lang, PER_YEAR_HEIGHT, ("charts.start_year_note",))
    return _stacked_by_year(frame, "setting", SETTINGS, SETTING_COLORS, chart, lang)


def _number_beside(field: str) -> dict:
    """A bar's number written just past its end."""
    return {
        "mark": {"type": "text", "align": "left", "dx": 3, "color": TEXT_COLOR},
        "encoding": {"text": {"field": field, "format": COUNT_FORMAT}},
    }


def by_country_chart(frame: pd.DataFrame, lang: str) -> dict:
    """Paired horizontal bars of `metrics.by_country`: partner cities and contacts per country, the
    MAX_COUNTRIES busiest when there are more (a note says how many there are)."""
    lang = normalise_lang(lang)
    frame, cut = busiest_countries(frame, lang)
    chart = spec(t("charts.by_country.title", lang), lang, COUNTRY_ROW_PX * max(len(frame), 3), cut)
    if frame.empty:
        return no_data(chart, lang)
    country = t("common.country", lang)
    measures = {"partners": t("charts.partners", lang), "contacts": t("common.contacts", lang)}
    colors = {"partners": NEUTRAL, "contacts": MAGNITUDE_COLOR}
    countries = frame[f"country_{lang}"].astype(str).tolist()
    data = [
        {"country": name, "measure": measures[column], "order": order, "value": int(value)}
        for name, row in zip(countries, frame.itertuples())
        for order, column in enumerate(measures)
        for value in (getattr(row, column),)
    ]
    value = t("charts.value", lang)
    return {
        **chart,
        "data": {"values": data},
        "encoding": {
            "y": {"field": "country", "type": "nominal", "title": country, "sort": countries},
            "yOffset": {"field": "measure", "type": "nominal", "sort": list(measures.values())},
            "x": {
                "field": "value",
                "type": "quantitative",
                **count_axis(value, frame[list(measures)].to_numpy().max()),
            },
            "tooltip": [
                {"field": "country", "title": country},
                {"field": "measure", "title": value},
                {"field": "value", "title": value, "format": COUNT_FORMAT},
            ],
        },
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    # The key sits above the bars: at the foot of a long list it would be off the screen.
                    "color": {
                        "field": "measure",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": list(measures.values()), "range": list(colors.values())},
                        "legend": {"orient": "top"},
                    },
                },
            },
            _number_beside("value"),
        ],
    }


def _ranked_spheres(frame: pd.DataFrame, chart: dict, lang: str) -> dict:
    """Horizontal bars of `metrics.sphere_totals`, largest on top, each in its sphere's colour with its number
    beside it; the tooltip gives the share of all contacts."""
    if frame.empty or frame["contacts"].sum() == 0:
        return no_data(chart, lang)
    frame = frame.sort_values("contacts", ascending=False, kind="stable")
    spheres = frame["sphere"].astype(str).tolist()
    names = [label("sphere", s, lang) for s in spheres]
    data = [
        {"sphere": name, "contacts": int(count), "share": float(share), "color": SPHERE_COLORS[s]}
        for name, s, count, share in zip(names, spheres, frame["contacts"], frame["share"])
    ]
    sphere, contacts = t("common.sphere", lang), t("common.contacts", lang)
    return {
        **chart,
        "data": {"values": data},
        "encoding": {
            "y": {"field": "sphere", "type": "nominal", "title": sphere, "sort": names},
            "x": {"field": "contacts", "type": "quantitative", **count_axis(contacts, frame["contacts"].max())},
            "tooltip": [
                {"field": "sphere", "title": sphere},
                {"field": "contacts", "title": contacts, "format": COUNT_FORMAT},
                {"field": "share", "title": t("charts.share", lang), "format": ".0%"},
            ],
        },
        "layer": [
            {"mark": {"type": "bar"}, "encoding": {"color": {"field": "color", "type": "nominal", "scale": None}}},
            _number_beside("contacts"),
        ],
    }


def sphere_totals_chart(frame: pd.DataFrame, lang: str) -> dict:
    """Horizontal bars of `metrics.sphere_totals`, largest on top, each in its sphere's colour."""
    lang = normalise_lang(lang)
    chart = titled("charts.sphere_totals.title", lang, ROW_PX * max(len(frame), 3), ("charts.multi_sphere_note",))
    return _ranked_spheres(frame, chart, lang)


def partner_spheres_chart(frame: pd.DataFrame, lang: str) -> dict:
    """`sphere_totals_chart` for one partner's profile: untitled (the section heading says it) and only as tall
    as its bars, a partner having a few spheres where the dashboard has them all."""
    lang = normalise_lang(lang)
    return _ranked_spheres(frame, spec(None, lang, ROW_PX * max(len(frame), 2)), lang)


def _heatmap(cells: pd.DataFrame, x: dict, y: dict, chart: dict, lang: str) -> dict:
    """Counts as colour (`cells`: x, y, contacts), the non-zero counts written in their cells (zeros left
    blank to keep it legible), in white where the cell is dark."""
    contacts = t("common.contacts", lang)
    largest = int(cells["contacts"].max())
    columns = cells["x"].nunique()
    data = records(cells)
    return {
        **chart,
        "data": {"values": data},
        "encoding": {
            "x": {"field": "x", "type": "ordinal", **x},
            "y": {"field": "y", "type": "ordinal", **y},
        },
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "#FFFFFF", "strokeWidth": 1, "tooltip": True},
                "encoding": {
                    "color": {
                        "field": "contacts",
                        "type": "quantitative",
                        "title": contacts,
                        "scale": {"range": HEATMAP_RANGE, "domainMin": 0},
                        "legend": {
                            "format": COUNT_FORMAT,
                            "tickMinStep": 1,
                            "orient": "right",
                            "direction": "vertical",
                        },
                    },
                    "tooltip": [
                        {"field": "y", "title": y["title"]},
                        {"field": "x", "title": x["title"]},
                        {"field": "contacts", "title": contacts, "format": COUNT_FORMAT},
                    ],
                },
            },
            {
                # On a phone twenty-odd years leave a cell narrower than its number: the colour says it alone.
                "transform": [{"filter": f"datum.contacts > 0 && width / {columns} >= {CELL_TEXT_PX}"}],
                "mark": {"type": "text", "fontSize": 11},
                "encoding": {
                    "text": {"field": "contacts", "format": COUNT_FORMAT},
                    "color": {
                        "condition": {"test": f"datum.contacts > {CELL_TEXT * largest}", "value": "#FFFFFF"},
                        "value": TEXT_COLOR,
                    },
                },
            },
        ],
    }


def sphere_year_heatmap(matrix: pd.DataFrame, lang: str) -> dict:
    """Heatmap of `metrics.sphere_by_year`: spheres down, years across; drawn the page's full width, so that
    twenty-odd years leave each cell room for its number."""
    lang = normalise_lang(lang)
    chart = titled(
        "charts.sphere_year.title",
        lang,
        CELL_PX * max(len(matrix), 3),
        ("charts.multi_sphere_note", "charts.start_year_note"),
    )
    if matrix.empty or matrix.to_numpy().sum() == 0:
        return no_data(chart, lang)
    names = [label("sphere", s, lang) for s in matrix.index]
    years = [str(int(y)) for y in matrix.columns]
    cells = pd.DataFrame(matrix.to_numpy(dtype="int64"), index=names, columns=years).stack().reset_index()
    cells.columns = ["y", "x", "contacts"]
    return _heatmap(
        cells,
        {"title": t("common.year", lang), "sort": years, "axis": {"labelAngle": 0, "labelOverlap": "parity"}},
        {"title": t("common.sphere", lang), "sort": names},
        chart,
        lang,
    )


def country_sphere_heatmap(matrix: pd.DataFrame, lang: str) -> dict:
    """Heatmap of `metrics.country_by_sphere`: countries down (the MAX_COUNTRIES busiest), spheres across,
    their names slanted when the page is narrow."""
    lang = normalise_lang(lang)
    matrix, cut = busiest_countries(matrix, lang)
    chart = spec(
        t("charts.country_sphere.title", lang),
        lang,
        CELL_PX * max(len(matrix), 3),
        [t("charts.multi_sphere_note", lang), *cut],
    )
    if matrix.empty or matrix.to_numpy().sum() == 0:
        return no_data(chart, lang)
    countries = [str(c) for c in matrix.index.get_level_values(f"country_{lang}")]
    spheres = [label("sphere", s, lang) for s in matrix.columns]
    cells = pd.DataFrame(matrix.to_numpy(dtype="int64"), index=countries, columns=spheres).stack().reset_index()
    cells.columns = ["y", "x", "contacts"]
    return _heatmap(
        cells,
        {"title": t("common.sphere", lang), "sort": spheres, "axis": {"labelAngle": -35, "labelOverlap": False}},
        {"title": t("common.country", lang), "sort": countries},
        chart,
        lang,
    )
