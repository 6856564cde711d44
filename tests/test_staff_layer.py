"""The staff layer (issue 16) and the write path the ingest shares with the Data page (issues 20, 21).

On copies of the bundled data: what staff add, correct, remove and record survives ingest reruns byte for
byte; a newer snapshot that changes a corrected field keeps the staff value and says so; undo brings back the
sources' value; the ingest and a save share one lock and one all-or-nothing commit, a writer killed at any
point leaves a dataset that loads, and every write failure is reported in words.
"""

from __future__ import annotations

import datetime
import errno
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from fixture_data import copy_data

from cooperation import editing, staff, storage
from cooperation.ingest.build import DEFAULT_RAW_DIR, default_sources, run
from cooperation.loading import load_dataset
from cooperation.paths import ENTRY, ROOT
from cooperation.schemas import TABLES
from cooperation.serve import app_test

PAGE = DEFAULT_RAW_DIR / "kazan_partner_cities_page4_2025.txt"
GENERATED = [spec.file for spec in TABLES.values() if spec.written_by_ingest]


def every_file(directory: Path) -> dict[str, bytes]:
    """The bytes of every table and staff file: what "nothing else changed" is checked against."""
    files = [*(spec.file for spec in TABLES.values()), *staff.layer_files()]
    return {f: (directory / f).read_bytes() for f in files if (directory / f).exists()}


def log_entries(directory: Path) -> list[dict]:
    path = directory / storage.CHANGE_LOG
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def new_contact(text: str = "Визит делегации Харбина в Казань.") -> dict[str, str]:
    return editing.contact_row(
        city_id="harbin",
        start=datetime.date(2026, 2, 10),
        end=None,
        precision="day",
        venue="kazan",
        venue_city="Казань",
        format="in_person",
        spheres=["economy"],
        text_ru=text,
        event_id="",
        date_text="",
        source="",
    )


def correct(
    data_dir: Path, table: str, row_id: str, column: str, value: str, who: str = "Анна", why: str = "по письму партнёра"
) -> editing.SaveResult:
    snapshot = editing.open_table(data_dir, table)
    frame = snapshot.frame.copy()
    label = frame.index[staff.row_ids(table, frame) == row_id][0]
    frame.loc[label, column] = value
    return editing.save_table(data_dir, snapshot, frame, who, "table", why)


def remove(data_dir: Path, table: str, row_id: str) -> editing.SaveResult:
    snapshot = editing.open_table(data_dir, table)
    frame = snapshot.frame
    return editing.save_table(data_dir, snapshot, frame[staff.row_ids(table, frame) != row_id], "Олег", "table")


def first_contact(data_dir: Path, city: str) -> str:
    contacts = editing.open_table(data_dir, "contacts").frame
    return contacts.loc[contacts["city_id"] == city, "contact_id"].iloc[0]


@pytest.fixture()
def staffed(data_dir: Path) -> dict[str, str]:
    """A correction to an ingested contact, an added contact, a removed contact and a recorded status."""
    corrected, removed = first_contact(data_dir, "harbin"), first_contact(data_dir, "tehran")
    correct(data_dir, "contacts", corrected, "spheres", "economy|culture")
    added = new_contact()
    editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), added, "Анна")
    remove(data_dir, "contacts", removed)
    agreement = load_dataset(data_dir).agreements["agreement_id"].iloc[0]
    status = editing.status_row(
        agreement_id=agreement,
        status="suspended",
        status_date=datetime.date(2026, 3, 1),
        source="Письмо мэрии",
        note="",
        who="Анна",
    )
    editing.add_row(data_dir, editing.open_table(data_dir, "agreement_statuses"), status, "Анна")
    return {"corrected": corrected, "removed": removed, "added": added["contact_id"], "agreement": agreement}


def assert_staff_facts_hold(data_dir: Path, facts: dict[str, str]) -> None:
    dataset = load_dataset(data_dir)
    contacts = dataset.contacts.set_index("contact_id")
    assert contacts.loc[facts["corrected"], "spheres"] == "economy|culture"
    assert facts["added"] in contacts.index and facts["removed"] not in contacts.index
    statuses = dataset.agreement_statuses
    assert (statuses["agreement_id"] == facts["agreement"]).any() and statuses["status"].iloc[-1] == "suspended"


