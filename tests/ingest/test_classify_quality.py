"""The classifier against the hand-labelled set of every contact of the bundled page (issue 17).

The floors are what the classifier reaches today (`python benchmarks/classify.py` prints the figures); a rule
change that loses a sphere, a format or a venue on the page falls below one of them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cooperation.ingest.build import DEFAULT_RAW_DIR, build_tables, default_sources
from cooperation.ingest.evaluation import Evaluation, align, evaluate, read_labelled
from cooperation.paths import ROOT
from cooperation.vocab import FORMATS, SPHERES, VENUES

LABELLED = ROOT / "tests" / "data" / "labelled_contacts.csv"
PAGE = "kazan_partner_cities_page4_2025.txt"


@pytest.fixture(scope="module")
def contacts() -> pd.DataFrame:
    built, _ = build_tables(default_sources(), DEFAULT_RAW_DIR)
    return built["contacts"].astype({"source_line": int})


@pytest.fixture(scope="module")
def scores(contacts) -> Evaluation:
    return evaluate(contacts, read_labelled(LABELLED), PAGE)


def test_the_labelled_set_uses_the_vocabularies_and_explains_its_doubts():
    labelled = read_labelled(LABELLED)
    assert set(labelled["venue"]) <= set(VENUES) and set(labelled["format"]) <= set(FORMATS)
    assert all(set(s.split("|")) <= set(SPHERES) and len(s.split("|")) <= 3 for s in labelled["spheres"])
    doubtful = labelled[labelled["reasoning"].str.startswith("Doubtful")]
    assert len(doubtful) >= 10 and labelled["excerpt"].str.len().gt(10).all()


def test_the_labelled_set_covers_every_contact_of_the_page(contacts):
    labelled = read_labelled(LABELLED)
    assert len(align(contacts, labelled, PAGE)) == len(contacts[contacts["source_file"] == PAGE]) == 74
    with pytest.raises(ValueError, match="not in the labelled set"):
        align(contacts, labelled.iloc[1:], PAGE)
    shifted = labelled.assign(excerpt=labelled["excerpt"].shift(1, fill_value=labelled["excerpt"].iloc[-1]))
    with pytest.raises(ValueError, match="excerpt does not start"):
        align(contacts, shifted, PAGE)


def test_sphere_floors(scores):
    for sphere in SPHERES:
        score = scores.sphere(sphere)
        assert score.labelled > 0, sphere
        assert score.precision >= 0.85 and score.recall >= 0.9, (sphere, score)
    assert scores.micro_f1 >= 0.95
    assert scores.exact_spheres >= 0.9


def test_format_and_venue_floors(scores):
    assert scores.format_accuracy >= 0.95
    assert scores.venue_accuracy >= 0.95


def test_spheres_per_contact_stay_as_sparse_as_the_labels(scores):
    assert scores.spheres_per_contact < 1.5
    assert abs(scores.spheres_per_contact - scores.labelled_spheres_per_contact) < 0.1


def test_the_readme_shows_the_figures_the_benchmark_prints(scores):
    """README's table under "Classification rules" is `python benchmarks/classify.py`'s, not a stale copy."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in scores.to_markdown().splitlines() if line.startswith("| ")]
    assert all(line in readme for line in table)
    assert (
        f"spheres per contact {scores.spheres_per_contact:.2f} (labelled {scores.labelled_spheres_per_contact:.2f})"
        in readme.replace("\n", " ")
    )
