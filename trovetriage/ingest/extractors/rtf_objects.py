"""Objects embedded in an RTF document (`{\\object ... {\\*\\objdata <hex>}}`) handed to the sink as children.

oletools' rtfobj decodes each \\objdata the way Word does (it was written for malicious RTF: odd hex
digit counts, \\bin data, \\'hh tricks) and reads the OLE1 header and the Ole10Native "Package" layout.
Each object becomes one child:
- an OLE1 Package (a file dropped into the document): named by its embedded file name, with its bytes;
- native data that is an OLE compound file: "<class name>.<ext>", the extension from its streams
  (.doc, .xls, .ppt, .msg) or ".ole";
- other native data (Paintbrush bitmaps, equations, a zip...): "<class name>.<ext>" by magic bytes;
- \\objdata that is not OLE1 at all: "object-N.<ext>" with the decoded bytes;
- a linked object carries no data, only the path of its source: it is listed as `unsupported`, with
  that path, because where the document pointed is evidence too.
\\pict pictures are renderings, not content, and do not become children.

rtfobj gets one \\objdata group at a time (found by the shared brace scan), never the whole document:
its text accumulation is quadratic in the number of text chunks, harmless for a hex payload, not for
a document. An \\objdata group cut into many pieces by control words (an obfuscation trick) is decoded
only within a work budget per document.
"""

from __future__ import annotations

import re
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import olefile
from oletools.oleobj import OleNativeStream, OleObject
from oletools.rtfobj import RtfObject, RtfObjParser

from trovetriage.core.types import Status
from trovetriage.ingest.extractors.base import ChildSink
from trovetriage.ingest.rtf_text import group_end, is_escaped

_OBJDATA = re.compile(rb"\\objdata(?![a-zA-Z])")
_OBJCLASS = re.compile(rb"\\objclass\s*([^\\{}]{1,200})\}")
#: How far before an \objdata the RTF's own {\*\objclass ...} is looked for.
OBJCLASS_LOOKBACK = 4096
#: Control words, braces and escapes a plain hex payload can hold (the group's own, a \bin).
PLAIN_TOKENS = 16
#: Bytes x pieces rtfobj may spend per document on payloads cut into pieces (a few seconds).
PIECEWORK_BUDGET = 2_000_000_000
MAX_LISTED = 1000
_LINKED, _EMBEDDED = OleObject.TYPE_LINKED, OleObject.TYPE_EMBEDDED
#: OLEVersion 0x00000501, which every OLE1 object header starts with.
OLE1_VERSION = b"\x01\x05\x00\x00"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")
_MAGIC = ((b"%PDF", ".pdf"), (b"PK\x03\x04", ".zip"), (b"{\\rtf", ".rtf"), (b"\x89PNG", ".png"),
          (b"GIF8", ".gif"), (b"\xff\xd8\xff", ".jpg"), (b"MZ", ".exe"), (b"BM", ".bmp"))
#: OOXML objects are zips; the class says which kind.
_ZIP_CLASSES = (("word.", ".docx"), ("excel.", ".xlsx"), ("powerpoint.", ".pptx"))
#: Stream that names the kind of an OLE compound file.
_COMPOUND_STREAMS = (("WordDocument", ".doc"), ("Workbook", ".xls"), ("Book", ".xls"),
                     ("PowerPoint Document", ".ppt"), ("__properties_version1.0", ".msg"))


@dataclass
class EmbeddedObjects:
    """What the \\objdata groups of one document gave."""

    found: int = 0
    extracted: int = 0
    failed: int = 0
    not_extracted: int = 0
    class_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return _UNSAFE.sub(" ", value if isinstance(value, str) else "").strip()


def _file_name(*candidates: Any) -> str:
    """The last path component of the first usable name (labels and source paths are Windows paths)."""
    for candidate in candidates:
        name = re.split(r"[\\/]", _text(candidate))[-1].strip()
        if name and name not in (".", ".."):
            return name[:200]
    return ""


def _magic_extension(data: bytes, class_name: str) -> str:
    for magic, extension in _MAGIC:
        if data.startswith(magic):
            if extension == ".zip":
                lowered = class_name.lower()
                return next((ext for prefix, ext in _ZIP_CLASSES if lowered.startswith(prefix)), ".zip")
            return extension
    return ".bin"