# --- the layers -----------------------------------------------------------------------------------------------


def test_a_save_writes_staff_facts_never_a_generated_file(data_dir):
    generated = {f: (data_dir / f).read_bytes() for f in GENERATED}
    row = first_contact(data_dir, "harbin")
    source = editing.open_table(data_dir, "contacts").frame.set_index("contact_id").loc[row, "spheres"]
    correct(data_dir, "contacts", row, "spheres", "economy|culture")
    editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), new_contact(), "Анна")
    remove(data_dir, "contacts", first_contact(data_dir, "tehran"))
    assert {f: (data_dir / f).read_bytes() for f in GENERATED} == generated
    [correction] = pd.read_csv(data_dir / staff.CORRECTIONS, dtype=str, keep_default_na=False).to_dict("records")
    assert (correction["table"], correction["row_id"], correction["column"]) == ("contacts", row, "spheres")
    assert (correction["value"], correction["source_value"]) == ("economy|culture", source)
    assert (correction["who"], correction["why"]) == ("Анна", "по письму партнёра")
    assert datetime.datetime.fromisoformat(correction["when"]).utcoffset() == datetime.timedelta(0)
    added = pd.read_csv(data_dir / staff.added_file("contacts"), dtype=str, keep_default_na=False)
    assert list(added["added_by"]) == ["Анна"] and list(added["city_id"]) == ["harbin"]
    removed = pd.read_csv(data_dir / staff.REMOVED, dtype=str, keep_default_na=False)
    assert list(removed["row_id"]) == [first_contact(ROOT / "data", "tehran")]
    assert [e["written_to"] for e in log_entries(data_dir)] == [
        staff.CORRECTIONS,
        staff.added_file("contacts"),
        staff.REMOVED,
    ]


def test_staff_facts_survive_two_ingest_reruns_byte_for_byte(data_dir, staffed):
    before = every_file(data_dir)
    for _ in range(2):
        report = run(default_sources(), data_dir)
        assert not report.errors, report.render()
        assert every_file(data_dir) == before, "nothing else changed, so no file changed"
        assert_staff_facts_hold(data_dir, staffed)
    assert not [p for p in report.problems if "conflict" in p.message]
    assert [e["action"] for e in log_entries(data_dir)] == ["update", "add", "delete", "add"], (
        "a rebuild that changes nothing writes nothing, not even a log line"
    )


def test_the_same_tables_whichever_wrote_last(data_dir, staffed):
    after_saves = load_dataset(data_dir)
    run(default_sources(), data_dir)
    after_ingest = load_dataset(data_dir)
    for name in TABLES:
        pd.testing.assert_frame_equal(after_saves.table(name), after_ingest.table(name))
    assert editing.open_table(data_dir, "contacts").frame.equals(editing.open_table(data_dir, "contacts").frame), (
        "the Data page reads the same merged table"
    )
    shown = editing.open_table(data_dir, "contacts").frame
    assert set(shown["contact_id"]) == set(after_ingest.contacts["contact_id"])


def assert_written(report) -> None:
    """Written, with at most the manifest's note that the snapshot is not the listed one."""
    assert not [p for p in report.errors if "manifest" not in p.message], report.render()


def newer_snapshot(tmp_path: Path, old: str, new: str) -> Path:
    text = PAGE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    page = tmp_path / "snapshot" / PAGE.name
    page.parent.mkdir()
    page.write_text(text.replace(old, new), encoding="utf-8")
    return page


def test_a_snapshot_that_changes_a_corrected_field_keeps_the_staff_value_and_says_so(data_dir, tmp_path):
    cities = editing.open_table(data_dir, "cities").frame.set_index("city_id")
    city = cities.index[cities["population"] == "15000"][0]
    correct(data_dir, "cities", city, "population", "14500", who="Олег")
    page = newer_snapshot(tmp_path, "Население: 15 тыс. чел. (2021 г.)", "Население: 16 тыс. чел. (2021 г.)")
    report = run([page], data_dir)
    assert_written(report)
    generated = pd.read_csv(data_dir / "cities.csv", dtype=str, keep_default_na=False).set_index("city_id")
    assert generated.loc[city, "population"] == "16000", "the generated table follows the new snapshot"
    assert load_dataset(data_dir).cities.set_index("city_id").loc[city, "population"] == 14500
    [conflict] = [str(p) for p in report.problems if "conflict" in p.message]
    assert all(s in conflict for s in ("cities.csv", city, "population", "«16000»", "«15000»", "«14500»", "Олег"))
    history = editing.row_history(data_dir, "cities", city)
    assert list(zip(history["kind"], history["value"])) == [("source", "16000"), ("correction", "14500")]
    editing.undo_correction(data_dir, "cities", city, "population", "Олег")
    assert load_dataset(data_dir).cities.set_index("city_id").loc[city, "population"] == 16000
    assert not [p for p in run([page], data_dir).problems if "conflict" in p.message]


