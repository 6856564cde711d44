"""Small pure helpers behind the partner profile, agreement-health, forums and planning pages.

The pages only lay things out; what they decide — which partner a link asks for, which thresholds or horizon
a URL holds and whether they are valid, how a health or attendance frame reads as a translated table, which
plan items a filtered view keeps — lives here, so it is tested without Streamlit. Every table returned is
exactly what the page shows and what its download holds.
"""
from __future__ import annotations

import dataclasses
import datetime
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cooperation.filters import FilteredView
from cooperation.health import DEFAULT_THRESHOLDS, Thresholds, cause_text, health_of, recorded_summary, status_label
from cooperation.i18n import format_date, format_period, label, month_name, normalise_lang, t
from cooperation.loading import Dataset
from cooperation.planning import PlanItem, forum_name, plan, precision_note, unpredictable_forums

# Query parameters of these pages, beside the filters and the language every page keeps.
CITY_PARAM = "city"
START_PARAM, MONTHS_PARAM = "start", "months"
DEFAULT_MONTHS = 12
MONTHS_RANGE = (1, 60)


@dataclass(frozen=True)
class ThresholdParam:
    """One agreement-health threshold as it travels in the URL (`?active=2&dormant=5`)."""

    param: str
    field: str
    low: float
    high: float
    whole: bool  # a count of contacts is a whole number; the year thresholds may be fractional (1.5 years)


THRESHOLD_PARAMS: tuple[ThresholdParam, ...] = (
    ThresholdParam("active", "active_years", 0.5, 20.0, False),
    ThresholdParam("dormant", "dormant_years", 0.5, 50.0, False),
    ThresholdParam("trend", "trend_years", 1.0, 20.0, False),
    ThresholdParam("min", "active_min_contacts", 1, 100, True),
)

# Attendance marks in the forum matrix: language-neutral symbols explained by a translated legend.
MARK_SYMBOLS: dict[str, str] = {"in_person": "●", "online": "○", "unknown": "◌"}
# Planning cards drawn at first and added per "show more": a thousand partners bring a thousand anniversaries
# a year, and each card is a handful of elements (drawing them all took seconds). The .ics holds every item.
PLAN_PAGE_SIZE = 50

# The st.badge colour of each partner status (Streamlit's named colours; palette.STATUS_COLORS for charts).
STATUS_BADGE_COLORS: dict[str, str] = {"active": "green", "renewed": "blue", "slowing": "orange", "dormant": "red",
                                       "never_activated": "gray", "suspended": "violet", "ended": "gray"}

_SAFE_URL = re.compile(r"^https?://[^\s()<>\[\]\"'`\\]+$", re.IGNORECASE)


def _last(values: Sequence[str] | str | None) -> str | None:
    """The last value of a query parameter (a repeated key keeps its last value, like st.query_params[key])."""
    if values is None:
        return None
    if isinstance(values, str):
        return values
    return str(values[-1]) if len(values) else None


# ------------------------------------------------------------------ partner profile

def partner_names(partners: pd.DataFrame, lang: str) -> dict[str, str]:
    """city_id → name in the language, in alphabetical order of that name (the selectbox's order)."""
    column = f"name_{normalise_lang(lang)}"
    ordered = partners.drop_duplicates("city_id").sort_values([column, "city_id"], kind="stable")
    return dict(zip(ordered["city_id"], ordered[column].fillna(ordered["city_id"]).astype(str)))


def resolve_city(requested: str | None, known: Sequence[str], default: str) -> tuple[str, bool]:
    """The partner a link asks for, or `default`; the flag says the link named a city that is not a partner."""
    if requested and requested in known:
        return requested, False
    return default, bool(requested)


def default_city(all_ids: Sequence[str], view_ids: Sequence[str], last: str | None) -> str | None:
    """The partner shown without `?city=`: the last one chosen in this tab while the filters keep it, else the
    first the filters keep (`?partner=urbino` opens Urbino), else the first of all."""
    if last and last in view_ids:
        return last
    for candidates in (view_ids, all_ids):
        if len(candidates):
            return candidates[0]
    return None


