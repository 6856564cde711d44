"""The overview's figures, as Vega-Lite specs (`vega` says why): contacts per year by sphere, the most contacted
partners, the small map of the partners, and Kazan beside Russia as a whole.

Each builder takes the same `cooperation.metrics` frame as the dashboard's other figures and follows their rules:
spheres bottom-up in vocabulary order in their palette colours, years whole and every year of the span on the
axis, the most contacted partner on top, one axis per kind of national count. Contacts per year by sphere is
`activity.per_year_by_sphere`, which the activity page and the slides draw too. The small map takes `maps`'
rows (sizes, colours, the tooltip's values) and borders, and draws what the map page's deck.gl map draws,
without deck.gl: 3 MB of JavaScript and a WebGL context the first page does not need for a glance.
"""

from __future__ import annotations

import math

import pandas as pd

from cooperation import maps
from cooperation.charts.national import national_scope, panel_title
from cooperation.charts.vega import (
    COUNT_FORMAT,
    MAGNITUDE_COLOR,
    TEXT_COLOR,
    count_axis,
    no_data,
    partner_names,
    records,
    spec,
    titled,
)
from cooperation.i18n import normalise_lang, t
from cooperation.palette import BACKGROUND, HOME_COLOR, LAND_FILL, LAND_LINE, NEUTRAL, RELATION_COLORS

SIDE_COLORS = {"kazan": HOME_COLOR, "national": NEUTRAL}
BAR_ROW_PX = 28  # one partner's bar, name beside it
PANEL_ROW_PX = 44  # one row of a national panel: its name on a line above its bar (names are long)
PANEL_BAR_PX = 14


def top_partners(frame: pd.DataFrame, lang: str) -> dict:
    """Horizontal bars of `metrics.top_partners`, most contacted on top, each with its number, the last contact
    in the tooltip."""
    lang = normalise_lang(lang)
    chart = titled("charts.top_partners.title", lang, BAR_ROW_PX * max(len(frame), 3))
    if frame.empty:
        return no_data(chart, lang)
    frame = frame.sort_values("contacts", ascending=False, kind="stable")
    names = partner_names(frame, lang).tolist()
    values = [
        {"partner": name, "country": country, "contacts": int(count), "last": last}
        for name, country, count, last in zip(
            names,
            frame[f"country_{lang}"].fillna(""),
            frame["contacts"],
            [maps.last_label(d, p, lang) for d, p in zip(frame["last_contact"], frame["last_precision"])],
        )
    ]
    partner, contacts = t("common.partner", lang), t("common.contacts", lang)
    return {
        **chart,
        "data": {"values": values},
        "encoding": {
            "y": {"field": "partner", "type": "nominal", "title": None, "sort": names},
            "x": {"field": "contacts", "type": "quantitative", **count_axis(contacts, frame["contacts"].max())},
            "tooltip": [
                {"field": "partner", "title": partner},
                {"field": "country", "title": t("common.country", lang)},
                {"field": "contacts", "title": contacts, "format": COUNT_FORMAT},
                {"field": "last", "title": t("common.last_contact", lang)},
            ],
        },
        "layer": [
            {"mark": {"type": "bar", "color": MAGNITUDE_COLOR}},
            {
                "mark": {"type": "text", "align": "left", "dx": 3},
                "encoding": {"text": {"field": "contacts", "format": COUNT_FORMAT}},
            },
        ],
    }


