"""Agreement health: is each partnership alive, fading, asleep, or never put into practice?

Registers list who signed what; staff need to know which partnerships still live. The status is computed
from contacts by a few explicit rules (`classify`) with thresholds staff can change (`Thresholds`), and a
status staff recorded from a document the data does not hold (suspended, ended, renewed…) wins over the
computed one — `resolve_status`.

How contacts are counted, once for every figure here:
- A contact counts for "the last N years" by its end (`date_end`): a programme that ran 2002–2018 was
  still going in 2018. An end after `today` is taken as `today` (the contact is under way).
- "N years" is N × 365.25 days back from `today`, so thresholds may be fractional (1.5 years).
- Contacts that start after `today` have not happened yet and are left out entirely, so the page can be
  evaluated as of a past date.
- Undated contacts count in the total only: they cannot say how recent the partnership is.

A status is a judgement about the future of a partnership, so every page computes it from all contacts up
to today (`health_of`): the dashboard's filters choose which partners are shown, never the evidence about
them — a year filter 2020–2023 must not make Harbin, met in 2025, look like it is slowing.

The status names and their one-line rules live once in the catalogue (`health_status.*`, `health.rule.*`);
`status_rules` renders them for the thresholds in force and `cause_text` says which rule a partner met, so
every text that explains a status (health page, overview, slide, planning, briefing) says what the code did.
The thresholds travel in the health page's URL (`THRESHOLD_PARAMS`, `parse_thresholds`) and `health_table` is
the table staff read; the figure is `cooperation.charts.health.status_chart`.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cooperation.filters import last_value
from cooperation.i18n import format_date, format_int, format_number, label, normalise_lang, plural, t
from cooperation.loading import Dataset
from cooperation.tables import period_text
from cooperation.vocab import HEALTH_STATUSES, PARTNER_STATUSES

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Thresholds:
    """The rules' parameters; these defaults are the documented ones (README, agreement-health page).

    - active: at least `active_min_contacts` contacts in the last `active_years` years and a trend that
      is not falling;
    - slowing: a contact in the last `dormant_years` years, but too few recent ones or a falling trend
      (fewer contacts in the last `trend_years` years than in the `trend_years` before);
    - dormant: the last contact is more than `dormant_years` years old;
    - never activated: no contact ending in or after the year of the partner's first agreement (any
      dated contact counts for a partner without a dated agreement) — signing alone is not activity.
    """

    active_years: float = 2.0
    active_min_contacts: int = 1
    dormant_years: float = 5.0
    trend_years: float = 3.0


DEFAULT_THRESHOLDS = Thresholds()

# partner_health's columns after the partner's own (city_id, names, countries), in reading order.
HEALTH_COLUMNS: tuple[str, ...] = (
    "agreements",
    "years_signed",
    "first_agreement_year",
    "years_since_first_agreement",
    "contacts_total",
    "contacts_last_1y",
    "contacts_last_3y",
    "contacts_last_5y",
    "last_contact",
    "last_contact_start",
    "last_contact_end",
    "last_contact_precision",
    "last_contact_text",
    "years_since_last",
    "trend_recent",
    "trend_previous",
    "trend",
    "trend_label",
    "computed_status",
    "status_cause",
    "recorded_status",
    "recorded_date",
    "recorded_source",
    "recorded_note",
    "recorded_agreement_id",
    "status",
    "status_origin",
)


def classify(
    years_since_last: Sequence[float] | np.ndarray | pd.Series,
    contacts_recent: Sequence[int] | np.ndarray | pd.Series,
    trend: Sequence[int] | np.ndarray | pd.Series,
    activated: Sequence[bool] | np.ndarray | pd.Series,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> np.ndarray:
    """The computed status of each partner, element-wise; the first matching rule wins.

    `contacts_recent` counts contacts in the last `thresholds.active_years`; `trend` is the last
    `trend_years` minus the `trend_years` before; `years_since_last` is NaN without a dated contact.
    Kept apart from the counting so the rules can be tested on plain numbers.
    """
    years = np.asarray(years_since_last, dtype=float)
    recent = np.asarray(contacts_recent, dtype=float)
    change = np.asarray(trend, dtype=float)
    started = np.asarray(activated, dtype=bool)
    return np.select(
        [
            ~started,
            ~(years <= thresholds.dormant_years),  # NaN (no dated contact) is as old as it gets
            (recent >= thresholds.active_min_contacts) & (change >= 0),
        ],
        ["never_activated", "dormant", "active"],
        default="slowing",
    ).astype(object)


# Which rule gave a computed status: a slowing partner is slowing for one of two different reasons, and a
# text must not call a rising trend "fewer contacts" (issue 20). Each cause has its catalogue key
# `health.cause.<cause>`.
STATUS_CAUSES: tuple[str, ...] = ("active", "slowing_quiet", "slowing_falling", "dormant", "never_activated")


def classify_cause(
    computed: Sequence[str] | np.ndarray | pd.Series,
    contacts_recent: Sequence[int] | np.ndarray | pd.Series,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> np.ndarray:
    """The rule each computed status met (`STATUS_CAUSES`), element-wise.

    A slowing partner is "quiet" when it has too few contacts in the active window — whatever its trend —
    and "falling" only when the window is met and the trend alone keeps it from being active, which is then
    the only reason `classify` can have had.
    """
    status = np.asarray(computed, dtype=object)
    recent = np.asarray(contacts_recent, dtype=float)
    quiet = recent < thresholds.active_min_contacts
    return np.where(status == "slowing", np.where(quiet, "slowing_quiet", "slowing_falling"), status).astype(object)


def trend_label(trend: pd.Series) -> pd.Series:
    return pd.Series(np.select([trend > 0, trend < 0], ["rising", "falling"], "flat"), index=trend.index)


def resolve_status(computed: pd.Series, recorded: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The status shown and where it comes from: a recorded status always wins.

    It wins even when a contact is newer than the record — a suspension is decided by documents, not by
    whether a delegation still visits; staff who recorded it know more than the contact list.
    """
    has_record = recorded.notna() & recorded.astype(str).ne("")
    status = recorded.where(has_record, computed)
    origin = pd.Series(np.where(has_record, "recorded", "computed"), index=computed.index)
    return status, origin


