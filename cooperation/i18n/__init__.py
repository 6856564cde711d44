"""The translation catalogue: every label the dashboard shows, in Russian and English, defined once.

The texts are data (`ru.toml`, `en.toml` in this folder); `lookup` finds them, `formatting` writes numbers and
dates the language's way. Pages and figure builders never hold display text; they ask `t(key, lang)`.
Vocabulary labels (spheres, venues, formats, …) are keyed `<vocabulary>.<value>` so a test can check that
every value of every vocabulary in `cooperation.vocab` has both translations. Source texts (descriptions,
contact entries) are not translated: they are shown as written, in Russian.
"""

from cooperation.i18n.formatting import format_date, format_int, format_number, format_period, month_name
from cooperation.i18n.lookup import CATALOGUE, DEFAULT_LANG, LANGS, label, labels, normalise_lang, plural, t

__all__ = [
    "CATALOGUE",
    "DEFAULT_LANG",
    "LANGS",
    "format_date",
    "format_int",
    "format_number",
    "format_period",
    "label",
    "labels",
    "month_name",
    "normalise_lang",
    "plural",
    "t",
]
