"""Synthetic datasets of any size, shaped like the real one: for benchmarks, load tests and demos only.

Kazan's bundled data is ten partners and some seventy contacts; a national association of cities, or Kazan
with its full list and twenty years of contacts, is a hundred times that. This module writes the same CSV
files the ingest writes (plus the two staff-kept ones) at any scale, so the app can be measured on data it
has never seen without anyone inventing it by hand.

Rules that keep synthetic data from ever passing for real:
- every generated city is named "Synthetic …" / "Синтетический …", its `geo_source` is "synthetic", and
  every row that carries a source says `synthetic:<seed>`; every re-used real text gets SYNTHETIC_MARKER;
- it refuses to write into the project's `data/` directory, or over a directory holding CSV files it did
  not generate itself (the SYNTHETIC.txt stamp tells the two apart);
- the home city row (Kazan) is copied from the real data as it is: the app anchors its maps on it, and it
  is the one city that is not invented.

Shapes are drawn from the real data rather than made up: each synthetic contact re-uses a real contact as
its template (venue, format, spheres, date precision, forum link and text — so their joint frequencies and
the text lengths match), years follow the real years, partners sit at random points inside real countries'
borders (data/geo/), and agreements re-use the real document types and relations. Everything is vectorised,
so a million contacts take seconds, and the same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from cooperation.ingest.geo import country_names
from cooperation.loading import Dataset, load_dataset
from cooperation.paths import DATA_DIR
from cooperation.schemas import TABLES
from cooperation.vocab import FORUM_SERIES, FORUM_SERIES_IDS, HOME_CITY_ID, RECORDED_STATUSES, VENUES

REAL_DATA_DIR = DATA_DIR
COUNTRIES_GEOJSON = REAL_DATA_DIR / "geo" / "countries-110m.geojson"
STAMP_FILE = "SYNTHETIC.txt"

SYNTHETIC_MARKER = "[Синтетические данные] "
SYNTHETIC_MARKER_EN = "[Synthetic data] "
NAME_PREFIX_RU = "Синтетический "
NAME_PREFIX_EN = "Synthetic "
GEO_SOURCE = "synthetic"
FIRST_YEAR, LAST_YEAR = 2000, 2025
DEFAULT_SEED = 7

# The real data's proportions per partner, kept at every scale.
SECOND_AGREEMENT_SHARE = 0.1  # 11 agreements for 10 partners
CO_PARTIES_PER_PARTNER = 0.4  # 4 co-party cities for 10 partners
MEMBERSHIP_SHARE = 0.1  # 4 (partner, organisation) pairs of 40 possible
RECORDED_STATUS_SHARE = 0.05  # staff record few statuses (none yet in the real data)
SILENT_PARTNER_SHARE = 0.1  # partners with no contact at all (Urbino, in the real data)
KNOWN_TOTAL_RATIO = 1.2  # the data holds part of an official total, as the real data does (10 of 74)
# Real partner countries weigh this much more than any other country with borders in data/geo/.
REAL_COUNTRY_WEIGHT = 10.0

MONTHS_GENITIVE = np.array(
    [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    dtype=object,
)
MONTHS_PREPOSITIONAL = np.array(
    [
        "январе",
        "феврале",
        "марте",
        "апреле",
        "мае",
        "июне",
        "июле",
        "августе",
        "сентябре",
        "октябре",
        "ноябре",
        "декабре",
    ],
    dtype=object,
)
DOC_TITLES_RU = {"agreement": "Соглашение", "memorandum": "Меморандум", "treaty": "Договор", "protocol": "Протокол"}
RELATION_TITLES_RU = {
    "twinning": "об установлении породненных отношений",
    "partnership": "об установлении партнерских отношений",
    "friendship": "о дружественном сотрудничестве",
    "cooperation": "о сотрудничестве",
    "intent": "о намерениях",
}
# Pronounceable made-up place names, spelt in both alphabets: readable on maps and in the partner filter.
SYLLABLES = (
    ("ka", "ка"),
    ("ro", "ро"),
    ("mi", "ми"),
    ("ta", "та"),
    ("la", "ла"),
    ("ne", "не"),
    ("so", "со"),
    ("vi", "ви"),
    ("da", "да"),
    ("ri", "ри"),
    ("no", "но"),
    ("be", "бе"),
    ("lu", "лу"),
    ("za", "за"),
    ("po", "по"),
    ("ki", "ки"),
    ("ma", "ма"),
    ("te", "те"),
    ("sa", "са"),
    ("go", "го"),
)


@dataclass(frozen=True)
class Request:
    """What to generate: `scale` × the real data's size, or an explicit number of contacts."""

    scale: float = 1.0
    seed: int = DEFAULT_SEED
    contacts: int | None = None

    def partner_count(self, real_partners: int) -> int:
        return max(1, round(real_partners * self.scale))

    def contact_count(self, real_contacts: int) -> int:
        return self.contacts if self.contacts is not None else max(1, round(real_contacts * self.scale))

    @property
    def source(self) -> str:
        return f"synthetic:{self.seed}"


