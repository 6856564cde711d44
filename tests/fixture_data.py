"""A private copy of the bundled data tables (and the staff layer under data/staff/) that a test may break or edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from cooperation import staff
from cooperation.paths import ROOT
from cooperation.schemas import TABLES

# The editor account of the `editors` fixture (tests/conftest.py), which the Data pages' tests sign in to.
EDITOR_NAME = "Анна"
EDITOR_PASSWORD = "s3cret horse battery"


def copy_data(directory: Path) -> Path:
    """Copy every table of data/ and every staff-layer file into `directory` (created if needed); return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for relative in [*(spec.file for spec in TABLES.values()), *staff.layer_files()]:
        source = ROOT / "data" / relative
        if source.exists():
            (directory / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, directory / relative)
    return directory
