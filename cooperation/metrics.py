"""The numbers every page shows, computed once from the filtered view: pure pandas over DataFrames.

Pages and figure builders never count by themselves, so a headline, a chart and a table built from the
same view always agree. Each function takes the slices of a `FilteredView` (contacts already enriched by
`filters.enrich_contacts`) and returns a small frame or a dataclass with stable column names; display
labels are added by the caller through the translation catalogue.

Counting rules, stated once:
- A contact with several spheres ("governance|digital") counts once in each of them, so sphere counts add
  up to more than the number of contacts; charts by sphere say so in their subtitle.
- A contact over a period ("2002-2018 гг.", "В апреле-мае 2025 года") counts once, in its start year, in
  per-year counts; a year total is the number of contacts that began that year, not contact-years.
- A contact without a start date counts in totals but in no year.

Everything is vectorised: sphere lists are decoded once per distinct "a|b|c" value (there are at most a few
hundred), never per contact, so the functions stay fast at a million contacts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cooperation.coverage import latest_known
from cooperation.filters import FilteredView, FilterState, describe_parts
from cooperation.i18n import LANGS, labels, t
from cooperation.ingest.geo import country_names
from cooperation.loading import Dataset
from cooperation.vocab import DOC_TYPES, RELATIONS, SETTINGS, SPHERES

PARTNER_COLUMNS = ["city_id", "name_ru", "name_en", "country_iso2", "country_ru", "country_en"]
COUNTRY_COLUMNS = ["country_iso2", "country_ru", "country_en"]
SPHERE_LONG_COLUMNS = [
    "contact_id",
    *PARTNER_COLUMNS,
    "date_start",
    "date_end",
    "date_precision",
    "year",
    "year_end",
    "venue",
    "setting",
    "format",
    "event_id",
]

# National figures that count the same unit a Kazan partnership adds one to (a link between two cities,
# or a Russian city with a twin); regions, states and forum delegations count something else.
COMPARABLE_NATIONAL_MEASURES: tuple[str, ...] = ("partnership_links", "twinned_cities_a")


@dataclass(frozen=True)
class Headline:
    """The overview's key figures for the current filters, with the official totals they are part of."""

    partners: int
    countries: int
    agreements: int
    contacts: int
    last_contact: pd.Timestamp | None
    last_precision: str
    last_partner: str | None  # city_id of the partner of the latest contact
    partners_known: int | None  # latest official total of partner cities (known_totals.csv), unfiltered
    countries_known: int | None


def _newest_first(contacts: pd.DataFrame) -> np.ndarray:
    """Positions of the dated contacts, newest first: by start, then by end, so "2024" (the whole year)
    comes after a day in 2024. Sorts two integer arrays, never the frame, which is what keeps it cheap."""
    start = contacts["date_start"]
    dated = np.flatnonzero(start.notna().to_numpy())
    begin = start.to_numpy(dtype="datetime64[ns]").view("int64")[dated]
    end = contacts["date_end"].fillna(start).to_numpy(dtype="datetime64[ns]").view("int64")[dated]
    return dated[np.lexsort((-end, -begin))]


def _first_by_code(codes: np.ndarray, order: np.ndarray) -> pd.Series:
    """For each code (from `pd.factorize`), the position of its first row in `order`: code → position."""
    ordered = codes[order]
    keep = ordered >= 0
    present, first = np.unique(ordered[keep], return_index=True)
    return pd.Series(order[keep][first], index=present)


