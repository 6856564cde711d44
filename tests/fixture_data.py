"""A private copy of the bundled data tables that a test may break or edit."""
from __future__ import annotations

import shutil
from pathlib import Path

from cooperation.schemas import TABLES

ROOT = Path(__file__).resolve().parents[1]


def copy_data(directory: Path) -> Path:
    """Copy every table of data/ into `directory` (created if needed) and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for spec in TABLES.values():
        source = ROOT / "data" / spec.file
        if source.exists():
            shutil.copy(source, directory / spec.file)
    return directory
