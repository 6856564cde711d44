"""Who may edit: accounts with argon2 hashes, names safe to record, and a failure counter on disk that holds
across sessions, processes and restarts, with a lockout window that expires.

The hashes here use cheap argon2 parameters (the `cheap_hashing` fixture): the production ones cost about
0.1–0.9 s per check on this machine, which is the point in production and a waste in a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from cooperation import auth

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def accounts_file(tmp_path: Path) -> Path:
    path = tmp_path / "editors.toml"
    auth.add_account(path, "Анна Петрова", PASSWORD)
    auth.add_account(path, "Ivan Ivanov", "another long password")
    return path


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "signin_failures.json"


def attempt(
    accounts_file: Path, state: Path, password: str, now: float, client: str | None = None, name: str = "Анна Петрова"
) -> auth.Outcome:
    """One sign-in as a fresh session makes it: nothing carried over but the files."""
    return auth.sign_in(auth.load_accounts(accounts_file), state, name, password, client, now)


# --- names --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "recorded"),
    [
        ("  Анна \n Петрова ", "Анна Петрова"),
        ('=HYPERLINK("http://evil.example","x")', 'HYPERLINK("http://evil.example","x")'),
        ("+7 Ivan", "7 Ivan"),
        ("@SUM(A1)", "SUM(A1)"),
        ("An\x00na", "Anna"),
        ("Anna\u202eavonaP", "AnnaavonaP"),  # right-to-left override
        ("An\u200bna\u2066x\u2069", "Annax"),  # zero-width space, isolates
        ("Anna\x1b[31m", "Anna[31m"),
    ],
)
def test_names_are_recorded_without_formulas_or_invisible_characters(raw, recorded):
    assert auth.clean_name(raw) == recorded


@pytest.mark.parametrize("bad", ["", "   ", "=1+1", "-x", "An\x00na", "Anna\u202e", "x" * 81, 'a"b', "a\\b"])
def test_the_cli_refuses_unsafe_account_names(tmp_path, bad):
    with pytest.raises(auth.AuthError):
        auth.add_account(tmp_path / "editors.toml", bad, PASSWORD)


def test_a_short_password_is_refused(tmp_path):
    with pytest.raises(auth.AuthError, match="12"):
        auth.add_account(tmp_path / "editors.toml", "Anna", "short")


# --- accounts -----------------------------------------------------------------------------------------------


def test_the_accounts_file_holds_names_and_argon2id_hashes_only(accounts_file):
    text = accounts_file.read_text(encoding="utf-8")
    assert PASSWORD not in text
    accounts = auth.load_accounts(accounts_file)
    assert sorted(a.name for a in accounts.values()) == ["Ivan Ivanov", "Анна Петрова"]
    assert all(a.password_hash.startswith("$argon2id$") for a in accounts.values())
    assert accounts_file.stat().st_mode & 0o077 == 0, "readable by its owner only"


def test_no_accounts_file_means_read_only(tmp_path):
    assert auth.load_accounts(tmp_path / "missing.toml") == {}


def test_a_hand_edited_entry_with_an_unsafe_name_is_skipped(accounts_file):
    digest = next(iter(auth.load_accounts(accounts_file).values())).password_hash
    with accounts_file.open("a", encoding="utf-8") as out:
        out.write(f'[[editor]]\nname = "=HYPERLINK(1)"\npassword_hash = "{digest}"\n')
        out.write('[[editor]]\nname = "Plain"\npassword_hash = "not-a-hash"\n')
    assert sorted(a.name for a in auth.load_accounts(accounts_file).values()) == ["Ivan Ivanov", "Анна Петрова"]


def test_an_unreadable_accounts_file_is_an_error_not_an_open_door(tmp_path):
    path = tmp_path / "editors.toml"
    path.write_text("[[editor]\nname = ", encoding="utf-8")
    with pytest.raises(auth.AuthError):
        auth.load_accounts(path)


def test_sign_in_returns_the_account_whatever_the_case_and_spacing_typed(accounts_file, state):
    outcome = attempt(accounts_file, state, PASSWORD, 0.0, name="  анна   ПЕТРОВА ")
    assert outcome.account is not None and outcome.account.name == "Анна Петрова"
    assert attempt(accounts_file, state, PASSWORD, 1.0, name="Ivan Ivanov").account is None, "another's password"
    assert attempt(accounts_file, state, PASSWORD, 2.0, name="Nobody").account is None


def test_a_new_password_changes_the_fingerprint_so_sessions_end(accounts_file):
    before = auth.load_accounts(accounts_file)[auth.account_key("Анна Петрова")].fingerprint
    auth.add_account(accounts_file, "Анна Петрова", "a brand new password")
    after = auth.load_accounts(accounts_file)[auth.account_key("Анна Петрова")].fingerprint
    assert before != after and PASSWORD not in before


# --- the failure counter ------------------------------------------------------------------------------------


def test_guesses_from_fresh_sessions_are_refused_after_the_server_limit(accounts_file, state):
    """The probe's 508 guesses, each from a fresh session (only the files carry over): 0 were refused before."""
    outcomes = [attempt(accounts_file, state, f"guess {i}", now=i * 0.2) for i in range(508)]
    checked = [o for o in outcomes if not o.refused]
    assert len(checked) == auth.SERVER_LIMIT
    assert sum(o.refused for o in outcomes) == 508 - auth.SERVER_LIMIT
    assert all(o.account is None for o in outcomes)
    refused = attempt(accounts_file, state, PASSWORD, now=102.0)
    assert refused.refused and refused.account is None, "while locked even the right password is not checked"


