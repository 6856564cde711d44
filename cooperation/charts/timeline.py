"""The timeline: every contact over time, one row per partner, thinned to what a browser can draw. A
Vega-Lite spec, as the overview's are (`vega` says why)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cooperation.charts.vega import COUNT_FORMAT, LABEL_LIMIT_PX, no_data, partner_names, records, spec
from cooperation.i18n import format_int, label, labels, normalise_lang, t
from cooperation.palette import FORMAT_SYMBOLS, NEUTRAL, SPHERE_COLORS
from cooperation.vocab import FORMATS, SPHERES

# Above this many contacts the timeline draws one mark per partner and month (or year): a browser handles a
# few thousand SVG points, and more cannot be told apart on one screen anyway.
TIMELINE_MAX_POINTS = 3000
# Rows the timeline draws: 26 px each fill the tallest chart a page gives it (the table lists every contact).
TIMELINE_MAX_PARTNERS = 50
ENTRY_HOVER_CHARS = 200
ROW_PX = 26  # one partner's row
TIMELINE_MAX_HEIGHT = 1300  # px of plot at most: with its title and keys, the tallest a page shows
DOT_AREA = 80  # px² of a contact's mark: 10 px across
PERIOD_PX = 12  # the height of a period's bar, about half a row


def _entry_hover(text: pd.Series) -> pd.Series:
    """An entry flattened to one line and cut to ~200 characters at a word break, for the tooltip; the
    tooltip writes it as text, so nothing in it is markup."""
    flat = text.fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()
    cut = flat.str.slice(0, ENTRY_HOVER_CHARS - 1).str.replace(r"\s+\S{0,30}$", "", regex=True) + "…"
    return flat.where(flat.str.len() <= ENTRY_HOVER_CHARS, cut)


def _partners(frame: pd.DataFrame, lang: str) -> tuple[np.ndarray, np.ndarray]:
    """Each row's partner code, and each code's display name in the language, worked out once.

    A name two partners share ("Hyderabad" in India and in Pakistan) gets its country added. Codes keep the
    grouping on integers, which is what makes the timeline cheap at a million contacts.
    """
    codes, _ = pd.factorize(frame["city_id"])
    rows = frame.iloc[np.flatnonzero(codes >= 0)[np.unique(codes[codes >= 0], return_index=True)[1]]]
    return codes, np.append(partner_names(rows, lang).to_numpy(dtype=object), "")  # code -1 (no city) → ""


def _sphere_list_labels(spheres: pd.Series, lang: str) -> pd.Series:
    """ "governance|digital" → "Governance, Digital", decoded once per distinct list."""
    codes, uniques = pd.factorize(spheres.fillna(""))
    decoded = np.array(
        [", ".join(label("sphere", s, lang) for s in u.split("|") if s) for u in uniques] + [""], dtype=object
    )
    return pd.Series(decoded[codes], index=spheres.index)


def _first_sphere(spheres: pd.Series, chosen: Sequence[str] = ()) -> np.ndarray:
    """Index in SPHERES of each contact's timeline colour (-1 if none): the first sphere the source names or,
    under a sphere filter, the first of the chosen ones — a culture filter should show culture's colour."""
    codes, uniques = pd.factorize(spheres)

    def colour_of(listed: str) -> str:
        named = listed.split("|")
        return next((sphere for sphere in named if sphere in chosen), named[0])

    first = pd.Categorical([colour_of(str(u)) for u in uniques], categories=list(SPHERES)).codes
    return np.append(first, -1)[codes].astype("int64")


def _is_period(contacts: pd.DataFrame) -> pd.Series:
    """A contact drawn as a bar: a span of years ("2002-2018", "В 2021 году"), or of months over a month."""
    start, end = contacts["date_start"], contacts["date_end"].fillna(contacts["date_start"])
    precision = contacts["date_precision"].fillna("")
    months_apart = (end.dt.year - start.dt.year) * 12 + (end.dt.month - start.dt.month)
    return ((precision == "year") & (end > start)) | ((precision == "month") & (months_apart > 0))