def _compound_extension(data: bytes) -> str:
    """.doc/.xls/.ppt/.msg from the streams of an OLE compound file, else ".ole"."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ole = olefile.OleFileIO(data)
            try:
                return next((ext for stream, ext in _COMPOUND_STREAMS if ole.exists(stream)), ".ole")
            finally:
                ole.close()
    except MemoryError:
        raise
    except Exception:
        return ".ole"


def objdata_groups(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes from the \\objdata control word to its group's closing brace) of each object."""
    position = 0
    while (match := _OBJDATA.search(data, position)) is not None:
        if is_escaped(data, match.start()):
            position = match.end()
            continue
        end, _ = group_end(data, match.end())
        yield match.start(), data[match.start():end]
        position = end


def _rtf_class(data: bytes, offset: int) -> str:
    """The class the RTF itself names ({\\*\\objclass Word.Document.8}) just before an \\objdata."""
    names = _OBJCLASS.findall(data, max(0, offset - OBJCLASS_LOOKBACK), offset)
    return _text(names[-1]) if names else ""


class _Reader:
    """Decodes the objects of one document into children of `sink`."""

    def __init__(self, data: bytes, sink: ChildSink) -> None:
        self.data = data
        self.sink = sink
        self.result = EmbeddedObjects()
        self.budget = PIECEWORK_BUDGET

    def read(self) -> EmbeddedObjects:
        for offset, group in objdata_groups(self.data):
            if self.sink.full:
                self.result.found += 1
                self.result.not_extracted += 1
                continue
            rtf_class = _rtf_class(self.data, offset)
            for parsed in self._parse(offset, group):
                self._emit(parsed, rtf_class)
        return self.result

    def _fail(self, name: str, status: Status, detail: str, meta: dict[str, Any], size: int = 0) -> None:
        self.result.failed += 1
        self.sink.add_failed(name, status, detail, size, meta)

    def _parse(self, offset: int, group: bytes) -> list[RtfObject]:
        """rtfobj's objects for one group; a group it must not or cannot decode is recorded as failed."""
        limit = self.sink.limits.max_member_bytes
        pieces = group.count(b"\\") + group.count(b"{") + group.count(b"}")
        name = f"object-{self.result.found + 1}"
        meta: dict[str, Any] = {"embedded": True, "object_index": self.result.found + 1, "offset": offset}
        if len(group) // 2 > 2 * limit + 4096:  # surely over the limit: not even decoded (name unknown)
            self.result.found += 1
            self._fail(name, Status.TOO_LARGE, f"object data of about {len(group) // 2:,} bytes exceeds "
                                               f"max_member_bytes ({limit:,})", meta, len(group) // 2)
            return []
        if pieces > PLAIN_TOKENS:
            cost = pieces * len(group)
            if cost > self.budget:
                self.result.found += 1
                self._fail(name, Status.CORRUPT, f"object data cut into {pieces:,} pieces by control words "
                                                 "(obfuscation): not decoded", meta, len(group) // 2)
                return []
            self.budget -= cost
        parser = RtfObjParser(b"{" + group)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parser.parse()
        except MemoryError:
            raise
        except Exception as error:
            self.result.found += 1
            self._fail(name, Status.CORRUPT, f"object data unreadable: {type(error).__name__}: {error}"[:500], meta)
            return []
        return list(parser.objects)

    def _emit(self, parsed: RtfObject, rtf_class: str) -> None:
        self.result.found += 1
        number = self.result.found
        if self.sink.full:  # a group can hold several (nested) objects
            self.result.not_extracted += 1
            return
        class_name = _text(parsed.class_name) or rtf_class
        meta: dict[str, Any] = {"embedded": True, "object_index": number, "class_name": class_name}
        if rtf_class and rtf_class != class_name:
            meta["rtf_class"] = rtf_class
        if class_name and len(self.result.class_names) < MAX_LISTED:
            self.result.class_names.append(class_name)
        raw = parsed.rawdata or b""
        if not raw:
            self._fail(f"object-{number}", Status.CORRUPT, "\\objdata holds no hex-encoded bytes", meta)
        elif parsed.is_package and isinstance(parsed.olepkgdata, bytes):
            self._package(parsed, number, meta)
        elif parsed.is_ole and isinstance(parsed.oledata, bytes):
            self._native(parsed.oledata, class_name or f"object-{number}", meta)
        else:
            self._not_ole1(raw, number, meta)

    def _add(self, name: str, data: bytes, meta: dict[str, Any]) -> None:
        record = self.sink.add_bytes(name, data, meta)
        if record.sha256 is None:
            self.result.failed += 1
        else:
            self.result.extracted += 1

    def _package(self, parsed: RtfObject, number: int, meta: dict[str, Any]) -> None:
        """An OLE1 Package: the embedded file under its own name."""
        data: bytes = parsed.olepkgdata
        meta.update(embedding="package", label=_text(parsed.filename)[:500],
                    source_path=_text(parsed.src_path)[:500], temp_path=_text(parsed.temp_path)[:500])
        declared = _declared_package_size(parsed.oledata)
        if declared is not None and declared > len(data):
            meta["truncated"] = True
            meta["declared_size"] = declared
            self.result.notes.append(f"object {number}: package declares {declared:,} bytes, has {len(data):,}")
        name = _file_name(parsed.filename, parsed.src_path, parsed.temp_path) or f"object-{number}.bin"
        self._add(name, data, meta)

    def _native(self, data: bytes, class_name: str, meta: dict[str, Any]) -> None:
        """An embedded OLE object's native data: a compound file (a .doc, .xls...) or format-specific bytes."""
        if not data:
            self._fail(class_name, Status.EMPTY, "embedded object without native data", meta)
            return
        compound = data.startswith(olefile.MAGIC)
        meta["embedding"] = "ole" if compound else "native"
        extension = _compound_extension(data) if compound else _magic_extension(data, class_name)
        self._add(_file_name(class_name) + extension, data, meta)

    def _not_ole1(self, raw: bytes, number: int, meta: dict[str, Any]) -> None:
        """Data rtfobj could not read as OLE1: a link, a damaged or cut header, or bytes of another kind."""
        header = OleObject()
        failure: Exception | None = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                header.parse(raw)
        except MemoryError:
            raise
        except Exception as error:
            failure = error  # the fields read before the damage are kept
        name = f"object-{number}"
        if header.format_id == _LINKED:
            source = _text(header.topic_name)[:1000]
            meta.update(embedding="linked", link_source=source, link_item=_text(header.item_name)[:1000])
            self._fail(name, Status.UNSUPPORTED, f"linked object, data not embedded (source: {source or '?'})",
                       meta)
        elif header.format_id != _EMBEDDED and not raw.startswith(OLE1_VERSION):
            meta["embedding"] = "raw"
            self._add(name + _magic_extension(raw, ""), raw, meta)
        elif header.data_size is not None and header.data_size > len(raw):
            meta.update(embedding="ole", declared_size=header.data_size)
            self._fail(name, Status.TRUNCATED, f"object data cut short: declares {header.data_size:,} bytes, "
                                               f"{len(raw):,} present", meta, len(raw))
        elif isinstance(failure, struct.error):
            meta["embedding"] = "ole"
            self._fail(name, Status.TRUNCATED, "object data ends inside its OLE1 header", meta, len(raw))
        else:
            meta["embedding"] = "ole"
            self._fail(name, Status.CORRUPT, "damaged OLE1 object header", meta, len(raw))


def _declared_package_size(native: Any) -> int | None:
    """The size the Ole10Native stream of a package declares (rtfobj silently keeps what is there)."""
    if not isinstance(native, bytes):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            size = OleNativeStream(bindata=native, package=True).actual_size
    except MemoryError:
        raise
    except Exception:
        return None
    return size if isinstance(size, int) else None


def add_objects(data: bytes, sink: ChildSink) -> EmbeddedObjects:
    """Hand every embedded object of an RTF document to `sink`; never raises on malformed data."""
    return _Reader(data, sink).read()
