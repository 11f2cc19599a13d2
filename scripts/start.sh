#!/usr/bin/env bash
# Set everything up and open the first lesson in JupyterLab.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh learner
first="$(ls lessons/[0-9][0-9]-*.ipynb | head -n 1)"
root=(); [ "$(id -u)" -eq 0 ] && root=(--allow-root)
exec .venv/bin/jupyter lab "${root[@]}" "$first"
