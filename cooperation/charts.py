"""Plotly figures for the dashboard: one builder per chart, `(aggregate frame, lang) -> go.Figure`.

Builders take the small frames of `cooperation.metrics` (the timeline takes contacts) and only draw: every
label comes from the translation catalogue, every colour from `cooperation.palette`, so a sphere has one
colour and one name on every page. Text from the data (names, dates as written, contact entries) is
HTML-escaped before it reaches a hover or an axis, because plotly renders both as HTML. An empty frame
gives a titled figure that says there is nothing to show, never an exception.
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from cooperation.i18n import format_date, format_int, label, labels, normalise_lang, t
from cooperation.palette import FORMAT_SYMBOLS, HOME_COLOR, NEUTRAL, SETTING_COLORS, SPHERE_COLORS
from cooperation.vocab import FORMATS, SETTINGS, SPHERES

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
# Decimal mark then thousands separator, as plotly's `separators` wants them: "1 234,5" (the narrow
# no-break space `i18n.format_int` uses, so a chart and a table print a number alike) and "1,234.5".
SEPARATORS = {"ru": ",\u202f", "en": ".,"}
# Bars whose colour means nothing but "how many": a dark and a light grey, so they never read as a sphere.
MAGNITUDE_COLOR = "#5B6470"
HEATMAP_SCALE = [[0.0, "#F4F7FB"], [1.0, "#1F4E79"]]
SIDE_COLORS = {"kazan": HOME_COLOR, "national": NEUTRAL}
# Above this many contacts the timeline draws one mark per partner and month (or year): a browser handles a
# few thousand SVG points, and more cannot be told apart on one screen anyway.
TIMELINE_MAX_POINTS = 3000
# Rows the timeline draws: 26 px each fill the tallest chart a page gives it (the table lists every contact).
TIMELINE_MAX_PARTNERS = 50
# Countries a country chart draws (busiest first): more rows than this no longer fit a dashboard tile readably.
MAX_COUNTRIES = 15
ENTRY_HOVER_CHARS = 200
HOVER_LINE_CHARS = 60
# Legends lie at the foot of the figure in rows of fixed-width entries (five on a dashboard tile, two on a
# phone), in a bottom margin kept for them: beside the plot they took half a phone's width from it.
LEGEND_ROOM = 130
KEY_ROW_PX = 20  # one row of a legend laid out in rows
TIMELINE_MAX_HEIGHT = 1400  # the tallest a page shows the timeline, its keys included
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "xref": "container", "y": 0, "yanchor": "bottom",
                "yref": "container", "entrywidth": 118, "entrywidthmode": "pixels", "title": {"side": "top left"},
                "font": {"size": 12}}

def _template() -> go.layout.Template:
    """Plotly's "plotly_white" cut to the trace types and layout the dashboard draws.

    The whole template covers some twenty trace types plus 3-D, polar and geographic axes: building it into
    a figure took 14 ms, and its JSON rode along with every chart; the cut takes a third of that.
    """
    full = pio.templates["plotly_white"].to_plotly_json()
    layout = {k: v for k, v in full["layout"].items() if k not in ("geo", "polar", "scene", "ternary")}
    return go.layout.Template(layout=layout, data={k: v for k, v in full["data"].items()
                                                   if k in ("bar", "scatter", "heatmap")})


TEMPLATE = _template()


def _escape(values: pd.Series) -> pd.Series:
    """Data text made safe for plotly's HTML-rendered hovers and tick labels."""
    return values.fillna("").astype(str).map(html.escape)


def _entry_hover(text: pd.Series) -> pd.Series:
    """An entry shortened to ~200 characters, escaped, and wrapped with <br> so the hover box stays narrow.

    Cut before escaping, so an entity ("&amp;") is never cut in half; wrapped at spaces only, for the same reason.
    """
    flat = text.fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()
    cut = flat.str.slice(0, ENTRY_HOVER_CHARS - 1).str.replace(r"\s+\S{0,30}$", "", regex=True) + "…"
    short = flat.where(flat.str.len() <= ENTRY_HOVER_CHARS, cut)  # cut at a word break where one is near
    wrapped = _escape(short).str.replace(rf"(.{{1,{HOVER_LINE_CHARS}}})(?:\s+|$)", r"\1<br>", regex=True)
    return wrapped.str.removesuffix("<br>")


