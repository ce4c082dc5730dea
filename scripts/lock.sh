#!/usr/bin/env bash
# Regenerate requirements.lock (exact versions + hashes) from pyproject.toml. Maintainers only:
# needs the package index. Run after changing a dependency, then commit the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
python3 -m venv "$tools"
"$tools/bin/pip" install --quiet --disable-pip-version-check uv==0.13.9
"$tools/bin/uv" pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
  --no-header --quiet -o requirements.lock
rm -rf "$tools"
echo "requirements.lock regenerated"