class RefusedOutput(ValueError):
    """The output directory is the real data, or holds files the generator did not write."""


# --------------------------------------------------------------------------------------------- geography


@dataclass(frozen=True)
class Country:
    iso2: str
    name_ru: str
    name_en: str
    ring: np.ndarray  # (n, 2) lon/lat of the largest polygon's outer ring: where its cities are drawn


def _ring_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def load_countries(path: Path = COUNTRIES_GEOJSON) -> list[Country]:
    """Countries with a two-letter code, each reduced to its largest polygon (the mainland, mostly)."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    countries = []
    for feature in features:
        iso2 = str(feature["properties"].get("iso_a2") or "")
        geometry = feature.get("geometry")
        if len(iso2) != 2 or not iso2.isalpha() or not iso2.isupper() or not geometry:
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        ring = max((np.asarray(p[0], dtype=float) for p in polygons), key=_ring_area)
        try:
            name_ru, name_en = country_names(iso2)
        except KeyError:
            name_ru, name_en = feature["properties"]["name_ru"], feature["properties"]["name_en"]
        countries.append(Country(iso2, name_ru, name_en, ring))
    return sorted(countries, key=lambda c: c.iso2)


def inside(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Even-odd ray casting of many points against one ring, as one array operation."""
    x, y = points[:, :1], points[:, 1:]
    x1, y1 = ring[:, 0], ring[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    crosses = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
    return ((crosses & (x < x_at)).sum(axis=1) % 2) == 1


def points_in(country: Country, n: int, rng: np.random.Generator) -> np.ndarray:
    """n (lon, lat) points inside the country's largest polygon; its ring's mean point if sampling misses."""
    lo, hi = country.ring.min(axis=0), country.ring.max(axis=0)
    found = np.empty((0, 2))
    for _ in range(20):
        candidates = rng.uniform(lo, hi, size=(max(8 * n, 32), 2))
        found = np.vstack([found, candidates[inside(candidates, country.ring)]])
        if len(found) >= n:
            return found[:n]
    fallback = np.repeat(country.ring.mean(axis=0, keepdims=True), n - len(found), axis=0)
    return np.vstack([found, fallback])


# ----------------------------------------------------------------------------------------------- cities


def _names(n: int, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    """n distinct made-up names (en, ru); a repeated one gets a number, so names stay unique per dataset."""
    lengths = rng.integers(2, 4, size=n)
    picks = rng.integers(0, len(SYLLABLES), size=(n, 3))
    seen: dict[str, int] = {}
    names_en, names_ru = [], []
    for length, row in zip(lengths, picks):
        word_en = "".join(SYLLABLES[i][0] for i in row[:length]).capitalize()
        word_ru = "".join(SYLLABLES[i][1] for i in row[:length]).capitalize()
        seen[word_en] = seen.get(word_en, 0) + 1
        suffix = f" {seen[word_en]}" if seen[word_en] > 1 else ""
        names_en.append(f"{NAME_PREFIX_EN}{word_en}{suffix}")
        names_ru.append(f"{NAME_PREFIX_RU}{word_ru}{suffix}")
    return names_en, names_ru


def _city_rows(
    ids: list[str],
    role: str,
    country_idx: np.ndarray,
    countries: list[Country],
    real: Dataset,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Cities at random points of their countries, with populations, areas and texts of real-like size."""
    n = len(ids)
    points = np.zeros((n, 2))
    for idx in np.unique(country_idx):
        where = np.flatnonzero(country_idx == idx)
        points[where] = points_in(countries[idx], len(where), rng)
    names_en, names_ru = _names(n, rng)
    described = real.cities.loc[real.cities["description_ru"].fillna("") != "", "description_ru"].to_numpy()
    population = np.exp(rng.uniform(math.log(15_000), math.log(15_000_000), size=n)).round().astype("int64")
    density = np.exp(rng.normal(math.log(1_500), 0.8, size=n))
    founded = rng.integers(-2500, 1950, size=n)
    is_partner = role == "partner"
    return pd.DataFrame(
        {
            "city_id": ids,
            "role": role,
            "name_ru": names_ru,
            "name_en": names_en,
            "country_iso2": [countries[i].iso2 for i in country_idx],
            "country_ru": [countries[i].name_ru for i in country_idx],
            "country_en": [countries[i].name_en for i in country_idx],
            "lat": points[:, 1].round(5),
            "lon": points[:, 0].round(5),
            "population": pd.array(population if is_partner else [None] * n, dtype="Int64"),
            "population_year": pd.array(rng.integers(2018, 2026, size=n) if is_partner else [None] * n, dtype="Int64"),
            "area_km2": (population / density).clip(1, 999_999).round(1) if is_partner else np.nan,
            "area_year": pd.array(rng.integers(2018, 2026, size=n) if is_partner else [None] * n, dtype="Int64"),
            "founded_text": [(f"{-y} до н. э." if y < 0 else f"{y} г.") if is_partner else "" for y in founded],
            "founded_year": pd.array(founded if is_partner else [None] * n, dtype="Int64"),
            "utc_offset_hours": (np.round(points[:, 0] / 7.5) / 2).clip(-12, 14),
            "website": "",
            "photo_credit": "",
            "description_ru": [SYNTHETIC_MARKER + d for d in rng.choice(described, size=n)]
            if is_partner and len(described)
            else "",
            "geo_source": GEO_SOURCE,
            "doubtful": "",
        }
    )


def _partner_countries(n: int, countries: list[Country], real: Dataset, rng: np.random.Generator) -> np.ndarray:
    """Indices into `countries`: every foreign country may appear, the real partners' countries most often."""
    real_counts = real.cities[real.cities["role"] == "partner"]["country_iso2"].value_counts()
    weights = np.array(
        [0.0 if c.iso2 == "RU" else 1.0 + REAL_COUNTRY_WEIGHT * real_counts.get(c.iso2, 0) for c in countries]
    )
    return rng.choice(len(countries), size=n, p=weights / weights.sum())


def cities_table(request: Request, countries: list[Country], real: Dataset, rng: np.random.Generator) -> pd.DataFrame:
    """Kazan as in the real data, then the synthetic partners, then the synthetic Russian co-parties."""
    n_partners = request.partner_count(int((real.cities["role"] == "partner").sum()))
    n_co = max(1, round(n_partners * CO_PARTIES_PER_PARTNER))
    width = len(str(max(n_partners, n_co)))
    home = real.cities[real.cities["city_id"] == HOME_CITY_ID]
    partners = _city_rows(
        [f"syn-{i:0{width}d}" for i in range(1, n_partners + 1)],
        "partner",
        _partner_countries(n_partners, countries, real, rng),
        countries,
        real,
        rng,
    )
    russia = next(i for i, c in enumerate(countries) if c.iso2 == "RU")
    co_parties = _city_rows(
        [f"syn-co-{i:0{width}d}" for i in range(1, n_co + 1)], "co_party", np.full(n_co, russia), countries, real, rng
    )
    return pd.concat([home, partners, co_parties], ignore_index=True)[TABLES["cities"].columns]


# ------------------------------------------------------------------------------------ agreements & co.


def agreements_table(request: Request, cities: pd.DataFrame, real: Dataset, rng: np.random.Generator) -> pd.DataFrame:
    """One or two agreements per partner, their type and relation drawn together from a real agreement.

    A real multi-party protocol of intent (Kazan, Qiqihar and four Russian cities) is the model for the
    synthetic ones: a drawn "intent" protocol lists two to five synthetic co-parties.
    """
    partners = cities[cities["role"] == "partner"]
    co_party_ids = cities.loc[cities["role"] == "co_party", "city_id"].to_numpy()
    count = 1 + (rng.random(len(partners)) < SECOND_AGREEMENT_SHARE)
    city_ids = np.repeat(partners["city_id"].to_numpy(), count)
    names = np.repeat(partners["name_ru"].to_numpy(), count)
    order = np.concatenate([np.arange(k) for k in count])
    templates = real.agreements.iloc[rng.integers(0, len(real.agreements), size=len(city_ids))]
    doc_types, relations = templates["doc_type"].to_numpy(), templates["relation"].to_numpy()
    years = rng.integers(FIRST_YEAR, LAST_YEAR + 1, size=len(city_ids))
    parties = []
    for city_id, doc_type, relation in zip(city_ids, doc_types, relations):
        extra = []
        if doc_type == "protocol" and relation == "intent":
            extra = sorted(
                rng.choice(co_party_ids, size=min(len(co_party_ids), int(rng.integers(2, 6))), replace=False)
            )
        parties.append("|".join([HOME_CITY_ID, city_id, *extra]))
    return (
        pd.DataFrame(
            {
                "agreement_id": [
                    f"{c}-{d}-{y}" + (f"-{k + 1}" if k else "") for c, d, y, k in zip(city_ids, doc_types, years, order)
                ],
                "city_id": city_ids,
                "title_ru": [
                    f"{DOC_TITLES_RU[d]} {RELATION_TITLES_RU[r]} между городами Казань и {n}"
                    for d, r, n in zip(doc_types, relations, names)
                ],
                "doc_type": doc_types,
                "relation": relations,
                "year_signed": pd.array(years, dtype="Int64"),
                "year_source": templates["year_source"].to_numpy(),
                "parties": parties,
                "source_file": request.source,
                "source_line": pd.array(np.arange(1, len(city_ids) + 1), dtype="Int64"),
                "date_signed_start": pd.NaT,
                "date_signed_end": pd.NaT,
                "recorded_in": "documents_line",
            }
        )
        .sort_values("agreement_id", kind="stable")
        .reset_index(drop=True)
    )


def agreement_statuses_table(request: Request, agreements: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A few statuses staff recorded, each dated after its agreement was signed."""
    chosen = agreements[rng.random(len(agreements)) < RECORDED_STATUS_SHARE]
    signed = chosen["year_signed"].to_numpy(dtype="int64")
    years = signed + (rng.random(len(chosen)) * (LAST_YEAR + 1 - signed)).astype("int64")
    dates = _dates(years, rng.integers(1, 13, size=len(chosen)), rng.integers(1, 29, size=len(chosen)))
    return pd.DataFrame(
        {
            "agreement_id": chosen["agreement_id"].to_numpy(),
            "status": rng.choice(RECORDED_STATUSES, size=len(chosen)),
            "status_date": np.datetime_as_string(dates, unit="D"),
            "source": request.source,
            "note": SYNTHETIC_MARKER.strip(),
            "recorded_by": "cooperation.synthetic",
        }
    )


def memberships_table(cities: pd.DataFrame, real: Dataset, rng: np.random.Generator) -> pd.DataFrame:
    """The real organisations, each shared with about one partner in ten."""
    partners = cities.loc[cities["role"] == "partner", "city_id"].to_numpy()
    names = real.memberships.drop_duplicates("organization").sort_values("organization")
    organizations = names["organization"].to_numpy()
    joined = rng.random((len(partners), len(organizations))) < MEMBERSHIP_SHARE
    rows, cols = np.nonzero(joined)
    since = pd.array(rng.integers(1990, LAST_YEAR + 1, size=len(rows)), dtype="Int64")
    since[rng.random(len(rows)) < 0.5] = pd.NA  # as in the real data, the year joined is often not stated
    return pd.DataFrame(
        {
            "city_id": partners[rows],
            "organization": organizations[cols],
            "organization_en": names["organization_en"].to_numpy()[cols],
            "since": since,
            "source_line": pd.array(np.arange(1, len(rows) + 1), dtype="Int64"),
        }
    )


# ------------------------------------------------------------------------------------------------ dates


def _dates(years: np.ndarray, months: np.ndarray, days: np.ndarray) -> np.ndarray:
    """datetime64[D] from year, month and day arrays, without a Python loop."""
    month_start = (np.asarray(years) - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (np.asarray(months) - 1)
    return month_start.astype("datetime64[D]") + (np.asarray(days) - 1)


def _month_end(dates: np.ndarray) -> np.ndarray:
    return (dates.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1


def _year_end(dates: np.ndarray) -> np.ndarray:
    return (dates.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1


def date_texts(start: np.ndarray, end: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """The date as the city's pages write it: "15 октября 2018 года", "21-23 июня 2024 года", "В мае 2019 года",
    "2002-2018 гг."."""
    years = start.astype("datetime64[Y]").astype("int64") + 1970
    end_years = end.astype("datetime64[Y]").astype("int64") + 1970
    months = start.astype("datetime64[M]").astype("int64") % 12
    days = (start - start.astype("datetime64[M]").astype("datetime64[D]")).astype("int64") + 1
    end_days = (end - end.astype("datetime64[M]").astype("datetime64[D]")).astype("int64") + 1
    same_month = end.astype("datetime64[M]") == start.astype("datetime64[M]")
    y, ye = years.astype(str).astype(object), end_years.astype(str).astype(object)
    d = days.astype(str).astype(object)
    d = np.where(same_month & (end_days > days), d + "-" + end_days.astype(str).astype(object), d)
    day_text = d + " " + MONTHS_GENITIVE[months] + " " + y + " года"
    month_text = "В " + MONTHS_PREPOSITIONAL[months] + " " + y + " года"
    year_text = np.where(end_years > years, y + "-" + ye + " гг.", "В " + y + " году")
    return np.where(precision == "day", day_text, np.where(precision == "month", month_text, year_text))


def _year_weights(real: Dataset) -> np.ndarray:
    """The real contacts' years, smoothed so every year from FIRST_YEAR to LAST_YEAR can occur."""
    years = real.contacts["date_start"].dt.year.dropna().astype("int64")
    counts = years.value_counts().reindex(range(FIRST_YEAR, LAST_YEAR + 1), fill_value=0).to_numpy()
    weights = counts + 1.0
    return weights / weights.sum()


# ----------------------------------------------------------------------------------------------- events


def events_table(request: Request, real: Dataset, rng: np.random.Generator) -> pd.DataFrame:
    """Editions of the real forum series, at most one per series and year, recent years likelier.

    The number of editions scales with the data (14 in the real data) up to every series in every year.
    """
    series = np.repeat(np.array(FORUM_SERIES_IDS, dtype=object), LAST_YEAR - FIRST_YEAR + 1)
    years = np.tile(np.arange(FIRST_YEAR, LAST_YEAR + 1), len(FORUM_SERIES_IDS))
    weights = np.tile(_year_weights(real), len(FORUM_SERIES_IDS))
    n = min(len(series), max(1, round(len(real.events) * request.scale)))
    chosen = np.sort(rng.choice(len(series), size=n, replace=False, p=weights / weights.sum()))
    series, years = series[chosen], years[chosen]
    specs = {s.series: s for s in FORUM_SERIES}
    months = np.array([specs[s].usual_month for s in series])
    start = _dates(years, months, rng.integers(1, 27, size=n))
    end = start + rng.integers(0, 3, size=n)
    precision = rng.choice(np.array(["day", "month", "year"], dtype=object), size=n, p=[0.8, 0.15, 0.05])
    start = np.where(
        precision == "day",
        start,
        np.where(
            precision == "month",
            start.astype("datetime64[M]").astype("datetime64[D]"),
            start.astype("datetime64[Y]").astype("datetime64[D]"),
        ),
    )
    end = np.where(precision == "day", end, np.where(precision == "month", _month_end(start), _year_end(start)))
    event_ids = [f"{s}-{y}" for s, y in zip(series, years)]
    # The United Cities Forum 2023 was held within «РОСТКИ» 2023; synthetic editions keep that nesting.
    parents = [
        f"rostki-{y}" if s == "united_cities_forum" and f"rostki-{y}" in event_ids else ""
        for s, y in zip(series, years)
    ]
    return (
        pd.DataFrame(
            {
                "event_id": event_ids,
                "series": series,
                "edition": pd.array(years, dtype="Int64"),
                "name_ru": [f"{specs[s].name_ru} {y}" for s, y in zip(series, years)],
                "name_en": [f"{specs[s].name_en} {y}" for s, y in zip(series, years)],
                "date_start": np.datetime_as_string(start, unit="D"),
                "date_end": np.datetime_as_string(end, unit="D"),
                "date_precision": precision,
                "city_id": HOME_CITY_ID,
                "parent_event_id": parents,
            }
        )
        .sort_values("event_id", kind="stable")
        .reset_index(drop=True)
    )


def forum_sessions_table(request: Request, events: pd.DataFrame, real: Dataset) -> pd.DataFrame:
    """The real United Cities Forum programme, repeated for every synthetic edition on the same day offsets."""
    sessions = real.forum_sessions
    real_start = real.events.set_index("event_id")["date_start"].reindex(sessions["event_id"]).to_numpy()
    offsets = (sessions["date"].to_numpy() - real_start).astype("timedelta64[D]")
    offsets = np.where(np.isnat(offsets), np.timedelta64(0, "D"), offsets)
    frames = []
    for event in events[events["series"] == "united_cities_forum"].itertuples():
        start = np.datetime64(event.date_start, "D")
        dates = np.minimum(start + offsets, np.datetime64(event.date_end, "D"))
        frames.append(
            pd.DataFrame(
                {
                    "session_id": [f"{event.event_id}-s{i}" for i in range(1, len(sessions) + 1)],
                    "event_id": event.event_id,
                    "date": np.datetime_as_string(dates, unit="D"),
                    "time_start": sessions["time_start"].to_numpy(),
                    "time_end": sessions["time_end"].to_numpy(),
                    "title_en": (SYNTHETIC_MARKER_EN + sessions["title_en"]).to_numpy(),
                    "description_en": sessions["description_en"].fillna("").to_numpy(),
                    "source_file": request.source,
                }
            )
        )
    columns = TABLES["forum_sessions"].columns
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


# --------------------------------------------------------------------------------------------- contacts


def _partner_weights(n: int, rng: np.random.Generator) -> np.ndarray:
    """Uneven activity, as in the real data (16 contacts with Tehran, one with Harare, none with Urbino)."""
    weights = rng.lognormal(0.0, 1.0, size=n)
    weights[rng.random(n) < SILENT_PARTNER_SHARE] = 0.0
    if not weights.any():
        weights[0] = 1.0
    return weights / weights.sum()


def _template_editions(template_events: pd.Series, events: pd.DataFrame) -> list[np.ndarray]:
    """Per template: the synthetic editions (rows of `events`) a contact made from it may link to.

    Empty for a template that names no forum. A series with no synthetic edition borrows every edition, so
    the share of forum contacts stays that of the real data.
    """
    series_of_edition = events["series"].to_numpy(dtype=object)
    pools = []
    for event_id in template_events.fillna(""):
        if not event_id:
            pools.append(np.empty(0, dtype="int64"))
            continue
        same = np.flatnonzero(series_of_edition == event_id.rpartition("-")[0])
        pools.append(same if len(same) else np.arange(len(events)))
    return pools


def _categorical(codes: np.ndarray, categories: list[str] | np.ndarray) -> pd.Categorical:
    """A text column as codes into a few distinct values: a million rows never become a million strings."""
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))


def _coded(values: np.ndarray) -> pd.Categorical:
    codes, uniques = pd.factorize(values, sort=True)
    return _categorical(codes, [str(u) for u in uniques])


def _coded_dates(days: np.ndarray) -> pd.Categorical:
    """ISO dates as a categorical: a few thousand distinct days, formatted once each."""
    codes, uniques = pd.factorize(days.astype("int64"), sort=True)
    return _categorical(codes, np.datetime_as_string(uniques.astype("datetime64[D]"), unit="D"))


def contacts_table(
    request: Request, cities: pd.DataFrame, events: pd.DataFrame, real: Dataset, rng: np.random.Generator
) -> pd.DataFrame:
    """Contacts re-using real ones as templates; dates, partners and forum editions drawn anew.

    A contact linked to a forum takes its edition's dates and precision; any other keeps its template's
    precision and span (a "2002-2018" programme stays a sixteen-year period), in a year drawn from the real
    years. Rows are ordered as the ingest orders them (partner, start date). Text columns are categoricals
    over the templates' values, which is what keeps a million contacts within seconds.
    """
    n = request.contact_count(len(real.contacts))
    templates = real.contacts.reset_index(drop=True)
    pick = rng.integers(0, len(templates), size=n)
    partners = cities[cities["role"] == "partner"].reset_index(drop=True)
    partner = rng.choice(len(partners), size=n, p=_partner_weights(len(partners), rng))

    precisions = np.array(["day", "month", "year"], dtype=object)
    template_precision = templates["date_precision"].fillna("").replace("", "day")
    precision = pd.Index(precisions).get_indexer(template_precision)[pick]
    span = (templates["date_end"].dt.year - templates["date_start"].dt.year).fillna(0).to_numpy(dtype="int64")[pick]
    years = FIRST_YEAR + rng.choice(LAST_YEAR - FIRST_YEAR + 1, size=n, p=_year_weights(real))
    day = _dates(years, rng.integers(1, 13, size=n), rng.integers(1, 29, size=n))
    month = day.astype("datetime64[M]").astype("datetime64[D]")
    year = day.astype("datetime64[Y]").astype("datetime64[D]")
    start = np.choose(precision, [day, month, year])
    span_end = _year_end(
        _dates(np.minimum(years + span, LAST_YEAR), np.ones(n, dtype="int64"), np.ones(n, dtype="int64"))
    )
    end = np.choose(precision, [day, _month_end(month), span_end])

    pools = _template_editions(templates["event_id"], events)
    links = np.full(n, -1, dtype="int64")
    for template, pool in enumerate(pools):
        if len(pool):
            rows = np.flatnonzero(pick == template)
            links[rows] = pool[rng.integers(0, len(pool), size=len(rows))]
    linked = links >= 0
    start[linked] = events["date_start"].to_numpy(dtype="datetime64[D]")[links[linked]]
    end[linked] = events["date_end"].to_numpy(dtype="datetime64[D]")[links[linked]]
    precision[linked] = pd.Index(precisions).get_indexer(events["date_precision"])[links[linked]]

    order = np.lexsort((start.astype("int64"), partner))
    pick, partner, start, end, precision, links = (a[order] for a in (pick, partner, start, end, precision, links))

    # date_text: computed once per distinct (start, end, precision), not per contact.
    key = (start.astype("int64") * 100_000 + end.astype("int64")) * 3 + precision
    key_codes, unique_keys = pd.factorize(key)
    first = np.unique(key_codes, return_index=True)[1]
    text_codes, texts = pd.factorize(date_texts(start[first], end[first], precisions[precision[first]]))

    venue_codes = pd.Index(VENUES).get_indexer(templates["venue"])[pick]
    others = sorted(set(templates.loc[templates["venue"] == "other", "venue_city"].fillna("")) - {""})
    other_code = pd.Index(others).get_indexer(templates["venue_city"].fillna(""))[pick]
    # venue_city categories: "", "Казань", each partner's name, the real "other" places.
    venue_city = np.select(
        [
            venue_codes == VENUES.index("kazan"),
            venue_codes == VENUES.index("partner"),
            (venue_codes == VENUES.index("other")) & (other_code >= 0),
        ],
        [1, 2 + partner, 2 + len(partners) + other_code],
        0,
    )
    partner_ids = partners["city_id"].to_numpy(dtype=object)
    width = len(str(n))
    frame = pd.DataFrame(
        {
            "contact_id": [f"{partner_ids[p]}-c{i:0{width}d}" for i, p in enumerate(partner, start=1)],
            "city_id": _categorical(partner, partner_ids),
            "date_start": _coded_dates(start),
            "date_end": _coded_dates(end),
            "date_precision": _categorical(precision, precisions),
            "date_text": _categorical(text_codes[key_codes], texts),
            "venue": _categorical(venue_codes, list(VENUES)),
            "venue_city": _categorical(venue_city, ["", "Казань", *partners["name_ru"], *others]),
            "format": _coded(templates["format"].to_numpy(dtype=object)[pick]),
            "spheres": _coded(templates["spheres"].to_numpy(dtype=object)[pick]),
            "event_id": _categorical(links + 1, ["", *events["event_id"]]),
            "text_ru": _categorical(pick, [SYNTHETIC_MARKER + text for text in templates["text_ru"]]),
            "source_file": _categorical(np.zeros(n, dtype="int64"), [request.source]),
            "source_line": pd.array(np.arange(1, n + 1), dtype="Int64"),
        }
    )
    return frame[TABLES["contacts"].columns]


# ------------------------------------------------------------------------------------ small tables


def national_context_table(request: Request, real: Dataset) -> pd.DataFrame:
    """The real national figures (they are not about partners, so nothing to scale), sourced as synthetic."""
    return real.national_context.assign(source_file=request.source)[TABLES["national_context"].columns]


def sources_table(request: Request) -> pd.DataFrame:
    """One source row, so every page's coverage line and every source column points at the generator."""
    described = f"scale {request.scale:g}×, seed {request.seed}" + (
        f", {request.contacts} contacts" if request.contacts is not None else ""
    )
    return pd.DataFrame(
        [
            {
                "source_file": request.source,
                "kind": "synthetic",
                "title": f"Синтетические данные ({described}) — не реальные",
                "title_en": f"Synthetic data ({described}): not real",
                "publisher": "cooperation.synthetic",
                "url": "",
                "snapshot_date": "",
                "snapshot_date_basis": "",
                "added": "",
                "sha256": hashlib.sha256(described.encode()).hexdigest(),
                "licence": "",
                "covers": "",
                "covers_en": "",
                "list_page": None,
            }
        ]
    )


def known_totals_table(request: Request, cities: pd.DataFrame, agreements: pd.DataFrame) -> pd.DataFrame:
    """Official totals a little above what the data holds, so "N of M partners" renders as it does for real."""
    partners = cities[cities["role"] == "partner"]
    rows = []
    for measure, in_data in (
        ("partner_cities", len(partners)),
        ("countries", partners["country_iso2"].nunique()),
        ("agreements", len(agreements)),
    ):
        rows.append(
            {
                "fact_id": f"synthetic-{measure}",
                "measure": measure,
                "value": min(100_000, math.ceil(in_data * KNOWN_TOTAL_RATIO)),
                "as_of": str(LAST_YEAR),
                "scope_en": "synthetic",
                "scope_ru": "синтетические данные",
                "source": request.source,
                # only a total with a URL is used (coverage.latest_known); example.org is reserved for examples
                "url": "https://example.org/synthetic-known-totals",
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------- the whole


def generate(request: Request, real: Dataset | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the data layer, as frames in the ingest's column order; nothing written."""
    real = real if real is not None else load_dataset(REAL_DATA_DIR)
    rng = np.random.default_rng(request.seed)
    countries = load_countries()
    cities = cities_table(request, countries, real, rng)
    agreements = agreements_table(request, cities, real, rng)
    events = events_table(request, real, rng)
    return {
        "cities": cities,
        "agreements": agreements,
        "contacts": contacts_table(request, cities, events, real, rng),
        "events": events,
        "forum_sessions": forum_sessions_table(request, events, real),
        "memberships": memberships_table(cities, real, rng),
        "national_context": national_context_table(request, real),
        "sources": sources_table(request),
        "known_totals": known_totals_table(request, cities, agreements),
        "agreement_statuses": agreement_statuses_table(request, agreements, rng),
    }


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The CSV text of a table, written by Arrow's C++ writer.

    pandas' `to_csv` (what the ingest uses) spends about a minute on a million contacts; Arrow takes
    seconds, and writes categorical columns without expanding them first. Its output differs from the
    ingest's only in quoting every text value, which every CSV reader (and the app's loader) undoes.
    """
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(
        pa.Table.from_pandas(frame, preserve_index=False), sink, pa_csv.WriteOptions(quoting_style="needed")
    )
    return sink.getvalue().to_pybytes()


def check_output_dir(out_dir: Path) -> None:
    """Refuse the real data directory, and any directory whose CSV files this generator did not write."""
    out = out_dir.resolve()
    real = REAL_DATA_DIR.resolve()
    if out == real or out.is_relative_to(real):
        raise RefusedOutput(f"{out_dir} is the project's real data directory; synthetic data never goes there")
    existing = [spec.file for spec in TABLES.values() if (out / spec.file).exists()]
    if existing and not (out / STAMP_FILE).exists():
        raise RefusedOutput(
            f"{out_dir} holds {', '.join(existing)} not written by the generator "
            f"(no {STAMP_FILE}); choose an empty directory"
        )


def write(request: Request, out_dir: Path, real: Dataset | None = None) -> dict[str, int]:
    """Generate and write every CSV (and the SYNTHETIC.txt stamp); returns rows written per file."""
    check_output_dir(out_dir)
    tables = generate(request, real)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / STAMP_FILE).write_text(
        f"Synthetic data written by `python -m devtools.synthetic`: not real.\n"
        f"scale={request.scale:g} seed={request.seed} contacts={request.contacts}\n",
        encoding="utf-8",
    )
    rows = {}
    for name, frame in tables.items():
        (out_dir / TABLES[name].file).write_bytes(csv_bytes(frame))
        rows[TABLES[name].file] = len(frame)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.synthetic", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="× the real data's partners and contacts (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="an empty directory, or one written by this tool")
    parser.add_argument("--contacts", type=int, help="number of contacts, overriding the scale (e.g. 1000000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--no-check", action="store_true", help="skip validating the result with the app's loader")
    args = parser.parse_args(argv)
    if args.scale <= 0 or (args.contacts is not None and args.contacts < 1):
        parser.error("--scale must be positive and --contacts at least 1")
    started = time.perf_counter()
    try:
        rows = write(Request(scale=args.scale, seed=args.seed, contacts=args.contacts), args.out)
    except RefusedOutput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote synthetic data to {args.out} in {time.perf_counter() - started:.1f} s")
    for file, count in rows.items():
        print(f"  {file}: {count} rows")
    if not args.no_check:
        started = time.perf_counter()
        load_dataset(args.out)
        print(f"validated with cooperation.loading.load_dataset in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
