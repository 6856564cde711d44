"""The thin Streamlit layer every page shares: data loading, language, sidebar filters, navigation, footer.

The app uses the `pages/` directory without `st.navigation` (see README: with `st.navigation` a shared link
opened as the first request after a restart runs the page without its entry script). So each page starts
with `page_setup()`, which draws the same sidebar, keeps filters and language in the URL, and draws the
navigation as translated `st.page_link`s that carry the query parameters along.
"""
from __future__ import annotations

import datetime
import html
import logging
import os
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

from cooperation import editing, exports, filters, runtime_guard, tables
from cooperation.coverage import coverage_line
from cooperation.filters import FilteredView, FilterState
from cooperation.i18n import LANGS, label, normalise_lang, t
from cooperation.loading import DataError, Dataset, data_version, default_data_dir, empty_dataset, load_dataset
from cooperation.text import plain as text_plain
from cooperation.vocab import SETTINGS, SPHERES

log = logging.getLogger("cooperation")

# (script path relative to the entry file, catalogue key); the order of the navigation.
PAGES: tuple[tuple[str, str], ...] = (
    ("dashboard.py", "nav.overview"),
    ("pages/map.py", "nav.map"),
    ("pages/timeline.py", "nav.timeline"),
    ("pages/activity.py", "nav.activity"),
    ("pages/partner.py", "nav.partner"),
    ("pages/health.py", "nav.health"),
    ("pages/forums.py", "nav.forums"),
    ("pages/planning.py", "nav.planning"),
    ("pages/present.py", "nav.present"),
    ("pages/data.py", "nav.data"),
)
TODAY_ENV = "COOPERATION_TODAY"
APP_ROOT = Path(__file__).resolve().parents[1]
WIDGET_KEYS = {"years": "f_years", "countries": "f_countries", "partners": "f_partners", "spheres": "f_spheres",
               "settings": "f_settings"}
LANG_KEY = "f_lang"
URL_SIGNATURE = "_url_signature"
# Figures and tables shared by every session, per (data version, filters, language): enough for a forum hall
# whose phones each pick a few filters, bounded so a crowd clicking through filters cannot fill the memory.
DERIVED_MAX_ENTRIES = 400
DERIVED_TTL_S = 6 * 3600
T = TypeVar("T")


@dataclass(frozen=True)
class PageContext:
    """What a page needs to draw itself; built once per run by `page_setup`."""

    dataset: Dataset
    contacts: pd.DataFrame
    view: FilteredView
    lang: str
    version: tuple
    data_dir: str
    data_ok: bool = True  # False: the files on disk failed validation (a last good version or nothing is shown)

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    @property
    def query(self) -> dict[str, list[str]]:
        """The current view as query parameters, for links that must open the same view."""
        return {**filters.to_query(self.view.state), filters.P_LANG: [self.lang]}


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(data_dir: str, version: tuple) -> Dataset:
    """Keyed on the files' mtimes and sizes (NOTES.md: hashing large frames samples rows)."""
    return load_dataset(Path(data_dir))


@st.cache_resource(show_spinner=False, max_entries=4)
def _enriched(data_dir: str, version: tuple, _data: Dataset) -> pd.DataFrame:
    return filters.enrich_contacts(_data)


@st.cache_resource(show_spinner=False, max_entries=16, ttl=DERIVED_TTL_S)
def _view(data_dir: str, version: tuple, state_key: str, _data: Dataset, _state: FilterState) -> FilteredView:
    """The filtered slices, once per data version and filter state; `state_key` is `repr(_state)`. Few are
    kept: each holds a copy of the contacts it selects (a gigabyte at a million contacts)."""
    return filters.apply(_data, _enriched(data_dir, version, _data), _state)


@dataclass(frozen=True)
class _Choices:
    """What the sidebar offers: partner and country names in the language's order, and the year span."""

    countries: dict[str, str]
    partners: dict[str, str]
    bounds: tuple[int, int]


