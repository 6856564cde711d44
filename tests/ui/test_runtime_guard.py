"""The two back-channel messages any client can send: `clear_cache` keeps the shared caches, and widget states
Streamlit cannot use are dropped instead of crashing the page setup (cooperation/runtime_guard.py).

The first tests run the patched `AppSession` methods in-process; the last one sends the raw websocket messages
to a real server (marked `browser`: it starts `streamlit run`, though no Chromium).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import subprocess
import time

import pytest
import streamlit as st
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.app_session import AppSession, AppSessionState

from cooperation import runtime_guard
from cooperation.paths import ROOT


class _State:
    """The two things the handlers ask of the session state: clear it, and the current widget values."""

    def __init__(self) -> None:
        self.cleared = 0
        self.widgets = [WidgetState(id="$$ID-4567-f_lang", string_value="ru")]

    def clear(self) -> None:
        self.cleared += 1

    def get_widget_states(self) -> list[WidgetState]:
        return self.widgets


def _bare_session() -> AppSession:
    """An AppSession with only what the two handlers touch (no event loop, no script runner)."""
    session = AppSession.__new__(AppSession)
    session._state = AppSessionState.SHUTDOWN_REQUESTED  # nothing to shut down when it is collected
    session._session_state = _State()
    session.reruns = []
    session.request_rerun = session.reruns.append
    return session


def test_install_is_idempotent_and_reports_itself():
    assert runtime_guard.install()
    first = AppSession._handle_rerun_script_request
    assert runtime_guard.install()
    assert AppSession._handle_rerun_script_request is first, "installing twice must not wrap twice"
    assert runtime_guard.installed()


def test_clear_cache_from_a_client_keeps_the_shared_caches():
    runtime_guard.install()
    builds = []

    @st.cache_resource
    def shared(n: int) -> int:
        builds.append(n)
        return n

    @st.cache_data
    def data(n: int) -> int:
        builds.append(-n)
        return n

    shared(1), data(1)
    session = _bare_session()
    message = BackMsg()
    message.clear_cache = True
    session.handle_backmsg(message)
    shared(1), data(1)
    assert builds == [1, -1], "the shared caches were emptied"
    assert session._session_state.cleared == 1, "the sender's own session state is cleared"
    shared.clear(), data.clear()


@pytest.mark.parametrize(
    "bad",
    [WidgetState(id="bogus", int_value=3), WidgetState(id="$$ID-0123-f_lang")],
    ids=["no widget has the id", "no value"],
)
def test_a_rerun_holding_an_unusable_widget_state_is_ignored(bad):
    runtime_guard.install()
    session = _bare_session()
    message = BackMsg()
    message.rerun_script.widget_states.widgets.extend([WidgetState(id="$$ID-4567-f_lang", string_value="en"), bad])
    session.handle_backmsg(message)
    assert session.reruns == []


def test_a_rerun_without_widget_states_keeps_the_sessions_widget_values():
    runtime_guard.install()
    session = _bare_session()
    message = BackMsg()
    message.rerun_script.query_string = "lang=en"
    session.handle_backmsg(message)
    (state,) = session.reruns
    assert list(state.widget_states.widgets) == session._session_state.widgets
    assert state.query_string == "lang=en"


def test_a_well_formed_rerun_is_passed_on_unchanged():
    runtime_guard.install()
    session = _bare_session()
    message = BackMsg()
    message.rerun_script.query_string = "lang=ru"
    message.rerun_script.widget_states.widgets.add(id="$$ID-89ab-f_years", double_array_value={"data": [2000, 2010]})
    expected = ClientState()
    expected.CopyFrom(message.rerun_script)
    session.handle_backmsg(message)
    assert session.reruns == [expected]


# --- against a real server -----------------------------------------------------------------------------------


def _start_server():
    from devtools import server as sp

    port = sp.free_port()
    log_path = ROOT / "test-artifacts" / f"server-guard-{port}.log"
    log_path.parent.mkdir(exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115 (closed with the server)
    process = subprocess.Popen(
        sp.command(port),
        cwd=ROOT,
        env=sp.environment(None),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not sp.healthy(f"http://127.0.0.1:{port}"):
        if process.poll() is not None or time.monotonic() > deadline:
            sp.stop(process)
            pytest.fail(log_path.read_text(errors="replace")[-3000:])
        time.sleep(0.25)
    return sp, process, port, log, log_path


async def _exchange(port: int, messages: list[tuple[BackMsg, float]]) -> list[list[ForwardMsg]]:
    """Send each message once the previous run has finished; what the server sent back after each, waiting at
    most the message's seconds for the first reply."""
    import websockets

    replies: list[list[ForwardMsg]] = []
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None
    ) as socket:
        for message, first_reply_s in messages:
            await socket.send(message.SerializeToString())
            got: list[ForwardMsg] = []
            while True:
                try:
                    data = await asyncio.wait_for(socket.recv(), 20 if got else first_reply_s)
                except TimeoutError:
                    break
                got.append(ForwardMsg.FromString(data))
                if got[-1].WhichOneof("type") == "script_finished":
                    break
            replies.append(got)
    return replies


