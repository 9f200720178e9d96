"""PdfExtractor on PDFs built in the test: text, metadata, attachments, encryption, damage, caps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from member_helpers import blob_bytes, statuses
from pdf_builders import USER_PASSWORD_ENCRYPT, build_pdf

from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Sniffed, Status
from trovetriage.ingest.extractors.pdf import PdfExtractor
from trovetriage.ingest.extractors.pdf_info import describe_encryption_dict, parse_pdf_date

INFO = {"Title": "Minutes (draft)", "Author": "A. Ali", "Producer": "Microsoft Word",
        "CreationDate": "D:20240102030405+03'00'", "ModDate": "D:20240105"}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def sniffed(mime: str, name: str) -> Sniffed:
    return Sniffed(mime=mime, description=mime, extension=Path(name).suffix.lower(), name=name, size=10)


def test_text_pages_and_metadata(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "minutes.pdf", build_pdf(["Meeting at the ministry", "Password is Winter2024"],
                                                      info=INFO))
    extraction, sink = run_extractor(path, PdfExtractor())
    assert extraction.status is Status.OK, extraction.detail
    assert extraction.kind is Kind.PDF
    assert extraction.text.split("\f") == ["Meeting at the ministry", "Password is Winter2024"]
    assert extraction.title == "Minutes (draft)"
    assert extraction.date == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=3)))
    meta = extraction.metadata
    assert meta["pages"] == 2
    assert meta["author"] == "A. Ali"
    assert meta["producer"] == "Microsoft Word"
    assert meta["created"] == "2024-01-02T03:04:05+03:00"
    assert meta["modified"] == "2024-01-05T00:00:00+00:00"
    assert "encryption" not in meta
    assert extraction.detail == ""
    assert sink.members == []


def test_embedded_files_become_children(run_extractor: Any, tmp_path: Path) -> None:
    files = {"creds.txt": b"user=MFA\\admin pass=Spring2024", "inner.eml": b"From: a@b\r\nSubject: x\r\n\r\nhi"}
    path = write(tmp_path, "a.pdf", build_pdf(["cover"], attachments=files))
    extraction, sink = run_extractor(path, PdfExtractor())
    assert extraction.status is Status.OK
    assert statuses(sink) == {"creds.txt": None, "inner.eml": None}
    for name, data in files.items():
        assert blob_bytes(sink, name) == data


def test_oversized_attachment_is_refused_before_copying(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "a.pdf", build_pdf(["cover"], attachments={"big.bin": b"\0" * 5000}))
    extraction, sink = run_extractor(path, PdfExtractor(), Limits(max_member_bytes=1000))
    assert extraction.status is Status.OK
    assert statuses(sink) == {"big.bin": Status.SKIPPED_BOMB}
    assert sink.members[0].size == 5000


def test_scanned_pdf_has_pages_but_no_text(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", build_pdf(["", ""]))
    extraction, _ = run_extractor(path, PdfExtractor())
    assert extraction.status is Status.OK
    assert extraction.text == ""
    assert extraction.detail == "no text layer (scanned?)"
    assert extraction.metadata["pages"] == 2


def test_user_password_is_encrypted_and_names_the_handler(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "locked.pdf", build_pdf(["secret"], encrypt=USER_PASSWORD_ENCRYPT))
    extraction, _ = run_extractor(path, PdfExtractor())
    assert extraction.status is Status.ENCRYPTED
    assert extraction.text == ""
    assert "Standard security handler R3, RC4 128-bit" in extraction.detail


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_pdf_never_raises(run_extractor: Any, tmp_path: Path, cut: float) -> None:
    data = build_pdf(["Meeting at the ministry", "second page"], info=INFO)
    path = write(tmp_path, "cut.pdf", data[: int(len(data) * cut)])
    extraction, _ = run_extractor(path, PdfExtractor())
    # pdfium rebuilds a lost xref when the objects survive; otherwise the file is truncated.
    assert extraction.status in (Status.OK, Status.TRUNCATED, Status.CORRUPT)
    if extraction.status is not Status.OK:
        assert extraction.detail


def test_header_only_pdf_is_truncated(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "cut.pdf", build_pdf(["hello"])[:40])
    extraction, _ = run_extractor(path, PdfExtractor())
    assert extraction.status is Status.TRUNCATED
    assert "%%EOF" in extraction.detail


@pytest.mark.parametrize("data", [b"", b"this is not a pdf at all\n" * 20, bytes(range(256)) * 8])
def test_non_pdf_bytes_are_corrupt(run_extractor: Any, tmp_path: Path, data: bytes) -> None:
    extraction, _ = run_extractor(write(tmp_path, "fake.pdf", data), PdfExtractor())
    assert extraction.status is Status.CORRUPT
    assert "%PDF-" in extraction.detail


def test_text_is_capped_and_says_so(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "long.pdf", build_pdf(["a" * 50, "b" * 50, "c" * 50]))
    extraction, _ = run_extractor(path, PdfExtractor(), Limits(max_text_chars=70))
    assert extraction.status is Status.OK
    assert len(extraction.text) == 70
    assert extraction.text.startswith("a" * 50 + "\f" + "b")
    assert "cut" in extraction.detail


def test_page_cap(run_extractor: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("trovetriage.ingest.extractors.pdf.MAX_PAGES", 2)
    path = write(tmp_path, "many.pdf", build_pdf(["one", "two", "three"]))
    extraction, _ = run_extractor(path, PdfExtractor())
    assert extraction.text == "one\ftwo"
    assert extraction.metadata["pages"] == 3
    assert "first 2 of 3 pages" in extraction.detail


def test_pdf_dates() -> None:
    assert parse_pdf_date("D:20230410104217-06'00'") == datetime(
        2023, 4, 10, 10, 42, 17, tzinfo=timezone(timedelta(hours=-6)))
    assert parse_pdf_date("D:2023") == datetime(2023, 1, 1, tzinfo=UTC)
    assert parse_pdf_date("D:20231399") is None
    assert parse_pdf_date("yesterday") is None
    assert parse_pdf_date("") is None


@pytest.mark.parametrize(("dictionary", "expected"), [
    (b"/Filter /Standard /V 1 /R 2 /O <00> /U <00>", "Standard security handler R2, RC4 40-bit"),
    (b"/Filter/Standard/V 4/R 4/CF<</StdCF<</CFM/AESV2>>>>", "Standard security handler R4, AES-128"),
    (b"/Filter /Standard /V 5 /R 6", "Standard security handler R6, AES-256"),
    (b"/Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5", "Adobe.PubSec public-key (certificate) security "
                                                          "handler (adbe.pkcs7.s5)"),
])
def test_security_handler_descriptions(dictionary: bytes, expected: str) -> None:
    assert describe_encryption_dict(dictionary) == expected


@pytest.mark.parametrize(("mime", "name", "expected"), [
    ("application/pdf", "a.pdf", 100),
    ("application/pdf", "invoice.bin", 100),
    ("application/octet-stream", "a.pdf", 40),
    ("application/octet-stream", "a.bin", 0),
    ("text/plain", "a.pdf", 0),
    ("application/zip", "a.pdf", 0),
])
def test_scores(mime: str, name: str, expected: int) -> None:
    assert PdfExtractor().score(sniffed(mime, name)) == expected
