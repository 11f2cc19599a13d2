#!/usr/bin/env bash
# Set up everything the course needs in ./.venv. Usage: scripts/setup.sh [learner|dev]
#   learner: JupyterLab, the widgets, Altair and the course's helpers (what Binder installs)
#   dev:     all that, plus the test tools and Debian's Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-learner}"
py="${PYTHON:-python3}"

# Debian's Chromium drives the browser tests and prints the packet to PDF; a CJK font lets it show
# the Chinese titles of some sources instead of empty boxes.
if [ "$kind" = dev ] && { ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/wqy ]; }; then
  echo "Installing Debian's chromium and a CJK font for the browser tests and the packet..."
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
fi

[ -x .venv/bin/python ] || "$py" -m venv .venv
reqs=binder/requirements.txt; [ "$kind" = dev ] && reqs=requirements-dev.txt
stamp=".venv/.installed-$kind"
want="$(cat "$reqs" binder/requirements.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing Python packages from $reqs into .venv (first time: a few minutes)..."
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$reqs"
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
fi
.venv/bin/python -c "import helpers" || { echo "The course's helpers did not import: see the error above." >&2; exit 1; }