def _contact_ages(contacts: pd.DataFrame, city_ids: set[str], today: pd.Timestamp) -> pd.DataFrame:
    """The partners' contacts that have started by `today`, with the end that counts and its age in years."""
    mine = contacts[contacts["city_id"].isin(city_ids)]
    mine = mine[mine["date_start"].isna() | (mine["date_start"] <= today)]
    end = mine["date_end"].fillna(mine["date_start"]).clip(upper=today)
    return mine.assign(_end=end, _age=(today - end).dt.days / DAYS_PER_YEAR)


def _agreement_facts(agreements: pd.DataFrame) -> pd.DataFrame:
    years = agreements.dropna(subset=["year_signed"])
    distinct = years.drop_duplicates(["city_id", "year_signed"]).sort_values("year_signed")
    signed = distinct["year_signed"].astype(str).groupby(distinct["city_id"]).agg(", ".join)
    return pd.DataFrame(
        {
            "agreements": agreements.groupby("city_id").size(),
            "years_signed": signed,
            "first_agreement_year": years.groupby("city_id")["year_signed"].min(),
        }
    )


def _recorded(statuses: pd.DataFrame, agreements: pd.DataFrame) -> pd.DataFrame:
    """The latest recorded status on any of a partner's agreements (ties: the later row of the file)."""
    linked = statuses.merge(agreements[["agreement_id", "city_id"]], on="agreement_id", how="inner")
    latest = linked.sort_values("status_date", kind="stable").groupby("city_id").tail(1).set_index("city_id")
    return pd.DataFrame(
        {
            "recorded_status": latest["status"],
            "recorded_date": latest["status_date"],
            "recorded_source": latest["source"],
            "recorded_note": latest["note"],
            "recorded_agreement_id": latest["agreement_id"],
        },
        index=latest.index,
    )


