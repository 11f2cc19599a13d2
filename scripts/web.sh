#!/usr/bin/env bash
# Set everything up and build the web edition, offline, into build/web/ (or the folder given;
# --packet DIR adds that packet's PDFs):
# an index, a page per lesson, the memo's text and the vocabulary sheets, with Vega copied into the
# site, so it opens from file:// or any static host with no network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev

# Vega, Vega-Lite 5 and vega-embed (and axe-core for the tests) come from npm, pinned by
# web/package-lock.json; installed again only when the lockfile changes.
if ! command -v npm >/dev/null 2>&1; then
  echo "Installing Debian's nodejs and npm for the web edition..."
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
fi
stamp=web/node_modules/.installed
want="$(sha256sum web/package-lock.json | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing the web edition's JavaScript from web/package-lock.json (npm ci)..."
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
exec .venv/bin/python -m helpers.authoring.web "$@"