def headline(view: FilteredView, dataset: Dataset) -> Headline:
    """Counts of the filtered view; the known totals come from the dataset, so "10 of 74" can be said."""
    newest = _newest_first(view.contacts)
    last = view.contacts.iloc[newest[0]] if len(newest) else None
    partners_known = latest_known(dataset.known_totals, "partner_cities")
    countries_known = latest_known(dataset.known_totals, "countries")
    return Headline(
        partners=int(view.partners["city_id"].nunique()),
        countries=int(view.partners["country_iso2"].nunique()),
        agreements=len(view.agreements),
        contacts=len(view.contacts),
        last_contact=last["date_start"] if last is not None else None,
        last_precision=str(last["date_precision"] or "day") if last is not None else "",
        last_partner=str(last["city_id"]) if last is not None else None,
        partners_known=partners_known.value if partners_known else None,
        countries_known=countries_known.value if countries_known else None,
    )


def _sphere_flags(contacts: pd.DataFrame, spheres: Sequence[str] = ()) -> pd.DataFrame:
    """One boolean column per sphere (vocab order), one row per contact: which spheres each contact has.

    The '|'-lists are decoded once per distinct value and broadcast back by code, which is what keeps this
    cheap at any number of contacts. `spheres` restricts the columns (empty = all).
    """
    wanted = [s for s in SPHERES if not spheres or s in spheres]
    codes, uniques = pd.factorize(contacts["spheres"], use_na_sentinel=True)
    per_unique = pd.Series(uniques, dtype=object).str.get_dummies(sep="|").reindex(columns=wanted, fill_value=0)
    table = np.vstack([per_unique.to_numpy(dtype=bool), np.zeros((1, len(wanted)), dtype=bool)])
    return pd.DataFrame(table[codes], index=contacts.index, columns=wanted)  # code -1 → the all-False row


def sphere_long(contacts: pd.DataFrame, spheres: Sequence[str] = ()) -> pd.DataFrame:
    """One row per (contact, sphere), with a categorical `sphere` column; a two-sphere contact gives two rows.

    Keeps the key columns (SPHERE_LONG_COLUMNS), not the entry text: copying long texts is what would make
    this slow at scale; join on `contact_id` for more. Rows of one contact follow the vocabulary order of
    spheres, not the order the source wrote them in.
    """
    flags = _sphere_flags(contacts, spheres)
    rows, columns = np.nonzero(flags.to_numpy())
    long = contacts[[c for c in SPHERE_LONG_COLUMNS if c in contacts.columns]].iloc[rows].reset_index(drop=True)
    codes = np.array([SPHERES.index(sphere) for sphere in flags.columns], dtype="int64")
    long["sphere"] = pd.Categorical.from_codes(codes[columns], categories=list(SPHERES))
    return long


def _year_range(years: pd.Series) -> pd.Index:
    """Every year from the first to the last, so charts show quiet years as zero, not as a gap."""
    years = years.dropna()
    if years.empty:
        return pd.Index([], dtype="int64", name="year")
    return pd.RangeIndex(int(years.min()), int(years.max()) + 1, name="year")


def sphere_by_year(contacts: pd.DataFrame, spheres: Sequence[str] = ()) -> pd.DataFrame:
    """Matrix for a heatmap: rows spheres (vocab order), columns years (every year in the span), contact counts."""
    flags = _sphere_flags(contacts, spheres).astype("int64")
    dated = contacts["year"].notna().to_numpy()
    counts = flags[dated].groupby(contacts["year"].to_numpy()[dated].astype("int64")).sum()
    matrix = counts.reindex(_year_range(contacts["year"]), fill_value=0).T
    matrix.index.name = "sphere"
    return matrix


def contacts_per_year_by_sphere(contacts: pd.DataFrame, spheres: Sequence[str] = ()) -> pd.DataFrame:
    """Long frame year, sphere, contacts for stacked bars; `sphere` is categorical over all SPHERES."""
    matrix = sphere_by_year(contacts, spheres)
    long = matrix.T.melt(ignore_index=False, var_name="sphere", value_name="contacts").reset_index()
    long["sphere"] = pd.Categorical(long["sphere"], categories=list(SPHERES))
    return long.sort_values(["year", "sphere"], kind="stable").reset_index(drop=True)[["year", "sphere", "contacts"]]


