"""ZIP archives: every central-directory entry becomes a member, bombs are refused before reading.

Member names are untrusted labels, never paths: they are stored verbatim (`../`, `..\\`, `/etc/...`
included) and the bytes go to the blob store by sha256. Names without the UTF-8 flag are decoded
with a guessed legacy code page (Windows zips from China, Japan, Russia are common in troves).
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO, cast

import pyzipper

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import (
    DAMAGE_ERRORS,
    OPENED_WITH_PASSWORD,
    ChildSink,
    Source,
    extract_or_corrupt,
    listing_status,
    mask_password,
    no_password_worked,
)
from trovetriage.ingest.extractors.member_names import decode_name, guess_legacy_encoding, visible_nul
from trovetriage.ingest.extractors.streams import (
    BZIP2,
    INPUT_CHUNK,
    Decoder,
    ReadStream,
    StreamDamage,
    ZlibDecoder,
    decode_up_to,
    new_decoder,
)
from trovetriage.ingest.sniff import MIME_ZIP, OOXML_PREFIX

ZIP_MIMES = frozenset({MIME_ZIP, "application/x-zip-compressed", "application/x-zip"})
#: Zip-based formats with no better extractor: list their members rather than nothing.
ZIP_BASED_MIMES = frozenset({
    "application/java-archive", "application/x-java-archive", "application/epub+zip",
    "application/vnd.android.package-archive",
})

METHOD_NAMES: dict[int, str] = {
    0: "stored", 1: "shrunk", 2: "reduced-1", 3: "reduced-2", 4: "reduced-3", 5: "reduced-4",
    6: "imploded", 8: "deflated", 9: "deflate64", 10: "PKWARE DCL imploded", 12: "bzip2", 14: "lzma",
    16: "IBM z/OS CMPSC", 18: "IBM TERSE", 19: "IBM LZ77", 20: "zstd (old id)", 93: "zstd", 94: "mp3",
    95: "xz", 96: "jpeg", 97: "wavpack", 98: "ppmd", 99: "AES (WinZip)",
}
SUPPORTED_METHODS = frozenset({0, 8, 12, 14})
#: Methods whose data can be decoded from a local header alone (LZMA needs zipfile internals).
RECOVERABLE_METHODS = frozenset({0, 8, 12})
FLAG_ENCRYPTED = 0x01
FLAG_DATA_DESCRIPTOR = 0x08
FLAG_STRONG_ENCRYPTION = 0x40
FLAG_UTF8 = 0x800
METHOD_AES = 99

LOCAL_SIG = b"PK\x03\x04"
EOCD_SIG = b"PK\x05\x06"
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
COMMENT_CHARS = 2000
#: How much of a symbolic link entry is read to show its target.
LINK_TARGET_BYTES = 4096
#: Why an AES member stays encrypted although the case has passwords: its AES header is unreadable.
AES_UNREADABLE = "the AES encryption header of this member is unreadable"

# -- extra fields and names --------------------------------------------------------------------------


def _extra_fields(extra: bytes) -> Iterator[tuple[int, bytes]]:
    """(tag, body) of each field of a zip extra block; a field cut short yields what is there."""
    position = 0
    while position + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, position)
        yield tag, extra[position + 4: position + 4 + size]
        position += 4 + size


def _unicode_path_extra(info: zipfile.ZipInfo, raw: bytes) -> str | None:
    """Info-ZIP Unicode Path extra field (0x7075): a UTF-8 name valid while its CRC matches."""
    for tag, body in _extra_fields(info.extra):
        if tag == 0x7075 and len(body) >= 5 and body[0] == 1:
            if struct.unpack_from("<I", body, 1)[0] != zlib.crc32(raw):
                return None
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
    return None


def decode_names(infos: list[zipfile.ZipInfo]) -> tuple[list[str], str | None]:
    """Proper names for all entries, and the legacy code page guessed for the archive (if any)."""
    names: list[str | None] = []
    raws: list[bytes | None] = []
    for info in infos:
        if info.flag_bits & FLAG_UTF8:
            names.append(visible_nul(info.orig_filename))
            raws.append(None)
            continue
        try:
            raw = info.orig_filename.encode("cp437")  # zipfile decoded the raw bytes as cp437
        except UnicodeEncodeError:
            names.append(visible_nul(info.orig_filename))  # zipfile already decoded it some other way
            raws.append(None)
            continue
        unicode_path = _unicode_path_extra(info, raw)
        names.append(visible_nul(unicode_path) if unicode_path is not None else None)
        raws.append(raw if unicode_path is None else None)
    legacy: list[bytes] = []
    for raw in raws:
        if raw is not None and not raw.isascii():
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                legacy.append(raw)
    encoding = guess_legacy_encoding(legacy) if legacy else None
    result: list[str] = []
    for name, raw in zip(names, raws, strict=True):
        result.append(name if raw is None else decode_name(raw, encoding)[0])
    return result, encoding


# -- metadata ----------------------------------------------------------------------------------------


def _mtime(info: zipfile.ZipInfo) -> str | None:
    """UTC time from the extended-timestamp extra field, else the (local, zone-less) DOS time."""
    for tag, body in _extra_fields(info.extra):
        if tag == 0x5455 and len(body) >= 5 and body[0] & 1:
            try:
                return datetime.fromtimestamp(struct.unpack_from("<i", body, 1)[0], UTC).isoformat()
            except (OverflowError, OSError, ValueError):
                break
    try:
        return datetime(*info.date_time).isoformat()
    except (TypeError, ValueError):
        return None


def _method_name(method: int) -> str:
    return METHOD_NAMES.get(method, f"method {method}")


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _is_directory(info: zipfile.ZipInfo) -> bool:
    """A directory entry carries no data; one that claims data is treated as a file (nothing lost)."""
    return info.filename.endswith("/") and info.file_size == 0 and info.compress_size <= 2


def _encryption(flags: int, method: int) -> str:
    if method == METHOD_AES:
        return "AES (WinZip, method 99)"
    if flags & FLAG_STRONG_ENCRYPTION:
        return "PKWARE strong encryption"
    return "ZipCrypto"


def _all_encrypted(entries: list[tuple[zipfile.ZipInfo, str]]) -> str:
    """Said on the archive itself: a listing that reads fine must not hide that no content can be had."""
    schemes = ", ".join(sorted({_encryption(info.flag_bits, info.compress_type) for info, _ in entries}))
    if len(entries) == 1:
        return f"its only member is encrypted ({schemes})"
    return f"all {len(entries)} members are encrypted ({schemes})"


def _decode_comment(raw: bytes) -> str:
    return decode_name(raw[: COMMENT_CHARS * 4])[0][:COMMENT_CHARS] if raw else ""


# -- bomb checks -------------------------------------------------------------------------------------


def _local_header_length(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Length of the local header in front of an entry's data (its own name/extra lengths)."""
    header = b""
    if info.header_offset >= 0:  # a damaged directory can put it before the start of the file
        handle.seek(info.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or not header.startswith(LOCAL_SIG):
        return _LOCAL_HEADER.size + len(info.orig_filename.encode("utf-8", "surrogateescape"))
    fields = _LOCAL_HEADER.unpack(header)
    return _LOCAL_HEADER.size + fields[9] + fields[10]


def find_overlap(handle: BinaryIO, infos: list[zipfile.ZipInfo], start_dir: int | None) -> str | None:
    """Overlapping entries are how non-recursive zip bombs reuse one kernel of data many times:
    two entries at one offset, or an entry whose data runs into the next entry's header."""
    ordered = sorted(infos, key=lambda info: info.header_offset)
    if not ordered:
        return None
    for current, following in pairwise(ordered):
        if current.header_offset == following.header_offset:
            return f"entries {current.filename!r} and {following.filename!r} share offset {current.header_offset}"
    ends = [info.header_offset for info in ordered[1:]] + [start_dir]
    for info, limit in zip(ordered, ends, strict=True):
        if limit is None:
            continue
        end = info.header_offset + _local_header_length(handle, info) + info.compress_size
        if end > limit:
            return f"data of {info.filename!r} runs over the next entry at offset {limit}"
    return None


# -- recovery of zips without a central directory ---------------------------------------------------


def _find(handle: BinaryIO, signature: bytes, start: int) -> int | None:
    """Offset of the next `signature` at or after `start`, scanning in bounded chunks."""
    position = start
    overlap = len(signature) - 1
    while True:
        handle.seek(position)
        chunk = handle.read(1024 * 1024)
        if len(chunk) < len(signature):
            return None
        found = chunk.find(signature)
        if found >= 0:
            return position + found
        position += len(chunk) - overlap


def _has_end_record(handle: BinaryIO) -> bool:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - 65557))
    return EOCD_SIG in handle.read()


