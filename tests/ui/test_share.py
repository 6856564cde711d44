"""The share menu on the pages and the QR code on the slides, run under AppTest in both languages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cooperation import qr
from cooperation.i18n import CATALOGUE, LANGS
from cooperation.paths import ENTRY
from cooperation.serve import app_test

HALL = "http://192.168.1.20:8501"
TIMEOUT = 60


def run(page: str, url: str, params: dict[str, str | list[str]], *, click_qr: bool = False) -> AppTest:
    at = app_test(ENTRY, TIMEOUT)
    if page != "dashboard.py":
        at.switch_page(page)
    at.context = {"url": url}
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if click_qr:
        at.button(key="present_qr").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def opening(key: str, lang: str) -> str:
    return CATALOGUE[key][lang].split("{")[0]


@pytest.mark.parametrize("lang", LANGS)
def test_the_share_menu_links_to_the_filtered_view_on_the_public_address(monkeypatch, lang):
    monkeypatch.setenv(qr.PUBLIC_URL_ENV, HALL + "/")
    at = run("views/map.py", "http://127.0.0.1:8501/map", {"lang": lang, "country": "CN"})
    links = [code.value for code in at.code]
    assert links == [f"{HALL}/map?country=CN&lang={lang}"]
    assert any(caption.value == CATALOGUE["share.scan"][lang] for caption in at.caption)


@pytest.mark.parametrize("lang", LANGS)
def test_without_a_public_address_there_is_no_code_and_the_reason_is_given(monkeypatch, lang):
    monkeypatch.delenv(qr.PUBLIC_URL_ENV, raising=False)
    at = run("dashboard.py", "http://127.0.0.1:8501/", {"lang": lang})
    assert not at.code
    notes = [info.value for info in at.info if info.value.startswith(opening("share.no_public_url", lang))]
    assert len(notes) == 1 and qr.PUBLIC_URL_ENV in notes[0] and qr.PUBLIC_URL_KEY in notes[0]


def test_a_malformed_public_address_is_named(monkeypatch):
    monkeypatch.setenv(qr.PUBLIC_URL_ENV, "192.168.1.20:8501")
    at = run("dashboard.py", "http://127.0.0.1:8501/", {"lang": "en"})
    assert not at.code
    assert any("“192.168.1.20:8501”" in info.value for info in at.info)


@pytest.mark.parametrize("lang", LANGS)
def test_the_slides_qr_code_is_the_link_to_this_slide(monkeypatch, lang):
    monkeypatch.setenv(qr.PUBLIC_URL_ENV, HALL)
    at = run(
        "views/present.py",
        "http://127.0.0.1:8501/present",
        {"lang": lang, "slide": "3", "sphere": "culture"},
        click_qr=True,
    )
    assert [caption.value for caption in at.caption if caption.value.startswith(HALL)] == [
        f"{HALL}/present?lang={lang}&slide=3&sphere=culture"
    ]


def test_the_slides_say_why_there_is_no_code(monkeypatch):
    monkeypatch.delenv(qr.PUBLIC_URL_ENV, raising=False)
    at = run("views/present.py", "http://127.0.0.1:8501/present", {"lang": "ru"}, click_qr=True)
    assert any(info.value.startswith(opening("share.no_public_url", "ru")) for info in at.info)
