"""EmailExtractor on messages built here: Exchange headers, charsets, MIME trees, attachments, damage."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest

from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink
from trovetriage.ingest.extractors.email_rfc822 import EmailExtractor
from trovetriage.ingest.mail.decoding import b64decode_lenient, decode_header_value
from trovetriage.ingest.mail.headers import received_hosts
from trovetriage.ingest.sniff import MIME_EML, sniff_file

EXCHANGE_MAIL = b"""Received: from EXCH02.mfa.local (10.10.1.12) by EXCH01.mfa.local (10.10.1.11)
 with Microsoft SMTP Server (version=TLS1_2) id 15.1.2507.6; Tue, 12 Mar 2019 10:15:02 +0400
Received: from mail.partner.example.org (mail.partner.example.org [203.0.113.7])
\tby mx1.mfa.gov.az (Postfix) with ESMTPS id 4A1B2C3D
\tfor <desk@mfa.gov.az>; Tue, 12 Mar 2019 10:15:01 +0400 (comment (nested))
From: "Karimov, Anar" <A.Karimov@MFA.gov.az>
Sender: Secretary <secretary@mfa.gov.az>
Reply-To: replies@mfa.gov.az
To: Desk <desk@mofa.gov.bh>, second@mofa.gov.bh
Cc: =?utf-8?B?TcO8bGxlciwgSGFucw==?= <hans@example.de>
Bcc: hidden@mfa.gov.az
Subject: Visit of the delegation
Date: Tue, 12 Mar 2019 10:15:00 +0400
Message-ID: <abc123@EXCH01.mfa.local>
In-Reply-To: <prev1@EXCH01.mfa.local>
References: <root0@EXCH01.mfa.local>
 <prev1@EXCH01.mfa.local>
Thread-Index: AdTYr5Kq0E3gC6BfQk2n0B8X1y2z3A==
Thread-Topic: Visit of the delegation
X-MS-Exchange-Organization-AuthAs: Internal
X-MS-Exchange-Organization-SCL: -1
X-MS-Exchange-CrossTenant-Id: """ + b"f" * 1500 + b"""
X-Originating-IP: [10.10.7.23]
X-Mailer: Microsoft Outlook 16.0
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

The delegation arrives on Thursday.
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def blob(sink: ChildSink, name: str) -> bytes:
    record = next(member for member in sink.members if member.name == name)
    assert record.sha256 is not None
    return sink.blobs.path_for(record.sha256).read_bytes()


def simple_message(subject: str = "Hello", body: str = "Body text.\n") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Leyla <leyla@mfa.gov.az>"
    message["To"] = "desk@mofa.gov.bh"
    message["Subject"] = subject
    message["Date"] = "Wed, 13 Mar 2019 09:00:00 +0000"
    message.set_content(body)
    return message


def test_exchange_headers(run_extractor: Any, tmp_path: Path) -> None:
    extraction, sink = run_extractor(write(tmp_path, "mail.eml", EXCHANGE_MAIL), EmailExtractor())
    assert extraction.status is Status.OK, extraction.detail
    assert extraction.kind is Kind.EMAIL
    assert extraction.title == "Visit of the delegation"
    assert extraction.date == datetime(2019, 3, 12, 10, 15, tzinfo=timezone(timedelta(hours=4)))
    assert extraction.sender == "a.karimov@mfa.gov.az"
    assert extraction.recipients == ["desk@mofa.gov.bh", "second@mofa.gov.bh", "hans@example.de",
                                     "hidden@mfa.gov.az"]
    meta = extraction.metadata
    assert meta["from"] == "Karimov, Anar <A.Karimov@MFA.gov.az>"
    assert meta["to"] == ["Desk <desk@mofa.gov.bh>", "second@mofa.gov.bh"]
    assert meta["cc"] == ["Müller, Hans <hans@example.de>"]
    assert meta["bcc"] == ["hidden@mfa.gov.az"]
    assert meta["reply_to"] == ["replies@mfa.gov.az"]
    assert meta["sender"] == ["Secretary <secretary@mfa.gov.az>"]
    assert meta["message_id"] == "<abc123@EXCH01.mfa.local>"
    assert meta["in_reply_to"] == "<prev1@EXCH01.mfa.local>"
    assert meta["references"] == ["<root0@EXCH01.mfa.local>", "<prev1@EXCH01.mfa.local>"]
    assert meta["thread_index"] == "AdTYr5Kq0E3gC6BfQk2n0B8X1y2z3A=="
    assert meta["thread_topic"] == "Visit of the delegation"
    assert meta["received_hosts"] == ["exch02.mfa.local", "exch01.mfa.local", "mail.partner.example.org",
                                      "mx1.mfa.gov.az"]
    exchange = meta["x_ms_exchange"]
    assert exchange["x-ms-exchange-organization-authas"] == "Internal"
    assert exchange["x-ms-exchange-organization-scl"] == "-1"
    assert exchange["x-ms-exchange-crosstenant-id"] == "f" * 1000
    assert meta["x_originating_ip"] == "10.10.7.23"
    assert meta["mailer"] == "Microsoft Outlook 16.0"
    assert meta["content_type"] == "text/plain"
    assert meta["charsets"] == ["utf-8"]
    assert meta["defects"] == []
    assert meta["attachment_count"] == 0
    assert extraction.text.startswith("From: ")
    assert "Subject: Visit of the delegation\n\nThe delegation arrives on Thursday." in extraction.text
    assert sink.members == []