_TRUNCATED = "entry data ends early (truncated zip)"


class _LocalEntryStream(ReadStream):
    """Decodes one entry found by its local header (stored, deflated or bzip2), checking the CRC.
    Used only when the central directory is missing."""

    def __init__(self, path: Path, start: int, compressed: int | None, method: int, crc: int | None) -> None:
        handle = path.open("rb")
        super().__init__(owned=handle)
        handle.seek(start)
        self._handle = handle
        self._start = start
        self._left = compressed
        self._expected_crc = crc
        self._crc = 0
        self._decoder: Decoder | None = None
        if method == 8:
            self._decoder = ZlibDecoder(-zlib.MAX_WBITS)
        elif method == 12:
            self._decoder = new_decoder(BZIP2)
        self._consumed = 0
        self._finished = False
        #: Where the entry's data ended, once known.
        self.end: int | None = None

    def _raw(self, size: int) -> bytes:
        if self._left is not None:
            size = min(size, self._left)
        data = self._handle.read(size) if size > 0 else b""
        self._consumed += len(data)
        if self._left is not None:
            self._left -= len(data)
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = 1024 * 1024
        if self._finished or size == 0:
            return b""
        if self._decoder is None:
            out = self._read_stored(size)
        else:
            out = decode_up_to(self._decoder, size, lambda: self._raw(INPUT_CHUNK), _TRUNCATED)
        self._crc = zlib.crc32(out, self._crc)
        if not out:
            self._finish()
        return out

    def _read_stored(self, size: int) -> bytes:
        data = self._raw(size)
        if not data and self._left:
            raise EOFError(_TRUNCATED)
        return data

    def _finish(self) -> None:
        self._finished = True
        unused = len(self._decoder.unused_data) if self._decoder is not None else 0
        self.end = self._start + self._consumed - unused
        expected = self._expected_crc
        if expected is None:  # the CRC follows the data, in a data descriptor
            self._handle.seek(self.end)
            descriptor = self._handle.read(16)
            if descriptor.startswith(b"PK\x07\x08"):
                descriptor = descriptor[4:]
            if len(descriptor) >= 4:
                expected = struct.unpack_from("<I", descriptor)[0]
        if expected is not None and expected != self._crc:
            raise StreamDamage(f"bad CRC-32 ({self._crc:08x}, expected {expected:08x})")


