"""PstExtractor: naming, .eml building from fake libpff objects, scoring, garbage input.

A PST cannot be written from Python, so the store walk itself is exercised by the corpus test
(tests/test_corpus_pst.py); here the pure pieces run on small fakes with libpff's attribute names.
"""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from pathlib import Path
from typing import Any

import pytest

from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Sniffed, Status
from trovetriage.ingest.extractors.pst import (
    MessageTooLarge,
    PstExtractor,
    build_eml,
    child_name,
    folder_part,
    folder_path,
)
from trovetriage.ingest.sniff import MIME_PST


@dataclass
class FakeEntry:
    entry_type: int
    value: Any

    @property
    def value_type(self) -> int:
        return 0x001F if isinstance(self.value, str) else 0x0003

    @property
    def data_as_string(self) -> str:
        return self.value

    @property
    def data_as_integer(self) -> int:
        return self.value


@dataclass
class FakeRecordSet:
    entries: list[FakeEntry]


def record_sets(props: dict[int, Any]) -> list[FakeRecordSet]:
    return [FakeRecordSet([FakeEntry(tag, value) for tag, value in props.items()])]


@dataclass
class FakeRecipients:
    record_sets: list[FakeRecordSet] = field(default_factory=list)


@dataclass
class FakeAttachment:
    data: bytes
    props: dict[int, Any] = field(default_factory=dict)
    broken: bool = False

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def record_sets(self) -> list[FakeRecordSet]:
        return record_sets(self.props)

    number_of_sub_items = 0

    def read_buffer(self, size: int) -> bytes:
        if self.broken:
            raise OSError("libpff_attachment_data_read_buffer: unable to read")
        return self.data[:size]


@dataclass
class FakeMessage:
    subject: str = ""
    sender_name: str = ""
    transport_headers: str | None = None
    plain_text_body: bytes | None = None
    html_body: bytes | None = None
    rtf_body: bytes | None = None
    client_submit_time: datetime | None = None
    delivery_time: datetime | None = None
    creation_time: datetime | None = None
    props: dict[int, Any] = field(default_factory=dict)
    recipients: FakeRecipients = field(default_factory=FakeRecipients)
    attachments: list[FakeAttachment] = field(default_factory=list)

    @property
    def record_sets(self) -> list[FakeRecordSet]:
        return record_sets(self.props)

    @property
    def number_of_attachments(self) -> int:
        return len(self.attachments)

    def get_attachment(self, index: int) -> FakeAttachment:
        return self.attachments[index]


