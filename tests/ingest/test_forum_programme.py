"""The forum parser on the real brochure and programme, and on broken variants of them."""

from __future__ import annotations

from datetime import date

import pytest

from cooperation.ingest.forum import BROCHURE_FILE, PROGRAMME_FILE, forum_event_facts, parse_forum_sessions
from cooperation.paths import RAW_DIR

RAW = RAW_DIR


@pytest.fixture(scope="module")
def programme() -> str:
    return (RAW / PROGRAMME_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def brochure() -> str:
    return (RAW / BROCHURE_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(programme: str, brochure: str):
    return parse_forum_sessions(programme, brochure)


EXPECTED = [
    (
        "ucf2023-s1",
        date(2023, 9, 7),
        "10:00",
        "12:00",
        "Plenary session «Urban diplomacy as an important factor in the development of modern international relations»",
    ),
    (
        "ucf2023-s2",
        date(2023, 9, 7),
        "15:30",
        "17:30",
        "A city for residents. Involvement, participation, dialogue. Joint implementation of public space projects",
    ),
    (
        "ucf2023-s3",
        date(2023, 9, 8),
        "13:00",
        "15:00",
        "Twin cities and expanding horizons: successful experience and new goals",
    ),
    (
        "ucf2023-s4",
        date(2023, 9, 8),
        "13:00",
        "14:30",
        "Preservation of historical heritage as the basis of the identity of a modern city",
    ),
    (
        "ucf2023-s5",
        date(2023, 9, 8),
        "15:00",
        "16:30",
        "Plenary session «Russia – China: economic convergence, major projects, infrastructure prospects»",
    ),
]


def test_real_files_give_the_five_brochure_sessions(parsed) -> None:
    sessions, _ = parsed
    got = [(s.session_id, s.date, s.time_start, s.time_end, s.title_en) for s in sessions]
    assert got == EXPECTED
    assert {s.event_id for s in sessions} == {"united_cities_forum-2023"}


@pytest.mark.parametrize(
    ("session_id", "phrase"),
    [
        ("ucf2023-s1", "diplomacy of the worlds leading cities"),
        ("ucf2023-s2", "open and inclusive public spaces"),
        ("ucf2023-s3", '"dormant" agreements'),
        ("ucf2023-s4", "spirit of place"),
        ("ucf2023-s5", "cooperation with China is the most optimal for Russia"),
    ],
)
def test_each_session_has_its_programme_description(parsed, session_id: str, phrase: str) -> None:
    session = next(s for s in parsed[0] if s.session_id == session_id)
    assert phrase in session.description_en


def test_descriptions_are_paragraphs_without_footer_or_headers(parsed) -> None:
    for session in parsed[0]:
        assert "organized by" not in session.description_en
        assert "September, 8" not in session.description_en
    heritage = parsed[0][3].description_en
    assert heritage.count("\n\n") == 2  # three programme paragraphs


def test_title_source_is_the_document_with_the_complete_title(parsed) -> None:
    sources = {s.session_id: s.source_file for s in parsed[0]}
    assert sources["ucf2023-s1"] == BROCHURE_FILE  # programme cuts "…international"
    assert sources["ucf2023-s2"] == PROGRAMME_FILE  # brochure cuts "…public space"
    assert sources["ucf2023-s5"] == BROCHURE_FILE  # programme has no title line


def test_programme_date_headers_are_overruled_and_reported(parsed) -> None:
    problems = parsed[1]
    assert len(problems) == 2
    assert all("the brochure date is used" in p for p in problems)
    assert any(p.startswith("programme line 12:") and "13:00-15:00" in p for p in problems)
    assert any(p.startswith("programme line 24:") and "13:00-14:30" in p for p in problems)


def test_ids_are_stable_across_runs(programme: str, brochure: str, parsed) -> None:
    again, _ = parse_forum_sessions(programme, brochure)
    assert again == parsed[0]


def test_extra_programme_session_is_reported_not_invented(programme: str, brochure: str) -> None:
    extra = programme + "\n18.00 - 19.00\nGala dinner\nAn evening reception for the participants.\n"
    sessions, problems = parse_forum_sessions(extra, brochure)
    assert len(sessions) == 5
    assert any("18:00-19:00" in p and "not in the brochure" in p and "programme line 38" in p for p in problems)


def test_brochure_session_missing_from_programme_has_empty_description(programme: str, brochure: str) -> None:
    without_heritage = programme.replace("13.00 - 14.30", "")
    sessions, problems = parse_forum_sessions(without_heritage, brochure)
    heritage = next(s for s in sessions if s.time_end == "14:30")
    assert heritage.description_en == ""
    assert any("14:30" in p and "no description" in p for p in problems)


def test_shared_start_time_is_resolved_by_title_words(brochure: str) -> None:
    brochure_same_range = brochure.replace("13.00 - 14.30", "13.00 - 15.00")
    programme = (
        "September, 8, 2023\n13.00 - 15.00\nPreservation of historical heritage\nHeritage text.\n"
        "13.00 - 15.00\nTwin cities and expanding horizons\nTwinning text.\n"
    )
    sessions, _ = parse_forum_sessions(programme, brochure_same_range)
    by_title = {s.title_en.split()[0]: s.description_en for s in sessions}
    assert by_title["Twin"] == "Twinning text."
    assert by_title["Preservation"] == "Heritage text."


@pytest.mark.parametrize(("programme_text", "brochure_text"), [("", ""), ("garbage\n", "nothing here"), ("", None)])
def test_empty_or_garbage_text_gives_problems_not_exceptions(brochure: str, programme_text: str, brochure_text) -> None:
    sessions, problems = parse_forum_sessions(programme_text, brochure if brochure_text is None else brochure_text)
    assert problems
    if brochure_text is None:
        assert len(sessions) == 5 and all(s.description_en == "" for s in sessions)
    else:
        assert sessions == []


def test_event_facts_come_from_the_brochure(brochure: str) -> None:
    facts = forum_event_facts(brochure)
    assert facts["name"] == "United Cities Forum"
    assert (facts["date_start"], facts["date_end"]) == (date(2023, 9, 7), date(2023, 9, 8))
    assert facts["city"] == "Kazan"
    assert facts["parent_forum"] == "ROSTKI: Russia and China - mutually beneficial cooperation"
    assert facts["expected_participants"] == 150
    assert (
        facts["organiser"] == 'Municipality of Kazan in cooperation with the International Association "UCLG Eurasia"'
    )
    assert facts["major_topics"][0] == "Inter-municipal cooperation"
    assert facts["major_topics"][-1] == "Residents involvement into the urban environment improving"
    assert len(facts["major_topics"]) == 7


def test_event_facts_of_an_empty_text_are_unknown() -> None:
    facts = forum_event_facts("")
    assert facts["major_topics"] == []
    assert all(value is None for key, value in facts.items() if key != "major_topics")
