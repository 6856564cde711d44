"""The timeline: every contact over time, one row per partner, thinned to what a browser can draw."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cooperation.charts.template import KEY_ROW_PX, LEGEND_BELOW, _customdata, _escape, _figure, _no_data, _partners
from cooperation.i18n import format_int, label, labels, normalise_lang, t
from cooperation.palette import FORMAT_SYMBOLS, NEUTRAL, SPHERE_COLORS
from cooperation.vocab import FORMATS, SPHERES

# Above this many contacts the timeline draws one mark per partner and month (or year): a browser handles a
# few thousand SVG points, and more cannot be told apart on one screen anyway.
TIMELINE_MAX_POINTS = 3000
# Rows the timeline draws: 26 px each fill the tallest chart a page gives it (the table lists every contact).
TIMELINE_MAX_PARTNERS = 50
ENTRY_HOVER_CHARS = 200
HOVER_LINE_CHARS = 60
TIMELINE_MAX_HEIGHT = 1400  # the tallest a page shows the timeline, its keys included


def _entry_hover(text: pd.Series) -> pd.Series:
    """An entry shortened to ~200 characters, escaped, and wrapped with <br> so the hover box stays narrow.

    Cut before escaping, so an entity ("&amp;") is never cut in half; wrapped at spaces only, for the same reason.
    """
    flat = text.fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()
    cut = flat.str.slice(0, ENTRY_HOVER_CHARS - 1).str.replace(r"\s+\S{0,30}$", "", regex=True) + "…"
    short = flat.where(flat.str.len() <= ENTRY_HOVER_CHARS, cut)  # cut at a word break where one is near
    wrapped = _escape(short).str.replace(rf"(.{{1,{HOVER_LINE_CHARS}}})(?:\s+|$)", r"\1<br>", regex=True)
    return wrapped.str.removesuffix("<br>")


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


def _add_legends(fig: go.Figure, spheres: list[str], formats: list[str], lang: str) -> None:
    """One legend of sphere colours (clicking one hides that sphere) and one key of format shapes."""
    for sphere in spheres:
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=label("sphere", sphere, lang),
            legendgroup=sphere,
            marker={"symbol": "square", "size": 11, "color": SPHERE_COLORS[sphere]},
            hoverinfo="skip",
        )
    for fmt in formats:
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=label("format", fmt, lang),
            legend="legend2",
            marker={"symbol": FORMAT_SYMBOLS[fmt], "size": 10, "color": NEUTRAL},
            hoverinfo="skip",
        )
    # Both keys at the foot of the figure, the format shapes under the sphere colours, with room for an entry
    # per row (a phone's width holds one): beside the plot the two keys left a phone a plot 60 px wide.
    height = fig.layout.height
    formats_room = KEY_ROW_PX * (len(formats) + 1)
    room = KEY_ROW_PX * (len(spheres) + 1) + formats_room + 40
    fig.update_layout(
        height=min(height + room, TIMELINE_MAX_HEIGHT),
        margin_b=room + 40,
        legend={
            **LEGEND_BELOW,
            "title": {"text": t("common.sphere", lang), "side": "top left"},
            "tracegroupgap": 0,
            "y": (formats_room + 10) / min(height + room, TIMELINE_MAX_HEIGHT),
        },
        legend2={
            **LEGEND_BELOW,
            "title": {"text": t("common.format", lang), "side": "top left"},
            "itemclick": False,
            "itemdoubleclick": False,
        },
    )


def _timeline_contacts(
    fig: go.Figure, dated: pd.DataFrame, names: pd.Series, lang: str, chosen: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Every contact: markers for dated ones, bars for periods; a few traces per sphere, never one per contact."""
    first = pd.Series(
        np.append(np.array(SPHERES, dtype=object), "")[_first_sphere(dated["spheres"], chosen)], index=dated.index
    )
    period = _is_period(dated)
    custom = _customdata(
        _escape(dated["date_text"]),
        names,
        dated["format"].map(labels("format", FORMATS, lang)),
        _sphere_list_labels(dated["spheres"], lang),
        _entry_hover(dated["text_ru"]),
    )
    hover = (
        f"<b>%{{customdata[1]}}</b><br>{t('common.date', lang)}: %{{customdata[0]}}<br>"
        f"{t('common.format', lang)}: %{{customdata[2]}}<br>{t('charts.spheres', lang)}: %{{customdata[3]}}"
        f"<br>%{{customdata[4]}}<extra></extra>"
    )
    spheres = [s for s in SPHERES if (first == s).any()]
    for sphere in spheres:
        marks = ((first == sphere) & ~period).to_numpy()
        bars = ((first == sphere) & period).to_numpy()
        if marks.any():
            rows = dated[marks]
            fig.add_scatter(
                x=rows["date_start"],
                y=names[marks],
                mode="markers",
                legendgroup=sphere,
                showlegend=False,
                customdata=custom[marks],
                hovertemplate=hover,
                marker={
                    "color": SPHERE_COLORS[sphere],
                    "size": 10,
                    "opacity": 0.9,
                    "symbol": rows["format"].map(FORMAT_SYMBOLS).fillna("circle").tolist(),
                    "line": {"width": 1, "color": "white"},
                },
            )
        if bars.any():
            rows = dated[bars]
            end = rows["date_end"].fillna(rows["date_start"]) + pd.Timedelta(days=1)
            fig.add_bar(
                base=rows["date_start"].dt.strftime("%Y-%m-%d").tolist(),
                orientation="h",
                x=((end - rows["date_start"]) / pd.Timedelta(milliseconds=1)).tolist(),
                y=names[bars],
                width=0.45,
                marker={"color": SPHERE_COLORS[sphere], "opacity": 0.55},
                legendgroup=sphere,
                showlegend=False,
                customdata=custom[bars],
                hovertemplate=hover,
            )
    return spheres, [f for f in FORMATS if (dated["format"] == f).any()]


