"""The entry frame: one run draws the page config, the language, the filters and the navigation once, then runs
the chosen page through `st.navigation` with a `PageContext`, inside the one error boundary.

Pages live in `views/` (not `pages/`: NOTES.md — a folder named `pages/` beside an entry that calls
`st.navigation` breaks shared links); a link opened as the first request after a restart runs this frame too.
"""

from __future__ import annotations

import logging
import threading

import streamlit as st
from streamlit.commands import navigation as st_navigation
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

from cooperation import filters, runtime_guard, share
from cooperation.i18n import t
from cooperation.ui import loader, sidebar, urlstate
from cooperation.ui.chrome import notices, page_style, plain
from cooperation.ui.context import PageContext, set_current
from cooperation.ui.registry import BY_KEY, PAGES, PageSpec
from cooperation.ui_banner import set_aside_banner

log = logging.getLogger("cooperation")
_not_found = threading.local()


def _record_page_not_found(_ctx) -> None:
    """Instead of Streamlit's English "Page not found" dialog: note it, and the frame says it in the reader's
    language above the overview it opens instead (Streamlit 1.67 calls this when no page has the URL's path)."""
    _not_found.flag = True


st_navigation.send_page_not_found = _record_page_not_found


def _pages(lang: str) -> dict[str, st.Page]:
    """The pages as `st.Page`s, without icons: a page's material icon becomes the tab's favicon, fetched from
    Google's font server (the hall must work offline); the sidebar's own links carry the icons."""
    return {
        spec.key: st.Page(
            spec.path, title=t(spec.title_key, lang), url_path=spec.url_path or None, default=not spec.url_path
        )
        for spec in PAGES
    }


def _spec_of(page, pages: dict[str, st.Page]) -> PageSpec:
    for key, candidate in pages.items():
        if candidate.url_path == page.url_path:
            return BY_KEY[key]
    return BY_KEY["overview"]


def _data_problems(loaded: loader.Loaded, spec: PageSpec, lang: str) -> None:
    """Say what is wrong with the files; stop a page that needs data when nothing good can be shown."""
    if loaded.ok:
        return
    if loaded.stale:
        st.warning(t("error.data_stale", lang, problems=plain("; ".join(loaded.problems[:5]))))
        return
    st.error(t("error.data", lang))
    st.markdown("\n".join(f"- {plain(p)}" for p in loaded.problems[:20]))
    if spec.needs_data:
        st.page_link(
            BY_KEY["data"].path,
            label=t("error.fix_on_data_page", lang),
            icon=":material/edit:",
            query_params={filters.P_LANG: lang},
        )
        st.stop()


def guarded(body, lang: str) -> None:
    """Run `body` so a user never sees a traceback: unexpected errors are logged and explained in words.
    Streamlit stops and reruns a script by raising; those exceptions pass through untouched."""
    try:
        body()
    except (RerunException, StopException):
        raise
    except Exception:
        log.exception("page failed")
        st.error(t("error.unexpected", lang))


def run() -> None:
    """One run of the app: everything the pages share, then the page itself, all inside the error boundary."""
    runtime_guard.install()  # clear_cache and malformed reruns from any client (cooperation/runtime_guard.py)
    query = urlstate.read_query()
    lang = sidebar.language(query)
    guarded(lambda: _frame(query, lang), lang)


def _frame(query: dict[str, list[str]], lang: str) -> None:
    pages = _pages(lang)
    _not_found.flag = False
    page = st.navigation(list(pages.values()), position="hidden")
    spec = _spec_of(page, pages)
    if _not_found.flag:
        st.warning(t("error.page_not_found", lang), icon=":material/travel_explore:")
    # "auto": collapsed on a phone, open on a wider screen. The presentation hides the sidebar with its style
    # sheet rather than collapsing it, so the pages a speaker goes back to keep theirs.
    st.set_page_config(
        page_title=f"{t(spec.title_key, lang)} · {t('app.title', lang)}", layout="wide", initial_sidebar_state="auto"
    )
    page_style()
    _run(page, spec, query, lang)


def _run(page, spec: PageSpec, query: dict[str, list[str]], lang: str) -> None:
    loaded = loader.load(lang)
    _data_problems(loaded, spec, lang)
    set_aside_banner(loaded.dataset, lang)
    dataset, data_dir, version = loaded.dataset, loaded.data_dir, loaded.version
    choices = loader.choices(data_dir, version, lang, dataset)
    binding = sidebar.filter_binding(dataset, lang, choices.bounds)
    state, rejected = urlstate.bind(binding, query)
    if spec.sidebar:
        state = sidebar.draw(choices, lang)
    urlstate.write(binding, state)
    urlstate.write(sidebar.LANGUAGE, lang)
    if spec.sidebar:
        sidebar.navigation({**filters.to_query(state), filters.P_LANG: [lang]}, lang)
        share.share_menu(lang)
    notices(rejected, lang)
    ctx = PageContext(
        dataset=dataset,
        contacts=loader.enriched(data_dir, version, dataset),
        view=loader.view(data_dir, version, repr(state), dataset, state),
        lang=lang,
        version=version,
        data_dir=data_dir,
        page=spec,
        requested=query,
        data_ok=loaded.ok,
    )
    set_current(ctx)
    page.run()