def safe_link(url: object) -> str | None:
    """A website usable as a markdown link target: http(s) only, nothing that could close the link or start
    markup. Anything else is shown as plain text, not as a link."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if _SAFE_URL.match(url) else None


def agreements_table(agreements: pd.DataFrame, statuses: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A partner's agreements as shown: document, relation, year and where it comes from, the title as written,
    and the latest status staff recorded on it (with its date and source), oldest first."""
    latest = (statuses.sort_values("status_date", kind="stable").groupby("agreement_id").tail(1)
              .rename(columns={"status": "recorded_status", "status_date": "recorded_date",
                               "source": "recorded_source"}).set_index("agreement_id"))
    rows = agreements.sort_values(["year_signed", "agreement_id"], na_position="last", kind="stable")
    recorded = [recorded_summary(latest.loc[a], lang) if a in latest.index else ""
                for a in rows["agreement_id"]]
    return pd.DataFrame({
        t("briefing.document", lang): [label("doc_type", v, lang) for v in rows["doc_type"]],
        t("field.relation", lang): [label("relation", v, lang) for v in rows["relation"]],
        t("common.year", lang): [str(int(y)) if pd.notna(y) else t("common.none", lang) for y in rows["year_signed"]],
        t("field.year_source", lang): [label("year_source", v, lang) for v in rows["year_source"]],
        t("field.recorded_in", lang): [label("recorded_in", v or "staff", lang) for v in rows["recorded_in"].fillna("")],
        t("briefing.title_as_written", lang): rows["title_ru"].fillna("").to_numpy(),
        t("briefing.recorded_status", lang): [r or t("common.none", lang) for r in recorded],
    })


# ------------------------------------------------------------------ agreement health

def _number(raw: str, spec: ThresholdParam) -> float | None:
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(value) or not spec.low <= value <= spec.high or (spec.whole and value != int(value)):
        return None
    return int(value) if spec.whole else value


def parse_thresholds(params: Mapping[str, Sequence[str] | str]) -> tuple[Thresholds, list[tuple[str, str]]]:
    """The thresholds a URL holds; each invalid value is dropped (the default stays) and reported as
    (parameter, value as given)."""
    values: dict[str, float | int] = {}
    rejected: list[tuple[str, str]] = []
    for spec in THRESHOLD_PARAMS:
        raw = _last(params.get(spec.param))
        if raw is None or raw == "":
            continue
        number = _number(raw, spec)
        if number is None:
            rejected.append((spec.param, raw))
        else:
            values[spec.field] = number
    return dataclasses.replace(DEFAULT_THRESHOLDS, **values), rejected


def thresholds_query(thresholds: Thresholds) -> dict[str, str]:
    """The thresholds that differ from the defaults, as query parameters: default links stay short."""
    query = {}
    for spec in THRESHOLD_PARAMS:
        value = getattr(thresholds, spec.field)
        if value != getattr(DEFAULT_THRESHOLDS, spec.field):
            query[spec.param] = str(int(value)) if spec.whole or float(value).is_integer() else str(value)
    return query


def _period_text(start: object, end: object, precision: object, lang: str) -> str:
    if pd.isna(start):
        return t("common.none", lang)
    return format_period(start.date(), end.date() if pd.notna(end) else None,
                         precision if isinstance(precision, str) and precision else "day", lang)


