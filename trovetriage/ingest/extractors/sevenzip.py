"""7z archives (py7zr): every file entry becomes a member; bombs are refused from the listing.

A 7z header declares every member's size before any data is decompressed, so members over the
limits are refused without decompressing them. Encrypted data with readable names still gives a
full member list (each member ENCRYPTED); encrypted headers hide even the names. Members are
decompressed into the case's blob store by member id, never to their (untrusted) names.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from functools import partial
from typing import Any

import py7zr
from py7zr.exceptions import DecompressionBombError, PasswordRequired, UnsupportedCompressionMethodError
from py7zr.properties import CompressionMethod

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import (
    OPENED_WITH_PASSWORD,
    ChildSink,
    Source,
    damage_status,
    extract_or_corrupt,
    listing_status,
    mask_password,
    no_password_worked,
)
from trovetriage.ingest.extractors.member_names import visible_nul
from trovetriage.ingest.extractors.scoring import score_by_type_or_name
from trovetriage.ingest.extractors.sevenzip_reader import ReadResult, read_members, temp_opener
from trovetriage.ingest.extractors.volumes import other_volumes_needed, split_7z_volume

MIME_7Z = "application/x-7z-compressed"
SEVENZIP_MIMES = frozenset({MIME_7Z})
SEVENZIP_EXTENSIONS = frozenset({".7z"})
ENCRYPTION = "AES-256 (7z)"
#: How much of a symbolic link entry is kept to show its target.
LINK_TARGET_BYTES = 4096
MAGIC = b"7z\xbc\xaf\x27\x1c"


def _is_encrypted(member: Any) -> bool:
    folder = member.folder
    return folder is not None and any(
        coder.get("method") == CompressionMethod.CRYPT_AES256_SHA256 for coder in folder.coders)


def _mtime(member: Any) -> str | None:
    try:
        return member.lastwritetime.as_datetime().isoformat() if member.lastwritetime is not None else None
    except (AttributeError, OverflowError, OSError, ValueError):
        return None


def _folder_ratios(members: Iterable[Any]) -> dict[int, tuple[int, int]]:
    """(declared unpacked bytes, packed bytes) per solid block; py7zr gives the block's packed size
    as the `compressed` of its first member."""
    totals: dict[int, tuple[int, int]] = {}
    for member in members:
        if member.folder is None:
            continue
        unpacked, packed = totals.get(id(member.folder), (0, 0))
        totals[id(member.folder)] = (unpacked + (member.uncompressed or 0), packed + (member.compressed or 0))
    return totals


class SevenZipExtractor:
    """7z archives. Lone volumes of split sets (`x.7z.002`) are reported, not read."""

    name = "7z"

    def score(self, sniffed: Sniffed) -> int:
        by_type = score_by_type_or_name(sniffed, SEVENZIP_MIMES, SEVENZIP_EXTENSIONS, by_name=40)
        if by_type:
            return by_type
        if split_7z_volume(sniffed.name) is not None and sniffed.mime == "application/octet-stream":
            return 40
        return 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.ARCHIVE, self._open_and_extract, source, sink, limits)

    def _open_and_extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        title = source.sniffed.name
        volume = split_7z_volume(title)
        with source.open() as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if volume is not None and (volume > 1 or handle.read(len(MAGIC)) != MAGIC):
                return Extraction(kind=Kind.ARCHIVE, status=Status.TRUNCATED, title=title,
                                  detail=other_volumes_needed(volume), metadata={"volume": volume})
            handle.seek(0)
            try:
                archive = py7zr.SevenZipFile(handle, mode="r")
            except MemoryError:
                raise
            except PasswordRequired:
                opened = self._open_with_passwords(handle, sink.passwords)
                if opened is None:
                    detail = ("7z headers are encrypted (AES-256): not even the member names "
                              "can be read without the password")
                    if sink.passwords:
                        detail += f"; {no_password_worked(len(sink.passwords))}"
                    return Extraction(kind=Kind.ARCHIVE, status=Status.ENCRYPTED, title=title, detail=detail)
                with opened[0]:
                    return self._extract(opened[0], source, sink, limits, opened[1])
            except Exception as error:  # py7zr raises many unrelated types for damaged headers
                status = damage_status(error)
                if volume is not None:
                    return Extraction(kind=Kind.ARCHIVE, status=Status.TRUNCATED, title=title,
                                      detail=other_volumes_needed(volume), metadata={"volume": volume})
                return Extraction(kind=Kind.ARCHIVE, status=status, title=title,
                                  detail=f"7z header unreadable: {type(error).__name__}: {error}"[:2000])
            with archive:
                encrypted = [m for m in archive.files if not m.is_directory and _is_encrypted(m)]
                if not (encrypted and sink.passwords):
                    return self._extract(archive, source, sink, limits)
                opened = self._open_with_passwords(handle, sink.passwords, min(
                    encrypted, key=lambda m: m.uncompressed or 0).id, sink, limits)
                if opened is None:
                    extraction = self._extract(archive, source, sink, limits)
                    extraction.detail += f"; {no_password_worked(len(sink.passwords))}"
                    return extraction
            with opened[0]:
                return self._extract(opened[0], source, sink, limits, opened[1])

    @staticmethod
    def _open_with_passwords(handle: Any, passwords: tuple[str, ...], probe_id: int | None = None,
                             sink: ChildSink | None = None,
                             limits: Limits | None = None) -> tuple[py7zr.SevenZipFile, str] | None:
        """The archive opened with the first password of the case list that works. Encrypted
        headers check the password on open; encrypted data is checked by decompressing the
        smallest encrypted member (`probe_id`): a wrong key gives garbage that fails to decode."""
        for password in passwords:
            handle.seek(0)
            try:
                archive = py7zr.SevenZipFile(handle, mode="r", password=password)
            except MemoryError:
                raise
            except Exception:  # a wrong key makes the header undecodable, in many ways
                continue
            if probe_id is not None and sink is not None and limits is not None:
                member = next(m for m in archive.files if m.id == probe_id)
                if (member.uncompressed or 0) > limits.max_member_bytes:
                    archive.close()
                    return None
                probe = read_members(archive, {probe_id: member.uncompressed or 0}, sink.blobs,
                                     limits.max_container_bytes)
                probe.discard_all()
                writer = probe.writers.get(probe_id)
                if probe.error is not None or writer is None or not writer.finished:
                    archive.close()
                    continue
            return archive, password
        return None

    def _extract(self, archive: py7zr.SevenZipFile, source: Source, sink: ChildSink,
                 limits: Limits, password: str | None = None) -> Extraction:
        title = source.sniffed.name
        entries = [member for member in archive.files if not member.is_directory]
        names = {member.id: visible_nul(member.filename or "") for member in entries}
        metadata: dict[str, Any] = {
            "members": len(entries), "encrypted_members": 0,
            "declared_size": sum(member.uncompressed or 0 for member in entries),
            "solid": bool(archive._is_solid()),
        }
        status, detail = listing_status(len(entries), limits)
        entries = entries[: limits.max_members]
        refused, caps = self._plan(entries, limits, decrypting=password is not None)
        metadata["encrypted_members"] = sum(1 for reason in refused.values() if reason[0] == Status.ENCRYPTED)
        result = read_members(archive, caps, sink.blobs, limits.max_container_bytes) if caps else ReadResult({})
        opened_meta = {"opened_with_password": mask_password(password)} if password is not None else {}
        try:
            for member in entries:
                if sink.full:
                    break
                self._add(member, names[member.id], refused, result, sink,
                          opened_meta if _is_encrypted(member) else {})
        finally:
            result.discard_all()
        if result.error is not None and status == Status.OK:
            status, detail = self._failure(result, names)
        if metadata["encrypted_members"] and status == Status.OK:
            detail = f"{metadata['encrypted_members']} of {len(entries)} members encrypted ({ENCRYPTION}); names listed"
        if password is not None:
            metadata["opened_with_password"] = mask_password(password)
            detail = "; ".join(filter(None, (OPENED_WITH_PASSWORD, detail)))
        return Extraction(kind=Kind.ARCHIVE, status=status, detail=detail, title=title,
                          text="\n".join(names[member.id] for member in entries), metadata=metadata)

    @staticmethod
    def _plan(entries: list[Any], limits: Limits,
              decrypting: bool = False) -> tuple[dict[int, tuple[Status, str]], dict[int, int]]:
        """Which members are refused from the listing alone (id -> status, detail), and the byte
        cap of each member to decompress (id -> cap)."""
        refused: dict[int, tuple[Status, str]] = {}
        caps: dict[int, int] = {}
        ratios = _folder_ratios(entries)
        budget = limits.max_container_bytes
        for member in entries:
            declared = member.uncompressed or 0
            unpacked, packed = ratios.get(id(member.folder), (0, 0))
            if _is_encrypted(member) and not decrypting:
                refused[member.id] = (Status.ENCRYPTED, ENCRYPTION)
            elif declared > limits.max_member_bytes:
                refused[member.id] = (Status.SKIPPED_BOMB, f"declares {declared} bytes, more than "
                                      f"max_member_bytes ({limits.max_member_bytes}); not decompressed")
            elif unpacked > limits.ratio_min_bytes and unpacked / max(packed, 1) > limits.max_ratio:
                refused[member.id] = (Status.SKIPPED_BOMB, f"solid block declares a compression ratio above "
                                      f"{limits.max_ratio:g}:1 (bomb); not decompressed")
            elif declared > budget:
                refused[member.id] = (Status.SKIPPED_BOMB, f"container declares more than max_container_bytes "
                                      f"({limits.max_container_bytes}); not decompressed")
            else:
                budget -= declared
                caps[member.id] = LINK_TARGET_BYTES if member.is_symlink else declared
        return refused, caps

    @staticmethod
    def _add(member: Any, name: str, refused: dict[int, tuple[Status, str]], result: ReadResult,
             sink: ChildSink, extra_meta: dict[str, Any]) -> None:
        meta: dict[str, Any] = {"mtime": _mtime(member), "declared_size": member.uncompressed or 0, **extra_meta}
        if member.id in refused:
            status, detail = refused[member.id]
            sink.add_failed(name, status, detail, meta=meta)
            return
        writer = result.writers.get(member.id)
        if writer is None or not writer.finished or member.id == result.failed_id:
            error = result.error
            if error is None:
                sink.add_failed(name, Status.CORRUPT, "py7zr produced no data for this member", meta=meta)
            else:
                status, reason = SevenZipExtractor._error_status(error)
                where = "" if member.id == result.failed_id else "not read: the archive stream failed earlier: "
                sink.add_failed(name, status, f"{where}{reason}", meta=meta)
            return
        if member.is_symlink:
            target = writer.temp.read_bytes()[:LINK_TARGET_BYTES].decode("utf-8", "replace")
            sink.add_failed(name, Status.UNSUPPORTED, f"symbolic link to {target} not followed", meta=meta)
            return
        if writer.over_cap:
            sink.add_failed(name, Status.SKIPPED_BOMB, f"decompressed beyond its declared size "
                            f"({writer.cap} bytes)", writer.size_seen, meta)
            return
        sink.add_stream(name, partial(temp_opener, writer.temp), meta=meta, compressed_size=None)

    @staticmethod
    def _error_status(error: Exception) -> tuple[Status, str]:
        text = f"{type(error).__name__}: {error}"[:2000]
        if isinstance(error, UnsupportedCompressionMethodError):
            return Status.UNSUPPORTED, text
        if isinstance(error, DecompressionBombError):
            return Status.SKIPPED_BOMB, text
        return damage_status(error), text

    @staticmethod
    def _failure(result: ReadResult, names: dict[int, str]) -> tuple[Status, str]:
        assert result.error is not None
        status, reason = SevenZipExtractor._error_status(result.error)
        where = f" at member {names.get(result.failed_id, '?')!r}" if result.failed_id is not None else ""
        return status, f"decompression failed{where}: {reason}"


