"""The URL binder (cooperation/ui/urlstate.py) under AppTest: a group's parameters seed its widgets when the URL
changed, the widgets win after a click, the write-back leaves other parameters alone, and what is read of a
crafted link is bounded."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from cooperation.ui import urlstate

SCRIPT = """
import streamlit as st
from cooperation.ui import urlstate

COUNT = urlstate.Binding(
    name="count", params=("n",),
    parse=lambda q: ((int(q["n"][-1]), []) if q.get("n") and q["n"][-1].isdigit() else (3, [f"bad n: {q.get('n')}"])
                     if q.get("n") else (3, [])),
    to_query=lambda n: {} if n == 3 else {"n": [str(n)]},
    to_widgets=lambda n: {"n_widget": n})
value, notices = urlstate.bind(COUNT, urlstate.read_query())
for notice in notices:
    st.warning(notice)
chosen = st.number_input("n", min_value=0, max_value=99, step=1, key="n_widget")
urlstate.write(COUNT, int(chosen))
st.write(f"parsed {value}")
"""


def app(**params: str | list[str]) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def query(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def test_the_url_seeds_the_widget_and_other_parameters_are_left_alone() -> None:
    at = app(n="7", lang="en", city="harbin")
    assert at.number_input(key="n_widget").value == 7
    assert query(at, "n") == ["7"] and query(at, "lang") == ["en"] and query(at, "city") == ["harbin"]


def test_after_a_click_the_widget_wins_and_is_written_back() -> None:
    at = app(n="7")
    at.number_input(key="n_widget").set_value(9).run()
    assert at.number_input(key="n_widget").value == 9
    assert query(at, "n") == ["9"]
    at.run()  # the URL is now the one this session wrote: the widget keeps its value
    assert at.number_input(key="n_widget").value == 9


def test_a_url_changed_behind_the_session_seeds_the_widget_again() -> None:
    at = app(n="7")
    at.query_params["n"] = "12"  # a link with other parameters, back/forward
    at.run()
    assert at.number_input(key="n_widget").value == 12


def test_the_default_is_left_out_of_the_url_and_a_bad_value_is_reported() -> None:
    at = app(n="x")
    assert any("bad n" in w.value for w in at.warning)
    assert at.number_input(key="n_widget").value == 3
    assert query(at, "n") == []


def test_a_crafted_link_is_read_only_up_to_its_bounds() -> None:
    script = (
        "import streamlit as st\nfrom cooperation.ui import urlstate\n"
        "q = urlstate.read_query()\nst.write(f\"{len(q['x'])} {max(len(v) for v in q['x'])}\")"
    )
    at = AppTest.from_string(script, default_timeout=30)
    at.query_params["x"] = ["a" * (urlstate.MAX_VALUE_LENGTH + 50)] * (urlstate.MAX_VALUES_PER_PARAM + 50)
    at.run()
    assert at.markdown[0].value == f"{urlstate.MAX_VALUES_PER_PARAM} {urlstate.MAX_VALUE_LENGTH}"
