#!/usr/bin/env bash
# Install the runtime packages and start the dashboard on the bundled data (http://localhost:8501).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt
python3 -m pip install --quiet --disable-pip-version-check --no-deps -e .  # the cooperation package, importable anywhere
# The launcher builds every page's default view before it serves (cooperation/serve.py, README "Performance").
exec python3 -m cooperation.serve dashboard.py "$@"
