"""Kazan beside Russia as a whole: the words of the overview's national comparison (`overview` draws it)."""

from __future__ import annotations

import pandas as pd

from cooperation.i18n import format_int, t


def national_scope(frame: pd.DataFrame, lang: str) -> str:
    """ "in this data (10 of 74 partners)": how much of Kazan's record a count from the data stands on."""
    values = frame.set_index("measure")["value"]
    shown = format_int(int(values.get("partner_cities_in_data", 0)), lang)
    if "partner_cities_known" in values:
        return t("national.scope", lang, shown=shown, total=format_int(int(values["partner_cities_known"]), lang))
    return t("national.scope_unknown", lang, shown=shown)


def panel_title(panel: str, rows: pd.DataFrame, lang: str) -> str:
    """The heading of one panel: a kind of count, or the country whose links it compares."""
    if panel in ("partner_cities", "countries", "agreements"):
        return t(f"national.panel.{panel}", lang)
    return t("national.panel.country", lang, b=str(rows[f"country_{lang}"].iloc[0]))
