"""Figures and tables built once per input for every session, keyed on exactly what their builder receives.

A builder is a plain function without closures: `derived(ctx, builder, *params)` calls
`builder(ctx.view, ctx.dataset, ctx.lang, *params)`, and `derived_from_data(ctx, builder, *params)` calls
`builder(ctx.dataset, ctx.lang, *params)`. The key is built from those same inputs (the data version stands for
the dataset, the filter state for the view) and from the builder's compiled code, so an input cannot be left out
of the key by hand and editing a builder starts new entries. Results are shared between sessions: never mutate
them. Figures are kept as objects: `st.cache_data` would pickle and unpickle them on every run.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import streamlit as st

if TYPE_CHECKING:
    from cooperation.ui.context import PageContext

T = TypeVar("T")
# Enough for a forum hall whose phones each pick a few filters, bounded so a crowd clicking through filters
# cannot fill the memory.
MAX_ENTRIES = 400
TTL_S = 6 * 3600


@st.cache_resource(show_spinner=False, max_entries=MAX_ENTRIES, ttl=TTL_S)
def _cached(key: str, _build: Callable[[], object]) -> object:
    return _build()


def builder_identity(builder: Callable[..., Any]) -> str:
    """Where the builder lives and a digest of its compiled code (page scripts are executed anew on every run,
    so the code object changes each time while its content does not)."""
    code = builder.__code__
    if code.co_freevars:
        raise TypeError(f"{builder.__qualname__} reads {code.co_freevars} from a closure; pass them as parameters")
    if "ctx" in code.co_names:
        raise TypeError(f"{builder.__qualname__} reads the page context; pass what it needs as parameters")
    digest = hashlib.blake2b(marshal.dumps(code), digest_size=12).hexdigest()
    return f"{builder.__module__}.{builder.__qualname__}:{digest}"


def _check(params: tuple[Hashable, ...]) -> None:
    for param in params:
        if isinstance(param, (pd.DataFrame, pd.Series)):
            raise TypeError("frames are not cache parameters: pass the key that selects them")


def derived(ctx: PageContext, builder: Callable[..., T], *params: Hashable) -> T:
    """`builder(view, dataset, lang, *params)`, once per (builder, data version, filters, language, params)."""
    _check(params)
    key = repr((builder_identity(builder), ctx.data_dir, ctx.version, ctx.view.state, ctx.lang, params))
    return _cached(key, lambda: builder(ctx.view, ctx.dataset, ctx.lang, *params))


def derived_from_data(ctx: PageContext, builder: Callable[..., T], *params: Hashable) -> T:
    """`builder(dataset, lang, *params)`: what the dataset alone decides, so a filter change does not rebuild it."""
    _check(params)
    key = repr((builder_identity(builder), ctx.data_dir, ctx.version, ctx.lang, params))
    return _cached(key, lambda: builder(ctx.dataset, ctx.lang, *params))
