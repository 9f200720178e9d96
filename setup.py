"""Packaging glue that pyproject.toml cannot express: ship the top-level `resources/` tree inside
the wheel as `trovetriage/resources/`, every file of every type, without a hand-kept list.

Everything else (metadata, dependencies, entry points) stays in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import find_packages, setup

RESOURCES = "resources"
RESOURCES_PACKAGE = "trovetriage.resources"


def resource_packages(root: Path) -> dict[str, list[str]]:
    """Each folder under resources/ as a data-only package mapped to the files directly in it.

    Listing every folder as a package (rather than one `**/*` glob) keeps setuptools from
    warning that data folders look like importable packages it was not told about.
    """
    found: dict[str, list[str]] = {}
    for folder in sorted([root, *(path for path in root.rglob("*") if path.is_dir())]):
        parts = folder.relative_to(root).parts
        if any(part.startswith((".", "__")) for part in parts):
            continue
        found[".".join((RESOURCES_PACKAGE, *parts))] = ["*"]
    return found


here = Path(__file__).resolve().parent
resource_data = resource_packages(here / RESOURCES)
setup(
    packages=[*find_packages(include=["trovetriage", "trovetriage.*"]), *resource_data],
    package_dir={RESOURCES_PACKAGE: RESOURCES},
    package_data=resource_data,
)
