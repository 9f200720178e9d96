"""Decompressing chosen 7z members into capped temp files of the case, never to their names.

py7zr's public `extract` sanitises member names and raises on a traversal name (`../x`), which
would lose every other member of a hostile archive. Its worker is therefore driven directly,
with one writer per member keyed by the member's id; names never reach the file system. This
uses py7zr internals (`SevenZipFile.worker`, `Worker.register_filelike`), hence the exact pin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import py7zr
from py7zr.io import MemIO, Py7zIO, WriterFactory

from trovetriage.core.blobs import BlobStore


class CappedWriter(Py7zIO):
    """Receives one member's bytes into a temp file of the blob store; past `cap` bytes it keeps
    counting but stops storing (raising would abort the whole archive)."""

    def __init__(self, blobs: BlobStore, cap: int) -> None:
        handle, self.temp = blobs.new_temp()
        self._handle: BinaryIO | None = handle
        self.cap = cap
        self.size_seen = 0
        self.finished = False

    @property
    def over_cap(self) -> bool:
        return self.size_seen > self.cap

    def write(self, s: bytes | bytearray) -> int:
        self.size_seen += len(s)
        if self._handle is not None and not self.over_cap:
            self._handle.write(s)
        return len(s)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def flush(self) -> None:
        if self._handle is not None:
            self._handle.flush()

    def size(self) -> int:
        return self.size_seen

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        self.finished = True

    def discard(self) -> None:
        self.close()
        self.temp.unlink(missing_ok=True)


@dataclass
class _Factory(WriterFactory):
    """py7zr asks for a writer by the key we registered: the member id as text."""

    blobs: BlobStore
    caps: dict[int, int]
    writers: dict[int, CappedWriter] = field(default_factory=dict)
    #: Ids in the order py7zr started writing them: the last one is where a failure happened.
    order: list[int] = field(default_factory=list)

    def create(self, filename: str) -> Py7zIO:
        member_id = int(filename)
        writer = CappedWriter(self.blobs, self.caps[member_id])
        self.writers[member_id] = writer
        self.order.append(member_id)
        return writer


@dataclass
class ReadResult:
    """What decompressing the wanted members gave: finished writers, and the error that stopped
    py7zr (if any) with the id of the member being written when it happened."""

    writers: dict[int, CappedWriter]
    error: Exception | None = None
    failed_id: int | None = None

    def discard_all(self) -> None:
        for writer in self.writers.values():
            writer.discard()


def read_members(archive: py7zr.SevenZipFile, caps: dict[int, int], blobs: BlobStore,
                 max_total: int) -> ReadResult:
    """Decompress the members whose ids are keys of `caps` (id -> byte cap), in archive order.

    `max_total` bounds everything py7zr decompresses, skipped members of a solid block included.
    """
    archive.reset()
    factory = _Factory(blobs, caps)
    worker: Any = archive.worker
    for member in archive.files:
        wanted = member.id in caps and not member.is_directory
        worker.register_filelike(member.id, MemIO(str(member.id), factory) if wanted else None)
    worker.max_extract_size = max_total
    error: Exception | None = None
    try:
        worker.extract(archive.fp, None, parallel=False)
    except MemoryError:
        factory_discard(factory)
        raise
    except Exception as caught:  # py7zr raises many unrelated types for damaged input
        error = caught
    failed = factory.order[-1] if error is not None and factory.order else None
    for member_id, writer in factory.writers.items():
        writer.close()
        if member_id == failed:
            writer.discard()
    return ReadResult(factory.writers, error, failed)


def factory_discard(factory: _Factory) -> None:
    for writer in factory.writers.values():
        writer.discard()


def temp_opener(temp: Path) -> BinaryIO:
    return temp.open("rb")