def test_undo_restores_the_source_value_and_history_shows_each_correction(data_dir):
    original = every_file(data_dir)
    row = first_contact(data_dir, "harbin")
    source = editing.open_table(data_dir, "contacts").frame.set_index("contact_id").loc[row, "venue"]
    first, second = [v for v in ("kazan", "partner", "other") if v != source][:2]
    correct(data_dir, "contacts", row, "venue", first, who="Анна")
    correct(data_dir, "contacts", row, "venue", second, who="Олег", why="встреча в Москве")
    history = editing.row_history(data_dir, "contacts", row)
    assert list(history["kind"]) == ["source", "correction", "correction"]
    assert list(history["value"]) == [source, first, second]
    assert list(history["who"]) == ["", "Анна", "Олег"] and history["why"].iloc[-1] == "встреча в Москве"
    assert all(history["when"].iloc[1:])
    assert editing.corrected_rows(data_dir, "contacts") == [row]
    editing.undo_correction(data_dir, "contacts", row, "venue", "Олег")
    assert load_dataset(data_dir).contacts.set_index("contact_id").loc[row, "venue"] == first
    editing.undo_correction(data_dir, "contacts", row, "venue", "Анна")
    assert load_dataset(data_dir).contacts.set_index("contact_id").loc[row, "venue"] == source
    assert every_file(data_dir) == original
    assert [e["action"] for e in log_entries(data_dir)][-2:] == ["undo", "undo"]
    with pytest.raises(editing.EditError) as caught:
        editing.undo_correction(data_dir, "contacts", row, "venue", "Олег")
    assert caught.value.problems[0].key == "edit.problem.nothing_to_undo"


def test_a_removed_row_and_an_added_row_show_in_the_history(data_dir):
    row = first_contact(data_dir, "tehran")
    remove(data_dir, "contacts", row)
    assert list(editing.row_history(data_dir, "contacts", row)["kind"]) == ["removed"]
    added = new_contact()
    editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), added, "Анна")
    [line] = editing.row_history(data_dir, "contacts", added["contact_id"]).to_dict("records")
    assert (line["kind"], line["who"]) == ("added", "Анна")


def test_an_added_row_is_edited_and_removed_in_its_own_file(data_dir):
    added = new_contact()
    editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), added, "Анна")
    correct(data_dir, "contacts", added["contact_id"], "venue", "partner")
    frame = pd.read_csv(data_dir / staff.added_file("contacts"), dtype=str, keep_default_na=False)
    assert list(frame["venue"]) == ["partner"]
    assert pd.read_csv(data_dir / staff.CORRECTIONS).empty, "a staff row is changed in place, not corrected"
    remove(data_dir, "contacts", added["contact_id"])
    assert pd.read_csv(data_dir / staff.added_file("contacts")).empty and pd.read_csv(data_dir / staff.REMOVED).empty


def test_the_id_of_a_row_from_the_sources_cannot_change(data_dir):
    row = first_contact(data_dir, "harbin")
    with pytest.raises(editing.EditError) as caught:
        correct(data_dir, "contacts", row, "contact_id", "harbin-renamed")
    assert caught.value.problems[0].key == "edit.problem.source_id"
    assert pd.read_csv(data_dir / staff.CORRECTIONS).empty


