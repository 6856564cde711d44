"""Who may edit: individual editor accounts (argon2id password hashes) and a failure counter kept on disk.

Viewing is open (the dashboard is shown at public forums); editing is not. Editing exists only when the accounts
file holds at least one account, so a fresh install is read-only until an administrator runs

    python -m cooperation.auth add "Анна Петрова"        # asks for the password twice
    python -m cooperation.auth list | remove NAME | unlock

The accounts file is `.streamlit/editors.toml` beside the app (git-ignored, outside `data/`, so exports and
backups never carry it) or the path in `COOPERATION_EDITORS_FILE`. It holds names and argon2id hashes
(argon2-cffi's defaults, RFC 9106), never a password. The name signed in with is what the change log and
`agreement_statuses.csv` record: the person, not a name typed at sign-in.

Guessing is limited on the server, not in the browser session (a fresh websocket is a fresh session): every
failed sign-in is recorded in `.streamlit/signin_failures.json` (or `COOPERATION_SIGNIN_STATE`), under a file
lock, so the count holds across sessions, server processes and restarts. Two counters, each a sliding window:

- per client address (when Streamlit knows one: `st.context.ip_address`, None on the loopback):
  `CLIENT_LIMIT` failures in `WINDOW_S`, then that address is refused until the oldest of them is older
  than the window;
- per server (every client together): `SERVER_LIMIT` failures in `WINDOW_S`, then every sign-in is refused the
  same way — at most 20 guesses per 15 minutes whatever the number of addresses (it was 300–350 a minute).

A refused attempt checks no password and counts nothing. A success clears its address's counter, not the
server's (a guesser cannot reset it by signing in). The price: someone guessing can keep staff from signing
in for up to `WINDOW_S` at a time; `python -m cooperation.auth unlock` clears the counters.

Everything but the CLI is pure of Streamlit: the page passes the paths, the client address and the time.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import getpass
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from cooperation.storage import acquire

log = logging.getLogger("cooperation")

APP_ROOT = Path(__file__).resolve().parents[1]
EDITORS_ENV = "COOPERATION_EDITORS_FILE"
STATE_ENV = "COOPERATION_SIGNIN_STATE"
DEFAULT_EDITORS = APP_ROOT / ".streamlit" / "editors.toml"
DEFAULT_STATE = APP_ROOT / ".streamlit" / "signin_failures.json"

WINDOW_S = 15 * 60
CLIENT_LIMIT = 5
SERVER_LIMIT = 20
SERVER_KEY = "server"
LOCK_TIMEOUT_S = 10.0
MAX_NAME_LENGTH = 80
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 hashes any length; a megabyte "password" is only a way to burn CPU
# Characters a name must not hold: controls (NUL, ESC …), format characters (bidi overrides and isolates,
# zero-width joiners), line/paragraph separators, private-use and unassigned code points.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"}
# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HASHER = PasswordHasher()
_DUMMY: dict[str, str] = {}


class AuthError(Exception):
    """The accounts or the failure counter cannot be used (unreadable file, lock not obtained, bad input)."""


def editors_path(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(environ.get(EDITORS_ENV) or DEFAULT_EDITORS)


def state_path(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(environ.get(STATE_ENV) or DEFAULT_STATE)


# --- names --------------------------------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """A name as it may be recorded: NFC, forbidden characters removed, whitespace runs as one space, trimmed,
    bounded, and never starting like a formula."""
    text = "".join(
        c
        for c in unicodedata.normalize("NFC", str(name))
        if unicodedata.category(c) not in _FORBIDDEN_CATEGORIES or c in "\t\n\r"
    )
    text = " ".join(text.split())[:MAX_NAME_LENGTH]
    return text.lstrip("".join(_FORMULA_START)).strip()


def name_problem(name: str) -> str | None:
    """Why `name` cannot be an account name (English, for the CLI), or None."""
    if not name.strip():
        return "the name is empty"
    if clean_name(name) != " ".join(unicodedata.normalize("NFC", name).split()):
        return (
            "the name holds control or invisible characters, starts with = + - @, or is longer than "
            f"{MAX_NAME_LENGTH} characters"
        )
    if re.search(r"[\"\\]", name):
        return "the name holds a quote or a backslash"
    return None


def account_key(name: str) -> str:
    """Names are matched case-insensitively and whatever the spacing: "анна  петрова" signs in as Анна Петрова."""
    return clean_name(name).casefold()


# --- accounts -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    name: str
    password_hash: str

    @property
    def fingerprint(self) -> str:
        """Kept in the session instead of anything secret; a changed password or removed account ends it."""
        return hashlib.sha256(b"cooperation-editor:" + self.password_hash.encode("ascii")).hexdigest()


def load_accounts(path: Path) -> dict[str, Account]:
    """Accounts by `account_key(name)`; none when the file is missing. An entry with an unusable name or hash is
    skipped and logged (a hand edit cannot smuggle a formula or a control character into the change log)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AuthError(f"{path}: {exc}") from exc
    accounts: dict[str, Account] = {}
    for number, entry in enumerate(raw.get("editor", []), start=1):
        name, digest = (entry.get("name"), entry.get("password_hash")) if isinstance(entry, dict) else (None, None)
        if (
            not isinstance(name, str)
            or not isinstance(digest, str)
            or name_problem(name)
            or not digest.startswith("$argon2")
        ):
            log.warning("%s: editor entry %d skipped (unusable name or password hash)", path, number)
            continue
        accounts[account_key(name)] = Account(clean_name(name), digest)
    return accounts


