"""Text and embedded storages of PowerPoint 97-2003 presentations (.ppt), by walking the records.

The 'PowerPoint Document' stream is a tree of records, each with an 8-byte header (recVer and
recInstance in one u16, recType u16, recLen u32; recVer 0xF marks a container) ([MS-PPT] 2.3.1).
Walking it in stream order finds the slide, notes and master text atoms and the embedded OLE
storages (ExOleObjStg) without resolving the persist directory; superseded copies left by fast
saves are read too, which suits an investigator. Depth, record count and text are bounded; a
record that claims more bytes than its container holds is read up to the container's end (text
of a cut file is kept) and the walk resumes after that container, with a note, never a crash.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field

from trovetriage.ingest.extractors.ms_ansi import decode_ansi, decode_utf16

HEADER = struct.Struct("<HHI")
CONTAINER_VERSION = 0xF
RT_TEXT_CHARS = 0x0FA0
RT_TEXT_BYTES = 0x0FA8
RT_CSTRING = 0x0FBA
RT_EX_OLE_OBJ_STG = 0x1011
#: Containers whose CString atoms are document text: headers/footers, comments, hyperlinks.
CSTRING_PARENTS = frozenset({0x0FD9, 0x2EE0, 0x0FD7})
MAX_DEPTH = 32
MAX_RECORDS = 2_000_000
MAX_NOTES = 10
MAX_STORAGES = 10_000
_CONTROLS: dict[int, str | None] = {code: None for code in range(0x20) if code not in (0x09, 0x0A)}
_CONTROLS.update({0x0B: "\n", 0x0D: "\n"})
_TRAILING_BLANKS = re.compile(r"[ \t]+\n")


@dataclass(frozen=True)
class StorageRecord:
    """An ExOleObjStg atom: a whole embedded OLE compound file, zlib-compressed when `compressed`.

    `start`/`end` delimit the payload in the stream (after the 4-byte size of a compressed one).
    """

    start: int
    end: int
    compressed: bool
    declared_size: int | None


@dataclass
class PptContent:
    """What the walk found, in stream order."""

    texts: list[str] = field(default_factory=list)
    storages: list[StorageRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cut: bool = False
    records: int = 0

    def text(self) -> str:
        return "\n".join(self.texts)

    def note(self, note: str) -> None:
        """Keep the first few problems: a damaged stream can have one per record."""
        if len(self.notes) < MAX_NOTES:
            self.notes.append(note)


def _tidy(text: str) -> str:
    return _TRAILING_BLANKS.sub("\n", text.translate(_CONTROLS)).strip()


def _atom_text(rec_type: int, body: bytes) -> str:
    return _tidy(decode_utf16(body) if rec_type in (RT_TEXT_CHARS, RT_CSTRING) else decode_ansi(body))


def walk_records(stream: bytes, max_chars: int, max_depth: int = MAX_DEPTH,
                 max_records: int = MAX_RECORDS) -> PptContent:
    """Text atoms and embedded storages of a 'PowerPoint Document' stream; never raises on bad data."""
    found = PptContent()
    room = max_chars
    ends: list[tuple[int, int]] = [(len(stream), -1)]  # (end offset, record type) of open containers
    position = 0
    while True:
        while ends and position >= ends[-1][0]:  # records never overrun their container (checked below)
            ends.pop()
        if not ends:
            return found
        end, parent = ends[-1]
        if position + HEADER.size > end:
            found.note(f"record header at offset {position:,} cut short")
            position = end
            continue
        if found.records >= max_records:
            found.notes.append(f"more than {max_records:,} records: walk stopped")
            return found
        found.records += 1
        version_instance, rec_type, length = HEADER.unpack_from(stream, position)
        body_start = position + HEADER.size
        body_end = body_start + length
        if body_end > end:  # damaged or cut short: read what the container holds, then leave it
            found.note(f"record 0x{rec_type:04X} at offset {position:,} claims {length:,} bytes, "
                       "more than its container holds: read up to the container's end")
            body_end = end
        if version_instance & 0xF == CONTAINER_VERSION:
            if len(ends) > max_depth:
                found.note(f"containers nested deeper than {max_depth}: skipped")
                position = body_end
            else:
                ends.append((body_end, rec_type))
                position = body_start
            continue
        position = body_end
        if rec_type == RT_EX_OLE_OBJ_STG:
            if len(found.storages) < MAX_STORAGES:
                found.storages.append(_storage(stream, body_start, body_end, version_instance >> 4))
            else:
                found.note(f"more than {MAX_STORAGES:,} embedded storages: the rest not listed")
        elif rec_type in (RT_TEXT_CHARS, RT_TEXT_BYTES) or (rec_type == RT_CSTRING and parent in CSTRING_PARENTS):
            if room <= 0:
                found.cut = True
                continue
            width = 1 if rec_type == RT_TEXT_BYTES else 2
            text = _atom_text(rec_type, stream[body_start: min(body_end, body_start + room * width)])
            if len(text) > room:
                found.cut = True
                text = text[:room]
            if text:
                found.texts.append(text)
                room -= len(text) + 1


def _storage(stream: bytes, start: int, end: int, instance: int) -> StorageRecord:
    """recInstance 1: a u32 decompressed size, then a zlib stream; 0: the storage as is."""
    if instance == 1 and end - start >= 4:
        return StorageRecord(start + 4, end, True, struct.unpack_from("<I", stream, start)[0])
    return StorageRecord(start, end, False, None)
