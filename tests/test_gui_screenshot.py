"""`trovetriage gui --screenshot` renders the main window offscreen to a PNG, for docs and tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from trovetriage.cli import main

MAIL = ("From: a@mofa.gov.bh\nTo: b@mofa.gov.bh\nSubject: Osprey visit {n}\nDate: Mon, 3 Jun 2019 10:00:00 +0300\n"
        "Message-ID: <{n}@mail01.mofa.gov.bh>\n\nSECRET\n\nThe osprey delegation arrives.\n")


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    trove = tmp_path / "trove"
    trove.mkdir()
    for n in range(3):
        (trove / f"m{n}.eml").write_text(MAIL.format(n=n), encoding="utf-8")
    victims = tmp_path / "victims.toml"
    victims.write_text('[[victims]]\nname = "MOFA Bahrain"\ndomains = ["mofa.gov.bh"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["index", str(trove), "--case", str(tmp_path / "case"), "--victims",
                                       str(victims), "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return tmp_path / "case"


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
    assert result.exit_code == 2 and "--screenshot needs --case" in result.output
    result = CliRunner().invoke(main, ["gui", "--case", str(tmp_path / "nothing"), "--screenshot",
                                       str(tmp_path / "x.png")])
    assert result.exit_code == 1 and "not a TroveTriage case" in result.output
