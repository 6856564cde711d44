"""The partner concept as the profile page reads it: which partner a link asks for, the one shown without a
link, a website safe to link, a partner's agreements as a table and the badge colour of each status."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from cooperation.health import recorded_summary
from cooperation.i18n import label, normalise_lang, t

# The query parameter naming the partner (`?city=harbin`), beside the filters and the language every page keeps.
CITY_PARAM = "city"
# The st.badge colour of each partner status (Streamlit's named colours; palette.STATUS_COLORS for charts).
STATUS_BADGE_COLORS: dict[str, str] = {
    "active": "green",
    "renewed": "blue",
    "slowing": "orange",
    "dormant": "red",
    "never_activated": "gray",
    "suspended": "violet",
    "ended": "gray",
}

_SAFE_URL = re.compile(r"^https?://[^\s()<>\[\]\"'`\\]+$", re.IGNORECASE)


def partner_names(partners: pd.DataFrame, lang: str) -> dict[str, str]:
    """city_id → name in the language, in alphabetical order of that name (the selectbox's order)."""
    column = f"name_{normalise_lang(lang)}"
    ordered = partners.drop_duplicates("city_id").sort_values([column, "city_id"], kind="stable")
    return dict(zip(ordered["city_id"], ordered[column].fillna(ordered["city_id"]).astype(str)))


def resolve_city(requested: str | None, known: Sequence[str], default: str) -> tuple[str, bool]:
    """The partner a link asks for, or `default`; the flag says the link named a city that is not a partner."""
    if requested and requested in known:
        return requested, False
    return default, bool(requested)


def default_city(all_ids: Sequence[str], view_ids: Sequence[str], last: str | None) -> str | None:
    """The partner shown without `?city=`: the last one chosen in this tab while the filters keep it, else the
    first the filters keep (`?partner=urbino` opens Urbino), else the first of all."""
    if last and last in view_ids:
        return last
    for candidates in (view_ids, all_ids):
        if len(candidates):
            return candidates[0]
    return None


def safe_link(url: object) -> str | None:
    """A website usable as a markdown link target: http(s) only, nothing that could close the link or start
    markup. Anything else is shown as plain text, not as a link."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if _SAFE_URL.match(url) else None


def agreements_table(agreements: pd.DataFrame, statuses: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A partner's agreements as shown: document, relation, year and where it comes from, the title as written,
    and the latest status staff recorded on it (with its date and source), oldest first."""
    latest = (
        statuses.sort_values("status_date", kind="stable")
        .groupby("agreement_id")
        .tail(1)
        .rename(columns={"status": "recorded_status", "status_date": "recorded_date", "source": "recorded_source"})
        .set_index("agreement_id")
    )
    rows = agreements.sort_values(["year_signed", "agreement_id"], na_position="last", kind="stable")
    recorded = [recorded_summary(latest.loc[a], lang) if a in latest.index else "" for a in rows["agreement_id"]]
    return pd.DataFrame(
        {
            t("briefing.document", lang): [label("doc_type", v, lang) for v in rows["doc_type"]],
            t("field.relation", lang): [label("relation", v, lang) for v in rows["relation"]],
            t("common.year", lang): [
                str(int(y)) if pd.notna(y) else t("common.none", lang) for y in rows["year_signed"]
            ],
            t("field.year_source", lang): [label("year_source", v, lang) for v in rows["year_source"]],
            t("field.recorded_in", lang): [
                label("recorded_in", v or "staff", lang) for v in rows["recorded_in"].fillna("")
            ],
            t("briefing.title_as_written", lang): rows["title_ru"].fillna("").to_numpy(),
            t("briefing.recorded_status", lang): [r or t("common.none", lang) for r in recorded],
        }
    )