def _zip64_sizes(extra: bytes, compressed: int, size: int) -> tuple[int, int]:
    """The real sizes of a local header whose 32-bit fields say 0xFFFFFFFF (zip64)."""
    for tag, body in _extra_fields(extra):
        if tag == 0x0001:
            values = [struct.unpack_from("<Q", body, i)[0] for i in range(0, len(body) - 7, 8)]
            if size == 0xFFFFFFFF and values:
                size = values.pop(0)
            if compressed == 0xFFFFFFFF and values:
                compressed = values.pop(0)
    return compressed, size


def recover_local_entries(source: Source, handle: BinaryIO, sink: ChildSink) -> tuple[list[str], int]:
    """Best effort for a zip whose central directory is gone (a cut download): walk the local
    headers from the front. Returns (member names, encrypted count)."""
    names: list[str] = []
    encrypted = 0
    streams: list[_LocalEntryStream] = []
    handle.seek(0, os.SEEK_END)
    file_size = handle.tell()
    position = _find(handle, LOCAL_SIG, 0)
    while position is not None and not sink.full:
        handle.seek(position)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size:
            break
        _, _, flags, method, _, _, crc, compressed, size, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        raw_name = handle.read(name_length)
        extra = handle.read(extra_length)
        if len(raw_name) < name_length:
            break
        compressed, size = _zip64_sizes(extra, compressed, size)
        data_start = position + _LOCAL_HEADER.size + name_length + extra_length
        described = bool(flags & FLAG_DATA_DESCRIPTOR)
        known = None if described else compressed
        next_search = data_start + known if known is not None else data_start
        name = visible_nul(raw_name.decode("utf-8", "replace")) if flags & FLAG_UTF8 else decode_name(raw_name)[0]
        meta: dict[str, Any] = {"compress_type": _method_name(method), "recovered": True}
        if name.endswith("/") and not compressed and not described:
            position = _find(handle, LOCAL_SIG, next_search)
            continue
        names.append(name)
        if flags & FLAG_ENCRYPTED:
            encrypted += 1
            sink.add_failed(name, Status.ENCRYPTED, _encryption(flags, method), meta=meta)
        elif method not in RECOVERABLE_METHODS or (described and method == 0):
            sink.add_failed(name, Status.UNSUPPORTED,
                            f"cannot recover a {_method_name(method)} entry without the central directory",
                            meta=meta)
        else:
            streams.clear()

            def opener(start: int = data_start, length: int | None = known, method: int = method,
                       crc: int | None = None if described else crc) -> BinaryIO:
                stream = _LocalEntryStream(source.path, start, length, method, crc)
                streams.append(stream)
                return cast(BinaryIO, stream)

            sink.add_stream(name, opener, meta=meta, compressed_size=known)
            if streams and streams[-1].end is not None and known is None:
                next_search = streams[-1].end
        position = _find(handle, LOCAL_SIG, min(next_search, file_size))
    return names, encrypted