def test_many_client_addresses_do_not_lift_the_server_limit(accounts_file, state):
    outcomes = [
        attempt(accounts_file, state, "guess", now=float(i), client=f"10.0.{i // 250}.{i % 250}") for i in range(100)
    ]
    assert sum(not o.refused for o in outcomes) == auth.SERVER_LIMIT


def test_one_address_is_locked_before_the_server(accounts_file, state):
    for i in range(auth.CLIENT_LIMIT):
        assert not attempt(accounts_file, state, "guess", float(i), client="203.0.113.9").refused
    assert attempt(accounts_file, state, PASSWORD, 10.0, client="203.0.113.9").refused
    assert attempt(accounts_file, state, PASSWORD, 11.0, client="198.51.100.4").account is not None


def test_the_lockout_window_expires(accounts_file, state):
    for i in range(auth.SERVER_LIMIT):
        attempt(accounts_file, state, "guess", now=1000.0 + i)
    locked = attempt(accounts_file, state, PASSWORD, now=1000.0 + auth.SERVER_LIMIT)
    assert locked.refused
    assert locked.wait_s == pytest.approx(auth.WINDOW_S - auth.SERVER_LIMIT)
    assert auth.lockout_wait(state, None, 1000.0 + auth.WINDOW_S - 1) > 0
    assert auth.lockout_wait(state, None, 1000.0 + auth.WINDOW_S + 0.5) == 0
    assert attempt(accounts_file, state, PASSWORD, now=1000.0 + auth.WINDOW_S + 0.5).account is not None


def test_a_success_clears_its_address_but_not_the_server_count(accounts_file, state):
    for i in range(auth.CLIENT_LIMIT - 1):
        attempt(accounts_file, state, "guess", float(i), client="203.0.113.9")
    assert attempt(accounts_file, state, PASSWORD, 10.0, client="203.0.113.9").account is not None
    failures = json.loads(state.read_text())
    assert "client:203.0.113.9" not in failures
    assert len(failures["server"]) == auth.CLIENT_LIMIT - 1


def test_the_counter_survives_a_restart(accounts_file, state):
    """Failures made by another process (a server before its restart) lock this one out."""
    script = (
        "import sys; from argon2 import PasswordHasher; from pathlib import Path; from cooperation import auth;"
        "auth._HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1);"
        "accounts = auth.load_accounts(Path(sys.argv[1]));"
        f"[auth.sign_in(accounts, Path(sys.argv[2]), 'Анна Петрова', 'guess', None, 500.0 + i)"
        f" for i in range({auth.SERVER_LIMIT})]"
    )
    subprocess.run([sys.executable, "-c", script, str(accounts_file), str(state)], cwd=ROOT, check=True)
    assert attempt(accounts_file, state, PASSWORD, now=600.0).refused


def test_parallel_guesses_cannot_slip_past_the_limit(accounts_file, state):
    """The check and the record happen under one file lock: forty guesses at once, twenty checked."""
    outcomes: list[auth.Outcome] = []
    threads = [
        threading.Thread(target=lambda: outcomes.append(attempt(accounts_file, state, "guess", 50.0)))
        for _ in range(40)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(not o.refused for o in outcomes) == auth.SERVER_LIMIT


def test_unlock_forgets_every_failure(accounts_file, state):
    for i in range(auth.SERVER_LIMIT):
        attempt(accounts_file, state, "guess", float(i))
    auth.unlock(state)
    assert attempt(accounts_file, state, PASSWORD, 30.0).account is not None


def test_a_counter_file_that_cannot_be_written_refuses_signing_in(accounts_file, tmp_path):
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the directory should be")
    with pytest.raises((auth.AuthError, OSError)):
        attempt(accounts_file, blocked / "signin_failures.json", PASSWORD, 0.0)


# --- the command line ---------------------------------------------------------------------------------------


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cooperation.auth", *args],
        check=False,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_cli_adds_lists_and_removes_accounts(tmp_path, state, monkeypatch):
    path = tmp_path / "editors.toml"
    added = cli("--file", str(path), "add", "Мария Сидорова", "--password-stdin", stdin="a long enough password\n")
    assert added.returncode == 0, added.stderr
    assert cli("--file", str(path), "list").stdout.splitlines() == ["Мария Сидорова"]
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher())  # the CLI hashed with the production parameters
    assert (
        auth.sign_in(auth.load_accounts(path), state, "мария сидорова", "a long enough password", None, 0.0).account
        is not None
    )
    refused = cli("--file", str(path), "add", "=cmd|' /C calc'!A0", "--password-stdin", stdin="a long enough one\n")
    assert refused.returncode == 2 and "error:" in refused.stderr
    assert cli("--file", str(path), "remove", "Мария Сидорова").returncode == 0
    assert cli("--file", str(path), "list").stdout == ""
    assert cli("--file", str(path), "remove", "Мария Сидорова").returncode == 1