def _figure(title_key: str, lang: str, height: int, notes: tuple[str, ...] = (),
            lines: Sequence[str] = ()) -> go.Figure:
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
    fig.add_annotation(text=t("charts.no_data", lang), xref="paper", yref="paper", x=0.5, y=0.5,
                       showarrow=False, font={"size": 14, "color": NEUTRAL})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _year_axis(fig: go.Figure, years: pd.Series, lang: str) -> None:
    """Whole years only: no "2020.5" ticks and no "2 020" grouping, whatever the span."""
    first, last = int(years.min()), int(years.max())
    span = last - first
    # Few enough ticks to stand level on a phone: 2020, 2022, 2024 rather than every year turned upright.
    step = 1 if span <= 6 else 2 if span <= 14 else 5 if span <= 40 else 10
    fig.update_xaxes(title=t("common.year", lang), tickmode="linear", tick0=first, dtick=step, tickformat="d",
                     hoverformat="d", tickangle=0)


def _height(rows: int, per_row: int = 28, base: int = 140, low: int = 320, high: int = 420) -> int:
    """Room for every bar or row label, within the 320–420 px a dashboard tile allows."""
    return int(min(max(base + rows * per_row, low), high))


def busiest_countries(frame: pd.DataFrame, lang: str, limit: int = MAX_COUNTRIES,
                      note_key: str = "charts.top_countries") -> tuple[pd.DataFrame, list[str]]:
    """The first `limit` rows of a busiest-first frame of countries, and the line (`note_key`, with `n` and
    `total`) saying what was left out; the big screen passes its own limit and wording."""
    if len(frame) <= limit:
        return frame, []
    return frame.head(limit), [t(note_key, lang, n=limit, total=format_int(len(frame), lang))]


def _partners(frame: pd.DataFrame, lang: str) -> tuple[np.ndarray, np.ndarray]:
    """Each row's partner code, and each code's display name: in the language, escaped, worked out once.

    A name two partners share ("Hyderabad" in India and in Pakistan) gets its country added. Codes keep the
    timeline's grouping on integers, which is what makes it cheap at a million contacts.
    """
    codes, _ = pd.factorize(frame["city_id"])
    rows = frame.iloc[np.flatnonzero(codes >= 0)[np.unique(codes[codes >= 0], return_index=True)[1]]]
    names = rows[f"name_{lang}"].fillna(rows["city_id"]).astype(str)
    names = names.where(~names.duplicated(keep=False), names + " (" + rows[f"country_{lang}"].fillna("") + ")")
    return codes, np.append(_escape(names).to_numpy(dtype=object), "")  # code -1 (no city) → ""


def _sphere_list_labels(spheres: pd.Series, lang: str) -> pd.Series:
    """"governance|digital" → "Governance, Digital", decoded once per distinct list."""
    codes, uniques = pd.factorize(spheres.fillna(""))
    decoded = np.array([", ".join(label("sphere", s, lang) for s in u.split("|") if s) for u in uniques] + [""],
                       dtype=object)
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


def _customdata(*columns: pd.Series) -> np.ndarray:
    """Hover fields side by side, one row per point, for `%{customdata[i]}` in a hover template."""
    return np.column_stack([c.to_numpy(dtype=object) for c in columns])



def _count_axis(fig: go.Figure, title_key: str, largest: float, lang: str) -> None:
    """The value axis of horizontal bars with their numbers written outside: room for the longest bar's number
    (plotly fits the bars, not the text beside them, and would cut "1,044" to "10")."""
    fig.update_xaxes(title=t(title_key, lang), tickformat=",d", range=[0, max(float(largest), 1.0) * 1.15])


