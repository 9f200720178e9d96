#!/usr/bin/env bash
# Run the whole test suite (sets up .venv first when needed). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pytest ] || bash scripts/setup.sh
if [ -z "${TROVETRIAGE_CORPUS:-}" ] && [ -d ../shared/corpus ]; then
  export TROVETRIAGE_CORPUS="$(cd ../shared/corpus && pwd)"
fi
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check trovetriage tests bench
.venv/bin/lint-imports
.venv/bin/pytest "$@"
