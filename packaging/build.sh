#!/usr/bin/env bash
# Build the one-folder application dist/TroveTriage/ with PyInstaller, then smoke-test it.
#
# The build runs in its own virtualenv (build/packaging-venv, or $TROVETRIAGE_BUILD_VENV) with a
# regular, non-editable install of this checkout: the bundle then holds exactly what a user's
# `pip install` gets, dev tools stay out of it, and the repository's .venv is left alone.
# Usage: packaging/build.sh [--no-smoke]     Environment: PYTHON (default python3),
#   TROVETRIAGE_LIBMAGIC / TROVETRIAGE_MAGIC_DB (see trovetriage.spec). Too slow for CI.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${TROVETRIAGE_BUILD_VENV:-build/packaging-venv}
bin=$venv/bin; [ -d "$venv/Scripts" ] && bin=$venv/Scripts  # Windows (Git Bash) layout

if [ ! -x "$bin/python" ] && [ ! -x "$bin/python.exe" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
  bin=$venv/bin; [ -d "$venv/Scripts" ] && bin=$venv/Scripts
fi
"$bin/python" -m pip install --quiet --upgrade pip
# setuptools reuses build/lib between builds and would ship files deleted since: start clean.
rm -rf build/lib build/bdist.*
"$bin/python" -m pip install --quiet '.[packaging]'
"$bin/python" -m pip install --quiet --no-deps --force-reinstall .  # this checkout, even at an unchanged version

start=$(date +%s)
"$bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/trovetriage.spec
echo "built dist/TroveTriage in $(( $(date +%s) - start )) s, $(du -sh dist/TroveTriage | cut -f1)"

if [ "${1:-}" != "--no-smoke" ]; then
  bash packaging/smoke_bundle.sh dist/TroveTriage
fi
