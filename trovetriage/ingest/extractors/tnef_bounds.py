"""A bounds check of a TNEF stream before tnefparse reads it.

tnefparse trusts every count in the file: a 53-byte stream declaring four billion properties or
rows keeps it looping (or allocating) for ever. This walk mirrors its reading order and refuses
any count larger than the bytes left could hold, so the parse that follows is linear in the size.
"""

from __future__ import annotations

import struct

SIGNATURE = 0x223E9F78
_MAPI_OBJECTS = frozenset({0x9003, 0x9005})   # attMAPIProps, attAttachment
_RECIPIENT_TABLE = 0x9004
_FIXED = {0x0002: 2, 0x000B: 2, 0x0003: 4, 0x0004: 4, 0x000A: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8,
          0x0014: 8, 0x0040: 8, 0x0048: 16}
#: The header of an embedded message inside an attachment object: it is TNEF again.
IMESSAGE_SIG = bytes.fromhex("0703020000000000c000000000000046")
MAX_NESTING = 10
_VARIABLE = frozenset({0x0000, 0x0001, 0x000D, 0x001E, 0x001F, 0x0102})


class TnefBoundsError(ValueError):
    """A count in the stream promises more data than there is."""


def _u32(data: bytes, offset: int) -> int:
    if offset + 4 > len(data):
        raise TnefBoundsError(f"stream ends inside a count at offset {offset}")
    return struct.unpack_from("<I", data, offset)[0]


def _count(value: int, left: int, unit: int, what: str) -> int:
    if value > max(left, 0) // unit:
        raise TnefBoundsError(f"{what} count {value} exceeds the {max(left, 0)} bytes left")
    return value


def _values(data: bytes, offset: int, kind: int, multi: bool) -> int:
    if kind in _FIXED:
        return offset + _FIXED[kind]
    if kind not in _VARIABLE:
        return len(data)  # tnefparse stops at an unknown type: nothing more is read
    number = 1 if multi else _count(_u32(data, offset), len(data) - offset - 4, 4, "value")
    offset += 0 if multi else 4
    for _ in range(number):
        length = _u32(data, offset)
        offset += 4 + length + (-length % 4)
    return offset


def check_mapi(data: bytes, offset: int = 0) -> int:
    """Walk one MAPI property list; returns where it ends."""
    number = _count(_u32(data, offset), len(data) - offset - 4, 4, "property")
    offset += 4
    for _ in range(number):
        if offset + 4 > len(data):
            return offset
        kind, name = struct.unpack_from("<HH", data, offset)
        offset += 4
        if name >= 0x8000:
            offset += 16
            named_kind = _u32(data, offset)
            offset += 4
            if named_kind == 0:
                offset += 4
            else:
                length = _u32(data, offset)
                offset += 4 + length + (-length % 4)
        multi = bool(kind & 0x1000)
        kind &= ~0x1000
        repeats = 1
        if multi:
            repeats = _count(_u32(data, offset), len(data) - offset - 4, 2, "multi-value")
            offset += 4
        for _ in range(repeats):
            offset = _values(data, offset, kind, multi)
        if repeats % 2 and kind in (0x0002, 0x000B):
            offset += 2
    return offset


def check_tnef(data: bytes, depth: int = 0) -> None:
    """Raise TnefBoundsError when a count would make tnefparse loop or allocate beyond the file."""
    if depth > MAX_NESTING:
        raise TnefBoundsError(f"embedded messages nested deeper than {MAX_NESTING}")
    if len(data) < 6 or _u32(data, 0) != SIGNATURE:
        raise TnefBoundsError("not a TNEF stream (wrong signature)")
    offset = 6
    while offset + 12 < len(data):
        name = struct.unpack_from("<H", data, offset + 1)[0]
        length = min(len(data) - offset, _u32(data, offset + 5) + 11)
        body = data[offset + 9: offset + length - 2]
        if name in _MAPI_OBJECTS:
            check_mapi(body)
            embedded = body.find(IMESSAGE_SIG)
            if name == 0x9005 and embedded >= 0:
                check_tnef(body[embedded + len(IMESSAGE_SIG):], depth + 1)
        elif name == _RECIPIENT_TABLE:
            rows = _count(_u32(body, 0), len(body) - 4, 4, "recipient row")
            position = 4
            for _ in range(rows):
                position = check_mapi(body, position)
        offset += length
