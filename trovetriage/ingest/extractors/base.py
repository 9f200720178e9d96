"""The extractor contract and the sink through which containers hand over their members.

An extractor reads one file (never writes next to it), returns an `Extraction` and passes every
member of a container to a `ChildSink`. The sink enforces the limits of DESIGN §3 while copying,
so each extractor stays a small, readable piece of format knowledge.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, Protocol, cast

from trovetriage.core.blobs import CHUNK, BlobStore
from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, MemberRecord, Sniffed, Status
from trovetriage.ingest.split_sets import JoinedFile


@dataclass(frozen=True)
class Source:
    """The file an extractor reads: an original (read-only) or a blob of the case.

    `volumes` are the later pieces of a byte-split set whose first piece is `path`: `open()`
    then reads them all as one file (extractors that need the whole set read through `open()`).
    """

    path: Path
    sniffed: Sniffed
    volumes: tuple[Path, ...] = ()

    def open(self) -> BinaryIO:
        if self.volumes:
            return cast(BinaryIO, io.BufferedReader(JoinedFile((self.path, *self.volumes)), CHUNK))
        return self.path.open("rb")

    def read_bytes(self, limit: int | None = None) -> bytes:
        with self.open() as handle:
            return handle.read() if limit is None else handle.read(limit)


class Extractor(Protocol):
    """What every extractor (built-in or third-party) provides."""

    name: ClassVar[str]

    def score(self, sniffed: Sniffed) -> int:
        """How well this extractor fits (0 = cannot handle; highest score wins)."""
        ...

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction: ...


def listing_status(count: int, limits: Limits) -> tuple[Status, str]:
    """The status an archive's member count alone implies: empty, fine, or over max_members."""
    if count == 0:
        return Status.EMPTY, "archive has no files"
    if count > limits.max_members:
        return Status.SKIPPED_BOMB, (f"{count} entries, more than max_members ({limits.max_members}): "
                                     f"only the first {limits.max_members} listed")
    return Status.OK, ""


def extract_or_corrupt(kind: Kind, extract: Callable[[Source, ChildSink, Limits], Extraction],
                       source: Source, sink: ChildSink, limits: Limits) -> Extraction:
    """Run `extract`; an unexpected error on hostile input becomes a CORRUPT status, never a crash.

    MemoryError passes: it means the worker, not the file, is in trouble, and the pool reports it.
    """
    try:
        return extract(source, sink, limits)
    except MemoryError:
        raise
    except Exception as error:
        return Extraction(kind=kind, status=Status.CORRUPT, title=source.sniffed.name,
                          detail=f"{type(error).__name__}: {error}"[:2000])


def mask_password(password: str) -> str:
    """What is recorded of a password that opened something: its first two characters at most."""
    return password[:2] + "****" if len(password) > 2 else "****"


def no_password_worked(count: int) -> str:
    """The note added to an encrypted item that the case's password list did not open."""
    return f"none of the {count} case passwords opened it"


OPENED_WITH_PASSWORD = "opened with a password from the case list"


class MemberTooLarge(Exception):
    """A member's decompressed bytes passed a limit while being copied."""


#: Errors that mean "this member's bytes are damaged", raised by the stdlib decoders and archive readers.
DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    zlib.error, EOFError, OSError, ValueError, zipfile.BadZipFile, lzma.LZMAError, tarfile.TarError,
)


def damage_status(error: BaseException) -> Status:
    """Truncated streams end early; everything else is corrupt."""
    text = str(error).lower()
    if isinstance(error, EOFError) or "end of stream" in text or "truncated" in text or "unexpected end" in text:
        return Status.TRUNCATED
    return Status.CORRUPT


