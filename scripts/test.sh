#!/usr/bin/env bash
# Install what the tests need (Python packages, Debian's Chromium for the browser tests) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt
python3 -m pip install --quiet --disable-pip-version-check --no-deps -e .  # the cooperation package, importable anywhere
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
# One worker per core, whole files per worker (a file's servers and browser are started once): the browser
# tests mostly wait on their servers and Chromium, so the other tests run beside them.
python3 -m pytest -n auto --dist loadfile "$@"