def test_rfc2047_subject_in_turkish_charset(run_extractor: Any, tmp_path: Path) -> None:
    data = (b"From: =?iso-8859-9?Q?Ahmet_Y=FDlmaz?= <ahmet@gov.tr>\n"
            b"To: b@gov.tr\n"
            b"Subject: =?iso-8859-9?Q?G=FCvenlik_=FEifresi?= =?iso-8859-9?B?ZGX+af50aQ==?=\n"
            b"Date: Mon, 1 Apr 2019 08:00:00 +0300\n\nMetin.\n")
    extraction, _ = run_extractor(write(tmp_path, "tr.eml", data), EmailExtractor())
    assert extraction.title == "Güvenlik şifresideşişti"
    assert extraction.metadata["from"] == "Ahmet Yılmaz <ahmet@gov.tr>"


def test_bad_charsets_and_raw_8bit_headers_do_not_fail(run_extractor: Any, tmp_path: Path) -> None:
    arabic = "اجتماع سري".encode("cp1256")
    data = (b"From: =?x-no-such-charset?B?QWxpY2U=?= <alice@example.com>\n"
            b"To: =?utf-8?B?!!!broken***?= <bob@example.com>\n"
            b"Subject: " + arabic + b"\n"
            b"Date: not a date at all\n"
            b"Content-Type: text/plain; charset=windows-1256\n\n" + arabic + b"\n")
    extraction, _ = run_extractor(write(tmp_path, "ar.eml", data), EmailExtractor())
    assert extraction.status is Status.OK
    assert extraction.title == "اجتماع سري"
    assert extraction.metadata["from"] == "Alice <alice@example.com>"
    assert extraction.recipients == ["bob@example.com"]
    assert extraction.date is None
    extraction.text.encode("utf-8")  # no lone surrogates from the raw bytes


def test_multipart_alternative_prefers_plain(run_extractor: Any, tmp_path: Path) -> None:
    message = simple_message(body="PLAIN version of the body\n")
    message.add_alternative("<html><body><p>HTML version</p></body></html>", subtype="html")
    extraction, sink = run_extractor(write(tmp_path, "alt.eml", message.as_bytes()), EmailExtractor())
    assert "PLAIN version of the body" in extraction.text
    assert "HTML version" not in extraction.text
    assert sink.members == []


def test_html_only_body_is_converted(run_extractor: Any, tmp_path: Path) -> None:
    message = simple_message()
    message.set_content("<html><head><style>p{}</style><script>steal()</script></head>"
                        "<body><p>Meeting at <b>noon</b></p><p>Second line</p></body></html>", subtype="html")
    extraction, _ = run_extractor(write(tmp_path, "html.eml", message.as_bytes()), EmailExtractor())
    assert extraction.text.endswith("Meeting at noon\n\nSecond line")
    assert "steal" not in extraction.text and "<p>" not in extraction.text


