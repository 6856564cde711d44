"""The partner × edition matrix, the "not invited since" flag, and the forum pages' builders."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest
import specs

from cooperation import filters, forums
from cooperation.charts.forums import MAX_CHART_EDITIONS, MAX_CHART_PARTNERS, attendance_chart
from cooperation.filters import partner_cities
from cooperation.forums import (
    SUMMARY_COLUMNS,
    attendance_matrix,
    editions,
    ucf_programme,
)
from cooperation.i18n import CATALOGUE, LANGS, t
from cooperation.loading import Dataset, load_dataset
from cooperation.vocab import ATTENDANCE_MARKS

TODAY = datetime.date(2026, 1, 15)


def events_frame(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": [r[0] for r in rows],
            "series": [r[1] for r in rows],
            "edition": pd.array([r[2] for r in rows], dtype="Int64"),
            "name_ru": [f"{r[1]} {r[2]} ru" for r in rows],
            "name_en": [f"{r[1]} {r[2]} en" for r in rows],
            "date_start": pd.to_datetime([r[3] for r in rows]),
            "date_end": pd.to_datetime([r[3] for r in rows]),
        }
    )


def contacts_frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "contact_id": [f"c{i}" for i in range(len(rows))],
            "city_id": [r[0] for r in rows],
            "event_id": [r[1] for r in rows],
            "format": [r[2] for r in rows],
        }
    )


PARTNERS = pd.DataFrame(
    {"city_id": ["a", "b", "c", "d"], "name_ru": ["А", "Б", "В", "Г"], "name_en": ["A", "B", "C", "D"]}
)
# Given out of date order on purpose: the matrix orders editions by date.
EVENTS = events_frame(
    [
        ("kdw-2022", "kazan_digital_week", 2022, "2022-09-21"),
        ("kdw-2020", "kazan_digital_week", 2020, "2020-09-23"),
        ("kdw-2021", "kazan_digital_week", 2021, "2021-09-21"),
        ("rostki-2024", "rostki", 2024, "2024-11-14"),
    ]
)
CONTACTS = contacts_frame(
    [
        ("a", "kdw-2020", "in_person"),
        ("a", "kdw-2021", "message"),  # a video address: took part from afar
        ("b", "kdw-2022", "online"),
        ("b", "kdw-2022", "in_person"),  # two contacts at one edition: the strongest mark
        ("c", "rostki-2024", "unknown"),
        ("c", None, "in_person"),  # not linked to an edition
    ]
)


@pytest.fixture(scope="module")
def matrix() -> pd.DataFrame:
    return attendance_matrix(CONTACTS, EVENTS, PARTNERS, TODAY).set_index("city_id")


def test_edition_columns_in_date_order(matrix: pd.DataFrame) -> None:
    editions_in_matrix = [c for c in matrix.columns if c not in SUMMARY_COLUMNS and not c.startswith("name_")]
    assert editions_in_matrix == ["kdw-2020", "kdw-2021", "kdw-2022", "rostki-2024"]
    assert list(matrix.index) == ["a", "b", "c", "d"]


def test_cells_hold_the_mark(matrix: pd.DataFrame) -> None:
    assert matrix.loc["a", "kdw-2020"] == "in_person"
    assert matrix.loc["a", "kdw-2021"] == "online"
    assert matrix.loc["a", "kdw-2022"] == ""
    assert matrix.loc["b", "kdw-2022"] == "in_person"
    assert matrix.loc["c", "rostki-2024"] == "unknown"
    assert set(matrix[["kdw-2020", "kdw-2021", "kdw-2022", "rostki-2024"]].stack()) <= {"", *ATTENDANCE_MARKS}


def test_summary_per_partner(matrix: pd.DataFrame) -> None:
    assert matrix.loc["a", "editions_attended"] == 2
    assert matrix.loc["a", "last_edition"] == "kdw-2021"
    assert matrix.loc["a", "last_edition_date"] == pd.Timestamp("2021-09-21")
    assert matrix.loc["d", "editions_attended"] == 0 and pd.isna(matrix.loc["d", "last_edition"])


def test_came_before_and_missed_the_latest_edition_stands_out(matrix: pd.DataFrame) -> None:
    assert matrix.loc["a", "not_invited_since"]
    assert matrix.loc["a", "missed_series"] == "kazan_digital_week"
    assert not matrix.loc["b", "not_invited_since"]  # came to the latest
    assert not matrix.loc["c", "not_invited_since"]  # the only edition of its series
    assert not matrix.loc["d", "not_invited_since"]  # never came: nothing to miss


def test_missed_latest_counts_editions() -> None:
    matrix = attendance_matrix(CONTACTS, EVENTS, PARTNERS, TODAY, missed_latest=2).set_index("city_id")
    assert not matrix.loc["a", "not_invited_since"]  # kdw-2021 is among the latest two


def test_an_edition_not_yet_held_is_not_missed() -> None:
    matrix = attendance_matrix(CONTACTS, EVENTS, PARTNERS, datetime.date(2022, 1, 1)).set_index("city_id")
    assert not matrix.loc["a", "not_invited_since"]


def test_editions_sorted_with_series_names() -> None:
    eds = editions(EVENTS)
    assert list(eds["event_id"]) == ["kdw-2020", "kdw-2021", "kdw-2022", "rostki-2024"]
    assert eds.loc[0, "series_en"] == "Kazan Digital Week"
    assert eds.loc[3, "series_ru"].startswith("Международный форум «РОСТКИ")


def partners_of(figure: dict) -> list[str]:
    """The grid's rows, top to bottom."""
    return figure["layer"][-1]["encoding"]["y"]["scale"]["domain"]


