"""ACE archives (WinACE, .ace): members listed and decoded through acefile (pure Python, BSD).

ACE is rare but shows up in old troves (and was abused through unacev2.dll's path traversal):
names are untrusted labels, never paths, so the raw header names are kept (backslashes shown as
`/`), not acefile's sanitised ones. acefile decodes an LZ77 block in one piece as a list of ints
(about 8 bytes of memory per output byte), so a member is decoded only when its declared size is
within ACE_DECODE_MAX as well as the sink's limits; a declared size is also a bound acefile keeps
(a stream cannot produce more). Encrypted members (Blowfish) are listed `encrypted`: case
passwords are not tried, since acefile's Blowfish is pure Python and each attempt means a full
decode. Some writers leave out the ADDSIZE flag of file headers or end with zero padding; such an
archive, which acefile refuses, is read again with those two things repaired, and says so.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

import acefile

from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, damage_status, extract_or_corrupt, listing_status
from trovetriage.ingest.extractors.member_names import decode_name
from trovetriage.ingest.extractors.streams import ReadStream, StreamDamage

ACE_MIMES = frozenset({"application/x-ace-compressed", "application/x-ace"})
#: Largest member decoded: acefile holds a whole LZ77 block as a Python list while decoding it.
ACE_DECODE_MAX = 32 * MiB
#: Archives up to this size are repaired in memory when acefile refuses their headers.
REPAIR_MAX = 64 * MiB
#: How far into the file the main header is looked for (SFX stubs come first), as acefile does.
SEARCH = 512 * 1024
_MAGIC = b"**ACE**"
_FILE_TYPES = (acefile.Header.TYPE_FILE32, acefile.Header.TYPE_FILE64)
ADDSIZE_NOTE = "file headers without the ADDSIZE flag"
_METHODS = {acefile.Header.COMP_STORED: "stored", acefile.Header.COMP_LZ77: "lz77 (ACE 1.0)",
            acefile.Header.COMP_BLOCKED: "blocked (ACE 2.0)"}


def _header_walk(data: bytearray, start: int) -> Iterator[tuple[int, int, int, int, int]]:
    """(offset, body size, type, flags, end of its data) of each header from `start`, until one
    does not fit in the data. File headers always carry their data size (ADDSIZE), flag or not."""
    position = start
    while position + 7 <= len(data):
        size = struct.unpack_from("<H", data, position + 2)[0]
        kind, flags = data[position + 4], struct.unpack_from("<H", data, position + 5)[0]
        end = position + 4 + size
        if size < 3 or end > len(data):
            return
        if kind in _FILE_TYPES or flags & acefile.Header.FLAG_ADDSIZE:
            wide = bool(flags & acefile.Header.FLAG_64BIT)
            if position + 7 + (8 if wide else 4) > end:
                return
            end += struct.unpack_from("<Q" if wide else "<I", data, position + 7)[0]
        yield position, size, kind, flags, end
        position = end


def repaired(data: bytes) -> tuple[bytes, list[str]] | None:
    """The archive with what some writers get wrong put right, and what was changed; None when
    there is nothing of that kind to repair. Only headers whose own CRC is right are touched."""
    start = data.find(_MAGIC, 0, SEARCH) - 7
    if start < 0:
        return None
    copy, notes = bytearray(data), []
    tail = start
    for position, size, kind, flags, end in _header_walk(copy, start):
        body = slice(position + 4, position + 4 + size)
        if kind in _FILE_TYPES and not flags & acefile.Header.FLAG_ADDSIZE \
                and acefile.ace_crc16(bytes(copy[body])) == struct.unpack_from("<H", copy, position)[0]:
            struct.pack_into("<H", copy, position + 5, flags | acefile.Header.FLAG_ADDSIZE)
            struct.pack_into("<H", copy, position, acefile.ace_crc16(bytes(copy[body])))
            if ADDSIZE_NOTE not in notes:
                notes.append(ADDSIZE_NOTE)
        tail = end
    if start < tail < len(copy) and not any(copy[tail:]):
        notes.append(f"{len(copy) - tail} zero bytes after the last member")
        del copy[tail:]
    return (bytes(copy), notes) if notes else None


class _MemberStream(ReadStream):
    """acefile's decoded blocks as a stream; its errors become member damage."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        super().__init__()
        self._blocks = blocks
        self._buffer = b""
        self._offset = 0

    def read(self, size: int | None = -1) -> bytes:
        while self._offset >= len(self._buffer):
            self._offset = 0
            try:
                self._buffer = next(self._blocks)
            except StopIteration:
                return b""
            except acefile.AceError as error:
                raise (EOFError if "truncated" in str(error).lower() else StreamDamage)(str(error)) from error
            except MemoryError:
                raise
            except Exception as error:  # a garbled bit stream trips acefile's asserts and index errors
                raise StreamDamage(f"{type(error).__name__}: {error}") from error
        end = len(self._buffer) if size is None or size < 0 else self._offset + size
        out = self._buffer[self._offset: end]  # acefile's blocks may be many MiB: no copying of the rest
        self._offset += len(out)
        return out


