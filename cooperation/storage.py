"""Every write into a data directory, by the Data page or the ingest: one lock, all-or-nothing, backed up, logged.

Why each part exists:
- One exclusive `flock` per data directory (`backups/.lock`) serialises the Data page's saves and the ingest's
  rebuilds; the kernel drops it when a writer dies, so a killed writer never blocks the next one.
- A commit writes each new file to a temporary file in the data directory (fsync'd), records the planned
  renames and the change-log lines in a journal (`backups/.journal.json`, itself written by rename), appends
  the log lines, then renames. A writer killed before the journal leaves the old generation; killed after it,
  the next writer (or the loader) finishes the renames from the journal and writes any missing log line. So a
  multi-file rebuild is never seen half-applied, and a change on disk is always in `changes.log`.
- The version each file replaces is kept under `backups/` (a hard link: free until the file is replaced),
  at most `BACKUPS_KEPT` per file; `changes.log` is rotated to `changes.log.1` … `.N` past `LOG_MAX_BYTES`.
- Every failure is a `StorageError` with a reason staff can act on (read-only, disk full, no permission,
  another writer busy) and the file it concerns; nothing is half-written when one is raised.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BACKUP_DIR = "backups"
CHANGE_LOG = "changes.log"
LOCK_FILE = ".lock"
JOURNAL = ".journal.json"
TEMP_SUFFIX = ".tmp"
NEW_FILE_MODE = 0o644  # a temporary file is created 0600; a new data file is readable like the ones beside it
# A table's last 20 versions are enough to undo a bad week of edits; at the 100× data a full set is ~20 MB.
BACKUPS_KEPT = 20
# 5 MB of log is about 10,000 row changes; with 5 rotated files the log holds the last ~60,000.
LOG_MAX_BYTES = 5_000_000
LOGS_KEPT = 5
# How much of the log's tail is searched for a journal's lines when it is replayed.
LOG_TAIL_BYTES = 1_000_000

READ_ONLY, DISK_FULL, NO_PERMISSION, BUSY, FAILED = "read_only", "disk_full", "no_permission", "busy", "failed"
_REASONS = {
    errno.EROFS: READ_ONLY,
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EACCES: NO_PERMISSION,
    errno.EPERM: NO_PERMISSION,
}


class StorageError(Exception):
    """Nothing was written; `reason` is one of the constants above, `file` the path (relative) concerned."""

    def __init__(self, reason: str, file: str, detail: str = ""):
        self.reason, self.file, self.detail = reason, file, detail
        super().__init__(f"{file}: {reason}" + (f" ({detail})" if detail else ""))


def _failure(exc: OSError, file: str) -> StorageError:
    return StorageError(_REASONS.get(exc.errno, FAILED), file, str(exc)[:200])


def acquire(handle, timeout_s: float, poll_s: float = 0.05) -> bool:
    """An exclusive `flock` on the open file `handle`, waiting up to `timeout_s`; False if it stayed taken.
    The one way this project waits for a lock (saves, the ingest, the sign-in counter)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(poll_s)


@contextmanager
def locked(data_dir: Path, timeout_s: float) -> Iterator[None]:
    """The data directory's write lock, waited for up to `timeout_s`; a pending journal is finished first."""
    data_dir = Path(data_dir)
    lock_path = data_dir / BACKUP_DIR / LOCK_FILE
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")  # noqa: SIM115 — opened here so that an OSError is reported in words
    except OSError as exc:
        raise _failure(exc, f"{BACKUP_DIR}/{LOCK_FILE}") from None
    with handle:
        if not acquire(handle, timeout_s):
            raise StorageError(BUSY, f"{BACKUP_DIR}/{LOCK_FILE}")
        try:
            try:
                recover(data_dir)
            except OSError as exc:
                raise _failure(exc, f"{BACKUP_DIR}/{JOURNAL}") from None
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def finish_pending(data_dir: Path, timeout_s: float = 5.0) -> None:
    """For readers: if a writer died mid-commit, finish its renames before reading. A directory the reader
    cannot lock (read-only) or a live writer that keeps the lock is left as it is."""
    if not (Path(data_dir) / BACKUP_DIR / JOURNAL).exists():
        return
    try:
        with locked(data_dir, timeout_s):
            pass
    except StorageError:
        return


