"""Edits by staff: validated like the loader, atomic, backed up, logged, safe against a killed writer and a
simultaneous save; import with a preview; and the editing page end to end under AppTest."""

from __future__ import annotations

import datetime
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import harness
import openpyxl
import pandas as pd
import pytest
from fixture_data import EDITOR_PASSWORD
from streamlit.testing.v1 import AppTest

from cooperation import auth, editing, staff
from cooperation.i18n import CATALOGUE, LANGS, t
from cooperation.loading import DATA_DIR_ENV, load_dataset
from cooperation.paths import ROOT
from cooperation.schemas import TABLES
from cooperation.ui.registry import BY_PATH

TIMEOUT = 30


def new_contact(text: str = "Тестовый визит делегации в Казань.", city: str = "tehran") -> dict[str, str]:
    return editing.contact_row(
        city_id=city,
        start=datetime.date(2025, 5, 4),
        end=None,
        precision="day",
        venue="kazan",
        venue_city="Казань",
        format="in_person",
        spheres=["culture"],
        text_ru=text,
        event_id="",
        date_text="",
        source="",
    )


def log_entries(directory: Path) -> list[dict]:
    path = directory / editing.CHANGE_LOG
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def temp_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(".*.tmp"))


# --- saving -------------------------------------------------------------------------------------------------


def test_added_contact_is_loaded_backed_up_and_logged(data_dir):
    original = (data_dir / staff.added_file("contacts")).read_bytes()
    snapshot = editing.open_table(data_dir, "contacts")
    row = new_contact()
    result = editing.add_row(data_dir, snapshot, row, "Анна")

    contacts = load_dataset(data_dir).contacts
    added = contacts[contacts["contact_id"] == row["contact_id"]]
    assert len(contacts) == len(snapshot.frame) + 1 and len(added) == 1
    assert added.iloc[0]["date_start"] == pd.Timestamp("2025-05-04")
    assert result.rows_changed == 1 and result.version == editing.open_table(data_dir, "contacts").version

    assert result.backup is not None and result.backup.parent == data_dir / editing.BACKUP_DIR
    assert result.backup.read_bytes() == original
    [entry] = log_entries(data_dir)
    assert entry["who"] == "Анна" and entry["table"] == "contacts" and entry["action"] == "add"
    assert entry["row_id"] == row["contact_id"] and entry["before"] is None
    assert entry["after"]["text_ru"] == row["text_ru"]
    assert datetime.datetime.fromisoformat(entry["when"]).utcoffset() == datetime.timedelta(0)
    assert entry["version_before"] == snapshot.version
    assert not temp_files(data_dir)


def test_the_change_log_only_grows(data_dir):
    editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), new_contact("Первая запись."), "a")
    first = (data_dir / editing.CHANGE_LOG).read_bytes()
    editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), new_contact("Вторая запись."), "b")
    assert (data_dir / editing.CHANGE_LOG).read_bytes().startswith(first)
    assert [e["who"] for e in log_entries(data_dir)] == ["a", "b"]


def test_invalid_row_writes_nothing_and_is_explained_in_both_languages(data_dir):
    before = (data_dir / "contacts.csv").read_bytes()
    row = {**new_contact(city="atlantis"), "date_end": "2024-01-01", "venue": "moon"}
    with pytest.raises(editing.EditError) as caught:
        editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), row, "Анна")
    keys = {p.key for p in caught.value.problems}
    assert {"edit.problem.unknown_ref", "edit.problem.one_of", "edit.problem.start_after_end"} <= keys
    for problem in caught.value.problems:
        assert problem.key in CATALOGUE
        ru, en = problem.message("ru"), problem.message("en")
        assert ru != en and "edit." not in ru and "edit." not in en
    assert (data_dir / "contacts.csv").read_bytes() == before
    assert not log_entries(data_dir) and not list((data_dir / editing.BACKUP_DIR).glob("*.csv"))