@st.cache_resource(show_spinner=False, max_entries=8)
def _choices(data_dir: str, version: tuple, lang: str, _data: Dataset) -> _Choices:
    partners = filters.partner_cities(_data).sort_values(f"name_{lang}")
    countries = partners.drop_duplicates("country_iso2").sort_values(f"country_{lang}")
    return _Choices(countries=dict(zip(countries["country_iso2"], countries[f"country_{lang}"])),
                    partners=dict(zip(partners["city_id"], partners[f"name_{lang}"])),
                    bounds=filters.year_bounds(_data))


@st.cache_resource(show_spinner=False, max_entries=DERIVED_MAX_ENTRIES, ttl=DERIVED_TTL_S)
def _derived(key: str, _build: Callable[[], object]) -> object:
    return _build()


_last_good: dict[str, tuple[tuple, Dataset]] = {}


def _load(lang: str, needs_data: bool) -> tuple[str, tuple, Dataset, bool]:
    """The data directory, the version to serve, its dataset and whether the files on disk passed validation.

    When they fail, the last good version keeps being served. With none since the server started, the page
    stops after saying what to fix and where — unless it does not need the data (the data page, which is
    where the files get fixed): it then works from an empty dataset.
    """
    data_dir = str(default_data_dir())
    version = data_version(Path(data_dir))
    try:
        dataset = _dataset(data_dir, version)
        _last_good[data_dir] = (version, dataset)
        return data_dir, version, dataset, True
    except DataError as exc:
        problems = _problems_in(lang, data_dir, exc)
        if data_dir in _last_good:
            st.warning(t("error.data_stale", lang, problems=plain("; ".join(problems[:5]))))
            return data_dir, *_last_good[data_dir], False
        st.error(t("error.data", lang))
        st.markdown("\n".join(f"- {plain(p)}" for p in problems[:20]))
        if needs_data:
            st.page_link("pages/data.py", label=t("error.fix_on_data_page", lang), icon=":material/edit:",
                         query_params={filters.P_LANG: lang})
            st.stop()
        return data_dir, version, empty_dataset(Path(data_dir)), False


def _problems_in(lang: str, data_dir: str, exc: DataError) -> list[str]:
    """What to fix, in the reader's language: the editing checks name each problem from the catalogue (the
    loader's own messages are English); the loader's words stand in if those checks find nothing."""
    named = [problem.message(lang) for problem in editing.check_dataset(Path(data_dir), {})]
    return named or [str(problem) for problem in exc.problems]


def plain(text: str) -> str:
    """Data text shown through markdown must not be read as markdown or HTML (see cooperation.text)."""
    return text_plain(text)


def today() -> datetime.date:
    """Today's date; `COOPERATION_TODAY` (ISO date) fixes it for tests and rehearsals of a presentation."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        try:
            return datetime.date.fromisoformat(fixed)
        except ValueError:
            log.warning("ignoring %s=%r: not an ISO date", TODAY_ENV, fixed)
    return datetime.date.today()


def current_lang() -> str:
    return normalise_lang(st.query_params.get(filters.P_LANG))


def _seed_widgets(state: FilterState, lang: str, bounds: tuple[int, int]) -> None:
    """Put the URL's filters into the widgets when the URL changed (a shared link, back/forward)."""
    signature = (repr(filters.to_query(state)), lang)
    if st.session_state.get(URL_SIGNATURE) == signature:
        return
    st.session_state[WIDGET_KEYS["years"]] = (state.year_from or bounds[0], state.year_to or bounds[1])
    st.session_state[WIDGET_KEYS["countries"]] = list(state.countries)
    st.session_state[WIDGET_KEYS["partners"]] = list(state.partners)
    st.session_state[WIDGET_KEYS["spheres"]] = list(state.spheres)
    st.session_state[WIDGET_KEYS["settings"]] = list(state.settings)
    st.session_state[LANG_KEY] = lang
    st.session_state[URL_SIGNATURE] = signature


def _reset() -> None:
    for key in WIDGET_KEYS.values():
        st.session_state.pop(key, None)
    lang = current_lang()
    st.query_params.clear()
    st.query_params[filters.P_LANG] = lang
    st.session_state.pop(URL_SIGNATURE, None)


