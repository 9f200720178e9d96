"""`trovetriage gui --screenshot` renders the main window offscreen to a PNG, for docs and tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from triage_case_data import osprey_case

from trovetriage.cli import main


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    return osprey_case(tmp_path)


@pytest.mark.parametrize("view", ["search", "dashboard", "item"])
def test_screenshot_of_each_view(qtbot: QtBot, case_dir: Path, tmp_path: Path, view: str) -> None:
    out = tmp_path / f"{view}.png"
    result = CliRunner().invoke(main, ["gui", "--case", str(case_dir), "--screenshot", str(out), "--view", view,
                                       "--query", "osprey"])
    assert result.exit_code == 0, result.output
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 1200 and image.height() >= 800
    assert len({image.pixel(x, y) for x in range(0, image.width(), 40) for y in range(0, image.height(), 40)}) > 5


def test_screenshot_needs_a_case(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["gui", "--screenshot", str(tmp_path / "x.png")])
    assert result.exit_code == 1 and "--screenshot needs --case" in result.output
    result = CliRunner().invoke(main, ["gui", "--case", str(tmp_path / "nothing"), "--screenshot",
                                       str(tmp_path / "x.png")])
    assert result.exit_code == 1 and "not a TroveTriage case" in result.output
