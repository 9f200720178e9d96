"""PdfExtractor on the public sample PDFs and hostile PDFs (../shared/corpus): a status per file,
a known word for the readable ones, and no file may take long or grow memory.

Skipped unless TROVETRIAGE_CORPUS points at the corpus folder.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from member_helpers import extract_with

from trovetriage.core.types import Status
from trovetriage.ingest.extractors.pdf import PdfExtractor

_CORPUS = os.environ.get("TROVETRIAGE_CORPUS", "")
if not _CORPUS or not Path(_CORPUS).is_dir():
    pytest.skip("TROVETRIAGE_CORPUS is not set to the sample corpus folder", allow_module_level=True)

pytestmark = pytest.mark.corpus

ROOT = Path(_CORPUS)
SECONDS_PER_FILE = 10.0

#: file -> (status, a word its text must contain, or "" when there is no text to check).
EXPECTED: dict[str, tuple[Status, str]] = {
    "pdf/hoover__broken.pdf": (Status.TRUNCATED, ""),
    "pdf/icij__encrypted.pdf": (Status.ENCRYPTED, ""),
    "pdf/ingest__password-hunter2.pdf": (Status.ENCRYPTED, ""),
    "pdf/pdfsamples__habibi.pdf": (Status.OK, "habibi"),
    "pdf/pdfsamples__libreoffice-writer-password.pdf": (Status.ENCRYPTED, ""),
    "pdf/pdfsamples__with-attachment.pdf": (Status.OK, "Lorem"),
    "pdf/pypdf__encrypted_doc_no_id.pdf": (Status.OK, ""),  # owner password only; scanned pages
    "pdf/pypdf__r4-aes-user-password.pdf": (Status.ENCRYPTED, ""),
    "pdf/qpdf__bad-direct-root.pdf": (Status.CORRUPT, ""),
    "pdf/qpdf__bad-xref.pdf": (Status.OK, "Potato"),
    "pdf/qpdf__encrypted-40-bit-R3.pdf": (Status.ENCRYPTED, ""),
    "pdf/qpdf__fuzz-16214.pdf": (Status.CORRUPT, ""),
    "pdf/qpdf__global_damaged.pdf": (Status.OK, "Potato"),
    "pdf/tika__testPDF_deeplyEmbeddedAttachments.pdf": (Status.OK, ""),
    "pdf/tika__testPDF_incrementalUpdates.pdf": (Status.OK, "Incremental"),
    "pdf/tika__testUnicodePassword.pdf": (Status.ENCRYPTED, ""),
    "hostile/qpdf__append-xref-loop.pdf": (Status.OK, "Potato"),
    "hostile/qpdf__linearization-large-vector-alloc.pdf": (Status.OK, "Potato"),
    "hostile/qpdf__pages-loop.pdf": (Status.OK, "Potato"),
    "hostile/tika__testPDF_jsActionOnPage.pdf": (Status.OK, ""),
}


def test_every_corpus_pdf_is_listed() -> None:
    found = {str(path.relative_to(ROOT)) for pattern in ("pdf/*.pdf", "hostile/*.pdf") for path in ROOT.glob(pattern)}
    assert found == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_pdf(name: str, tmp_path: Path) -> None:
    status, word = EXPECTED[name]
    started = time.monotonic()
    extraction, _ = extract_with(PdfExtractor(), ROOT / name, tmp_path)
    assert time.monotonic() - started < SECONDS_PER_FILE
    assert extraction.status is status, extraction.detail
    assert word in extraction.text
    if status is not Status.OK:
        assert extraction.detail


def test_owner_password_only_opens_and_says_so(tmp_path: Path) -> None:
    extraction, _ = extract_with(PdfExtractor(), ROOT / "pdf/pypdf__encrypted_doc_no_id.pdf", tmp_path)
    assert extraction.metadata["encryption"].startswith("owner-password protected")
    assert extraction.metadata["pages"] == 3
    assert extraction.detail == "no text layer (scanned?)"


@pytest.mark.parametrize(("name", "handler"), [
    ("pdf/pypdf__r4-aes-user-password.pdf", "R4, AES-128"),
    ("pdf/qpdf__encrypted-40-bit-R3.pdf", "R3, RC4 40-bit"),
    ("pdf/tika__testUnicodePassword.pdf", "R6, AES-256"),
])
def test_encrypted_detail_names_the_handler(name: str, handler: str, tmp_path: Path) -> None:
    extraction, _ = extract_with(PdfExtractor(), ROOT / name, tmp_path)
    assert handler in extraction.detail


def test_attachments(tmp_path: Path) -> None:
    _, sink = extract_with(PdfExtractor(), ROOT / "pdf/pdfsamples__with-attachment.pdf", tmp_path)
    assert [m.status for m in sink.members] == [None]
    _, sink = extract_with(PdfExtractor(), ROOT / "pdf/tika__testPDF_deeplyEmbeddedAttachments.pdf", tmp_path)
    assert len(sink.members) == 20
    assert all(m.status is None and m.size > 0 for m in sink.members)
