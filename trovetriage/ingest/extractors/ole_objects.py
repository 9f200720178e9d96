"""Objects embedded in OLE Office files, handed to the sink as children.

Legacy Office keeps an embedded object as a sub-storage: ObjectPool/<id> in Word, MBD<id> in
Excel, or the root of a stand-alone object file (oleObject1.bin of an OOXML package, a storage cut
from a .ppt). Inside, an OLE1 package (\\x01Ole10Native) carries a dropped file with its original
name; a CONTENTS or Package stream carries a PDF or an OOXML package as is. An embedded whole
Word/Excel/PowerPoint compound document cannot be cut out without writing OLE: it is listed as
unsupported so nothing disappears silently. PowerPoint stores embedded storages as (usually
zlib-compressed) ExOleObjStg records, inflated here under the member and ratio limits.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import olefile
from oletools.oleobj import OleNativeStream

from trovetriage.core.limits import Limits
from trovetriage.core.types import Status
from trovetriage.ingest.extractors.base import ChildSink
from trovetriage.ingest.extractors.ppt_binary import StorageRecord

NATIVE = "\x01ole10native"
COMPOBJ = "\x01compobj"
CONTENT_STREAMS = ("contents", "package")
#: Streams that make a storage a whole Office document, with what to call it.
WHOLE_DOCUMENTS = (("worddocument", "Word document"), ("workbook", "Excel workbook"), ("book", "Excel workbook"),
                   ("powerpoint document", "PowerPoint presentation"))
OLE_EXTENSIONS = (("worddocument", ".doc"), ("workbook", ".xls"), ("book", ".xls"),
                  ("powerpoint document", ".ppt"), ("__properties_version1.0", ".msg"))
_OOXML_PARTS = (("word/", ".docx"), ("xl/", ".xlsx"), ("ppt/", ".pptx"))
INFLATE_CHUNK = 1024 * 1024
MAX_NAME = 255
LIMIT_NOTE = "member limit reached: further embedded objects not listed"


def _zip_extension(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
    except MemoryError:
        raise
    except Exception:  # damaged or hostile zip: still a zip by its magic
        return ".zip"
    return next((ext for prefix, ext in _OOXML_PARTS if any(n.startswith(prefix) for n in names)), ".zip")


def _ole_extension(data: bytes) -> str:
    try:  # BytesIO: olefile would take short bytes for a file name
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            names = {entry[0].lower() for entry in ole.listdir(streams=True, storages=True)}
    except MemoryError:
        raise
    except Exception:
        return ".ole"
    return next((ext for stream, ext in OLE_EXTENSIONS if stream in names), ".ole")


def guess_extension(data: bytes) -> str:
    """An extension for embedded bytes from their magic, so the child's name says what it is."""
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_extension(data)
    if data.startswith(b"{\\rtf"):
        return ".rtf"
    if data.startswith(olefile.MAGIC):
        return _ole_extension(data)
    return ".bin"


def _safe_name(name: str | None) -> str:
    """A packaged file's base name: no directories (they are the packager's machine's), no NULs."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    return base[:MAX_NAME]


def user_type(ole: olefile.OleFileIO, entry: list[str] | None) -> str:
    """The object's class as users saw it ("Microsoft Equation 3.0") from its CompObj stream, or ''."""
    if entry is None:
        return ""
    try:
        data = ole.openstream(entry).read(512)
        length = struct.unpack_from("<I", data, 28)[0]
    except MemoryError:
        raise
    except Exception:  # a damaged CompObj only loses the label
        return ""
    return data[32: 32 + min(length, 256)].split(b"\x00")[0].decode("cp1252", "replace").strip()