def _stacked_by_year(fig: go.Figure, frame: pd.DataFrame, column: str, values: Sequence[str],
                     colors: Mapping[str, str], lang: str) -> go.Figure:
    """Stacked bars per year of a long frame (year, `column`, contacts): one bar per value present, bottom-up
    in vocabulary order, each in its palette colour; the legend titled by the column's name."""
    if frame.empty or frame["contacts"].sum() == 0:
        return _no_data(fig, lang)
    present = frame.groupby(column, observed=True)["contacts"].sum()
    for value in (v for v in values if present.get(v, 0) > 0):
        rows = frame[frame[column] == value]
        name = label(column, value, lang)
        fig.add_bar(x=rows["year"], y=rows["contacts"], name=name, marker_color=colors[value],
                    hovertemplate=f"<b>{name}</b><br>{t('common.year', lang)}: %{{x}}<br>"
                                  f"{t('common.contacts', lang)}: %{{y:,d}}<extra></extra>")
    fig.update_layout(barmode="stack", legend_title_text=t(f"common.{column}", lang), bargap=0.15,
                      margin_b=LEGEND_ROOM, height=fig.layout.height + LEGEND_ROOM - 40)
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


def top_partners_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of `metrics.top_partners`, most contacted on top, with the last contact in the hover."""
    lang = normalise_lang(lang)
    fig = _figure("charts.top_partners.title", lang, _height(len(frame)))
    if frame.empty:
        return _no_data(fig, lang)
    frame = frame.sort_values("contacts", ascending=False, kind="stable")
    last = pd.Series([format_date(d.date(), lang, p if isinstance(p, str) and p else "day") if pd.notna(d)
                      else t("common.none", lang)
                      for d, p in zip(frame["last_contact"], frame["last_precision"])], index=frame.index)
    codes, partner_names = _partners(frame, lang)
    names = pd.Series(partner_names[codes], index=frame.index)
    fig.add_bar(x=frame["contacts"], y=names, orientation="h", marker_color=MAGNITUDE_COLOR,
                texttemplate="%{x:,d}", textposition="outside", cliponaxis=False,
                customdata=_customdata(_escape(frame[f"country_{lang}"]), last),
                hovertemplate=f"<b>%{{y}}</b> (%{{customdata[0]}})<br>{t('common.contacts', lang)}: %{{x:,d}}<br>"
                              f"{t('common.last_contact', lang)}: %{{customdata[1]}}<extra></extra>")
    fig.update_yaxes(title=t("common.partner", lang), categoryorder="array", categoryarray=names.tolist(),
                     autorange="reversed")
    _count_axis(fig, "common.contacts", frame["contacts"].max(), lang)
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
    for column, key, color in (("partners", "charts.partners", NEUTRAL), ("contacts", "common.contacts",
                                                                           MAGNITUDE_COLOR)):
        name = t(key, lang)
        fig.add_bar(x=frame[column], y=countries, orientation="h", name=name, marker_color=color,
                    texttemplate="%{x:,d}", textposition="outside", cliponaxis=False,
                    hovertemplate=f"<b>%{{y}}</b><br>{name}: %{{x:,d}}<extra></extra>")
    # The legend sits above the plot: at the right it would cover the outside labels of the longest bars.
    fig.update_layout(barmode="group", legend={"title_text": "", "orientation": "h", "x": 0, "y": 1.01,
                                               "yanchor": "bottom"},
                      margin={"r": 40, "t": 96 + 20 * len(lines)})
    fig.update_yaxes(title=t("common.country", lang), categoryorder="array", categoryarray=countries.tolist(),
                     autorange="reversed")
    _count_axis(fig, "charts.value", frame[["partners", "contacts"]].to_numpy().max(), lang)
    return fig


def sphere_totals_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of `metrics.sphere_totals`, largest on top, each in its sphere's colour."""
    lang = normalise_lang(lang)
    fig = _figure("charts.sphere_totals.title", lang, _height(len(frame), per_row=26),
                  ("charts.multi_sphere_note",))
    if frame.empty or frame["contacts"].sum() == 0:
        return _no_data(fig, lang)
    frame = frame.sort_values("contacts", ascending=False, kind="stable")
    spheres = frame["sphere"].astype(str)
    names = spheres.map(labels("sphere", SPHERES, lang))
    fig.add_bar(x=frame["contacts"], y=names, orientation="h", marker_color=spheres.map(SPHERE_COLORS).tolist(),
                texttemplate="%{x:,d}", textposition="outside", cliponaxis=False,
                customdata=frame[["share"]].to_numpy(),
                hovertemplate=f"<b>%{{y}}</b><br>{t('common.contacts', lang)}: %{{x:,d}}<br>"
                              f"{t('charts.share', lang)}: %{{customdata[0]:.0%}}<extra></extra>")
    fig.update_yaxes(title=t("common.sphere", lang), categoryorder="array", categoryarray=names.tolist(),
                     autorange="reversed")
    _count_axis(fig, "common.contacts", frame["contacts"].max(), lang)
    fig.update_layout(showlegend=False)
    return fig


