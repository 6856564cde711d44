"""The catalogue as data: one TOML file per language beside this module (`ru.toml`, `en.toml`), read with the
standard library. A translator edits a text file; a key missing in one language is caught by tests/test_i18n.py."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_catalogue(langs: Sequence[str], directory: Path = HERE) -> dict[str, dict[str, str]]:
    """{key: {lang: text}}, in the order of the first language's file; a key one file lacks has no entry for
    that language (and shows itself there, never a crash)."""
    per_lang = {lang: tomllib.loads((directory / f"{lang}.toml").read_text(encoding="utf-8")) for lang in langs}
    keys = dict.fromkeys(key for lang in langs for key in per_lang[lang])
    return {key: {lang: per_lang[lang][key] for lang in langs if key in per_lang[lang]} for key in keys}
