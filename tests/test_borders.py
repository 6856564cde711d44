"""The simplified borders in data/geo/: what `python -m cooperation.borders` makes, every country kept, and
each drawn within its tolerance of the Natural Earth original (the same look at the zoom it is drawn at)."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import shape

from cooperation import borders
from cooperation.borders import GEO_DIR, LEVELS


def features(name: str) -> list[dict]:
    return json.loads((GEO_DIR / name).read_text(encoding="utf-8"))["features"]


@pytest.mark.parametrize("level", list(LEVELS))
def test_the_committed_files_are_what_the_command_makes(level):
    text = borders.encode(borders.derive(LEVELS[level]))
    assert text == (GEO_DIR / LEVELS[level].output).read_text(encoding="utf-8"), (
        "data/geo/ is out of date: run python -m cooperation.borders"
    )


@pytest.mark.parametrize("level", list(LEVELS))
def test_every_country_is_kept_with_its_codes_and_names(level):
    source = features(LEVELS[level].source)
    simplified = features(LEVELS[level].output)
    assert [f["properties"]["iso_a2"] for f in simplified] == [f["properties"]["iso_a2"] for f in source]
    assert all(set(f["properties"]) == set(borders.KEPT_PROPERTIES) for f in simplified)
    assert all(f["properties"]["name_en"] for f in simplified)


def _furthest(points: shapely.Geometry, line: shapely.Geometry) -> float:
    """How far the point of `points` furthest from `line` is from it (a one-way Hausdorff distance)."""
    return float(shapely.distance(shapely.points(shapely.get_coordinates(points)), line).max())


@pytest.mark.parametrize("level", list(LEVELS))
def test_each_country_stays_within_its_tolerance_of_the_original(level):
    """Every point drawn is within the simplification tolerance plus half the rounding quantum of the
    original border, and so is every point of each country's largest original polygon from what is drawn,
    unless that polygon is itself under the level's size threshold (an atoll: only sub-pixel islands go)."""
    spec = LEVELS[level]
    allowed = spec.tolerance + 0.5 * 10**-spec.decimals + 1e-6
    worst = []
    for original, simple in zip(features(spec.source), features(spec.output)):
        before, after = shape(original["geometry"]), shape(simple["geometry"])
        largest = max(getattr(before, "geoms", [before]), key=lambda polygon: polygon.area)
        lost = _furthest(largest.exterior, after.boundary) if largest.area >= spec.min_area else 0.0
        worst.append((max(_furthest(after.boundary, before.boundary), lost), original["properties"]["name_en"]))
    assert max(worst)[0] <= allowed, max(worst)


def test_the_levels_get_lighter_for_the_wider_views():
    sizes = {name: (GEO_DIR / level.output).stat().st_size for name, level in LEVELS.items()}
    assert sizes["50m"] > sizes["110m"] > sizes["world"]
    assert sizes["50m"] < (GEO_DIR / "countries-50m.geojson").stat().st_size / 5
