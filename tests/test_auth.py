"""Who may edit: the secret's sources, a constant-time comparison, and a slowdown computed without sleeping."""
from __future__ import annotations

import hmac

import pytest

from cooperation import auth


def test_no_secret_means_read_only():
    assert auth.configured_secret({}, {}) is None
    assert auth.configured_secret({auth.SECRET_KEY: "  "}, {auth.SECRET_ENV: ""}) is None


def test_secrets_file_wins_over_the_environment():
    assert auth.configured_secret({auth.SECRET_KEY: "from-file"}, {auth.SECRET_ENV: "from-env"}) == "from-file"
    assert auth.configured_secret({}, {auth.SECRET_ENV: " from-env\n"}) == "from-env"
    assert auth.configured_secret({auth.SECRET_KEY: ""}, {auth.SECRET_ENV: "from-env"}) == "from-env"


def test_a_secret_that_is_not_text_is_not_configured():
    assert auth.configured_secret({auth.SECRET_KEY: {"nested": "table"}}, {}) is None


def test_comparison_is_constant_time(monkeypatch):
    calls = []
    compare = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.secret_matches("s3cret ", "s3cret")
    assert not auth.secret_matches("s3cre", "s3cret")
    assert not auth.secret_matches("", "s3cret")
    assert auth.secret_matches("пароль-Ё", "пароль-Ё")
    assert len(calls) == 4


def test_delay_doubles_per_failure_and_is_capped():
    delays = [auth.Attempts(failures=n).delay for n in range(0, 12)]
    assert delays[:5] == [0.0, 1.0, 2.0, 4.0, 8.0]
    assert all(later >= earlier for earlier, later in zip(delays, delays[1:]))
    assert auth.Attempts(failures=10_000).delay == auth.MAX_DELAY_S


def test_wait_counts_down_from_the_last_failure():
    attempts = auth.Attempts().failed(100.0).failed(101.0).failed(102.0)  # third failure: 4 s
    assert attempts.failures == 3
    assert attempts.wait(102.0) == pytest.approx(4.0)
    assert attempts.wait(105.5) == pytest.approx(0.5)
    assert attempts.wait(106.0) == 0.0
    assert auth.Attempts().wait(0.0) == 0.0


def test_attempt_during_the_wait_is_refused_even_with_the_right_secret():
    ok, attempts = auth.sign_in("wrong", "s3cret", auth.Attempts(), now=1000.0)
    assert not ok and attempts.failures == 1
    ok, still = auth.sign_in("s3cret", "s3cret", attempts, now=1000.5)
    assert not ok
    assert still == attempts, "a refused attempt neither compares nor counts"
    ok, cleared = auth.sign_in("s3cret", "s3cret", attempts, now=1001.0)
    assert ok and cleared == auth.Attempts()


def test_guessing_slows_down_exponentially():
    """Twenty guesses, each made as soon as allowed: the last wait reaches the cap, the total is long."""
    now, attempts = 0.0, auth.Attempts()
    for _ in range(20):
        now += attempts.wait(now)
        ok, attempts = auth.sign_in("guess", "s3cret", attempts, now)
        assert not ok
    assert attempts.delay == auth.MAX_DELAY_S
    assert now > 30 * 60, "twenty guesses must take more than half an hour"


def test_fingerprint_changes_with_the_secret_and_does_not_contain_it():
    assert auth.fingerprint("a") != auth.fingerprint("b")
    assert auth.fingerprint("s3cret") == auth.fingerprint("s3cret")
    assert "s3cret" not in auth.fingerprint("s3cret")


def test_editor_name_is_one_bounded_line():
    assert auth.editor_name("  Анна \n Петрова ") == "Анна Петрова"
    assert len(auth.editor_name("x" * 500)) == auth.MAX_NAME_LENGTH
    assert auth.editor_name(" \t ") == ""
