"""Links that hand guests the view on screen, and the QR codes that carry them (issue 18).

The dashboard runs on a laptop in the hall; the guests reach it at an address only its administrator knows
(the hall's wifi address, a reverse proxy), set once as `public_url` in `.streamlit/secrets.toml` or in the
environment variable COOPERATION_PUBLIC_URL. A link is that address, the page's path and the view's query
(filters, language, slide), so a phone opens what the screen shows. Without the address there is no code:
a code of `localhost` would open nothing on a phone, so the presenter is told what to set instead.

Codes are drawn offline by segno: error correction "M" (15% of the code may be unreadable: a projector's
glare, a keystone), a quiet zone of four modules, black on white whatever the theme. Pure: no Streamlit.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

import segno

PUBLIC_URL_KEY = "public_url"
PUBLIC_URL_ENV = "COOPERATION_PUBLIC_URL"
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white around the code: the standard's minimum, which scanners rely on
DARK, LIGHT = "#000000", "#ffffff"


@dataclass(frozen=True)
class PublicAddress:
    """The configured address guests reach the dashboard at (no trailing slash), or why there is none:
    `problem` is "missing" (nothing set) or "invalid" (set, but not an http(s) address with a host)."""

    url: str | None
    problem: str | None = None
    given: str = ""


def public_address(secrets: Mapping[str, object], environ: Mapping[str, str]) -> PublicAddress:
    """The secrets file first (as for the editor secret), then the environment."""
    for value in (secrets.get(PUBLIC_URL_KEY), environ.get(PUBLIC_URL_ENV)):
        if isinstance(value, str) and value.strip():
            given = value.strip()
            parts = urlsplit(given)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
                return PublicAddress(None, "invalid", given)
            return PublicAddress(given.rstrip("/"), None, given)
    return PublicAddress(None, "missing")


def page_path(browser_url: str | None, base_url_path: str = "") -> str:
    """The page's path inside the app ("" for the home page, "map", …) from the URL the browser shows
    (`st.context.url`, which carries no query), less the server's `baseUrlPath`."""
    if not browser_url:
        return ""
    path = urlsplit(browser_url).path.strip("/")
    base = base_url_path.strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return path


def view_link(public_url: str, page: str, query: Mapping[str, Sequence[str]]) -> str:
    """The public link to `page` with `query` (repeated keys for multi-valued filters). Keys are sorted, so
    one view has one link (and one code) whatever order its URL was written in."""
    pairs = [(key, value) for key in sorted(query) for value in query[key]]
    path = "/".join(quote(part) for part in page.strip("/").split("/") if part)
    link = f"{public_url.rstrip('/')}/{path}"
    return f"{link}?{urlencode(pairs)}" if pairs else link


@functools.lru_cache(maxsize=256)
def code(link: str) -> segno.QRCode:
    """The QR code of `link`: the smallest version that holds it at error level M (segno raises the level
    when the version has room to spare, which only makes it sturdier). Kept per link: every rerun of a
    page draws its share menu. Never change the returned code."""
    return segno.make_qr(link, error=ERROR_LEVEL)


def modules(link: str) -> int:
    """The code's width in modules, quiet zone included."""
    return code(link).symbol_size(scale=1, border=QUIET_ZONE)[0]


def scale_for(link: str, pixels: int) -> int:
    """Whole pixels per module so the code, quiet zone included, is at most `pixels` wide (at least 1):
    a whole number keeps every module edge sharp on a projector."""
    return max(1, pixels // modules(link))


def png(link: str, pixels: int) -> bytes:
    """The code as a PNG at most `pixels` wide (`scale_for`), black on white."""
    out = io.BytesIO()
    code(link).save(out, kind="png", scale=scale_for(link, pixels), border=QUIET_ZONE, dark=DARK, light=LIGHT)
    return out.getvalue()


def svg(link: str) -> str:
    """The code as an SVG document that scales to any size (one unit per module)."""
    out = io.BytesIO()
    code(link).save(
        out, kind="svg", scale=1, border=QUIET_ZONE, dark=DARK, light=LIGHT, xmldecl=False, svgns=True, omitsize=True
    )
    return out.getvalue().decode("utf-8")
