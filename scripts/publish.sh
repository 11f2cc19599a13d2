#!/usr/bin/env bash
# Build what the project publishes, offline, into build/site/: the web edition with the packet's
# student and instructor PDFs in build/site/pdf/. The publish workflow runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/packet.sh --out build/packet
bash scripts/web.sh build/site --packet build/packet