def _heatmap(fig: go.Figure, z: np.ndarray, x: list, y: list, x_title: str, y_title: str, lang: str) -> go.Figure:
    """Counts as colour, with the non-zero counts written in the cells (zeros left blank to keep it legible).

    Cell texts are formatted here, per language, because a texttemplate cannot leave zeros blank; a heatmap
    has at most a few hundred cells.
    """
    text = [[format_int(value, lang) if value else "" for value in row] for row in z.tolist()]
    fig.add_heatmap(z=z, x=x, y=y, text=text, texttemplate="%{text}", colorscale=HEATMAP_SCALE, xgap=1, ygap=1,
                    colorbar={"title": {"text": t("common.contacts", lang)}, "tickformat": ",d", "thickness": 12},
                    hovertemplate=f"{y_title}: %{{y}}<br>{x_title}: %{{x}}<br>"
                                  f"{t('common.contacts', lang)}: %{{z:,d}}<extra></extra>")
    fig.update_yaxes(title=y_title, autorange="reversed")
    fig.update_xaxes(title=x_title)
    return fig


def sphere_year_heatmap(matrix: pd.DataFrame, lang: str) -> go.Figure:
    """Heatmap of `metrics.sphere_by_year`: spheres down, years across; drawn the page's full width, so that
    twenty-odd years leave each cell room for its number."""
    lang = normalise_lang(lang)
    fig = _figure("charts.sphere_year.title", lang, _height(len(matrix), per_row=34, base=190, high=520),
                  ("charts.multi_sphere_note", "charts.start_year_note"))
    if matrix.empty or matrix.to_numpy().sum() == 0:
        return _no_data(fig, lang)
    names = [label("sphere", s, lang) for s in matrix.index]
    _heatmap(fig, matrix.to_numpy(dtype="int64"), [int(y) for y in matrix.columns], names,
             t("common.year", lang), t("common.sphere", lang), lang)
    _year_axis(fig, pd.Series(matrix.columns), lang)
    return fig


def country_sphere_heatmap(matrix: pd.DataFrame, lang: str) -> go.Figure:
    """Heatmap of `metrics.country_by_sphere`: countries down (the MAX_COUNTRIES busiest), spheres across.

    Its height leaves the sphere names below the cells (slanted when the page is narrow) and the colour bar
    room beside a single country's row."""
    lang = normalise_lang(lang)
    matrix, lines = busiest_countries(matrix, lang)
    fig = _figure("charts.country_sphere.title", lang, _height(len(matrix), per_row=30, base=230, high=720),
                  ("charts.multi_sphere_note",), lines)
    if matrix.empty or matrix.to_numpy().sum() == 0:
        return _no_data(fig, lang)
    countries = _escape(pd.Series(matrix.index.get_level_values(f"country_{lang}"))).tolist()
    spheres = [label("sphere", s, lang) for s in matrix.columns]
    return _heatmap(fig, matrix.to_numpy(dtype="int64"), spheres, countries, t("common.sphere", lang),
                    t("common.country", lang), lang)


