"""Who comes to Kazan's forums: a partner × edition matrix that drafts the next invitation list.

The data holds who took part in which edition (contacts linked to events by `event_id`), not who was
invited. Having come before and missed the latest editions of a series is the nearest sign of "not
invited since", and those partners are the ones to flag.

Marks: a contact held in person is "in_person"; an online one — and a message (a video address or a
greeting sent to the forum) — is "online": the partner took part from afar. A linked contact of unknown
format is "unknown": it took part, how is not stated. Several contacts of one partner at one edition give
the strongest mark (in person over online over unknown). Each edition counts on its own: taking part in a
forum held inside another (the United Cities Forum 2023 within «РОСТКИ» 2023) is not counted as both.
"""
from __future__ import annotations

import datetime
import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cooperation.i18n import format_int, label, t
from cooperation.palette import NEUTRAL, SETTING_COLORS
from cooperation.vocab import ATTENDANCE_MARKS, FORUM_SERIES, FORUM_SERIES_IDS

FORMAT_TO_MARK: dict[str, str] = {"in_person": "in_person", "online": "online", "message": "online",
                                  "unknown": "unknown"}
MARK_COLORS: dict[str, str] = {"in_person": SETTING_COLORS["kazan"], "online": SETTING_COLORS["online"],
                               "unknown": NEUTRAL}
MARK_SYMBOLS: dict[str, str] = {"in_person": "square", "online": "square-open", "unknown": "square-x-open"}
HIGHLIGHT = "#FFF1C2"
# Rows the attendance grid draws: past this a page of dots cannot be read (the tables list every partner).
MAX_CHART_PARTNERS = 60
MAX_CHART_EDITIONS = 24  # columns: the latest editions (the editions table lists them all)
UCF_SERIES = "united_cities_forum"

# attendance_matrix's columns around the edition columns (which are the event ids, in date order).
PARTNER_COLUMNS: tuple[str, ...] = ("city_id", "name_ru", "name_en")
SUMMARY_COLUMNS: tuple[str, ...] = ("editions_attended", "last_edition", "last_edition_date",
                                    "not_invited_since", "missed_series")


def editions(events: pd.DataFrame) -> pd.DataFrame:
    """Forum editions in date order, with the name of their series in both languages."""
    names = pd.DataFrame([(s.series, s.name_ru, s.name_en) for s in FORUM_SERIES],
                         columns=["series", "series_ru", "series_en"])
    return (events.merge(names, on="series", how="left")
            .sort_values(["date_start", "edition", "event_id"], na_position="last", kind="stable")
            .reset_index(drop=True))


