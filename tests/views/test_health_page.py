"""The agreement-health page under AppTest, with "today" fixed at 2026-01-15."""

from __future__ import annotations

import datetime

import pytest
from harness import assert_healthy, query, run, texts
from streamlit.testing.v1 import AppTest

from cooperation.export.table import TABLE_FILES
from cooperation.health import DEFAULT_THRESHOLDS, status_label
from cooperation.i18n import LANGS, t

TODAY = datetime.date(2026, 1, 15)
pytestmark = pytest.mark.usefixtures("fixed_today")


def texts_of(at: AppTest, *kinds: str) -> str:
    return "\n".join(texts(at, *kinds))


def status_of(at: AppTest, name: str, lang: str = "en") -> str:
    frame = at.dataframe[0].value
    row = frame[frame[t("common.partner", lang)] == name]
    assert len(row) == 1, frame
    return row.iloc[0][t("health.col.status", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_health_table_shows_never_activated(lang: str) -> None:
    at = run("health", lang=lang)
    assert_healthy(at)
    assert status_of(at, "Урбино" if lang == "ru" else "Urbino", lang) == status_label("never_activated", lang)
    assert len(at.get("vega_lite_chart")) == 1
    assert [b.label for b in at.get("download_button")] == [t(f.label_key, lang) for f in TABLE_FILES]


def test_changing_the_dormant_threshold_changes_a_status() -> None:
    at = run("health", lang="en")
    assert status_of(at, "Hangzhou") == status_label("slowing", "en")
    at.number_input(key="h_dormant").set_value(1.0).run()
    assert_healthy(at)
    assert status_of(at, "Hangzhou") == status_label("dormant", "en")
    assert query(at, "dormant") == ["1"]


def test_thresholds_come_from_the_url_and_bad_ones_are_reported() -> None:
    at = run("health", lang="en", dormant="1", active="abc")
    assert_healthy(at)
    assert status_of(at, "Hangzhou") == status_label("dormant", "en")
    assert any("abc" in w.value for w in at.warning)
    assert at.number_input(key="h_active").value == DEFAULT_THRESHOLDS.active_years
    assert query(at, "active") == [] and query(at, "dormant") == ["1"]


def test_health_status_filter_limits_the_table() -> None:
    at = run("health", lang="en")
    at.multiselect(key="h_status").select("never_activated").run()
    assert_healthy(at)
    assert at.dataframe[0].value[t("common.partner", "en")].tolist() == ["Urbino"]
