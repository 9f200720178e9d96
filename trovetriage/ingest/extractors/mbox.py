"""Unix mailboxes (mbox): split into messages, streamed, each message a child named by position.

Mailboxes can be many gigabytes, so the file is read line by line (lines themselves bounded) and
each message is copied to the sink as it is read; at most one bounded line and one copy buffer
are in memory. Children are named "0", "1", ... (DESIGN §2: `box.mbox!0`).

Where a message starts: the classic rule (a `From ` line after an empty line) both splits too
often (un-escaped mboxo bodies quoting "From Russia with love") and too rarely (Thunderbird and
MimeKit write `From - ` right after the previous message's last line). A line is taken as a
separator when it starts the file, or when it looks like an envelope (`From sender date`,
`From -`, `From user@host`) and the next line looks like a mail header.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO, ClassVar

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.scoring import score_by_type_or_name

MIME_TYPES = frozenset({"application/mbox", "application/x-mbox", "text/x-mail"})
EXTENSIONS = frozenset({".mbox", ".mbx", ".box", ".mbs", ".mboxrd", ".mboxo", ".mmdf"})
#: Longest piece read at once: a line without newlines in a hostile file cannot fill memory.
LINE_MAX = 64 * 1024
ENVELOPE_CAP = 500

_ENVELOPE = re.compile(
    rb"From (?:-(?:\s|$)|\S*@\S*|\S+\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b|\S+.*\b\d{1,2}:\d{2}(?::\d{2})?\b)",
    re.ASCII,
)
_HEADER = re.compile(rb"[!-9;-~]{1,76}:")
_QUOTED_FROM = re.compile(rb">+From ")
_BLANK = (b"\n", b"\r\n")


class MessageTooLarge(Exception):
    """One message passed max_member_bytes while being copied (not a DAMAGE_ERRORS type on purpose:
    the sink re-raises it, and the extractor records the message as too large)."""


class MboxScanner:
    """Reads an mbox piece by piece and hands out one message body at a time."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.pushback: list[tuple[bytes, bool]] = []
        self.at_line_start = True
        self.quoted_lines = 0
        self.next_envelope: bytes | None = None
        self.started = False

    def _read(self) -> tuple[bytes, bool] | None:
        """(piece, starts a line) or None at the end of the file."""
        if self.pushback:
            return self.pushback.pop()
        piece = self.handle.readline(LINE_MAX)
        if not piece:
            return None
        starts = self.at_line_start
        self.at_line_start = piece.endswith(b"\n")
        return piece, starts

    def _unread(self, item: tuple[bytes, bool]) -> None:
        self.pushback.append(item)

    def _is_separator(self, piece: bytes, starts: bool) -> bool:
        if not starts or not piece.startswith(b"From ") or not _ENVELOPE.match(piece):
            return False
        following = self._read()
        if following is None:
            return False
        self._unread(following)
        return following[1] and _HEADER.match(following[0]) is not None

    def next_message(self) -> bytes | None:
        """Move to the next message; returns its envelope line (b"" when it has none), None at the end."""
        if not self.started:
            self.started = True
            return self._first_message()
        if self.next_envelope is None:
            return None
        envelope, self.next_envelope = self.next_envelope, None
        return envelope

    def _first_message(self) -> bytes | None:
        """The file's first line is a separator whatever follows it; leading blank lines are skipped."""
        while True:
            item = self._read()
            if item is None:
                return None
            piece, starts = item
            if piece.startswith(b"\xef\xbb\xbf"):
                piece = piece[3:]
            if not piece.strip():
                continue
            if piece.startswith(b"From "):
                return piece
            self._unread((piece, starts))
            return b""

    def body(self) -> Iterator[bytes]:
        """The current message's lines, `>From ` unescaped, ending before the next separator.

        The empty line in front of a separator belongs to the mbox format, not to the message.
        """
        while True:
            item = self._read()
            if item is None:
                return
            piece, starts = item
            if starts and piece in _BLANK:
                following = self._read()
                if following is None:
                    return
                if self._is_separator(*following):
                    self.next_envelope = following[0]
                    return
                self._unread(following)
                yield piece
                continue
            if self._is_separator(piece, starts):
                self.next_envelope = piece
                return
            if starts and _QUOTED_FROM.match(piece):
                self.quoted_lines += 1
                piece = piece[1:]
            yield piece


