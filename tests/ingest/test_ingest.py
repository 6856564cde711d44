"""The ingest end to end on the bundled page, on perturbed copies of it, and on several snapshots merged."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cooperation.ingest.__main__ import EXIT_WRITTEN_WITH_WARNINGS, main
from cooperation.ingest.build import DEFAULT_RAW_DIR, build_tables, default_sources, run
from cooperation.ingest.partners import parse_partner_page
from cooperation.loading import load_dataset
from cooperation.paths import ROOT
from cooperation.schemas import TABLES

PAGE = DEFAULT_RAW_DIR / "kazan_partner_cities_page4_2025.txt"
RAW_TEXT = PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    built, _ = build_tables(default_sources(), DEFAULT_RAW_DIR)
    return built


def _blocks(text: str) -> tuple[str, list[str]]:
    """The page split at city headers: (preamble, [block, …]), each block starting at its bullet header."""
    parts = re.split(r"(?m)^(?=  • [^\n]+\n    Развернуть Свернуть)", text)
    return parts[0], parts[1:]


def test_every_city_block_becomes_a_city(tables):
    partners = tables["cities"][tables["cities"]["role"] == "partner"]
    assert sorted(partners["name_en"]) == sorted(
        ["Tehran", "Urbino", "Wuhan", "Harbin", "Hefei", "Hebron", "Hyderabad", "Harare", "Hangzhou", "Qiqihar"]
    )
    assert RAW_TEXT.count("Развернуть Свернуть") == len(partners)


def test_home_and_co_parties_are_rows(tables):
    cities = tables["cities"].set_index("city_id")
    assert cities.loc["kazan", "role"] == "home"
    assert cities.loc["kazan", "utc_offset_hours"] == 3.0
    for co_party in ("guangzhou", "ufa", "yekaterinburg", "khabarovsk"):
        assert cities.loc[co_party, "role"] == "co_party"


def test_every_document_becomes_an_agreement(tables):
    """Every document of a «Документ» line; the ones only a contact entry names are tests/ingest/test_signings.py's."""
    agreements = tables["agreements"][tables["agreements"]["recorded_in"] == "documents_line"]
    documents = sum(len(re.split(r"\),\s*(?=[А-ЯЁ])", line)) for line in re.findall(r"Документ:\s*(.+)", RAW_TEXT))
    assert len(agreements) == documents == 11
    hangzhou = agreements[agreements["city_id"] == "hangzhou"].set_index("doc_type")
    assert hangzhou.loc["memorandum", "year_signed"] == 2002
    assert hangzhou.loc["agreement", "relation"] == "twinning"


def test_missing_year_is_inferred_from_the_signing(tables):
    qiqihar = tables["agreements"].set_index("city_id").loc["qiqihar"]
    assert (qiqihar["year_signed"], qiqihar["year_source"]) == (2022, "inferred")
    assert qiqihar["parties"].split("|") == ["kazan", "qiqihar", "guangzhou", "ufa", "yekaterinburg", "khabarovsk"]


def test_contact_counts_per_city(tables):
    counts = tables["contacts"]["city_id"].value_counts().to_dict()
    # Paragraphs of each contacts section (bullets of a lead-in count one each; memberships and the
    # membership detail line are not contacts), and Harare's one dated visit kept in its description.
    # Three entries (Hefei 281, Qiqihar 450 and 458) report an official's online session and a chess team's
    # tournament: two contacts each.
    assert counts == {
        "tehran": 16,
        "hangzhou": 15,
        "harbin": 15,
        "qiqihar": 12,
        "wuhan": 7,
        "hefei": 4,
        "hebron": 2,
        "hyderabad": 2,
        "harare": 1,
    }
    assert "urbino" not in counts


def test_bullets_under_a_lead_in_are_one_contact_each(tables):
    tehran = tables["contacts"][tables["contacts"]["city_id"] == "tehran"]
    bullets = tehran[tehran["text_ru"].str.startswith("Представители Тегерана принимают участие")]
    assert len(bullets) == 4
    assert set(bullets["date_text"]) == {"2022 г.", "2023 г.", "2024 г."}
    assert "kazan_digital_week-2022" in set(bullets["event_id"])
    memberships = tables["memberships"]
    assert len(memberships) == 4
    assert memberships.set_index("organization").loc["Азиатский Форум Мэров", "since"] == 2011
    assert (
        memberships.set_index("organization").loc["Метрополис", "organization_en"]
        == "Metropolis (World Association of the Major Metropolises)"
    )
    assert memberships["organization_en"].str.len().gt(0).all()


def test_an_organisation_without_an_english_name_is_kept_and_reported():
    preamble, blocks = _blocks(RAW_TEXT)
    tehran = next(b for b in blocks if "Тегеран" in b.splitlines()[0])
    renamed = tehran.replace("Метрополис", "Лига городов Шёлкового пути")
    rows = parse_partner_page(preamble + renamed, "page.txt")
    by_name = {m["organization"]: m["organization_en"] for m in rows.memberships}
    assert by_name["Лига городов Шёлкового пути"] == ""
    assert by_name["Азиатский Форум Мэров"] == "Asian Mayors Forum"
    assert any(
        "no English name for the organisation «Лига городов Шёлкового пути»" in str(p) and "organizations.csv" in str(p)
        for p in rows.problems
    )


