"""Fact fields of a city block: real values from the Kazan partner-city page and their variants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cooperation.ingest.numbers import (
    parse_area,
    parse_founded,
    parse_population,
    parse_utc_offset,
    parse_year_in_brackets,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9,7 млн.чел. (2025 г.).", (9_700_000, 2025)),
        ("15 тыс. чел. (2021 г.)", (15_000, 2021)),
        ("9 465 881 человек", (9_465_881, None)),
        ("4.07 млн. человек (2022 г.)", (4_070_000, 2022)),
        ("13,8 млн человек (2024 г.)", (13_800_000, 2024)),
        ("199 тыс. чел. (2021 г.)", (199_000, 2021)),
        ("3 млн. чел. (2021 г.)", (3_000_000, 2021)),
        ("2,1 млн чел.", (2_100_000, None)),
        ("9,82 млн чел. (2023 г.)", (9_820_000, 2023)),
        ("8,7 млн чел. (2020 г.)", (8_700_000, 2020)),
        ("Население: 9,7 млн.чел. (2025 г.).", (9_700_000, 2025)),
        ("9\u00a0465\u00a0881 человек", (9_465_881, None)),
        ("около 13,8 млн человек (на конец 2024 г.)", (13_800_000, 2024)),
        ("9,820 млн чел.", (9_820_000, None)),
        ("15 ТЫС. ЧЕЛ. (2021г.)", (15_000, 2021)),
        ("1 234 567 inhabitants (2020)", (1_234_567, 2020)),
        ("", (None, None)),
        ("нет данных", (None, None)),
        ("(2021 г.)", (None, 2021)),
        ("9" * 400 + " млн", (None, None)),
    ],
)
def test_parse_population(text: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_population(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("730 км² (2018г.).", (730.0, 2018)),
        ("53,1 тыс. км²", (53_100.0, None)),
        ("11,434.25 км²", (11_434.25, None)),
        ("2,900 km2", (2_900.0, None)),
        ("3068 км2 (2020г.)", (3_068.0, 2020)),
        ("42469 км2", (42_469.0, None)),
        ("8600 км² (2023 г.)", (8_600.0, 2023)),
        ("226 км² (2020 г.)", (226.0, 2020)),
        ("Площадь города: 650 км² (2020 г.)", (650.0, 2020)),
        ("11.434,25 км²", (11_434.25, None)),
        ("53,1\u00a0тыс.\u00a0км²", (53_100.0, None)),
        ("1,1 тыс. км2", (1_100.0, None)),
        ("1 234 км²", (1_234.0, None)),
        ("12,5 км²", (12.5, None)),
        ("", (None, None)),
        ("км²", (None, None)),
        ("11,434.252,900 км²", (None, None)),
    ],
)
def test_parse_area(text: str, expected: tuple[float | None, int | None]) -> None:
    assert parse_area(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9 век н.э.", 801),
        ("300 до н.э.", -300),
        ("ок. 2200 до н. э.", -2200),
        ("1500 г. до н.э.", -1500),
        ("1898 г.", 1898),
        ("1592", 1592),
        ("589", 589),
        ("1691 г.", 1691),
        ("800 до н.э.", -800),
        ("1890", 1890),
        ("V век до н.э.", -500),
        ("IX век", 801),
        ("XXI век", 2001),
        ("ХХ век", 1901),  # Cyrillic look-alike letters
        ("9-й век н.э.", 801),
        ("1 век до н.э.", -100),
        ("Год основания: 9\u00a0век н.э.", 801),
        ("300 BC", -300),
        ("", None),
        ("неизвестно", None),
        ("0", None),
        ("IIII век", None),
    ],
)
def test_parse_founded(text: str, expected: int | None) -> None:
    assert parse_founded(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GMT +3:30", 3.5),
        ("GMT + 8", 8.0),
        ("GMT+8", 8.0),
        ("GMT +5:30", 5.5),
        ("GMT -3", -3.0),
        ("UTC+3", 3.0),
        ("GMT +1", 1.0),
        ("GMT +2", 2.0),
        ("Часовой пояс: GMT\u00a0+3:30", 3.5),
        ("utc−03:00", -3.0),
        ("GMT – 4", -4.0),
        ("UTC+5:45", 5.75),
        ("GMT", 0.0),
        ("GMT +330", None),
        ("GMT +25", None),
        ("GMT +3:75", None),
        ("+3", None),
        ("", None),
    ],
)
def test_parse_utc_offset(text: str, expected: float | None) -> None:
    assert parse_utc_offset(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(2025).", 2025),
        ("(2001 г.)", 2001),
        ("(2001г.)", 2001),
        ("(2006 г.)", 2006),
        (
            "Соглашение об установлении дружественных отношений между городами Казанью, Республика Татарстан "
            "(Российская Федерация) и Тегераном, Остан Тегеран (Исламская Республика Иран) (2025).",
            2025,
        ),
        (
            "Меморандум о дружественном сотрудничестве (2002 г.), Соглашение об установлении породненных "
            "отношений между городами (2003 г.)",
            2003,
        ),
        ("Соглашение об установлении партнерских отношений между городом Казанью и городом Хевроном (2019)", 2019),
        ("( 2001 года )", 2001),
        ("Протокол о намерениях между городами Казанью, Цицикаром, Гуанчжоу", None),
        ("(Казань-2023)", None),
        ("2025", None),
        ("", None),
        ("((((", None),
    ],
)
def test_parse_year_in_brackets(text: str, expected: int | None) -> None:
    assert parse_year_in_brackets(text) == expected


_FIELD_TOKENS = st.sampled_from(
    [
        "9",
        "465",
        "881",
        ",",
        ".",
        "7",
        "2,900",
        "11,434.25",
        "млн",
        "тыс.",
        "чел.",
        "км²",
        "(",
        ")",
        "2025",
        "г.",
        "до н.э.",
        "век",
        "V",
        "Х",
        "GMT",
        "UTC",
        "+",
        "-",
        "−",
        ":",
        "30",
        "99",
        "\u00a0",
        "9" * 30,
    ]
)


@given(
    st.one_of(
        st.text(),
        st.lists(_FIELD_TOKENS, max_size=12).map(" ".join),
        st.lists(_FIELD_TOKENS, max_size=12).map("".join),
    )
)
def test_parsers_never_raise(text: str) -> None:
    count, year = parse_population(text)
    assert count is None or count >= 0
    area, _ = parse_area(text)
    assert area is None or area >= 0
    parse_founded(text)
    offset = parse_utc_offset(text)
    assert offset is None or -15 < offset < 15
    assert year == parse_year_in_brackets(text)