def _fsync_dir(directory: Path) -> None:
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _temp_for(data_dir: Path, relative: str, data: bytes) -> Path:
    """The new bytes beside the data, fsync'd: same filesystem, so the rename is atomic."""
    name = Path(relative).name
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 — kept after closing: the caller renames it
        dir=data_dir, prefix=f".{name}.", suffix=TEMP_SUFFIX, delete=False
    )
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return Path(handle.name)


def atomic_write(path: Path, data: bytes) -> None:
    """One file, temp file then `os.replace`: readers see the old file or the new, never a mix."""
    path = Path(path)
    temp = _temp_for(path.parent, path.name, data)
    try:
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else NEW_FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _backup(data_dir: Path, relative: str, stamp: str) -> Path | None:
    """The version about to be replaced, as `backups/<path with / as __>.<UTC stamp>.csv`."""
    path = data_dir / relative
    if not path.exists():
        return None
    stem, suffix = relative.rsplit(".", 1) if "." in relative else (relative, "")
    target = data_dir / BACKUP_DIR / f"{stem.replace('/', '__')}.{stamp}.{suffix}"
    try:
        os.link(path, target)
    except FileExistsError:
        pass
    except OSError:
        target.write_bytes(path.read_bytes())
    return target


def prune_backups(data_dir: Path, keep: int | None = None) -> None:
    """At most `keep` (default `BACKUPS_KEPT`) backups per file: the names sort by their UTC stamp."""
    keep = BACKUPS_KEPT if keep is None else keep
    groups: dict[str, list[Path]] = {}
    for path in (Path(data_dir) / BACKUP_DIR).glob("*.*.*"):
        if path.name.startswith("."):
            continue
        stem = path.name.split(".", 1)[0]
        groups.setdefault(stem, []).append(path)
    for paths in groups.values():
        for old in sorted(paths)[:-keep] if len(paths) > keep else []:
            old.unlink(missing_ok=True)


def _rotate_log(data_dir: Path) -> None:
    log = data_dir / CHANGE_LOG
    if not log.exists() or log.stat().st_size < LOG_MAX_BYTES:
        return
    for n in range(LOGS_KEPT, 0, -1):
        older = data_dir / f"{CHANGE_LOG}.{n}"
        if n == LOGS_KEPT:
            older.unlink(missing_ok=True)
        elif older.exists():
            os.replace(older, data_dir / f"{CHANGE_LOG}.{n + 1}")
    os.replace(log, data_dir / f"{CHANGE_LOG}.1")


