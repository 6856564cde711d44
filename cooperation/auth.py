"""Who may edit: a shared editor secret, compared in constant time, with failed attempts slowed down.

Viewing is open (the dashboard is shown at public forums); editing is not. Editing exists only when a secret is
configured — `editor_secret` in `.streamlit/secrets.toml` or the environment variable
`COOPERATION_EDITOR_SECRET` — so a fresh install is read-only until someone decides otherwise.

Everything here is pure (no Streamlit, no clock, no sleeping): the page passes `st.secrets`, `os.environ`
and the time, and keeps an `Attempts` in the session, so the slowdown is tested without waiting for it.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

SECRET_KEY = "editor_secret"
SECRET_ENV = "COOPERATION_EDITOR_SECRET"
# The wait after the n-th failure in a row: 1, 2, 4, 8 … seconds, never more than five minutes. Enough to make
# guessing hopeless, short enough that a member of staff who mistyped twice is not locked out.
BASE_DELAY_S = 1.0
MAX_DELAY_S = 300.0
MAX_NAME_LENGTH = 80


def configured_secret(secrets: Mapping[str, object], environ: Mapping[str, str]) -> str | None:
    """The secrets file first (it is what the README tells an administrator to edit), then the environment;
    an empty value counts as not configured, so a blank line cannot open editing to everyone."""
    for value in (secrets.get(SECRET_KEY), environ.get(SECRET_ENV)):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def secret_matches(given: str, secret: str) -> bool:
    """Constant-time: how long the comparison takes says nothing about how much of a guess was right."""
    return hmac.compare_digest(given.strip().encode("utf-8"), secret.encode("utf-8"))


def fingerprint(secret: str) -> str:
    """Kept in the session instead of the secret; when the secret is changed or removed, sessions end."""
    return hashlib.sha256(b"cooperation-editor:" + secret.encode("utf-8")).hexdigest()


def editor_name(name: str) -> str:
    """The name written to the change log: one line, trimmed, bounded."""
    return " ".join(name.split())[:MAX_NAME_LENGTH]


@dataclass(frozen=True)
class Attempts:
    """Failed sign-ins of one session in a row and when the last one happened (seconds, any clock)."""

    failures: int = 0
    last_failure: float | None = None

    @property
    def delay(self) -> float:
        """How long after the last failure the next attempt is refused: doubles per failure, capped."""
        if self.failures <= 0:
            return 0.0
        return min(BASE_DELAY_S * 2 ** min(self.failures - 1, 32), MAX_DELAY_S)

    def wait(self, now: float) -> float:
        """Seconds until an attempt is accepted again; 0 when one may be made now."""
        if self.last_failure is None:
            return 0.0
        return max(0.0, self.last_failure + self.delay - now)

    def failed(self, now: float) -> Attempts:
        return Attempts(self.failures + 1, now)


def sign_in(given: str, secret: str, attempts: Attempts, now: float) -> tuple[bool, Attempts]:
    """One attempt. While the wait runs an attempt is refused without comparing, so hammering gains nothing;
    a success clears the count."""
    if attempts.wait(now) > 0:
        return False, attempts
    if secret_matches(given, secret):
        return True, Attempts()
    return False, attempts.failed(now)
