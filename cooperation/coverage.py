"""What the data covers, in one line under every view: source, snapshot, and how much of the whole it holds.

A dashboard that says "10 partner cities" when Kazan has 74 misleads its reader; the coverage line says
which pages of which list the figures come from and how many of the known total they hold. The known total
is data (known_totals.csv, with its date, source and URL) so staff update it without a developer; only a total
with a URL is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cooperation.i18n import format_date, format_int, plural, t
from cooperation.loading import Dataset
from cooperation.text import plain


@dataclass(frozen=True)
class KnownTotal:
    value: int
    as_of: str
    source: str
    url: str


@dataclass(frozen=True)
class Coverage:
    partners_in_data: int
    countries_in_data: int
    partners_known: KnownTotal | None
    countries_known: KnownTotal | None
    last_contact: pd.Timestamp | None
    last_precision: str

    @property
    def missing_partners(self) -> int | None:
        if self.partners_known is None:
            return None
        return max(self.partners_known.value - self.partners_in_data, 0)


def has_source(known_totals: pd.DataFrame) -> pd.Series:
    """A total counts only with a source one can open (its `url`); one without stays in the file, unsourced."""
    url = known_totals["url"].fillna("").astype(str).str.strip()
    return url.str.match(r"^https?://")


def latest_known(known_totals: pd.DataFrame, measure: str) -> KnownTotal | None:
    """The newest figure for a measure that has a source; as_of is YYYY, YYYY-MM or YYYY-MM-DD, so text order
    is date order. A newer unsourced figure (74 partners in 2025) is not used: every total shown can be checked."""
    rows = known_totals[(known_totals["measure"] == measure) & has_source(known_totals)]
    if rows.empty:
        return None
    row = rows.sort_values("as_of", kind="stable").iloc[-1]
    return KnownTotal(int(row["value"]), str(row["as_of"]), str(row["source"]), str(row["url"]).strip())


def _source_phrase(sources: pd.DataFrame, lang: str) -> str:
    pages = sources[sources["kind"] == "partner_list_page"].sort_values("list_page", na_position="last")
    if pages.empty:
        return t("coverage.no_source", lang)
    numbers = [str(int(p)) for p in pages["list_page"].dropna()]
    snapshot = max(str(s)[:4] for s in pages["snapshot_date"] if str(s)) if pages["snapshot_date"].any() else "?"
    key = "coverage.pages" if len(numbers) > 1 else "coverage.page" if numbers else "coverage.unnumbered"
    return t(key, lang, pages=", ".join(numbers), snapshot=snapshot)


def coverage(dataset: Dataset) -> Coverage:
    partners = dataset.cities[dataset.cities["role"] == "partner"]
    contacts = dataset.contacts.dropna(subset=["date_start"])
    last = contacts.sort_values(["date_start", "date_end"]).iloc[-1] if not contacts.empty else None
    return Coverage(
        partners_in_data=len(partners),
        countries_in_data=partners["country_iso2"].nunique(),
        partners_known=latest_known(dataset.known_totals, "partner_cities"),
        countries_known=latest_known(dataset.known_totals, "countries"),
        last_contact=last["date_start"] if last is not None else None,
        last_precision=str(last["date_precision"]) if last is not None else "",
    )


def coverage_line(dataset: Dataset, lang: str) -> str:
    """E.g. "Kazan city website, partner list page 4 (snapshot 2025): 10 of 62 partners (inkazan.ru, 2023-10-07:
    https://…) · last contact August 2025": the total is the newest with a source, named with its URL."""
    cov = coverage(dataset)
    last = (
        t("coverage.last_contact", lang, date=format_date(cov.last_contact.date(), lang, cov.last_precision or "day"))
        if cov.last_contact is not None
        else t("coverage.no_contacts", lang)
    )
    return f"{scope_line(dataset, lang)} · {last}"


def scope_line(dataset: Dataset, lang: str) -> str:
    """The coverage line without the dataset's last contact: "… (snapshot 2025): 10 of 62 partners (per …)". A file
    about one partner adds that partner's own last contact instead (the briefing)."""
    cov = coverage(dataset)
    partners = (
        t(
            "coverage.partners_of",
            lang,
            n=format_int(cov.partners_in_data, lang),
            total=format_int(cov.partners_known.value, lang),
            source=cov.partners_known.source,
            as_of=cov.partners_known.as_of,
            url=cov.partners_known.url,
        )
        if cov.partners_known
        else t("coverage.partners", lang, n=format_int(cov.partners_in_data, lang))
    )
    return f"{_source_phrase(dataset.sources, lang)}: {partners}"


def missing_statement(dataset: Dataset, lang: str) -> str | None:
    """The plain statement of what is not in the data, for the overview; None when nothing is missing."""
    cov = coverage(dataset)
    if not cov.missing_partners:
        return None
    known = cov.partners_known
    countries = cov.countries_known
    total_countries = int(countries.value) if countries else 0
    return t(
        "coverage.missing",
        lang,
        missing=format_int(cov.missing_partners, lang),
        total=format_int(known.value, lang),
        cities=plural(int(known.value), "plural.twin_cities", lang),
        as_of=plain(known.as_of),
        source=plain(known.source),
        url=known.url,
        countries=format_int(countries.value, lang) if countries else "?",
        in_countries=plural(total_countries, "plural.in_countries", lang),
        n=format_int(cov.partners_in_data, lang),
        n_countries=format_int(cov.countries_in_data, lang),
        in_n_countries=plural(cov.countries_in_data, "plural.in_countries", lang),
    )