def sphere_totals(contacts: pd.DataFrame, spheres: Sequence[str] = ()) -> pd.DataFrame:
    """Contacts per sphere (vocab order, zeros kept) and the share of all contacts that touch it."""
    flags = _sphere_flags(contacts, spheres)
    counts = flags.sum().astype("int64")
    total = len(contacts)
    return pd.DataFrame(
        {
            "sphere": pd.Categorical(counts.index, categories=list(SPHERES)),
            "contacts": counts.to_numpy(),
            "share": counts.to_numpy() / total if total else np.zeros(len(counts)),
        }
    )


def _country_index(frame: pd.DataFrame, codes: np.ndarray, iso2: pd.Index) -> pd.MultiIndex:
    """(country_iso2, country_ru, country_en) for the factorized country codes, names from a row of each."""
    present, first = np.unique(codes[codes >= 0], return_index=True)
    rows = frame.iloc[np.flatnonzero(codes >= 0)[first]]
    return pd.MultiIndex.from_arrays(
        [np.asarray(iso2)[present], rows["country_ru"].to_numpy(), rows["country_en"].to_numpy()], names=COUNTRY_COLUMNS
    )


def country_by_sphere(contacts: pd.DataFrame, spheres: Sequence[str] = ()) -> pd.DataFrame:
    """Matrix for a heatmap: rows (country_iso2, country_ru, country_en), columns spheres; busiest country first."""
    flags = _sphere_flags(contacts, spheres).astype("int64")
    codes, iso2 = pd.factorize(contacts["country_iso2"])
    known = codes >= 0
    matrix = flags[known].groupby(codes[known]).sum()
    matrix.index = _country_index(contacts, codes, iso2)
    totals = np.bincount(codes[known], minlength=len(iso2))[np.unique(codes[known])]
    matrix = matrix.iloc[np.lexsort((matrix.index.get_level_values("country_en"), -totals))]
    matrix.columns.name = "sphere"
    return matrix


def setting_by_year(contacts: pd.DataFrame) -> pd.DataFrame:
    """Long frame year, setting, contacts (every SETTINGS value for every year of the span, zeros kept)."""
    years = _year_range(contacts["year"])
    year = contacts["year"].to_numpy(dtype="float64", na_value=np.nan)
    setting = pd.Categorical(contacts["setting"], categories=list(SETTINGS)).codes
    counted = ~np.isnan(year) & (setting >= 0)
    cell = (year[counted].astype("int64") - (years[0] if len(years) else 0)) * len(SETTINGS) + setting[counted]
    counts = np.bincount(cell, minlength=len(years) * len(SETTINGS)).reshape(len(years), len(SETTINGS))
    return pd.DataFrame(
        {
            "year": np.repeat(np.asarray(years, dtype="int64"), len(SETTINGS)),
            "setting": pd.Categorical(np.tile(list(SETTINGS), len(years)), categories=list(SETTINGS)),
            "contacts": counts.ravel().astype("int64"),
        }
    )


def _contact_stats(contacts: pd.DataFrame) -> pd.DataFrame:
    """Per partner: contacts, first and latest contact (date and precision), first start and last end year."""
    codes, cities = pd.factorize(contacts["city_id"])
    index = pd.Index(np.asarray(cities, dtype=object), name="city_id")
    known = codes >= 0
    stats = pd.DataFrame({"contacts": np.bincount(codes[known], minlength=len(cities))}, index=index)
    newest = _newest_first(contacts)
    for which, order in (("last", newest), ("first", newest[::-1])):
        positions = _first_by_code(codes, order)
        rows = contacts[["date_start", "date_precision"]].iloc[positions.to_numpy()]
        stats[f"{which}_contact"] = pd.Series(rows["date_start"].to_numpy(), index=index[positions.index])
        stats[f"{which}_precision"] = pd.Series(
            rows["date_precision"].to_numpy(dtype=object), index=index[positions.index]
        )
    stats["first_contact_year"] = stats["first_contact"].dt.year.astype("Int64")
    end_year = contacts["year_end"].fillna(contacts["year"]).to_numpy(dtype="float64", na_value=np.nan)
    last_year = pd.Series(end_year[known]).groupby(codes[known]).max()
    stats["last_contact_year"] = pd.Series(last_year.to_numpy(), index=index[last_year.index]).astype("Int64")
    return stats[
        [
            "contacts",
            "first_contact",
            "first_precision",
            "last_contact",
            "last_precision",
            "first_contact_year",
            "last_contact_year",
        ]
    ]


