"""The forums page under AppTest, with "today" fixed at 2026-01-15 (also at a thousand partners)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from harness import assert_healthy, run, texts
from streamlit.testing.v1 import AppTest

from cooperation import forums
from cooperation.charts import forums as forum_charts
from cooperation.i18n import LANGS, t

TODAY = datetime.date(2026, 1, 15)
pytestmark = pytest.mark.usefixtures("fixed_today")


def texts_of(at: AppTest, *kinds: str) -> str:
    return "\n".join(texts(at, *kinds))


@pytest.mark.parametrize("lang", LANGS)
def test_forums_matrix_lists_harbin_at_the_united_cities_forum(lang: str) -> None:
    at = run("forums", lang=lang)
    assert_healthy(at)
    column = forums.edition_label("united_cities_forum", 2023, lang)
    matrices = [df.value for df in at.dataframe if column in df.value.columns]
    assert matrices, [list(df.value.columns) for df in at.dataframe]
    matrix = matrices[0].set_index(t("common.partner", lang))
    assert matrix.loc["Харбин" if lang == "ru" else "Harbin", column] == forums.MARK_SYMBOLS["in_person"]
    # Qiqihar's vice-mayor joined UCF 2023 online but its chess team played there (issue 17: two contacts);
    # Hefei's vice-mayor joined Kazan Digital Week 2023 online and nothing else of Hefei's was there.
    kdw = forums.edition_label("kazan_digital_week", 2023, lang)
    assert matrix.loc["Хэфэй" if lang == "ru" else "Hefei", kdw] == forums.MARK_SYMBOLS["online"]
    # The programme: one expander per session.
    assert len(at.expander) >= 5


def test_forums_respect_the_partner_filter() -> None:
    at = run("forums", lang="en", partner="hefei")
    assert_healthy(at)
    matrix = next(df.value for df in at.dataframe if t("forums.col.editions", "en") in df.value.columns)
    assert matrix[t("common.partner", "en")].tolist() == ["Hefei"]


def test_forums_page_at_a_thousand_partners_lists_all_and_charts_the_most_frequent(
    hundredfold: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cooperation.loading import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(hundredfold))
    at = run("forums", lang="en")
    assert_healthy(at)
    matrix = next(df.value for df in at.dataframe if t("forums.col.editions", "en") in df.value.columns)
    assert len(matrix) > forum_charts.MAX_CHART_PARTNERS
    chart = at.get("vega_lite_chart")[0]
    assert (
        t("forums.chart_top", "en", shown=forum_charts.MAX_CHART_PARTNERS, total=f"{len(matrix):,}") in chart.proto.spec
    )
    # The long invitation list scrolls in a grid, every row of it there; no text table draws hundreds of rows.
    invite = t("forums.col.missed", "en")
    invitations = next(df.value for df in at.dataframe if invite in df.value.columns)
    assert len(invitations) > 30 and set(invitations[t("common.partner", "en")]) <= set(
        matrix[t("common.partner", "en")]
    )
    assert all(len(table.value) <= 30 for table in at.table)