def _sidebar(choices: _Choices, lang: str) -> tuple[FilterState, str]:
    country_names, partner_names, bounds = choices.countries, choices.partners, choices.bounds
    with st.sidebar:
        chosen_lang = st.segmented_control(t("lang.label", lang), LANGS, key=LANG_KEY,
                                           format_func=lambda code: t(f"lang.{code}", lang), required=True)
        st.subheader(t("filters.heading", lang))
        if bounds[0] < bounds[1]:
            years = st.slider(t("filters.years", lang), bounds[0], bounds[1], key=WIDGET_KEYS["years"], step=1)
        else:
            years = bounds
        chosen_countries = st.multiselect(t("filters.countries", lang), list(country_names),
                                          key=WIDGET_KEYS["countries"], format_func=country_names.get,
                                          placeholder=t("common.all", lang))
        chosen_partners = st.multiselect(t("filters.partners", lang), list(partner_names),
                                         key=WIDGET_KEYS["partners"], format_func=partner_names.get,
                                         placeholder=t("common.all", lang))
        chosen_spheres = st.multiselect(t("filters.spheres", lang), list(SPHERES), key=WIDGET_KEYS["spheres"],
                                        format_func=lambda s: label("sphere", s, lang),
                                        placeholder=t("common.all", lang))
        chosen_settings = st.multiselect(t("filters.settings", lang), list(SETTINGS), key=WIDGET_KEYS["settings"],
                                         format_func=lambda s: label("setting", s, lang),
                                         placeholder=t("common.all", lang))
        st.button(t("filters.reset", lang), on_click=_reset, key="f_reset", width="stretch")
    state = FilterState(
        year_from=years[0] if years[0] != bounds[0] else None,
        year_to=years[1] if years[1] != bounds[1] else None,
        countries=tuple(chosen_countries), partners=tuple(chosen_partners),
        spheres=tuple(chosen_spheres), settings=tuple(chosen_settings),
    )
    return state, normalise_lang(chosen_lang)


def _navigation(query: dict[str, list[str]], lang: str, pages: tuple[tuple[str, str], ...]) -> None:
    with st.sidebar:
        st.subheader(t("nav.heading", lang))
        for path, key in pages:
            if (APP_ROOT / path).exists():
                st.page_link(path, label=t(key, lang), query_params=query)


def _write_url(state: FilterState, lang: str) -> None:
    """Filters and language as chosen; a page's own parameters (city, slide, start, …) are left as they are."""
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    own = {k: v for k, v in current.items() if k not in (*filters.FILTER_PARAMS, filters.P_LANG)}
    query = {**own, **filters.to_query(state), filters.P_LANG: [lang]}
    if current != query:
        st.query_params.from_dict(query)
    st.session_state[URL_SIGNATURE] = (repr(filters.to_query(state)), lang)


def page_setup(title_key: str, *, sidebar: bool = True, pages: tuple[tuple[str, str], ...] = PAGES,
               needs_data: bool = True) -> PageContext:
    """Configure the page, load the data, draw the shared sidebar and return what the page draws from.

    `needs_data=False`: the page opens even when the files fail validation and nothing good was loaded.
    """
    runtime_guard.install()
    lang = current_lang()
    st.set_page_config(page_title=f"{t(title_key, lang)} · {t('app.title', lang)}", layout="wide",
                       initial_sidebar_state="expanded" if sidebar else "collapsed")
    data_dir, version, dataset, data_ok = _load(lang, needs_data)
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    state, notices = filters.from_query(params, dataset, lang)
    if sidebar:
        choices = _choices(data_dir, version, lang, dataset)
        _seed_widgets(state, lang, choices.bounds)
        state, lang = _sidebar(choices, lang)
        _write_url(state, lang)
        _navigation({**filters.to_query(state), filters.P_LANG: [lang]}, lang, pages)
    for notice in notices:
        st.warning(plain(notice))
    return PageContext(dataset=dataset, contacts=_enriched(data_dir, version, dataset),
                       view=_view(data_dir, version, repr(state), dataset, state), lang=lang, version=version,
                       data_dir=data_dir, data_ok=data_ok)


