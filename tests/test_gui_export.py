"""The GUI export dialog and the export job: the same files as `trovetriage export`, in the background."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from trovetriage.cli import main
from trovetriage.gui.export_dialog import WHOLE_CASE, ExportDialog
from trovetriage.gui.main_window import MainWindow

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


def test_dialog_builds_the_request(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(["MOFA Bahrain"], tmp_path)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert dialog.path.text().endswith(".csv")
    dialog.victim.setCurrentText("MOFA Bahrain")
    dialog.reviewed.setChecked(True)
    request = dialog.request()
    assert (request.fmt, request.victim, request.reviewed_only) == ("csv", "MOFA Bahrain", True)
    dialog.victim.setCurrentText(WHOLE_CASE)
    assert dialog.request().victim is None
    dialog.path.setText(str(tmp_path / "missing-folder" / "x.csv"))
    dialog._accept()
    assert "does not exist" in dialog.message.text() and dialog.result() == 0


def test_export_runs_as_a_job(qtbot: QtBot, case_dir: Path, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_case(case_dir)
    qtbot.waitUntil(window.idle, timeout=60_000)
    out = tmp_path / "bahrain.csv"
    assert window.jobs.start(case_dir, "Export csv", "export", fmt="csv", output=str(out), victim="MOFA Bahrain",
                             reviewed_only=False)
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=60_000)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 and {row["victim"] for row in rows} == {"MOFA Bahrain"}
    failures: list[str] = []
    window.jobs.failed.connect(lambda title, _details: failures.append(title))
    assert window.jobs.start(case_dir, "Export pdf", "export", fmt="pdf", output=str(tmp_path / "x.pdf"))
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=60_000)
    assert failures and "unknown export format" in failures[0]
