"""Agreement health: is each partnership active, slowing, dormant or never put into practice?

The thresholds of the rules are set on the page and kept in the URL (`?active=2&dormant=5&trend=3&min=1`,
only those that differ from the defaults), so a link opens the same verdicts.
"""
from __future__ import annotations

import dataclasses

import streamlit as st

from cooperation import profile
from cooperation.health import DEFAULT_THRESHOLDS, Thresholds, health_of, rules_markdown, status_chart, status_label
from cooperation.i18n import format_date, format_number
from cooperation.ui import (
    derived,
    empty_notice,
    footer,
    page_header,
    page_setup,
    plain,
    run_page,
    table_downloads,
    today,
)
from cooperation.vocab import PARTNER_STATUSES

URL_SEEN = "_health_url_thresholds"
STATUS_KEY = "h_status"

# page_setup rewrites the URL to the filters and the language, so the page's own parameters are read first.
REQUESTED = {spec.param: st.query_params.get_all(spec.param) for spec in profile.THRESHOLD_PARAMS}
ctx = page_setup("nav.health")


def widget_key(spec: profile.ThresholdParam) -> str:
    return f"h_{spec.param}"


def choose_thresholds() -> Thresholds:
    """Number inputs seeded from the URL when it changed; their values written back to the URL."""
    from_url, rejected = profile.parse_thresholds(REQUESTED)
    for param, value in rejected:
        st.warning(ctx.t("health.bad_threshold", what=ctx.t(f"health.threshold.{param}"), value=plain(value)),
                   icon=":material/help:")
    signature = repr(sorted((k, v) for k, v in REQUESTED.items() if v))
    if st.session_state.get(URL_SEEN) != signature:
        for spec in profile.THRESHOLD_PARAMS:
            st.session_state[widget_key(spec)] = getattr(from_url, spec.field)
    changed = bool(profile.thresholds_query(from_url))
    with st.expander(ctx.t("health.thresholds"), icon=":material/tune:", expanded=changed):
        st.caption(ctx.t("health.thresholds_help"))
        columns = st.columns(len(profile.THRESHOLD_PARAMS))
        values = {}
        for column, spec in zip(columns, profile.THRESHOLD_PARAMS):
            values[spec.field] = column.number_input(
                ctx.t(f"health.threshold.{spec.param}"), min_value=spec.low, max_value=spec.high,
                step=1 if spec.whole else 0.5, format="%d" if spec.whole else "%.1f", key=widget_key(spec),
                help=ctx.t(f"health.threshold.{spec.param}_help",
                           default=format_number(getattr(DEFAULT_THRESHOLDS, spec.field), ctx.lang,
                                                 0 if spec.whole else 1)))
    chosen = dataclasses.replace(DEFAULT_THRESHOLDS, **{
        spec.field: int(values[spec.field]) if spec.whole else float(values[spec.field])
        for spec in profile.THRESHOLD_PARAMS})
    query = profile.thresholds_query(chosen)
    for spec in profile.THRESHOLD_PARAMS:
        if spec.param in query:
            if st.query_params.get(spec.param) != query[spec.param]:
                st.query_params[spec.param] = query[spec.param]
        elif spec.param in st.query_params:
            del st.query_params[spec.param]
    st.session_state[URL_SEEN] = repr(sorted((k, [v]) for k, v in query.items()))
    return chosen


def legend(thresholds: Thresholds) -> None:
    st.markdown(ctx.t("health.legend_heading"))
    st.markdown(rules_markdown(thresholds, ctx.lang))


def glance_chart(health, thresholds: Thresholds):
    """The status chart, with room on the right for the name beside the farthest dot."""
    figure = status_chart(health, ctx.lang, thresholds)
    far = health["years_since_last"].astype(float).fillna(health["years_since_first_agreement"].astype(float)).max()
    if far == far:  # not NaN
        figure.update_xaxes(range=[0, max(float(far), thresholds.dormant_years) * 1.12 + 1])
    return figure


def body() -> None:
    page_header(ctx, "health.title", "health.intro")
    thresholds = choose_thresholds()
    view = ctx.view
    if view.partners.empty:
        empty_notice(ctx)
        footer(ctx)
        return
    now = today()
    health = derived(ctx, "health.frame", lambda: health_of(ctx.dataset, view.partners, now, thresholds),
                     now, thresholds)
    state = view.state
    if state.year_from is not None or state.year_to is not None or state.spheres or state.settings:
        st.info(ctx.t("health.all_contacts"), icon=":material/info:")

    st.plotly_chart(derived(ctx, "health.chart", lambda: glance_chart(health, thresholds), now, thresholds),
                    key="health_chart")
    legend(thresholds)
    st.caption(ctx.t("health.as_of", date=format_date(now, ctx.lang)))

    st.subheader(ctx.t("health.table"))
    present = [s for s in PARTNER_STATUSES if (health["status"] == s).any()]
    column, _ = st.columns([1, 1])
    chosen = column.multiselect(ctx.t("health.status_filter"), present, key=STATUS_KEY,
                                format_func=lambda s: status_label(s, ctx.lang), placeholder=ctx.t("common.all"))
    table = derived(ctx, "health.table", lambda: health_table(health, chosen, thresholds), now, thresholds,
                    tuple(chosen))
    st.caption(ctx.t("timeline.rows", n=len(table)))
    st.dataframe(table, hide_index=True, key="health_df", column_config=column_config())
    table_downloads(ctx, table, "agreement-health")
    footer(ctx)


def health_table(health, chosen: list[str], thresholds: Thresholds):
    """The table under the chart: the chosen statuses (all when none is chosen), in the order of the statuses."""
    shown = health[health["status"].isin(chosen)] if chosen else health
    order = shown["status"].map({s: i for i, s in enumerate(PARTNER_STATUSES)})
    shown = shown.assign(_order=order).sort_values(["_order", f"name_{ctx.lang}"], kind="stable")
    return profile.health_table(shown, ctx.lang, thresholds)


def column_config() -> dict:
    t = ctx.t
    whole = {key: st.column_config.NumberColumn(format="%d", width="small")
             for key in ("common.agreements", "health.col.contacts_total", "health.col.last_1y",
                         "health.col.last_3y", "health.col.last_5y")}
    return {
        t("common.partner"): st.column_config.TextColumn(pinned=True),
        t("health.col.status"): st.column_config.TextColumn(help=t("health.col.status_help")),
        t("health.col.computed"): st.column_config.TextColumn(help=t("health.col.computed_help")),
        t("health.col.recorded"): st.column_config.TextColumn(help=t("health.col.recorded_help")),
        t("health.years_since_last"): st.column_config.NumberColumn(format="%.1f"),
        t("health.col.trend"): st.column_config.TextColumn(help=t("health.col.trend_help")),
        **{t(key): config for key, config in whole.items()},
    }


run_page(body, ctx.lang)
