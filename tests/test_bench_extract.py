"""bench/extract.py keeps working: its generated extras stay readable and a scale-1 run covers the main extractors.

No timing is asserted; the benchmark only has to run and attribute work to the right extractors.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits
from trovetriage.ingest.worker import extract_file

BENCH = Path(__file__).resolve().parents[1] / "bench" / "extract.py"
TEXT = "Quarterly memo (draft)\nPipeline pressure figures for Ruse\n\nSecond page"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """bench/ is not a package: load the script from its path (registered, so dataclasses resolve it)."""
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "builder", "extractor"), [
    ("a.docx", lambda b: b.docx_bytes(TEXT), "ooxml"),
    ("a.xlsx", lambda b: b.xlsx_bytes([["Ruse", "pressure"], ["Varna", "flow"]]), "ooxml"),
    ("a.pptx", lambda b: b.pptx_bytes(TEXT.split("\n\n")), "ooxml"),
    ("a.odt", lambda b: b.odt_bytes(TEXT), "odf"),
    ("a.rtf", lambda b: b.rtf_bytes(TEXT + "\nnon-ASCII: şı 한국"), "rtf"),
    ("a.pdf", lambda b: b.pdf_bytes(TEXT), "pdf"),
    ("a.7z", lambda b: b.sevenzip_bytes([("notes.txt", TEXT.encode())]), "7z"),
    ("a.eml", lambda b: b.eml_bytes(1, TEXT, [("m.docx", b.DOCX, b.docx_bytes(TEXT))]), "email"),
])
def test_generated_extras_reach_their_extractor(bench: ModuleType, tmp_path: Path, name: str,
                                                builder: Callable[[ModuleType], bytes], extractor: str) -> None:
    path = tmp_path / name
    path.write_bytes(builder(bench))
    result = extract_file(name, path, name, BlobStore(tmp_path / "blobs"), Limits())
    assert result.extractor == extractor
    assert result.extraction.status.value == "ok", result.extraction.detail
    assert "Ruse" in result.extraction.text or result.extraction.members


def test_scale_one_run_covers_the_main_extractors(bench: ModuleType, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the mix is generated here, not in /tmp
    report = bench.main(["--scale", "1", "--json"])
    printed = json.loads(capsys.readouterr().out)
    files = {row["name"]: row["items"] for row in printed["extractors"]}
    for name in ("email", "zip", "pdf", "ooxml"):
        assert files.get(name, 0) > 0, name
        assert report.extractors[name].items == files[name]
    assert sum(files.values()) == printed["files"] == report.files
    assert printed["dominant"] in files
    assert not any(tmp_path.iterdir())  # the temporary mix is gone
