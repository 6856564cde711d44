"""The partner profile page under AppTest, with "today" fixed at 2026-01-15."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from harness import assert_healthy, query, run, texts
from streamlit.testing.v1 import AppTest

from cooperation import filters, partners
from cooperation.clock import TODAY_ENV
from cooperation.coverage import scope_line
from cooperation.export import briefing as briefing_module
from cooperation.export.briefing import briefing_data, briefing_docx, briefing_html
from cooperation.i18n import LANGS, t
from cooperation.loading import Dataset, load_dataset

TODAY = datetime.date(2026, 1, 15)
pytestmark = pytest.mark.usefixtures("fixed_today")


def texts_of(at: AppTest, *kinds: str) -> str:
    return "\n".join(texts(at, *kinds))


@pytest.mark.parametrize("lang", LANGS)
def test_partner_from_url(lang: str) -> None:
    at = run("partner", lang=lang, city="harbin", country="CN")
    assert_healthy(at)
    assert at.selectbox(key="partner_city").value == "harbin"
    assert ("Харбин" if lang == "ru" else "Harbin") in at.header[0].value
    labels = [b.label for b in at.get("download_button")]
    assert t("partner.download_html", lang) in labels and t("partner.download_docx", lang) in labels
    # The page's own parameter and the filters both stay in the URL.
    assert query(at, "city") == ["harbin"] and query(at, "country") == ["CN"] and query(at, "lang") == [lang]
    assert at.table[0].value.shape[0] == 2  # the 2006 memorandum and the 2023 protocol a contact entry records
    assert len(at.get("vega_lite_chart")) >= 1  # its contacts on the timeline


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_files_hold_the_partner(dataset: Dataset, lang: str) -> None:
    """The bytes the two download buttons carry (AppTest shows the buttons, not the files)."""
    b = briefing_data(dataset, "harbin", lang, TODAY)
    name = "Харбин" if lang == "ru" else "Harbin"
    html = briefing_html(b)
    assert name in html and scope_line(dataset, lang) in html
    document = docx.Document(io.BytesIO(briefing_docx(b)))
    assert any(name in p.text for p in document.paragraphs)


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_city_warns_and_falls_back(lang: str) -> None:
    at = run("partner", lang=lang, city="atlantis")
    assert_healthy(at)
    assert any("atlantis" in w.value for w in at.warning)
    first = next(iter(partners.partner_names(filters.partner_cities(load_dataset()), lang)))
    assert at.selectbox(key="partner_city").value == first
    assert query(at, "city") == [first]


def test_choosing_a_partner_writes_the_url() -> None:
    at = run("partner", lang="en", city="harbin", sphere="culture")
    at.selectbox(key="partner_city").set_value("wuhan").run()
    assert_healthy(at)
    assert "Wuhan" in at.header[0].value
    assert query(at, "city") == ["wuhan"]
    assert query(at, "sphere") == ["culture"] and query(at, "lang") == ["en"]
    # A later run keeps the choice (the URL now says wuhan).
    at.run()
    assert at.selectbox(key="partner_city").value == "wuhan"


def test_partner_filter_opens_that_partner_and_says_it_has_no_contacts() -> None:
    at = run("partner", lang="en", partner="urbino")
    assert_healthy(at)
    assert at.selectbox(key="partner_city").value == "urbino"
    assert t("common.empty", "en") in [i.value for i in at.info]


def test_filters_that_exclude_the_partner_are_named() -> None:
    at = run("partner", lang="en", city="harbin", country="IR")
    assert_healthy(at)
    assert t("partner.filtered_out", "en", name="Harbin") in [i.value for i in at.info]


def test_link_from_another_page_opens_the_profile() -> None:
    """What the map's panel does: st.page_link("pages/partner.py", query_params={**ctx.query, "city": [id]})."""
    at = run("planning", lang="en", start="2026-01-01")
    links = [link for link in at.main.get("page_link") if link.proto.page == "partner"]
    assert links, "planning items link to the partner profile"
    assert any("city=harbin" in link.proto.query_string and "lang=en" in link.proto.query_string for link in links)


def test_the_page_stays_up_and_says_so_when_a_briefing_file_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's download boundary: the DOCX writer raises, the page still shows the partner, says in words
    that the Word file could not be built, and offers the HTML one."""

    def broken(_b):
        raise ValueError("a value no writer foresaw")

    monkeypatch.setattr(briefing_module, "briefing_docx", broken)
    monkeypatch.setenv(TODAY_ENV, "2026-03-03")  # a date no other test uses: the page's cache cannot serve it
    at = run("partner", lang="en", city="harbin")
    assert_healthy(at)
    assert "Harbin" in at.header[0].value
    assert t("briefing.download_failed", "en", file="DOCX") in [w.value for w in at.warning]
    assert [b.label for b in at.get("download_button")] == [t("partner.download_html", "en")]
