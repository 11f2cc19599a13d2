#!/usr/bin/env bash
# Set everything up and run every test: data, helpers, lessons under nbval, and the browser suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
exec .venv/bin/python -m pytest "$@"