def _name(member: Any) -> str:
    return decode_name(member.raw_filename)[0].replace("\\", "/")


def _meta(member: Any) -> dict[str, Any]:
    method = _METHODS.get(member.comptype, f"method {member.comptype}")
    meta: dict[str, Any] = {"compress_type": method, "declared_size": member.size}
    try:
        meta["mtime"] = member.datetime.isoformat()  # DOS time: local, zone unknown
    except (AttributeError, ValueError, OverflowError):
        meta["mtime"] = None
    return meta


def _refusal(member: Any, limits: Limits) -> tuple[Status, str] | None:
    """Why a member is not decoded at all, judged from its header before any decoding."""
    size, packed = member.size, max(member.packsize, 1)
    if size > limits.max_member_bytes:
        return Status.SKIPPED_BOMB, f"declared size {size} exceeds max_member_bytes"
    if size > limits.ratio_min_bytes and size / packed > limits.max_ratio:
        return Status.SKIPPED_BOMB, f"compression ratio above {limits.max_ratio:g}:1 (bomb)"
    if size > ACE_DECODE_MAX:
        return Status.TOO_LARGE, f"declared size {size}: ACE members over {ACE_DECODE_MAX} bytes are not decoded"
    return None


class AceExtractor:
    """ACE 1.0/2.0 archives: members to the sink, encrypted ones listed, damage as statuses."""

    name = "ace"

    def score(self, sniffed: Sniffed) -> int:
        if sniffed.mime in ACE_MIMES:
            return 80
        return 40 if sniffed.extension == ".ace" and sniffed.mime == "application/octet-stream" else 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.ARCHIVE, self._open_and_extract, source, sink, limits)

    def _open_and_extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        title = source.sniffed.name
        notes: list[str] = []
        with source.open() as handle:
            try:
                archive = acefile.open(handle)
            except acefile.AceError as error:
                fixed = self._repair(source)
                if fixed is None:
                    return Extraction(kind=Kind.ARCHIVE, status=damage_status(error), title=title,
                                      detail=f"unreadable ACE archive: {error}")
                data, notes = fixed
                try:
                    archive = acefile.open(io.BytesIO(data))
                except acefile.AceError:
                    return Extraction(kind=Kind.ARCHIVE, status=damage_status(error), title=title,
                                      detail=f"unreadable ACE archive: {error}")
            with archive:
                extraction = self._extract(archive, title, sink, limits)
        if notes:
            note = f"non-standard headers read leniently ({'; '.join(notes)})"
            extraction.detail = "; ".join(filter(None, (extraction.detail, note)))
        return extraction

    @staticmethod
    def _repair(source: Source) -> tuple[bytes, list[str]] | None:
        """Read anew (acefile closes the handle it refused)."""
        if os.path.getsize(source.path) > REPAIR_MAX:
            return None
        return repaired(source.read_bytes())

    @staticmethod
    def _extract(archive: Any, title: str, sink: ChildSink, limits: Limits) -> Extraction:
        members = [member for member in archive.getmembers() if not member.is_dir()]
        status, detail = listing_status(len(members), limits)
        names = [_name(member) for member in members]
        encrypted = 0
        blocked: tuple[str, Status] | None = None  # in a solid archive, what later members depend on
        for member, name in zip(members, names, strict=True):
            if sink.full:
                break
            meta = _meta(member)
            if blocked is not None:
                sink.add_failed(name, blocked[1], f"solid archive: needs {blocked[0]}, which was not decoded",
                                member.size, meta)
                continue
            if member.is_enc():
                encrypted += 1
                sink.add_failed(name, Status.ENCRYPTED, "ACE encryption (Blowfish); case passwords are not tried "
                                "on ACE members", member.size, meta)
                blocked = (name, Status.ENCRYPTED) if archive.is_solid() else None
                continue
            refusal = _refusal(member, limits)
            if refusal is not None:
                sink.add_failed(name, refusal[0], refusal[1], member.size, meta)
                blocked = (name, refusal[0]) if archive.is_solid() else None
                continue
            record = sink.add_stream(name, lambda member=member: cast(BinaryIO, _MemberStream(
                archive.readblocks(member))), meta=meta, compressed_size=member.packsize)
            if record.sha256 is None and archive.is_solid():
                blocked = (name, record.status or Status.CORRUPT)
        metadata: dict[str, Any] = {"members": len(members), "encrypted_members": encrypted,
                                    "solid": archive.is_solid(), "comment": str(archive.comment or "")[:2000]}
        if members and encrypted == len(members):
            detail = "; ".join(filter(None, (f"all {encrypted} members are encrypted (Blowfish)", detail)))
        damaged = [m for m in sink.members if m.status in (Status.TRUNCATED, Status.CORRUPT)]
        if status == Status.OK and damaged:
            status = damaged[0].status or Status.CORRUPT
            detail = f"{len(damaged)} damaged member(s), first {damaged[0].name}: {damaged[0].detail}"
        return Extraction(kind=Kind.ARCHIVE, status=status, detail=detail, title=title, text="\n".join(names),
                          metadata=metadata)
