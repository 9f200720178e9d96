"""Tar archives, plain or gzip/bzip2/xz/lzma compressed, read strictly as a stream.

`tarfile` runs in streaming mode ("r|") over our own bounded decoder: a huge tar is never seeked,
never loaded whole, and nothing is ever extracted to a path (members go to the sink, which stores
them by sha256). A compressed tar's members have no compressed size, so the compression ratio is
checked for the archive as a whole while it is read. A compressed file is peeked at first: one that
holds no tar, whatever its name says, becomes one decompressed child (`single_stream`).
"""

from __future__ import annotations

import os
import tarfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO, cast

from trovetriage.core.blobs import CHUNK
from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, MemberTooLarge, Source, damage_status, extract_or_corrupt
from trovetriage.ingest.extractors.member_names import decode_name, visible_nul
from trovetriage.ingest.extractors.single_stream import extract_single
from trovetriage.ingest.extractors.streams import (
    COMPRESSED_MIMES,
    DecodedStream,
    StreamDamage,
    detect_compression,
    read_exactly,
)
from trovetriage.ingest.sniff import MIME_TAR

TAR_MIMES = frozenset({MIME_TAR, "application/x-gtar", "application/x-ustar"})
TAR_SUFFIXES = (".tar.gz", ".tgz", ".taz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.lzma",
                ".tlz", ".tar.gzip")
#: pax and GNU long-name headers are read into memory by tarfile: refuse absurd ones.
MAX_EXTENDED_HEADER = 8 * 1024 * 1024
_EXTENDED_TYPES = frozenset({tarfile.XHDTYPE, tarfile.XGLTYPE, tarfile.SOLARIS_XHDTYPE,
                             tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK})


class _OversizedHeader(tarfile.InvalidHeaderError):
    """An extended header larger than anything honest (tarfile would read it all into memory)."""


