"""OutlookMsgExtractor and TnefExtractor on files built here: damage, bounds, RTF, scoring, classes."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from trovetriage.core.types import Kind, Sniffed, Status
from trovetriage.ingest.extractors.outlook_msg import OutlookMsgExtractor
from trovetriage.ingest.extractors.tnef import TnefExtractor
from trovetriage.ingest.extractors.tnef_bounds import TnefBoundsError, check_tnef
from trovetriage.ingest.outlook.classes import encryption_of, kind_of
from trovetriage.ingest.rtf_text import rtf_to_text
from trovetriage.ingest.sniff import MIME_MSG

TNEF_SIG = struct.pack("<I", 0x223E9F78)


def sniffed(mime: str, name: str) -> Sniffed:
    return Sniffed(mime=mime, description=mime, extension=Path(name).suffix, name=name, size=10)


def tnef_object(level: int, name: int, kind: int, body: bytes) -> bytes:
    checksum = sum(body) & 0xFFFF
    return struct.pack("<BHHI", level, name, kind, len(body)) + body + struct.pack("<H", checksum)


def test_scores() -> None:
    assert OutlookMsgExtractor().score(sniffed(MIME_MSG, "a.msg")) == 100
    assert OutlookMsgExtractor().score(sniffed("application/zip", "a.zip")) == 0
    assert TnefExtractor().score(sniffed("application/vnd.ms-tnef", "winmail.dat")) == 100
    assert TnefExtractor().score(sniffed("application/pdf", "x.pdf")) == 0


def test_not_ole_is_corrupt(tmp_path: Path, run_extractor: Any) -> None:
    path = tmp_path / "fake.msg"
    path.write_bytes(b"From: a@b\r\n\r\nnot an OLE file")
    extraction, sink = run_extractor(path, OutlookMsgExtractor())
    assert extraction.status == Status.CORRUPT
    assert "OLE" in extraction.detail
    assert sink.members == []


def test_truncated_ole_is_corrupt(tmp_path: Path, run_extractor: Any) -> None:
    path = tmp_path / "cut.msg"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600)
    extraction, _ = run_extractor(path, OutlookMsgExtractor())
    assert extraction.status == Status.CORRUPT
    assert extraction.detail


def test_message_classes() -> None:
    assert kind_of("IPM.Note") == Kind.EMAIL
    assert kind_of("IPM.Schedule.Meeting.Request") == Kind.EMAIL
    assert kind_of("IPM.Contact") == Kind.OTHER
    assert kind_of("IPM.Task") == Kind.OTHER
    assert kind_of("IPM.StickyNote") == Kind.OTHER
    assert encryption_of("IPM.Note.SMIME")
    assert not encryption_of("IPM.Note.SMIME.MultipartSigned")
    assert not encryption_of("IPM.Note")


def test_rtf_reduced_to_words() -> None:
    rtf = (rb"{\rtf1\ansi{\fonttbl{\f0 Times New Roman;}}{\*\generator Riched20;}"
           rb"\pard Hello \'e9t\'e9\par {\pict 0123}World}")
    assert rtf_to_text(rtf) == "Hello \u00e9t\u00e9\nWorld"


def test_tnef_bounds_reject_absurd_counts() -> None:
    props = struct.pack("<I", 0xFFFFFFF0)  # four billion properties in four bytes
    data = TNEF_SIG + b"\x00\x00" + tnef_object(1, 0x9003, 6, props + b"\x00" * 8)
    try:
        check_tnef(data)
    except TnefBoundsError as error:
        assert "property count" in str(error)
    else:
        raise AssertionError("absurd count accepted")


def test_tnef_bomb_is_corrupt_quickly(tmp_path: Path, run_extractor: Any) -> None:
    multi = struct.pack("<IHHI", 1, 0x1003, 0x0E07, 0x7FFFFFFF)  # one multi-valued int, 2^31 values
    path = tmp_path / "winmail.dat"
    path.write_bytes(TNEF_SIG + b"\x00\x00" + tnef_object(1, 0x9003, 6, multi + b"\x00" * 8))
    extraction, sink = run_extractor(path, TnefExtractor())
    assert extraction.status == Status.CORRUPT
    assert "multi-value count" in extraction.detail
    assert sink.members == []


def test_tnef_wrong_signature(tmp_path: Path, run_extractor: Any) -> None:
    path = tmp_path / "winmail.dat"
    path.write_bytes(b"\x00" * 40)
    extraction, _ = run_extractor(path, TnefExtractor())
    assert extraction.status == Status.CORRUPT
    assert "signature" in extraction.detail


def test_tnef_attachment_and_body(tmp_path: Path, run_extractor: Any) -> None:
    body = b"Meet at the embassy at noon.\x00"
    stream = (TNEF_SIG + b"\x01\x00"
              + tnef_object(1, 0x9006, 8, struct.pack("<I", 0x00010000))   # attTnefVersion
              + tnef_object(1, 0x9007, 6, struct.pack("<II", 1252, 0))     # attOemCodepage
              + tnef_object(1, 0x800C, 2, body)                            # attBody
              + tnef_object(2, 0x9002, 6, b"\x00" * 14)                    # attAttachRendData
              + tnef_object(2, 0x8010, 1, b"plan.txt\x00")                 # attAttachTitle
              + tnef_object(2, 0x800F, 6, b"the plan"))                    # attAttachData
    path = tmp_path / "winmail.dat"
    path.write_bytes(stream)
    extraction, sink = run_extractor(path, TnefExtractor())
    assert extraction.status == Status.OK, extraction.detail
    assert "embassy" in extraction.text
    assert [member.name for member in sink.members] == ["plan.txt"]
    assert sink.members[0].size == len(b"the plan")
