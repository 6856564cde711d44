"""Links to the view on screen and their QR codes (cooperation.qr), without Streamlit.

The drawn code is checked against segno's own matrix of the expected link, written out by hand here: the
PNG is read back pixel by pixel (Pillow), one sample per module centre, so the test fails if the code holds
another text, is cropped, lacks its quiet zone or is scaled so modules blur."""

from __future__ import annotations

import io

import pytest
import segno
from PIL import Image

from cooperation import qr

HALL = "http://192.168.1.20:8501"


def test_the_secrets_file_comes_first_then_the_environment():
    env = {qr.PUBLIC_URL_ENV: "https://env.example"}
    assert qr.public_address({"public_url": "https://hall.example/"}, env).url == "https://hall.example"
    assert qr.public_address({}, env).url == "https://env.example"
    assert qr.public_address({"public_url": "  "}, env).url == "https://env.example"
    missing = qr.public_address({}, {})
    assert missing.url is None and missing.problem == "missing"


@pytest.mark.parametrize(
    "given", ["192.168.1.20:8501", "ftp://hall.example", "http://", "https://x.example/?a=1", "javascript:alert(1)"]
)
def test_an_address_that_is_not_http_with_a_host_is_refused_and_quoted(given):
    address = qr.public_address({"public_url": given}, {})
    assert address.url is None and address.problem == "invalid" and address.given == given


def test_a_public_address_under_a_path_keeps_it():
    assert (
        qr.public_address({}, {qr.PUBLIC_URL_ENV: "https://city.example/dashboard/"}).url
        == "https://city.example/dashboard"
    )


@pytest.mark.parametrize(
    ("browser_url", "base", "page"),
    [
        ("http://localhost:8501/", "", ""),
        ("http://localhost:8501", "", ""),
        ("http://localhost:8501/map", "", "map"),
        ("http://127.0.0.1:8501/dash/present", "dash", "present"),
        ("http://127.0.0.1:8501/dash", "/dash/", ""),
        (None, "", ""),
    ],
)
def test_the_page_path_is_read_from_the_browser_url_less_the_base_path(browser_url, base, page):
    assert qr.page_path(browser_url, base) == page


def test_the_link_carries_page_filters_language_and_slide_in_order():
    query = {"slide": ["3"], "lang": ["en"], "country": ["CN", "IR"]}
    assert qr.view_link(HALL, "present", query) == f"{HALL}/present?country=CN&country=IR&lang=en&slide=3"
    assert qr.view_link(HALL + "/", "", {}) == f"{HALL}/"
    assert (
        qr.view_link(HALL, "timeline", {"q": ["Харбин & co"]})
        == f"{HALL}/timeline?q=%D0%A5%D0%B0%D1%80%D0%B1%D0%B8%D0%BD+%26+co"
    )


def modules_of_png(data: bytes, size: int) -> list[list[int]]:
    """1 for a dark module, 0 for a light one, sampled at each module's centre."""
    image = Image.open(io.BytesIO(data)).convert("L")
    assert image.width == image.height and image.width % size == 0, (image.size, size)
    step = image.width // size
    return [
        [int(image.getpixel((x * step + step // 2, y * step + step // 2)) < 128) for x in range(size)]
        for y in range(size)
    ]


@pytest.mark.parametrize("pixels", [240, 640])
def test_the_png_holds_exactly_segnos_matrix_of_the_link(pixels):
    link = f"{HALL}/map?country=CN&lang=en"
    expected = segno.make_qr(f"{HALL}/map?country=CN&lang=en", error="m")
    border = qr.QUIET_ZONE
    size = len(expected.matrix) + 2 * border
    drawn = modules_of_png(qr.png(link, pixels), size)
    wanted = (
        [[0] * size for _ in range(border)]
        + [[0] * border + [int(bool(v)) for v in row] + [0] * border for row in expected.matrix]
        + [[0] * size for _ in range(border)]
    )
    assert drawn == wanted


def test_the_hall_code_is_large_and_sharp():
    """A link with several filters still gets at least 10 px per module on the slides' 640-px code, drawn
    in whole pixels, black on white (the projector's contrast)."""
    link = qr.view_link(
        HALL,
        "present",
        {
            "country": ["CN", "IR", "IT"],
            "sphere": ["culture", "economy"],
            "from": ["2015"],
            "to": ["2024"],
            "lang": ["ru"],
            "slide": ["2"],
        },
    )
    image = Image.open(io.BytesIO(qr.png(link, 640)))
    assert 560 <= image.width <= 640
    assert qr.scale_for(link, 640) >= 10
    histogram = image.convert("L").histogram()
    assert {level for level, count in enumerate(histogram) if count} == {0, 255}


def test_the_svg_is_a_scalable_document_of_the_same_code():
    link = f"{HALL}/?lang=en"
    text = qr.svg(link)
    assert text.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in text
    size = qr.modules(link)
    assert f'viewBox="0 0 {size} {size}"' in text and "width=" not in text.split(">")[0]
