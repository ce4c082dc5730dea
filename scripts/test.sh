#!/usr/bin/env bash
# The test job (what CI runs): set up, then dist/ freshness, lint, types and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export PATH="$PWD/.venv/bin:$PATH"
fleetform synth --check
fleetform check
ruff check .
ruff format --check .
mypy
pytest
