"""MboxExtractor: splitting, >From unescaping, streaming of many messages, limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink
from trovetriage.ingest.extractors.mbox import MboxExtractor
from trovetriage.ingest.sniff import MIME_MBOX, sniff_file


def message(index: int, body: str = "") -> bytes:
    return (f"From sender{index}@mfa.gov.az Tue Mar 12 10:15:{index % 60:02d} 2019\n"
            f"From: Sender {index} <sender{index}@mfa.gov.az>\n"
            f"To: desk@mofa.gov.bh\n"
            f"Subject: message {index}\n"
            f"Date: Tue, 12 Mar 2019 10:15:00 +0400\n"
            f"\n"
            f"{body or f'Body of message {index}.'}\n"
            f"\n").encode()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def child(sink: ChildSink, index: int) -> bytes:
    record = sink.members[index]
    assert record.sha256 is not None, record.detail
    return sink.blobs.path_for(record.sha256).read_bytes()


def test_three_messages_and_escaped_from(run_extractor: Any, tmp_path: Path) -> None:
    body = "Before\n>From the minister's office, with thanks.\n>>From a quoted quote\nAfter"
    data = message(0) + message(1, body) + message(2)
    path = write(tmp_path, "box.mbox", data)
    assert sniff_file(path).mime == MIME_MBOX
    extraction, sink = run_extractor(path, MboxExtractor())
    assert extraction.status is Status.OK, extraction.detail
    assert extraction.kind is Kind.MAILBOX
    assert extraction.title == "box.mbox"
    assert extraction.text == ""
    assert extraction.metadata["messages"] == 3
    assert extraction.metadata["format"] == "mboxrd"
    assert [member.name for member in sink.members] == ["0", "1", "2"]
    second = child(sink, 1)
    assert second.startswith(b"From: Sender 1 <sender1@mfa.gov.az>\n")
    assert b"\nFrom the minister's office, with thanks.\n>From a quoted quote\nAfter\n" in second
    assert second.endswith(b"After\n")  # the separator's empty line is not part of the message
    assert sink.members[1].meta["envelope"] == "From sender1@mfa.gov.az Tue Mar 12 10:15:01 2019"


def test_unescaped_from_in_body_does_not_split(run_extractor: Any, tmp_path: Path) -> None:
    data = message(0, "My favourite film:\n\nFrom Russia with love\nYear: 1963") + message(1)
    extraction, sink = run_extractor(write(tmp_path, "u.mbox", data), MboxExtractor())
    assert extraction.metadata["messages"] == 2
    assert extraction.metadata["format"] == "mboxo"
    assert b"\nFrom Russia with love\nYear: 1963\n" in child(sink, 0)


def test_separator_without_blank_line_before_it(run_extractor: Any, tmp_path: Path) -> None:
    # Thunderbird writes "From - " straight after the previous message's last line.
    data = (b"From - Tue Mar 12 10:15:00 2019\nFrom: a@example.com\nSubject: one\n\nfirst\n"
            b"From - Tue Mar 12 10:16:00 2019\nFrom: b@example.com\nSubject: two\n\nsecond\n")
    extraction, sink = run_extractor(write(tmp_path, "Inbox.mbox", data), MboxExtractor())
    assert extraction.metadata["messages"] == 2
    assert child(sink, 0) == b"From: a@example.com\nSubject: one\n\nfirst\n"
    assert child(sink, 1) == b"From: b@example.com\nSubject: two\n\nsecond\n"


def test_many_messages_are_streamed(run_extractor: Any, tmp_path: Path) -> None:
    data = b"".join(message(index) for index in range(2000))
    extraction, sink = run_extractor(write(tmp_path, "big.mbox", data), MboxExtractor())
    assert extraction.status is Status.OK
    assert extraction.metadata["messages"] == 2000
    assert [member.name for member in sink.members] == [str(index) for index in range(2000)]
    for index in (0, 999, 1999):
        assert child(sink, index).startswith(f"From: Sender {index} <".encode())
        assert child(sink, index).endswith(f"Body of message {index}.\n".encode())


def test_member_limit_stops_with_detail(run_extractor: Any, tmp_path: Path) -> None:
    data = b"".join(message(index) for index in range(12))
    extraction, sink = run_extractor(write(tmp_path, "l.mbox", data), MboxExtractor(), Limits(max_members=5))
    assert len(sink.members) == 5
    assert extraction.status is Status.SKIPPED_BOMB  # DESIGN §3: a limit hit is a skipped_* status
    assert "7 of 12 messages not extracted" in extraction.detail
    assert extraction.metadata["messages"] == 12
    assert extraction.metadata["not_extracted"] == 7


def test_oversized_message_is_recorded_not_held(run_extractor: Any, tmp_path: Path) -> None:
    data = message(0) + message(1, "x" * 50_000) + message(2)
    extraction, sink = run_extractor(write(tmp_path, "o.mbox", data), MboxExtractor(),
                                     Limits(max_member_bytes=10_000))
    assert [member.name for member in sink.members] == ["0", "1", "2"]
    assert sink.members[1].status is Status.TOO_LARGE
    assert sink.members[1].sha256 is None
    assert sink.members[1].size > 50_000
    assert child(sink, 2).startswith(b"From: Sender 2")
    assert extraction.status is Status.OK


def test_long_lines_are_bounded(run_extractor: Any, tmp_path: Path) -> None:
    data = message(0, "y" * 300_000) + message(1)
    extraction, sink = run_extractor(write(tmp_path, "w.mbox", data), MboxExtractor())
    assert extraction.metadata["messages"] == 2
    assert len(child(sink, 0)) > 300_000


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"])
def test_no_messages_is_empty(run_extractor: Any, tmp_path: Path, data: bytes) -> None:
    extraction, sink = run_extractor(write(tmp_path, "e.mbox", data), MboxExtractor())
    assert extraction.status is Status.EMPTY
    assert extraction.metadata["messages"] == 0
    assert sink.members == []


def test_content_before_first_from_is_kept(run_extractor: Any, tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfjunk header line\n" + message(0)
    extraction, sink = run_extractor(write(tmp_path, "j.mbox", data), MboxExtractor())
    assert extraction.metadata["messages"] == 2
    assert child(sink, 0) == b"junk header line\n"
    assert "does not start with a From line" in extraction.detail


@pytest.mark.parametrize(("mime", "name", "expected"), [
    ("application/mbox", "Inbox", 100),
    ("text/plain", "a.mbox", 70),
    ("application/octet-stream", "a.box", 70),
    ("text/plain", "a.txt", 0),
])
def test_scores(mime: str, name: str, expected: int) -> None:
    assert MboxExtractor().score(Sniffed(mime, mime, Path(name).suffix, name, 1)) == expected


def test_a_mailbox_without_any_from_line_is_another_format(tmp_path: Path, run_extractor: Any) -> None:
    path = tmp_path / "inbox.box"
    path.write_bytes(b"Subject: hello\r\nFrom: x@y.z\r\n\r\nFoxmail keeps its own layout.\r\n")
    extraction, sink = run_extractor(path, MboxExtractor())
    assert extraction.status is Status.UNSUPPORTED
    assert "not an mbox" in extraction.detail
    assert sink.members == []
