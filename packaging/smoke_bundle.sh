#!/usr/bin/env bash
# Smoke-test a one-folder bundle built by build.sh: version, demo trove, index, stats, an
# offscreen GUI screenshot from both executables, and (Linux) that the bundled libmagic and
# magic database are the ones used. Usage: packaging/smoke_bundle.sh [dist/TroveTriage]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle=$(cd "${1:-$here/../dist/TroveTriage}" && pwd)
# shellcheck source=packaging/smoke_lib.sh
source "$here/smoke_lib.sh"
exe=""; case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) exe=".exe";; esac

# MAGIC pointing nowhere proves the runtime hook substitutes the bundled database.
export MAGIC=/nonexistent/magic.mgc
if [ "$(uname -s)" = Linux ]; then
  export LD_DEBUG=libs LD_DEBUG_OUTPUT="${TMPDIR:-/tmp}/trovetriage-lddebug.$$"
fi
smoke_demo "$bundle/trovetriage$exe"
unset LD_DEBUG

echo "== trovetriage-gui --screenshot (the windowed executable)"
QT_QPA_PLATFORM=offscreen "$bundle/trovetriage-gui$exe" --case demo/case --screenshot shot-gui.png \
  --view dashboard || fail "trovetriage-gui --screenshot"
[ -s shot-gui.png ] || fail "trovetriage-gui wrote no screenshot"

if [ -n "${LD_DEBUG_OUTPUT:-}" ]; then
  echo "== libmagic loaded by the bundle (LD_DEBUG, every process):"
  loaded=$(cat "$LD_DEBUG_OUTPUT".* 2>/dev/null | grep -o 'calling init: [^ ]*libmagic[^ ]*' | sort -u || true)
  rm -f "$LD_DEBUG_OUTPUT".*
  echo "${loaded:-none}"
  [ -n "$loaded" ] || fail "libmagic was never loaded"
  if echo "$loaded" | grep -v -q "$bundle/"; then fail "a libmagic outside the bundle was loaded"; fi
fi
echo "bundle smoke test passed: $bundle ($(du -sh "$bundle" | cut -f1))"
