"""The share menu of every page and the hall's QR code on the slides: Streamlit's side of `cooperation.qr`.

Both show the public link to the view on screen — the page, its filters, its language, the slide — and its
QR code; without a configured public address they say what to set instead (README "Sharing a view").
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import segno
import streamlit as st

from cooperation import qr
from cooperation.i18n import t

MENU_CODE_PX = 240  # the sidebar's code: a phone held next to the laptop
HALL_CODE_PX = 640  # the slides' code: about two thirds of a 1080-px screen's height, to scan from the back
SVG_NAME = "qr-code.svg"


def _address() -> qr.PublicAddress:
    try:
        secrets = st.secrets.to_dict()
    except FileNotFoundError:
        secrets = {}
    return qr.public_address(secrets, os.environ)


def current_query() -> dict[str, list[str]]:
    """The query of the view on screen, as the URL holds it after the page wrote its filters back."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def link_to_view(query: Mapping[str, Sequence[str]]) -> tuple[str | None, str]:
    """The public link to this page with `query`, or None and the sentence telling the presenter why not."""
    address = _address()
    if address.url is None:
        key = "share.no_public_url" if address.problem == "missing" else "share.bad_public_url"
        return None, key
    page = qr.page_path(st.context.url, str(st.get_option("server.baseUrlPath") or ""))
    return qr.view_link(address.url, page, query), ""


def _why_not(key: str, lang: str) -> None:
    st.info(
        t(key, lang, setting=qr.PUBLIC_URL_KEY, env=qr.PUBLIC_URL_ENV, given=_address().given),
        icon=":material/qr_code_2:",
    )


def _code(link: str, pixels: int, lang: str) -> bool:
    """The code of `link`, or — for a link longer than a QR code holds (thousands of filter values) — why not."""
    try:
        st.image(qr.png(link, pixels), width=pixels)
    except segno.DataOverflowError:
        st.info(t("share.too_long", lang), icon=":material/qr_code_2:")
        return False
    return True


def share_menu(lang: str) -> None:
    """The sidebar's "Share" popover: the link to the view on screen, its QR code and the code as SVG."""
    with st.sidebar, st.popover(t("share.button", lang), icon=":material/qr_code_2:", width="stretch"):
        link, problem = link_to_view(current_query())
        if link is None:
            _why_not(problem, lang)
            return
        st.caption(t("share.scan", lang))
        drawn = _code(link, MENU_CODE_PX, lang)
        st.code(link, language=None, wrap_lines=True)
        if drawn:
            st.download_button(
                t("share.download_svg", lang),
                lambda: qr.svg(link),
                file_name=SVG_NAME,
                mime="image/svg+xml",
                icon=":material/download:",
                key="share_svg",
            )


def hall_code(lang: str, query: Mapping[str, Sequence[str]]) -> None:
    """A dialog over the slide with the code of the slide's view, as large as the screen allows."""

    def body() -> None:
        link, problem = link_to_view(query)
        if link is None:
            _why_not(problem, lang)
            return
        _code(link, HALL_CODE_PX, lang)
        st.caption(link)

    st.dialog(t("share.hall_title", lang), width="large")(body)()