def _timeline_buckets(
    fig: go.Figure,
    dated: pd.DataFrame,
    partner: np.ndarray,
    partner_names: np.ndarray,
    lang: str,
    by_year: bool,
    chosen: Sequence[str],
) -> tuple[list[str], list[str]]:
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
    name = pd.Series(partner_names[marks["partner"]])
    custom = _customdata(
        name,
        when,
        marks["contacts"],
        sphere.map(labels("sphere", SPHERES, lang)),
        fmt.map(labels("format", FORMATS, lang)),
    )
    hover = (
        f"<b>%{{customdata[0]}}</b><br>{t('common.period', lang)}: %{{customdata[1]}}<br>"
        f"{t('common.contacts', lang)}: %{{customdata[2]:,d}}<br>{t('charts.main_sphere', lang)}: "
        f"%{{customdata[3]}}<br>{t('charts.main_format', lang)}: %{{customdata[4]}}<extra></extra>"
    )
    size = (6 + 3 * np.sqrt(marks["contacts"].to_numpy())).clip(max=26)
    spheres = [s for s in SPHERES if (sphere == s).any()]
    for each in spheres:
        rows = (sphere == each).to_numpy()
        fig.add_scatter(
            x=x[rows],
            y=name[rows],
            mode="markers",
            legendgroup=each,
            showlegend=False,
            customdata=custom[rows],
            hovertemplate=hover,
            marker={
                "color": SPHERE_COLORS[each],
                "size": size[rows],
                "opacity": 0.85,
                "symbol": fmt[rows].map(FORMAT_SYMBOLS).tolist(),
                "line": {"width": 1, "color": "white"},
            },
        )
    return spheres, [f for f in FORMATS if (fmt == f).any()]


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


def timeline_chart(contacts: pd.DataFrame, lang: str, spheres: Sequence[str] = ()) -> go.Figure:
    """Contacts over time, one row per partner (earliest first contact on top).

    Takes enriched contacts (`filters.enrich_contacts`, filtered) and the spheres the filters chose, which
    pick a contact's colour. Up to TIMELINE_MAX_POINTS contacts each is drawn: a marker in the colour of its
    first sphere and the shape of its format, or a bar over its period; beyond that, contacts are summed per
    partner and month (per year if months are still too many) and the subtitle says so, so the figure stays
    a few thousand points and a few dozen traces at any size. Rows are kept readable: past
    TIMELINE_MAX_PARTNERS partners only the most contacted are drawn, and the subtitle says that too.
    """
    lang = normalise_lang(lang)
    has_date = contacts["date_start"].notna()
    dated = contacts if has_date.all() else contacts[has_date]  # no copy of a million entries when all are dated
    partner, partner_names = _partners(dated, lang)
    colour_note = "charts.timeline.note_chosen" if spheres else "charts.timeline.note"
    subtitle = []
    if len(partner_names) - 1 > TIMELINE_MAX_PARTNERS:
        subtitle.append(
            t(
                "charts.timeline.top_partners",
                lang,
                shown=TIMELINE_MAX_PARTNERS,
                total=format_int(len(partner_names) - 1, lang),
            )
        )
        dated = _most_contacted(dated, partner, TIMELINE_MAX_PARTNERS)
        partner, partner_names = _partners(dated, lang)
    height = int(min(max(150 + 26 * (len(partner_names) - 1), 360), TIMELINE_MAX_HEIGHT))
    if dated.empty:
        return _no_data(_figure("charts.timeline.title", lang, height, (colour_note,)), lang)
    first_contact = dated["date_start"].groupby(partner).min()
    order = (
        pd.DataFrame({"first": first_contact.to_numpy(), "name": partner_names[first_contact.index]})
        .sort_values(["first", "name"])["name"]
        .tolist()
    )
    fig = _figure("charts.timeline.title", lang, height)
    if len(dated) <= TIMELINE_MAX_POINTS:
        subtitle = [t(colour_note, lang)] + subtitle
        shown, formats = _timeline_contacts(
            fig, dated, pd.Series(partner_names[partner], index=dated.index), lang, spheres
        )
    else:
        start = dated["date_start"]
        months = np.unique(
            partner.astype("int64") * 1_000_000 + start.dt.year.to_numpy() * 12 + start.dt.month.to_numpy()
        )
        by_year = len(months) > TIMELINE_MAX_POINTS
        note = "charts.timeline.aggregated_year" if by_year else "charts.timeline.aggregated_month"
        subtitle = [t(note, lang, limit=format_int(TIMELINE_MAX_POINTS, lang))] + subtitle
        shown, formats = _timeline_buckets(fig, dated, partner, partner_names, lang, by_year, spheres)
    fig.update_layout(title_subtitle_text="<br>".join(subtitle), margin_t=60 + 20 * len(subtitle))
    _add_legends(fig, shown, formats, lang)
    fig.update_layout(barmode="overlay", hovermode="closest")
    fig.update_yaxes(
        title=t("common.partner", lang),
        type="category",
        categoryorder="array",
        categoryarray=order,
        autorange="reversed",
    )
    fig.update_xaxes(title=t("common.date", lang), type="date")
    return fig
