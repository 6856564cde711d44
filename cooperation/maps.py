"""Map builders: pydeck decks of Kazan's partner network that render with no internet, and the rows and borders
the overview's small map (`charts.overview.partner_map`, Vega-Lite) draws from.

Every map draws its own countries from the bundled Natural Earth borders in `data/geo/` instead of asking a
base-map service: a forum hall's network is not to be relied on, and a Deck with a falsy `map_style` makes
Streamlit fetch CARTO tiles (shared NOTES.md) — so `map_style` stays at pydeck's default and
`map_provider=None`. The builders are pure (no Streamlit calls): pages lay the deck out, tests read its JSON.

Text from the data (city names, agreement titles) only ever goes into layer data, never into the tooltip
template: the browser escapes the values it substitutes into the template, not the template itself.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from cooperation.borders import LEVELS
from cooperation.i18n import format_date, format_int, label, normalise_lang, t
from cooperation.palette import (
    BACKGROUND,
    HOME_COLOR,
    LAND_FILL,
    LAND_LINE,
    NEUTRAL,
    RELATION_COLORS,
    hex_to_rgb,
)
from cooperation.paths import GEO_DIR
from cooperation.vocab import RELATIONS

# The borders as drawn: each Natural Earth file simplified and quantised for the zoom it is drawn at
# (`cooperation.borders`, data/geo/README.md): "50m" for the map page, "110m" for the slides, "world" for any
# map fitted to the whole world.
RESOLUTIONS: tuple[str, ...] = tuple(LEVELS)
COUNTRY_PROPERTIES: tuple[str, ...] = ("iso_a2", "name_en", "name_ru")
# Below this zoom the view shows about the whole world, and the "world" level is finer than a pixel there
# (cooperation/borders.py): a map fitted this wide draws it whatever level it asked for.
DETAIL_ZOOM = 1.5
WORLD_LEVEL = "world"
# Positions sent to the browser: three decimals are about 100 m, finer than any marker.
POSITION_DECIMALS = 3
# What the browser needs of a partner's dot: its tooltip, its look, and city_id (a click reads it back).
# The arcs carry only their end and look: they are not pickable. The selected partner's ring is a layer of
# its own, so the thousand other dots carry no line width.
TOOLTIP_FIELDS: tuple[str, ...] = ("name", "country", "agreements", "contacts_label", "last_label")
PARTNER_FIELDS: tuple[str, ...] = ("city_id", *TOOLTIP_FIELDS, "lat", "lon", "radius", "color")
ARC_FIELDS: tuple[str, ...] = ("lat", "lon", "width", "arc_color")
# The rows go to the browser under one-letter keys (the rest keep their short names): at 1,000 partners the
# long keys were a fifth of what the map page sent. `tooltip_template` and `selected_city` use the same.
WIRE_KEYS: dict[str, str] = {
    "city_id": "id",
    "name": "n",
    "country": "c",
    "agreements": "a",
    "contacts_label": "k",
    "last_label": "d",
    "arc_color": "g",
}

# Layer ids are stable: Streamlit keys a chart's selection by layer id (see `selected_city`).
COUNTRIES_LAYER = "countries"
ARCS_LAYER = "arcs"
PARTNERS_LAYER = "partners"
HOME_LAYER = "home"
SELECTED_LAYER = "selected"
LABELS_LAYER = "labels"

# Marker radius and arc width in pixels; sizes grow with the square root of contacts so that area, not
# radius, is proportional to the count, and a partner with no contacts is still a visible dot.
MIN_RADIUS, MAX_RADIUS = 4.0, 14.0
HOME_RADIUS = 7.0
MIN_WIDTH, WIDTH_RANGE = 1.0, 6.0
COMPACT_SCALE = 0.7  # markers and arcs of the overview's small map (charts.overview), scaled to a tile
MARKER_ALPHA, ARC_ALPHA, ARC_DIMMED_ALPHA = 230, 200, 60
SELECTED_LINE_WIDTH = 2
# Arcs rise above the map plane and would hide the dots and labels drawn after them; those layers skip the
# depth test so the order of the layers decides what is on top.
ON_TOP = {"depthCompare": "always"}
# Arc peak height as a share of the default: a lower arc stays inside a map fitted to its end points.
ARC_HEIGHT = 0.5

# deck.gl's Web Mercator world is 512 pixels wide at zoom 0. The chart's width is not known when the deck
# is built, so the view is fitted to a width no wider than Streamlit's centred layout; wider is only roomier.
WORLD_PIXELS = 512
ASSUMED_WIDTH = 700
VIEW_PADDING = 0.15
MIN_ZOOM, MAX_ZOOM = 1.0, 6.0
MAX_LATITUDE = 85.0

LABEL_SIZE = 12
# Average glyph width as a share of the font size, for guessing a label's box before the browser draws it.
GLYPH_WIDTH = 0.6
LABEL_GAP = 3
# Names written on the map: the most contacted partners. More would only print over one another (and the
# placement costs grow with the square of their number); every partner keeps its name in the tooltip.
MAX_LABELS = 40

TEXT_COLOR = "#1F2328"
TOOLTIP_STYLE: dict[str, str] = {
    "backgroundColor": BACKGROUND,
    "color": TEXT_COLOR,
    "border": f"1px solid {LAND_LINE}",
    "borderRadius": "4px",
    "padding": "6px 8px",
    "fontSize": "13px",
    "maxWidth": "320px",
}

# Where a label may sit around its point, in order of preference: (text anchor, baseline, unit offset).
LABEL_SLOTS: tuple[tuple[str, str, tuple[float, float]], ...] = (
    ("start", "center", (1.0, 0.0)),
    ("end", "center", (-1.0, 0.0)),
    ("middle", "bottom", (0.0, -1.0)),
    ("middle", "top", (0.0, 1.0)),
    ("start", "bottom", (0.7, -0.7)),
    ("start", "top", (0.7, 0.7)),
    ("end", "bottom", (-0.7, -0.7)),
    ("end", "top", (-0.7, 0.7)),
)

Box = tuple[float, float, float, float]


class CompactDeck(pdk.Deck):
    """A Deck whose JSON carries no indentation and is encoded once.

    pydeck indents its JSON by two spaces per level and GeoJSON coordinates nest five levels deep, so the
    borders would grow about fivefold. Streamlit calls `to_json()` on every rerun, and the
    pages keep a built deck in a shared cache: encoding the 50m borders again each time took 75 ms. So a deck
    is finished before it is first shown; changing it after that has no effect on what is sent. Text goes
    as UTF-8, not as \\u escapes: a Russian name costs two bytes a letter instead of six.
    """

    def to_json(self) -> str:
        encoded = self.__dict__.get("_encoded")
        if encoded is None:
            encoded = json.dumps(
                self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False
            )
            self._encoded = encoded
        return encoded


def _unwrapped(ring: list[list[float]]) -> list[list[float]]:
    """A ring that crosses the antimeridian, drawn continuously; a ring that circles the globe, unchanged.

    The borders of Fiji and Chukotka jump from +180° to -180° inside a ring, and deck.gl draws such a jump
    as a band across the whole world. Carried past ±180° instead, each point is a step from the previous
    one; Antarctica, which really spans all longitudes, would then span more than 360° and is left alone.
    """
    longitudes = [point[0] for point in ring]
    if max(longitudes) - min(longitudes) <= 180:
        return ring
    out = [list(ring[0])]
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        lon += 360 * round((previous - lon) / 360)
        out.append([lon, lat])
    longitudes = [point[0] for point in out]
    return out if max(longitudes) - min(longitudes) <= 180 else ring


def _polygons(geometry: dict) -> list:
    """A Polygon's or MultiPolygon's rings, unwrapped at the antimeridian."""

    def polygon(rings: list) -> list:
        return [_unwrapped(ring) for ring in rings]

    if geometry["type"] == "Polygon":
        return polygon(geometry["coordinates"])
    return [polygon(part) for part in geometry["coordinates"]]


def load_countries(resolution: str = "110m") -> dict:
    """The country borders as drawn, read once per process; treat the result as read-only.

    Both name_ru and name_en stay on each feature, so one cached copy serves both languages (the maps send
    neither). "50m" is the detailed level, about three times the bytes of "110m", which maps use by default.
    """
    if resolution not in RESOLUTIONS:
        raise ValueError(f"resolution must be one of {', '.join(RESOLUTIONS)}, not {resolution!r}")
    return _read_countries(resolution)


@functools.cache
def _read_countries(resolution: str) -> dict:
    """Cached on the validated name alone, so `load_countries()` and `load_countries("110m")` share a copy."""
    raw = json.loads((GEO_DIR / LEVELS[resolution].output).read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "properties": {key: feature["properties"].get(key) for key in COUNTRY_PROPERTIES},
            "geometry": {"type": feature["geometry"]["type"], "coordinates": _polygons(feature["geometry"])},
        }
        for feature in raw["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    """Twice the ring's area in the lon/lat plane: positive when it runs anticlockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]]))


