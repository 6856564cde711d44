"""The one set of filters every page obeys, and its round trip through the URL.

Filters are plain values (`FilterState`) built from query parameters, validated against the data, and
applied by pure functions over DataFrames; pages never filter on display text, so a translated label can
never break a filter. Invalid URL values are dropped with a notice instead of failing the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from cooperation.i18n import label, t
from cooperation.loading import Dataset
from cooperation.vocab import SETTINGS, SPHERES

# Query-parameter names: short, stable, part of every shared link.
P_FROM, P_TO, P_COUNTRY, P_PARTNER, P_SPHERE, P_SETTING, P_LANG = (
    "from",
    "to",
    "country",
    "partner",
    "sphere",
    "venue",
    "lang",
)
FILTER_PARAMS = (P_FROM, P_TO, P_COUNTRY, P_PARTNER, P_SPHERE, P_SETTING)
# What one URL parameter may hold: more than the sidebar can select at 100× the data (1,000 partners), far less
# than a crafted link that would cost seconds of CPU to read.
MAX_PARAM_CHARS = 40_000
MAX_VALUES_PER_PARAM = 2_000
MAX_REJECTED_NAMED = 5  # the dropped values a notice names
MAX_VALUE_SHOWN = 40  # characters of each


@dataclass(frozen=True)
class FilterState:
    """What the user chose; empty tuples mean "all", None years mean the data's own bounds."""

    year_from: int | None = None
    year_to: int | None = None
    countries: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    spheres: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()

    @property
    def is_default(self) -> bool:
        return self == FilterState()

    @property
    def limits_evidence(self) -> bool:
        """Whether the years, spheres or venues leave contacts out: the figures counting contacts then show a
        part of the record, which the pages say beside them (the statuses never use this part alone)."""
        return self.year_from is not None or self.year_to is not None or bool(self.spheres or self.settings)


@dataclass(frozen=True)
class FilteredView:
    """The filtered slices of a dataset that pages draw from."""

    contacts: pd.DataFrame
    partners: pd.DataFrame
    agreements: pd.DataFrame
    state: FilterState = field(default_factory=FilterState)


def year_range(year_from: int | None, year_to: int | None, bounds: tuple[int, int]) -> tuple[int | None, int | None]:
    """The year filter as kept: a year at the data's own bound is no filter (None), so a link keeps meaning
    "from the first contact" when older contacts are added."""
    return (year_from if year_from != bounds[0] else None, year_to if year_to != bounds[1] else None)


def setting_of(contacts: pd.DataFrame) -> pd.Series:
    """Online contacts form their own group in the venue filter: where the screen was matters little."""
    return contacts["venue"].where(contacts["format"] != "online", "online")


def enrich_contacts(dataset: Dataset) -> pd.DataFrame:
    """Contacts with the partner's names and country, the contact year and its setting, joined once."""
    cities = dataset.cities[["city_id", "name_ru", "name_en", "country_iso2", "country_ru", "country_en"]]
    contacts = dataset.contacts.merge(cities, on="city_id", how="left")
    contacts["year"] = contacts["date_start"].dt.year.astype("Int64")
    contacts["year_end"] = contacts["date_end"].dt.year.astype("Int64")
    contacts["setting"] = setting_of(contacts)
    return contacts


def partner_cities(dataset: Dataset) -> pd.DataFrame:
    return dataset.cities[dataset.cities["role"] == "partner"]


def year_bounds(dataset: Dataset) -> tuple[int, int]:
    """The span of years the contacts and agreements cover; the year filter's limits."""
    years = pd.concat(
        [
            dataset.contacts["date_start"].dt.year,
            dataset.contacts["date_end"].dt.year,
            dataset.agreements["year_signed"].astype("float"),
        ]
    ).dropna()
    if years.empty:
        return 2000, 2000
    return int(years.min()), int(years.max())