@pytest.mark.parametrize(
    "table, position, column, value, key",
    [
        ("contacts", 3, "date_start", "not a date", "edit.problem.not_a_date"),
        ("contacts", 0, "venue", "moon", "edit.problem.one_of"),
        ("contacts", 1, "spheres", "culture|cooking", "edit.problem.pipe_list"),
        ("contacts", 2, "text_ru", "", "edit.problem.required"),
        ("contacts", 2, "source_line", "abc", "edit.problem.not_an_integer"),
        ("contacts", 2, "contact_id", "Not An Id", "edit.problem.id_format"),
        ("contacts", 2, "city_id", "atlantis", "edit.problem.unknown_ref"),
        ("contacts", 2, "event_id", "nowhere-2020", "edit.problem.unknown_ref"),
        ("cities", 1, "lat", "123.4", "edit.problem.out_of_range"),
        ("cities", 1, "lon", "east", "edit.problem.not_a_number"),
        ("cities", 1, "country_iso2", "China", "edit.problem.format"),
        ("agreements", 0, "parties", "kazan|atlantis", "edit.problem.unknown_ref"),
        ("agreement_statuses", 0, "status", "forgotten", "edit.problem.one_of"),
    ],
)
def test_each_kind_of_problem_has_its_key_row_and_column(data_dir, table, position, column, value, key):
    frame = editing.open_table(data_dir, table).frame.copy()
    if frame.empty:  # agreement_statuses ships empty: one valid row to break
        frame = pd.DataFrame(
            [
                editing.status_row(
                    agreement_id=load_dataset(data_dir).agreements["agreement_id"][0],
                    status="active",
                    status_date=datetime.date(2024, 1, 1),
                    source="letter",
                    note="",
                    who="t",
                )
            ]
        )
    frame.loc[position, column] = value
    problems = editing.check_dataset(data_dir, {table: frame})
    assert any(
        p.key == key and p.row == position + 2 and p.column == column and p.file == TABLES[table].file for p in problems
    ), problems


def test_date_order_is_checked_across_columns(data_dir):
    frame = editing.open_table(data_dir, "contacts").frame.copy()
    frame.loc[4, ["date_start", "date_end"]] = ["2025-02-01", "2024-02-01"]
    [problem] = editing.check_dataset(data_dir, {"contacts": frame})
    assert (problem.key, problem.row) == ("edit.problem.start_after_end", 6)


def test_a_duplicate_is_reported_on_the_later_row_only(data_dir):
    frame = editing.open_table(data_dir, "contacts").frame.copy()
    frame.loc[5, "contact_id"] = frame.loc[2, "contact_id"]
    [problem] = editing.check_dataset(data_dir, {"contacts": frame})
    assert (problem.key, problem.row, problem.column) == ("edit.problem.duplicate_entry", 7, "contact_id")
    assert problem.params["first_row"] == "4", "the message names the row it repeats"
    memberships = editing.open_table(data_dir, "memberships").frame
    [problem] = editing.check_dataset(data_dir, {"memberships": pd.concat([memberships, memberships.iloc[[0]]])})
    assert problem.key == "edit.problem.duplicate" and problem.row == len(memberships) + 2
    assert problem.params["first_row"] == "2"


def test_missing_column_is_named(data_dir):
    frame = editing.open_table(data_dir, "contacts").frame.drop(columns=["venue"])
    [problem] = editing.check_dataset(data_dir, {"contacts": frame})
    assert (problem.key, problem.column) == ("edit.problem.column_missing", "venue")


def test_a_corrected_row_is_logged_with_before_and_after(data_dir):
    snapshot = editing.open_table(data_dir, "cities")
    shown = snapshot.frame[snapshot.frame["city_id"] == "hangzhou"].copy()  # the data editor's filtered view
    shown.loc[shown.index[0], "website"] = "https://www.hangzhou.gov.cn/"
    result = editing.save_table(data_dir, snapshot, editing.apply_edits(snapshot, shown), "Олег", "table")
    assert result.rows_changed == 1
    cities = load_dataset(data_dir).cities.set_index("city_id")
    assert cities.loc["hangzhou", "website"] == "https://www.hangzhou.gov.cn/"
    assert len(cities) == len(snapshot.frame)
    [entry] = log_entries(data_dir)
    assert (entry["action"], entry["row_id"], entry["via"]) == ("update", "hangzhou", "table")
    assert entry["before"]["website"] == "http://www.hangzhou.gov.cn/"
    assert entry["after"]["website"] == "https://www.hangzhou.gov.cn/"


