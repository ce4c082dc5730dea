#!/usr/bin/env bash
# The main job: set up, synthesize every cluster into dist/, then validate it and check the policies.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
.venv/bin/fleetform synth
.venv/bin/fleetform check