def _valid(values: Sequence[str], allowed: set[str], what: str, rejected: list[tuple[str, str]]) -> tuple[str, ...]:
    """The known values in their order, once each; the unknown ones go to `rejected` as (what, value)."""
    kept = tuple(dict.fromkeys(v for v in values if v in allowed))
    rejected.extend((what, value) for value in dict.fromkeys(v for v in values if v not in allowed))
    return kept


def _rejected_notice(rejected: list[tuple[str, str]], unread: int, lang: str) -> str:
    """One notice for every value the filters dropped, naming the first few (shortened)."""
    examples = ", ".join(
        f"{t(what, lang)}: “{value[:MAX_VALUE_SHOWN]}{'…' if len(value) > MAX_VALUE_SHOWN else ''}”"
        for what, value in rejected[:MAX_REJECTED_NAMED]
    )
    if len(rejected) > MAX_REJECTED_NAMED:
        examples += " …"
    if not unread:
        return t("filters.ignored", lang, n=len(rejected), examples=examples)
    return t(
        "filters.ignored_unread",
        lang,
        n=len(rejected) + unread,
        examples=examples or "—",
        limit=MAX_VALUES_PER_PARAM,
        chars=MAX_PARAM_CHARS,
    )


def _year(value: str | None, low: int, high: int, what: str, lang: str, notices: list[str]) -> int | None:
    if value is None or value == "":
        return None
    try:
        year = int(value)
    except ValueError:
        year = None
    if year is None or not low <= year <= high:
        shown = value[:MAX_VALUE_SHOWN] + ("…" if len(value) > MAX_VALUE_SHOWN else "")
        notices.append(t("filters.ignored_year", lang, what=t(what, lang), value=shown, low=low, high=high))
        return None
    return year


def last_value(values: Sequence[str] | str | None) -> str | None:
    """The last value of a query parameter (a repeated key keeps its last value, like st.query_params[key]);
    what a page's own parameters (thresholds, horizon) read."""
    if values is None:
        return None
    if isinstance(values, str):
        return values
    return str(values[-1]) if len(values) else None


def from_query(params: Mapping[str, Sequence[str]], dataset: Dataset, lang: str) -> tuple[FilterState, list[str]]:
    """Read the filters from query parameters (each a list of values); invalid ones become notices.

    A link is anyone's to write: per parameter at most `MAX_PARAM_CHARS` characters and `MAX_VALUES_PER_PARAM`
    values are read (more than any view needs: the sidebar offers fewer partners), and everything dropped is
    summarised in one notice — a 400 KB `sphere=x0,x1,…` once made 60,000 warnings.
    """
    notices: list[str] = []
    rejected: list[tuple[str, str]] = []
    unread = 0
    low, high = year_bounds(dataset)
    partners = partner_cities(dataset)

    def values(key: str) -> list[str]:
        nonlocal unread
        budget, found = MAX_PARAM_CHARS, []
        for raw in params.get(key, []):
            text = str(raw)
            if len(text) > budget:
                unread += text[budget:].count(",") + 1
            found.extend(v for v in text[:budget].split(",") if v)
            budget = max(0, budget - len(text))
        if len(found) > MAX_VALUES_PER_PARAM:
            unread += len(found) - MAX_VALUES_PER_PARAM
            found = found[:MAX_VALUES_PER_PARAM]
        return found

    def first(key: str) -> str | None:
        found = values(key)
        return found[-1] if found else None

    year_from = _year(first(P_FROM), low, high, "filters.year_from", lang, notices)
    year_to = _year(first(P_TO), low, high, "filters.year_to", lang, notices)
    if year_from is not None and year_to is not None and year_from > year_to:
        notices.append(t("filters.swapped", lang, low=year_to, high=year_from))
        year_from, year_to = year_to, year_from
    year_from, year_to = year_range(year_from, year_to, (low, high))
    state = FilterState(
        year_from=year_from,
        year_to=year_to,
        countries=_valid(
            [v.upper() for v in values(P_COUNTRY)], set(partners["country_iso2"]), "common.country", rejected
        ),
        partners=_valid(values(P_PARTNER), set(partners["city_id"]), "common.partner", rejected),
        spheres=_valid(values(P_SPHERE), set(SPHERES), "common.sphere", rejected),
        settings=_valid(values(P_SETTING), set(SETTINGS), "common.venue", rejected),
    )
    if rejected or unread:
        notices.append(_rejected_notice(rejected, unread, lang))
    return state, notices