# -- the extractor -----------------------------------------------------------------------------------


def _symlink_target(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    try:
        with zf.open(info) as stream:
            return stream.read(LINK_TARGET_BYTES).decode("utf-8", "replace")
    except MemoryError:
        raise
    except Exception:
        return "(unreadable target)"


#: zipfile's reader, or pyzipper's (a fork of it with AES) for WinZip AES members.
ZipReader = zipfile.ZipFile | pyzipper.AESZipFile
#: pyzipper's errors are its own classes, not zipfile's.
PYZIPPER_ERRORS: tuple[type[BaseException], ...] = (pyzipper.BadZipFile, pyzipper.LargeZipFile)


def _open_member(zf: ZipReader, info: Any, pwd: bytes | None = None) -> BinaryIO:
    if info.header_offset < 0:
        raise StreamDamage("entry offset points before the start of the file")
    try:
        return cast(BinaryIO, zf.open(info, pwd=pwd))
    except (NotImplementedError, RuntimeError) as error:  # patched data, strong encryption
        raise StreamDamage(str(error)) from error


def _password_encodings(password: str) -> list[bytes]:
    """UTF-8 first; old ZipCrypto tools used the DOS (cp437) or a latin-1 code page."""
    candidates: list[bytes] = []
    for encoding in ("utf-8", "cp437", "latin-1"):
        try:
            encoded = password.encode(encoding)
        except UnicodeEncodeError:
            continue
        if encoded not in candidates:
            candidates.append(encoded)
    return candidates


def _decrypts(zf: ZipReader, info: Any, pwd: bytes, limits: Limits) -> bool:
    """True if `pwd` opens the member: the 1-byte header check passes and the whole member,
    read without storing it (at most max_member_bytes), matches its CRC-32."""
    size = 0
    try:
        with zf.open(info, pwd=pwd) as stream:
            while chunk := stream.read(1024 * 1024):
                size += len(chunk)
                if size > limits.max_member_bytes:
                    return False
    except MemoryError:
        raise
    except (RuntimeError, NotImplementedError, *DAMAGE_ERRORS, *PYZIPPER_ERRORS):
        return False
    return True


def _find_password(zf: ZipReader, info: Any, passwords: tuple[str, ...],
                   limits: Limits) -> tuple[str, bytes] | None:
    """The first case password (and its encoding) that decrypts a ZipCrypto or AES member."""
    if info.file_size > limits.max_member_bytes:
        return None
    for password in passwords:
        for pwd in _password_encodings(password):
            if _decrypts(zf, info, pwd, limits):
                return password, pwd
    return None


@dataclass(frozen=True)
class EntryOutcome:
    """What became of one entry: still encrypted, or opened with the (masked) case password."""

    still_encrypted: bool = False
    opened_with: str = ""


class _AesReader:
    """WinZip AES members, read through pyzipper (zipfile has no AES), opened only when needed.

    pyzipper parses the same central directory; its entries are matched to zipfile's by the
    offset of their local header, and carry the real compression method from the AES extra field.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._zip: pyzipper.AESZipFile | None = None
        self._by_offset: dict[int, Any] = {}

    def info_for(self, info: zipfile.ZipInfo) -> tuple[pyzipper.AESZipFile, Any] | None:
        if self._zip is None:
            try:
                self._zip = pyzipper.AESZipFile(self._handle)
            except MemoryError:
                raise
            except Exception:
                return None
            self._by_offset = {entry.header_offset: entry for entry in self._zip.infolist()}
        entry = self._by_offset.get(info.header_offset)
        return None if entry is None else (self._zip, entry)


def _add_encrypted_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, sink: ChildSink,
                         limits: Limits, aes: _AesReader, meta: dict[str, Any]) -> EntryOutcome:
    """Try the case passwords on an encrypted entry (ZipCrypto through zipfile, AES through
    pyzipper); a member nobody can open is listed `encrypted` with the scheme and why."""
    method = info.compress_type
    meta["declared_size"] = info.file_size
    detail = _encryption(info.flag_bits, method)
    strong = bool(info.flag_bits & FLAG_STRONG_ENCRYPTION)
    if sink.passwords and not strong and info.header_offset >= 0:
        archive: ZipReader | None = zf
        entry: Any = info
        if method == METHOD_AES:
            found_aes = aes.info_for(info)
            archive, entry = found_aes if found_aes else (None, info)
        if archive is not None and entry.compress_type in SUPPORTED_METHODS:
            found = _find_password(archive, entry, sink.passwords, limits)
            if found is not None:
                password, pwd = found
                meta["opened_with_password"] = mask_password(password)
                sink.add_stream(name, lambda: _open_member(archive, entry, pwd), meta=meta,
                                compressed_size=info.compress_size)
                return EntryOutcome(opened_with=str(meta["opened_with_password"]))
            detail += f"; {no_password_worked(len(sink.passwords))}"
        elif method == METHOD_AES:
            detail += f"; {AES_UNREADABLE}"
    sink.add_failed(name, Status.ENCRYPTED, detail, meta=meta)
    return EntryOutcome(still_encrypted=True)


class ZipExtractor:
    """ZIP (and zip-based formats nobody else claims). OOXML goes to its own extractor."""

    name = "zip"

    def score(self, sniffed: Sniffed) -> int:
        mime = sniffed.mime
        if mime.startswith(OOXML_PREFIX):
            return 0
        if mime in ZIP_MIMES:
            return 80
        if mime in ZIP_BASED_MIMES:
            return 50
        if sniffed.extension == ".zip" and mime == "application/octet-stream":
            return 40
        return 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.ARCHIVE, self._open_and_extract, source, sink, limits)

    def _open_and_extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        with source.open() as handle:
            return self._extract(source, handle, sink, limits)

    def _extract(self, source: Source, handle: BinaryIO, sink: ChildSink, limits: Limits) -> Extraction:
        title = source.sniffed.name
        try:
            zf = zipfile.ZipFile(handle)
        except MemoryError:
            raise
        except Exception as error:
            return self._recover(source, handle, sink, error)
        with zf:
            infos = zf.infolist()
            names, encoding = decode_names(infos)
            entries = [(info, name) for info, name in zip(infos, names, strict=True) if not _is_directory(info)]
            metadata: dict[str, Any] = {
                "members": len(entries), "encrypted_members": 0, "comment": _decode_comment(zf.comment),
                "declared_size": sum(info.file_size for info, _ in entries),
            }
            if encoding:
                metadata["name_encoding"] = encoding
            text = "\n".join(name for _, name in entries)
            overlap = find_overlap(handle, infos, getattr(zf, "start_dir", None))
            if overlap:
                for info, name in entries:
                    if sink.full:
                        break
                    sink.add_failed(name, Status.SKIPPED_BOMB, f"overlapping entries (zip bomb): {overlap}",
                                    meta={"declared_size": info.file_size})
                return Extraction(kind=Kind.ARCHIVE, status=Status.SKIPPED_BOMB, title=title, text=text,
                                  detail=f"overlapping entries (zip bomb): {overlap}", metadata=metadata)
            status, detail = listing_status(len(entries), limits)
            opened = 0
            aes = _AesReader(handle)
            for info, name in entries:
                if sink.full:
                    break
                outcome = self._add_entry(zf, info, name, sink, limits, aes)
                if outcome.still_encrypted:
                    metadata["encrypted_members"] += 1
                elif outcome.opened_with:
                    opened += 1
                    metadata.setdefault("opened_with_password", outcome.opened_with)  # masked, first that worked
            if opened:
                metadata["opened_with_password_members"] = opened
                detail = "; ".join(filter(None, (
                    f"{OPENED_WITH_PASSWORD}: {opened} encrypted member{'s' if opened != 1 else ''}", detail)))
            if entries and metadata["encrypted_members"] == len(entries):
                detail = "; ".join(filter(None, (_all_encrypted(entries), detail)))
        return Extraction(kind=Kind.ARCHIVE, status=status, detail=detail, title=title, text=text,
                          metadata=metadata)

    @staticmethod
    def _add_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, sink: ChildSink,
                   limits: Limits, aes: _AesReader) -> EntryOutcome:
        """Hand one entry to the sink and say whether it stayed encrypted or a case password opened it."""
        method = info.compress_type
        meta: dict[str, Any] = {"mtime": _mtime(info), "compress_type": _method_name(method)}
        if info.flag_bits & FLAG_ENCRYPTED:
            return _add_encrypted_entry(zf, info, name, sink, limits, aes, meta)
        if method not in SUPPORTED_METHODS:
            sink.add_failed(name, Status.UNSUPPORTED, f"compression method {method} ({_method_name(method)}) "
                            "not supported", meta=meta)
            return EntryOutcome()
        if _is_symlink(info):
            sink.add_failed(name, Status.UNSUPPORTED,
                            f"symbolic link to {_symlink_target(zf, info)} not followed", meta=meta)
            return EntryOutcome()

        sink.add_stream(name, lambda: _open_member(zf, info), meta=meta, compressed_size=info.compress_size)
        return EntryOutcome()

    @staticmethod
    def _recover(source: Source, handle: BinaryIO, sink: ChildSink, error: Exception) -> Extraction:
        """No readable central directory: report why, and salvage what the local headers give."""
        title = source.sniffed.name
        reason = f"central directory unreadable: {error}"
        names, encrypted = recover_local_entries(source, handle, sink)
        metadata: dict[str, Any] = {"members": len(names), "encrypted_members": encrypted, "comment": ""}
        if not names:
            return Extraction(kind=Kind.ARCHIVE, status=Status.CORRUPT, detail=reason, title=title,
                              metadata=metadata)
        status = Status.CORRUPT if _has_end_record(handle) else Status.TRUNCATED
        return Extraction(kind=Kind.ARCHIVE, status=status, title=title, text="\n".join(names),
                          detail=f"{reason}; recovered {len(names)} members from local headers",
                          metadata=metadata)
