"""Fixtures shared by the test modules."""
from __future__ import annotations

from pathlib import Path

import pytest
from fixture_data import copy_data


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A copy of data/ the test may break or edit."""
    return copy_data(tmp_path / "data")