def national_scope(frame: pd.DataFrame, lang: str) -> str:
    """"in this data (10 of 74 partners)": how much of Kazan's record a count from the data stands on."""
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
    fig = _figure("charts.national.title", lang, 120 + 46 * len(frame) + 70 * len(panels),
                  ("charts.national.note",))
    if frame.empty:
        return _no_data(fig, lang)
    scope = national_scope(frame, lang)
    names = pd.Series([t(key, lang, a=a, b=b, scope=scope) for key, a, b in zip(
        frame["label_key"], _escape(frame[f"country_a_{lang}"]), _escape(frame[f"country_{lang}"]))],
        index=frame.index)
    as_of = _escape(frame["as_of"].where(frame["as_of"].fillna("") != "", frame["note"]))
    source = _escape(frame["source_file"].where(frame["source_file"].fillna("") != "", frame["source"]))
    sizes = [int((frame["panel"] == panel).sum()) for panel in panels]
    # Room between panels for the axis ticks of one and the title of the next.
    fig.set_subplots(rows=len(panels), cols=1, vertical_spacing=min(0.45 / len(panels), 0.12),
                     row_heights=sizes, subplot_titles=[_panel_title(p, frame[frame["panel"] == p], lang)
                                                        for p in panels])
    shown_sides: set[str] = set()
    for row_number, panel in enumerate(panels, start=1):
        in_panel = frame["panel"] == panel
        for side in ("kazan", "national"):
            rows = in_panel & (frame["side"] == side)
            if not rows.any():
                continue
            fig.add_bar(x=frame.loc[rows, "value"], y=names[rows], orientation="h", row=row_number, col=1,
                        name=t(f"charts.national.side.{side}", lang), marker_color=SIDE_COLORS[side],
                        legendgroup=side, showlegend=side not in shown_sides,
                        texttemplate="%{x:,d}", textposition="outside", cliponaxis=False,
                        customdata=_customdata(as_of[rows], source[rows]),
                        hovertemplate=f"<b>%{{y}}</b><br>{t('charts.value', lang)}: %{{x:,d}}<br>"
                                      f"{t('charts.as_of', lang)}: %{{customdata[0]}}<br>"
                                      f"{t('common.source', lang)}: %{{customdata[1]}}<extra></extra>")
            shown_sides.add(side)
        fig.update_yaxes(categoryorder="array", categoryarray=names[in_panel].tolist(), autorange="reversed",
                         title=None, row=row_number, col=1)
        # Room on the right of the longest bar for its number.
        fig.update_xaxes(range=[0, max(float(frame.loc[in_panel, "value"].max()), 1) * 1.18], tickformat=",d",
                         row=row_number, col=1)
    fig.update_annotations(font_size=13, xanchor="left", x=0)
    fig.update_layout(barmode="overlay", legend_title_text=t("charts.national.legend", lang))
    return fig


def _is_period(contacts: pd.DataFrame) -> pd.Series:
    """A contact drawn as a bar: a span of years ("2002-2018", "В 2021 году"), or of months over a month."""
    start, end = contacts["date_start"], contacts["date_end"].fillna(contacts["date_start"])
    precision = contacts["date_precision"].fillna("")
    months_apart = (end.dt.year - start.dt.year) * 12 + (end.dt.month - start.dt.month)
    return ((precision == "year") & (end > start)) | ((precision == "month") & (months_apart > 0))