def test_a_correction_whose_row_left_the_sources_is_kept_and_reported(data_dir, tmp_path):
    row = first_contact(data_dir, "harbin")
    correct(data_dir, "contacts", row, "spheres", "economy|culture")
    text = editing.open_table(data_dir, "contacts").frame.set_index("contact_id").loc[row, "text_ru"]
    page = newer_snapshot(tmp_path, text[:60], "Переписанный текст записи. " + text[:60])
    report = run([page], data_dir)
    assert any(row in p.message and "no longer have this row" in p.message for p in report.problems)
    assert len(pd.read_csv(data_dir / staff.CORRECTIONS)) == 1
    load_dataset(data_dir)


def test_rows_added_straight_into_a_generated_file_move_into_the_staff_layer(data_dir):
    contacts = pd.read_csv(data_dir / "contacts.csv", dtype=str, keep_default_na=False)
    legacy = contacts.iloc[[0]].assign(
        contact_id="harbin-staff0001", text_ru="Визит делегации Харбина.", source_file="changes.log", source_line=""
    )
    pd.concat([contacts, legacy]).to_csv(data_dir / "contacts.csv", index=False)
    report = run(default_sources(), data_dir)
    assert any(staff.added_file("contacts") in p.message for p in report.problems)
    assert (data_dir / "contacts.csv").read_bytes() == (ROOT / "data" / "contacts.csv").read_bytes()
    moved = pd.read_csv(data_dir / staff.added_file("contacts"), dtype=str, keep_default_na=False)
    assert list(moved["contact_id"]) == ["harbin-staff0001"]
    before = every_file(data_dir)
    run(default_sources(), data_dir)
    assert every_file(data_dir) == before
    assert "harbin-staff0001" in set(load_dataset(data_dir).contacts["contact_id"])


# --- one writer at a time, all or nothing -------------------------------------------------------------------


@pytest.fixture()
def older_generation(tmp_path: Path) -> Path:
    """A data directory built from the first half of the page: a full rebuild rewrites most of its files."""
    text = PAGE.read_text(encoding="utf-8")
    cut = text.index("  • ", text.index("  • ", len(text) // 2))
    half = tmp_path / "half" / PAGE.name
    half.parent.mkdir()
    half.write_text(text[:cut], encoding="utf-8")
    out = copy_data(tmp_path / "out")
    assert_written(run([half], out))
    return out


KILLED_INGEST = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from cooperation import storage
    from cooperation.ingest.build import run

    out, page, point, n = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    calls = []
    real_replace, real_log = os.replace, storage._append_log

    def replace(src, dst):
        calls.append(dst)
        if point == "rename" and len(calls) == n:
            os._exit(9)
        real_replace(src, dst)

    def append_log(data_dir, entries):
        if point == "log":
            os._exit(9)
        real_log(data_dir, entries)

    os.replace, storage._append_log = replace, append_log
    run([page], out)
    os._exit(0)
""")


@pytest.mark.parametrize("point, n", [("rename", 1), ("log", 0), ("rename", 2), ("rename", 4)])
def test_an_ingest_killed_mid_write_leaves_a_dataset_that_loads(older_generation, tmp_path, point, n):
    """Killed before its journal: the old generation stays whole. After it: the next reader finishes the
    rebuild from the journal. Either way the dataset loads, with no file half-written or from two runs."""
    out = older_generation
    before = every_file(out)
    reference = copy_data(tmp_path / "reference")
    run([PAGE], reference)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_INGEST, str(out), str(PAGE), point, str(n)],
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == 9, killed.stderr
    assert (point, n) == ("rename", 1) or (out / storage.BACKUP_DIR / storage.JOURNAL).exists()
    dataset = load_dataset(out)
    expected = before if (point, n) == ("rename", 1) else every_file(reference)
    assert every_file(out) == expected
    assert len(dataset.contacts) == len(load_dataset(reference if expected != before else out).contacts)
    assert not (out / storage.BACKUP_DIR / storage.JOURNAL).exists()
    with storage.locked(out, 5):  # the next writer clears what the dead one left
        assert not list(out.glob(".*.tmp"))
    rebuilds = [e for e in log_entries(out) if e["action"] == "rebuild"]
    assert len(rebuilds) == (1 if (point, n) == ("rename", 1) else 2), "a rebuild on disk is a rebuild logged"


def test_a_save_during_an_ingest_waits_for_it_and_survives_it(older_generation, monkeypatch):
    out = older_generation
    real = storage._temp_for
    holding = threading.Event()

    def slow(data_dir, relative, data):
        holding.set()
        time.sleep(0.2)
        return real(data_dir, relative, data)

    monkeypatch.setattr(storage, "_temp_for", slow)
    rebuild = threading.Thread(target=run, args=([PAGE], out))
    snapshot = editing.open_table(out, "contacts")  # opened before the rebuild, saved while it runs
    rebuild.start()
    assert holding.wait(30)
    started = time.monotonic()
    editing.add_row(out, snapshot, new_contact(), "Анна")
    waited = time.monotonic() - started
    rebuild.join(60)
    assert waited > 0.5, "the save waited for the rebuild's lock"
    assert [e["action"] for e in log_entries(out)][-2:] == ["rebuild", "add"]
    assert new_contact()["contact_id"] in set(load_dataset(out).contacts["contact_id"])
    run([PAGE], out)
    assert new_contact()["contact_id"] in set(load_dataset(out).contacts["contact_id"])


def test_a_save_that_cannot_wait_for_a_rebuild_is_refused_in_words(data_dir, monkeypatch):
    monkeypatch.setattr(editing.saving, "LOCK_TIMEOUT_S", 0.2)
    before = every_file(data_dir)
    with storage.locked(data_dir, 1), pytest.raises(editing.BusyError) as caught:
        editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), new_contact(), "Анна")
    assert "rebuild" in caught.value.problems[0].message("en")
    assert "пересборка" in caught.value.problems[0].message("ru")
    assert every_file(data_dir) == before and not log_entries(data_dir)


KILLED_AFTER_LOG = textwrap.dedent("""
    import datetime, os, sys
    from pathlib import Path
    from cooperation import editing

    data_dir = Path(sys.argv[1])
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the journal is in place and the log line written; the staff file is not renamed
            os._exit(9)
        real(src, dst)

    os.replace = replace
    row = editing.contact_row(city_id="harbin", start=datetime.date(2026, 2, 10), end=None, precision="day",
                              venue="kazan", venue_city="", format="in_person", spheres=["economy"],
                              text_ru="Запись, которую прервали.", event_id="", date_text="", source="")
    editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), row, "прерванный")