def national_comparison(frame: pd.DataFrame, lang: str) -> list[dict]:
    """`metrics.national_comparison` as one chart per kind of count (its `panel`), each with its own axis:
    partner cities beside partner cities, links beside links, never 10 beside 154 on one scale. The first
    chart carries the title and the note, the last the colour key; Kazan's figures in Kazan's colour.

    One chart per panel rather than one faceted chart: Vega-Lite fits only a single view to the page's width,
    and the panels must fit a phone."""
    lang = normalise_lang(lang)
    title, note = t("charts.national.title", lang), t("charts.national.note", lang)
    if frame.empty:
        return [no_data(spec(title, lang, 200, [note]), lang)]
    scope = national_scope(frame, lang)
    rows = frame.assign(
        name=[
            t(key, lang, a=a, b=b, scope=scope)
            for key, a, b in zip(
                frame["label_key"], frame[f"country_a_{lang}"].fillna(""), frame[f"country_{lang}"].fillna("")
            )
        ],
        as_of=frame["as_of"].where(frame["as_of"].fillna("") != "", frame["note"]).fillna(""),
        source=frame["source_file"].where(frame["source_file"].fillna("") != "", frame["source"]).fillna(""),
        side_name=[t(f"charts.national.side.{side}", lang) for side in frame["side"]],
    )
    panels = list(dict.fromkeys(rows["panel"]))
    sides = [side for side in SIDE_COLORS if (rows["side"] == side).any()]
    value, legend = t("charts.value", lang), t("charts.national.legend", lang)
    charts = []
    for number, panel in enumerate(panels):
        in_panel = rows[rows["panel"] == panel]
        heading = panel_title(panel, in_panel, lang)
        chart = (
            spec(title, lang, PANEL_ROW_PX * len(in_panel), [note, heading])
            if number == 0
            else spec(heading, lang, PANEL_ROW_PX * len(in_panel))
        )
        last = number == len(panels) - 1
        charts.append(
            {
                **chart,
                "data": {"values": records(in_panel[["name", "value", "as_of", "source", "side_name"]])},
                "encoding": {
                    "y": {"field": "name", "type": "nominal", "axis": None, "sort": in_panel["name"].tolist()},
                    "tooltip": [
                        {"field": "name", "title": legend},
                        {"field": "value", "title": value, "format": COUNT_FORMAT},
                        {"field": "as_of", "title": t("charts.as_of", lang)},
                        {"field": "source", "title": t("common.source", lang)},
                    ],
                },
                "layer": [
                    {
                        "mark": {"type": "bar", "size": PANEL_BAR_PX, "yOffset": PANEL_BAR_PX / 2},
                        "encoding": {
                            "x": {
                                "field": "value",
                                "type": "quantitative",
                                **count_axis(None, in_panel["value"].max()),
                            },
                            "color": {
                                "field": "side_name",
                                "type": "nominal",
                                "title": legend,
                                "scale": {
                                    "domain": [t(f"charts.national.side.{s}", lang) for s in sides],
                                    "range": [SIDE_COLORS[s] for s in sides],
                                },
                                "legend": {} if last else None,
                            },
                        },
                    },
                    {
                        "mark": {"type": "text", "align": "left", "dx": 3, "yOffset": PANEL_BAR_PX / 2},
                        "encoding": {
                            "x": {"field": "value", "type": "quantitative"},
                            "text": {"field": "value", "format": COUNT_FORMAT},
                        },
                    },
                    # The row's name on the line above its bar: a phone has no room for it beside the bar.
                    {
                        "mark": {
                            "type": "text",
                            "align": "left",
                            "baseline": "bottom",
                            "yOffset": -2,
                            "fontSize": 12,
                            "color": TEXT_COLOR,
                        },
                        "encoding": {"x": {"datum": 0}, "text": {"field": "name"}},
                    },
                ],
            }
        )
    return charts


PARTNER_LAND = "#{:02X}{:02X}{:02X}".format(*maps.PARTNER_LAND_RGB)  # the partners' countries, as on the map page


def _fit_box(lats: list[float], lons: list[float]) -> dict:
    """The points' box with `maps.VIEW_PADDING` around it, as the GeoJSON the projection is fitted to."""
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    pad_lat = max((north - south) * maps.VIEW_PADDING, 2.0)
    pad_lon = max((east - west) * maps.VIEW_PADDING, 2.0)
    south, north = max(south - pad_lat, -maps.MAX_LATITUDE), min(north + pad_lat, maps.MAX_LATITUDE)
    west, east = max(west - pad_lon, -180.0), min(east + pad_lon, 180.0)
    return {
        "type": "Feature",
        "geometry": {"type": "MultiPoint", "coordinates": [[west, south], [east, north], [west, north], [east, south]]},
    }


