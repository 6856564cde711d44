"""Fixtures of the page tests."""

from __future__ import annotations

import datetime

import pytest

from cooperation.clock import TODAY_ENV

TODAY = datetime.date(2026, 1, 15)


@pytest.fixture()
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    """ "Today" fixed at 2026-01-15, so anniversaries and statuses do not move with the calendar."""
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())
    return TODAY