def test_same_named_attachments_and_no_inlined_content(run_extractor: Any, tmp_path: Path) -> None:
    message = simple_message(body="See the two files.\n")
    message.add_attachment(b"%PDF-1.4 FIRST SECRET CONTENT", maintype="application", subtype="pdf",
                           filename="x.pdf")
    message.add_attachment(b"%PDF-1.4 SECOND SECRET CONTENT", maintype="application", subtype="pdf",
                           filename="x.pdf")
    message.add_attachment(b"\x89PNG\r\n\x1a\nPIXELS", maintype="image", subtype="png", disposition="inline")
    extraction, sink = run_extractor(write(tmp_path, "att.eml", message.as_bytes()), EmailExtractor())
    names = [member.name for member in sink.members]
    assert names == ["x.pdf", "x.pdf#2", "attachment-3.png"]
    assert blob(sink, "x.pdf") == b"%PDF-1.4 FIRST SECRET CONTENT"
    assert blob(sink, "x.pdf#2") == b"%PDF-1.4 SECOND SECRET CONTENT"
    assert "SECRET CONTENT" not in extraction.text
    assert "PIXELS" not in extraction.text
    assert "See the two files." in extraction.text
    assert extraction.metadata["attachment_count"] == 3
    assert sink.members[0].meta["content_type"] == "application/pdf"


def test_attached_message_becomes_a_parsable_child(run_extractor: Any, tmp_path: Path) -> None:
    inner = simple_message(subject="Inner: budget/plan 2019", body="Inner body text.\n")
    inner.add_attachment(b"INNER ATTACHMENT BYTES", maintype="application", subtype="octet-stream",
                         filename="inner.bin")
    outer = simple_message(subject="Fwd: budget", body="Forwarding.\n")
    outer.add_attachment(inner)
    extraction, sink = run_extractor(write(tmp_path, "fwd.eml", outer.as_bytes()), EmailExtractor())
    assert [member.name for member in sink.members] == ["Inner budget plan 2019.eml"]
    child = BytesParser(policy=policy.default).parsebytes(blob(sink, "Inner budget plan 2019.eml"))
    assert child["Subject"] == "Inner: budget/plan 2019"
    assert "INNER ATTACHMENT BYTES" not in extraction.text
    assert "Inner body text" not in extraction.text


def test_unnamed_attached_message_without_subject(run_extractor: Any, tmp_path: Path) -> None:
    data = (b"From: a@example.com\nTo: b@example.com\nSubject: outer\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="B"\n\n'
            b"--B\nContent-Type: text/plain\n\nsee attached\n"
            b"--B\nContent-Type: message/rfc822\n\nFrom: c@example.com\nTo: d@example.com\n\ninner\n"
            b"--B--\n")
    _, sink = run_extractor(write(tmp_path, "x.eml", data), EmailExtractor())
    assert [member.name for member in sink.members] == ["attached-message.eml"]
    assert blob(sink, "attached-message.eml").startswith(b"From: c@example.com\nTo: d@example.com\n")


def test_mail_without_received_header_is_sniffed_and_read(run_extractor: Any, tmp_path: Path) -> None:
    data = (b"From: Leyla <leyla@mfa.gov.az>\nTo: desk@mofa.gov.bh\nSubject: note to self\n"
            b"Date: Wed, 13 Mar 2019 09:00:00 +0000\n\nRemember the VPN password.\n")
    path = write(tmp_path, "note", data)
    sniffed = sniff_file(path)
    assert sniffed.mime == MIME_EML
    assert EmailExtractor().score(sniffed) == 100
    extraction, _ = run_extractor(path, EmailExtractor())
    assert extraction.status is Status.OK
    assert extraction.title == "note to self"


def test_smime_enveloped_is_encrypted(run_extractor: Any, tmp_path: Path) -> None:
    payload = base64.encodebytes(bytes.fromhex("3082010006092a864886f70d010703a0") + os.urandom(200))
    data = (b"From: a@example.com\nTo: b@example.com\nSubject: secret\nMIME-Version: 1.0\n"
            b"Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\n"
            b"Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=smime.p7m\n\n"
            + payload)
    extraction, sink = run_extractor(write(tmp_path, "smime.eml", data), EmailExtractor())
    assert extraction.status is Status.ENCRYPTED
    assert "S/MIME" in extraction.detail
    assert extraction.title == "secret"
    assert [member.name for member in sink.members] == ["smime.p7m"]


