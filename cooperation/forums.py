"""Who comes to Kazan's forums: a partner × edition matrix that drafts the next invitation list.

The data holds who took part in which edition (contacts linked to events by `event_id`), not who was
invited. Having come before and missed the latest editions of a series is the nearest sign of "not
invited since", and those partners are the ones to flag.

Marks: a contact held in person is "in_person"; an online one — and a message (a video address or a
greeting sent to the forum) — is "online": the partner took part from afar. A linked contact of unknown
format is "unknown": it took part, how is not stated. Several contacts of one partner at one edition give
the strongest mark (in person over online over unknown). Each edition counts on its own: taking part in a
forum held inside another (the United Cities Forum 2023 within «РОСТКИ» 2023) is not counted as both.

The forums page's tables (editions, attendance, invitation list) are built here; its grid is
`cooperation.charts.forums.attendance_chart`.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

from cooperation.i18n import normalise_lang, t
from cooperation.tables import period_text
from cooperation.vocab import ATTENDANCE_MARKS, FORUM_SERIES, FORUM_SERIES_IDS

FORMAT_TO_MARK: dict[str, str] = {
    "in_person": "in_person",
    "online": "online",
    "message": "online",
    "unknown": "unknown",
}
# Attendance marks in the forum tables: language-neutral symbols explained by a translated legend.
MARK_SYMBOLS: dict[str, str] = {"in_person": "●", "online": "○", "unknown": "◌"}
# A short invitation list reads as text; a long one scrolls in a grid: every row of a text table is drawn up front
# (its cells as Markdown), and 740 of them held the forums page at 4.2 s at 100x synthetic data.
INVITATION_ROWS_AS_TEXT = 30
UCF_SERIES = "united_cities_forum"

# attendance_matrix's columns around the edition columns (which are the event ids, in date order).
PARTNER_COLUMNS: tuple[str, ...] = ("city_id", "name_ru", "name_en")
SUMMARY_COLUMNS: tuple[str, ...] = (
    "editions_attended",
    "last_edition",
    "last_edition_date",
    "not_invited_since",
    "missed_series",
)


def editions(events: pd.DataFrame) -> pd.DataFrame:
    """Forum editions in date order, with the name of their series in both languages."""
    names = pd.DataFrame(
        [(s.series, s.name_ru, s.name_en) for s in FORUM_SERIES], columns=["series", "series_ru", "series_en"]
    )
    return (
        events.merge(names, on="series", how="left")
        .sort_values(["date_start", "edition", "event_id"], na_position="last", kind="stable")
        .reset_index(drop=True)
    )


def ucf_programme(forum_sessions: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The United Cities Forum sessions (every edition in the data) in the order they were held."""
    ucf = events.loc[events["series"] == UCF_SERIES, ["event_id", "name_ru", "name_en"]]
    return (
        forum_sessions.merge(ucf, on="event_id", how="inner")
        .sort_values(["date", "time_start", "session_id"], kind="stable")
        .reset_index(drop=True)
    )


def _attendance(contacts: pd.DataFrame, edition_ids: pd.Series, partner_ids: set[str]) -> pd.DataFrame:
    """One row per (partner, edition) taken part in, with its strongest mark."""
    linked = contacts[contacts["event_id"].isin(set(edition_ids)) & contacts["city_id"].isin(partner_ids)]
    marks = linked["format"].map(FORMAT_TO_MARK).fillna("unknown")
    rank = marks.map({m: i for i, m in enumerate(ATTENDANCE_MARKS)})
    return (
        linked.assign(mark=marks, _rank=rank)
        .sort_values("_rank", kind="stable")
        .drop_duplicates(["city_id", "event_id"])[["city_id", "event_id", "mark"]]
    )


def _missed_series(
    attended: pd.DataFrame, eds: pd.DataFrame, today: datetime.date | None, missed_latest: int
) -> pd.Series:
    """Per partner, the series it took part in but not in any of their latest `missed_latest` editions.

    Only held editions count as missed (those starting by `today`); taking part in a later one — an
    edition the partner is already down for — means it has been invited.
    """
    held = eds if today is None else eds[eds["date_start"].isna() | (eds["date_start"] <= pd.Timestamp(today))]
    latest = set(held.groupby("series").tail(missed_latest)["event_id"])
    recent = (set(eds["event_id"]) - set(held["event_id"])) | latest
    series_of = eds.set_index("event_id")["series"]
    pairs = attended.assign(series=attended["event_id"].map(series_of), _recent=attended["event_id"].isin(recent))
    per_series = pairs.groupby(["city_id", "series"])["_recent"].any()
    missed = per_series[~per_series].reset_index()
    missed["_order"] = missed["series"].map({s: i for i, s in enumerate(FORUM_SERIES_IDS)})
    return missed.sort_values("_order").groupby("city_id")["series"].agg("|".join)


