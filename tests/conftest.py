"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fixture_data import EDITOR_NAME, EDITOR_PASSWORD, copy_data

from cooperation import auth, filters
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


@pytest.fixture
def editors(tmp_path, monkeypatch) -> Path:
    """One editor account, Анна, and a sign-in counter of this test's own (cheap argon2 parameters)."""
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    path = tmp_path / "editors.toml"
    auth.add_account(path, EDITOR_NAME, EDITOR_PASSWORD)
    monkeypatch.setenv(auth.EDITORS_ENV, str(path))
    monkeypatch.setenv(auth.STATE_ENV, str(tmp_path / "signin_failures.json"))
    return path