def _toml_string(text: str) -> str:
    """A TOML basic string; names hold no quote, backslash or control character (`name_problem`)."""
    return f'"{text}"'


def save_accounts(path: Path, accounts: Mapping[str, Account]) -> None:
    """Written whole to a temporary file, then renamed; readable by its owner only."""
    lines = [
        "# Editor accounts of the cooperation dashboard: python -m cooperation.auth add|remove|list NAME",
        "# Names and argon2id hashes only; keep this file out of git and out of data/.",
        "",
    ]
    for account in sorted(accounts.values(), key=lambda a: a.name.casefold()):
        lines += [
            "[[editor]]",
            f"name = {_toml_string(account.name)}",
            f"password_hash = {_toml_string(account.password_hash)}",
            "",
        ]
    _atomic_write(path, "\n".join(lines).encode("utf-8"))


def add_account(path: Path, name: str, password: str) -> Account:
    """Create or replace the account `name` with a new password."""
    problem = name_problem(name)
    if problem:
        raise AuthError(problem)
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise AuthError(f"the password must have {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters")
    accounts = load_accounts(path)
    account = Account(clean_name(name), _HASHER.hash(password))
    accounts[account_key(name)] = account
    save_accounts(path, accounts)
    return account


def remove_account(path: Path, name: str) -> bool:
    accounts = load_accounts(path)
    if accounts.pop(account_key(name), None) is None:
        return False
    save_accounts(path, accounts)
    return True


def _dummy_hash() -> str:
    """Verified when the name is unknown, so a wrong name costs the same time as a wrong password; made with
    the current parameters on first use (hashing costs as much as verifying: not at import)."""
    key = f"{_HASHER.time_cost}-{_HASHER.memory_cost}-{_HASHER.parallelism}"
    if key not in _DUMMY:
        _DUMMY[key] = _HASHER.hash("cooperation: no such editor")
    return _DUMMY[key]


def _password_matches(account: Account | None, password: str) -> bool:
    try:
        return _HASHER.verify(account.password_hash if account else _dummy_hash(), password) and account is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- the failure counter ------------------------------------------------------------------------------------


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One sign-in at a time per counter file, across threads and processes; the kernel drops a dead holder's
    lock. Holding it while the password is checked also serialises parallel guesses."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+") as handle:
        if not acquire(handle, LOCK_TIMEOUT_S, poll_s=0.02):
            raise AuthError(f"{path}: the sign-in counter is locked by another process")
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_failures(path: Path) -> dict[str, list[float]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        # Written only by `_atomic_write`, so this is a hand edit or a disk fault: start again, say so.
        log.error("%s unreadable (%s): the sign-in counters start again", path, exc)
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        str(k): sorted(float(t) for t in v if isinstance(t, int | float)) for k, v in raw.items() if isinstance(v, list)
    }