def ucf_programme(forum_sessions: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The United Cities Forum sessions (every edition in the data) in the order they were held."""
    ucf = events.loc[events["series"] == UCF_SERIES, ["event_id", "name_ru", "name_en"]]
    return (forum_sessions.merge(ucf, on="event_id", how="inner")
            .sort_values(["date", "time_start", "session_id"], kind="stable")
            .reset_index(drop=True))


def _attendance(contacts: pd.DataFrame, edition_ids: pd.Series, partner_ids: set[str]) -> pd.DataFrame:
    """One row per (partner, edition) taken part in, with its strongest mark."""
    linked = contacts[contacts["event_id"].isin(set(edition_ids)) & contacts["city_id"].isin(partner_ids)]
    marks = linked["format"].map(FORMAT_TO_MARK).fillna("unknown")
    rank = marks.map({m: i for i, m in enumerate(ATTENDANCE_MARKS)})
    return (linked.assign(mark=marks, _rank=rank).sort_values("_rank", kind="stable")
            .drop_duplicates(["city_id", "event_id"])[["city_id", "event_id", "mark"]])


def _missed_series(attended: pd.DataFrame, eds: pd.DataFrame, today: datetime.date | None,
                   missed_latest: int) -> pd.Series:
    """Per partner, the series it took part in but not in any of their latest `missed_latest` editions.

    Only held editions count as missed (those starting by `today`); taking part in a later one — an
    edition the partner is already down for — means it has been invited.
    """
    held = eds if today is None else eds[eds["date_start"].isna() | (eds["date_start"] <= pd.Timestamp(today))]
    latest = set(held.groupby("series").tail(missed_latest)["event_id"])
    recent = (set(eds["event_id"]) - set(held["event_id"])) | latest
    series_of = eds.set_index("event_id")["series"]
    pairs = attended.assign(series=attended["event_id"].map(series_of),
                            _recent=attended["event_id"].isin(recent))
    per_series = pairs.groupby(["city_id", "series"])["_recent"].any()
    missed = per_series[~per_series].reset_index()
    missed["_order"] = missed["series"].map({s: i for i, s in enumerate(FORUM_SERIES_IDS)})
    return missed.sort_values("_order").groupby("city_id")["series"].agg("|".join)


def attendance_matrix(contacts: pd.DataFrame, events: pd.DataFrame, partners: pd.DataFrame,
                      today: datetime.date | None = None, missed_latest: int = 1) -> pd.DataFrame:
    """Partner × edition: "in_person", "online", "unknown" or "" per cell, one row per partner.

    Columns: city_id, name_ru, name_en, then one column per edition (its event_id, in date order), then
    editions_attended, last_edition (event_id), last_edition_date, not_invited_since (came before and
    missed the latest `missed_latest` editions of a series it took part in) and missed_series (those
    series, "|"-separated). Partners that never took part are rows of empty cells: the page decides
    whether to show them.
    """
    eds = editions(events)
    ids = list(eds["event_id"])
    frame = partners[[c for c in PARTNER_COLUMNS if c in partners.columns]].drop_duplicates("city_id")
    attended = _attendance(contacts, eds["event_id"], set(frame["city_id"]))

    cells = (attended.pivot(index="city_id", columns="event_id", values="mark")
             .reindex(index=frame["city_id"], columns=ids).astype("str").fillna(""))
    took_part = cells.to_numpy() != ""
    # Columns are in date order, so the rightmost mark is the latest edition; -1 (none) maps to NaN.
    position = np.where(took_part, np.arange(len(ids)), -1).max(axis=1, initial=-1)
    last_edition = pd.Series(position, index=cells.index).map(dict(enumerate(ids)))

    missed = _missed_series(attended, eds, today, missed_latest).reindex(cells.index).fillna("")
    summary = pd.DataFrame({
        "editions_attended": took_part.sum(axis=1),
        "last_edition": last_edition,
        "last_edition_date": last_edition.map(eds.set_index("event_id")["date_start"]),
        "not_invited_since": missed.ne(""),
        "missed_series": missed,
    }, index=cells.index)
    out = frame.set_index("city_id").join(cells).join(summary).reset_index()
    return out[[c for c in PARTNER_COLUMNS if c in out.columns] + ids + list(SUMMARY_COLUMNS)]


def attendance_chart(matrix: pd.DataFrame, eds: pd.DataFrame, lang: str) -> go.Figure:
    """The matrix as a grid: a filled square for in person, a hollow one for online, one row per partner.

    Only partners that took part at least once are drawn (the others have an empty row), at most
    `MAX_CHART_PARTNERS` of them and the latest `MAX_CHART_EDITIONS` editions, with a note when some are
    left out. Partners that came before and have
    not come since sit on top, on a highlighted band — the invitation list's draft; then those that came
    most. `eds` is `editions(events)`, for the edition names in the language.
    """
    name_column = f"name_{lang}" if f"name_{lang}" in matrix.columns else "city_id"
    all_editions = [e for e in eds["event_id"] if e in matrix.columns]
    edition_ids = all_editions[-MAX_CHART_EDITIONS:]
    # Names are data: escaped for plotly, which reads tick labels and hovers as HTML (<a href> would be a link).
    edition_names = eds.set_index("event_id")[f"name_{lang}"].reindex(edition_ids).astype(str).map(html.escape)
    attended = (matrix[matrix["editions_attended"] > 0]
                .sort_values(["not_invited_since", "editions_attended", name_column], ascending=[False, False, True],
                             kind="stable"))
    rows = attended.head(MAX_CHART_PARTNERS)
    rows = rows.assign(**{name_column: rows[name_column].astype(str).map(html.escape)})
    partners = rows[name_column].astype(str).tolist()

    figure = go.Figure()
    long = (rows.melt(id_vars=[name_column], value_vars=edition_ids, var_name="event_id", value_name="mark")
            .query("mark != ''"))
    for mark in ATTENDANCE_MARKS:
        cells = long[long["mark"] == mark]
        if cells.empty:
            continue
        figure.add_trace(go.Scatter(
            x=cells["event_id"].map(edition_names), y=cells[name_column], mode="markers",
            name=label("attendance", mark, lang),
            marker={"symbol": MARK_SYMBOLS[mark], "size": 18, "color": MARK_COLORS[mark],
                    "line": {"width": 3, "color": MARK_COLORS[mark]}},
            hovertemplate=f"<b>%{{y}}</b><br>%{{x}}<br>{label('attendance', mark, lang)}<extra></extra>",
        ))
    flagged = rows["not_invited_since"].to_numpy()
    # One list, set once: adding shapes one by one re-validates all earlier ones each time.
    figure.update_layout(shapes=[
        {"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": position - 0.5,
         "y1": position + 0.5, "fillcolor": HIGHLIGHT, "line_width": 0, "layer": "below"}
        for position in np.flatnonzero(flagged)])
    if flagged.any():
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t("forums.not_invited_since", lang),
                                    marker={"symbol": "square", "size": 14, "color": HIGHLIGHT,
                                            "line": {"width": 1, "color": "#D9B84A"}}))
    notes = []
    if len(attended) > len(rows):
        notes.append(t("forums.chart_top", lang, shown=len(rows), total=format_int(len(attended), lang)))
    if len(all_editions) > len(edition_ids):
        notes.append(t("forums.chart_latest", lang, shown=len(edition_ids), total=len(all_editions)))
    note = "<br>".join(notes)
    figure.update_layout(
        title={"text": t("forums.chart_title", lang), "subtitle": {"text": note}},
        xaxis={"title": t("forums.edition", lang), "type": "category", "categoryorder": "array",
               "categoryarray": edition_names.tolist(), "tickangle": -35, "showgrid": True, "gridcolor": "#EEEEEE"},
        yaxis={"title": None, "type": "category", "categoryorder": "array", "categoryarray": partners,
               "range": [len(partners) - 0.5, -0.5], "showgrid": True, "gridcolor": "#EEEEEE"},
        # The legend gets its own 30 px row between the title's lines and the grid, or it covers them.
        height=max(300, 34 * len(partners) + 290), margin={"l": 10, "r": 10, "t": 90 + 20 * len(notes), "b": 10},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0}, plot_bgcolor="#FFFFFF",
    )
    if not partners:
        figure.add_annotation(text=t("forums.nobody", lang), showarrow=False, xref="paper", yref="paper",
                              x=0.5, y=0.5)
    return figure