@functools.cache
def spherical_countries(resolution: str = WORLD_LEVEL) -> tuple[dict, ...]:
    """The borders as d3-geo (Vega-Lite's maps) reads them: every ring clockwise, Antarctica left out.

    A spherical renderer reads an anticlockwise ring as the rest of the globe, and the files wind rings either
    way; a ring is turned by its area in `load_countries`' copy, which is unwrapped at the antimeridian (a sphere
    has no seam, so it stays so). Antarctica, the one ring around a pole, has no plane orientation, and no
    partner map reaches it. Features carry only `iso_a2`; treat the result as read-only.
    """

    def clockwise(rings: list) -> list:
        return [ring[::-1] if _signed_area(ring) > 0 else ring for ring in rings]

    features = []
    for feature in load_countries(resolution)["features"]:
        iso = feature["properties"]["iso_a2"]
        if iso == "AQ":
            continue
        geometry = feature["geometry"]
        parts = geometry["coordinates"]
        coordinates = clockwise(parts) if geometry["type"] == "Polygon" else [clockwise(part) for part in parts]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": geometry["type"], "coordinates": coordinates},
                "properties": {"iso_a2": iso},
            }
        )
    return tuple(features)


def _inert(text: object) -> str:
    """Data text as a plain string that deck.gl's JSON converter leaves alone.

    The converter walks layer data too and turns strings starting with "@@" into functions or constants; a
    zero-width space in front keeps a stray "@@=…" in a city name from being evaluated.
    """
    value = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    return "\u200b" + value if value.startswith("@@") else value