def health_table(health: pd.DataFrame, lang: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """`health.partner_health` as staff read it: translated headers and labels, the shown status first (a
    recorded one wins), the computed status beside it, and the recorded status with its date and source (the
    date, source and note columns only when some partner has a recorded status).

    Numbers stay numbers and the years since the last contact stay a float, so the table sorts properly.
    """
    lang = normalise_lang(lang)
    recorded = health["recorded_status"].fillna("").astype(str)
    recorded_date = pd.to_datetime(health["recorded_date"])
    table = pd.DataFrame({
        t("common.partner", lang): health[f"name_{lang}"].to_numpy(),
        t("common.country", lang): health[f"country_{lang}"].to_numpy(),
        t("health.col.status", lang): [status_label(s, lang) for s in health["status"]],
        t("health.col.computed", lang): [status_label(s, lang) for s in health["computed_status"]],
        t("health.col.cause", lang): [cause_text(row, lang, thresholds) for _, row in health.iterrows()],
        t("health.col.recorded", lang): [label("recorded_status", s, lang) if s else t("common.none", lang)
                                         for s in recorded],
        t("health.col.recorded_date", lang): [format_date(d.date(), lang) if pd.notna(d) else ""
                                              for d in recorded_date],
        t("health.col.recorded_source", lang): health["recorded_source"].fillna("").astype(str).to_numpy(),
        t("health.col.recorded_note", lang): health["recorded_note"].fillna("").astype(str).to_numpy(),
        t("common.agreements", lang): health["agreements"].astype(int).to_numpy(),
        t("health.col.years_signed", lang): health["years_signed"].fillna("").astype(str).to_numpy(),
        t("health.col.contacts_total", lang): health["contacts_total"].astype(int).to_numpy(),
        t("health.col.last_1y", lang): health["contacts_last_1y"].astype(int).to_numpy(),
        t("health.col.last_3y", lang): health["contacts_last_3y"].astype(int).to_numpy(),
        t("health.col.last_5y", lang): health["contacts_last_5y"].astype(int).to_numpy(),
        t("common.last_contact", lang): [
            _period_text(s, e, p, lang) for s, e, p in zip(health["last_contact_start"], health["last_contact_end"],
                                                          health["last_contact_precision"])],
        t("health.years_since_last", lang): health["years_since_last"].astype(float).to_numpy(),
        t("health.col.trend", lang): [t("health.trend_value", lang, recent=r, previous=p)
                                      for r, p in zip(health["trend_recent"], health["trend_previous"])],
        t("health.col.trend_label", lang): [label("trend", v, lang) for v in health["trend_label"]],
    })
    if not recorded.ne("").any():
        # Nothing recorded: one empty "recorded" column says so; its date, source and note would be empty too.
        table = table.drop(columns=[t(f"health.col.{c}", lang) for c in ("recorded_date", "recorded_source",
                                                                        "recorded_note")])
    return table


# ------------------------------------------------------------------ forums

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
    return pd.DataFrame({
        t("forums.col.series", lang): eds[f"series_{lang}"].fillna(eds["series"]).to_numpy(),
        t("common.year", lang): eds["edition"].astype("Int64").to_numpy(),
        t("common.date", lang): [_period_text(s, e, p, lang) for s, e, p in
                                 zip(eds["date_start"], eds["date_end"], eds["date_precision"])],
        t("forums.col.partners", lang): [taking_part[e] for e in eds["event_id"]],
        t("forums.col.within", lang): [within.get(p, p) if isinstance(p, str) and p else ""
                                       for p in eds["parent_event_id"]],
    })


def attendance_table(matrix: pd.DataFrame, eds: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Partner × edition with ● in person, ○ online, ◌ format unknown; only partners that took part, those
    to invite again first. The second column says whether the partner came before and has not since: a
    column, not a row colour, because colouring rows in pandas' Styler took 4 s for a thousand partners."""
    lang = normalise_lang(lang)
    ids = [e for e in eds["event_id"] if e in matrix.columns]
    headers = {row.event_id: edition_label(row.series, row.edition, lang) for row in eds.itertuples()}
    rows = (matrix[matrix["editions_attended"] > 0]
            .sort_values(["not_invited_since", "editions_attended", f"name_{lang}"], ascending=[False, False, True],
                         kind="stable"))
    marks = rows[ids].to_numpy(dtype=object)
    symbols = np.select([marks == mark for mark in MARK_SYMBOLS], list(MARK_SYMBOLS.values()), default="")
    return pd.concat([
        pd.DataFrame({
            t("common.partner", lang): rows[f"name_{lang}"].to_numpy(),
            t("forums.not_invited_since", lang): np.where(rows["not_invited_since"].to_numpy(dtype=bool),
                                                          t("forums.yes", lang), ""),
        }),
        pd.DataFrame(symbols.reshape(len(rows), len(ids)), columns=[headers[e] for e in ids]),
        pd.DataFrame({t("forums.col.editions", lang): rows["editions_attended"].astype(int).to_numpy()}),
    ], axis=1)


def invitation_list(matrix: pd.DataFrame, eds: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The partners that came to a series before and missed its latest edition: partner, the series to invite
    them to again, and the last edition they came to."""
    lang = normalise_lang(lang)
    series_names = dict(zip(eds["series"], eds[f"series_{lang}"]))
    by_event = eds.set_index("event_id")
    flagged = matrix[matrix["not_invited_since"]].sort_values(f"name_{lang}", kind="stable")
    last = [edition_label(by_event.loc[e, "series"], by_event.loc[e, "edition"], lang)
            if isinstance(e, str) and e in by_event.index else "" for e in flagged["last_edition"]]
    return pd.DataFrame({
        t("common.partner", lang): flagged[f"name_{lang}"].to_numpy(),
        t("forums.col.missed", lang): [", ".join(series_names.get(s, s) for s in v.split("|") if s)
                                       for v in flagged["missed_series"]],
        t("forums.col.last_edition", lang): last,
    })


# ------------------------------------------------------------------ planning

def parse_horizon(params: Mapping[str, Sequence[str] | str], today: datetime.date
                  ) -> tuple[datetime.date, int, list[tuple[str, str]]]:
    """The horizon a URL holds (`?start=2026-01-15&months=12`); invalid values fall back to today and 12
    months and are reported as (parameter, value as given)."""
    rejected: list[tuple[str, str]] = []
    start, months = today, DEFAULT_MONTHS
    raw_start = _last(params.get(START_PARAM))
    if raw_start:
        try:
            start = datetime.date.fromisoformat(raw_start.strip())
            if not 1900 <= start.year <= 2200:
                raise ValueError(raw_start)
        except ValueError:
            start = today
            rejected.append((START_PARAM, raw_start))
    raw_months = _last(params.get(MONTHS_PARAM))
    if raw_months:
        try:
            months = int(raw_months.strip())
            if not MONTHS_RANGE[0] <= months <= MONTHS_RANGE[1]:
                raise ValueError(raw_months)
        except ValueError:
            months = DEFAULT_MONTHS
            rejected.append((MONTHS_PARAM, raw_months))
    return start, months, rejected


def horizon_query(start: datetime.date, months: int, today: datetime.date) -> dict[str, str]:
    """The horizon as query parameters; the defaults (from today, 12 months) are left out so the link keeps
    meaning "the next year" when it is opened later."""
    query = {}
    if start != today:
        query[START_PARAM] = start.isoformat()
    if months != DEFAULT_MONTHS:
        query[MONTHS_PARAM] = str(months)
    return query


def plan_for_view(dataset: Dataset, view: FilteredView, today: datetime.date, start: datetime.date | None = None,
                  months: int = DEFAULT_MONTHS, dated: list[PlanItem] | None = None) -> list[PlanItem]:
    """The plan of the horizon for a filtered view: the planning page's list and the overview's "coming up".

    Follow-ups come from the statuses of `health.health_of` — all contacts up to today — so a year filter
    never invents one (Harbin, met in February 2025, is not "slowing" under a 2020–2023 filter); the filters
    only choose the partners (`items_in_view`). `dated` is `planning.dated_items(dataset, start, months)` when
    the caller keeps it.
    """
    health = health_of(dataset, view.partners, today)
    items = plan(dataset, today, start, months, health=health, dated=dated)
    state = view.state
    return items_in_view(items, set(view.partners["city_id"]), bool(state.partners or state.countries))


PlanGroup = tuple[int, int, int]


def plan_group(item: PlanItem) -> PlanGroup:
    """Where the planning page lists an item: reminders first, under "now" (they are dated today by convention,
    not by an event); then by month, and an item known only by its year under that year, before its January."""
    if item.kind == "follow_up":
        return 0, 0, 0
    return 1, item.date.year, 0 if item.date_precision == "year" else item.date.month


def plan_listing(items: Sequence[PlanItem]) -> list[PlanItem]:
    """The items in the order the planning page lists them (`plan_group`, then date; stable otherwise)."""
    return sorted(items, key=lambda item: (plan_group(item), item.date))


def plan_heading(group: PlanGroup, lang: str, today: datetime.date) -> str:
    """"Now: partners to contact (statuses as of 1 Dec 2026)", "2027 — exact date not known", "June 2027"."""
    _, year, month = group
    if group[0] == 0:
        return t("plan.group_now", lang, date=format_date(today, lang))
    if month == 0:
        return t("plan.group_year", lang, year=year)
    return f"{month_name(month, lang).capitalize()} {year}"


def plan_when(item: PlanItem, lang: str) -> tuple[str, str]:
    """The date a card shows and its note: "now" for a reminder, else the date at its precision with "only the
    year is known" where it applies — never an invented day."""
    if item.kind == "follow_up":
        return t("plan.now", lang), ""
    return format_date(item.date, lang, item.date_precision), precision_note(item, lang)


def follow_up_note(lang: str) -> str:
    """What a reminder means, naming the statuses as the health page names them."""
    return t("plan.follow_up_note", lang, slowing=status_label("slowing", lang), dormant=status_label("dormant", lang))


def forums_not_due_note(dataset: Dataset, lang: str) -> str:
    """"No next edition is predicted for …", naming the series held once or irregularly; "" when there are none."""
    names = [forum_name(series, lang) for series in unpredictable_forums(dataset.events)]
    return t("plan.forums_not_due", lang, forums="; ".join(names)) if names else ""


def items_in_view(items: Sequence[PlanItem], partner_ids: set[str], partners_filtered: bool) -> list[PlanItem]:
    """The plan items a filtered view keeps: those of its partners; the forums Kazan hosts belong to no
    partner and are kept unless the view is narrowed to some partners or countries."""
    return [item for item in items
            if (item.city_id in partner_ids if item.city_id else not partners_filtered)]


def kind_counts(items: Sequence[PlanItem]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return counts


def ics_filename(lang: str, start: datetime.date, months: int) -> str:
    """E.g. "kazan-plan-en-2026-01-15-12m.ics"."""
    return f"kazan-plan-{normalise_lang(lang)}-{start.isoformat()}-{months}m.ics"