@pytest.mark.parametrize(
    "line, expected",
    [
        (210, dict(date_start="2006-06-13", date_end="2006-06-18", date_precision="day", venue="partner")),
        (226, dict(date_start="2021-01-01", date_end="2021-12-31", date_precision="year", format="online")),
        (381, dict(date_start="2002-01-01", date_end="2018-12-31", date_precision="year")),
        (460, dict(date_start="2025-04-01", date_end="2025-05-31", date_precision="month", format="online")),
        (456, dict(date_start="2024-05-01", date_end="2024-06-30", venue="partner")),
        (185, dict(date_start="2025-08-01", date_text="В августе", event_id="rostki-2025")),
        (101, dict(venue="other", venue_city="Москве")),
        (306, dict(format="message", date_precision="year")),
        (279, dict(event_id="kazan_digital_week-2023", format="online", date_start="2023-01-01")),
        (230, dict(event_id="united_cities_forum-2023", venue="kazan", format="in_person")),
        (450, dict(event_id="united_cities_forum-2023", format="online")),
        (354, dict(city_id="harare", date_start="2025-01-11", date_end="2025-01-20")),
    ],
)
def test_spot_checked_contacts(tables, line, expected):
    contacts = tables["contacts"]
    row = contacts[contacts["source_line"] == line].iloc[0]
    for column, value in expected.items():
        assert row[column] == value, (line, column)
    assert row["source_file"] == PAGE.name


def test_spheres_are_classified(tables):
    contacts = tables["contacts"].set_index("source_line")
    assert "sport" in contacts.loc[177, "spheres"].split("|")  # chess tournament
    assert "health" in contacts.loc[226, "spheres"].split("|")  # coronavirus conference
    assert "urban_planning" in contacts.loc[232, "spheres"].split("|")  # Kazanysh architecture forum


def test_rerun_reproduces_committed_csvs_byte_for_byte(tmp_path):
    report = run(default_sources(), tmp_path)
    assert not report.errors
    for spec in TABLES.values():
        if spec.written_by_ingest:
            assert (tmp_path / spec.file).read_bytes() == (ROOT / "data" / spec.file).read_bytes(), spec.file


def test_cli_prints_report(tmp_path, capsys):
    """Written, with one warning on the bundled page: Hebron's doubtful area (tests/test_plausibility.py)."""
    assert main(["--out", str(tmp_path)]) == EXIT_WRITTEN_WITH_WARNINGS
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if "[warning]" in line] == [
        line for line in out.splitlines() if "kazan_partner_cities_page4_2025.txt:294: Хеврон: area_km2" in line
    ]
    assert re.search(r"contacts\.csv\s+74", out)
    assert "kazan_partner_cities_page4_2025.txt:185" in out  # the month whose year was inferred


def test_cli_rejects_a_missing_source(tmp_path, capsys):
    assert main(["--source", str(tmp_path / "nope.txt"), "--out", str(tmp_path)]) == 2
    assert "no such source file" in capsys.readouterr().err


def _contacts_signature(rows: list[dict]) -> set[tuple]:
    return {(c["city_id"], c["date_start"], c["venue"], c["format"], c["spheres"], c["text_ru"]) for c in rows}


def test_perturbed_page_gives_the_same_rows():
    preamble, blocks = _blocks(RAW_TEXT)
    shuffled = blocks[:]
    random.Random(4).shuffle(shuffled)
    perturbed = (
        (preamble + "".join(b if b.endswith("\n") else b + "\n" for b in shuffled))
        .replace("\n", "\n\n")
        .replace("\n", "\r\n")
        .replace(" г.", "\u00a0г.")
    )
    original = parse_partner_page(RAW_TEXT, "page.txt")
    changed = parse_partner_page(perturbed, "page.txt")
    assert {c["city_id"] for c in changed.cities} == {c["city_id"] for c in original.cities}
    assert _contacts_signature(changed.contacts) == _contacts_signature(original.contacts)
    assert len(changed.agreements) == len(original.agreements)


def test_block_with_missing_fields_is_kept_and_reported():
    preamble, blocks = _blocks(RAW_TEXT)
    urbino = next(b for b in blocks if "Урбино" in b.splitlines()[0])
    stripped = "\n".join(
        line for line in urbino.splitlines() if not re.match(r"\s*(Население|Площадь города|Сайт):", line)
    )
    rows = parse_partner_page(preamble + stripped, "page.txt")
    city = rows.cities[0]
    assert city["name_en"] == "Urbino" and city["population"] is None and city["website"] == ""
    messages = [p.message for p in rows.problems]
    assert any("«population» missing" in m for m in messages)
    assert any("«website» missing" in m for m in messages)


