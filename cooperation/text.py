"""Text from the data, shown through Streamlit's Markdown as exactly the characters it holds.

Almost everything Streamlit draws goes through its Markdown renderer — `st.markdown`, captions, headers,
alerts, metric and widget labels — and that renderer understands more than CommonMark: GitHub's tables,
strikethrough and bare-URL autolinks (`https://…`, `www.…`, `name@host`), LaTeX between dollars, `:red[…]`
colour and badge directives, HTML. A partner's name or a contact's text holding `![x](https://host/p.png)` would
make every viewer's browser fetch an outside image (the presentation must run offline), `[text](url)` a
clickable outside link, `$…$` a formula, `# …` a heading.

`plain()` neutralises each construct at the character it cannot do without, and leaves the rest of the text as
typed (file names, "row 5, column …", times such as 10:30 stay readable in the Markdown source too). Bare URLs
are the exception: Streamlit finds them in the text *after* parsing (GitHub's autolink literals are a transform
of the text nodes), so no escape can stop them; an invisible U+2060 WORD JOINER inside `://`, `www.` and before
`@` does, and is the only character `plain()` adds that a reader does not see:

| construct | neutralised by |
|---|---|
| links, images, reference links, directive labels | `[` `]` escaped (no link or image exists without `[`) |
| HTML tags, `<url>` autolinks | `<` `>` as `&lt;` `&gt;` |
| entities | `&` as `&amp;` |
| emphasis, strikethrough, code | `*` `_` `~` `` ` `` escaped |
| LaTeX | `$` escaped |
| `:red[…]`, `:material/…:` and other directives | `:` escaped before a letter |
| bare-URL autolinks | an invisible word joiner (U+2060) before the `:` of `://`, the dot of `www.` and `@` |
| tables | `|` escaped |
| headings, lists, quotes, rules (at a line's start) | line breaks become spaces; a leading `#`, `-`, `+`,
  `=` or `1.` / `1)` escaped |
| the escape character itself | `\\` escaped |
"""

from __future__ import annotations

import re

import pandas as pd

# Whatever ends a line for Markdown or for the browser: CR, LF, VT, FF, NEL, the Unicode line/paragraph separators.
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]+")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ANYWHERE = re.compile(r"[\\`*_~\[\]$|&<>]|:(?=[A-Za-z])", re.IGNORECASE)
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?=://)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
# A block marker at the start of the text (after its leading spaces): heading, list, setext underline, thematic
# break (a quote's `>` is already `&gt;`).
_LEADING = re.compile(r"^(\s*)(?:([#+=-])|(\d{1,9})([.)]))")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _ENTITIES.get(char, "\\" + char)


def _leading(match: re.Match[str]) -> str:
    spaces, marker, number, delimiter = match.groups()
    return f"{spaces}\\{marker}" if marker else f"{spaces}{number}\\{delimiter}"


def plain(text: object) -> str:
    """`text` (any value; None is empty) ready to be put inside Markdown and shown as those very characters."""
    if text is None:
        return ""
    one_line = _LINE_BREAKS.sub(" ", str(text))
    escaped = _LEADING.sub(_leading, _ANYWHERE.sub(_escape, one_line), count=1)
    return _AUTOLINK.sub(WORD_JOINER, escaped)


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell through `plain()`, for elements that render cells as Markdown
    (`st.table`); numbers and other values are left as they are."""
    return frame.apply(
        lambda column: column.map(plain) if column.dtype == object or pd.api.types.is_string_dtype(column) else column
    )