def _traced_tarinfo(seen: list[tarfile.HeaderError]) -> type[tarfile.TarInfo]:
    """A TarInfo class that records why header reading stopped: in streaming mode tarfile ends
    the iteration silently on a truncated or invalid header, and we must tell that from a clean end."""

    class TracedTarInfo(tarfile.TarInfo):
        @classmethod
        def frombuf(cls, buf: bytes, encoding: str, errors: str) -> tarfile.TarInfo:
            info = super().frombuf(buf, encoding, errors)
            if info.type in _EXTENDED_TYPES and info.size > MAX_EXTENDED_HEADER:
                raise _OversizedHeader(f"extended header of {info.size} bytes")
            return info

        @classmethod
        def fromtarfile(cls, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
            try:
                return super().fromtarfile(tarfile_)
            except tarfile.HeaderError as error:
                seen[:] = [error]  # only the last one matters (a resync pass may skip thousands)
                raise

    return TracedTarInfo


def _end_status(seen: list[tarfile.HeaderError]) -> tuple[Status, str]:
    """Status of an archive whose iteration ended (cleanly or not) on a header."""
    last = seen[-1] if seen else None
    if last is None or isinstance(last, tarfile.EOFHeaderError):
        return Status.OK, ""
    if isinstance(last, tarfile.EmptyHeaderError):
        return Status.TRUNCATED, "archive ends without an end-of-archive marker (cut at a member boundary?)"
    if isinstance(last, tarfile.TruncatedHeaderError):
        return Status.TRUNCATED, "archive ends inside a member header"
    return Status.CORRUPT, f"invalid member header ({last}): members after it are not listed"


def _fix_name(name: str) -> str:
    """tarfile keeps undecodable bytes as surrogates; decode them with a legacy code page guess."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return decode_name(name.encode("utf-8", "surrogateescape"))[0]
    return visible_nul(name)


def _meta(member: tarfile.TarInfo) -> dict[str, Any]:
    meta: dict[str, Any] = {"mode": f"{member.mode:o}"}
    try:
        meta["mtime"] = datetime.fromtimestamp(member.mtime, UTC).isoformat()
    except (OverflowError, OSError, ValueError, TypeError):
        meta["mtime"] = None
    if member.uname:
        meta["owner"] = _fix_name(member.uname)
    return meta


def _opener(tf: tarfile.TarFile, member: tarfile.TarInfo) -> BinaryIO:
    """The member's own bytes (tar read errors are among `base.DAMAGE_ERRORS`: member damage)."""
    stream = tf.extractfile(member)
    if stream is None:
        raise StreamDamage("member has no data")
    return cast(BinaryIO, stream)


def _special_detail(member: tarfile.TarInfo) -> str:
    if member.issym():
        return f"symbolic link to {_fix_name(member.linkname)} not followed"
    if member.islnk():
        return f"hard link to {_fix_name(member.linkname)}"
    if member.ischr():
        return "character device"
    if member.isblk():
        return "block device"
    if member.isfifo():
        return "fifo"
    return f"tar member of type {member.type!r}"


@dataclass
class _Pass:
    """What one reading of the archive found."""

    status: Status = Status.OK
    detail: str = ""
    names: list[str] = field(default_factory=list)
    last_offset: int = -1
    #: The reading stopped at an invalid header, so skipping ahead block by block may find more.
    header_damage: bool = False
    #: Non-zero bytes follow the end-of-archive marker (an appended archive hides there).
    data_after_end: bool = False


def _walk(tf: tarfile.TarFile, sink: ChildSink, limits: Limits, seen: list[tarfile.HeaderError],
          bomb: list[str], found: _Pass, after: int) -> None:
    """Pass every member behind offset `after` to the sink, in archive order."""
    while True:
        try:
            member = tf.next()
        except MemberTooLarge as error:
            found.status, found.detail = Status.SKIPPED_BOMB, str(error)
            return
        except MemoryError:
            raise
        except Exception as error:  # damage mid-way: keep what was seen, say why it stopped
            found.status = damage_status(error)
            found.detail = f"archive damaged after {len(found.names)} members: {error}"
            return
        if member is None:
            found.status, found.detail = _end_status(seen)
            found.header_damage = found.status == Status.CORRUPT
            return
        tf.members.clear()  # streaming: nothing needs the members already passed
        if member.offset <= after:
            continue
        found.last_offset = member.offset
        if member.isdir():
            continue
        if sink.full:
            found.status = Status.SKIPPED_BOMB
            found.detail = f"more than max_members ({limits.max_members}) members: listing stopped"
            return
        name = _fix_name(member.name)
        found.names.append(name)
        if member.isreg() or member.type not in tarfile.SUPPORTED_TYPES:
            sink.add_stream(name, lambda member=member: _opener(tf, member), meta=_meta(member))
            if bomb:
                found.status, found.detail = Status.SKIPPED_BOMB, bomb[0]
                return
        else:
            sink.add_failed(name, Status.UNSUPPORTED, _special_detail(member), meta=_meta(member))


def _drain(stream: BinaryIO, found: _Pass) -> None:
    """Read on past the end-of-archive marker: a cut or corrupt compressed tail must still show in
    the status, and data appended after the marker must not go unnoticed."""
    try:
        while chunk := stream.read(CHUNK):
            found.data_after_end = found.data_after_end or bool(chunk.strip(b"\x00"))
    except MemberTooLarge as error:
        found.status, found.detail = Status.SKIPPED_BOMB, str(error)
    except MemoryError:
        raise
    except Exception as error:
        found.status = damage_status(error)
        found.detail = f"stream damaged after the last member: {error}"


def _read_pass(source: Source, fmt: str | None, sink: ChildSink, limits: Limits, bomb: list[str],
               resync: bool = False, after: int = -1) -> _Pass:
    """One streaming reading of the archive. `resync` skips invalid header blocks (tarfile's
    ignore_zeros) to salvage members behind a damaged header."""
    file_size = max(os.path.getsize(source.path), 1)

    def check_ratio(total: int) -> None:
        if total > limits.ratio_min_bytes and total / file_size > limits.max_ratio:
            if not bomb:
                bomb.append(f"archive decompresses beyond {limits.max_ratio:g} times its size (bomb)")
            raise MemberTooLarge(bomb[0])

    found = _Pass()
    seen: list[tarfile.HeaderError] = []
    with source.open() as raw:
        decoded = DecodedStream(raw, fmt, on_output=check_ratio) if fmt is not None else None
        stream = cast(BinaryIO, decoded) if decoded is not None else raw
        try:
            tf = tarfile.open(  # noqa: SIM115 - closed by the `with tf` below
                fileobj=stream, mode="r|", tarinfo=_traced_tarinfo(seen), ignore_zeros=resync)
        except MemoryError:
            raise
        except MemberTooLarge as error:
            found.status, found.detail = Status.SKIPPED_BOMB, str(error)
            return found
        except Exception as error:
            found.status = damage_status(error) if decoded is not None else Status.CORRUPT
            found.detail = f"cannot read the first member header: {error}"[:2000]
            found.header_damage = bool(seen) and isinstance(seen[-1], tarfile.InvalidHeaderError)
            return found
        with tf:
            _walk(tf, sink, limits, seen, bomb, found, after)
            if found.status == Status.OK and not resync:
                _drain(cast(BinaryIO, tf.fileobj), found)
        if decoded is not None and decoded.trailing_offset is not None:
            note = f"data after the {fmt} stream ignored"
            found.detail = f"{found.detail}; {note}" if found.detail else note
    return found


def list_tar(source: Source, sink: ChildSink, limits: Limits, fmt: str | None) -> Extraction:
    """List the members of a tar, plain (`fmt` None) or compressed, salvaging what lies behind damage."""
    bomb: list[str] = []
    found = _read_pass(source, fmt, sink, limits, bomb)
    names, status, detail = found.names, found.status, found.detail
    if (found.header_damage or found.data_after_end) and not sink.full:
        salvage = _read_pass(source, fmt, sink, limits, bomb, resync=True, after=found.last_offset)
        names = names + salvage.names
        if found.header_damage and salvage.names:
            detail = f"{detail}; {len(salvage.names)} members recovered by skipping damaged headers"
        elif found.data_after_end:
            note = (f"{len(salvage.names)} members found after the end-of-archive marker" if salvage.names
                    else "data after the end-of-archive marker ignored")
            detail = f"{detail}; {note}" if detail else note
        if salvage.status == Status.SKIPPED_BOMB:
            status, detail = Status.SKIPPED_BOMB, salvage.detail
    if status == Status.OK and not names:
        status, detail = Status.EMPTY, "archive has no files"
    return Extraction(kind=Kind.ARCHIVE, status=status, detail=detail, title=source.sniffed.name,
                      text="\n".join(names), metadata={"members": len(names), "compression": fmt or "none"})


def looks_like_tar(block: bytes) -> bool:
    """A tar header: ustar magic, or an old-style header whose checksum adds up."""
    if len(block) < 512:
        return False
    if block[257:262] == b"ustar":
        return True
    field = block[148:156].replace(b"\x00", b" ").strip()
    if not field or not block[:100].strip(b"\x00"):
        return False
    try:
        stored = int(field, 8)
    except ValueError:
        return False
    unsigned = sum(block[:148]) + 256 + sum(block[156:512])
    signed = unsigned - 2 * sum(1 for byte in block[:148] + block[156:512] if byte >= 0x80)
    return stored in (unsigned, signed)


def peek_tar(source: Source, fmt: str) -> bool:
    """Whether the decompressed stream starts with a tar header (reads 512 decoded bytes at most)."""
    try:
        with source.open() as raw:
            decoded = DecodedStream(raw, fmt)
            return looks_like_tar(read_exactly(cast(BinaryIO, decoded), 512))
    except MemoryError:
        raise
    except Exception:
        return False


def extract_compressed(source: Source, sink: ChildSink, limits: Limits, fmt: str) -> Extraction:
    """A compressed file, whatever its name says: the tar it holds listed member by member, or else
    its decompressed stream as one child."""
    if peek_tar(source, fmt):
        return list_tar(source, sink, limits, fmt)
    return extract_single(source, sink, fmt)


class TarExtractor:
    """Plain tars, and compressed files that hold a tar (by name; the content is checked again)."""

    name = "tar"

    def score(self, sniffed: Sniffed) -> int:
        # Only the name can tell a compressed tar here: `score` sees no bytes. A tar behind any
        # other name is found by CompressedStreamExtractor, which peeks and hands it back here.
        if sniffed.mime in TAR_MIMES:
            return 90
        lower = sniffed.name.lower()
        if sniffed.mime in COMPRESSED_MIMES and lower.endswith(TAR_SUFFIXES):
            return 90
        if sniffed.mime == "application/octet-stream" and lower.endswith(".tar"):
            return 30
        return 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.ARCHIVE, self._extract, source, sink, limits)

    @staticmethod
    def _extract(source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        fmt = detect_compression(source.read_bytes(16), source.sniffed)
        if fmt is None:
            return list_tar(source, sink, limits, None)
        return extract_compressed(source, sink, limits, fmt)
