"""The partner helpers behind the profile page (cooperation/partners.py)."""

from __future__ import annotations

import pytest

from cooperation import filters, partners
from cooperation.loading import Dataset


def test_resolve_and_default_city() -> None:
    known = ["hangzhou", "harbin", "urbino"]
    assert partners.resolve_city("harbin", known, "hangzhou") == ("harbin", False)
    assert partners.resolve_city("atlantis", known, "hangzhou") == ("hangzhou", True)
    assert partners.resolve_city(None, known, "hangzhou") == ("hangzhou", False)
    assert partners.default_city(known, ["urbino"], None) == "urbino"
    assert partners.default_city(known, ["harbin", "urbino"], "urbino") == "urbino"
    assert partners.default_city(known, ["harbin"], "urbino") == "harbin"
    assert partners.default_city(known, [], None) == "hangzhou"
    assert partners.default_city([], [], None) is None


def test_partner_names_sorted_in_the_language(dataset: Dataset) -> None:
    cities = filters.partner_cities(dataset)
    assert list(partners.partner_names(cities, "en"))[:2] == ["hangzhou", "harare"]
    assert next(iter(partners.partner_names(cities, "ru"))) == "tehran"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("http://www.hangzhou.gov.cn/", True),
        ("https://www.harbin.gov.cn/haerbin/c104440/e_overview.shtml", True),
        ("javascript:alert(1)", False),
        ("http://x.org/a) [b](http://evil", False),
        ("", False),
        (None, False),
        ("http://x.org/<script>", False),
        (float("nan"), False),
    ],
)
def test_safe_link(url: object, safe: bool) -> None:
    assert (partners.safe_link(url) is not None) is safe
