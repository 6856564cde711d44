"""Data text through Markdown: every construct Streamlit's renderer knows comes out as the characters typed.

The renderer itself runs in the browser (tests/browser/test_payloads_browser.py draws these payloads on every
page); here the escaping is checked against a CommonMark parser's reading of the escaped text: no link, image,
heading, list, emphasis, code, HTML or entity survives, and the text read back is the text given.
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from cooperation.text import WORD_JOINER, plain

# One payload per kind of Markdown Streamlit renders (the same list the browser test writes into the data).
PAYLOADS: dict[str, str] = {
    "link": "[click me](https://evil.example/phish)",
    "image": "![logo](https://evil.example/pixel.png)",
    "reference_link": "[x][1]\n\n[1]: https://evil.example/ref",
    "autolink_angle": "<https://evil.example/angle>",
    "autolink_bare": "see https://evil.example/bare and www.evil.example",
    "autolink_email": "write to spy@evil.example",
    "html_img": '<img src="https://evil.example/img.png" onerror="alert(1)">',
    "html_script": "<script>alert(1)</script>",
    "latex_inline": "$\\frac{a}{b}$ and $$x^2$$",
    "colour": ":red[alarm] :blue-background[b] :red-badge[badge]",
    "icon": ":material/warning: :smile:",
    "heading": "# Heading",
    "setext_heading": "Title\n===",
    "list": "- item\n1. numbered",
    "quote": "> quoted",
    "emphasis": "*em* **strong** _u_ ~~strike~~",
    "code": "`code` and\n```\nfenced\n```",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "entity": "&amp; &lt;b&gt; &#x41;",
    "rule": "---",
    "backslash": "C:\\path\\to\\*file*",
}


def test_ordinary_text_is_left_as_typed():
    for text in (
        "contacts.csv, row 5, column “Start date”",
        "Визит 10:30 (см. п. 3), 50% — «Казань»!",
        "Harbin 2006-06-13; e-mail, C++? yes.",
        "北京 é",
    ):
        assert plain(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>", "&lt;script&gt;"),
        ("a & b", "a &amp; b"),
        ("$x$", "\\$x\\$"),
        (":red[alarm]", "\\:red\\[alarm\\]"),
        (":material/warning:", "\\:material/warning:"),
        ("https://evil.example", "https\u2060://evil.example"),
        ("WWW.evil.example", "WWW\u2060.evil.example"),
        ("spy@evil.example", "spy\u2060@evil.example"),
        ("a | b", "a \\| b"),
        ("# title", "\\# title"),
        ("  - item", "  \\- item"),
        ("12. item", "12\\. item"),
        ("= =", "\\= ="),
        ("\\*", "\\\\\\*"),
    ],
)
def test_each_construct_is_broken_at_its_key_character(text, shown):
    assert plain(text) == shown


def test_bare_urls_are_broken_by_an_invisible_joiner_the_autolink_patterns_do_not_match():
    """Streamlit (mdast-util-gfm-autolink-literal) finds bare URLs in the parsed text with these patterns."""
    shown = plain("https://a.example/x http://b.example www.c.example x@d.example mailto:e@f.example")
    assert not re.search(r"https?://|www\.|[-.\w+]+@[-\w]+\.", shown, re.IGNORECASE)
    assert shown.replace(WORD_JOINER, "").replace("\\", "") == (
        "https://a.example/x http://b.example www.c.example x@d.example mailto:e@f.example"
    )


def test_line_breaks_become_spaces_so_no_new_block_starts():
    assert plain("a\nb\r\nc\u2028d\u2029e") == "a b c d e"
    assert plain("text\n# heading\n- item") == "text # heading - item"


def test_none_and_numbers():
    assert plain(None) == ""
    assert plain(2024) == "2024"


@pytest.mark.parametrize("kind", PAYLOADS)
def test_payload_is_read_back_as_text(kind):
    """markdown-it-py (CommonMark) reads the escaped text as one paragraph holding exactly the payload's
    characters (each run of line breaks as one space): no other token."""
    payload = PAYLOADS[kind]
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(plain(payload))
    assert [tok.type for tok in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    inline = tokens[1]
    assert [child.type for child in inline.children] == ["text"] * len(inline.children)
    expected = re.sub(r"[\r\n]+", " ", payload)
    shown = "".join(child.content for child in inline.children).replace(WORD_JOINER, "")
    assert shown == expected