def editions_of(figure: dict) -> list[str]:
    """The grid's columns, left to right."""
    return figure["layer"][-1]["encoding"]["x"]["scale"]["domain"]


@pytest.mark.parametrize("lang", LANGS)
def test_attendance_chart_shows_those_who_came(matrix: pd.DataFrame, lang: str) -> None:
    figure = attendance_chart(matrix.reset_index(), editions(EVENTS), lang)
    assert specs.title(figure) == t("forums.chart_title", lang)
    assert partners_of(figure) == list(PARTNERS.set_index("city_id").loc[["a", "b", "c"], f"name_{lang}"])
    assert editions_of(figure) == list(editions(EVENTS)[f"name_{lang}"])
    band, marks = figure["layer"]
    assert band["data"]["values"] == [{"partner": partners_of(figure)[0], "band": t("forums.not_invited_since", lang)}]
    assert t("attendance.in_person", lang) in marks["encoding"]["shape"]["scale"]["domain"]


def test_attendance_chart_keeps_to_a_readable_grid_with_many_partners_and_editions() -> None:
    """A national association's decades of forums: the chart draws the latest editions and the partners that
    came most (each partner n came to the latest n + 1 editions), and says what it left out."""
    years = range(2026 - MAX_CHART_EDITIONS - 10, 2026)
    events = events_frame([(f"kdw-{y}", "kazan_digital_week", y, f"{y}-09-21") for y in years])
    count = MAX_CHART_PARTNERS + 15
    partners = pd.DataFrame(
        {
            "city_id": [f"p{n}" for n in range(count)],
            "name_ru": [f"П{n}" for n in range(count)],
            "name_en": [f"P{n}" for n in range(count)],
        }
    )
    contacts = contacts_frame(
        [(f"p{n}", f"kdw-{y}", "in_person") for n in range(count) for y in list(years)[-(n % len(years)) - 1 :]]
    )
    matrix = attendance_matrix(contacts, events, partners, TODAY)
    figure = attendance_chart(matrix, editions(events), "en")
    assert editions_of(figure) == [f"kazan_digital_week {y} en" for y in list(years)[-MAX_CHART_EDITIONS:]]
    assert len(partners_of(figure)) == MAX_CHART_PARTNERS
    assert "P0" not in partners_of(figure)  # came once: among the least frequent
    subtitle = specs.subtitle(figure)
    assert t("forums.chart_top", "en", shown=MAX_CHART_PARTNERS, total=str(count)) in subtitle
    assert t("forums.chart_latest", "en", shown=MAX_CHART_EDITIONS, total=len(years)) in subtitle


def test_attendance_chart_with_nobody() -> None:
    matrix = attendance_matrix(contacts_frame([]), EVENTS, PARTNERS)
    figure = attendance_chart(matrix, editions(EVENTS), "en")
    assert figure["data"]["values"] == [{"note": t("forums.nobody", "en")}]


def test_marks_have_labels() -> None:
    for mark in ATTENDANCE_MARKS:
        assert set(CATALOGUE[f"attendance.{mark}"]) == set(LANGS)


# ---------------------------------------------------------------- the real data


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def real(dataset) -> pd.DataFrame:
    return attendance_matrix(dataset.contacts, dataset.events, partner_cities(dataset), TODAY)


