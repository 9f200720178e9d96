#!/usr/bin/env bash
# Create .venv and install TroveTriage with its development tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "TroveTriage needs Python 3.11 or newer (python3 is $(python3 --version 2>&1))." >&2
  exit 1
fi
if ! python3 -c 'import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library("magic") else 1)'; then
  echo "libmagic is missing. Install it first:" >&2
  echo "  Debian/Ubuntu: sudo apt-get install libmagic1" >&2
  echo "  Fedora:        sudo dnf install file-libs" >&2
  echo "  macOS:         brew install libmagic" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv || {
    echo "Could not create a virtualenv. On Debian/Ubuntu: sudo apt-get install python3-venv" >&2
    exit 1
  }
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