def test_saving_no_change_writes_nothing(data_dir):
    snapshot = editing.open_table(data_dir, "contacts")
    result = editing.save_table(data_dir, snapshot, snapshot.frame.copy(), "a", "table")
    assert result.rows_changed == 0 and not log_entries(data_dir)


def test_a_file_excel_saved_is_read_and_written_back_as_utf8(data_dir):
    """Semicolons and Windows-1251, as Excel in a Russian locale saves: editable, and rewritten like the ingest.
    (A file staff keep wholly: the generated agreements.csv is never rewritten by a save, see test_staff_layer.)"""
    frame = editing.open_table(data_dir, "known_totals").frame
    (data_dir / "known_totals.csv").write_bytes(frame.to_csv(index=False, sep=";").encode("cp1251"))
    snapshot = editing.open_table(data_dir, "known_totals")
    pd.testing.assert_frame_equal(snapshot.frame, frame)
    edited = snapshot.frame.copy()
    edited.loc[0, "scope_ru"] = edited.loc[0, "scope_ru"] + " (уточнено)"
    editing.save_table(data_dir, snapshot, edited, "a", "table")
    text = (data_dir / "known_totals.csv").read_text(encoding="utf-8")
    assert text.startswith("fact_id,measure,") and "(уточнено)" in text
    assert len(load_dataset(data_dir).known_totals) == len(frame)


def test_form_rows(data_dir):
    cities = editing.open_table(data_dir, "cities").frame
    city = editing.city_row(
        {
            "city_id": "",
            "role": "partner",
            "name_ru": "Урбино-2",
            "name_en": "Urbino",
            "country_iso2": "it",
            "lat": 43.7,
            "lon": 12.6,
        },
        set(cities["city_id"]),
    )
    assert city["city_id"] == "urbino-2" and city["country_iso2"] == "IT"
    assert (city["country_ru"], city["country_en"]) == ("Италия", "Italy")
    assert city["lat"] == "43.7"
    agreements = set(editing.open_table(data_dir, "agreements").frame["agreement_id"])
    row = editing.agreement_row(
        {
            "agreement_id": "",
            "city_id": "hangzhou",
            "doc_type": "agreement",
            "year_signed": 2003,
            "parties": ["kazan", "hangzhou"],
        },
        agreements,
    )
    assert row["agreement_id"] == "hangzhou-agreement-2003-2"
    assert row["parties"] == "kazan|hangzhou" and row["year_signed"] == "2003"
    assert editing.period(datetime.date(2024, 2, 10), None, "month") == (
        datetime.date(2024, 2, 1),
        datetime.date(2024, 2, 29),
    )
    assert editing.period(datetime.date(2023, 5, 4), datetime.date(2024, 1, 9), "year") == (
        datetime.date(2023, 1, 1),
        datetime.date(2024, 12, 31),
    )
    contact = new_contact()
    assert contact["contact_id"].startswith("tehran-") and contact["date_text"] == "04.05.2025"
    assert contact["source_file"] == editing.CHANGE_LOG