class ChildSink:
    """Receives a container's members, stores their bytes by sha256 and enforces the limits.

    Every call returns a `MemberRecord`; a member that breaks a limit or cannot be read is
    recorded with a status instead of raising, so the extractor simply carries on.
    """

    def __init__(self, blobs: BlobStore, limits: Limits, passwords: tuple[str, ...] = ()) -> None:
        self.blobs = blobs
        self.limits = limits
        #: The case's password list, for encrypted documents and members: extractors try each in
        #: order and record only `mask_password(...)` of the one that worked, never the password.
        self.passwords = passwords
        #: Archives decompress; mailboxes only split. For plain containers an oversized member is
        #: `too_large`, not a bomb, and the per-container decompressed-bytes limit does not apply.
        self.decompressing = True
        self.members: list[MemberRecord] = []
        self.total_bytes = 0
        self._names: dict[str, int] = {}

    @property
    def full(self) -> bool:
        """True once the member-count limit is reached: stop adding, say so in the status."""
        return len(self.members) >= self.limits.max_members

    def _unique(self, name: str) -> str:
        name = name or "(unnamed)"
        seen = self._names.get(name, 0) + 1
        self._names[name] = seen
        return name if seen == 1 else f"{name}#{seen}"

    def _record(self, record: MemberRecord) -> MemberRecord:
        self.members.append(record)
        return record

    def add_failed(self, name: str, status: Status, detail: str, size: int = 0,
                   meta: dict[str, Any] | None = None) -> MemberRecord:
        """A member whose bytes cannot be had (encrypted, over a limit, unreadable)."""
        return self._record(MemberRecord(self._unique(name), None, size, status, detail, meta or {}))

    def add_bytes(self, name: str, data: bytes, meta: dict[str, Any] | None = None) -> MemberRecord:
        if len(data) > self.limits.max_member_bytes:
            return self.add_failed(name, self._too_big_status(),
                                   f"member of {len(data)} bytes exceeds max_member_bytes", len(data), meta)
        if self.decompressing and self.total_bytes + len(data) > self.limits.max_container_bytes:
            return self.add_failed(name, Status.SKIPPED_BOMB, "container exceeds max_container_bytes",
                                   len(data), meta)
        self.total_bytes += len(data)
        sha = self.blobs.put_bytes(data)
        return self._record(MemberRecord(self._unique(name), sha, len(data), None, "", meta or {}))

    def add_stream(self, name: str, opener: Callable[[], BinaryIO], meta: dict[str, Any] | None = None,
                   compressed_size: int | None = None) -> MemberRecord:
        """Copy a member from a decoding stream, stopping at the first limit it breaks.

        `compressed_size` (when the format knows it) enables the compression-ratio check.
        """
        handle, temp = self.blobs.new_temp()
        digest = hashlib.sha256()
        size = 0
        try:
            with handle, opener() as stream:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    self._check_size(size, compressed_size)
                    digest.update(chunk)
                    handle.write(chunk)
        except MemberTooLarge as too_large:
            temp.unlink(missing_ok=True)
            return self.add_failed(name, self._too_big_status(), str(too_large), size, meta)
        except DAMAGE_ERRORS as error:
            temp.unlink(missing_ok=True)
            return self.add_failed(name, damage_status(error), f"cannot decode member: {error}", size, meta)
        except Exception:
            temp.unlink(missing_ok=True)
            raise
        self.total_bytes += size
        sha = digest.hexdigest()
        self.blobs.commit_temp(temp, sha)
        return self._record(MemberRecord(self._unique(name), sha, size, None, "", meta or {}))

    def _too_big_status(self) -> Status:
        return Status.SKIPPED_BOMB if self.decompressing else Status.TOO_LARGE

    def _check_size(self, size: int, compressed_size: int | None) -> None:
        limits = self.limits
        if size > limits.max_member_bytes:
            raise MemberTooLarge(f"member is larger than max_member_bytes ({limits.max_member_bytes})")
        if self.decompressing and self.total_bytes + size > limits.max_container_bytes:
            raise MemberTooLarge(
                f"container decompresses beyond max_container_bytes ({limits.max_container_bytes})")
        if compressed_size is not None and size > limits.ratio_min_bytes:
            ratio = size / max(compressed_size, 1)
            if ratio > limits.max_ratio:
                raise MemberTooLarge(f"compression ratio above {limits.max_ratio:g}:1 (bomb)")
