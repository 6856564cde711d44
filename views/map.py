"""Map: Kazan linked to every partner, drawn offline on the bundled country borders."""

from __future__ import annotations

import streamlit as st

from cooperation import maps, metrics, ui
from cooperation.filters import FilteredView
from cooperation.i18n import format_date, format_int, label
from cooperation.loading import Dataset
from cooperation.palette import RELATION_COLORS
from cooperation.ui import derived, empty_notice, footer, legend, page_header, plain
from cooperation.vocab import HOME_CITY_ID, RELATIONS

ctx = ui.current()


def partner_summary(view: FilteredView, dataset: Dataset, lang: str):
    return metrics.partner_summary(view.contacts, view.partners, view.agreements)


def deck(view: FilteredView, dataset: Dataset, lang: str):
    home = dataset.cities.set_index("city_id").loc[HOME_CITY_ID]
    return maps.partner_map(partner_summary(view, dataset, lang), home, lang, resolution="50m", height=560)


def partner_panel(summary, city_id: str | None) -> None:
    if city_id is None or city_id not in set(summary["city_id"]):
        st.info(ctx.t("map.click_hint"), icon=":material/ads_click:")
        return
    row = summary.set_index("city_id").loc[city_id]
    st.subheader(plain(row[f"name_{ctx.lang}"]))
    st.caption(plain(row[f"country_{ctx.lang}"]))
    st.metric(ctx.t("common.contacts"), format_int(row["contacts"], ctx.lang))
    last = row["last_contact"]
    st.write(
        f"**{ctx.t('common.last_contact')}:** "
        f"{format_date(last.date(), ctx.lang, row['last_precision']) if last == last and last is not None else '—'}"
    )
    st.write(f"**{ctx.t('common.agreements')}:** {plain(row[f'agreements_{ctx.lang}']) or '—'}")
    st.write(f"**{ctx.t('map.relation')}:** {label('relation', row['relation'], ctx.lang) if row['relation'] else '—'}")
    ui.link(ctx, "partner", "map.open_profile", ":material/location_city:", params={"city": [city_id]})
    ui.link(ctx, "timeline", "map.open_timeline", ":material/timeline:", params={"partner": [city_id]})


def body() -> None:
    page_header(ctx)
    view = ctx.view
    if view.partners.empty:
        empty_notice(ctx)
        footer(ctx)
        return
    summary = derived(ctx, partner_summary)
    left, right = st.columns([3, 1])
    with left:
        event = st.pydeck_chart(
            derived(ctx, deck), height=560, on_select="rerun", selection_mode="single-object", key="partner_map"
        )
        legend(
            [(label("relation", r, ctx.lang), RELATION_COLORS[r]) for r in RELATIONS if r in set(summary["relation"])]
        )
        note = maps.unplaced_note(summary, ctx.lang)
        if note:
            st.caption(plain(note))
    with right:
        partner_panel(summary, maps.selected_city(event))
    footer(ctx)


body()
