#!/usr/bin/env bash
# Set up (or refresh) the development environment: .venv from requirements.lock (hash-checked) and the
# pinned Node tools from package-lock.json. Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(command -v python3.11 || command -v python3)
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.fleetform-installed 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$want" > .venv/.fleetform-installed
fi
want_npm=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.fleetform-installed 2>/dev/null)" != "$want_npm" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want_npm" > node_modules/.fleetform-installed
fi
# Bytecode of the package, as a regular install writes it: an editable install leaves it to the first run,
# which cannot write it where PYTHONDONTWRITEBYTECODE is set (as on CI machines), so every command would
# compile the ~80 modules it imports again (~0.15 s). Files already compiled are skipped.
.venv/bin/python -m compileall -q fleetform > /dev/null