def test_new_city_and_agreement_and_status_are_saved(data_dir):
    cities = editing.open_table(data_dir, "cities")
    city = editing.city_row(
        {
            "city_id": "",
            "role": "partner",
            "name_ru": "Ереван",
            "name_en": "Yerevan",
            "country_iso2": "AM",
            "lat": 40.18,
            "lon": 44.51,
        },
        set(cities.frame["city_id"]),
    )
    editing.add_row(data_dir, cities, city, "a")
    agreements = editing.open_table(data_dir, "agreements")
    agreement = editing.agreement_row(
        {
            "agreement_id": "",
            "city_id": "yerevan",
            "title_ru": "Соглашение о побратимстве",
            "doc_type": "agreement",
            "relation": "twinning",
            "year_signed": 2024,
            "year_source": "document",
            "parties": ["kazan", "yerevan"],
        },
        set(agreements.frame["agreement_id"]),
    )
    editing.add_row(data_dir, agreements, agreement, "a")
    statuses = editing.open_table(data_dir, "agreement_statuses")
    status = editing.status_row(
        agreement_id=agreement["agreement_id"],
        status="renewed",
        status_date=datetime.date(2025, 1, 15),
        source="Письмо мэрии",
        note="",
        who="a",
    )
    editing.add_row(data_dir, statuses, status, "a")
    dataset = load_dataset(data_dir)
    assert "yerevan" in set(dataset.cities["city_id"])
    assert dataset.agreement_statuses.iloc[-1]["status"] == "renewed"
    without_source = editing.status_row(
        agreement_id=agreement["agreement_id"],
        status="ended",
        status_date=datetime.date(2025, 2, 1),
        source="",
        note="",
        who="a",
    )
    with pytest.raises(editing.EditError) as caught:
        editing.add_row(data_dir, editing.open_table(data_dir, "agreement_statuses"), without_source, "a")
    assert [(p.key, p.column) for p in caught.value.problems] == [("edit.problem.required", "source")]


def test_editing_a_row_in_place(data_dir):
    snapshot = editing.open_table(data_dir, "cities")
    label = snapshot.frame.index[snapshot.frame["city_id"] == "harbin"][0]
    editing.replace_row(data_dir, snapshot, label, {"website": "https://harbin.example"}, "a")
    assert load_dataset(data_dir).cities.set_index("city_id").loc["harbin", "website"] == "https://harbin.example"


# --- concurrency and crashes --------------------------------------------------------------------------------


def edit_text(snapshot: editing.Snapshot, position: int, text: str) -> pd.DataFrame:
    frame = snapshot.frame.copy()
    frame.loc[position, "text_ru"] = text
    return frame


def test_a_save_on_a_stale_snapshot_is_refused(data_dir):
    """Issue 20: two additions on one stale snapshot both succeed; an edit of a row someone else changed is
    refused, naming who changed it and how."""
    first = editing.open_table(data_dir, "contacts")
    second = editing.open_table(data_dir, "contacts")
    editing.add_row(data_dir, first, new_contact("Запись первого сотрудника."), "first")
    editing.add_row(data_dir, second, new_contact("Запись второго сотрудника."), "second")
    both = {"Запись первого сотрудника.", "Запись второго сотрудника."}
    assert both <= set(load_dataset(data_dir).contacts["text_ru"])
    editing.save_table(data_dir, first, edit_text(first, 3, "Правка первого."), "first", "table")
    with pytest.raises(editing.ConflictError) as caught:
        editing.save_table(data_dir, second, edit_text(second, 3, "Правка второго."), "second", "table")
    assert caught.value.problems[0].key == "edit.problem.conflict"
    assert "changed since you opened it" in caught.value.problems[0].message("en")
    shown = caught.value.problems[1].message("en")
    assert "first" in shown and "Правка первого." in shown and first.frame.loc[3, "text_ru"][:20] in shown
    texts = set(load_dataset(data_dir).contacts["text_ru"])
    assert "Правка первого." in texts and "Правка второго." not in texts


def _save_at_barrier(data_dir: Path, snapshot: editing.Snapshot, text: str, barrier, results) -> None:
    barrier.wait()
    try:
        editing.save_table(data_dir, snapshot, edit_text(snapshot, 0, text), text, "table")
        results.put(("saved", text))
    except editing.ConflictError:
        results.put(("conflict", text))


def _add_at_barrier(data_dir: Path, snapshot: editing.Snapshot, text: str, barrier, results) -> None:
    barrier.wait()
    editing.add_row(data_dir, snapshot, new_contact(text), text)
    results.put(("saved", text))


