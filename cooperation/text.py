"""Text from the data, shown through Streamlit's Markdown as exactly the characters it holds.

Almost everything Streamlit draws goes through its Markdown renderer — `st.markdown`, captions, headers,
alerts, metric and widget labels — and that renderer understands far more than CommonMark: GitHub's tables
and bare-URL autolinks (`https://…`, `www.…`, `name@host`), LaTeX between dollars, `:red[…]` colour and
`:material/…:` icon directives, HTML. A partner's name or a contact's text holding `![x](https://host/p.png)`
would make every viewer's browser fetch an outside image (the presentation must run offline), `[text](url)` a
clickable outside link, `$…$` a formula, `# …` a heading.

CommonMark lets a backslash escape every ASCII punctuation character and nothing else, and every one of the
constructs above starts with or needs one (`[`, `(`, `!`, `$`, `:`, `<`, `#`, `.` and `@` in autolinks, `|` in
tables, `~` for strikethrough, `&` for entities …). So `plain()` escapes all 32 of them — the one rule that
covers the constructs known today and any the renderer adds on the same characters — and turns line breaks
(which would start a new block: a heading, a list, a code block) into spaces. What remains is letters, digits,
spaces and non-ASCII text, which Markdown never reads as syntax.
"""
from __future__ import annotations

import re
import string

# Every character CommonMark allows to be backslash-escaped (its "ASCII punctuation"): string.punctuation.
_ESCAPE = re.compile("([" + re.escape(string.punctuation) + "])")
# Whatever ends a line for Markdown or for the browser: CR, LF, and the Unicode line and paragraph separators.
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x0b\x0c\x85]+")


def plain(text: object) -> str:
    """`text` (any value; None is empty) ready to be put inside Markdown and shown as those very characters."""
    if text is None:
        return ""
    return _ESCAPE.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
