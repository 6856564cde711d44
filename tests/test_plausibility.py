"""Implausible values flagged, not shown as fact: bounds per field and a density check."""

from __future__ import annotations

import pandas as pd
import pytest

from cooperation import plausibility
from cooperation.export.briefing import briefing_data
from cooperation.i18n import LANGS, t
from cooperation.loading import Dataset


def test_hebrons_area_is_marked_doubtful_in_the_data(dataset: Dataset) -> None:
    cities = dataset.cities.set_index("city_id")
    assert cities.loc["hebron", "doubtful"] == "area_km2:density_low"
    assert cities.loc["hebron", "area_km2"] == 2900  # kept as written
    assert (cities.drop(index="hebron")["doubtful"].fillna("") == "").all()


@pytest.mark.parametrize(
    "city, expected",
    [
        ({"population": 199_000, "area_km2": 2900}, [("area_km2", "density_low")]),  # Hebron, read as 2,900 km²
        ({"population": 199_000, "area_km2": 2.9}, [("area_km2", "density_high")]),  # Hebron, read as 2.9 km²
        ({"population": 4_070_000, "area_km2": 42_469}, []),  # Qiqihar with its counties
        ({"population": 15_000, "area_km2": 226}, []),  # Urbino: small, rural comune
        ({"population": 90_000_000, "area_km2": None}, [("population", "out_of_bounds")]),
        ({"population": None, "area_km2": 250_000}, [("area_km2", "out_of_bounds")]),
        ({"population": None, "area_km2": None}, []),
    ],
)
def test_bounds_and_density(city, expected) -> None:
    assert plausibility.doubts(city) == expected
    assert plausibility.marked({"doubtful": plausibility.mark(city)}) == dict(expected)


@pytest.mark.parametrize("lang", LANGS)
def test_the_profile_shows_the_area_with_the_mark_and_reason(dataset: Dataset, lang: str) -> None:
    b = briefing_data(dataset, "hebron", lang, pd.Timestamp("2026-01-15").date())
    area = dict(b.facts)[t("briefing.area", lang)]
    assert (
        "⚠" in area
        and ("69" in area)
        and plausibility.reason_text(dataset.cities.set_index("city_id").loc["hebron"], "area_km2", "density_low", lang)
        in area
    )
    harbin = briefing_data(dataset, "harbin", lang, pd.Timestamp("2026-01-15").date())
    assert "⚠" not in dict(harbin.facts)[t("briefing.area", lang)]