@pytest.mark.parametrize("round_", range(3))
def test_two_processes_adding_at_the_same_moment_both_get_in(data_dir, round_):
    context = multiprocessing.get_context("fork")
    snapshot = editing.open_table(data_dir, "contacts")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_add_at_barrier, args=(data_dir, snapshot, f"Процесс {i}.", barrier, results))
        for i in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert sorted(results.get(timeout=5) for _ in workers) == [("saved", "Процесс 0."), ("saved", "Процесс 1.")]
    texts = list(load_dataset(data_dir).contacts["text_ru"])
    assert {"Процесс 0.", "Процесс 1."} <= set(texts) and len(texts) == len(snapshot.frame) + 2


@pytest.mark.parametrize("round_", range(3))
def test_two_processes_saving_at_the_same_moment(data_dir, round_):
    """Both opened the same version and edit the same row; exactly one save wins, the other is told; nothing is
    lost silently."""
    context = multiprocessing.get_context("fork")
    snapshot = editing.open_table(data_dir, "contacts")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_save_at_barrier, args=(data_dir, snapshot, f"Процесс {i}.", barrier, results))
        for i in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    outcomes = sorted(results.get(timeout=5) for _ in workers)
    assert [o[0] for o in outcomes] == ["conflict", "saved"], outcomes
    saved = outcomes[1][1]
    texts = list(load_dataset(data_dir).contacts["text_ru"])
    assert saved in texts and outcomes[0][1] not in texts
    assert len(texts) == len(snapshot.frame)
    assert [e["who"] for e in log_entries(data_dir)] == [saved]


def test_threads_that_retry_on_conflict_all_get_their_change_in(data_dir):
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def staff(i: int) -> None:
        barrier.wait()
        for _ in range(50):
            try:
                editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), new_contact(f"Поток {i}."), str(i))
                return
            except editing.ConflictError:
                continue
        errors.append(AssertionError(f"thread {i} never saved"))

    threads = [threading.Thread(target=staff, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    texts = set(load_dataset(data_dir).contacts["text_ru"])
    assert {f"Поток {i}." for i in range(4)} <= texts
    assert sorted(e["who"] for e in log_entries(data_dir)) == ["0", "1", "2", "3"]


def test_a_save_waits_for_the_lock_and_gives_up_clearly(data_dir, monkeypatch):
    monkeypatch.setattr(editing.saving, "LOCK_TIMEOUT_S", 0.2)
    before = (data_dir / "contacts.csv").read_bytes()
    with editing.saving._locked(data_dir):
        with pytest.raises(editing.BusyError):
            editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), new_contact(), "a")
    assert (data_dir / "contacts.csv").read_bytes() == before


def test_a_crash_between_temp_write_and_replace_leaves_the_file_intact(data_dir, monkeypatch):
    before = (data_dir / "contacts.csv").read_bytes()

    def crash(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(editing.EditError) as caught:
        editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), new_contact(), "a")
    assert caught.value.problems[0].key == "edit.problem.write_failed"
    assert "disk on fire" in caught.value.problems[0].message("ru")
    assert (data_dir / "contacts.csv").read_bytes() == before
    assert not temp_files(data_dir) and not log_entries(data_dir)
    load_dataset(data_dir)


KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import pandas as pd
    from cooperation import editing, staff

    data_dir = Path(sys.argv[1])
    snapshot = editing.open_table(data_dir, "contacts")
    bulk = pd.concat([snapshot.frame.head(1)] * 40, ignore_index=True)
    bulk["contact_id"] = [f"bulk-{i}" for i in range(len(bulk))]
    bulk["text_ru"] = "Очень длинная запись. " * 50_000  # about 2 MB a row, 80 MB in all
    huge = pd.concat([snapshot.frame, bulk], ignore_index=True)
    real_fsync = os.fsync

    def stall(fd):
        real_fsync(fd)
        print("temp file written", flush=True)
        time.sleep(120)

    os.fsync = stall
    editing.save_table(data_dir, snapshot, huge, "doomed", "table")