def _add_legends(fig: go.Figure, spheres: list[str], formats: list[str], lang: str) -> None:
    """One legend of sphere colours (clicking one hides that sphere) and one key of format shapes."""
    for sphere in spheres:
        fig.add_scatter(x=[None], y=[None], mode="markers", name=label("sphere", sphere, lang), legendgroup=sphere,
                        marker={"symbol": "square", "size": 11, "color": SPHERE_COLORS[sphere]}, hoverinfo="skip")
    for fmt in formats:
        fig.add_scatter(x=[None], y=[None], mode="markers", name=label("format", fmt, lang), legend="legend2",
                        marker={"symbol": FORMAT_SYMBOLS[fmt], "size": 10, "color": NEUTRAL}, hoverinfo="skip")
    # Both keys at the foot of the figure, the format shapes under the sphere colours, with room for an entry
    # per row (a phone's width holds one): beside the plot the two keys left a phone a plot 60 px wide.
    height = fig.layout.height
    formats_room = KEY_ROW_PX * (len(formats) + 1)
    room = KEY_ROW_PX * (len(spheres) + 1) + formats_room + 40
    fig.update_layout(
        height=min(height + room, TIMELINE_MAX_HEIGHT),
        margin_b=room + 40,
        legend={**LEGEND_BELOW, "title": {"text": t("common.sphere", lang), "side": "top left"}, "tracegroupgap": 0,
                "y": (formats_room + 10) / min(height + room, TIMELINE_MAX_HEIGHT)},
        legend2={**LEGEND_BELOW, "title": {"text": t("common.format", lang), "side": "top left"},
                 "itemclick": False, "itemdoubleclick": False},
    )


def _timeline_contacts(fig: go.Figure, dated: pd.DataFrame, names: pd.Series, lang: str,
                       chosen: Sequence[str]) -> tuple[list[str], list[str]]:
    """Every contact: markers for dated ones, bars for periods; a few traces per sphere, never one per contact."""
    first = pd.Series(np.append(np.array(SPHERES, dtype=object), "")[_first_sphere(dated["spheres"], chosen)],
                      index=dated.index)
    period = _is_period(dated)
    custom = _customdata(_escape(dated["date_text"]), names, dated["format"].map(labels("format", FORMATS, lang)),
                         _sphere_list_labels(dated["spheres"], lang), _entry_hover(dated["text_ru"]))
    hover = (f"<b>%{{customdata[1]}}</b><br>{t('common.date', lang)}: %{{customdata[0]}}<br>"
             f"{t('common.format', lang)}: %{{customdata[2]}}<br>{t('charts.spheres', lang)}: %{{customdata[3]}}"
             f"<br>%{{customdata[4]}}<extra></extra>")
    spheres = [s for s in SPHERES if (first == s).any()]
    for sphere in spheres:
        marks = ((first == sphere) & ~period).to_numpy()
        bars = ((first == sphere) & period).to_numpy()
        if marks.any():
            rows = dated[marks]
            fig.add_scatter(x=rows["date_start"], y=names[marks], mode="markers", legendgroup=sphere,
                            showlegend=False, customdata=custom[marks], hovertemplate=hover,
                            marker={"color": SPHERE_COLORS[sphere], "size": 10, "opacity": 0.9,
                                    "symbol": rows["format"].map(FORMAT_SYMBOLS).fillna("circle").tolist(),
                                    "line": {"width": 1, "color": "white"}})
        if bars.any():
            rows = dated[bars]
            end = rows["date_end"].fillna(rows["date_start"]) + pd.Timedelta(days=1)
            fig.add_bar(base=rows["date_start"].dt.strftime("%Y-%m-%d").tolist(), orientation="h",
                        x=((end - rows["date_start"]) / pd.Timedelta(milliseconds=1)).tolist(), y=names[bars],
                        width=0.45, marker={"color": SPHERE_COLORS[sphere], "opacity": 0.55}, legendgroup=sphere,
                        showlegend=False, customdata=custom[bars], hovertemplate=hover)
    return spheres, [f for f in FORMATS if (dated["format"] == f).any()]