def to_query(state: FilterState) -> dict[str, list[str]]:
    """The filters as query parameters; only what differs from "all" is written, so links stay short."""
    query: dict[str, list[str]] = {}
    if state.year_from is not None:
        query[P_FROM] = [str(state.year_from)]
    if state.year_to is not None:
        query[P_TO] = [str(state.year_to)]
    for key, values in (
        (P_COUNTRY, state.countries),
        (P_PARTNER, state.partners),
        (P_SPHERE, state.spheres),
        (P_SETTING, state.settings),
    ):
        if values:
            query[key] = list(values)
    return query


def _sphere_mask(spheres: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return spheres.map(lambda value: bool(wanted_set & set(str(value).split("|"))))


def contact_mask(contacts: pd.DataFrame, state: FilterState) -> pd.Series:
    """Boolean mask over enriched contacts; a period contact counts when it overlaps the chosen years."""
    mask = pd.Series(True, index=contacts.index)
    if state.year_from is not None:
        mask &= contacts["year_end"].fillna(contacts["year"]).ge(state.year_from).fillna(False)
    if state.year_to is not None:
        mask &= contacts["year"].le(state.year_to).fillna(False)
    if state.countries:
        mask &= contacts["country_iso2"].isin(state.countries)
    if state.partners:
        mask &= contacts["city_id"].isin(state.partners)
    if state.spheres:
        mask &= _sphere_mask(contacts["spheres"], state.spheres)
    if state.settings:
        mask &= contacts["setting"].isin(state.settings)
    return mask


def apply(dataset: Dataset, contacts: pd.DataFrame, state: FilterState) -> FilteredView:
    """Partners and agreements follow the country and partner filters; contacts follow all of them."""
    partners = partner_cities(dataset)
    if state.countries:
        partners = partners[partners["country_iso2"].isin(state.countries)]
    if state.partners:
        partners = partners[partners["city_id"].isin(state.partners)]
    agreements = dataset.agreements[dataset.agreements["city_id"].isin(partners["city_id"])]
    if state.year_to is not None:
        agreements = agreements[agreements["year_signed"].isna() | agreements["year_signed"].le(state.year_to)]
    # No filter: the enriched frame itself (a boolean selection copies every column; with a million contacts
    # their entries' text alone took 3 s).
    chosen = contacts if state.is_default else contacts[contact_mask(contacts, state)]
    return FilteredView(contacts=chosen, partners=partners, agreements=agreements, state=state)


def describe(state: FilterState, dataset: Dataset, lang: str) -> str:
    """The one-line summary of the active filters shown on every page."""
    if state.is_default:
        return t("filters.none_active", lang)
    return t("filters.active", lang, summary=" · ".join(describe_parts(state, dataset, lang)))


def describe_parts(state: FilterState, dataset: Dataset, lang: str) -> list[str]:
    """Each active filter as "Period: 2020–2023", "Country: China", … in the order of the sidebar."""
    low, high = year_bounds(dataset)
    parts = []
    if state.year_from is not None or state.year_to is not None:
        parts.append(f"{t('common.period', lang)}: {state.year_from or low}–{state.year_to or high}")
    names = dataset.cities.set_index("city_id")[f"name_{lang}"]
    countries = dataset.cities.drop_duplicates("country_iso2").set_index("country_iso2")[f"country_{lang}"]
    for key, values, name in (
        ("common.country", state.countries, lambda v: countries.get(v, v)),
        ("common.partner", state.partners, lambda v: names.get(v, v)),
        ("common.sphere", state.spheres, lambda v: label("sphere", v, lang)),
        ("common.venue", state.settings, lambda v: label("setting", v, lang)),
    ):
        if values:
            parts.append(f"{t(key, lang)}: {', '.join(name(v) for v in values)}")
    return parts
