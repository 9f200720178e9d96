#!/usr/bin/env bash
# Quick start: set everything up, build the demo trove, index it into a case and open it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rm -rf demo  # rebuilt from scratch each time; it takes a few seconds
.venv/bin/trovetriage demo-trove demo --scale "${SCALE:-1}"
.venv/bin/trovetriage index demo/trove --case demo/case --victims demo/victims.toml
.venv/bin/trovetriage gui --case demo/case