def _partner_rows(partners: pd.DataFrame, contacts: pd.DataFrame, extra: Sequence[str] = ()) -> pd.DataFrame:
    """The partners of the view plus any partner that only appears among the contacts, once each."""
    columns = PARTNER_COLUMNS + [c for c in extra if c in partners.columns]
    codes, _ = pd.factorize(contacts["city_id"])
    present = [c for c in columns if c in contacts.columns]
    from_contacts = (
        contacts[present].iloc[_first_by_code(codes, np.arange(len(contacts))).to_numpy()].reindex(columns=columns)
    )
    rows = pd.concat([partners.reindex(columns=columns), from_contacts], ignore_index=True)
    return rows.drop_duplicates("city_id").reset_index(drop=True)


def top_partners(contacts: pd.DataFrame, partners: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n most contacted partners (most contacts, then most recent); partners without contacts fill the tail."""
    rows = _partner_rows(partners, contacts)
    stats = _contact_stats(contacts)
    table = rows.join(stats, on="city_id")
    table["contacts"] = table["contacts"].fillna(0).astype("int64")
    table = table.sort_values(
        ["contacts", "last_contact", "name_en"], ascending=[False, False, True], na_position="last", kind="stable"
    )
    return table.head(n).reset_index(drop=True)[PARTNER_COLUMNS + ["contacts", "last_contact", "last_precision"]]


def latest_contacts(contacts: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n most recent contacts, newest first, with every column of the input."""
    return contacts.iloc[_newest_first(contacts)[:n]].reset_index(drop=True)


def by_country(contacts: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Per country: partner cities and contacts; most contacts first."""
    rows = _partner_rows(partners, contacts)
    names = rows.drop_duplicates("country_iso2").set_index("country_iso2")[["country_ru", "country_en"]]
    table = pd.concat(
        [
            rows["country_iso2"].value_counts().rename("partners"),
            contacts["country_iso2"].value_counts().rename("contacts"),
        ],
        axis=1,
    )
    table = table.fillna(0).astype("int64").join(names).rename_axis("country_iso2").reset_index()
    table = table.sort_values(["contacts", "partners", "country_en"], ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True)[COUNTRY_COLUMNS + ["partners", "contacts"]]


def _agreement_stats(agreements: pd.DataFrame) -> pd.DataFrame:
    """Per partner: agreement count, strongest relation, first signing year and a "Type year; …" list per language."""
    columns = ["agreements", "relation", "first_agreement_year", "last_agreement_year"] + [
        f"agreements_{lang}" for lang in LANGS
    ]
    if agreements.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="city_id", dtype=str))
    ordered = agreements.sort_values(["city_id", "year_signed"], kind="stable", na_position="last")
    grouped = ordered.groupby("city_id")
    # RELATIONS runs strongest first, so the strongest is the lowest code; a missing relation gets the code
    # past the last one, which reads back as None.
    codes = pd.Categorical(ordered["relation"], categories=list(RELATIONS)).codes.astype("int64")
    strongest = (
        pd.Series(np.where(codes >= 0, codes, len(RELATIONS)), index=ordered.index).groupby(ordered["city_id"]).min()
    )
    stats = pd.DataFrame(
        {
            "agreements": grouped.size(),
            "relation": pd.Series(
                np.array([*RELATIONS, None], dtype=object)[strongest.to_numpy()], index=strongest.index, dtype=object
            ),
            "first_agreement_year": grouped["year_signed"].min(),
            "last_agreement_year": grouped["year_signed"].max(),
        }
    )
    year = (" " + ordered["year_signed"].astype("string")).fillna("")
    for lang in LANGS:
        item = ordered["doc_type"].map(labels("doc_type", DOC_TYPES, lang)).fillna(ordered["doc_type"]) + year
        # Joined in plain Python: a groupby aggregation with a Python function slices a frame per partner.
        listed: dict[str, list[str]] = {}
        for city, text in zip(ordered["city_id"], item):
            listed.setdefault(city, []).append(text)
        stats[f"agreements_{lang}"] = pd.Series(
            {city: "; ".join(texts) for city, texts in listed.items()}, dtype=object
        )
    return stats[columns]


def partner_summary(contacts: pd.DataFrame, partners: pd.DataFrame, agreements: pd.DataFrame) -> pd.DataFrame:
    """One row per partner with everything the map and its tooltips need.

    `relation` is the strongest relation among the partner's agreements (twinning > partnership > friendship
    > cooperation > intent), None without one; `agreements_ru` / `agreements_en` list them as "Type year";
    `first_contact` / `last_contact` come with their precision ("June 2006", not "1 June 2006");
    `first_year` / `last_year` span the relationship as recorded: signing years and contact years (a period
    contact counts to its end year here).
    """
    rows = _partner_rows(partners, contacts, extra=("lat", "lon"))
    table = rows.join(_contact_stats(contacts), on="city_id").join(_agreement_stats(agreements), on="city_id")
    for column in ("contacts", "agreements"):
        table[column] = table[column].fillna(0).astype("int64")
    table["first_year"] = (
        table[["first_contact_year", "first_agreement_year"]].astype("Float64").min(axis=1).astype("Int64")
    )
    table["last_year"] = (
        table[["last_contact_year", "last_agreement_year"]].astype("Float64").max(axis=1).astype("Int64")
    )
    for lang in LANGS:
        table[f"agreements_{lang}"] = table[f"agreements_{lang}"].fillna("")
    columns = PARTNER_COLUMNS + [
        "lat",
        "lon",
        "contacts",
        "first_contact",
        "first_precision",
        "last_contact",
        "last_precision",
        "agreements",
        *(f"agreements_{lang}" for lang in LANGS),
        "relation",
        "first_year",
        "last_year",
    ]
    return (
        table.reindex(columns=columns)
        .sort_values(["contacts", "name_en"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )


def _country_names(dataset: Dataset, iso2: str) -> tuple[str, str]:
    """Names as the data spells them; a country with no city in the data falls back to the ingest's names."""
    known = dataset.cities[dataset.cities["country_iso2"] == iso2]
    if not known.empty:
        return str(known["country_ru"].iloc[0]), str(known["country_en"].iloc[0])
    try:
        return country_names(iso2)
    except KeyError:
        return iso2, iso2


def national_comparison(dataset: Dataset) -> pd.DataFrame:
    """Kazan's partnerships in the data and in the official totals, set against national figures.

    Rows come in groups: "kazan" (partner cities, countries and agreements: in the data, then the latest
    known total), then one group per foreign country of a comparable national figure: Kazan's partners in
    that country, then the national figure (e.g. 154 Russia–China partnership links). `label_key` is the
    catalogue key of the row's label; its `{a}` / `{b}` placeholders take `country_a_<lang>` /
    `country_<lang>`, and `{scope}` ("in this data (10 of 74 partners)") the partners the data holds of
    Kazan's known total. `panel` keeps counts of one kind together and kinds apart: "partner_cities",
    "countries", "agreements", then one panel per country (Kazan's partner cities there against the national
    count of city links) — 10 partners, 74 partners and 154 links never share one axis. Unfiltered by design:
    national figures do not follow the dashboard's filters.
    """
    partners = dataset.cities[dataset.cities["role"] == "partner"]
    pages = dataset.sources[dataset.sources["kind"] == "partner_list_page"]
    snapshots = pages["snapshot_date"].dropna().astype(str)
    from_list = {
        "as_of": snapshots.max() if not snapshots.empty else "",
        "source_file": "; ".join(pages["source_file"].astype(str)),
        "source": "",
        "note": "",
    }
    rows: list[dict[str, object]] = []
    for measure, value in (
        ("partner_cities", partners["city_id"].nunique()),
        ("countries", partners["country_iso2"].nunique()),
        ("agreements", len(dataset.agreements)),
    ):
        rows.append({"group": "kazan", "side": "kazan", "measure": f"{measure}_in_data", "value": value, **from_list})
        known = latest_known(dataset.known_totals, measure)
        if known is not None:
            rows.append(
                {
                    "group": "kazan",
                    "side": "kazan",
                    "measure": f"{measure}_known",
                    "value": known.value,
                    "as_of": known.as_of,
                    "source_file": "",
                    "source": known.source,
                    "note": "",
                }
            )
    national = dataset.national_context[dataset.national_context["measure"].isin(COMPARABLE_NATIONAL_MEASURES)]
    national = national.assign(as_of=national["as_of"].fillna(""), note=national["note"].fillna(""))
    national = (
        national.sort_values("as_of", kind="stable")
        .drop_duplicates(["country_a_iso2", "country_b_iso2", "measure"], keep="last")
        .sort_values(["country_b_iso2", "measure"])
    )
    per_country = partners.groupby("country_iso2").size()
    for country, figures in national.groupby("country_b_iso2", sort=True):
        rows.append(
            {
                "group": country,
                "side": "kazan",
                "measure": "partners_in_country",
                "country_iso2": country,
                "value": per_country.get(country, 0),
                **from_list,
            }
        )
        rows += [
            {
                "group": country,
                "side": "national",
                "measure": figure["measure"],
                "country_iso2": country,
                "country_a_iso2": figure["country_a_iso2"],
                "value": figure["value"],
                "as_of": figure["as_of"],
                "source_file": figure["source_file"],
                "source": "",
                "note": figure["note"],
            }
            for figure in figures.to_dict("records")
        ]
    table = pd.DataFrame(
        rows,
        columns=[
            "group",
            "side",
            "measure",
            "country_a_iso2",
            "country_iso2",
            "value",
            "as_of",
            "source_file",
            "source",
            "note",
        ],
    )
    table[["country_a_iso2", "country_iso2"]] = table[["country_a_iso2", "country_iso2"]].fillna("")
    table.insert(3, "label_key", "national." + table["measure"])
    kind = table["measure"].str.removesuffix("_in_data").str.removesuffix("_known")
    table.insert(1, "panel", kind.where(table["group"] == "kazan", table["group"]))
    table["value"] = table["value"].astype("int64")
    codes = set(table["country_a_iso2"]) | set(table["country_iso2"])
    names = {code: _country_names(dataset, code) for code in codes if code}
    for i, lang in enumerate(LANGS):
        by_code = {code: pair[i] for code, pair in names.items()} | {"": ""}
        table[f"country_a_{lang}"] = table["country_a_iso2"].map(by_code)
        table[f"country_{lang}"] = table["country_iso2"].map(by_code)
    return table


def period_note(state: FilterState, dataset: Dataset, lang: str) -> str:
    """ "The charts … below count only the contacts in the filters: Period: 2020–2023": said beside the
    figures that count contacts when the years, spheres or venues leave some out; "" when none do."""
    if not state.limits_evidence:
        return ""
    evidence = dataclasses.replace(state, countries=(), partners=())
    return t("overview.period_only", lang, filters=" · ".join(describe_parts(evidence, dataset, lang)))
