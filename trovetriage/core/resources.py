"""Where the bundled data files live (rules, icons, fonts), however TroveTriage was installed.

The repository keeps them in the top-level `resources/` folder. A wheel carries the same folder as
`trovetriage/resources/`, and a PyInstaller bundle unpacks it next to the executable. Every module
asks here instead of counting parent folders, so all three layouts work.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

RESOURCES_ENV = "TROVETRIAGE_RESOURCES"
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def _candidates() -> list[Path]:
    found: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)  # set by a PyInstaller bundle at start-up
    if bundle:
        found.append(Path(bundle) / "resources")
    found.append(_PACKAGE_DIR / "resources")  # installed from a wheel
    found.append(_PACKAGE_DIR.parent / "resources")  # the source tree (editable install)
    return found


@cache
def resources_root() -> Path:
    """The folder holding `rules/`, `icons/` and `fonts/`; an error names every place looked at.

    An explicit TROVETRIAGE_RESOURCES is used or refused, never silently skipped: falling back
    to the built-in rules would hide that the ones asked for were not loaded."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        if not (Path(override) / "rules").is_dir():
            raise FileNotFoundError(f"{RESOURCES_ENV}={override} has no rules/ folder")
        return Path(override)
    candidates = _candidates()
    for candidate in candidates:
        if (candidate / "rules").is_dir():
            return candidate
    looked = ", ".join(str(path) for path in candidates)
    raise FileNotFoundError(f"TroveTriage's resources folder is missing (looked in: {looked})")


def resource_path(*parts: str) -> Path:
    """A path below the resources folder, e.g. `resource_path("rules")`."""
    return resources_root().joinpath(*parts)
