"""The GUI export dialog and the export job: the same files as `trovetriage export`, in the background."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from triage_case_data import osprey_case

from trovetriage.gui.export_dialog import WHOLE_CASE, ExportDialog
from trovetriage.gui.main_window import MainWindow


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    return osprey_case(tmp_path)


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
    assert not dialog.reveal.isEnabled()  # a csv never carries secrets
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    assert dialog.path.text().endswith(".pdf") and dialog.banner.isEnabled() and not dialog.reveal.isEnabled()
    dialog.victim.setCurrentText("MOFA Bahrain")
    dialog.banner.setText("TLP:RED")
    dialog.reveal.setChecked(True)
    request = dialog.request()
    assert (request.fmt, request.banner, request.reveal_secrets) == ("pdf", "TLP:RED", True)
    dialog.victim.setCurrentText(WHOLE_CASE)
    assert not dialog.request().reveal_secrets  # never for the whole case
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
    pdf = tmp_path / "bahrain.pdf"
    assert window.jobs.start(case_dir, "Export pdf", "export", fmt="pdf", output=str(pdf), victim="MOFA Bahrain",
                             banner="TLP:RED")
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=60_000)
    assert not failures and pdf.read_bytes().startswith(b"%PDF-")
    assert window.jobs.start(case_dir, "Export docx", "export", fmt="docx", output=str(tmp_path / "x.docx"))
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=60_000)
    assert failures and "unknown export format" in failures[0]
