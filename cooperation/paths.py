"""Where the project lives: one place for the root, the bundled data and the entry file."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
ENTRY = ROOT / "dashboard.py"
RAW_DIR = DATA_DIR / "raw"
REFERENCE_DIR = DATA_DIR / "reference"
GEO_DIR = DATA_DIR / "geo"