def _append_log(data_dir: Path, entries: list[dict[str, Any]]) -> None:
    """JSON lines, fsync'd; a failed append is cut back to where it started, so no half line stays."""
    log = data_dir / CHANGE_LOG
    start = log.stat().st_size if log.exists() else 0
    try:
        with open(log, "a", encoding="utf-8") as handle:
            handle.writelines(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        if log.exists():
            os.truncate(log, start)
        raise


def _log_has(data_dir: Path, txn: str) -> bool:
    log = data_dir / CHANGE_LOG
    if not log.exists():
        return False
    with open(log, "rb") as handle:
        handle.seek(max(0, log.stat().st_size - LOG_TAIL_BYTES))
        return f'"txn": "{txn}"'.encode() in handle.read()


def recover(data_dir: Path) -> None:
    """Under the lock: finish a commit whose writer died after its journal (renames, then missing log lines),
    then remove temporary files no live writer owns."""
    data_dir = Path(data_dir)
    journal_path = data_dir / BACKUP_DIR / JOURNAL
    if journal_path.exists():
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
        except ValueError:  # cannot happen through `commit` (the journal is renamed into place); edited by hand
            journal = {"txn": "", "log": [], "renames": []}
        if journal["log"] and not _log_has(data_dir, journal["txn"]):
            _append_log(data_dir, journal["log"])
        for temp, relative in journal["renames"]:
            if (data_dir / temp).exists():
                (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(data_dir / temp, data_dir / relative)
        journal_path.unlink()
    for stale in data_dir.glob(f".*{TEMP_SUFFIX}"):
        stale.unlink(missing_ok=True)


@dataclass(frozen=True)
class Committed:
    txn: str
    backups: dict[str, Path | None]


def utc_iso() -> str:
    """Now in UTC to the second, as change-log lines write it."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())


def utc_stamp() -> str:
    """Sortable to the nanosecond, so two commits in one second keep two backups."""
    now = time.time_ns()
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 1_000_000_000)) + f"{now % 1_000_000_000:09d}Z"


def commit(data_dir: Path, writes: Mapping[str, bytes], log_entries: list[dict[str, Any]]) -> Committed:
    """Write every file of `writes` (paths relative to `data_dir`) and the log lines, all or nothing.

    The caller holds `locked(data_dir)`. Raises StorageError (nothing written, no log line) on any failure.
    """
    data_dir = Path(data_dir)
    txn = uuid.uuid4().hex
    entries = [{**entry, "txn": txn} for entry in log_entries]
    temps: dict[str, Path] = {}
    journal_path = data_dir / BACKUP_DIR / JOURNAL
    logged = False
    current = CHANGE_LOG
    done: list[str] = []
    backups: dict[str, Path | None] = {}
    try:
        _rotate_log(data_dir)
        for relative, data in writes.items():
            current = relative
            temps[relative] = _temp_for(data_dir, relative, data)
            target = data_dir / relative
            os.chmod(temps[relative], target.stat().st_mode & 0o777 if target.exists() else NEW_FILE_MODE)
        stamp = utc_stamp()
        backups = {relative: _backup(data_dir, relative, stamp) for relative in writes}
        current = f"{BACKUP_DIR}/{JOURNAL}"
        atomic_write(
            journal_path,
            json.dumps(
                {"txn": txn, "log": entries, "renames": [[temps[r].name, r] for r in writes]}, ensure_ascii=False
            ).encode("utf-8"),
        )
        current = CHANGE_LOG
        if entries:
            _append_log(data_dir, entries)
            logged = True
        for relative in writes:
            current = relative
            (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(temps[relative], data_dir / relative)
            done.append(relative)
        journal_path.unlink()
        for directory in {(data_dir / r).parent for r in writes}:
            _fsync_dir(directory)
    except OSError as exc:
        _undo(data_dir, temps, done, backups, logged, entries)
        journal_path.unlink(missing_ok=True)
        raise _failure(exc, current) from None
    prune_backups(data_dir)
    return Committed(txn, backups)


def _undo(
    data_dir: Path,
    temps: Mapping[str, Path],
    done: list[str],
    backups: Mapping[str, Path | None],
    logged: bool,
    entries: list[dict[str, Any]],
) -> None:
    """A commit that failed part way: put back the files already renamed, drop its log lines and temp files.
    Best effort: the directory may be the reason the commit failed."""
    try:
        for relative in done:
            backup = backups.get(relative)
            target = data_dir / relative
            if backup is not None and backup.exists():
                os.replace(_temp_for(data_dir, relative, backup.read_bytes()), target)
            else:
                target.unlink(missing_ok=True)
        if logged:
            log = data_dir / CHANGE_LOG
            size = log.stat().st_size - sum(len((json.dumps(e, ensure_ascii=False) + "\n").encode()) for e in entries)
            os.truncate(log, max(0, size))
        for backup in backups.values():
            if backup is not None:
                backup.unlink(missing_ok=True)
    except OSError:
        pass
    for temp in temps.values():
        temp.unlink(missing_ok=True)
