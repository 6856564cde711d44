"""The benchmark scripts' own pieces still fit the app they measure (they are not run by the suite otherwise)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scale():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import scale as module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


def test_the_loader_probe_times_the_apps_cached_loader(scale) -> None:
    first, warm = scale.loader_times(runs=2, timeout_s=60)
    assert first > 0 and warm > 0


def test_a_new_view_is_timed_on_a_page(scale) -> None:
    at = scale.app_test(ROOT / "views" / "activity.py", "en")
    at.run()
    wall, cpu = scale.time_new_views(at, 2, 2001)
    assert len(wall) == len(cpu) == 2 and min(wall) > 0
    assert not at.exception and not at.error and "from" not in at.query_params
