"""The manifest of raw sources: what each file is, where it came from, and a checksum to prove it unchanged."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cooperation.ingest.report import Problem

MANIFEST_NAME = "manifest.yaml"
REQUIRED_KEYS = (
    "file",
    "kind",
    "title",
    "publisher",
    "snapshot_date",
    "snapshot_date_basis",
    "added",
    "sha256",
    "licence",
    "covers",
)


@dataclass(frozen=True)
class SourceEntry:
    file: str
    kind: str
    meta: dict[str, Any]

    @property
    def snapshot_date(self) -> str:
        return str(self.meta.get("snapshot_date") or "")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_manifest(raw_dir: Path) -> tuple[dict[str, SourceEntry], list[Problem]]:
    """Entries by file name; a missing or malformed manifest is a problem, not an exception."""
    path = raw_dir / MANIFEST_NAME
    problems: list[Problem] = []
    if not path.exists():
        return {}, [Problem(str(path), None, "no manifest: every source will be reported as unlisted", "error")]
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return {}, [Problem(str(path), None, f"manifest is not valid YAML: {exc}", "error")]
    entries: dict[str, SourceEntry] = {}
    for item in document.get("sources", []):
        missing = [k for k in REQUIRED_KEYS if k not in item]
        if missing:
            problems.append(
                Problem(MANIFEST_NAME, None, f"entry {item.get('file', '?')} lacks {', '.join(missing)}", "error")
            )
            continue
        entries[item["file"]] = SourceEntry(item["file"], item["kind"], dict(item))
    return entries, problems


def check_source(path: Path, entries: dict[str, SourceEntry]) -> list[Problem]:
    """Say plainly when a source has no manifest entry or differs from the checksum it was listed with."""
    entry = entries.get(path.name)
    if entry is None:
        return [
            Problem(
                path.name,
                None,
                f"no manifest entry (add one to data/raw/{MANIFEST_NAME}); its snapshot "
                "date is taken from its latest dated entry",
                "warning",
            )
        ]
    actual = sha256_of(path)
    if actual != entry.meta["sha256"]:
        return [
            Problem(
                path.name,
                None,
                f"file changed since it was listed: sha256 {actual[:12]}… ≠ manifest "
                f"{str(entry.meta['sha256'])[:12]}…; update the manifest if the change is "
                "intended",
                "error",
            )
        ]
    return []
