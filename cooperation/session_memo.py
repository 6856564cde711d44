"""Results worth keeping for one visitor but not for everyone: one entry per slot, in that session only.

`ui.derived` pins what it builds in the cache every session shares, which suits views many visitors open (the
same filters, the same partner). A free-text search is the opposite: each distinct query is one visitor's, and
pinning each (about 4.7 MB per search at 100× the data) let anyone fill the server's memory by typing. Kept
here, a session holds at most its last result per slot, so reruns while the query stays in the box (a click
elsewhere on the page) stay cheap, and the memory goes with the session.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

T = TypeVar("T")
_PREFIX = "_memo_"


def last_only(slot: str, key: Hashable, build: Callable[[], T]) -> T:
    """`build()` for `key`, reused while the session asks this slot for the same key; a new key replaces it."""
    name = _PREFIX + slot
    held = st.session_state.get(name)
    if held is not None and held[0] == key:
        return held[1]
    value = build()
    st.session_state[name] = (key, value)
    return value
