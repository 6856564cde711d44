"""The synthetic data generator: deterministic, sized as asked, valid for the app, and never taken for real."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cooperation.loading import load_dataset
from cooperation.schemas import TABLES
from cooperation.vocab import HOME_CITY_ID
from devtools import synthetic


@pytest.fixture(scope="module")
def real():
    return load_dataset(synthetic.REAL_DATA_DIR)


@pytest.fixture(scope="module")
def written(tmp_path_factory, real) -> Path:
    out = tmp_path_factory.mktemp("synthetic-3x")
    synthetic.write(synthetic.Request(scale=3, seed=11), out, real)
    return out


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_same_seed_gives_byte_identical_files(tmp_path, written, real):
    synthetic.write(synthetic.Request(scale=3, seed=11), tmp_path, real)
    assert _files(tmp_path) == _files(written)


def test_another_seed_gives_other_data(tmp_path, written, real):
    synthetic.write(synthetic.Request(scale=3, seed=12), tmp_path, real)
    other, same = _files(tmp_path), _files(written)
    assert other["contacts.csv"] != same["contacts.csv"]
    assert other["cities.csv"] != same["cities.csv"]


def test_every_table_is_written_and_validates(written):
    assert {spec.file for spec in TABLES.values()} <= {p.name for p in written.iterdir()}
    dataset = load_dataset(written)  # raises DataError naming file, row and column on any problem
    assert len(dataset.contacts) and len(dataset.agreements) and len(dataset.events)


@pytest.mark.parametrize("scale", [1, 10])
def test_sizes_follow_the_scale(scale, real):
    tables = synthetic.generate(synthetic.Request(scale=scale), real)
    partners = tables["cities"][tables["cities"]["role"] == "partner"]
    assert len(partners) == len(real.cities[real.cities["role"] == "partner"]) * scale
    assert len(tables["contacts"]) == len(real.contacts) * scale
    per_partner = tables["agreements"].groupby("city_id").size()
    assert set(per_partner.index) == set(partners["city_id"]) and per_partner.between(1, 2).all()


def test_contacts_override_the_scale(real):
    tables = synthetic.generate(synthetic.Request(scale=1, contacts=5_000), real)
    assert len(tables["contacts"]) == 5_000
    assert tables["contacts"]["contact_id"].is_unique


def test_everything_generated_is_marked_synthetic(written):
    dataset = load_dataset(written)
    cities = dataset.cities[dataset.cities["city_id"] != HOME_CITY_ID]
    assert cities["name_en"].str.startswith(synthetic.NAME_PREFIX_EN).all()
    assert cities["name_ru"].str.startswith(synthetic.NAME_PREFIX_RU).all()
    assert (cities["geo_source"] == "synthetic").all()
    source = "synthetic:11"
    for table in ("contacts", "agreements", "forum_sessions", "national_context", "sources"):
        assert (dataset.table(table)["source_file"] == source).all(), table
    assert (dataset.known_totals["source"] == source).all()
    assert dataset.contacts["text_ru"].str.startswith(synthetic.SYNTHETIC_MARKER).all()
    assert (written / synthetic.STAMP_FILE).exists()


def test_the_home_city_is_the_real_one(written, real):
    home = load_dataset(written).cities.set_index("city_id").loc[HOME_CITY_ID]
    assert home.equals(real.cities.set_index("city_id").loc[HOME_CITY_ID])


def test_distributions_come_from_the_real_data(real):
    contacts = synthetic.generate(synthetic.Request(scale=30), real)["contacts"]
    assert set(contacts["spheres"].astype(str)) <= set(real.contacts["spheres"])
    starts = pd.to_datetime(contacts["date_start"].astype(str))
    assert starts.dt.year.between(synthetic.FIRST_YEAR, synthetic.LAST_YEAR).all()
    real_share = (real.contacts["venue"] == "kazan").mean()
    assert abs((contacts["venue"] == "kazan").mean() - real_share) < 0.05


def test_partners_sit_inside_their_country(real):
    cities = synthetic.generate(synthetic.Request(scale=5), real)["cities"]
    borders = {c.iso2: c for c in synthetic.load_countries()}
    for row in cities[cities["role"] != "home"].itertuples():
        assert synthetic.inside(np.array([[row.lon, row.lat]]), borders[row.country_iso2].ring)[0], row.city_id


def test_refuses_the_real_data_directory(real):
    with pytest.raises(synthetic.RefusedOutput):
        synthetic.write(synthetic.Request(), synthetic.REAL_DATA_DIR, real)
    with pytest.raises(synthetic.RefusedOutput):
        synthetic.write(synthetic.Request(), synthetic.REAL_DATA_DIR / "synthetic", real)
    assert not (synthetic.REAL_DATA_DIR / synthetic.STAMP_FILE).exists()


def test_refuses_a_directory_of_someone_elses_csv_files(tmp_path, real):
    (tmp_path / "cities.csv").write_text("city_id\nkazan\n", encoding="utf-8")
    with pytest.raises(synthetic.RefusedOutput):
        synthetic.write(synthetic.Request(), tmp_path, real)
    assert (tmp_path / "cities.csv").read_text(encoding="utf-8") == "city_id\nkazan\n"


def test_rewrites_its_own_output(tmp_path, real):
    synthetic.write(synthetic.Request(seed=1), tmp_path, real)
    synthetic.write(synthetic.Request(seed=2), tmp_path, real)
    assert "synthetic:2" in (tmp_path / "contacts.csv").read_text(encoding="utf-8")


def test_cli_refuses_data_dir_with_exit_code(capsys):
    assert synthetic.main(["--out", str(synthetic.REAL_DATA_DIR)]) == 2
    assert "real data directory" in capsys.readouterr().err