def test_unparseable_text_is_reported_never_raised():
    text = (
        "  • Неизвестноград (Страна Чудес)\n    Развернуть Свернуть\n    Население: много\n"
        "    Совместные мероприятия, контакты:\n    Когда-то давно была встреча.\n"
    )
    rows = parse_partner_page(text, "odd.txt")
    messages = " ".join(str(p) for p in rows.problems)
    assert "unknown country «Страна Чудес»" in messages
    assert "odd.txt:3: population not understood" in messages
    assert "odd.txt:5" in messages and "no date" in messages
    assert len(rows.contacts) == 1 and rows.contacts[0]["date_start"] == ""


def test_garbage_input_yields_an_error_not_an_exception():
    rows = parse_partner_page("\x00\x01 not a page at all", "junk.txt")
    assert rows.cities == [] and any(p.level == "error" for p in rows.problems)


def _write_parts(tmp_path: Path, parts: list[str]) -> list[Path]:
    paths = []
    for i, part in enumerate(parts):
        path = tmp_path / f"part{i}.txt"
        path.write_text(part, encoding="utf-8")
        paths.append(path)
    return paths


def _ingest(paths: list[Path], out: Path) -> dict[str, pd.DataFrame]:
    report = run(paths, out)
    assert not [p for p in report.errors if "manifest" not in p.message], report.render()
    return {
        name: (out / spec.file).read_text(encoding="utf-8")
        for name, spec in TABLES.items()
        if spec.written_by_ingest and name != "sources"
    }


def test_merge_of_a_split_page_equals_the_whole(tmp_path):
    preamble, blocks = _blocks(RAW_TEXT)
    parts = [preamble + "".join(blocks[:4]), preamble + "".join(blocks[4:])]
    whole = _ingest([PAGE], tmp_path / "whole")
    merged = _ingest(_write_parts(tmp_path, parts), tmp_path / "merged")
    for name in whole:

        def strip(s: str) -> str:
            return re.sub(r"kazan_partner_cities_page4_2025\.txt|part\d\.txt", "F", s)

        whole_rows = sorted(re.sub(r",\d+\n", "\n", strip(whole[name])).splitlines())
        merged_rows = sorted(re.sub(r",\d+\n", "\n", strip(merged[name])).splitlines())
        assert len(whole_rows) == len(merged_rows), name


def test_overlapping_parts_have_no_duplicates_in_any_order(tmp_path):
    preamble, blocks = _blocks(RAW_TEXT)
    parts = [preamble + "".join(blocks[:5]), preamble + "".join(blocks[4:])]  # block 4 is on both
    paths = _write_parts(tmp_path, parts)
    forward = _ingest(paths, tmp_path / "fwd")
    backward = _ingest(list(reversed(paths)), tmp_path / "bwd")
    assert forward == backward
    whole = load_dataset(ROOT / "data")
    merged_contacts = pd.read_csv(tmp_path / "fwd" / "contacts.csv")
    assert len(merged_contacts) == len(whole.contacts)
    assert merged_contacts["contact_id"].is_unique


def test_newer_snapshot_wins_and_is_reported(tmp_path):
    preamble, blocks = _blocks(RAW_TEXT)
    harbin = next(b for b in blocks if "Харбин (" in b.splitlines()[0])
    # An older snapshot: only Harbin, as it stood before its 2025 entries, with an older population figure.
    older = (
        preamble
        + harbin.replace("Население: 9,82 млн чел. (2023 г.)", "Население: 9,5 млн чел. (2020 г.)").split(
            "    6-8 февраля 2025 года"
        )[0]
    )
    paths = _write_parts(tmp_path, [RAW_TEXT, older])
    report = run(list(reversed(paths)), tmp_path / "out")
    cities = pd.read_csv(tmp_path / "out" / "cities.csv").set_index("city_id")
    assert cities.loc["harbin", "population"] == 9_820_000
    assert any("population" in p.message and "newer" in p.message for p in report.problems)


def test_changed_or_unlisted_source_is_reported(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(DEFAULT_RAW_DIR, raw)
    page = raw / PAGE.name
    page.write_text(RAW_TEXT + "\n", encoding="utf-8")
    extra = raw / "page5.txt"
    extra.write_text(_blocks(RAW_TEXT)[0], encoding="utf-8")
    report = run([page, extra], tmp_path / "out", raw)
    messages = [str(p) for p in report.problems]
    assert any("file changed since it was listed" in m and PAGE.name in m for m in messages)
    assert any("page5.txt" in m and "no manifest entry" in m for m in messages)


def test_rerun_keeps_rows_staff_added(tmp_path):
    run(default_sources(), tmp_path)
    contacts = pd.read_csv(tmp_path / "contacts.csv", dtype=str, keep_default_na=False)
    staff = contacts.iloc[[0]].assign(
        contact_id="harbin-staff0001",
        date_start="2026-02-10",
        date_end="2026-02-10",
        date_text="10 февраля 2026 г.",
        text_ru="Визит делегации Харбина в Казань.",
        source_file="changes.log",
        source_line="",
    )
    pd.concat([contacts, staff]).to_csv(tmp_path / "contacts.csv", index=False)
    report = run(default_sources(), tmp_path)
    rerun = load_dataset(tmp_path).contacts
    assert "harbin-staff0001" in set(rerun["contact_id"])
    assert len(rerun) == len(contacts) + 1
    assert any("kept 1 row(s)" in p.message for p in report.problems)
