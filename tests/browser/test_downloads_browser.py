"""The timeline's downloads through a real server and Chromium: Streamlit builds each file when its button is
clicked (a deferred callable), so only a click shows that the page hands the builders the table shown and the
search term behind it."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from cooperation.export.table import TABLE_FILES
from cooperation.i18n import t

pytestmark = pytest.mark.browser

SEARCH = "Harbin"
DOWNLOAD_TIMEOUT_MS = 60_000


def download(page, wait_idle, label: str) -> bytes:
    """Click a download button and read the file (the buttons do not rerun the page)."""
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        page.get_by_role("button", name=label, exact=True).click()
    data = info.value.path().read_bytes()
    wait_idle(page)
    return data


def test_timeline_downloads_are_the_searched_table_and_say_so(page, recorder, server, wait_idle) -> None:
    page.goto(f"{server}/timeline?lang=en&country=CN")
    wait_idle(page)
    search = page.get_by_label(t("timeline.search", "en"))
    search.fill(SEARCH)
    search.press("Enter")
    wait_idle(page)
    files = {spec.suffix: download(page, wait_idle, t(spec.label_key, "en")) for spec in TABLE_FILES}

    plain = pd.read_csv(io.BytesIO(files[".csv"]))
    assert len(plain) > 0 and set(plain[t("common.partner", "en")]) == {"Harbin"}
    assert next(csv.reader(io.StringIO(files[".csv"].decode("utf-8"))))[0] == t("common.date", "en")
    excel = pd.read_csv(io.BytesIO(files["-excel.csv"]), sep=";", encoding="utf-8-sig")
    assert excel.shape == plain.shape
    about = files["-about.txt"].decode("utf-8-sig")
    assert f"{t('export.about.search', 'en')}: {SEARCH}" in about and "China" in about
    assert f"{t('export.about.table', 'en')}: {t('nav.timeline', 'en')}: contacts" in about
    assert files[".xlsx"].startswith(b"PK")
    assert recorder.outside == [], f"requests left the machine: {recorder.outside}"


@pytest.mark.parametrize(("path", "lang", "partner"), [("/health", "ru", "Урбино"), ("/forums", "en", "Harbin")])
def test_health_and_forum_downloads_open_as_the_table_shown(
    page, recorder, server, wait_idle, path: str, lang: str, partner: str
) -> None:
    """The first table's four files on the health and forums pages, clicked as staff click them."""
    page.goto(f"{server}{path}?lang={lang}")
    wait_idle(page)
    files = {}
    for spec in TABLE_FILES:
        with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
            page.get_by_role("button", name=t(spec.label_key, lang), exact=True).first.click()
        files[spec.suffix] = info.value.path().read_bytes()
        wait_idle(page)
    plain = pd.read_csv(io.BytesIO(files[".csv"]))
    assert partner in set(plain[t("common.partner", lang)]), plain.head()
    excel = pd.read_csv(io.BytesIO(files["-excel.csv"]), sep=";", encoding="utf-8-sig")
    assert excel.shape == plain.shape
    assert files[".xlsx"].startswith(b"PK") and files["-about.txt"].strip()
    assert recorder.outside == [], f"requests left the machine: {recorder.outside}"
