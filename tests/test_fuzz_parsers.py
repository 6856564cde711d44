"""Property-based tests (hypothesis) of everything that reads text nobody controls.

The loader on any bytes raises nothing but DataError (the app shows a DataError as "file, row, column"; any
other exception is a crash). The partner-page parser never raises on any text: a new snapshot of the city's
website must give a report, not a traceback. The import preview never raises on any upload.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_data import copy_data
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cooperation import editing
from cooperation.ingest.partners import parse_partner_page
from cooperation.loading import DataError, read_table, validate_tables
from cooperation.paths import ROOT
from cooperation.schemas import TABLES

RAW_PAGE = ROOT / "data" / "raw" / "kazan_partner_cities_page4_2025.txt"
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

CONTACTS_HEADER = ",".join(TABLES["contacts"].columns)
CITIES_HEADER = ",".join(TABLES["cities"].columns)
# Cells that are the edge of something: types, separators, quoting, encodings, the values the schema knows.
TRICKY_CELLS = [
    "",
    " ",
    "2025-01-01",
    "01.02.2025",
    "2025-13-45",
    "kazan",
    "tehran",
    "atlantis",
    "culture",
    "culture|sport",
    "in_person",
    '"',
    '""',
    '"a,b"',
    ";",
    ",",
    "\r",
    "\n",
    "\t",
    "\x00",
    "1,5",
    "1.5",
    "nan",
    "NaN",
    "NULL",
    "-1",
    "1e400",
    "95",
    "-181",
    "Ё",
    "«»",
    "\ufeff",
    "<script>",
    "=1+1",
]
cells = st.one_of(st.sampled_from(TRICKY_CELLS), st.text(max_size=10))


@st.composite
def csv_like(draw: st.DrawFn) -> bytes:
    """A header (real, truncated, widened or junk), rows of any width, either separator, any of three encodings."""
    header = draw(
        st.sampled_from(
            [CONTACTS_HEADER, CITIES_HEADER, CONTACTS_HEADER + ",extra", CONTACTS_HEADER.rsplit(",", 3)[0], "", "a,b"]
        )
    )
    separator = draw(st.sampled_from([",", ";"]))
    width = header.count(",") + 1
    rows = draw(st.lists(st.lists(cells, min_size=max(width - 2, 0), max_size=width + 2), max_size=4))
    text = header.replace(",", separator) + "\n" + "\n".join(separator.join(row) for row in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]))
    return text.encode(encoding, errors="replace")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_data(tmp_path_factory.mktemp("fuzz") / "data")


@SETTINGS
@given(data=st.one_of(csv_like(), st.binary(max_size=400)), table=st.sampled_from(["contacts", "cities"]))
def test_the_loader_raises_only_data_error(data_dir: Path, data: bytes, table: str) -> None:
    """The loader's path for one file — read_table, then validate_tables — as load_dataset runs it per file
    (the whole dataset per example would cost a second each)."""
    path = data_dir / TABLES[table].file
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        validate_tables({table: read_table(data_dir, table)})
    except DataError as exc:
        assert exc.problems and all(p.file == TABLES[table].file for p in exc.problems)
    finally:
        path.write_bytes(original)


@settings(SETTINGS, max_examples=40)  # each preview validates the whole dataset
@given(data=st.one_of(csv_like(), st.binary(max_size=400)), suffix=st.sampled_from([".csv", ".xlsx"]))
@example(data=(CONTACTS_HEADER + "\n" + "," * len(TABLES["contacts"].columns)).encode(), suffix=".csv")
def test_the_import_preview_never_raises(data_dir: Path, data: bytes, suffix: str) -> None:
    before = (data_dir / "contacts.csv").read_bytes()
    preview = editing.preview_import(data, f"upload{suffix}", data_dir)
    assert set(preview.problems) <= set(range(len(preview.rows)))
    for problem in [*preview.file_problems, *(p for ps in preview.problems.values() for p in ps)]:
        assert problem.message("ru") and problem.message("en")
    assert (data_dir / "contacts.csv").read_bytes() == before


def _page_lines() -> list[str]:
    return RAW_PAGE.read_text(encoding="utf-8").splitlines()


@st.composite
def page_like(draw: st.DrawFn) -> str:
    """Real lines of the partner-list snapshot, dropped, repeated, reordered, cut mid-word or mixed with noise:
    what the next scrape of a changed page may look like."""
    lines = _page_lines()
    start = draw(st.integers(0, len(lines) - 1))
    chosen = lines[start : start + draw(st.integers(1, 120))]
    mutated = []
    for line in chosen:
        action = draw(st.sampled_from(["keep", "keep", "keep", "drop", "cut", "noise", "twice"]))
        if action == "keep":
            mutated.append(line)
        elif action == "cut":
            mutated.append(line[: draw(st.integers(0, max(len(line), 0)))])
        elif action == "noise":
            mutated.append(draw(st.text(max_size=40)))
        elif action == "twice":
            mutated += [line, line]
    if draw(st.booleans()):
        mutated = draw(st.permutations(mutated))
    return "\n".join(mutated)


@SETTINGS
@given(text=st.one_of(page_like(), st.text(max_size=2000)))
def test_the_partner_page_parser_never_raises(text: str) -> None:
    rows = parse_partner_page(text, "fuzz.txt")
    assert rows.source_file == "fuzz.txt"
    for contact in rows.contacts:
        assert contact["contact_id"] and contact["city_id"]


@settings(SETTINGS, max_examples=20)
@given(data=csv_like(), broken=st.sampled_from(["contacts", "cities"]), upload=csv_like())
def test_the_import_preview_never_raises_on_a_broken_dataset(
    data_dir: Path, data: bytes, broken: str, upload: bytes
) -> None:
    """Staff may import while a table on disk is broken: the preview names the table, it does not crash."""
    path = data_dir / TABLES[broken].file
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        editing.preview_import(upload, "upload.csv", data_dir)
    finally:
        path.write_bytes(original)
