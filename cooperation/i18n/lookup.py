"""Looking a text up: `t(key, lang, **values)`, vocabulary labels and Russian plurals, over the catalogue."""

from __future__ import annotations

from collections.abc import Iterable

from cooperation.i18n.catalogue import load_catalogue

LANGS: tuple[str, ...] = ("ru", "en")
DEFAULT_LANG = "ru"
CATALOGUE: dict[str, dict[str, str]] = load_catalogue(LANGS)


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str, **values: object) -> str:
    """The label for `key`; a missing key shows itself (never a crash), and the catalogue test fails."""
    entry = CATALOGUE.get(key)
    text = entry.get(normalise_lang(lang), key) if entry else key
    return text.format(**values) if values else text


def label(vocabulary: str, value: str, lang: str) -> str:
    """A vocabulary value's label: label("sphere", "culture", "en") → "Culture"."""
    return t(f"{vocabulary}.{value}", lang)


def labels(vocabulary: str, values: Iterable[str], lang: str) -> dict[str, str]:
    return {v: label(vocabulary, v, lang) for v in values}


def plural(n: int, key: str, lang: str) -> str:
    """The form of a counted word for n: 1 контакта, 3 контактов, 21 контакта; 1 contact, 2 contacts."""
    forms = t(key, lang).split("|")
    if normalise_lang(lang) == "en":
        return forms[0] if n == 1 else forms[-1]
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    return forms[1] if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else forms[2]
