"""Our own sniffers catch what libmagic calls plain text or data."""

from __future__ import annotations

import io
import zipfile

import pytest

from trovetriage.ingest.sniff import (
    MIME_CSV,
    MIME_EML,
    MIME_MBOX,
    MIME_PST,
    MIME_TEXT,
    MIME_ZIP,
    OOXML_PREFIX,
    sniff_bytes,
)

MAIL_NO_RECEIVED = b"From: a@mfa.gov.tr\r\nTo: b@mofa.gov.bh\r\nSubject: hi\r\n\r\nbody\r\n"


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("head", "name", "mime"), [
    (MAIL_NO_RECEIVED, "note", MIME_EML),
    (MAIL_NO_RECEIVED, "note.txt", MIME_EML),
    (b"\xef\xbb\xbf" + MAIL_NO_RECEIVED, "x", MIME_EML),
    (b"From a@b.c Tue Mar 12 10:15:00 2019\n" + MAIL_NO_RECEIVED, "inbox", MIME_MBOX),
    (b"From a@b.c Tue Mar 12 10:15:00 2019\n" + MAIL_NO_RECEIVED, "saved.eml", MIME_EML),
    (b"From a@b.c Tue Mar 12 10:15:00 2019\n" + MAIL_NO_RECEIVED + b"\nFrom c@d.e Wed Mar 13 09:00:00 2019\n"
     + MAIL_NO_RECEIVED, "two.eml", MIME_MBOX),
    (b"!BDN" + bytes(508), "x.bin", MIME_PST),
    (b"user,password,host\nali,Summer2019,vpn\nveli,Kis2020!,dc01\n", "dump.csv", MIME_CSV),
    (b"a;b;c\n1;2;3\n4;5;6\n7;8;9\n1;1;1\n2;2;2\n", "noext", MIME_CSV),
    (b"Dear colleague, thank you.\nBest, Ali\n", "letter", MIME_TEXT),
    (ooxml("word"), "report.bin", OOXML_PREFIX + "wordprocessingml.document"),
    (ooxml("xl"), "x", OOXML_PREFIX + "spreadsheetml.sheet"),
])
def test_sniffers(head: bytes, name: str, mime: str) -> None:
    assert sniff_bytes(head, name, len(head)).mime == mime


def test_plain_zip_stays_zip_and_wrong_extension_does_not_matter() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    assert sniff_bytes(buffer.getvalue(), "holiday.jpg", len(buffer.getvalue())).mime == MIME_ZIP


def test_empty_content() -> None:
    assert sniff_bytes(b"", "x.eml", 0).mime == "application/x-empty"
