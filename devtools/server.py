"""Starting, probing and stopping `streamlit run dashboard.py` on the loopback, and the Chromium it is opened in:
one place for the browser tests (`conftest.py`) and the benchmarks (`benchmarks/scale.py`, `load_test.py`)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from cooperation.loading import DATA_DIR_ENV
from cooperation.paths import ROOT

# Debian's Chromium, with the flags NOTES.md measured: no sandbox as root, software rendering, no calls home.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The app's launcher warms every page's default view before it serves (cooperation/serve.py, README);
# STREAMLIT_RUN is plain `streamlit run`, for an empty app and for measuring the start without the warm-up.
LAUNCHER = [sys.executable, "-m", "cooperation.serve"]
STREAMLIT_RUN = [sys.executable, "-m", "streamlit", "run"]


def command(port: int, script: str = "dashboard.py", launcher: list[str] = LAUNCHER) -> list[str]:
    """The server on 127.0.0.1 only; no file watcher, so a file saved during a run cannot prompt "Rerun?"."""
    return [
        *launcher,
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def environment(data_dir: Path | None) -> dict[str, str]:
    """This process's environment, serving `data_dir` (the bundled data when None)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if data_dir is None:
        env.pop(DATA_DIR_ENV, None)
    else:
        env[DATA_DIR_ENV] = str(data_dir)
    return env


def healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen, timeout_s: float = 10) -> None:
    """SIGTERM to the server's process group, SIGKILL if it does not go."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout_s)


@contextlib.contextmanager
def spawn(
    argv_for: Callable[[int], list[str]],
    data_dir: Path | None,
    log_path: Path,
    *,
    timeout_s: float = 90,
    poll_s: float = 0.25,
    preexec_fn: Callable[[], None] | None = None,
) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """A server on a free loopback port, its output in `log_path`, in its own process group: yields its base URL,
    the process and the seconds from spawn until its health check answered; always stopped on exit. Raises
    RuntimeError, with the log's tail, if it exits or does not answer within `timeout_s`."""
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    spawned = time.perf_counter()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: PLW1509 (preexec_fn: one libc call only)
            argv_for(port),
            cwd=ROOT,
            env=environment(data_dir),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=preexec_fn,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while not healthy(base):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
                state = f"exited with {process.returncode}" if process.poll() is not None else "did not answer"
                raise RuntimeError(f"the server {state} ({log_path}):\n{tail}")
            time.sleep(poll_s)
        yield base, process, time.perf_counter() - spawned
    finally:
        stop(process, timeout_s=15)
