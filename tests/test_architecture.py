"""The layer rules of DESIGN §1 and the lint rules hold for the whole code base."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run([BIN / "lint-imports", "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_ruff_is_clean() -> None:
    ruff = BIN / "ruff" if (BIN / "ruff").exists() else shutil.which("ruff")
    result = subprocess.run([str(ruff), "check", "trovetriage", "tests", "bench"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_builtin_extractor_is_registered() -> None:
    from trovetriage.ingest.registry import load_extractors

    names = {extractor.name for extractor in load_extractors()}
    assert {"text", "html", "email", "mbox", "zip", "tar", "compressed", "pdf", "7z", "rar", "ooxml", "odf", "rtf",
            "ole_office", "msg", "tnef", "pst", "encrypted", "iso", "ace"} <= names