""")


def test_a_save_killed_between_its_log_line_and_its_rename_is_completed(data_dir):
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_LOG, str(data_dir)],
        check=False,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert killed.returncode == 9, killed.stderr
    [entry] = log_entries(data_dir)
    assert entry["who"] == "прерванный"
    assert "Запись, которую прервали." in set(load_dataset(data_dir).contacts["text_ru"])
    assert len(log_entries(data_dir)) == 1, "the replay does not log the change twice"


# --- failures in words --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, key, ru, en",
    [
        (errno.EROFS, "edit.problem.read_only", "только для чтения", "read-only"),
        (errno.ENOSPC, "edit.problem.disk_full", "диск заполнен", "disk is full"),
        (errno.EACCES, "edit.problem.no_permission", "нет прав", "no permission"),
    ],
)
@pytest.mark.parametrize("where", ["rename", "temp", "log", "lock"])
def test_every_write_failure_is_said_in_words_and_writes_nothing(data_dir, monkeypatch, code, key, ru, en, where):
    before = every_file(data_dir)

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    if where == "rename":
        monkeypatch.setattr(os, "replace", fail)
    elif where == "temp":
        monkeypatch.setattr(storage.tempfile, "NamedTemporaryFile", fail)
    elif where == "log":
        monkeypatch.setattr(storage, "_append_log", fail)
    else:
        real_open = open

        def open_(path, *args, **kwargs):
            if str(path).endswith(storage.LOCK_FILE):
                fail()
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr("builtins.open", open_)
    with pytest.raises(editing.EditError) as caught:
        correct(data_dir, "contacts", first_contact(data_dir, "harbin"), "spheres", "economy|culture")
    [problem] = caught.value.problems
    assert problem.key == key and ru in problem.message("ru") and en in problem.message("en")
    assert every_file(data_dir) == before and not log_entries(data_dir)
    assert not list(data_dir.glob(".*.tmp")) and not (data_dir / storage.BACKUP_DIR / storage.JOURNAL).exists()
    assert not list((data_dir / storage.BACKUP_DIR).glob("*.csv"))
    load_dataset(data_dir)


def test_an_ingest_that_cannot_write_says_so_and_leaves_the_data(older_generation, monkeypatch):
    before = every_file(older_generation)

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage, "_append_log", fail)
    report = run([PAGE], older_generation)
    [error] = report.errors
    assert "nothing written" in error.message and "disk_full" in error.message
    assert every_file(older_generation) == before
    load_dataset(older_generation)


def test_backups_and_the_log_rotate(data_dir, monkeypatch):
    monkeypatch.setattr(storage, "BACKUPS_KEPT", 3)
    monkeypatch.setattr(storage, "LOG_MAX_BYTES", 1000)
    monkeypatch.setattr(storage, "LOGS_KEPT", 2)
    for i in range(8):
        editing.add_row(data_dir, editing.open_table(data_dir, "contacts"), new_contact(f"Запись {i}."), str(i))
    backups = sorted((data_dir / storage.BACKUP_DIR).glob("staff__added__contacts.*.csv"))
    assert len(backups) == 3
    assert pd.read_csv(backups[-1]).shape[0] == 7, "the newest backup is the version the last save replaced"
    logs = sorted(data_dir.glob(f"{storage.CHANGE_LOG}*"))
    assert [p.name for p in logs] == ["changes.log", "changes.log.1", "changes.log.2"]
    entry_size = len((data_dir / storage.CHANGE_LOG).read_text(encoding="utf-8").splitlines()[-1].encode())
    assert all(p.stat().st_size < 1000 + 2 * entry_size for p in logs)
    kept = [json.loads(line)["who"] for p in reversed(logs) for line in p.read_text(encoding="utf-8").splitlines()]
    assert kept == [str(i) for i in range(8 - len(kept), 8)] and len(kept) < 8, "the oldest lines rotated out"


# --- the Data page ------------------------------------------------------------------------------------------


def test_the_data_page_shows_a_rows_history_and_undoes_a_correction(data_dir, monkeypatch, editors):

    from cooperation import auth
    from cooperation.i18n import t
    from cooperation.loading import DATA_DIR_ENV
    from cooperation.ui.registry import BY_KEY

    row = first_contact(data_dir, "harbin")
    source = editing.open_table(data_dir, "contacts").frame.set_index("contact_id").loc[row, "spheres"]
    correct(data_dir, "contacts", row, "spheres", "economy|culture", who="Анна")
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = app_test(ENTRY, 60)
    at.switch_page(BY_KEY["data_correct"].path)
    at.query_params["lang"] = "ru"
    account = auth.add_account(editors, "Олег", "correct horse")
    at.session_state["editor_session"] = (auth.account_key(account.name), account.fingerprint)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="hist_row_contacts").value == row
    [shown] = [d.value for d in at.dataframe if t("data.history.value", "ru") in d.value.columns]
    assert list(shown[t("data.history.value", "ru")]) == [source, "economy|culture"]
    assert list(shown[t("data.history.who", "ru")]) == ["", "Анна"]
    assert t("data.history.kind.correction", "ru") in set(shown[t("data.history.kind", "ru")])
    at.button(key="hist_undo_contacts").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert load_dataset(data_dir).contacts.set_index("contact_id").loc[row, "spheres"] == source
    assert log_entries(data_dir)[-1]["who"] == "Олег" and log_entries(data_dir)[-1]["action"] == "undo"
    assert t("data.history.none", "ru") in [c.value for c in at.caption]


def test_an_edit_of_a_row_a_rebuild_changed_is_refused_naming_the_rebuild(data_dir, tmp_path):
    cities = editing.open_table(data_dir, "cities")
    city = cities.frame.loc[cities.frame["population"] == "15000", "city_id"].iloc[0]
    assert_written(
        run(
            [newer_snapshot(tmp_path, "Население: 15 тыс. чел. (2021 г.)", "Население: 16 тыс. чел. (2021 г.)")],
            data_dir,
        )
    )
    frame = cities.frame.copy()
    frame.loc[frame["city_id"] == city, "website"] = "https://example.org/"
    with pytest.raises(editing.ConflictError) as caught:
        editing.save_table(data_dir, cities, frame, "Анна", "table")
    shown = caught.value.problems[1].message("en")
    assert "python -m cooperation.ingest" in shown and "«15000» → «16000»" in shown