def partner_health(
    partners: pd.DataFrame,
    agreements: pd.DataFrame,
    contacts: pd.DataFrame,
    statuses: pd.DataFrame,
    today: datetime.date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """One row per partner: its agreements, contact counts, last contact, trend and status.

    `statuses` is `dataset.agreement_statuses`. Columns: city_id (and the partner's names and countries
    when `partners` has them), agreements, years_signed ("2002, 2003"), first_agreement_year,
    contacts_total, contacts_last_1y/3y/5y, last_contact (the date recency is measured from: the latest end,
    at most `today`), last_contact_start/end/precision/text (for display; text is the date as written),
    years_since_last, years_since_first_agreement, trend_recent, trend_previous, trend, trend_label,
    computed_status, recorded_status, recorded_date, recorded_source, recorded_note, recorded_agreement_id,
    status, status_origin. Grouped, never looped: a thousand partners with seven thousand contacts is instant.
    """
    now = pd.Timestamp(today)
    keep = [
        c
        for c in ("city_id", "name_ru", "name_en", "country_iso2", "country_ru", "country_en")
        if c in partners.columns
    ]
    out = partners[keep].drop_duplicates("city_id").set_index("city_id")
    ids = out.index.to_series()
    id_set = set(ids)  # isin over a set skips pandas' slow element-wise path for string columns

    facts = _agreement_facts(agreements[agreements["city_id"].isin(id_set)])
    out = out.join(facts)
    out["agreements"] = out["agreements"].fillna(0).astype(int)
    out["years_signed"] = out["years_signed"].fillna("")
    out["first_agreement_year"] = out["first_agreement_year"].astype("Int64")

    seen = _contact_ages(contacts, id_set, now)
    dated = seen.dropna(subset=["_end"])
    age = dated["_age"]
    windows = (
        pd.DataFrame(
            {
                "contacts_last_1y": age <= 1,
                "contacts_last_3y": age <= 3,
                "contacts_last_5y": age <= 5,
                "_recent": age <= thresholds.active_years,
                "trend_recent": age <= thresholds.trend_years,
                "trend_previous": (age > thresholds.trend_years) & (age <= 2 * thresholds.trend_years),
                "city_id": dated["city_id"],
            }
        )
        .groupby("city_id")
        .sum()
    )
    counts = windows.join(seen.groupby("city_id").size().rename("contacts_total"), how="outer")
    out = out.join(counts)
    for column in counts.columns:
        out[column] = out[column].fillna(0).astype(int)

    last = dated.sort_values(["_end", "date_start"], kind="stable").groupby("city_id").tail(1).set_index("city_id")
    out["last_contact"] = last["_end"]
    out["last_contact_start"] = last["date_start"]
    out["last_contact_end"] = last["date_end"]
    out["last_contact_precision"] = last["date_precision"]
    out["last_contact_text"] = last["date_text"]
    out["years_since_last"] = last["_age"].round(1)
    out["years_since_first_agreement"] = (now.year - out["first_agreement_year"]).astype("Int64")

    first_year = dated["city_id"].map(out["first_agreement_year"])
    after_signing = first_year.isna() | (dated["_end"].dt.year >= first_year.fillna(0))
    activated = ids.isin(set(dated.loc[after_signing.astype(bool), "city_id"]))

    out["trend"] = out["trend_recent"] - out["trend_previous"]
    out["trend_label"] = trend_label(out["trend"])
    # The unrounded age: 5.04 years is past a 5-year threshold even though it shows as 5.0.
    out["computed_status"] = classify(
        last["_age"].reindex(out.index), out["_recent"], out["trend"], activated, thresholds
    )
    out["status_cause"] = classify_cause(out["computed_status"], out["_recent"], thresholds)

    recorded = _recorded(statuses, agreements[agreements["city_id"].isin(id_set)])
    out = out.join(recorded)
    out["status"], out["status_origin"] = resolve_status(out["computed_status"], out["recorded_status"])
    return out.reset_index()[[c for c in keep] + list(HEALTH_COLUMNS)]


def health_of(
    dataset: Dataset, partners: pd.DataFrame, today: datetime.date, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> pd.DataFrame:
    """`partner_health` of the chosen partners, from all their agreements and all contacts up to `today`.

    What every page shows as a status: the filters pick `partners` (by country or partner), but the years,
    spheres and venues chosen never remove evidence — a status says where a partnership stands today.
    """
    ids = set(partners["city_id"])
    agreements = dataset.agreements[dataset.agreements["city_id"].isin(ids)]
    return partner_health(partners, agreements, dataset.contacts, dataset.agreement_statuses, today, thresholds)


def _years(value: float, lang: str) -> str:
    return format_number(value, lang, 0 if float(value).is_integer() else 1)


def rule_params(thresholds: Thresholds, lang: str) -> dict[str, str]:
    """The thresholds as the rule texts quote them ("2", "1,5"), with the plural of "contact" after the minimum."""
    params = {
        "active": _years(thresholds.active_years, lang),
        "dormant": _years(thresholds.dormant_years, lang),
        "trend": _years(thresholds.trend_years, lang),
        "min": str(thresholds.active_min_contacts),
        "contacts": plural(int(thresholds.active_min_contacts), "plural.contacts_at_least", lang),
    }
    quiet = "health.rule.quiet_none" if thresholds.active_min_contacts <= 1 else "health.rule.quiet_few"
    return params | {"quiet": t(quiet, lang, **params)}


def status_rules(thresholds: Thresholds, lang: str) -> dict[str, str]:
    """The one-line rule of each computed status (`HEALTH_STATUSES`) for these thresholds, from the catalogue."""
    params = rule_params(thresholds, lang)
    return {status: t(f"health.rule.{status}", lang, **params) for status in HEALTH_STATUSES}


def cause_phrase(
    row: pd.Series | dict, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> tuple[str, dict[str, int | float]]:
    """The catalogue key and language-neutral parameters of why a partner has its computed status.

    Numbers stay numbers so a caller (the planning items) can render them in either language later.
    """
    cause = str(row["status_cause"])
    if cause == "slowing_quiet" and thresholds.active_min_contacts > 1:
        cause = "slowing_few"
    return f"health.cause.{cause}", {
        "active": thresholds.active_years,
        "dormant": thresholds.dormant_years,
        "trend": thresholds.trend_years,
        "min": int(thresholds.active_min_contacts),
        "recent": int(row["trend_recent"]),
        "previous": int(row["trend_previous"]),
    }


def cause_text(row: pd.Series | dict, lang: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """Why this partner has its computed status, in one clause with its own numbers: "no contact in the
    last 2 years (2 in the last 3 years, 0 in the 3 before)"."""
    key, params = cause_phrase(row, thresholds)
    shown = {
        name: _years(value, lang) if isinstance(value, float) else format_int(value, lang)
        for name, value in params.items()
    }
    return t(key, lang, **shown)


def rules_markdown(thresholds: Thresholds, lang: str) -> str:
    """The rules as a markdown list, one status a line (the health page's legend), then the recorded-status rule."""
    rules = status_rules(thresholds, lang)
    lines = [f"- **{status_label(status, lang)}** — {rule}" for status, rule in rules.items()]
    return "\n".join([*lines, f"- {t('health.rule.recorded', lang)}"])


# Names the overview writes per status; past this the line says "and 388 more" (1,000 partners would not fit).
SUMMARY_NAMES = 12


def status_summary(
    health: pd.DataFrame, lang: str, thresholds: Thresholds = DEFAULT_THRESHOLDS, max_names: int = SUMMARY_NAMES
) -> pd.DataFrame:
    """ "Which partnerships are alive": per shown status, how many partners, their names and the rule.

    One row per status that some partner has, in the reading order of `PARTNER_STATUSES`; `names` is the
    partners' names in `lang`, most recently contacted first, and `names_text` the first `max_names` of them
    joined, with "and N more"; `rule` is the computed status's one-line rule (a recorded status — suspended,
    ended, renewed — has the recorded-status rule).
    """
    rules = status_rules(thresholds, lang)
    name_column = f"name_{lang}" if f"name_{lang}" in health.columns else "city_id"
    ordered = health.sort_values(["years_since_last", name_column], na_position="last", kind="stable")
    rows = []
    for status in PARTNER_STATUSES:
        mine = ordered[ordered["status"] == status]
        if mine.empty:
            continue
        names = mine[name_column].astype(str).tolist()
        text = ", ".join(names[:max_names])
        if len(names) > max_names:
            text += " " + t("health.more_names", lang, n=format_int(len(names) - max_names, lang))
        rows.append(
            {
                "status": status,
                "label": status_label(status, lang),
                "partners": len(mine),
                "names": names,
                "names_text": text,
                "rule": rules.get(status, t("health.rule.recorded_short", lang)),
            }
        )
    return pd.DataFrame(rows, columns=["status", "label", "partners", "names", "names_text", "rule"])


def status_counts(health: pd.DataFrame) -> pd.DataFrame:
    """Partners per shown status, every status listed (zeros too) in the fixed reading order."""
    counts = health["status"].value_counts().reindex(list(PARTNER_STATUSES), fill_value=0)
    return counts.rename_axis("status").reset_index(name="partners")


def status_label(status: str, lang: str) -> str:
    return label("health_status", status, lang)


def recorded_summary(row: pd.Series, lang: str) -> str:
    """ "Suspended · 12.03.2024 · source: …": how a recorded status is shown beside the computed one."""
    if pd.isna(row.get("recorded_status")) or not row.get("recorded_status"):
        return ""
    date = row["recorded_date"]
    return t(
        "health.recorded_summary",
        lang,
        status=label("recorded_status", row["recorded_status"], lang),
        date=format_date(date.date() if pd.notna(date) else None, lang),
        source=row.get("recorded_source") or t("common.none", lang),
    )


# ------------------------------------------------------------------ thresholds in the URL, the table


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
        raw = last_value(params.get(spec.param))
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


def health_table(health: pd.DataFrame, lang: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """`health.partner_health` as staff read it: translated headers and labels, the shown status first (a
    recorded one wins), the computed status beside it, and the recorded status with its date and source (the
    date, source and note columns only when some partner has a recorded status).

    Numbers stay numbers and the years since the last contact stay a float, so the table sorts properly.
    """
    lang = normalise_lang(lang)
    recorded = health["recorded_status"].fillna("").astype(str)
    recorded_date = pd.to_datetime(health["recorded_date"])
    table = pd.DataFrame(
        {
            t("common.partner", lang): health[f"name_{lang}"].to_numpy(),
            t("common.country", lang): health[f"country_{lang}"].to_numpy(),
            t("health.col.status", lang): [status_label(s, lang) for s in health["status"]],
            t("health.col.computed", lang): [status_label(s, lang) for s in health["computed_status"]],
            t("health.col.cause", lang): [cause_text(row, lang, thresholds) for _, row in health.iterrows()],
            t("health.col.recorded", lang): [
                label("recorded_status", s, lang) if s else t("common.none", lang) for s in recorded
            ],
            t("health.col.recorded_date", lang): [
                format_date(d.date(), lang) if pd.notna(d) else "" for d in recorded_date
            ],
            t("health.col.recorded_source", lang): health["recorded_source"].fillna("").astype(str).to_numpy(),
            t("health.col.recorded_note", lang): health["recorded_note"].fillna("").astype(str).to_numpy(),
            t("common.agreements", lang): health["agreements"].astype(int).to_numpy(),
            t("health.col.years_signed", lang): health["years_signed"].fillna("").astype(str).to_numpy(),
            t("health.col.contacts_total", lang): health["contacts_total"].astype(int).to_numpy(),
            t("health.col.last_1y", lang): health["contacts_last_1y"].astype(int).to_numpy(),
            t("health.col.last_3y", lang): health["contacts_last_3y"].astype(int).to_numpy(),
            t("health.col.last_5y", lang): health["contacts_last_5y"].astype(int).to_numpy(),
            t("common.last_contact", lang): [
                period_text(s, e, p, lang)
                for s, e, p in zip(
                    health["last_contact_start"], health["last_contact_end"], health["last_contact_precision"]
                )
            ],
            t("health.years_since_last", lang): health["years_since_last"].astype(float).to_numpy(),
            t("health.col.trend", lang): [
                t("health.trend_value", lang, recent=r, previous=p)
                for r, p in zip(health["trend_recent"], health["trend_previous"])
            ],
            t("health.col.trend_label", lang): [label("trend", v, lang) for v in health["trend_label"]],
        }
    )
    if not recorded.ne("").any():
        # Nothing recorded: one empty "recorded" column says so; its date, source and note would be empty too.
        table = table.drop(
            columns=[t(f"health.col.{c}", lang) for c in ("recorded_date", "recorded_source", "recorded_note")]
        )
    return table