def has_position(frame: pd.DataFrame) -> pd.Series:
    """Rows with a latitude and a longitude on the globe: the ones a map can place."""
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    return lat.between(-90, 90) & lon.between(-180, 180)


def last_label(value: object, precision: object, lang: str) -> str:
    """A last contact's date as written at its precision, or a dash for none."""
    if value is None or pd.isna(value):
        return t("common.none", lang)
    return format_date(pd.Timestamp(value), lang, precision if isinstance(precision, str) and precision else "day")


def tooltip_template(lang: str) -> str:
    """The tooltip in `lang`: catalogue words around the rows' values ("Contacts: {k}"), so the words are
    sent once per map, not once per partner. Only catalogue text is in it, never data (see the module)."""
    fields = {field: "{" + WIRE_KEYS.get(field, field) + "}" for field in TOOLTIP_FIELDS}
    return (
        f"<b>{fields['name']}</b><br/>{fields['country']}<br/>{fields['agreements']}<br/>"
        f"{t('map.tooltip_contacts', lang, count=fields['contacts_label'])}<br/>"
        f"{t('map.tooltip_last_contact', lang, date=fields['last_label'])}"
    )


def _wire(rows: pd.DataFrame, fields: Sequence[str]) -> list[dict[str, Any]]:
    """The rows as the browser gets them: only `fields`, under their WIRE_KEYS."""
    return rows[list(fields)].rename(columns=WIRE_KEYS).to_dict(orient="records")


