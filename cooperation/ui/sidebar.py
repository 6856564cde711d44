"""The sidebar every page but the presentation shares: the language, the filters and the navigation.

The filters and the language are URL state (`cooperation.ui.urlstate`): a link opens the same view, and every
label, option and chosen tag is drawn in the language of this run, including the run a language click starts.
"""

from __future__ import annotations

import streamlit as st

from cooperation import filters
from cooperation.filters import FilterState
from cooperation.i18n import LANGS, labels, normalise_lang, t
from cooperation.loading import Dataset
from cooperation.ui import urlstate
from cooperation.ui.loader import Choices
from cooperation.ui.registry import PAGES
from cooperation.vocab import SETTINGS, SPHERES

LANG_KEY = "f_lang"
YEARS_KEY, COUNTRIES_KEY, PARTNERS_KEY, SPHERES_KEY, SETTINGS_KEY = (
    "f_years",
    "f_countries",
    "f_partners",
    "f_spheres",
    "f_settings",
)
FILTER_KEYS = (YEARS_KEY, COUNTRIES_KEY, PARTNERS_KEY, SPHERES_KEY, SETTINGS_KEY)

LANGUAGE = urlstate.Binding(
    name="lang",
    params=(filters.P_LANG,),
    parse=lambda query: (normalise_lang((query.get(filters.P_LANG) or [None])[-1]), []),
    to_query=lambda lang: {filters.P_LANG: [lang]},
    to_widgets=lambda lang: {LANG_KEY: lang},
)


def filter_binding(dataset: Dataset, lang: str, bounds: tuple[int, int]) -> urlstate.Binding[FilterState]:
    """The filters as URL state: validated against the dataset, rejected values explained in `lang`."""
    return urlstate.Binding(
        name="filters",
        params=filters.FILTER_PARAMS,
        parse=lambda query: filters.from_query(query, dataset, lang),
        to_query=filters.to_query,
        to_widgets=lambda state: {
            YEARS_KEY: (state.year_from or bounds[0], state.year_to or bounds[1]),
            COUNTRIES_KEY: list(state.countries),
            PARTNERS_KEY: list(state.partners),
            SPHERES_KEY: list(state.spheres),
            SETTINGS_KEY: list(state.settings),
        },
    )


def language(query: dict[str, list[str]]) -> str:
    """This run's language: the URL's when it changed (a link), else the switch's (a click)."""
    from_url, _ = urlstate.bind(LANGUAGE, query)
    return normalise_lang(st.session_state.get(LANG_KEY, from_url))


def _reset() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)
    st.query_params.from_dict({filters.P_LANG: [normalise_lang(st.session_state.get(LANG_KEY))]})


def _years(value: object, bounds: tuple[int, int]) -> tuple[int, int]:
    """The slider's value as a pair within the bounds, whatever the session held."""
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, int) for v in value):
        low, high = sorted(value)
        return max(low, bounds[0]), min(high, bounds[1])
    return bounds


def draw(choices: Choices, lang: str) -> FilterState:
    """The language switch and the filter widgets (already seeded from the URL); the state they show."""
    bounds = choices.bounds
    with st.sidebar:
        st.segmented_control(
            t("lang.label", lang), LANGS, key=LANG_KEY, format_func=lambda code: t(f"lang.{code}", lang), required=True
        )
        st.subheader(t("filters.heading", lang))
        st.session_state[YEARS_KEY] = _years(st.session_state.get(YEARS_KEY), bounds)
        if bounds[0] < bounds[1]:
            years = st.slider(t("filters.years", lang), bounds[0], bounds[1], key=YEARS_KEY, step=1)
        else:
            years = bounds
        all_label = t("common.all", lang)
        pickers = (
            ("filters.countries", COUNTRIES_KEY, choices.countries),
            ("filters.partners", PARTNERS_KEY, choices.partners),
            ("filters.spheres", SPHERES_KEY, labels("sphere", SPHERES, lang)),
            ("filters.settings", SETTINGS_KEY, labels("setting", SETTINGS, lang)),
        )
        chosen: dict[str, tuple[str, ...]] = {}
        for label_key, key, options in pickers:
            # A value the options no longer hold (a partner of another data version) is dropped, not an error.
            st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]
            chosen[key] = tuple(
                st.multiselect(
                    t(label_key, lang),
                    list(options),
                    key=key,
                    format_func=options.get,
                    placeholder=all_label,
                    select_all=False,
                )
            )
        st.button(t("filters.reset", lang), on_click=_reset, key="f_reset", width="stretch")
    year_from, year_to = filters.year_range(years[0], years[1], bounds)
    return FilterState(
        year_from=year_from,
        year_to=year_to,
        countries=chosen[COUNTRIES_KEY],
        partners=chosen[PARTNERS_KEY],
        spheres=chosen[SPHERES_KEY],
        settings=chosen[SETTINGS_KEY],
    )


def navigation(query: dict[str, list[str]], lang: str) -> None:
    """The translated links to every page, in sections, each carrying the view (filters and language)."""
    with st.sidebar:
        section = None
        for spec in PAGES:
            if spec.section != section:
                section = spec.section
                st.subheader(t(section, lang))
            st.page_link(
                spec.path, label=t(spec.title_key, lang), icon=spec.icon, query_params={**query, **spec.link_params}
            )
