"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_data import copy_data

from cooperation import filters
from cooperation.loading import Dataset, load_dataset
from devtools import synthetic


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A copy of data/ the test may break or edit."""
    return copy_data(tmp_path / "data")


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The bundled data, read once; tests must not change it (use `data_dir` for that)."""
    return load_dataset()


@pytest.fixture(scope="session")
def contacts(dataset: Dataset):
    """The bundled contacts enriched with partner names, years and setting, as the pages get them."""
    return filters.enrich_contacts(dataset)


@pytest.fixture(scope="session")
def hundredfold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic data at 100× the bundled partners and contacts (about 1,000 partners in 170 countries)."""
    out = tmp_path_factory.mktemp("synthetic-100x")
    synthetic.write(synthetic.Request(scale=100), out)
    return out
