"""Two messages any browser can send the Streamlit server, made harmless for everyone else (issue 21).

Streamlit 1.67 handles the websocket's back-channel messages in `AppSession.handle_backmsg`:

- `clear_cache` runs `AppSession._handle_clear_cache_request`, which empties `st.cache_data` and
  `st.cache_resource` for the whole server — every session's loaded data and shared figures (`ui.derived`), so
  one anonymous client could make every warm rerun as slow as a first one, as often as it likes. The menu item
  that sends it is hidden (`client.toolbarMode = "viewer"`), but the message is not refused. Here it only clears
  the sender's own session state; the shared caches empty only when the data changes (they are keyed on the
  files' versions) or the server restarts.
- `rerun_script` carries the widget states. A message without them makes Streamlit drop every widget's value:
  the sidebar's year slider then returns one number instead of a range and `page_setup` fails with a traceback
  in the log per message. A state without a value, or under an id no widget can have (real ids start with
  `$$ID-`), is stored as-is and makes the next widget call raise `KeyError` in `SessionState.filtered_state`.
  Here a rerun without widget states keeps the session's current ones (what it means when the browser's own
  code sends it: only the query string changed), and a rerun holding an unusable state is ignored — the
  browser's code never sends one.

`install()` patches the two `AppSession` methods once per process (idempotent). The entry frame
(`cooperation.ui.frame.run`) calls it at the start of every run, so it is in place from a fresh server's first
run. If a Streamlit upgrade renames what is patched, `install()` logs an error and
`tests/ui/test_runtime_guard.py` fails.
"""

from __future__ import annotations

import logging

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.state.common import is_element_id

log = logging.getLogger("cooperation")

_MARK = "_cooperation_guarded"
_CLEAR_CACHE = "_handle_clear_cache_request"
_RERUN = "_handle_rerun_script_request"


def malformed_widget_states(client_state: ClientState) -> int:
    """How many of the widget states Streamlit cannot use (no value, or an id no widget has) `client_state`
    holds."""
    return sum(
        1
        for state in client_state.widget_states.widgets
        if state.WhichOneof("value") is None or not is_element_id(state.id)
    )


def _clear_own_state(self: AppSession) -> None:
    """What a client may clear: its own session state, never the caches every session shares."""
    if not getattr(self, _MARK, False):  # once per session: a client repeating it cannot flood the log
        setattr(self, _MARK, True)
        log.warning("clear_cache from a client: only that session's state is cleared, the shared caches are kept")
    self._session_state.clear()


def _make_rerun(original):
    def rerun(self: AppSession, client_state: ClientState | None = None) -> None:
        if client_state is not None:
            if not client_state.HasField("widget_states"):
                client_state.widget_states.widgets.extend(self._session_state.get_widget_states())
            elif malformed_widget_states(client_state):
                log.debug("ignored a rerun request holding malformed widget states")
                return
        original(self, client_state)

    setattr(rerun, _MARK, True)
    return rerun


def install() -> bool:
    """Patch `AppSession` once; True when both guards are in place."""
    rerun = getattr(AppSession, _RERUN, None)
    if not callable(getattr(AppSession, _CLEAR_CACHE, None)) or not callable(rerun):
        log.error(
            "runtime_guard: this Streamlit has no AppSession.%s/%s; clear_cache and malformed widget "
            "messages are not guarded",
            _CLEAR_CACHE,
            _RERUN,
        )
        return False
    if not getattr(rerun, _MARK, False):
        setattr(_clear_own_state, _MARK, True)
        setattr(AppSession, _CLEAR_CACHE, _clear_own_state)
        setattr(AppSession, _RERUN, _make_rerun(rerun))
    return True


def installed() -> bool:
    """Whether `install()` has patched this process's `AppSession`."""
    return all(getattr(getattr(AppSession, name, None), _MARK, False) for name in (_CLEAR_CACHE, _RERUN))
