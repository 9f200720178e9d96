"""RAR archives (rarfile, headers only): members are listed natively; only stored data is read.

RAR decompression needs the external unrar tool, which this machine does not have and the
extractor must not depend on (no subprocesses). So every member is listed; members stored
without compression are copied natively; compressed members are recorded as UNSUPPORTED,
so nothing is silently lost and a later run with a decoder can fill them in.
The archive is opened as a file object with `part_only`, so rarfile never looks for
sibling volumes on disk.
"""

from __future__ import annotations

import warnings
from functools import partial
from typing import Any, BinaryIO, cast

import rarfile

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, damage_status, extract_or_corrupt
from trovetriage.ingest.extractors.member_names import visible_nul
from trovetriage.ingest.extractors.scoring import score_by_type_or_name
from trovetriage.ingest.extractors.volumes import other_volumes_needed, rar_volume_from_name

RAR_MIMES = frozenset({"application/x-rar", "application/vnd.rar", "application/x-rar-compressed"})
RAR_EXTENSIONS = frozenset({".rar"})
NEEDS_UNRAR = "RAR decompression needs the unrar tool, which is not installed"
#: RAR3 main-header flags (rarfile names them RAR_MAIN_*).
MAIN_VOLUME = 0x0001
MAIN_FIRST_VOLUME = 0x0100


def _volume(archive: rarfile.RarFile, name: str) -> int | None:
    """1-based number of this volume if the archive is part of a multi-volume set, else None."""
    main = archive._file_parser._main if archive._file_parser is not None else None
    flags = getattr(main, "flags", 0) if main is not None else 0
    split_members = any(info.flags & (rarfile.RAR_FILE_SPLIT_BEFORE | rarfile.RAR_FILE_SPLIT_AFTER)
                        for info in archive.infolist())
    if not flags & MAIN_VOLUME and not split_members:
        return None
    number = getattr(main, "main_volume_number", None)
    if number is not None:
        return int(number) + 1
    if flags & MAIN_FIRST_VOLUME:
        return 1
    return rar_volume_from_name(name) or 0


def _symlink_target(info: rarfile.RarInfo) -> str:
    if info.file_redir:
        return visible_nul(str(info.file_redir[2]))
    return "(target not read)"


def _mtime(info: rarfile.RarInfo) -> str | None:
    try:
        return info.mtime.isoformat() if info.mtime is not None else None
    except (AttributeError, OverflowError, ValueError):
        return None


def _open_stored(archive: rarfile.RarFile, info: rarfile.RarInfo) -> BinaryIO:
    return cast(BinaryIO, archive.open(info))


