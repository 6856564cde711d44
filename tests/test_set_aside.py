"""Bad rows set aside, the rest shown: the loader keeps every valid row and names each one it left out.

The case of the issue: after a restart on a copy where one contact has an unparseable date and one city a
latitude of 999, every page renders in both languages with all the other rows, and one banner names both
problems by file, spreadsheet row and header column; the data page lists them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from harness import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cooperation.i18n import LANGS
from cooperation.loading import (
    DATA_DIR_ENV,
    DataError,
    load_dataset,
    read_table,
    set_aside_invalid_rows,
    set_aside_summary,
    set_aside_table,
)
from cooperation.schemas import TABLES
from cooperation.ui.registry import PAGES, PageSpec
from tests.test_fuzz_parsers import csv_like

BROKEN_CONTACT = 3  # frame position; spreadsheet row 5
BROKEN_CITY = "hebron"


def _edit(data_dir: Path, name: str, position: int, column: str, value: str) -> None:
    frame = pd.read_csv(data_dir / TABLES[name].file, dtype=str, keep_default_na=False)
    frame.loc[position, column] = value
    frame.to_csv(data_dir / TABLES[name].file, index=False)


def _city_position(data_dir: Path, city_id: str) -> int:
    cities = pd.read_csv(data_dir / "cities.csv", dtype=str, keep_default_na=False)
    return int(cities.index[cities["city_id"] == city_id][0])


@pytest.fixture()
def broken(data_dir: Path) -> Path:
    _edit(data_dir, "contacts", BROKEN_CONTACT, "date_start", "not a date")
    _edit(data_dir, "cities", _city_position(data_dir, BROKEN_CITY), "lat", "999")
    return data_dir


def test_valid_rows_are_kept_and_invalid_ones_set_aside(broken, dataset):
    loaded = load_dataset(broken, set_aside_invalid=True)
    hebron_contacts = dataset.contacts[dataset.contacts["city_id"] == BROKEN_CITY]
    broken_id = dataset.contacts.iloc[BROKEN_CONTACT]["contact_id"]
    assert len(loaded.contacts) == len(dataset.contacts) - 1 - len(hebron_contacts)
    assert broken_id not in set(loaded.contacts["contact_id"])
    assert BROKEN_CITY not in set(loaded.cities["city_id"])
    assert len(loaded.cities) == len(dataset.cities) - 1
    pd.testing.assert_frame_equal(loaded.events, dataset.events)  # a table without problems is whole
    by_cell = {(r.file, r.row, r.column): r for r in loaded.set_aside}
    date = by_cell[("contacts.csv", BROKEN_CONTACT + 2, "date_start")]
    assert (date.value, date.expected) == ("not a date", "date")
    lat = by_cell[("cities.csv", _city_position(broken, BROKEN_CITY) + 2, "lat")]
    assert (lat.value, lat.expected, dict(lat.params)) == ("999", "range", {"low": "-90", "high": "90"})


def test_what_depends_on_a_set_aside_row_is_set_aside_and_says_so(broken, dataset):
    loaded = load_dataset(broken, set_aside_invalid=True)
    city_row = str(_city_position(broken, BROKEN_CITY) + 2)
    dependents = [r for r in loaded.set_aside if r.expected == "depends"]
    assert {r.file for r in dependents} == {"contacts.csv", "agreements.csv"}
    assert all(dict(r.params) == {"depends_file": "cities.csv", "depends_row": city_row} for r in dependents)
    hebron_rows = {int(i) + 2 for i in dataset.contacts.index[dataset.contacts["city_id"] == BROKEN_CITY]}
    assert {r.row for r in dependents if r.file == "contacts.csv"} == hebron_rows
    line = next(x for x in set_aside_summary(loaded.set_aside, "en") if "contacts.csv" in x and "City" in x)
    assert f"set aside with cities.csv, row {city_row}" in line


def test_a_key_resolving_nowhere_sets_the_row_aside(data_dir, dataset):
    _edit(data_dir, "contacts", 6, "city_id", "atlantis")
    loaded = load_dataset(data_dir, set_aside_invalid=True)
    [row] = loaded.set_aside
    assert (row.file, row.row, row.column, row.value, row.expected) == (
        "contacts.csv",
        8,
        "city_id",
        "atlantis",
        "reference",
    )
    assert len(loaded.contacts) == len(dataset.contacts) - 1


def test_the_strict_loader_still_refuses_and_a_file_that_is_no_table_still_stops(broken, data_dir):
    with pytest.raises(DataError):
        load_dataset(broken)
    (broken / "contacts.csv").write_text(
        ",".join(c for c in TABLES["contacts"].columns if c != "venue") + "\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        load_dataset(broken, set_aside_invalid=True)
    assert caught.value.problems[0].column == "venue"


def test_the_banner_counts_rows_and_names_file_row_header_and_label(broken):
    loaded = load_dataset(broken, set_aside_invalid=True)
    rows = len({(r.file, r.row) for r in loaded.set_aside})
    city_row = _city_position(broken, BROKEN_CITY) + 2
    en = set_aside_summary(loaded.set_aside, "en")
    assert en[0].startswith(f"{rows} rows set aside")
    assert "contacts.csv, row 5, column date_start (Start date): «not a date» — a date" in "\n".join(en)
    assert f"cities.csv, row {city_row}, column lat (Latitude): «999» — a number from -90 to 90" in "\n".join(en)
    ru = "\n".join(set_aside_summary(loaded.set_aside, "ru"))
    assert "contacts.csv, строка 5, столбец date_start (Дата начала): «not a date»" in ru
    table = set_aside_table(loaded.set_aside, "ru")
    assert list(table.columns) == ["Файл", "Строка", "Столбец", "Поле", "Значение", "Что ожидается"]
    assert len(table) == len(loaded.set_aside)


def test_a_duplicate_id_sets_both_rows_aside_and_keeps_the_rest(data_dir, dataset):
    frames = {
        name: pd.read_csv(data_dir / spec.file, dtype=str, keep_default_na=False)
        for name, spec in TABLES.items()
        if (data_dir / spec.file).exists()
    }
    frames["contacts"].loc[6, "contact_id"] = frames["contacts"].loc[5, "contact_id"]
    kept, aside = set_aside_invalid_rows(frames)
    assert {(r.row, r.expected) for r in aside if r.file == "contacts.csv"} == {(7, "unique"), (8, "unique")}
    assert len(kept["contacts"]) == len(dataset.contacts) - 2


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_every_page_renders_with_the_rest_and_one_banner(broken, monkeypatch, spec: PageSpec, lang):
    monkeypatch.setenv(DATA_DIR_ENV, str(broken))
    at = run(spec.key, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    banners = [w.value for w in at.warning if "contacts.csv" in str(w.value)]
    assert len(banners) == 1, banners
    row, column = ("row", "column") if lang == "en" else ("строка", "столбец")
    city_row = _city_position(broken, BROKEN_CITY) + 2
    assert f"contacts.csv, {row} 5, {column} date\\_start" in banners[0]
    assert f"cities.csv, {row} {city_row}, {column} lat" in banners[0]
    if spec.key == "data_correct":
        listed = next(df.value for df in at.dataframe if "contacts.csv" in set(df.value.iloc[:, 0]))
        assert {"contacts.csv", "cities.csv"} <= set(listed.iloc[:, 0])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.one_of(csv_like(), st.binary(max_size=400)), table=st.sampled_from(["contacts", "cities"]))
def test_setting_rows_aside_raises_only_data_error_and_keeps_only_valid_rows(tmp_path_factory, data, table):
    """Whatever a file holds, the dashboard's loader either keeps rows that pass the schema or names the file."""
    data_dir = tmp_path_factory.mktemp("fuzz_aside")
    (data_dir / TABLES[table].file).write_bytes(data)
    try:
        kept, aside = set_aside_invalid_rows({table: read_table(data_dir, table)})
    except DataError as exc:
        assert exc.problems and all(p.file == TABLES[table].file for p in exc.problems)
        return
    TABLES[table].schema.validate(kept[table])
    assert all(r.file == TABLES[table].file and r.row >= 2 for r in aside)
