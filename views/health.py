"""Agreement health: is each partnership active, slowing, dormant or never put into practice?

The thresholds of the rules are set on the page and kept in the URL (`?active=2&dormant=5&trend=3&min=1`,
only those that differ from the defaults), so a link opens the same verdicts.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from cooperation import ui
from cooperation.charts.health import status_chart
from cooperation.filters import FilteredView
from cooperation.health import (
    DEFAULT_THRESHOLDS,
    THRESHOLD_PARAMS,
    ThresholdParam,
    Thresholds,
    health_of,
    parse_thresholds,
    rules_markdown,
    status_label,
    thresholds_query,
)
from cooperation.health import health_table as health_table_of
from cooperation.i18n import format_date, format_number
from cooperation.loading import Dataset
from cooperation.ui import derived, empty_notice, footer, page_header, table_downloads, urlstate
from cooperation.vocab import PARTNER_STATUSES

STATUS_KEY = "h_status"
ctx = ui.current()


def widget_key(spec: ThresholdParam) -> str:
    return f"h_{spec.param}"


def _parse(query: dict[str, list[str]]) -> tuple[Thresholds, list[str]]:
    thresholds, rejected = parse_thresholds(query)
    return thresholds, [
        ctx.t("health.bad_threshold", what=ctx.t(f"health.threshold.{param}"), value=value) for param, value in rejected
    ]


THRESHOLDS = urlstate.Binding(
    name="health",
    params=tuple(spec.param for spec in THRESHOLD_PARAMS),
    parse=_parse,
    to_query=lambda thresholds: {k: [v] for k, v in thresholds_query(thresholds).items()},
    to_widgets=lambda thresholds: {widget_key(spec): getattr(thresholds, spec.field) for spec in THRESHOLD_PARAMS},
)


def choose_thresholds() -> Thresholds:
    """Number inputs seeded from the URL when it changed; their values written back to the URL."""
    from_url, rejected = urlstate.bind(THRESHOLDS, ctx.requested)
    ui.notices(rejected, ctx.lang)
    changed = bool(thresholds_query(from_url))
    with st.expander(ctx.t("health.thresholds"), icon=":material/tune:", expanded=changed):
        st.caption(ctx.t("health.thresholds_help"))
        columns = st.columns(len(THRESHOLD_PARAMS))
        values = {}
        for column, spec in zip(columns, THRESHOLD_PARAMS):
            values[spec.field] = column.number_input(
                ctx.t(f"health.threshold.{spec.param}"),
                min_value=spec.low,
                max_value=spec.high,
                step=1 if spec.whole else 0.5,
                format="%d" if spec.whole else "%.1f",
                key=widget_key(spec),
                help=ctx.t(
                    f"health.threshold.{spec.param}_help",
                    default=format_number(getattr(DEFAULT_THRESHOLDS, spec.field), ctx.lang, 0 if spec.whole else 1),
                ),
            )
    chosen = dataclasses.replace(
        DEFAULT_THRESHOLDS,
        **{
            spec.field: int(values[spec.field]) if spec.whole else float(values[spec.field])
            for spec in THRESHOLD_PARAMS
        },
    )
    urlstate.write(THRESHOLDS, chosen)
    return chosen


def legend(thresholds: Thresholds) -> None:
    st.markdown(ctx.t("health.legend_heading"))
    st.markdown(rules_markdown(thresholds, ctx.lang))


def health_frame(view: FilteredView, dataset: Dataset, lang: str, now, thresholds: Thresholds):
    """The view's partners, judged on all their contacts up to `now` (the filters pick partners, not evidence)."""
    return health_of(dataset, view.partners, now, thresholds)


def glance_chart(view: FilteredView, dataset: Dataset, lang: str, now, thresholds: Thresholds):
    """The status chart of the view's partners."""
    return status_chart(health_frame(view, dataset, lang, now, thresholds), lang, thresholds)


def body() -> None:
    page_header(ctx)
    thresholds = choose_thresholds()
    view = ctx.view
    if view.partners.empty:
        empty_notice(ctx)
        footer(ctx)
        return
    now = ui.today()
    health = derived(ctx, health_frame, now, thresholds)
    state = view.state
    if state.year_from is not None or state.year_to is not None or state.spheres or state.settings:
        st.info(ctx.t("health.all_contacts"), icon=":material/info:")

    st.vega_lite_chart(derived(ctx, glance_chart, now, thresholds), width="stretch", key="health_chart")
    legend(thresholds)
    st.caption(ctx.t("health.as_of", date=format_date(now, ctx.lang)))

    st.subheader(ctx.t("health.table"))
    present = [s for s in PARTNER_STATUSES if (health["status"] == s).any()]
    column, _ = st.columns([1, 1])
    chosen = column.multiselect(
        ctx.t("health.status_filter"),
        present,
        key=STATUS_KEY,
        format_func=lambda s: status_label(s, ctx.lang),
        placeholder=ctx.t("common.all"),
        select_all=False,
    )
    table = derived(ctx, health_table, now, thresholds, tuple(chosen))
    st.caption(ctx.t("timeline.rows", n=len(table)))
    st.dataframe(table, hide_index=True, key="health_df", column_config=column_config())
    table_downloads(ctx, table, "agreement-health")
    footer(ctx)


def health_table(view: FilteredView, dataset: Dataset, lang: str, now, thresholds: Thresholds, chosen: tuple[str, ...]):
    """The table under the chart: the chosen statuses (all when none is chosen), in the order of the statuses."""
    health = health_frame(view, dataset, lang, now, thresholds)
    shown = health[health["status"].isin(chosen)] if chosen else health
    order = shown["status"].map({s: i for i, s in enumerate(PARTNER_STATUSES)})
    shown = shown.assign(_order=order).sort_values(["_order", f"name_{lang}"], kind="stable")
    return health_table_of(shown, lang, thresholds)


def column_config() -> dict:
    t = ctx.t
    whole = {
        key: st.column_config.NumberColumn(format="%d", width="small")
        for key in (
            "common.agreements",
            "health.col.contacts_total",
            "health.col.last_1y",
            "health.col.last_3y",
            "health.col.last_5y",
        )
    }
    return {
        t("common.partner"): st.column_config.TextColumn(pinned=True),
        t("health.col.status"): st.column_config.TextColumn(help=t("health.col.status_help")),
        t("health.col.computed"): st.column_config.TextColumn(help=t("health.col.computed_help")),
        t("health.col.recorded"): st.column_config.TextColumn(help=t("health.col.recorded_help")),
        t("health.years_since_last"): st.column_config.NumberColumn(format="%.1f"),
        t("health.col.trend"): st.column_config.TextColumn(help=t("health.col.trend_help")),
        **{t(key): config for key, config in whole.items()},
    }


body()
