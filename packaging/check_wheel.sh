#!/usr/bin/env bash
# Build the wheel, install it into a fresh virtualenv and run the demo from a scratch folder:
# proves the wheel carries resources/ and the entry points and works outside the source tree.
# Usage: packaging/check_wheel.sh    Environment: PYTHON (default python3). Needs network for pip.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=packaging/smoke_lib.sh
source "$root/packaging/smoke_lib.sh"
python=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/trovetriage-wheel.XXXXXX")
echo "== scratch: $work"

"$python" -m venv "$work/buildenv"
"$work/buildenv/bin/python" -m pip install --quiet --upgrade pip build
rm -rf "$root/build/lib" "$root/build/bdist."*  # stale setuptools output would end up in the wheel
"$work/buildenv/bin/python" -m build --wheel --outdir "$work/wheel" "$root" > "$work/build.log" 2>&1 \
  || { cat "$work/build.log"; fail "python -m build --wheel"; }
if grep -i "warning" "$work/build.log" | grep -v "byte-compiling is disabled"; then echo "(warnings above come from the wheel build)"; fi
wheel=$(ls "$work"/wheel/trovetriage-*.whl)
echo "== wheel: $(basename "$wheel") ($(wc -c < "$wheel") bytes)"
"$python" - "$wheel" "$root/resources" <<'PY' || fail "the wheel does not carry resources/"
import sys, zipfile
from pathlib import Path
wheel, source = sys.argv[1], Path(sys.argv[2])
names = set(zipfile.ZipFile(wheel).namelist())
wanted = {"trovetriage/resources/" + p.relative_to(source).as_posix()
          for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")}
missing = sorted(wanted - names)
print(f"resources in the wheel: {len(wanted) - len(missing)} of {len(wanted)} files")
for name in missing:
    print("  missing:", name)
sys.exit(1 if missing else 0)
PY

"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet "$wheel" || fail "installing the wheel"
[ -x "$work/venv/bin/trovetriage-gui" ] || fail "no trovetriage-gui script"
location=$(cd / && "$work/venv/bin/python" -c 'import trovetriage.core.resources as r; print(r.resources_root())')
echo "== resources_root() of the installed wheel: $location"
case "$location" in "$work/venv/"*) ;; *) fail "resources resolved outside the installed wheel";; esac

smoke_demo "$work/venv/bin/trovetriage"
echo "wheel check passed (scratch folder $work, remove it when done)"
