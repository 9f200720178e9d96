"""A guard for olefile's property-set parser (SummaryInformation, DocumentSummaryInformation).

olefile loops once per element a vector property claims, and an element of an unknown type
takes no bytes: one damaged count (up to 2**32) then spins and fills memory. The first section
of each property set ([MS-OLEPS] PropertySetStream) is checked here first, the way olefile will
read it: a vector cannot hold more elements than its section has bytes.
"""

from __future__ import annotations

import struct

import olefile

from trovetriage.core.limits import MiB

PROPERTY_STREAMS = ("\x05SummaryInformation", "\x05DocumentSummaryInformation")
#: Real property sets are a few KiB; olefile reads a whole section into memory.
MAX_PROPERTY_STREAM = 4 * MiB
VT_VECTOR = 0x1000
#: Header (28 bytes), then FMTID (16) and the offset of the first section (4).
FIRST_SECTION_AT = 44


def _u32(data: bytes, offset: int) -> int | None:
    return struct.unpack_from("<I", data, offset)[0] if 0 <= offset <= len(data) - 4 else None


def _section_problem(data: bytes) -> str | None:
    start = _u32(data, FIRST_SECTION_AT)
    if start is None:
        return None
    section = data[start:]
    count = _u32(section, 4) or 0
    for index in range(min(count, len(section) // 8)):
        offset = _u32(section, 12 + 8 * index)
        kind = _u32(section, offset) if offset is not None else None
        if kind is not None and offset is not None and kind & VT_VECTOR:
            elements = _u32(section, offset + 4) or 0
            if elements > len(section):
                return f"a vector property claims {elements:,} values in a {len(section):,}-byte section"
    return None


def property_set_problem(ole: olefile.OleFileIO) -> str | None:
    """Why olefile must not parse this file's property sets (None: safe to parse)."""
    for name in PROPERTY_STREAMS:
        if not ole.exists(name):
            continue
        label = name.lstrip("\x05")
        size = ole.get_size(name)
        if size > MAX_PROPERTY_STREAM:
            return f"{label} stream of {size:,} bytes (limit {MAX_PROPERTY_STREAM:,})"
        problem = _section_problem(bytes(ole.openstream(name).read()))
        if problem:
            return f"{label}: {problem}"
    return None