def map_rows(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One display row per partner that has coordinates: tooltip values in `lang`, sizes and colours.

    `contacts_label` and `last_label` are the values the tooltip's words frame (`tooltip_template`): the
    count as written in `lang`, and the last contact's date (or a dash).

    The agreements line comes from `agreements_<lang>` (as `metrics.partner_summary` gives it) or else from
    a single `agreements_label` column.
    Partners without coordinates are left out here and named by `unplaced_note`, so a missing position
    never breaks the map.
    """
    lang = normalise_lang(lang)
    placed = summary[has_position(summary)]
    contacts = pd.to_numeric(placed["contacts"], errors="coerce").fillna(0).clip(lower=0).astype(int)
    most = max(int(contacts.max()) if len(contacts) else 0, 1)
    share = (contacts / most).map(math.sqrt)
    relation = placed["relation"].astype("string").fillna("")
    agreements = placed[f"agreements_{lang}"] if f"agreements_{lang}" in placed else placed["agreements_label"]
    return pd.DataFrame(
        {
            "city_id": placed["city_id"].astype(str),
            "name": placed[f"name_{lang}"].map(_inert),
            "country": placed[f"country_{lang}"].map(_inert),
            "agreements": [
                _inert(text) if _inert(text).strip() else t("map.no_agreements", lang) for text in agreements
            ],
            "contacts": contacts,
            "contacts_label": [format_int(n, lang) for n in contacts],
            "last_label": [
                last_label(value, precision, lang)
                for value, precision in zip(placed["last_contact"], placed["last_precision"])
            ],
            "relation": relation.astype(object),
            "lat": pd.to_numeric(placed["lat"]).astype(float),
            "lon": pd.to_numeric(placed["lon"]).astype(float),
            "radius": MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * share,
            "width": MIN_WIDTH + WIDTH_RANGE * share,
            "color": [hex_to_rgb(RELATION_COLORS.get(r, NEUTRAL), MARKER_ALPHA) for r in relation],
        },
        index=placed.index,
    ).reset_index(drop=True)


def unplaced_note(summary: pd.DataFrame, lang: str) -> str | None:
    """The sentence naming partners the map cannot show for want of coordinates, or None if it shows all."""
    missing = summary[~has_position(summary)]
    if missing.empty:
        return None
    names = ", ".join(str(name) for name in missing[f"name_{normalise_lang(lang)}"])
    return t("map.unplaced", lang, names=names)


def alt_text(summary: pd.DataFrame, home: pd.Series, lang: str) -> str:
    """A short description of the map for screen readers (`st.pydeck_chart(alt=…)`)."""
    count = int(has_position(summary).sum())
    return t("map.alt", lang, home=str(home.get(f"name_{normalise_lang(lang)}", "")), count=count)


def _mercator_y(lat: float) -> float:
    """Latitude as a share of the Web Mercator world's height, 0 at the top."""
    phi = math.radians(max(-MAX_LATITUDE, min(MAX_LATITUDE, lat)))
    return (1 - math.log(math.tan(math.pi / 4 + phi / 2)) / math.pi) / 2


def _latitude_of(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp((1 - 2 * y) * math.pi)) - math.pi / 2)


def fit_view(lats: Sequence[float], lons: Sequence[float], height: int, width: int = ASSUMED_WIDTH) -> pdk.ViewState:
    """The view that shows every point with a margin: centred on the bounding box, zoomed to fit it.

    Zoom stays between world scale (1) and regional scale (6), so two nearby cities do not fill the screen.
    """
    if not lats:
        return pdk.ViewState(latitude=20.0, longitude=0.0, zoom=MIN_ZOOM, pitch=0, bearing=0)
    west, east = min(lons), max(lons)
    top, bottom = _mercator_y(max(lats)), _mercator_y(min(lats))
    usable_width, usable_height = width * (1 - 2 * VIEW_PADDING), height * (1 - 2 * VIEW_PADDING)
    zooms = [MAX_ZOOM]
    if east > west:
        zooms.append(math.log2(usable_width * 360 / (WORLD_PIXELS * (east - west))))
    if bottom > top:
        zooms.append(math.log2(usable_height / (WORLD_PIXELS * (bottom - top))))
    zoom = max(MIN_ZOOM, min(zooms))
    return pdk.ViewState(
        latitude=round(_latitude_of((top + bottom) / 2), 4),
        longitude=round((west + east) / 2, 4),
        zoom=round(zoom, 2),
        pitch=0,
        bearing=0,
    )


