"""Text from the data, shown through Streamlit's Markdown as exactly the characters it holds.

Almost everything Streamlit draws goes through its Markdown renderer — `st.markdown`, captions, headers,
alerts, metric and widget labels — and that renderer understands more than CommonMark: GitHub's tables,
strikethrough and bare-URL autolinks (`https://…`, `www.…`, `name@host`), LaTeX between dollars, `:red[…]`
colour and badge directives, HTML. A partner's name or a contact's text holding `![x](https://host/p.png)` would
make every viewer's browser fetch an outside image (the presentation must run offline), `[text](url)` a
clickable outside link, `$…$` a formula, `# …` a heading.

`plain()` neutralises each construct at the character it cannot do without, and leaves the rest of the text as
typed (file names, "row 5, column …", times such as 10:30 stay readable in the Markdown source too):

| construct | neutralised by |
|---|---|
| links, images, reference links, directive labels | `[` `]` escaped (no link or image exists without `[`) |
| HTML tags, `<url>` autolinks | `<` `>` as `&lt;` `&gt;` |
| entities | `&` as `&amp;` |
| emphasis, strikethrough, code | `*` `_` `~` `` ` `` escaped |
| LaTeX | `$` escaped |
| `:red[…]`, `:material/…:` and other directives | `:` escaped before a letter |
| bare-URL autolinks | `:` escaped in `://`, the dot of `www.` escaped, `@` escaped |
| tables | `|` escaped |
| headings, lists, quotes, rules (at a line's start) | line breaks become spaces; a leading `#`, `-`, `+`, `=` or `1.` / `1)` escaped |
| the escape character itself | `\\` escaped |
"""
from __future__ import annotations

import re

# Whatever ends a line for Markdown or for the browser: CR, LF, VT, FF, NEL, the Unicode line/paragraph separators.
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]+")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ANYWHERE = re.compile(r"[\\`*_~\[\]$|@&<>]|:(?=[A-Za-z/])|(?<=www)\.", re.IGNORECASE)
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
    return _LEADING.sub(_leading, _ANYWHERE.sub(_escape, one_line), count=1)