def attendance_matrix(
    contacts: pd.DataFrame,
    events: pd.DataFrame,
    partners: pd.DataFrame,
    today: datetime.date | None = None,
    missed_latest: int = 1,
) -> pd.DataFrame:
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

    cells = (
        attended.pivot(index="city_id", columns="event_id", values="mark")
        .reindex(index=frame["city_id"], columns=ids)
        .astype("str")
        .fillna("")
    )
    took_part = cells.to_numpy() != ""
    # Columns are in date order, so the rightmost mark is the latest edition; -1 (none) maps to NaN.
    position = np.where(took_part, np.arange(len(ids)), -1).max(axis=1, initial=-1)
    last_edition = pd.Series(position, index=cells.index).map(dict(enumerate(ids)))

    missed = _missed_series(attended, eds, today, missed_latest).reindex(cells.index).fillna("")
    summary = pd.DataFrame(
        {
            "editions_attended": took_part.sum(axis=1),
            "last_edition": last_edition,
            "last_edition_date": last_edition.map(eds.set_index("event_id")["date_start"]),
            "not_invited_since": missed.ne(""),
            "missed_series": missed,
        },
        index=cells.index,
    )
    out = frame.set_index("city_id").join(cells).join(summary).reset_index()
    return out[[c for c in PARTNER_COLUMNS if c in out.columns] + ids + list(SUMMARY_COLUMNS)]


# ------------------------------------------------------------------ the forums page's tables


def edition_label(series: str, edition: object, lang: str) -> str:
    """A short column header for an edition: "РОСТКИ 2024", "Kazan Digital Week 2022"."""
    year = str(int(edition)) if pd.notna(edition) else ""
    return f"{t(f'forum_short.{series}', lang)} {year}".strip()


def editions_in_years(eds: pd.DataFrame, year_from: int | None, year_to: int | None) -> pd.DataFrame:
    """The editions inside the year filter (an undated edition is kept: its year cannot exclude it)."""
    years = eds["date_start"].dt.year
    keep = pd.Series(True, index=eds.index)
    if year_from is not None:
        keep &= years.isna() | years.ge(year_from)
    if year_to is not None:
        keep &= years.isna() | years.le(year_to)
    return eds[keep]


def editions_table(eds: pd.DataFrame, matrix: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per edition: its series, year, dates and how many of the shown partners took part."""
    lang = normalise_lang(lang)
    taking_part = {e: int((matrix[e] != "").sum()) if e in matrix.columns else 0 for e in eds["event_id"]}
    within = {row.event_id: edition_label(row.series, row.edition, lang) for row in eds.itertuples()}
    return pd.DataFrame(
        {
            t("forums.col.series", lang): eds[f"series_{lang}"].fillna(eds["series"]).to_numpy(),
            t("common.year", lang): eds["edition"].astype("Int64").to_numpy(),
            t("common.date", lang): [
                period_text(s, e, p, lang) for s, e, p in zip(eds["date_start"], eds["date_end"], eds["date_precision"])
            ],
            t("forums.col.partners", lang): [taking_part[e] for e in eds["event_id"]],
            t("forums.col.within", lang): [
                within.get(p, p) if isinstance(p, str) and p else "" for p in eds["parent_event_id"]
            ],
        }
    )


def attendance_table(matrix: pd.DataFrame, eds: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Partner × edition with ● in person, ○ online, ◌ format unknown; only partners that took part, those
    to invite again first. The second column says whether the partner came before and has not since: a
    column, not a row colour, because colouring rows in pandas' Styler took 4 s for a thousand partners."""
    lang = normalise_lang(lang)
    ids = [e for e in eds["event_id"] if e in matrix.columns]
    headers = {row.event_id: edition_label(row.series, row.edition, lang) for row in eds.itertuples()}
    rows = matrix[matrix["editions_attended"] > 0].sort_values(
        ["not_invited_since", "editions_attended", f"name_{lang}"], ascending=[False, False, True], kind="stable"
    )
    marks = rows[ids].to_numpy(dtype=object)
    symbols = np.select([marks == mark for mark in MARK_SYMBOLS], list(MARK_SYMBOLS.values()), default="")
    # The marks as categories: a cell goes to the browser as a one-byte code, not a string with its offset; at a
    # thousand partners and two hundred editions the table was 1.35 MB of the forums page's 1.56 MB.
    cells = pd.DataFrame(symbols.reshape(len(rows), len(ids)), columns=[headers[e] for e in ids]).astype(
        pd.CategoricalDtype(["", *MARK_SYMBOLS.values()])
    )
    return pd.concat(
        [
            pd.DataFrame(
                {
                    t("common.partner", lang): rows[f"name_{lang}"].to_numpy(),
                    t("forums.not_invited_since", lang): np.where(
                        rows["not_invited_since"].to_numpy(dtype=bool), t("forums.yes", lang), ""
                    ),
                }
            ),
            cells,
            pd.DataFrame({t("forums.col.editions", lang): rows["editions_attended"].astype(int).to_numpy()}),
        ],
        axis=1,
    )


def invitation_list(matrix: pd.DataFrame, eds: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The partners that came to a series before and missed its latest edition: partner, the series to invite
    them to again, and the last edition they came to."""
    lang = normalise_lang(lang)
    series_names = dict(zip(eds["series"], eds[f"series_{lang}"]))
    by_event = eds.set_index("event_id")
    flagged = matrix[matrix["not_invited_since"]].sort_values(f"name_{lang}", kind="stable")
    last = [
        edition_label(by_event.loc[e, "series"], by_event.loc[e, "edition"], lang)
        if isinstance(e, str) and e in by_event.index
        else ""
        for e in flagged["last_edition"]
    ]
    return pd.DataFrame(
        {
            t("common.partner", lang): flagged[f"name_{lang}"].to_numpy(),
            t("forums.col.missed", lang): [
                ", ".join(series_names.get(s, s) for s in v.split("|") if s) for v in flagged["missed_series"]
            ],
            t("forums.col.last_edition", lang): last,
        }
    )