def _pixel(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    scale = WORLD_PIXELS * 2**zoom
    return (lon + 180) / 360 * scale, _mercator_y(lat) * scale


def _label_box(
    x: float, y: float, anchor: str, baseline: str, offset: tuple[float, float], text_width: float, text_height: float
) -> Box:
    x += offset[0]
    y += offset[1]
    left = {"start": x, "end": x - text_width, "middle": x - text_width / 2}[anchor]
    upper = {"top": y, "bottom": y - text_height, "center": y - text_height / 2}[baseline]
    return left, upper, left + text_width, upper + text_height


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def place_labels(
    points: Sequence[tuple[float, float, float, str]], zoom: float, size: int = LABEL_SIZE
) -> list[tuple[str, str, list[float]]]:
    """For each (lat, lon, marker radius, text), the label slot that overlaps least at the initial zoom.

    Five Chinese partners sit within a few degrees of each other; labels all to the right of their dots
    would print over one another at world zoom. Labels are placed in the given order (the most important
    first) around markers and earlier labels; zooming in only moves them further apart.
    """
    pixels = [_pixel(lat, lon, zoom) for lat, lon, _, _ in points]
    markers = [(x - r, y - r, x + r, y + r) for (x, y), (_, _, r, _) in zip(pixels, points)]
    placed: list[Box] = []
    slots: list[tuple[str, str, list[float]]] = []
    for index, ((x, y), (_, _, radius, text)) in enumerate(zip(pixels, points)):
        text_width, text_height = len(text) * size * GLYPH_WIDTH + 4, size * 1.25
        gap = radius + LABEL_GAP
        obstacles = placed + [box for other, box in enumerate(markers) if other != index]
        best = None
        for anchor, baseline, (dx, dy) in LABEL_SLOTS:
            offset = (dx * gap, dy * gap)
            box = _label_box(x, y, anchor, baseline, offset, text_width, text_height)
            cost = sum(_overlap(box, other) for other in obstacles)
            if best is None or cost < best[0]:
                best = (cost, box, (anchor, baseline, [round(offset[0], 1), round(offset[1], 1)]))
            if cost == 0:
                break
        placed.append(best[1])
        slots.append(best[2])
    return slots


def home_values(home: pd.Series, summary: pd.DataFrame, lang: str) -> dict[str, str]:
    """The home city's tooltip values (`map_rows`' names): its contacts are all the partners' contacts, its
    last one the latest."""
    contacts = pd.to_numeric(summary["contacts"], errors="coerce").fillna(0).clip(lower=0).sum()
    dated = summary.dropna(subset=["last_contact"]).sort_values("last_contact", kind="stable")
    last = dated.iloc[-1] if len(dated) else None
    return {
        "city_id": str(home.get("city_id", "")),
        "name": _inert(home.get(f"name_{lang}")),
        "country": _inert(home.get(f"country_{lang}")),
        "agreements": label("role", "home", lang),
        "contacts_label": format_int(int(contacts), lang),
        "last_label": last_label(
            None if last is None else last["last_contact"], None if last is None else last["last_precision"], lang
        ),
    }


def _home_row(home: pd.Series, summary: pd.DataFrame, lang: str) -> dict[str, Any]:
    """The home city's row as the deck gets it: `home_values` under their WIRE_KEYS, and its position."""
    return {
        **{WIRE_KEYS[key]: value for key, value in home_values(home, summary, lang).items()},
        "lat": round(float(home["lat"]), POSITION_DECIMALS),
        "lon": round(float(home["lon"]), POSITION_DECIMALS),
    }


def _blend(over: str, alpha: int, under: str) -> list[int]:
    """`over` at `alpha` (0–255) drawn on the opaque `under`, as one opaque colour."""
    return [round(a * alpha / 255 + b * (255 - alpha) / 255) for a, b in zip(hex_to_rgb(over), hex_to_rgb(under))]


LAND_RGB = hex_to_rgb(LAND_FILL)
# The partners' countries: the neutral grey at 60/255 over the land, as a second layer of their borders drew
# it before (that layer sent China's or Italy's borders twice; at 1,000 partners nearly every border twice).
PARTNER_LAND_RGB = _blend(NEUTRAL, 60, LAND_FILL)


def _country_layer(summary: pd.DataFrame, resolution: str) -> pdk.Layer:
    """Every country in a light fill, the partners' countries slightly darker (needs `country_iso2`).

    Each feature goes out with its fill colour as its only property: shallow copies that share the cached
    geometry, which is never changed; the names stay in the process.
    """
    wanted = set(summary["country_iso2"].dropna().astype(str)) if "country_iso2" in summary else set()
    features = [
        {
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {"fill": PARTNER_LAND_RGB if feature["properties"]["iso_a2"] in wanted else LAND_RGB},
        }
        for feature in load_countries(resolution)["features"]
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id=COUNTRIES_LAYER,
        pickable=False,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=hex_to_rgb(LAND_LINE),
        line_width_min_pixels=0.5,
        line_width_units="'pixels'",
        get_line_width=0.5,
    )


def partner_map(
    summary: pd.DataFrame,
    home: pd.Series,
    lang: str,
    *,
    resolution: str = "110m",
    selected: str | None = None,
    height: int = 520,
) -> pdk.Deck:
    """The partner network: countries, arcs from the home city sized by contacts, partner dots, labels.

    `summary` has one row per partner (city_id, name_*, country_*, lat, lon, contacts, last_contact,
    last_precision, agreements_<lang> or agreements_label, relation; country_iso2 tints the partners'
    countries), as `metrics.partner_summary` makes it. `height` is
    the chart's height in pixels as the page passes it to `st.pydeck_chart`; the view is fitted to it.
    `selected` rings that partner and dims
    the other arcs. Show it with `st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object",
    key=…)`; `selected_city` reads the click back. `resolution` is the most detail wanted: a view fitted to
    the whole world (below DETAIL_ZOOM) draws the 110m level, which is as fine as its pixels.
    """
    lang = normalise_lang(lang)
    rows = map_rows(summary, lang)
    rows["radius"] = rows["radius"].round(1)
    rows["width"] = rows["width"].round(1)
    rows["arc_color"] = [
        color[:3] + [ARC_DIMMED_ALPHA if selected and city != selected else ARC_ALPHA]
        for color, city in zip(rows["color"], rows["city_id"])
    ]
    rows[["lat", "lon"]] = rows[["lat", "lon"]].round(POSITION_DECIMALS)
    records = _wire(rows, PARTNER_FIELDS)
    arcs = _wire(rows, ARC_FIELDS)

    has_home = bool(pd.notna(home.get("lat")) and pd.notna(home.get("lon")))
    home_rows = [_home_row(home, summary[has_position(summary)], lang)] if has_home else []
    lats = [r["lat"] for r in records + home_rows]
    lons = [r["lon"] for r in records + home_rows]
    view = fit_view(lats, lons, height)

    layers = [_country_layer(summary, resolution if view.zoom >= DETAIL_ZOOM else WORLD_LEVEL)]
    if has_home:
        layers.append(
            pdk.Layer(
                "ArcLayer",
                arcs,
                id=ARCS_LAYER,
                pickable=False,
                great_circle=True,
                get_source_position=[home_rows[0]["lon"], home_rows[0]["lat"]],
                get_target_position=["lon", "lat"],
                get_source_color=WIRE_KEYS["arc_color"],
                get_target_color=WIRE_KEYS["arc_color"],
                get_width="width",
                width_units="'pixels'",
                get_height=ARC_HEIGHT,
            )
        )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            records,
            id=PARTNERS_LAYER,
            pickable=True,
            auto_highlight=True,
            get_position=["lon", "lat"],
            get_radius="radius",
            radius_units="'pixels'",
            get_fill_color="color",
            parameters=ON_TOP,
        )
    )
    ringed = [row for row in records if selected and row[WIRE_KEYS["city_id"]] == selected]
    if ringed:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                ringed,
                id=SELECTED_LAYER,
                pickable=False,
                get_position=["lon", "lat"],
                get_radius="radius",
                radius_units="'pixels'",
                filled=False,
                stroked=True,
                get_line_color=hex_to_rgb(HOME_COLOR),
                get_line_width=SELECTED_LINE_WIDTH,
                line_width_units="'pixels'",
                parameters=ON_TOP,
            )
        )
    if has_home:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                home_rows,
                id=HOME_LAYER,
                pickable=True,
                get_position=["lon", "lat"],
                get_radius=HOME_RADIUS,
                radius_units="'pixels'",
                get_fill_color=hex_to_rgb(HOME_COLOR),
                stroked=True,
                get_line_color=hex_to_rgb(BACKGROUND),
                get_line_width=1.5,
                line_width_units="'pixels'",
                parameters=ON_TOP,
            )
        )
    labelled = [{**row, "radius": HOME_RADIUS} for row in home_rows] + [
        records[i] for i in rows.sort_values("contacts", ascending=False, kind="stable").index[:MAX_LABELS]
    ]
    name = WIRE_KEYS["name"]
    slots = place_labels([(r["lat"], r["lon"], r["radius"], r[name]) for r in labelled], view.zoom)
    labels = [
        {
            "name": r[name],
            "lat": r["lat"],
            "lon": r["lon"],
            "anchor": anchor,
            "baseline": baseline,
            "offset": offset,
        }
        for r, (anchor, baseline, offset) in zip(labelled, slots)
    ]
    layers.append(
        pdk.Layer(
            "TextLayer",
            labels,
            id=LABELS_LAYER,
            pickable=False,
            get_position=["lon", "lat"],
            get_text="name",
            get_size=LABEL_SIZE,
            size_units="'pixels'",
            get_text_anchor="anchor",
            get_alignment_baseline="baseline",
            get_pixel_offset="offset",
            get_color=hex_to_rgb(TEXT_COLOR),
            background=True,
            get_background_color=hex_to_rgb(BACKGROUND, 200),
            background_padding=[2, 1],
            character_set="'auto'",
            font_family="'sans-serif'",
            parameters=ON_TOP,
        )
    )
    return CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_provider=None,
        tooltip={"html": tooltip_template(lang), "style": TOOLTIP_STYLE},
    )


def relation_key(summary: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(label, colour) of each relation the partners on a map have, in `RELATIONS` order: the map's colour key."""
    present = set(summary["relation"].dropna())
    return [
        (label("relation", relation, lang), RELATION_COLORS[relation]) for relation in RELATIONS if relation in present
    ]


def selected_city(event: object) -> str | None:
    """The city_id of the partner clicked on a `partner_map`, from what `st.pydeck_chart` returned.

    Streamlit returns `{"selection": {"indices": {layer_id: [i]}, "objects": {layer_id: [row]}}}`; a click
    on a partner's dot counts (the arcs are not pickable: their rows would double what a load sends).
    Anything else — nothing clicked, the home city, a stale or malformed state — gives None rather than an
    error, because it comes from the browser.
    """
    try:
        objects = event["selection"]["objects"]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return None
    if not isinstance(objects, Mapping):
        return None
    picked = objects.get(PARTNERS_LAYER)
    if isinstance(picked, Sequence) and not isinstance(picked, str) and picked and isinstance(picked[0], Mapping):
        city = picked[0].get(WIRE_KEYS["city_id"])
        if isinstance(city, str) and city:
            return city
    return None
