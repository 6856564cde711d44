"""The look of the figures drawn with Vega-Lite: the overview's, the first page a visitor opens.

Why a second chart library: a page that holds one plotly chart makes the browser load and run plotly.js
(4.7 MB) before anything is drawn — 1.4 s of the overview's 3.4 s in a fresh Chromium, where an empty
Streamlit app takes 1.0 s (issue 18, `python benchmarks/first_load.py`). Streamlit ships Vega-Lite as well,
and the same three charts in it cost the overview 0.3 s. The other pages keep plotly: staff open them from
a running app, whose browser already holds it.

The look matches `template`'s: the same font, the catalogue's titles and notes, the language's number format
(`SEPARATORS`: "1 234,5" and "1,234.5"), the legend at the foot and a titled "no data" figure for an empty
frame. Vega-Lite draws data text as text and its tooltips escape it, so names go in unescaped (plotly needs
`_escape`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd

from cooperation.charts.template import SEPARATORS
from cooperation.i18n import normalise_lang, t
from cooperation.palette import NEUTRAL

COUNT_FORMAT = ",d"  # whole numbers, grouped as the language groups them
LABEL_LIMIT_PX = 320  # partner names are written whole up to this width
TEXT_COLOR = "#31333F"  # Streamlit's body text: names written in a chart read like the page's
LEGEND_COLUMNS = 2  # entries per legend row: two of the longest Russian names fit a phone's width
# Vega-Lite does not wrap titles: lines are cut to what a phone's width holds at the title's and notes' sizes.
TITLE_CHARS, NOTE_CHARS = 36, 56


# A tooltip from each datum's "tip": an object of title → text, in order, holding only the lines that row has
# (a tooltip list would print "undefined" for a field a row lacks). Vega's tooltip escapes what it shows.
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
            "legend": {"orient": "bottom", "direction": "horizontal", "columns": LEGEND_COLUMNS, "labelLimit": 200},
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


def count_axis(title: str, largest: float) -> dict:
    """The value scale of horizontal bars with their numbers written outside: room for the longest bar's."""
    return {
        "title": title,
        "axis": {"format": COUNT_FORMAT, "tickMinStep": 1, "tickCount": 6},
        "scale": {"domain": [0, max(float(largest), 1.0) * 1.15]},
    }