""")


def test_a_writer_killed_mid_save_leaves_the_original_intact_and_loadable(data_dir):
    before = (data_dir / "contacts.csv").read_bytes()
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(data_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        line = writer.stdout.readline()
        assert line.strip() == "temp file written", writer.stderr.read()
        [temp] = temp_files(data_dir)
        assert temp.stat().st_size > 50_000_000, "the writer is killed with a huge payload half-saved"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        writer.kill()
    assert writer.returncode == -signal.SIGKILL
    assert (data_dir / "contacts.csv").read_bytes() == before
    assert len(load_dataset(data_dir).contacts) == len(pd.read_csv(io.BytesIO(before)))
    assert not log_entries(data_dir)
    # The dead writer's lock went with it, and the next save clears its temporary file.
    editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), new_contact(), "survivor")
    assert not temp_files(data_dir)
    assert [e["who"] for e in log_entries(data_dir)] == ["survivor"]


# --- import -------------------------------------------------------------------------------------------------


def import_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "city_id": "tehran",
                "date_start": "04.05.2025",
                "text_ru": "Делегация Тегерана посетила выставку в Казани.",
            },
            {"city_id": "atlantis", "date_start": "2025-05-05", "text_ru": "Визит из несуществующего города."},
            {"city_id": "harbin", "date_start": "31.02.2025", "text_ru": "Дата, которой не бывает."},
            {
                "city_id": "hefei",
                "date_start": "2025-06-01",
                "date_end": "2025-06-03",
                "venue": "partner",
                "format": "online",
                "spheres": "education|culture",
                "text_ru": "Онлайн-семинар по образованию.",
            },
            {
                "city_id": "tehran",
                "date_start": "2025-07-01",
                "text_ru": "Делегация Тегерана посетила выставку в Казани.",
            },
        ]
    )


def test_import_from_a_russian_excel_csv_previews_every_row(data_dir):
    data = import_frame().assign(note="ignored").to_csv(index=False, sep=";").encode("cp1251")
    preview = editing.preview_import(data, "новые.csv", data_dir)
    assert not preview.file_problems and preview.ignored_columns == ["note"]
    assert set(preview.problems) == {1, 2, 4}
    assert [(p.key, p.row, p.column, p.file) for p in preview.problems[1]] == [
        ("edit.problem.unknown_ref", 3, "city_id", "новые.csv")
    ]
    [impossible] = preview.problems[2]  # one cause, one message, quoting what was typed
    assert (
        impossible.message("en")
        == "новые.csv, row 4, column “date_start” (Start date): 31.02.2025: there is no 31 February"
    )
    assert impossible.message("ru").endswith("31.02.2025: в феврале нет 31-го числа")
    [repeated] = preview.problems[4]
    assert (repeated.key, repeated.params["first_row"]) == ("edit.problem.duplicate_entry_in_file", "2"), (
        "the same entry twice in one file names the row it repeats"
    )
    first = preview.rows.iloc[0]
    assert (first["date_start"], first["date_end"], first["date_precision"]) == ("2025-05-04", "2025-05-04", "day")
    assert first["venue"] == "kazan" and first["spheres"], "classified from the text like the ingest does"
    assert (first["source_file"], first["source_line"]) == ("новые.csv", "2")
    assert list(preview.valid.index) == [0, 3]
    assert (data_dir / "contacts.csv").read_bytes() == (ROOT / "data" / "contacts.csv").read_bytes(), (
        "a preview writes nothing"
    )

    snapshot = editing.open_table(data_dir, "contacts")
    result = editing.import_rows(data_dir, snapshot, preview.valid, "Импортёр")
    assert result.rows_changed == 2
    contacts = load_dataset(data_dir).contacts
    assert len(contacts) == len(snapshot.frame) + 2
    assert {e["via"] for e in log_entries(data_dir)} == {"import"}
    again = editing.preview_import(data, "новые.csv", data_dir)
    assert again.problems[0][0].key == "edit.problem.duplicate_entry", "a second import of the same rows is caught"
    assert again.problems[0][0].params["first_row"] == str(len(snapshot.frame) + 2), "the row in contacts.csv"


def test_import_of_invalid_rows_writes_nothing(data_dir):
    preview = editing.preview_import(import_frame().to_csv(index=False).encode(), "x.csv", data_dir)
    before = (data_dir / "contacts.csv").read_bytes()
    with pytest.raises(editing.EditError):
        editing.import_rows(data_dir, editing.open_table(data_dir, "contacts"), preview.rows, "a")
    assert (data_dir / "contacts.csv").read_bytes() == before and not log_entries(data_dir)


def test_import_from_an_excel_workbook_with_date_cells(data_dir):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["city_id", "date_start", "text_ru", "spheres"])
    sheet.append(["qiqihar", datetime.datetime(2025, 3, 14), "Спортсмены Цицикара на турнире в Казани.", "sport"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = editing.preview_import(buffer.getvalue(), "contacts.xlsx", data_dir)
    assert not preview.file_problems and not preview.problems, preview
    assert preview.rows.iloc[0]["date_start"] == "2025-03-14"
    assert preview.rows.iloc[0]["spheres"] == "sport"


@pytest.mark.parametrize(
    "data, filename, key",
    [
        (b"date_start;venue\n2025-01-01;kazan\n", "no_text.csv", "edit.problem.column_missing"),
        (b"city_id,text_ru\n", "header_only.csv", "edit.problem.no_rows"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary.csv", "edit.problem.binary"),
        (b"PK\x03\x04 not really a workbook", "broken.xlsx", "edit.problem.not_a_workbook"),
    ],
)
def test_an_unusable_import_file_is_explained(data_dir, data, filename, key):
    preview = editing.preview_import(data, filename, data_dir)
    assert key in {p.key for p in preview.file_problems}
    assert preview.valid.empty


def test_an_import_too_big_to_preview_is_refused(data_dir, monkeypatch):
    monkeypatch.setattr(editing.imports, "MAX_IMPORT_ROWS", 3)
    preview = editing.preview_import(import_frame().to_csv(index=False).encode(), "big.csv", data_dir)
    assert [p.key for p in preview.file_problems] == ["edit.problem.too_many_rows"]


# --- the page -----------------------------------------------------------------------------------------------


def run_page(path: str, lang: str = "en") -> AppTest:
    return harness.run(BY_PATH[path].key, lang=lang)


def healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for element in (*at.markdown, *at.error, *at.caption):
        assert "Traceback" not in str(element.value)


@pytest.mark.parametrize("lang", LANGS)
def test_page_without_an_account_is_read_only(data_dir, monkeypatch, tmp_path, lang):
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    monkeypatch.setenv(auth.EDITORS_ENV, str(tmp_path / "no-editors.toml"))
    at = run_page("views/data/data.py", lang)
    healthy(at)
    assert at.title[0].value == t("data.title", lang)
    assert t("signin.read_only", lang) in [i.value for i in at.info]
    assert not [w for w in at.text_input if w.key == "signin_secret"] and not at.tabs


def test_page_sign_in_add_contact_and_the_dashboard_shows_it(data_dir, monkeypatch, editors):
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    timeline = run_page("views/timeline.py")
    rows_before = [c.value for c in timeline.caption if c.value.startswith("Rows:")]

    at = run_page("views/data/data_add.py")
    healthy(at)
    assert not at.tabs, "nothing editable before signing in"
    at.text_input(key="signin_name").input("анна")
    at.text_input(key="signin_secret").input("battery staple")
    at.button(key="signin_submit").click().run()
    assert [e.value for e in at.error] == [t("signin.failed", "en")]
    at.text_input(key="signin_secret").input(EDITOR_PASSWORD)
    at.button(key="signin_submit").click().run()
    healthy(at)
    assert len(at.tabs) == 4 and not at.error

    at.selectbox(key="ct_city").set_value("tehran")
    at.text_input(key="ct_start").input("04.05.2025")
    at.multiselect(key="ct_spheres").select("culture")
    at.text_area(key="ct_text").input("Визит <script>alert(1)</script> делегации.")
    at.button(key="ct_submit").click().run()
    healthy(at)
    assert [s.value for s in at.success] == ["Saved to contacts.csv: 1 row changed."]
    assert log_entries(data_dir)[0]["who"] == "Анна"

    # The dashboard's dataset cache is keyed on the files' mtimes: the new contact shows without a restart.
    timeline.run()
    rows_after = [c.value for c in timeline.caption if c.value.startswith("Rows:")]
    assert rows_before and rows_after and rows_after != rows_before
    assert int(rows_after[0].split()[-1]) == int(rows_before[0].split()[-1]) + 1


def test_page_explains_a_rejected_form_in_the_users_language(data_dir, monkeypatch, editors):
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = run_page("views/data/data_add.py", "ru")
    at.text_input(key="signin_name").input("Анна")
    at.text_input(key="signin_secret").input(EDITOR_PASSWORD)
    at.button(key="signin_submit").click().run()
    at.button(key="ct_submit").click().run()  # nothing filled in
    healthy(at)
    assert t("data.not_saved", "ru") in [e.value for e in at.error]
    shown = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert shown == [
        "- Выберите город.\n- Укажите дату начала или отметьте «Дата неизвестна».\n"
        "- Выберите хотя бы одну сферу.\n- Напишите текст записи."
    ], shown
    assert not log_entries(data_dir)


# --- broken files after a restart ---------------------------------------------------------------------------


def break_contact_date(data_dir: Path) -> None:
    """A column gone (a bad cell only sets its row aside, see test_set_aside.py): the table cannot be used."""
    contacts = pd.read_csv(data_dir / "contacts.csv", dtype=str, keep_default_na=False)
    contacts.drop(columns=["date_start"]).to_csv(data_dir / "contacts.csv", index=False)


def signed_in(at: AppTest) -> AppTest:
    at.text_input(key="signin_name").input("Анна")
    at.text_input(key="signin_secret").input(EDITOR_PASSWORD)
    return at.button(key="signin_submit").click().run()


def test_with_broken_files_and_no_good_copy_pages_point_to_the_data_page_which_opens(data_dir, monkeypatch, editors):
    """The first load after a restart fails: no page has data to show, but the data page, where the files are
    fixed, opens, names the problem and offers its tools; once the file is fixed the dashboard is back."""
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    original = (data_dir / "contacts.csv").read_bytes()
    break_contact_date(data_dir)

    timeline = run_page("views/timeline.py", "en")
    healthy(timeline)
    assert [e.value for e in timeline.error] == [t("error.data", "en")]
    assert "contacts.csv, column “date\\_start” (Start date)" in " ".join(m.value for m in timeline.markdown)
    assert [link.proto.label for link in timeline.get("page_link")] == [t("error.fix_on_data_page", "en")]
    assert not timeline.dataframe and not timeline.get("vega_lite_chart")
    russian = run_page("views/timeline.py", "ru")
    assert "contacts.csv, столбец «date\\_start» (Дата начала)" in " ".join(m.value for m in russian.markdown)

    at = signed_in(run_page("views/data/data_add.py", "en"))
    healthy(at)
    assert t("error.data", "en") in [e.value for e in at.error]
    assert t("data.broken_hint", "en") in [i.value for i in at.info]
    assert len(at.tabs) == 4
    export = run_page("views/data/data_export.py", "en")
    assert export.get("download_button")[1].proto.disabled  # no workbook from data that does not load

    (data_dir / "contacts.csv").write_bytes(original)
    healthy(timeline.run())
    assert not timeline.error and timeline.dataframe


def test_a_file_too_broken_to_open_is_named_on_its_tab(data_dir, monkeypatch, editors):
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    (data_dir / "contacts.csv").write_text('contact_id,city_id\n"c1,harbin\n', encoding="utf-8")
    at = signed_in(run_page("views/data/data_correct.py", "ru"))
    at.selectbox(key="fix_table").set_value("contacts").run()
    healthy(at)
    assert t("data.unreadable", "ru") in [e.value for e in at.error]
