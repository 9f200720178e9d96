#!/usr/bin/env bash
# Quick start: set everything up, build the demo trove, index it into a case and open it in the GUI.
# Without a display (a server, CI), the window is rendered offscreen to demo/screenshot.png instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rm -rf demo  # rebuilt from scratch each time; it takes a few seconds
.venv/bin/trovetriage demo-trove demo --scale "${SCALE:-1}"
.venv/bin/trovetriage index demo/trove --case demo/case --victims demo/victims.toml
.venv/bin/trovetriage stats --case demo/case
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "$(uname)" = "Darwin" ]; then
  .venv/bin/trovetriage gui --case demo/case
else
  echo "No display: rendering the main window to demo/screenshot.png instead of opening it."
  .venv/bin/trovetriage gui --case demo/case --screenshot demo/screenshot.png --query "tender OR cable"
fi
