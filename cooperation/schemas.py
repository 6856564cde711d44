"""Schemas of the data layer's CSV files: the one definition of their columns, types and allowed values.

The ingest writes columns in the order declared here and the loader validates against the same schemas,
so a file staff edited by hand is held to exactly the rules the ingest follows. Foreign keys span files and
are checked separately, after each file passed its own schema.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from cooperation.vocab import (
    AGREEMENT_RECORDED_IN,
    DATE_PRECISIONS,
    DOC_TYPES,
    FORMATS,
    FORUM_SERIES_IDS,
    RECORDED_STATUSES,
    RELATIONS,
    ROLES,
    SPHERES,
    VENUES,
    YEAR_SOURCES,
)

ID = Check.str_matches(r"^[a-z0-9][a-z0-9_\-]*$", error="an id of lower-case letters, digits, '_' or '-'")


def _text(required: bool = False, **kw: object) -> Column:
    checks = [Check.str_length(min_value=1, error="must not be empty")] if required else []
    return Column(str, checks=checks, nullable=not required, **kw)


def _one_of(values: tuple[str, ...], allow_empty: bool = False) -> Column:
    allowed = [*values, ""] if allow_empty else list(values)
    return Column(str, Check.isin(allowed, error=f"one of {', '.join(values)}"), nullable=allow_empty)


def _int(nullable: bool = True, **range_: int) -> Column:
    checks = [Check.in_range(range_["min"], range_["max"])] if range_ else []
    return Column("Int64", checks=checks, nullable=nullable, coerce=True)


def _float(nullable: bool = True, low: float | None = None, high: float | None = None) -> Column:
    checks = [Check.in_range(low, high)] if low is not None and high is not None else []
    return Column(float, checks=checks, nullable=nullable, coerce=True)


def _date(nullable: bool = True) -> Column:
    return Column("datetime64[ns]", nullable=nullable, coerce=True)


def _pipe_list_of(values: tuple[str, ...]) -> Check:
    allowed = set(values)
    return Check(
        lambda s: s.map(lambda v: bool(v) and set(str(v).split("|")) <= allowed),
        element_wise=False,
        error=f"'|'-separated values from {', '.join(values)}",
    )


def _start_not_after_end(df: pd.DataFrame) -> pd.Series:
    return df["date_start"].isna() | df["date_end"].isna() | (df["date_start"] <= df["date_end"])


CITIES = DataFrameSchema(
    {
        "city_id": Column(str, ID, unique=True),
        "role": _one_of(ROLES),
        "name_ru": _text(required=True),
        "name_en": _text(required=True),
        "country_iso2": Column(str, Check.str_matches(r"^[A-Z]{2}$", error="a two-letter ISO code")),
        "country_ru": _text(required=True),
        "country_en": _text(required=True),
        "lat": _float(low=-90, high=90),
        "lon": _float(low=-180, high=180),
        "population": _int(min=0, max=100_000_000),
        "population_year": _int(min=1800, max=2100),
        "area_km2": _float(low=0, high=1_000_000),
        "area_year": _int(min=1800, max=2100),
        "founded_text": _text(),
        "founded_year": _int(min=-10_000, max=2100),
        "utc_offset_hours": _float(low=-12, high=14),
        "website": _text(),
        "photo_credit": _text(),
        "description_ru": _text(),
        "geo_source": _text(),
        # Values kept as written but implausible (cooperation/plausibility.py): "field:reason", '|'-separated.
        "doubtful": Column(
            str,
            Check.str_matches(
                r"^$|^[a-z0-9_]+:[a-z_]+(\|[a-z0-9_]+:[a-z_]+)*$", error="field:reason items separated by '|'"
            ),
            nullable=True,
        ),
    },
    strict=False,
    ordered=False,
    name="cities.csv",
)

AGREEMENTS = DataFrameSchema(
    {
        "agreement_id": Column(str, ID, unique=True),
        "city_id": Column(str, ID),
        "title_ru": _text(required=True),
        "doc_type": _one_of(DOC_TYPES),
        "relation": _one_of(RELATIONS),
        "year_signed": _int(min=1900, max=2100),
        "year_source": _one_of(YEAR_SOURCES),
        "parties": Column(
            str, Check.str_matches(r"^[a-z0-9_\-]+(\|[a-z0-9_\-]+)+$", error="two or more city ids separated by '|'")
        ),
        "source_file": _text(),
        "source_line": _int(min=1, max=10_000_000),
        # The signing day where a contact entry gives it (a visit of several days gives a span), and where the
        # document is recorded on the page: written once by the ingest (cooperation/ingest/signings.py), read by
        # planning; empty for an agreement staff added on the data page.
        "date_signed_start": _date(),
        "date_signed_end": _date(),
        "recorded_in": _one_of(AGREEMENT_RECORDED_IN, allow_empty=True),
    },
    checks=[
        Check(
            lambda df: (
                df["date_signed_start"].isna()
                | df["date_signed_end"].isna()
                | (df["date_signed_start"] <= df["date_signed_end"])
            ),
            error="date_signed_start must not be after date_signed_end",
        )
    ],
    strict=False,
    name="agreements.csv",
)

CONTACTS = DataFrameSchema(
    {
        "contact_id": Column(str, ID, unique=True),
        "city_id": Column(str, ID),
        "date_start": _date(),
        "date_end": _date(),
        "date_precision": _one_of(DATE_PRECISIONS, allow_empty=True),
        "date_text": _text(),
        "venue": _one_of(VENUES),
        "venue_city": _text(),
        "format": _one_of(FORMATS),
        "spheres": Column(str, _pipe_list_of(SPHERES)),
        "event_id": _text(),
        "text_ru": _text(required=True),
        "source_file": _text(),
        "source_line": _int(min=1, max=10_000_000),
    },
    checks=[Check(_start_not_after_end, error="date_start must not be after date_end")],
    strict=False,
    name="contacts.csv",
)

EVENTS = DataFrameSchema(
    {
        "event_id": Column(str, ID, unique=True),
        "series": _one_of(FORUM_SERIES_IDS),
        "edition": _int(nullable=False, min=1900, max=2100),
        "name_ru": _text(required=True),
        "name_en": _text(required=True),
        "date_start": _date(),
        "date_end": _date(),
        "date_precision": _one_of(DATE_PRECISIONS, allow_empty=True),
        "city_id": Column(str, ID),
        "parent_event_id": _text(),
    },
    checks=[Check(_start_not_after_end, error="date_start must not be after date_end")],
    strict=False,
    name="events.csv",
)

FORUM_SESSIONS = DataFrameSchema(
    {
        "session_id": Column(str, ID, unique=True),
        "event_id": Column(str, ID),
        "date": _date(nullable=False),
        "time_start": Column(str, Check.str_matches(r"^\d\d:\d\d$")),
        "time_end": Column(str, Check.str_matches(r"^\d\d:\d\d$")),
        "title_en": _text(required=True),
        "description_en": _text(),
        "source_file": _text(),
    },
    strict=False,
    name="forum_sessions.csv",
)

MEMBERSHIPS = DataFrameSchema(
    {
        "city_id": Column(str, ID),
        "organization": _text(required=True),
        "organization_en": _text(),
        "since": _int(min=1800, max=2100),
        "source_line": _int(min=1, max=10_000_000),
    },
    unique=["city_id", "organization"],
    strict=False,
    name="memberships.csv",
)

NATIONAL_CONTEXT = DataFrameSchema(
    {
        "figure_id": Column(str, unique=True),
        "country_a_iso2": Column(str, Check.str_matches(r"^[A-Z]{2}$")),
        "country_b_iso2": Column(str, Check.str_matches(r"^[A-Z]{2}$")),
        "measure": _text(required=True),
        "value": _int(nullable=False, min=0, max=1_000_000),
        "description_en": _text(required=True),
        "as_of": _text(),
        "note": _text(),
        "source_file": _text(required=True),
        "quote": _text(required=True),
    },
    strict=False,
    name="national_context.csv",
)

SOURCES = DataFrameSchema(
    {
        "source_file": Column(str, unique=True),
        "kind": _text(required=True),
        "title": _text(required=True),
        "title_en": _text(),
        "publisher": _text(),
        "url": _text(),
        "snapshot_date": _text(),
        "snapshot_date_basis": _text(),
        "added": _text(),
        "sha256": Column(str, Check.str_matches(r"^[0-9a-f]{64}$")),
        "licence": _text(),
        "covers": _text(),
        "covers_en": _text(),
        "list_page": _int(min=1, max=10_000),
    },
    strict=False,
    name="sources.csv",
)

KNOWN_TOTALS = DataFrameSchema(
    {
        "fact_id": Column(str, unique=True),
        "measure": _one_of(("partner_cities", "countries", "agreements")),
        "value": _int(nullable=False, min=0, max=100_000),
        "as_of": Column(str, Check.str_matches(r"^\d{4}(-\d\d){0,2}$", error="a date: YYYY, YYYY-MM or YYYY-MM-DD")),
        "scope_en": _text(),
        "scope_ru": _text(),
        "source": _text(required=True),
        "url": _text(),
    },
    strict=False,
    name="known_totals.csv",
)

AGREEMENT_STATUSES = DataFrameSchema(
    {
        "agreement_id": Column(str, ID),
        "status": _one_of(RECORDED_STATUSES),
        "status_date": _date(nullable=False),
        "source": _text(required=True),
        "note": _text(),
        "recorded_by": _text(),
    },
    strict=False,
    name="agreement_statuses.csv",
)


@dataclass(frozen=True)
class TableSpec:
    """A CSV of the data layer: its file, schema, and whether the ingest writes it or staff keep it."""

    name: str
    schema: DataFrameSchema
    written_by_ingest: bool = True
    required: bool = True

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("cities", CITIES),
        TableSpec("agreements", AGREEMENTS),
        TableSpec("contacts", CONTACTS),
        TableSpec("events", EVENTS),
        TableSpec("forum_sessions", FORUM_SESSIONS),
        TableSpec("memberships", MEMBERSHIPS),
        TableSpec("national_context", NATIONAL_CONTEXT),
        TableSpec("sources", SOURCES),
        TableSpec("known_totals", KNOWN_TOTALS, written_by_ingest=False, required=False),
        TableSpec("agreement_statuses", AGREEMENT_STATUSES, written_by_ingest=False, required=False),
    )
}

# (table, column, referenced table, referenced column, separator for multi-valued cells)
FOREIGN_KEYS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("agreements", "city_id", "cities", "city_id", None),
    ("agreements", "parties", "cities", "city_id", "|"),
    ("contacts", "city_id", "cities", "city_id", None),
    ("contacts", "event_id", "events", "event_id", None),
    ("events", "city_id", "cities", "city_id", None),
    ("events", "parent_event_id", "events", "event_id", None),
    ("forum_sessions", "event_id", "events", "event_id", None),
    ("memberships", "city_id", "cities", "city_id", None),
    ("agreement_statuses", "agreement_id", "agreements", "agreement_id", None),
)

__all__ = ["TABLES", "FOREIGN_KEYS", "TableSpec", "pa"]
