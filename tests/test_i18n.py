"""The catalogue: complete in both languages for every vocabulary value, and number formats per language."""

from __future__ import annotations

import datetime
import re

import pytest

from cooperation import vocab
from cooperation.i18n import CATALOGUE, LANGS, format_date, format_int, format_number, format_period, plural, t
from cooperation.paths import ROOT

VOCABULARIES = {
    "sphere": vocab.SPHERES,
    "venue": vocab.VENUES,
    "format": vocab.FORMATS,
    "setting": vocab.SETTINGS,
    "role": vocab.ROLES,
    "doc_type": vocab.DOC_TYPES,
    "relation": vocab.RELATIONS,
    "year_source": vocab.YEAR_SOURCES,
    "date_precision": vocab.DATE_PRECISIONS,
    "recorded_status": vocab.RECORDED_STATUSES,
}


def test_every_key_has_both_languages():
    for key, entry in CATALOGUE.items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key


def test_placeholders_match_between_languages():
    for key, entry in CATALOGUE.items():
        assert set(re.findall(r"{(\w+)}", entry["ru"])) == set(re.findall(r"{(\w+)}", entry["en"])), key


@pytest.mark.parametrize("vocabulary", sorted(VOCABULARIES))
def test_every_vocabulary_value_is_translated(vocabulary):
    for value in VOCABULARIES[vocabulary]:
        assert f"{vocabulary}.{value}" in CATALOGUE


def test_every_key_used_in_code_exists():
    """Literal keys passed to t() anywhere in the package resolve in the catalogue (the pages' texts are checked
    where they are shown: tests/views/test_every_page.py fails on a key drawn untranslated)."""
    used = set()
    for path in ROOT.glob("cooperation/**/*.py"):
        used |= set(re.findall(r"\bt\(\s*\"([a-z_]+\.[a-z0-9_.]+)\"", path.read_text(encoding="utf-8")))
        used |= set(
            re.findall(
                r"page_(?:header|setup)\(\s*(?:ctx,\s*)?\"([a-z_]+\.[a-z0-9_.]+)\"", path.read_text(encoding="utf-8")
            )
        )
    missing = sorted(k for k in used if k not in CATALOGUE)
    assert not missing


def test_numbers_follow_the_language():
    assert format_int(1234567, "ru") == "1\u202f234\u202f567"
    assert format_int(1234567, "en") == "1,234,567"
    assert format_number(9.7, "ru") == "9,7" and format_number(1234.5, "en") == "1,234.5"


def test_dates_at_their_precision():
    may = datetime.date(2023, 5, 4)
    assert format_date(may, "en", "month") == "May 2023"
    assert format_date(may, "ru", "day") == "04.05.2023"
    assert (
        format_period(datetime.date(2025, 4, 1), datetime.date(2025, 5, 31), "month", "en") == "April 2025 – May 2025"
    )
    assert format_period(datetime.date(2002, 1, 1), datetime.date(2018, 12, 31), "year", "ru") == "2002 – 2018"


def test_missing_key_shows_itself():
    assert t("no.such.key", "en") == "no.such.key"


@pytest.mark.parametrize("lang", LANGS)
def test_no_key_is_defined_twice(lang: str):
    """A key written twice in a catalogue file must be caught (TOML refuses it; so does this test), and both
    files list the same keys in the same order, so a translator reads them side by side."""
    text = (ROOT / "cooperation" / "i18n" / f"{lang}.toml").read_text(encoding="utf-8")
    keys = re.findall(r'^"([^"]+)" =', text, flags=re.MULTILINE)
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    assert keys == list(CATALOGUE)


@pytest.mark.parametrize(
    ("n", "ru", "en"),
    [
        (1, "контакта", "contact"),
        (2, "контактов", "contacts"),
        (5, "контактов", "contacts"),
        (11, "контактов", "contacts"),
        (21, "контакта", "contacts"),
    ],
)
def test_counted_words_agree_with_the_number(n: int, ru: str, en: str) -> None:
    assert plural(n, "plural.contacts_at_least", "ru") == ru
    assert plural(n, "plural.contacts_at_least", "en") == en
