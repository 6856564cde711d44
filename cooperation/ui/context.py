"""What a page draws from, built once per run by the frame and handed to the page script."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd

from cooperation import filters
from cooperation.filters import FilteredView
from cooperation.i18n import t
from cooperation.loading import Dataset
from cooperation.ui.registry import PageSpec


@dataclass(frozen=True)
class PageContext:
    dataset: Dataset
    contacts: pd.DataFrame  # every contact, enriched with its partner's names and country
    view: FilteredView
    lang: str
    version: tuple
    data_dir: str
    page: PageSpec
    requested: dict[str, list[str]]  # the URL's parameters as this run found them
    data_ok: bool = True  # False: the files on disk failed validation (a last good version or nothing is shown)

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    @property
    def query(self) -> dict[str, list[str]]:
        """The current view (filters and language) as query parameters, for links that keep the view."""
        return {**filters.to_query(self.view.state), filters.P_LANG: [self.lang]}


# Each session's script runs in its own thread, and the page script runs inside the frame's run on that thread.
_current = threading.local()


def set_current(ctx: PageContext) -> None:
    _current.ctx = ctx


def current() -> PageContext:
    """The context the frame built for this run; a page script starts with `ctx = ui.current()`."""
    ctx = getattr(_current, "ctx", None)
    if ctx is None:
        raise RuntimeError("a page script runs inside the entry frame (streamlit run dashboard.py)")
    return ctx