def derived(ctx: PageContext, name: str, build: Callable[[], T], *extra: Hashable, per_view: bool = True) -> T:
    """What `build` returns, computed once per (name, data version, filters, language, `extra`) for every
    session: the figures and tables a page draws, so a rerun after a click costs what Streamlit costs.

    `build` may read only what that key pins down — the view, the dataset, the language and the values
    passed as `extra` (a chosen partner, a date); with `per_view=False` the filters are left out of the key,
    for what is built from the dataset alone, so a filter change does not build it again. The result is
    shared between sessions: never mutate it.
    """
    state = ctx.view.state if per_view else None
    return _derived(repr((name, ctx.data_dir, ctx.version, state, ctx.lang, extra)), build)


def page_header(ctx: PageContext, title_key: str, intro_key: str | None = None) -> None:
    st.title(ctx.t(title_key))
    if intro_key:
        st.caption(ctx.t(intro_key))
    st.info(filter_summary(ctx), icon=":material/filter_alt:")


def filter_summary(ctx: PageContext) -> str:
    """The one-line summary of the active filters."""
    return derived(ctx, "ui.filter_summary", lambda: filters.describe(ctx.view.state, ctx.dataset, ctx.lang))


def coverage(ctx: PageContext) -> str:
    """The coverage line every page, slide and download carries."""
    return derived(ctx, "ui.coverage", lambda: coverage_line(ctx.dataset, ctx.lang), per_view=False)


def footer(ctx: PageContext) -> None:
    st.divider()
    st.caption(coverage(ctx))


def empty_notice(ctx: PageContext) -> None:
    st.info(ctx.t("common.empty"), icon=":material/search_off:")


def run_page(body: Callable[[], None], lang: str | None = None) -> None:
    """Run a page so a user never sees a traceback: unexpected errors are logged and explained in words.

    Streamlit stops and reruns a script by raising; those exceptions pass through untouched.
    """
    try:
        body()
    except (RerunException, StopException):
        raise
    except Exception:
        log.exception("page failed")
        st.error(t("error.unexpected", lang or current_lang()))


def table_downloads(ctx: PageContext, frame: pd.DataFrame, name: str) -> None:
    """CSV and Excel of exactly the table shown, each carrying the coverage line so a copy keeps its source.

    The files are built when a button is clicked, not on every rerun (an Excel file of thousands of rows takes
    longer than the rest of the page).
    """
    notes = [coverage(ctx), filter_summary(ctx)]
    source = ctx.t("common.source")
    left, right = st.columns(2)
    left.download_button(ctx.t("common.download_csv"), lambda: exports.table_csv(frame, notes),
                         file_name=f"{name}.csv", mime="text/csv", key=f"dl_csv_{name}", icon=":material/download:")
    right.download_button(ctx.t("common.download_xlsx"), lambda: exports.table_xlsx(frame, notes, name, source),
                          file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"dl_xlsx_{name}", icon=":material/download:")


def contacts_column_config(lang: str) -> dict:
    """Widths that keep the entry readable in the contacts table; the other columns stay narrow."""
    names = [t(key, lang) for key in tables.CONTACT_COLUMNS]
    return {
        names[0]: st.column_config.TextColumn(width=120),
        names[1]: st.column_config.TextColumn(width="medium"),
        names[8]: st.column_config.TextColumn(width="large", help=t("timeline.entry_help", lang)),
        names[9]: st.column_config.TextColumn(width="small", help=t("timeline.source_help", lang)),
    }


def legend(entries: list[tuple[str, str]]) -> None:
    """A row of colour swatches with labels; labels are escaped although they come from the catalogue."""
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:1.2rem">'
        f'<span style="width:.9rem;height:.9rem;border-radius:50%;background:{color};margin-right:.4rem"></span>'
        f"{html.escape(text)}</span>" for text, color in entries)
    st.markdown(f'<div style="font-size:.9rem">{items}</div>', unsafe_allow_html=True)