class _MessageRaw(io.RawIOBase):
    """A message body as a readable stream, refusing to grow beyond the member limit."""

    def __init__(self, pieces: Iterator[bytes], limit: int) -> None:
        super().__init__()
        self.pieces = pieces
        self.limit = limit
        self.size = 0
        self.buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self.buffer:
            piece = next(self.pieces, None)
            if piece is None:
                return 0
            self.size += len(piece)
            if self.size > self.limit:
                raise MessageTooLarge(f"message larger than max_member_bytes ({self.limit:,})")
            self.buffer = piece
        count = min(len(target), len(self.buffer))
        target[:count] = self.buffer[:count]
        self.buffer = self.buffer[count:]
        return count


def _drain(pieces: Iterator[bytes]) -> int:
    """Skip the rest of a message; returns how many bytes were skipped."""
    return sum(len(piece) for piece in pieces)


def _envelope_text(envelope: bytes) -> str:
    return envelope.rstrip(b"\r\n").decode("utf-8", errors="replace").replace("\x00", "")[:ENVELOPE_CAP]


class MboxExtractor:
    """An mbox file: every message becomes a child, in file order."""

    name: ClassVar[str] = "mbox"

    def score(self, sniffed: Sniffed) -> int:
        """The sniffer's mbox verdict wins; a mailbox file name on text or unknown bytes is a good hint."""
        return score_by_type_or_name(sniffed, MIME_TYPES, EXTENSIONS, by_name=70)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        sink.decompressing = False  # a mailbox is split, not inflated
        title = source.sniffed.name or source.path.name
        found = extracted = 0
        notes: list[str] = []
        status = Status.OK
        scanner: MboxScanner | None = None
        not_from_started = False
        try:
            with source.open() as handle:
                scanner = MboxScanner(handle)
                while (envelope := scanner.next_message()) is not None:
                    position = found
                    found += 1
                    if position == 0 and envelope == b"":
                        not_from_started = True
                        notes.append("the file does not start with a From line; "
                                     "what precedes the first one is kept as message 0")
                    if sink.full:
                        _drain(scanner.body())
                        continue
                    self._add(sink, str(position), envelope, scanner, limits)
                    extracted += 1
        except OSError as error:
            status = Status.TRUNCATED if found else Status.CORRUPT
            notes.insert(0, f"read error after {found} message(s): {error}")
        if found == 1 and not_from_started and status is Status.OK:
            # No separator line at all: this is some other mailbox format (Foxmail .box, ...).
            # Its one "message" would be the whole file again, which reads as a quine.
            sink.members.clear()
            return Extraction(kind=Kind.MAILBOX, status=Status.UNSUPPORTED, title=title,
                              detail="not an mbox: no 'From ' separator line (another mailbox format)",
                              metadata={"messages": 0, "format": "unknown"})
        if found == 0 and status is Status.OK:
            return Extraction(kind=Kind.MAILBOX, status=Status.EMPTY, title=title,
                              detail="no messages found" if source.sniffed.size else "file is empty",
                              metadata={"messages": 0, "format": "mboxo"})
        if extracted < found:
            # DESIGN §3: a limit hit gives the item a skipped_* status (zip and tar do the same).
            status = Status.SKIPPED_BOMB if status is Status.OK else status
            notes.insert(0, f"member limit reached (max_members={limits.max_members:,}): "
                            f"{found - extracted:,} of {found:,} messages not extracted")
        quoted = scanner.quoted_lines if scanner is not None else 0
        metadata: dict[str, Any] = {
            "messages": found,
            "format": "mboxrd" if quoted else "mboxo",
            "unescaped_from_lines": quoted,
        }
        if extracted < found:
            metadata["not_extracted"] = found - extracted
        return Extraction(kind=Kind.MAILBOX, status=status, detail="; ".join(notes), text="", title=title,
                          metadata=metadata)

    @staticmethod
    def _add(sink: ChildSink, name: str, envelope: bytes, scanner: MboxScanner, limits: Limits) -> None:
        """Stream one message into the sink; an oversized one is recorded, not held in memory."""
        meta = {"envelope": _envelope_text(envelope)} if envelope else {}
        pieces = scanner.body()
        raw = _MessageRaw(pieces, limits.max_member_bytes)
        try:
            sink.add_stream(name, lambda: io.BufferedReader(raw, buffer_size=1024 * 1024), meta=meta)
        except MessageTooLarge as error:
            size = raw.size + _drain(pieces)
            sink.add_failed(name, Status.TOO_LARGE, str(error), size=size, meta=meta)
            return
        _drain(pieces)  # the sink may have stopped early (container limit): skip to the next message