class _Storages:
    """The OLE directory indexed by parent storage, built once (hostile files hold many entries)."""

    def __init__(self, ole: olefile.OleFileIO) -> None:
        self.ole = ole
        self.children: dict[tuple[str, ...], dict[str, list[str]]] = defaultdict(dict)
        self.storages: list[list[str]] = []
        for entry in ole.listdir(streams=True, storages=True):
            self.children[tuple(entry[:-1])][entry[-1].lower()] = entry
            if ole.get_type(entry) == olefile.STGTY_STORAGE:
                self.storages.append(entry)

    def object_storages(self) -> list[list[str]]:
        """The root (a stand-alone object), Word's ObjectPool/* and Excel's MBD* storages."""
        pool = [s for s in self.storages if len(s) == 2 and s[0].lower() == "objectpool"]
        mbd = [s for s in self.storages if len(s) == 1 and s[0].upper().startswith("MBD")]
        return [[], *sorted(pool), *sorted(mbd)]

    def stream(self, storage: list[str], name: str) -> list[str] | None:
        entry = self.children.get(tuple(storage), {}).get(name)
        if entry is None or self.ole.get_type(entry) != olefile.STGTY_STREAM:
            return None
        return entry


def _read(ole: olefile.OleFileIO, entry: list[str], name: str, sink: ChildSink, limits: Limits,
          meta: dict[str, Any]) -> bytes | None:
    """A stream's bytes, or None after listing it as failed (too large or unreadable)."""
    size = ole.get_size(entry)
    if size > limits.max_member_bytes:
        sink.add_failed(name, Status.TOO_LARGE, f"embedded object of {size:,} bytes exceeds max_member_bytes",
                        size, meta)
        return None
    try:
        return bytes(ole.openstream(entry).read())
    except MemoryError:
        raise
    except Exception as error:  # bad sector chains of fuzzed files
        sink.add_failed(name, Status.CORRUPT, f"cannot read embedded object: {error}"[:500], size, meta)
        return None


@dataclass(frozen=True)
class PackagedFile:
    """The file inside an OLE1 package, or why there is none (`data` None, with status and detail)."""

    name: str
    data: bytes | None
    status: Status | None = None
    detail: str = ""
    original_path: str = ""
    temp_path: str = ""


def packaged_file(native: bytes, fallback: str) -> PackagedFile:
    """Parse an Ole10Native stream; ValueError when it is unreadable."""
    try:
        package = OleNativeStream(native)
    except MemoryError:
        raise
    except Exception as error:  # oletools raises struct.error, ValueError... on damaged headers
        raise ValueError(f"unreadable OLE package (Ole10Native): {error}"[:500]) from error
    name = _safe_name(package.filename) or fallback
    paths = {"original_path": (package.src_path or "")[:1000], "temp_path": (package.temp_path or "")[:1000]}
    payload = package.data or b""
    if package.is_link:
        return PackagedFile(name, None, Status.UNSUPPORTED, "OLE package only links to a file outside the "
                            "document; no content embedded", **paths)
    if package.actual_size is not None and len(payload) < package.actual_size:
        return PackagedFile(name, None, Status.TRUNCATED, f"OLE package declares {package.actual_size:,} bytes, "
                            f"only {len(payload):,} present", **paths)
    return PackagedFile(name, payload, **paths)


def _add_native(ole: olefile.OleFileIO, entry: list[str], label: str, sink: ChildSink, limits: Limits,
                meta: dict[str, Any]) -> None:
    """An OLE1 package: the dropped file under its original name."""
    data = _read(ole, entry, label or "Ole10Native", sink, limits, meta)
    if data is None:
        return
    try:
        found = packaged_file(data, f"{posixpath.basename(label) or 'package'}.bin")
    except ValueError as error:
        sink.add_failed(label or "Ole10Native", Status.CORRUPT, str(error), len(data), meta)
        return
    meta = {**meta, "original_path": found.original_path, "temp_path": found.temp_path}
    if found.data is None:
        sink.add_failed(found.name, found.status or Status.UNSUPPORTED, found.detail, 0, meta)
    else:
        sink.add_bytes(found.name, found.data, meta)


