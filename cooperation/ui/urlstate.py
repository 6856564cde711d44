"""The one mechanism that keeps state in the URL: every group of query parameters (the filters, the language,
a page's own thresholds, horizon, city or slide) declares how it is parsed, validated, defaulted, put into its
widgets and written back, and `bind` / `write` do the rest the same way for all of them.

Why a signature: Streamlit keeps widget values in the session. When the URL changed behind the session's back
(a shared link, back/forward, a link that carries other parameters), the URL wins and is put into the widgets;
when it is the URL this session wrote last, the widgets win (the user just changed one). A widget whose value
the session no longer holds (its page was left and its state dropped) is seeded from the URL again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import streamlit as st

T = TypeVar("T")
Query = dict[str, list[str]]
# A crafted link can repeat a parameter thousands of times; what is read of it is bounded (issue 21).
MAX_VALUES_PER_PARAM = 200
MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class Binding(Generic[T]):
    """One group of URL parameters and the widgets that show them.

    `parse` turns the group's parameters into a value and notices (rejected values, in the reader's language);
    `to_query` writes a value back (only what differs from the default, so links stay short); `to_widgets` gives
    the session-state value of each widget key for a value.
    """

    name: str
    params: tuple[str, ...]
    parse: Callable[[Query], tuple[T, list[str]]]
    to_query: Callable[[T], Query]
    to_widgets: Callable[[T], dict[str, object]]

    @property
    def _seen(self) -> str:
        return f"_url_seen_{self.name}"


def read_query() -> Query:
    """The URL's parameters, each a list of values, bounded in count and length."""
    return {
        key: [value[:MAX_VALUE_LENGTH] for value in st.query_params.get_all(key)[:MAX_VALUES_PER_PARAM]]
        for key in st.query_params
    }


def own(binding: Binding, query: Mapping[str, list[str]]) -> Query:
    return {param: list(query[param]) for param in binding.params if query.get(param)}


def _signature(query: Mapping[str, list[str]]) -> str:
    return repr(sorted((key, list(values)) for key, values in query.items() if values))


def bind(binding: Binding[T], query: Mapping[str, list[str]]) -> tuple[T, list[str]]:
    """The group's value from the URL, put into its widgets when the URL changed or a widget lost its state."""
    value, notices = binding.parse(own(binding, query))
    widgets = binding.to_widgets(value)
    url_changed = st.session_state.get(binding._seen) != _signature(own(binding, query))
    if url_changed or any(key not in st.session_state for key in widgets):
        for key, widget_value in widgets.items():
            st.session_state[key] = widget_value
    return value, notices


def write(binding: Binding[T], value: T) -> None:
    """Write the group's parameters for `value` into the URL, leaving every other parameter as it is."""
    wanted = binding.to_query(value)
    current = read_query()
    query = {**{k: v for k, v in current.items() if k not in binding.params}, **wanted}
    if query != current:
        st.query_params.from_dict(query)
    st.session_state[binding._seen] = _signature(wanted)
