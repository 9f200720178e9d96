"""8-bit text in legacy Office binaries: Word's compressed pieces and PowerPoint's TextBytesAtom.

Both store a character per byte whose value is its Unicode code point (Latin-1), except that
Word maps 0x82-0x9F to the Windows-1252 punctuation ([MS-DOC] FcCompressed). Those byte values
are C1 controls in Latin-1 and never real text, so the same mapping is safe for PowerPoint too.
"""

from __future__ import annotations

#: [MS-DOC] FcCompressed: the compressed byte values that are not their own code point.
_SPECIAL = {
    0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02C6,
    0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C,
    0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161,
    0x9B: 0x203A, 0x9C: 0x0153, 0x9F: 0x0178,
}
_TABLE = {byte: chr(code) for byte, code in _SPECIAL.items()}


def decode_ansi(data: bytes) -> str:
    """One character per byte: Latin-1 with Word's Windows-1252 punctuation (never fails)."""
    return data.decode("latin-1").translate(_TABLE)


def decode_utf16(data: bytes) -> str:
    """UTF-16LE with an odd trailing byte dropped and broken surrogates replaced (never fails)."""
    return data[: len(data) - len(data) % 2].decode("utf-16-le", "replace")
