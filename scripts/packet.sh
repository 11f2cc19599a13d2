#!/usr/bin/env bash
# Set everything up and build the printable packet, offline, into build/packet/{student,instructor}/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
exec .venv/bin/python -m helpers packet "$@"