def _timeline_buckets(fig: go.Figure, dated: pd.DataFrame, partner: np.ndarray, partner_names: np.ndarray,
                      lang: str, by_year: bool, chosen: Sequence[str]) -> tuple[list[str], list[str]]:
    """One mark per partner and month (or year), sized by its contacts, in its most frequent sphere and format.

    Works on integer codes only (partner, bucket, sphere, format), so it stays fast at a million contacts.
    """
    start = dated["date_start"]
    bucket = start.dt.year.to_numpy() if by_year else start.dt.year.to_numpy() * 12 + start.dt.month.to_numpy() - 1
    keys = pd.DataFrame({"partner": partner, "bucket": bucket, "sphere": _first_sphere(dated["spheres"], chosen),
                         "format": pd.Categorical(dated["format"], categories=list(FORMATS)).codes})
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
    custom = _customdata(name, when, marks["contacts"], sphere.map(labels("sphere", SPHERES, lang)),
                         fmt.map(labels("format", FORMATS, lang)))
    hover = (f"<b>%{{customdata[0]}}</b><br>{t('common.period', lang)}: %{{customdata[1]}}<br>"
             f"{t('common.contacts', lang)}: %{{customdata[2]:,d}}<br>{t('charts.main_sphere', lang)}: "
             f"%{{customdata[3]}}<br>{t('charts.main_format', lang)}: %{{customdata[4]}}<extra></extra>")
    size = (6 + 3 * np.sqrt(marks["contacts"].to_numpy())).clip(max=26)
    spheres = [s for s in SPHERES if (sphere == s).any()]
    for each in spheres:
        rows = (sphere == each).to_numpy()
        fig.add_scatter(x=x[rows], y=name[rows], mode="markers", legendgroup=each, showlegend=False,
                        customdata=custom[rows], hovertemplate=hover,
                        marker={"color": SPHERE_COLORS[each], "size": size[rows], "opacity": 0.85,
                                "symbol": fmt[rows].map(FORMAT_SYMBOLS).tolist(),
                                "line": {"width": 1, "color": "white"}})
    return spheres, [f for f in FORMATS if (fmt == f).any()]


def _most_contacted(dated: pd.DataFrame, partner: np.ndarray, n: int) -> pd.DataFrame:
    """The contacts of the `n` partners with the most contacts (ties: the earlier first contact)."""
    known = partner >= 0
    stats = pd.DataFrame({"partner": partner[known], "first": dated["date_start"].to_numpy()[known]}) \
        .groupby("partner").agg(contacts=("first", "size"), first=("first", "min"))
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
        subtitle.append(t("charts.timeline.top_partners", lang, shown=TIMELINE_MAX_PARTNERS,
                          total=format_int(len(partner_names) - 1, lang)))
        dated = _most_contacted(dated, partner, TIMELINE_MAX_PARTNERS)
        partner, partner_names = _partners(dated, lang)
    height = int(min(max(150 + 26 * (len(partner_names) - 1), 360), TIMELINE_MAX_HEIGHT))
    if dated.empty:
        return _no_data(_figure("charts.timeline.title", lang, height, (colour_note,)), lang)
    first_contact = dated["date_start"].groupby(partner).min()
    order = pd.DataFrame({"first": first_contact.to_numpy(), "name": partner_names[first_contact.index]}) \
        .sort_values(["first", "name"])["name"].tolist()
    fig = _figure("charts.timeline.title", lang, height)
    if len(dated) <= TIMELINE_MAX_POINTS:
        subtitle = [t(colour_note, lang)] + subtitle
        shown, formats = _timeline_contacts(fig, dated, pd.Series(partner_names[partner], index=dated.index),
                                            lang, spheres)
    else:
        start = dated["date_start"]
        months = np.unique(partner.astype("int64") * 1_000_000 + start.dt.year.to_numpy() * 12
                           + start.dt.month.to_numpy())
        by_year = len(months) > TIMELINE_MAX_POINTS
        note = "charts.timeline.aggregated_year" if by_year else "charts.timeline.aggregated_month"
        subtitle = [t(note, lang, limit=format_int(TIMELINE_MAX_POINTS, lang))] + subtitle
        shown, formats = _timeline_buckets(fig, dated, partner, partner_names, lang, by_year, spheres)
    fig.update_layout(title_subtitle_text="<br>".join(subtitle), margin_t=60 + 20 * len(subtitle))
    _add_legends(fig, shown, formats, lang)
    fig.update_layout(barmode="overlay", hovermode="closest")
    fig.update_yaxes(title=t("common.partner", lang), type="category", categoryorder="array",
                     categoryarray=order, autorange="reversed")
    fig.update_xaxes(title=t("common.date", lang), type="date")
    return fig