def _add_storage(found: _Storages, storage: list[str], sink: ChildSink, limits: Limits) -> None:
    ole = found.ole
    label = "/".join(storage)
    object_class = user_type(ole, found.stream(storage, COMPOBJ))
    meta: dict[str, Any] = {"embedded": True, "ole_storage": label}
    if object_class:
        meta["object_class"] = object_class
    native = found.stream(storage, NATIVE)
    if native is not None:
        _add_native(ole, native, label, sink, limits, meta)
        return
    contents = next((e for name in CONTENT_STREAMS if (e := found.stream(storage, name)) is not None), None)
    if contents is not None:
        base = storage[-1] if storage else contents[-1]
        data = _read(ole, contents, base, sink, limits, meta)
        if data is not None:
            sink.add_bytes(f"{base}{guess_extension(data)}", data, meta)
        return
    if not storage:  # the file itself, not an embedded object
        return
    whole = next((what for stream, what in WHOLE_DOCUMENTS if found.stream(storage, stream) is not None), None)
    if whole:
        sink.add_failed(label, Status.UNSUPPORTED, f"embedded {whole} kept as an OLE storage inside this file; "
                        "cutting it out would need an OLE writer, so its content is not read", 0, meta)
        return
    streams = ", ".join(sorted(entry[-1].lstrip("\x01\x03\x05") for entry in found.children[tuple(storage)].values()))
    sink.add_failed(label, Status.UNSUPPORTED, f"embedded object ({object_class or 'unknown class'}; streams: "
                    f"{streams[:300]}) has no file to extract", 0, meta)


def add_storage_objects(ole: olefile.OleFileIO, sink: ChildSink, limits: Limits) -> list[str]:
    """Every embedded object of an OLE file as a child (or a listed failure); notes for the detail."""
    found = _Storages(ole)
    for storage in found.object_storages():
        if sink.full:
            return [LIMIT_NOTE]
        _add_storage(found, storage, sink, limits)
    return []


class InflateStopped(Exception):
    """Inflating an embedded storage stopped: carries the member status and why."""

    def __init__(self, status: Status, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def inflate(data: bytes, limits: Limits, expected: int | None = None) -> bytes:
    """zlib data inflated chunk by chunk under max_member_bytes and the compression-ratio limit.

    PowerPoint sometimes ends the stream without zlib's end marker: once the `expected` size is
    reached that is complete, short of it the storage is truncated.
    """
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    pending = data
    while not inflater.eof:
        try:
            out = inflater.decompress(pending, INFLATE_CHUNK)
        except zlib.error as error:
            raise InflateStopped(Status.CORRUPT, f"damaged compressed storage: {error}") from error
        pending = inflater.unconsumed_tail
        size += len(out)
        if size > limits.max_member_bytes:
            raise InflateStopped(Status.SKIPPED_BOMB,
                            f"storage inflates beyond max_member_bytes ({limits.max_member_bytes:,})")
        if size > limits.ratio_min_bytes and size / max(len(data), 1) > limits.max_ratio:
            raise InflateStopped(Status.SKIPPED_BOMB, f"compression ratio above {limits.max_ratio:g}:1 (bomb)")
        parts.append(out)
        if not out and not pending:
            if expected is not None and size >= expected:
                break
            raise InflateStopped(Status.TRUNCATED, f"compressed storage ends early ({size:,} of "
                                              f"{expected if expected is not None else '?'} bytes)")
    return b"".join(parts)


def add_ppt_storages(stream: bytes, records: list[StorageRecord], sink: ChildSink, limits: Limits) -> list[str]:
    """PowerPoint's embedded storages (ExOleObjStg) as children named oleObject<n>.<kind>."""
    for number, record in enumerate(records, 1):
        if sink.full:
            return [LIMIT_NOTE]
        meta: dict[str, Any] = {"embedded": True, "ppt_record_offset": record.start, "compressed": record.compressed}
        data = stream[record.start: record.end]
        if record.compressed:
            try:
                data = inflate(data, limits, record.declared_size)
            except InflateStopped as stopped:
                sink.add_failed(f"oleObject{number}", stopped.status, stopped.detail, len(data), meta)
                continue
            if record.declared_size is not None and record.declared_size != len(data):
                meta["declared_size"] = record.declared_size
        sink.add_bytes(f"oleObject{number}{guess_extension(data)}", data, meta)
    return []