def test_pgp_mime_is_encrypted(run_extractor: Any, tmp_path: Path) -> None:
    data = (b"From: a@example.com\nTo: b@example.com\nSubject: pgp\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="P"\n\n'
            b"--P\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
            b"--P\nContent-Type: application/octet-stream; name=encrypted.asc\n\n"
            b"-----BEGIN PGP MESSAGE-----\n\nhQEMA+xyz\n-----END PGP MESSAGE-----\n--P--\n")
    extraction, sink = run_extractor(write(tmp_path, "pgp.eml", data), EmailExtractor())
    assert extraction.status is Status.ENCRYPTED
    assert [member.name for member in sink.members] == ["encrypted.asc"]


def test_empty_body_is_ok_with_detail(run_extractor: Any, tmp_path: Path) -> None:
    data = b"From: a@example.com\nTo: b@example.com\nSubject: nothing\n\n"
    extraction, _ = run_extractor(write(tmp_path, "e.eml", data), EmailExtractor())
    assert extraction.status is Status.OK
    assert extraction.detail == "no body"
    assert extraction.text == "From: a@example.com\nTo: b@example.com\nSubject: nothing"


def test_damaged_base64_keeps_what_decodes(run_extractor: Any, tmp_path: Path) -> None:
    good = base64.b64encode(b"GOOD DATA 123456").decode()
    data = (b"From: a@example.com\nTo: b@example.com\nSubject: b64\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="B"\n\n'
            b"--B\nContent-Type: text/plain\n\nbody\n"
            b"--B\nContent-Type: application/octet-stream; name=d.bin\nContent-Transfer-Encoding: base64\n\n"
            + good.encode() + b"\n%%%$$$ not base64 ***\nQ\n--B--\n")
    extraction, sink = run_extractor(write(tmp_path, "b.eml", data), EmailExtractor())
    assert extraction.status is Status.OK
    assert blob(sink, "d.bin").startswith(b"GOOD DATA 123456")
    assert "undecodable" in extraction.detail
    assert "UndecodableBase64Defect" in extraction.metadata["defects"]
    assert sink.members[0].meta["defect"]


def test_parts_hidden_after_the_closing_boundary_are_kept(run_extractor: Any, tmp_path: Path) -> None:
    data = (b"From: a@example.com\nTo: b@example.com\nSubject: hidden\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="B"\n\n'
            b"--B\nContent-Type: text/plain\n\nvisible\n--B--\n"
            b"--B\nContent-Type: application/zip; name=payload.zip\nContent-Transfer-Encoding: base64\n\n"
            + base64.b64encode(b"PK\x03\x04 dropper") + b"\n--B--\n")
    extraction, sink = run_extractor(write(tmp_path, "h.eml", data), EmailExtractor())
    assert [member.name for member in sink.members] == ["payload.zip"]
    assert "PartsAfterCloseBoundaryDefect" in extraction.metadata["defects"]


def test_missing_date_falls_back_to_received(run_extractor: Any, tmp_path: Path) -> None:
    data = (b"Received: from a.example by b.example; Thu, 14 Mar 2019 11:00:00 +0100\n"
            b"From: a@example.com\nTo: b@example.com\nSubject: undated\n\nx\n")
    extraction, _ = run_extractor(write(tmp_path, "d.eml", data), EmailExtractor())
    assert extraction.date == datetime(2019, 3, 14, 10, 0, tzinfo=UTC)
    assert extraction.metadata["date_source"] == "received"


def test_emlx_envelope_is_removed(run_extractor: Any, tmp_path: Path) -> None:
    message = b"From: a@example.com\nTo: b@example.com\nSubject: apple\n\nfrom Mail.app\n"
    data = f"{len(message)}\n".encode() + message + b'<?xml version="1.0"?>\n<plist><dict/></plist>\n'
    extraction, _ = run_extractor(write(tmp_path, "1.emlx", data), EmailExtractor())
    assert extraction.title == "apple"
    assert extraction.text.endswith("from Mail.app")


ENVELOPED = (b"From a@example.com Tue Mar 12 10:15:00 2019\nFrom: a@example.com\nTo: b@example.com\n"
             b"Subject: kept by mutt\n\nFrom the desk: the body.\n")


