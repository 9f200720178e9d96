"""Packaging checks that need no build: the PyInstaller spec carries every extractor, resources are
found in each install layout, and the desktop files and icon renders agree with each other.

Building the bundle is too slow for CI (packaging/build.sh does it by hand), so these catch the
mistakes that would otherwise only show in a broken bundle: a new extractor left out, a renamed icon.
"""

from __future__ import annotations

import ast
import configparser
import re
import struct
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

import trovetriage
from trovetriage.core import resources

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "trovetriage.spec"
EXTRACTORS_DIR = ROOT / "trovetriage" / "ingest" / "extractors"
DESKTOP_DIR = ROOT / "resources" / "desktop"
ICONS_DIR = ROOT / "resources" / "icons" / "hicolor"
APP_ID = "org.trovetriage.TroveTriage"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _listed_for_bundle() -> set[str]:
    """EXTRACTOR_MODULES from packaging/bundle_modules.py, read as data (packaging/ is no package)."""
    tree = ast.parse((PACKAGING / "bundle_modules.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "EXTRACTOR_MODULES" for t in targets):
                return set(ast.literal_eval(node.value))
    raise AssertionError("packaging/bundle_modules.py defines no EXTRACTOR_MODULES")


def _entry_point_modules() -> set[str]:
    group = _pyproject()["project"]["entry-points"]["trovetriage.extractors"]
    return {target.split(":")[0] for target in group.values()}


def _extractor_package_modules() -> set[str]:
    return {f"trovetriage.ingest.extractors.{path.stem}" for path in EXTRACTORS_DIR.glob("*.py")
            if path.stem != "__init__"}


def test_every_entry_point_names_a_module_of_the_package() -> None:
    modules = _extractor_package_modules()
    assert len(modules) > 20  # the folder really was read
    assert _entry_point_modules() <= modules


def test_the_bundle_lists_every_extractor_module() -> None:
    listed = _listed_for_bundle()
    wanted = _extractor_package_modules() | _entry_point_modules()
    missing = sorted(wanted - listed)
    assert not missing, f"add to packaging/bundle_modules.py: {missing}"
    stale = sorted(listed - wanted - {"trovetriage.ingest.extractors"})
    assert not stale, f"gone from the package, drop from packaging/bundle_modules.py: {stale}"


def _analysis_call(tree: ast.Module) -> ast.Call:
    calls = [node for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Analysis"]
    assert len(calls) == 1, "the spec should run exactly one Analysis"
    return calls[0]


def test_the_spec_hands_the_list_and_metadata_to_pyinstaller() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    imports = {(node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               for alias in node.names}
    assert ("bundle_modules", "EXTRACTOR_MODULES") in imports
    keywords = {keyword.arg: keyword.value for keyword in _analysis_call(tree).keywords}
    hidden = ast.unparse(keywords["hiddenimports"])
    assert "*EXTRACTOR_MODULES" in hidden
    datas = ast.unparse(keywords["datas"])
    assert "copy_metadata('trovetriage')" in datas  # entry points must be readable inside the bundle
    assert "ROOT / 'resources'" in datas


@pytest.fixture
def fresh_resources(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """resources_root() caches its answer; clear it around tests that move the resources."""
    monkeypatch.delenv(resources.RESOURCES_ENV, raising=False)
    resources.resources_root.cache_clear()
    yield
    resources.resources_root.cache_clear()


@pytest.mark.usefixtures("fresh_resources")
def test_resources_are_found_in_the_source_tree() -> None:
    assert resources.resources_root() == ROOT / "resources"
    assert sorted(resources.resource_path("rules").glob("*.toml"))


@pytest.mark.usefixtures("fresh_resources")
def test_resources_env_variable_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path))
    assert resources.resources_root() == tmp_path
    assert resources.resource_path("rules", "pii.toml") == tmp_path / "rules" / "pii.toml"


@pytest.mark.usefixtures("fresh_resources")
def test_resources_env_variable_without_rules_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path))
    with pytest.raises(FileNotFoundError, match=resources.RESOURCES_ENV):
        resources.resources_root()


@pytest.mark.usefixtures("fresh_resources")
def test_resources_are_found_in_a_pyinstaller_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "resources" / "rules").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_root() == tmp_path / "resources"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_DIR / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_runs_the_gui_script_and_names_an_existing_icon() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] in _pyproject()["project"]["gui-scripts"]
    icon = entry["Icon"]
    assert (ICONS_DIR / "scalable" / "apps" / f"{icon}.svg").is_file()
    assert (ICONS_DIR / "48x48" / "apps" / f"{icon}.png").is_file()


def test_desktop_id_matches_the_gui() -> None:
    from trovetriage.gui.app import APP_ID as GUI_APP_ID  # Wayland finds the .desktop entry by this name

    assert GUI_APP_ID == APP_ID


def test_metainfo_describes_this_application() -> None:
    root = ET.parse(DESKTOP_DIR / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == _pyproject()["project"]["license"]
    launchable = root.findtext("launchable")
    assert launchable == f"{APP_ID}.desktop"
    assert (DESKTOP_DIR / launchable).is_file()
    versions = [release.get("version") for release in root.iter("release")]
    assert trovetriage.__version__ in versions, "add a <release> for the new version"


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    _length, chunk, width, height = struct.unpack(">I4sII", header[8:24])
    assert chunk == b"IHDR"
    return width, height


def test_icon_pngs_have_the_size_their_folder_names() -> None:
    pngs = sorted(ICONS_DIR.glob("*/apps/*.png"))
    sizes = set()
    for png in pngs:
        match = re.fullmatch(r"(\d+)x(\d+)", png.parent.parent.name)
        assert match, f"{png}: folder should be named like 48x48"
        assert png.stem == APP_ID
        assert _png_size(png) == (int(match[1]), int(match[2])), png
        sizes.add(int(match[1]))
    assert sizes == {16, 24, 32, 48, 64, 128, 256, 512}
