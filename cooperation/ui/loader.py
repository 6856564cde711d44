"""The dataset as every session reads it: loaded once per data version, enriched once, filtered once per view.

All of it is `st.cache_resource`, shared by every session and keyed on the files' modification times and sizes
(NOTES.md: hashing a large frame samples its rows, so an edit of one row could hit a stale entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from cooperation import editing, filters
from cooperation.filters import FilteredView, FilterState
from cooperation.i18n import t
from cooperation.loading import DataError, Dataset, data_version, default_data_dir, empty_dataset, load_dataset


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(data_dir: str, version: tuple) -> Dataset:
    return load_dataset(Path(data_dir), set_aside_invalid=True)


@st.cache_resource(show_spinner=False, max_entries=4)
def enriched(data_dir: str, version: tuple, _data: Dataset) -> pd.DataFrame:
    return filters.enrich_contacts(_data)


@st.cache_resource(show_spinner=False, max_entries=16, ttl=6 * 3600)
def view(data_dir: str, version: tuple, state_key: str, _data: Dataset, _state: FilterState) -> FilteredView:
    """The filtered slices, once per data version and filter state; `state_key` is `repr(_state)`. Few are
    kept: each holds a copy of the contacts it selects (a gigabyte at a million contacts)."""
    return filters.apply(_data, enriched(data_dir, version, _data), _state)


@dataclass(frozen=True)
class Choices:
    """What the sidebar offers: partner and country names in the language's order, and the year span."""

    countries: dict[str, str]
    partners: dict[str, str]
    bounds: tuple[int, int]


@st.cache_resource(show_spinner=False, max_entries=8)
def choices(data_dir: str, version: tuple, lang: str, _data: Dataset) -> Choices:
    partners = filters.partner_cities(_data).sort_values(f"name_{lang}")
    countries = partners.drop_duplicates("country_iso2").sort_values(f"country_{lang}")
    return Choices(
        countries=dict(zip(countries["country_iso2"], countries[f"country_{lang}"])),
        partners=dict(zip(partners["city_id"], partners[f"name_{lang}"])),
        bounds=filters.year_bounds(_data),
    )


@dataclass(frozen=True)
class Loaded:
    data_dir: str
    version: tuple
    dataset: Dataset
    ok: bool  # False: the files on disk failed validation (a last good version, or nothing, is served)
    problems: tuple[str, ...] = ()
    stale: bool = False  # a last good version is served


_last_good: dict[str, tuple[tuple, Dataset]] = {}


def load(lang: str) -> Loaded:
    """The data directory, the version to serve and its dataset, and what is wrong with the files if anything.

    When they fail validation, the last good version keeps being served; with none since the server started,
    the result holds an empty dataset and the problems, and the frame decides what the page can do with it.
    """
    data_dir = str(default_data_dir())
    version = data_version(Path(data_dir))
    try:
        dataset = _dataset(data_dir, version)
    except DataError as exc:
        problems = tuple(_problems_in(lang, data_dir, exc))
        if data_dir in _last_good:
            good_version, good = _last_good[data_dir]
            return Loaded(data_dir, good_version, good, False, problems, stale=True)
        return Loaded(data_dir, version, empty_dataset(Path(data_dir)), False, problems)
    _last_good[data_dir] = (version, dataset)
    return Loaded(data_dir, version, dataset, True)


def _problems_in(lang: str, data_dir: str, exc: DataError) -> list[str]:
    """What to fix, in the reader's language: the editing checks name each problem from the catalogue (the
    loader's own messages are English); the loader's words stand in if those checks find nothing."""
    named = [problem.message(lang) for problem in editing.check_dataset(Path(data_dir), {})]
    return named or [str(problem) for problem in exc.problems] or [t("error.data", lang)]