def partner_map(summary: pd.DataFrame, home: pd.Series, lang: str, height: int = 360) -> dict:
    """The partner network on a tile: countries, great-circle lines from the home city sized by contacts,
    partner dots coloured by relation with `maps`' tooltip values; fitted to the partners and the home city.

    `summary` is `metrics.partner_summary`'s frame, as `maps.partner_map` takes it."""
    lang = normalise_lang(lang)
    rows = maps.map_rows(summary, lang)
    wanted = set(summary["country_iso2"].dropna().astype(str)) if "country_iso2" in summary else set()
    countries = [
        {"type": "Feature", "geometry": f["geometry"], "properties": {"partner": f["properties"]["iso_a2"] in wanted}}
        for f in maps.spherical_countries(maps.WORLD_LEVEL)
    ]
    has_home = bool(pd.notna(home.get("lat")) and pd.notna(home.get("lon")))
    origin = [round(float(home["lon"]), maps.POSITION_DECIMALS), round(float(home["lat"]), maps.POSITION_DECIMALS)]
    partners = [
        {
            "name": row.name,
            "country": row.country,
            "agreements": row.agreements,
            "contacts": row.contacts_label,
            "last": row.last_label,
            "lon": round(row.lon, maps.POSITION_DECIMALS),
            "lat": round(row.lat, maps.POSITION_DECIMALS),
            "area": round(math.pi * (row.radius * maps.COMPACT_SCALE) ** 2, 1),
            "width": round(row.width * maps.COMPACT_SCALE, 1),
            "color": RELATION_COLORS.get(row.relation, NEUTRAL),
        }
        for row in rows.itertuples()
    ]
    points = partners + ([{"lon": origin[0], "lat": origin[1]}] if has_home else [])
    chart = spec(None, lang, height)
    tooltip = [
        {"field": "name", "title": t("common.partner", lang)},
        {"field": "country", "title": t("common.country", lang)},
        {"field": "agreements", "title": t("common.agreements", lang)},
        {"field": "contacts", "title": t("common.contacts", lang)},
        {"field": "last", "title": t("common.last_contact", lang)},
    ]
    where = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    layers: list[dict] = [
        {
            "data": {
                "values": {"type": "FeatureCollection", "features": countries},
                "format": {"property": "features"},
            },
            "mark": {"type": "geoshape", "stroke": LAND_LINE, "strokeWidth": 0.5, "clip": True},
            "encoding": {
                "fill": {"condition": {"test": "datum.properties.partner", "value": PARTNER_LAND}, "value": LAND_FILL}
            },
        }
    ]
    if has_home and partners:
        layers.append(
            {
                "data": {
                    "values": [
                        {
                            "type": "Feature",
                            "geometry": {"type": "LineString", "coordinates": [origin, [p["lon"], p["lat"]]]},
                            "properties": {"color": p["color"], "width": p["width"]},
                        }
                        for p in partners
                    ]
                },
                "mark": {"type": "geoshape", "filled": False, "strokeOpacity": 0.8, "clip": True},
                "encoding": {
                    "stroke": {"field": "properties.color", "type": "nominal", "scale": None},
                    "strokeWidth": {"field": "properties.width", "type": "quantitative", "scale": None},
                },
            }
        )
    if partners:
        layers.append(
            {
                "data": {"values": partners},
                "mark": {"type": "circle", "opacity": 0.9, "clip": True},
                "encoding": {
                    **where,
                    "size": {"field": "area", "type": "quantitative", "scale": None},
                    "color": {"field": "color", "type": "nominal", "scale": None},
                    "tooltip": tooltip,
                },
            }
        )
    if has_home:
        values = maps.home_values(home, summary[maps.has_position(summary)], lang)
        home_row = {key: values[key] for key in ("name", "country", "agreements")}
        home_row |= {"contacts": values["contacts_label"], "last": values["last_label"]}
        layers.append(
            {
                "data": {"values": [{**home_row, "lon": origin[0], "lat": origin[1]}]},
                "mark": {"type": "circle", "color": HOME_COLOR, "stroke": BACKGROUND, "strokeWidth": 1.5, "opacity": 1},
                "encoding": {
                    **where,
                    "size": {"value": round(math.pi * (maps.HOME_RADIUS * maps.COMPACT_SCALE) ** 2)},
                    "tooltip": tooltip,
                },
            }
        )
    fit = [_fit_box([p["lat"] for p in points], [p["lon"] for p in points])] if points else None
    return {
        **chart,
        "projection": {"type": "mercator", **({"fit": {"type": "FeatureCollection", "features": fit}} if fit else {})},
        "layer": layers,
    }
