#!/usr/bin/env bash
# Set up everything the course needs in ./.venv. Usage: scripts/setup.sh [learner|dev]
#   learner: JupyterLab, the widgets, Altair and the course's helpers (what Binder installs)
#   dev:     all that, plus the test tools, Debian's Chromium and Node.js, and axe-core (npm) for the browser tests
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
# npm installs axe-core, the accessibility engine the browser suite runs in each lesson's page.
if [ "$kind" = dev ] && ! command -v npm >/dev/null 2>&1; then
  echo "Installing Debian's Node.js and npm for the accessibility tests..."
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
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
# Every lesson's charts built once into .cache/charts/ (helpers/chart_cache.py): a lesson's kernel then shows them
# without importing Altair. A chart whose data or code changed is built again when a lesson draws it.
.venv/bin/python -m helpers warm-charts >/dev/null \
  || echo "Could not fill the chart cache (see above): the lessons will build their charts, a little slower." >&2

# The learner's JupyterLab settings (binder/overrides.json: no news prompt, no update check), the same
# file binder/postBuild installs; the browser suite runs JupyterLab with exactly these.
settings=.venv/share/jupyter/lab/settings
mkdir -p "$settings"
cp binder/overrides.json "$settings/overrides.json"
# ...and the plugins it runs (binder/page_config.json: JupyterLab's features the course does not use are off),
# as binder/postBuild installs them on Binder.
mkdir -p .venv/etc/jupyter/labconfig
cp binder/page_config.json .venv/etc/jupyter/labconfig/page_config.json

# axe-core, pinned by tests/browser/package-lock.json.
if [ "$kind" = dev ]; then
  lock="$(sha256sum tests/browser/package-lock.json | cut -c1-16)"
  if [ "$(cat tests/browser/node_modules/.installed 2>/dev/null)" != "$lock" ]; then
    echo "Installing axe-core for the accessibility tests (npm ci)..."
    npm ci --prefix tests/browser --no-audit --no-fund --silent
    echo "$lock" > tests/browser/node_modules/.installed
  fi
fi
