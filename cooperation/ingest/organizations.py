"""English names of the international organisations Kazan shares with its partners.

The source page names them in Russian only, and no offline catalogue holds them, so the English names are
kept by hand in data/reference/organizations.csv (with where each comes from), like the city overrides: a
name the table lacks is reported by the ingest and shown in Russian until someone adds it.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from cooperation.ingest.geo import name_key
from cooperation.paths import REFERENCE_DIR

ORGANIZATIONS_PATH = REFERENCE_DIR / "organizations.csv"


def load_english_names(path: Path) -> dict[str, str]:
    """Russian name (as `geo.name_key` folds it) → English name, from a reference table."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {name_key(row["organization_ru"]): row["organization_en"].strip() for row in csv.DictReader(handle)}


@cache
def _default_names() -> dict[str, str]:
    return load_english_names(ORGANIZATIONS_PATH)


def english_name(organization_ru: str) -> str:
    """The organisation's English name, or "" when the reference table does not hold it."""
    return _default_names().get(name_key(organization_ru), "")
