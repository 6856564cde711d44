"""House style, checked like a test (as datasette checks its formatting): ruff's lint rules and its formatter,
configured in pyproject.toml, over the whole repository. A style rule nobody checks drifts."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from cooperation.paths import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    command = [shutil.which("ruff") or sys.executable, *([] if shutil.which("ruff") else ["-m", "ruff"]), *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [("check", "."), ("format", "--check", ".")], ids=["lint", "format"])
def test_ruff_finds_nothing(args: tuple[str, ...]) -> None:
    result = ruff(*args)
    assert result.returncode == 0, result.stdout + result.stderr