def _recent(times: list[float], now: float) -> list[float]:
    return [t for t in times if now - WINDOW_S < t <= now]


def _wait(times: list[float], limit: int, now: float) -> float:
    """Seconds until a failure ages out of the window when `limit` of them are in it; 0 when not locked."""
    recent = _recent(times, now)
    if len(recent) < limit:
        return 0.0
    return max(0.0, recent[-limit] + WINDOW_S - now)


def _limits(client: str | None) -> list[tuple[str, int]]:
    keys = [(SERVER_KEY, SERVER_LIMIT)]
    if client:
        keys.append((f"client:{client}", CLIENT_LIMIT))
    return keys


@dataclass(frozen=True)
class Outcome:
    """One sign-in attempt: the account signed in (None when not), and when refused unchecked, the seconds to
    wait."""

    account: Account | None
    wait_s: float = 0.0

    @property
    def refused(self) -> bool:
        return self.wait_s > 0


def lockout_wait(state: Path, client: str | None, now: float) -> float:
    """Seconds before an attempt from `client` is checked at all (0: now)."""
    failures = _read_failures(state)
    return max(_wait(failures.get(key, []), limit, now) for key, limit in _limits(client))


def sign_in(
    accounts: Mapping[str, Account], state: Path, name: str, password: str, client: str | None, now: float
) -> Outcome:
    """Check one attempt under the counter's lock: refused unchecked while a counter is full, else the password
    is verified and a failure recorded for the server and the client address."""
    with _locked(state):
        failures = _read_failures(state)
        wait = max(_wait(failures.get(key, []), limit, now) for key, limit in _limits(client))
        if wait > 0:
            return Outcome(None, wait)
        account = accounts.get(account_key(name))
        ok = len(password) <= MAX_PASSWORD_LENGTH and _password_matches(account, password)
        for key, _ in _limits(client):
            kept = _recent(failures.get(key, []), now)
            if not ok:
                kept.append(now)
            elif key != SERVER_KEY:
                kept = []
            failures[key] = kept[-max(SERVER_LIMIT, CLIENT_LIMIT) :]
        failures = {key: times for key, times in failures.items() if _recent(times, now)}
        _atomic_write(state, json.dumps(failures, sort_keys=True).encode("utf-8"))
        return Outcome(account if ok else None)


def unlock(state: Path) -> None:
    """Forget every failure (an administrator, after a lockout)."""
    with _locked(state):
        _atomic_write(state, b"{}")


# --- the command line ---------------------------------------------------------------------------------------


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise AuthError("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cooperation.auth", description="Editor accounts of the dashboard's Data page."
    )
    parser.add_argument("--file", type=Path, help=f"the accounts file (default: ${EDITORS_ENV} or {DEFAULT_EDITORS})")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account, or set a new password for it")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    commands.add_parser("remove", help="delete an account").add_argument("name")
    commands.add_parser("list", help="the account names")
    commands.add_parser("unlock", help="forget every failed sign-in (after a lockout)")
    args = parser.parse_args(argv)
    path = args.file or editors_path()
    try:
        if args.command == "add":
            account = add_account(path, args.name, _read_password(args.password_stdin))
            print(f"{path}: account “{account.name}” saved")
        elif args.command == "remove":
            if not remove_account(path, args.name):
                print(f"{path}: no account “{args.name}”", file=sys.stderr)
                return 1
            print(f"{path}: account “{clean_name(args.name)}” removed")
        elif args.command == "list":
            for account in sorted(load_accounts(path).values(), key=lambda a: a.name.casefold()):
                print(account.name)
        else:
            unlock(state_path())
            print(f"{state_path()}: sign-in counters cleared")
    except AuthError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