def _elements(messages: list[ForwardMsg], kind: str) -> list:
    return [
        m.delta.new_element
        for m in messages
        if m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == kind
    ]


@pytest.fixture(scope="module")
def server_port():
    sp, process, port, log, log_path = _start_server()
    try:
        yield port, log_path
    finally:
        sp.stop(process)
        log.close()


@pytest.mark.browser
def test_a_server_ignores_malformed_widget_states_and_a_clients_clear_cache(server_port):
    port, log_path = server_port
    first = BackMsg()
    first.rerun_script.query_string = "lang=en"
    first.rerun_script.widget_states.SetInParent()  # what the browser sends first: an empty set
    malformed = BackMsg()
    malformed.rerun_script.query_string = "lang=en"
    malformed.rerun_script.widget_states.widgets.add(id="bogus")
    without_widgets = BackMsg()
    without_widgets.rerun_script.query_string = "lang=en"
    clear = BackMsg()
    clear.clear_cache = True
    # In a thread of its own: Playwright's sync API may already run an event loop in this one (browser tests).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        replies = pool.submit(
            asyncio.run,
            _exchange(port, [(first, 60), (without_widgets, 30), (malformed, 5), (clear, 2), (without_widgets, 30)]),
        ).result()
    server_log = log_path.read_text(errors="replace")
    assert "Traceback" not in server_log, server_log[-3000:]
    assert "only that session's state is cleared" in server_log
    assert not any(m.WhichOneof("type") == "script_finished" for m in replies[2]), "the malformed one is ignored"
    for reply in (replies[0], replies[1], replies[4]):
        assert not _elements(reply, "exception")
        assert any(m.WhichOneof("type") == "script_finished" for m in reply)
        assert "Kazan's partnerships at a glance" in [e.heading.body for e in _elements(reply, "heading")]


def _upgrade_status(port: int, host: str) -> int:
    """The HTTP status of a websocket handshake sent with this Host header."""
    import socket

    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request.encode("ascii"))
        status_line = conn.recv(4096).split(b"\r\n", 1)[0].decode("ascii", "replace")
    return int(status_line.split()[1])


def test_the_shipped_config_names_the_hosts_it_accepts():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    hosts = config["server"]["allowedHosts"]
    assert hosts and "*" not in hosts and "localhost" in hosts


@pytest.mark.browser
def test_a_rebound_host_name_is_refused(server_port):
    """DNS rebinding: a hostile page's own name resolving to this server; the websocket must not open."""
    port, _ = server_port
    assert _upgrade_status(port, f"127.0.0.1:{port}") == 101
    assert _upgrade_status(port, f"localhost:{port}") == 101
    assert _upgrade_status(port, f"rebind.evil.example:{port}") != 101
