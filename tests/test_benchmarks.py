"""The benchmark scripts' own pieces still fit the app they measure (they are not run by the suite otherwise)."""

from __future__ import annotations

import pytest

from cooperation.paths import ROOT


@pytest.fixture(scope="module")
def scale():
    from benchmarks import scale as module

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