def test_eml_with_an_mbox_envelope_line_is_one_message(run_extractor: Any, tmp_path: Path) -> None:
    """An .eml saved from an mbox keeps its `From ` line; that line is the envelope, not a header."""
    path = write(tmp_path, "saved.eml", ENVELOPED)
    assert sniff_file(path).mime == MIME_EML
    extraction, sink = run_extractor(path, EmailExtractor())
    assert (extraction.kind, extraction.status, extraction.title) == (Kind.EMAIL, Status.OK, "kept by mutt")
    assert extraction.text.startswith("From: a@example.com\n")
    assert extraction.text.endswith("From the desk: the body.")
    assert sink.members == []


def test_eml_holding_several_mbox_messages_is_read_as_a_mailbox(run_extractor: Any, tmp_path: Path) -> None:
    """A second separator beyond what the sniffer saw still makes the file a mailbox: no message is lost."""
    path = write(tmp_path, "two.eml", ENVELOPED + b"x" * 300_000 + b"\n\n" + ENVELOPED)
    assert sniff_file(path).mime == MIME_EML  # the second separator lies beyond the sniffed head
    extraction, sink = run_extractor(path, EmailExtractor())
    assert (extraction.kind, extraction.status) == (Kind.MAILBOX, Status.OK)
    assert [member.name for member in sink.members] == ["0", "1"]

@pytest.mark.parametrize("data", [
    os.urandom(4096),
    b"\x00" * 1000,
    b"// Not an RFC-822 Document\n",
    b"From: " + b"x" * 2_000_000 + b"\n\nbody\n",
    b"To: " + b"a@b.c, " * 100_000 + b"\nSubject: many\n\nbody\n",
    b"Subject: deep\nContent-Type: multipart/mixed; boundary=b\n\n"
    + b"--b\nContent-Type: multipart/mixed; boundary=b\n\n" * 1500,
    b"Content-Type: text/plain; charset=\"\xff\xfe\"\nSubject: =?\xff?Q?x?=\n\n\xff\xfe",
    b"Subject: x\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
    + base64.b64encode(b"From: inner@example.com\nSubject: inner\n\nhi\n"),
])
def test_garbage_never_crashes(run_extractor: Any, tmp_path: Path, data: bytes) -> None:
    extraction, sink = run_extractor(write(tmp_path, "junk.eml", data), EmailExtractor())
    assert isinstance(extraction.status, Status)
    extraction.text.encode("utf-8")
    for member in sink.members:
        assert member.name


def test_no_headers_is_corrupt_but_text_kept(run_extractor: Any, tmp_path: Path) -> None:
    extraction, _ = run_extractor(write(tmp_path, "x.eml", b"// Not an RFC-822 Document\n"), EmailExtractor())
    assert extraction.status is Status.CORRUPT
    assert "Not an RFC-822 Document" in extraction.text


def test_member_limit_stops_attachments(run_extractor: Any, tmp_path: Path) -> None:
    message = simple_message()
    for index in range(4):
        message.add_attachment(b"data%d" % index, maintype="application", subtype="octet-stream",
                               filename=f"f{index}.bin")
    extraction, sink = run_extractor(write(tmp_path, "m.eml", message.as_bytes()), EmailExtractor(),
                                     Limits(max_members=2))
    assert len(sink.members) == 2
    assert extraction.status is Status.SKIPPED_BOMB
    assert "2 attachment(s) not extracted" in extraction.detail


def test_helpers() -> None:
    assert b64decode_lenient(b"SGVsbG8=\nV29ybGQ=") == (b"HelloWorld", False)
    assert b64decode_lenient(b"SGVsbG8gV29ybGQ*") == (b"Hello World", True)
    assert decode_header_value("=?utf-8?Q?caf=C3?= =?utf-8?Q?=A9?=") == "café"  # split character
    assert decode_header_value("=?ks_c_5601-1987?B?vsiz58fPvLy/5A==?=") == "안녕하세요"
    assert received_hosts(["from [192.0.2.1] (helo=x) by  (Postfix) with esmtpa id 1; date"]) == ["192.0.2.1"]


@pytest.mark.parametrize(("mime", "name", "expected"), [
    ("message/rfc822", "a.eml", 100),
    ("text/plain", "a.eml", 70),
    ("text/plain", "1.emlx", 70),
    ("text/plain", "a.txt", 0),
    ("application/mbox", "a.mbox", 0),
])
def test_scores(mime: str, name: str, expected: int) -> None:
    assert EmailExtractor().score(Sniffed(mime, mime, Path(name).suffix, name, 1)) == expected