def parse(data: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def test_folder_naming_follows_the_design_rule() -> None:
    parts = [folder_part("Top of Personal Folders"), folder_part("Inbox")]
    assert child_name(parts, 12) == "Top of Personal Folders/Inbox/12"
    assert folder_path([]) == "(root)"
    assert child_name([], 0) == "(root)/0"
    # a "/" inside a folder name must not add a level; control characters go; empty names get one
    assert folder_part("2019/2020") == "2019\u22152020"
    assert folder_part("evil\r\nname\x00") == "evil name"
    assert folder_part(None) == "(unnamed)"
    assert folder_part(b"Bytes name") == "Bytes name"


def test_synthesised_headers_from_properties() -> None:
    recipients = FakeRecipients(record_sets(
        {0x3001: "Desk", 0x39FE: "desk@mofa.gov.bh", 0x0C15: 1})
        + record_sets({0x3001: "Copy", 0x3003: "copy@mfa.gov.az", 0x0C15: 2}))
    message = FakeMessage(
        subject="Réunion\r\nBcc: injected@example.com", sender_name="Sender Name",
        plain_text_body=b"Plain body", client_submit_time=datetime(2019, 3, 12, 10, 15),
        props={0x5D01: "sender@mfa.gov.az", 0x1035: "<id-1@mfa.gov.az>", 0x001A: "IPM.Note"},
        recipients=recipients)
    built = build_eml(message, Limits().max_member_bytes)
    assert not built.from_headers
    parsed = parse(built.data)
    assert parsed["From"] == "Sender Name <sender@mfa.gov.az>"
    assert parsed["To"] == "Desk <desk@mofa.gov.bh>"
    assert parsed["Cc"] == "Copy <copy@mfa.gov.az>"
    assert parsed["Subject"] == "Réunion Bcc: injected@example.com"  # no header injection
    assert parsed["Bcc"] is None
    assert parsed["Date"] == "Tue, 12 Mar 2019 10:15:00 +0000"
    assert parsed["Message-ID"] == "<id-1@mfa.gov.az>"
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content().strip() == "Plain body"


def test_transport_headers_are_kept_and_body_rebuilt() -> None:
    headers = ("Microsoft Mail Internet Headers Version 2.0\r\n"
               "Received: from mx.mfa.gov.az by mail.mofa.gov.bh;\r\n Tue, 12 Mar 2019 10:15:00 +0400\r\n"
               "From: Original <orig@mfa.gov.az>\r\nSubject: From the headers\r\n"
               "Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\n"
               "Content-Transfer-Encoding: binary\r\nMIME-Version: 1.0\r\nX-Custom: kept\r\n\r\n")
    message = FakeMessage(
        subject="Property subject", sender_name="Other", transport_headers=headers,
        plain_text_body=b"Text", html_body=b"<p>Html \xe9</p>", props={0x3FDE: 1252},
        delivery_time=datetime(2019, 3, 12, 6, 15))
    built = build_eml(message, Limits().max_member_bytes)
    assert built.from_headers
    parsed = parse(built.data)
    assert parsed["From"] == "Original <orig@mfa.gov.az>"
    assert parsed["Subject"] == "From the headers"
    assert parsed["X-Custom"] == "kept"
    assert "mail.mofa.gov.bh" in parsed["Received"]
    assert parsed["Date"] == "Tue, 12 Mar 2019 06:15:00 +0000"  # missing from the headers: synthesised
    assert parsed.get_content_type() == "multipart/alternative"
    assert len(parsed.get_all("Content-Type") or []) == 1
    html = parsed.get_body(("html",))
    assert html is not None and "Html é" in html.get_content()


def test_attachments_become_named_parts() -> None:
    message = FakeMessage(subject="With files", plain_text_body=b"See attached", attachments=[
        FakeAttachment(b"%PDF-1.4 report", {0x3707: "report.pdf"}),
        FakeAttachment(b"no name at all"),
        FakeAttachment(b"x", {0x3704: "bad.bin"}, broken=True),
        FakeAttachment(b"col1,col2\n", {0x3001: "../../etc/data.csv"}),
    ])
    built = build_eml(message, Limits().max_member_bytes)
    assert built.attachments == 3
    assert built.unreadable == 1
    parsed = parse(built.data)
    parts = {part.get_filename(): part.get_content() for part in parsed.iter_attachments()}
    assert parts == {"report.pdf": b"%PDF-1.4 report", "attachment-2": b"no name at all",
                     "etc data.csv": b"col1,col2\n"}
    assert parsed["X-TroveTriage-Unreadable-Attachments"] == "bad.bin"
    assert parsed.get_body(("plain",)).get_content().strip() == "See attached"


def test_rtf_only_body_is_reduced_to_text() -> None:
    message = FakeMessage(subject="RTF", rtf_body=rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Secret plan\par}")
    parsed = parse(build_eml(message, Limits().max_member_bytes).data)
    assert "Secret plan" in parsed.get_content()
    assert parsed["X-TroveTriage-Body"] == "rtf"


def test_message_over_the_member_limit_is_refused_before_reading() -> None:
    message = FakeMessage(subject="Big", attachments=[FakeAttachment(b"x" * 5000)])
    with pytest.raises(MessageTooLarge):
        build_eml(message, 1000)


def test_empty_message_still_builds() -> None:
    parsed = parse(build_eml(FakeMessage(), Limits().max_member_bytes).data)
    assert parsed.get_content_type() == "text/plain"


@pytest.mark.parametrize(("mime", "name", "score"), [
    (MIME_PST, "x.pst", 100),
    (MIME_PST, "renamed.dat", 100),
    ("application/octet-stream", "mail.ost", 60),
    ("application/octet-stream", "mail.pst", 60),
    ("application/pdf", "mail.pst", 0),
    ("application/octet-stream", "mail.bin", 0),
])
def test_score(mime: str, name: str, score: int) -> None:
    extension = "." + name.rsplit(".", 1)[1]
    assert PstExtractor().score(Sniffed(mime, "", extension, name, 100)) == score


@pytest.mark.parametrize("data", [b"", b"!BDN" + b"\x00" * 600, b"!BDN" + bytes(range(256)) * 4, b"not a pst"])
def test_garbage_is_corrupt(run_extractor: Any, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pst"
    path.write_bytes(data)
    extraction, sink = run_extractor(path, PstExtractor())
    assert extraction.status is Status.CORRUPT, extraction.detail
    assert extraction.kind is Kind.MAILBOX
    assert extraction.title == "broken.pst"
    assert extraction.detail
    assert sink.members == []
    assert sink.decompressing is False