def _keys(spheres: list[str], formats: list[str], lang: str) -> dict:
    """The colour of each sphere and the shape of each format shown, as encodings with their legends."""
    sphere_names = [label("sphere", s, lang) for s in spheres]
    format_names = [label("format", f, lang) for f in formats]
    return {
        "color": {
            "field": "sphere",
            "type": "nominal",
            "title": t("common.sphere", lang),
            "scale": {"domain": sphere_names, "range": [SPHERE_COLORS[s] for s in spheres]},
            # One entry a line: the key starts where the plot does, right of the partners' names, and a phone
            # has no room left there for two columns of sphere names.
            "legend": {"symbolOpacity": 1, "symbolType": "square", "symbolSize": 120, "columns": 1},
        },
        "shape": {
            "field": "format",
            "type": "nominal",
            "title": t("common.format", lang),
            "scale": {"domain": format_names, "range": [FORMAT_SYMBOLS[f] for f in formats]},
            # Above the plot, one entry a line: two keys side by side at its foot overflow a phone's width.
            "legend": {
                "symbolFillColor": NEUTRAL,
                "symbolStrokeColor": NEUTRAL,
                "orient": "top",
                "columns": 1,
                "labelLimit": LABEL_LIMIT_PX,
            },
        },
    }


def _timeline_contacts(
    dated: pd.DataFrame, names: pd.Series, lang: str, chosen: Sequence[str]
) -> tuple[list[dict], list[dict], list[str], list[str]]:
    """Every contact: a mark for a dated one, a bar over a period; the rows and their layers."""
    first = pd.Series(
        np.append(np.array(SPHERES, dtype=object), "")[_first_sphere(dated["spheres"], chosen)], index=dated.index
    )
    period = _is_period(dated).to_numpy()
    end = (dated["date_end"].fillna(dated["date_start"]) + pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d")
    frame = pd.DataFrame(
        {
            "partner": names.to_numpy(dtype=object),
            "start": dated["date_start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "end": np.where(period, end.to_numpy(dtype=object), None),
            "sphere": first.map(labels("sphere", SPHERES, lang)).fillna("").to_numpy(),
            "format": dated["format"].map(labels("format", FORMATS, lang)).fillna("").to_numpy(),
            "date": dated["date_text"].fillna("").astype(str).to_numpy(),
            "spheres": _sphere_list_labels(dated["spheres"], lang).to_numpy(),
            "entry": _entry_hover(dated["text_ru"]).to_numpy(),
        }
    )
    tooltip = [
        {"field": "partner", "title": t("common.partner", lang)},
        {"field": "date", "title": t("common.date", lang)},
        {"field": "format", "title": t("common.format", lang)},
        {"field": "spheres", "title": t("charts.spheres", lang)},
        {"field": "entry", "title": t("common.entry", lang)},
    ]
    spheres = [s for s in SPHERES if (first == s).any()]
    formats = [f for f in FORMATS if (dated["format"] == f).any()]
    keys = _keys(spheres, formats, lang)
    layers = [
        {
            "transform": [{"filter": "datum.end != null"}],
            "mark": {"type": "bar", "opacity": 0.55, "height": PERIOD_PX, "tooltip": True},
            "encoding": {"x2": {"field": "end"}, "color": keys["color"], "tooltip": tooltip},
        },
        {
            "transform": [{"filter": "datum.end == null"}],
            "mark": {
                "type": "point",
                "filled": True,
                "size": DOT_AREA,
                "opacity": 0.9,
                "stroke": "#FFFFFF",
                "strokeWidth": 1,
                "tooltip": True,
            },
            "encoding": {**keys, "tooltip": tooltip},
        },
    ]
    return records(frame), layers, spheres, formats


def _timeline_buckets(
    dated: pd.DataFrame,
    partner: np.ndarray,
    partner_labels: np.ndarray,
    lang: str,
    by_year: bool,
    chosen: Sequence[str],
) -> tuple[list[dict], list[dict], list[str], list[str]]:
    """One mark per partner and month (or year), sized by its contacts, in its most frequent sphere and format.

    Works on integer codes only (partner, bucket, sphere, format), so it stays fast at a million contacts.
    """
    start = dated["date_start"]
    bucket = start.dt.year.to_numpy() if by_year else start.dt.year.to_numpy() * 12 + start.dt.month.to_numpy() - 1
    keys = pd.DataFrame(
        {
            "partner": partner,
            "bucket": bucket,
            "sphere": _first_sphere(dated["spheres"], chosen),
            "format": pd.Categorical(dated["format"], categories=list(FORMATS)).codes,
        }
    )
    marks = keys.groupby(["partner", "bucket"]).size().rename("contacts").to_frame()
    for column in ("sphere", "format"):
        counts = keys.groupby(["partner", "bucket", column]).size().rename("n").reset_index()
        top = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates(["partner", "bucket"])
        marks = marks.join(top.set_index(["partner", "bucket"])[column])
    marks = marks.reset_index()
    years = marks["bucket"] if by_year else marks["bucket"] // 12
    months = 1 if by_year else marks["bucket"] % 12 + 1
    x = pd.to_datetime(pd.DataFrame({"year": years, "month": months, "day": 1}))
    when = years.astype(str)
    if not by_year:
        when = months.map({m: t(f"month.{m}", lang) for m in range(1, 13)}) + " " + when
    sphere = pd.Series(np.append(np.array(SPHERES, dtype=object), "")[marks["sphere"]])
    fmt = pd.Series(np.append(np.array(FORMATS, dtype=object), "unknown")[marks["format"]])
    diameter = (6 + 3 * np.sqrt(marks["contacts"].to_numpy())).clip(max=26)
    frame = pd.DataFrame(
        {
            "partner": partner_labels[marks["partner"]],
            "start": x.dt.strftime("%Y-%m-%d").to_numpy(),
            "when": when.to_numpy(),
            "contacts": marks["contacts"].to_numpy(),
            "area": np.round(np.pi / 4 * diameter**2, 1),
            "sphere": sphere.map(labels("sphere", SPHERES, lang)).fillna("").to_numpy(),
            "format": fmt.map(labels("format", FORMATS, lang)).fillna("").to_numpy(),
        }
    )
    spheres = [s for s in SPHERES if (sphere == s).any()]
    formats = [f for f in FORMATS if (fmt == f).any()]
    layers = [
        {
            "mark": {"type": "point", "filled": True, "opacity": 0.85, "stroke": "#FFFFFF", "strokeWidth": 1},
            "encoding": {
                **_keys(spheres, formats, lang),
                "size": {"field": "area", "type": "quantitative", "scale": None},
                "tooltip": [
                    {"field": "partner", "title": t("common.partner", lang)},
                    {"field": "when", "title": t("common.period", lang)},
                    {"field": "contacts", "title": t("common.contacts", lang), "format": COUNT_FORMAT},
                    {"field": "sphere", "title": t("charts.main_sphere", lang)},
                    {"field": "format", "title": t("charts.main_format", lang)},
                ],
            },
        }
    ]
    return records(frame), layers, spheres, formats


def _most_contacted(dated: pd.DataFrame, partner: np.ndarray, n: int) -> pd.DataFrame:
    """The contacts of the `n` partners with the most contacts (ties: the earlier first contact)."""
    known = partner >= 0
    stats = (
        pd.DataFrame({"partner": partner[known], "first": dated["date_start"].to_numpy()[known]})
        .groupby("partner")
        .agg(contacts=("first", "size"), first=("first", "min"))
    )
    kept = stats.sort_values(["contacts", "first"], ascending=[False, True], kind="stable").index[:n]
    return dated[np.isin(partner, kept.to_numpy())]


def timeline_chart(contacts: pd.DataFrame, lang: str, spheres: Sequence[str] = ()) -> dict:
    """Contacts over time, one row per partner (earliest first contact on top).

    Takes enriched contacts (`filters.enrich_contacts`, filtered) and the spheres the filters chose, which
    pick a contact's colour. Up to TIMELINE_MAX_POINTS contacts each is drawn: a marker in the colour of its
    first sphere and the shape of its format, or a bar over its period; beyond that, contacts are summed per
    partner and month (per year if months are still too many) and the subtitle says so, so the chart stays
    a few thousand points at any size. Rows are kept readable: past TIMELINE_MAX_PARTNERS partners only the
    most contacted are drawn, and the subtitle says that too.
    """
    lang = normalise_lang(lang)
    has_date = contacts["date_start"].notna()
    dated = contacts if has_date.all() else contacts[has_date]  # no copy of a million entries when all are dated
    partner, partner_labels = _partners(dated, lang)
    colour_note = "charts.timeline.note_chosen" if spheres else "charts.timeline.note"
    cut = []
    if len(partner_labels) - 1 > TIMELINE_MAX_PARTNERS:
        cut.append(
            t(
                "charts.timeline.top_partners",
                lang,
                shown=TIMELINE_MAX_PARTNERS,
                total=format_int(len(partner_labels) - 1, lang),
            )
        )
        dated = _most_contacted(dated, partner, TIMELINE_MAX_PARTNERS)
        partner, partner_labels = _partners(dated, lang)
    height = int(min(max(ROW_PX * (len(partner_labels) - 1), 120), TIMELINE_MAX_HEIGHT))
    title = t("charts.timeline.title", lang)
    if dated.empty:
        return no_data(spec(title, lang, height, [t(colour_note, lang)]), lang)
    first_contact = dated["date_start"].groupby(partner).min()
    order = (
        pd.DataFrame({"first": first_contact.to_numpy(), "name": partner_labels[first_contact.index]})
        .sort_values(["first", "name"])["name"]
        .tolist()
    )
    if len(dated) <= TIMELINE_MAX_POINTS:
        notes = [t(colour_note, lang), *cut]
        rows, layers, shown, formats = _timeline_contacts(
            dated, pd.Series(partner_labels[partner], index=dated.index), lang, spheres
        )
    else:
        start = dated["date_start"]
        months = np.unique(
            partner.astype("int64") * 1_000_000 + start.dt.year.to_numpy() * 12 + start.dt.month.to_numpy()
        )
        by_year = len(months) > TIMELINE_MAX_POINTS
        note = "charts.timeline.aggregated_year" if by_year else "charts.timeline.aggregated_month"
        notes = [t(note, lang, limit=format_int(TIMELINE_MAX_POINTS, lang)), *cut]
        rows, layers, shown, formats = _timeline_buckets(dated, partner, partner_labels, lang, by_year, spheres)
    span = dated["date_start"].max() - dated["date_start"].min()
    # Years on the axis over a long span, month and year over a short one: numbers, the same in both languages.
    axis = {"format": "%Y", "tickCount": "year"} if span > pd.Timedelta(days=3 * 365) else {"format": "%m.%Y"}
    return {
        **spec(title, lang, height, notes),
        "data": {"values": rows},
        "encoding": {
            # Dates are days, read and written in UTC: a browser west of Greenwich never moves one a day back.
            "x": {
                "field": "start",
                "type": "temporal",
                "title": t("common.date", lang),
                "scale": {"type": "utc"},
                "axis": axis,
            },
            "y": {
                "field": "partner",
                "type": "nominal",
                "title": t("common.partner", lang),
                "sort": order,
                "scale": {"domain": order},
            },
        },
        "layer": layers,
    }