def test_real_matrix_shape(real: pd.DataFrame, dataset) -> None:
    assert len(real) == len(partner_cities(dataset)) == 10
    assert real.shape[1] == 3 + len(dataset.events) + len(SUMMARY_COLUMNS)


def test_real_ucf_2023_harbin_in_person_qiqihar_online(real: pd.DataFrame, dataset) -> None:
    by_city = real.set_index("city_id")
    assert by_city.loc["harbin", "united_cities_forum-2023"] == "in_person"
    # Qiqihar's vice-mayor joined online; its chess team played the forum's tournament in Kazan, a contact
    # of its own since issue 17, so the partner took part in person as well.
    qiqihar = dataset.contacts[
        (dataset.contacts["city_id"] == "qiqihar") & (dataset.contacts["event_id"] == "united_cities_forum-2023")
    ]
    assert sorted(qiqihar["format"]) == ["in_person", "online"]
    assert by_city.loc["qiqihar", "united_cities_forum-2023"] == "in_person"
    assert by_city.loc["urbino"].get("editions_attended") == 0


def test_real_hangzhou_came_to_kazan_digital_week_and_not_since(real: pd.DataFrame) -> None:
    hangzhou = real.set_index("city_id").loc["hangzhou"]
    assert hangzhou["kazan_digital_week-2022"] == "in_person" and hangzhou["kazan_digital_week-2023"] == ""
    assert hangzhou["not_invited_since"] and "kazan_digital_week" in hangzhou["missed_series"].split("|")


def test_real_ucf_programme_in_order(dataset) -> None:
    programme = ucf_programme(dataset.forum_sessions, dataset.events)
    assert len(programme) == 5
    assert (programme["event_id"] == "united_cities_forum-2023").all()
    keys = list(zip(programme["date"], programme["time_start"]))
    assert keys == sorted(keys)
    assert programme.loc[0, "name_en"] == "United Cities Forum 2023"


def test_real_chart_names_editions_in_the_language(real: pd.DataFrame, dataset) -> None:
    figure = attendance_chart(real, editions(dataset.events), "ru")
    assert "Kazan Digital Week 2022" in editions_of(figure)
    assert "Харбин" in partners_of(figure)
    assert "Урбино" not in partners_of(figure)


# ---------------------------------------------------------------- the forums page's tables


def test_attendance_table_and_invitation_list(dataset: Dataset) -> None:
    contacts = filters.enrich_contacts(dataset)
    partners = filters.partner_cities(dataset)
    eds = forums.editions(dataset.events)
    matrix = forums.attendance_matrix(contacts, eds, partners, TODAY)
    table = forums.attendance_table(matrix, eds, "en")
    assert "Urbino" not in set(table["Partner city"])  # never took part: no row
    flagged = table[table[t("forums.not_invited_since", "en")] != ""]["Partner city"].tolist()
    assert flagged == table["Partner city"].tolist()[: len(flagged)], "partners to invite again come first"
    invitations = forums.invitation_list(matrix, eds, "en")
    hangzhou = invitations.set_index("Partner city").loc["Hangzhou"]
    assert "Kazan Digital Week" in hangzhou[t("forums.col.missed", "en")]
    assert set(invitations["Partner city"]) == set(flagged)
    editions = forums.editions_table(eds, matrix, "en")
    assert len(editions) == len(eds)
    assert forums.editions_in_years(eds, 2024, None)["date_start"].dt.year.min() == 2024


def test_attendance_table_travels_light_at_a_thousand_partners(hundredfold) -> None:
    """The forums page sends its partner × edition table to every browser that opens it: a cell goes as a
    one-byte category code (was a string and its offset: 1.35 MB of the page's 1.56 MB at 100×), and reads
    the same."""
    import pyarrow as pa

    big = load_dataset(hundredfold)
    eds = forums.editions(big.events)
    matrix = forums.attendance_matrix(filters.enrich_contacts(big), eds, partner_cities(big), TODAY)
    table = forums.attendance_table(matrix, eds, "en")
    marks = table.columns[2:-1]
    assert len(table) > 500 and len(marks) > 50
    sink = pa.BufferOutputStream()
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    with pa.ipc.new_stream(sink, arrow.schema) as writer:
        writer.write_table(arrow)
    assert sink.getvalue().size < 1.5 * len(table) * len(marks) + 100 * len(table)
    assert set(table[marks].stack().astype(str)) <= {"", *forums.MARK_SYMBOLS.values()}
    assert (table[marks] == forums.MARK_SYMBOLS["in_person"]).to_numpy().any()