class RarExtractor:
    """RAR 1.5-5.x: full listing, stored members read, compressed ones recorded as UNSUPPORTED."""

    name = "rar"

    def score(self, sniffed: Sniffed) -> int:
        return score_by_type_or_name(sniffed, RAR_MIMES, RAR_EXTENSIONS, by_name=40)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.ARCHIVE, self._open_and_extract, source, sink, limits)

    def _open_and_extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        title = source.sniffed.name
        with source.open() as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                archive = rarfile.RarFile(handle, part_only=True)
            except rarfile.PasswordRequired:
                return self._header_encrypted(title)
            except rarfile.NeedFirstVolume as error:
                volume = error.current_volume + 1 if error.current_volume is not None else None
                return Extraction(kind=Kind.ARCHIVE, status=Status.TRUNCATED, title=title,
                                  detail=other_volumes_needed(volume or rar_volume_from_name(title)))
            except rarfile.NotRarFile as error:
                return Extraction(kind=Kind.ARCHIVE, status=Status.CORRUPT, title=title,
                                  detail=f"not a RAR archive: {error}")
            except (rarfile.Error, *_DAMAGE) as error:
                return Extraction(kind=Kind.ARCHIVE, status=damage_status(error), title=title,
                                  detail=f"RAR headers unreadable: {type(error).__name__}: {error}"[:2000])
            with archive:
                return self._extract(archive, title, sink, limits)

    @staticmethod
    def _header_encrypted(title: str) -> Extraction:
        return Extraction(kind=Kind.ARCHIVE, status=Status.ENCRYPTED, title=title,
                          detail="RAR headers are encrypted: not even the member names can be read "
                                 "without the password")

    def _extract(self, archive: rarfile.RarFile, title: str, sink: ChildSink, limits: Limits) -> Extraction:
        infos = archive.infolist()
        if not infos and archive.needs_password():
            return self._header_encrypted(title)
        entries = [info for info in infos if not info.is_dir()]
        names = [visible_nul(info.filename or "") for info in entries]
        volume = _volume(archive, title)
        metadata: dict[str, Any] = {
            "members": len(entries), "encrypted_members": 0, "solid": archive.is_solid(),
            "declared_size": sum(info.file_size or 0 for info in entries),
            "comment": (archive.comment or "")[:2000],
        }
        status, detail = Status.OK, ""
        if not entries:
            status, detail = Status.EMPTY, "archive has no files"
        if volume is not None:
            metadata["volume"] = volume
            status, detail = Status.TRUNCATED, other_volumes_needed(volume)
        if len(entries) > limits.max_members:
            status = Status.SKIPPED_BOMB
            detail = (f"{len(entries)} entries, more than max_members ({limits.max_members}): "
                      f"only the first {limits.max_members} listed")
        read = unread = 0
        for info, name in zip(entries, names, strict=True):
            if sink.full:
                break
            outcome = self._add(archive, info, name, sink, limits)
            metadata["encrypted_members"] += outcome == Status.ENCRYPTED
            read += outcome is None
            unread += outcome == Status.UNSUPPORTED and not info.is_symlink()
        metadata["members_read"] = read
        summary = f"{len(entries)} members listed, {read} read (stored without compression)"
        if unread:
            summary += f", {unread} not read: {NEEDS_UNRAR}"
        detail = f"{detail}; {summary}" if detail else summary
        return Extraction(kind=Kind.ARCHIVE, status=status, detail=detail, title=title,
                          text="\n".join(names), metadata=metadata)

    @staticmethod
    def _add(archive: rarfile.RarFile, info: rarfile.RarInfo, name: str, sink: ChildSink,
             limits: Limits) -> Status | None:
        """Hand one entry to the sink; returns the status it got (None when its bytes were read)."""
        meta: dict[str, Any] = {"mtime": _mtime(info), "declared_size": info.file_size or 0,
                                "compress_type": info.compress_type}
        declared = info.file_size or 0
        if info.needs_password():
            sink.add_failed(name, Status.ENCRYPTED, "RAR encryption (AES)", meta=meta)
            return Status.ENCRYPTED
        if info.is_symlink():
            sink.add_failed(name, Status.UNSUPPORTED, f"symbolic link to {_symlink_target(info)} not followed",
                            meta=meta)
            return Status.UNSUPPORTED
        if info.flags & rarfile.RAR_FILE_SPLIT_BEFORE:
            sink.add_failed(name, Status.TRUNCATED, "member starts in an earlier volume, which is needed", meta=meta)
            return Status.TRUNCATED
        if info.flags & rarfile.RAR_FILE_SPLIT_AFTER:
            sink.add_failed(name, Status.TRUNCATED, "member continues in the next volume, which is needed",
                            meta=meta)
            return Status.TRUNCATED
        if info.file_redir:  # hard link or file copy: the data is another member's
            sink.add_failed(name, Status.UNSUPPORTED, f"link to member {info.file_redir[2]!r} not resolved",
                            meta=meta)
            return Status.UNSUPPORTED
        if info.compress_type != rarfile.RAR_M0:
            sink.add_failed(name, Status.UNSUPPORTED, NEEDS_UNRAR, meta=meta)
            return Status.UNSUPPORTED
        if declared > limits.max_member_bytes:
            sink.add_failed(name, Status.TOO_LARGE, f"declares {declared} bytes, more than max_member_bytes "
                            f"({limits.max_member_bytes})", declared, meta)
            return Status.TOO_LARGE
        record = sink.add_stream(name, partial(_open_stored, archive, info), meta=meta,
                                 compressed_size=info.compress_size)
        return record.status


#: Damage errors rarfile lets through from the file object while parsing headers.
_DAMAGE: tuple[type[Exception], ...] = (EOFError, OSError, ValueError, IndexError, KeyError)
