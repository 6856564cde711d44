"""The look every chart shares, in Vega-Lite: the catalogue's titles and notes, the language's numbers, the
legend at the foot, a titled "no data" figure, the rows a chart keeps and the names it writes.

Why Vega-Lite: Streamlit ships it, and it draws in the page's SVG with no library of its own to load. A page
holding one plotly chart made the browser load and run plotly.js (4.7 MB) before drawing anything: 2.2× an
empty Streamlit app's first page, against 1.5× with one Vega-Lite chart (issue 18,
`python benchmarks/first_load.py --floors`). Every page and slide now draws with it; only the map page and the
map slide keep deck.gl.

Numbers follow the language (`SEPARATORS`: "1 234,5" and "1,234.5", as `i18n.format_int` prints them in
tables). Vega-Lite draws data text as text and its tooltips escape it, so names go in as written.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd

from cooperation.i18n import format_int, normalise_lang, t
from cooperation.palette import NEUTRAL

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
# Decimal mark then thousands separator: "1 234,5" (the narrow no-break space `i18n.format_int` uses, so a
# chart and a table print a number alike) and "1,234.5".
SEPARATORS = {"ru": ",\u202f", "en": ".,"}
# Bars whose colour means nothing but "how many": a dark and a light grey, so they never read as a sphere.
MAGNITUDE_COLOR = "#5B6470"
# Countries a country chart draws (busiest first): more rows than this no longer fit a dashboard tile readably.
MAX_COUNTRIES = 15

COUNT_FORMAT = ",d"  # whole numbers, grouped as the language groups them
LABEL_LIMIT_PX = 320  # partner names are written whole up to this width
TEXT_COLOR = "#31333F"  # Streamlit's body text: names written in a chart read like the page's
LEGEND_COLUMNS = 2  # entries per legend row: two of the longest Russian names fit a phone's width
LEGEND_LABEL_PX = 140  # "Градостроительство" whole, and two columns within a phone's 360 px
# Vega-Lite does not wrap titles: lines are cut to what a phone's width holds at the title's and notes' sizes.
TITLE_CHARS, NOTE_CHARS = 36, 56


# A tooltip from each datum's "tip": an object of title → text, in order, holding only the lines that row has
# (a tooltip list would print "undefined" for a field a row lacks). Vega's tooltip escapes what it shows. Only
# in a layer's own data: Streamlit sends a chart's top-level data as an Arrow table, which holds no such object.
TIP = {"field": "tip", "type": "nominal"}


def locale(lang: str) -> dict:
    """Vega's number locale for the language, from the separators every chart uses."""
    decimal, thousands = SEPARATORS[normalise_lang(lang)]
    return {"number": {"decimal": decimal, "thousands": thousands, "grouping": [3], "currency": ["", ""]}}


def lines(texts: Sequence[str], width: int = NOTE_CHARS) -> list[str]:
    """The texts cut into lines of at most `width` characters (an axis title as long as a note, too)."""
    return [line for text in texts for line in textwrap.wrap(text, width) or [""]]


def spec(title: str | None, lang: str, height: int, subtitle: Sequence[str] = ()) -> dict:
    """A chart with the shared look: `title` and `subtitle` lines already written (no title: None), the
    language's numbers. The font is the page's (Streamlit's chart theme), so a chart reads like the text around it."""
    chart: dict = {
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "locale": locale(lang),
            "legend": {
                "orient": "bottom",
                "direction": "horizontal",
                "columns": LEGEND_COLUMNS,
                "labelLimit": LEGEND_LABEL_PX,
                "columnPadding": 12,
            },
            "axis": {"labelLimit": LABEL_LIMIT_PX},
        },
    }
    if title is not None:
        chart["title"] = {
            "text": lines([title], TITLE_CHARS),
            "subtitle": lines(subtitle, NOTE_CHARS),
            "anchor": "start",
            "subtitleColor": NEUTRAL,
        }
    return chart


def titled(title_key: str, lang: str, height: int, notes: tuple[str, ...] = ()) -> dict:
    """`spec` with its title and notes (one per line) from the catalogue."""
    return spec(t(title_key, lang), lang, height, [t(key, lang) for key in notes])


def no_data(chart: dict, lang: str, note_key: str = "charts.no_data") -> dict:
    """The titled chart with a "no data" note (or the page's own, `note_key`) where the plot would be, so a
    page can show it as it is."""
    return {
        **chart,
        "data": {"values": [{"note": t(note_key, lang)}]},
        "mark": {"type": "text", "fontSize": 14, "color": NEUTRAL},
        "encoding": {"text": {"field": "note"}},
    }


def records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as a chart's data: a missing value becomes JSON's null (a NaN would make the spec
    invalid JSON), numbers Python's own."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


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


def count_axis(title: str, largest: float) -> dict:
    """The value scale of horizontal bars with their numbers written outside: room for the longest bar's."""
    return {
        "title": title,
        "axis": {"format": COUNT_FORMAT, "tickMinStep": 1, "tickCount": 6},
        "scale": {"domain": [0, max(float(largest), 1.0) * 1.15]},
    }
