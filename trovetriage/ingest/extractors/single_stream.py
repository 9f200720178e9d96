"""A compressed file (.gz, .bz2, .xz, .lzma, .zst, .Z) that holds no tar: its decompressed stream is its one child.

The child is named from gzip's stored name or from ours without the suffix; concatenated streams
are one child; non-stream data appended after the last stream becomes a second member rather than
being lost or failing the file; the container takes its status from its only child.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, BinaryIO, cast

from trovetriage.core.blobs import CHUNK
from trovetriage.core.types import Extraction, Kind, MemberRecord, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.streams import GZIP, DecodedStream, ReadStream

#: Suffix of the compressed file -> what replaces it in the child's name.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".tgz", ".tar"), (".taz", ".tar"), (".tbz2", ".tar"), (".tbz", ".tar"), (".txz", ".tar"),
    (".tlz", ".tar"), (".tzst", ".tar"), (".gz", ""), (".gzip", ""), (".bz2", ""), (".bz", ""), (".xz", ""),
    (".lzma", ""), (".zst", ""), (".zstd", ""), (".z", ""),
)


class TailStream(ReadStream):
    """A file's bytes from `start` to its end, read in bounded pieces (data appended after a stream)."""

    def __init__(self, path: Path, start: int) -> None:
        handle = path.open("rb")
        super().__init__(owned=handle)
        handle.seek(start)
        self._handle = handle

    def read(self, size: int | None = -1) -> bytes:
        return self._handle.read(CHUNK if size is None or size < 0 else size)


def gzip_original_name(head: bytes) -> str | None:
    """The FNAME field of a gzip header, reduced to a base name (it is untrusted like any name)."""
    if len(head) < 10 or not head.startswith(b"\x1f\x8b") or head[2] != 8:
        return None
    flags = head[3]
    if not flags & 0x08:
        return None
    position = 10
    if flags & 0x04:
        if len(head) < 12:
            return None
        position = 12 + int.from_bytes(head[10:12], "little")
    end = head.find(b"\x00", position, position + 4096)
    if end < 0:
        return None
    raw = head[position:end]
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        name = raw.decode("latin-1")  # what RFC 1952 prescribes
    name = re.split(r"[\\/]", name)[-1].strip()
    return None if name in ("", ".", "..") else name


def child_name(name: str, original: str | None) -> str:
    """The decompressed child's name: gzip's stored name, else ours without the suffix."""
    if original:
        return original
    lower = name.lower()
    for suffix, replacement in _SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + replacement
    return f"{name or 'stream'}.out"


def container_status(record: MemberRecord) -> tuple[Status, str]:
    """The status a single-child container takes from its only child."""
    if record.sha256 is not None or record.status is None:
        return Status.OK, ""
    if record.status == Status.TRUNCATED:
        return Status.TRUNCATED, f"compressed stream ends early ({record.detail})"
    return record.status, record.detail


def extract_single(source: Source, sink: ChildSink, fmt: str) -> Extraction:
    """Hand the decompressed stream to the sink as one child; the container mirrors its damage."""
    sniffed = source.sniffed
    original = gzip_original_name(source.read_bytes(64 * 1024)) if fmt == GZIP else None
    name = child_name(sniffed.name, original)
    streams: list[DecodedStream] = []

    def opener() -> BinaryIO:
        decoded = DecodedStream(source.open(), fmt, close_raw=True)
        streams.append(decoded)
        return cast(BinaryIO, decoded)

    size = os.path.getsize(source.path)
    record = sink.add_stream(name, opener, meta={"compression": fmt}, compressed_size=size)
    status, detail = container_status(record)
    metadata: dict[str, Any] = {"compression": fmt, "original_name": original}
    if streams and streams[-1].streams > 1:
        metadata["streams"] = streams[-1].streams
    trailing = streams[-1].trailing_offset if streams and record.sha256 is not None else None
    if trailing is not None and not sink.full:
        sink.add_stream(f"{name}.trailing", lambda: cast(BinaryIO, TailStream(source.path, trailing)))
        note = f"{size - trailing} bytes of non-{fmt} data after the compressed stream kept as a member"
        detail = f"{detail}; {note}" if detail else note
        metadata["trailing_bytes"] = size - trailing
    return Extraction(kind=Kind.ARCHIVE, status=status, detail=detail, title=sniffed.name,
                      metadata=metadata)
