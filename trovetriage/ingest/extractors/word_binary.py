"""Text of Word 97-2003 documents (.doc): the FIB, the piece table and Word's control characters.

Word 6/95 documents not fast-saved keep their text as one run of 8-bit characters in the ANSI code
page of the FIB's language, between fcMin and fcMac; that text is read too. Fast-saved (complex) ones
keep it in an older piece table that is not read.

Word keeps a document's characters as pieces - runs of 8-bit ("compressed") or UTF-16 text - in
the WordDocument stream; the piece table (PlcPcd in the Clx, stored in the 0Table or 1Table
stream the FIB names) lists them in reading order: main text, then footnotes, headers and the
other stories ([MS-DOC] 2.4.1). Every offset and count in the file is a claim: offsets are
clipped to the streams, the number of pieces and the characters read are bounded.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from trovetriage.ingest.extractors.ms_ansi import decode_ansi, decode_utf16

WORD_IDENT = 0xA5EC
#: Word 6/95 files written in Word 95's own FIB layout start with this wIdent instead.
WORD6_IDENT = 0xA5DC
#: Word 97 writes nFib 0xC1 (some writers 0xC0/0xC2); Word 6 and 95 wrote 0x65-0x69 with another FIB.
MIN_NFIB_97 = 0xC0
FLAG_ENCRYPTED = 0x0100
FLAG_TABLE_1 = 0x0200
FLAG_OBFUSCATED = 0x8000
#: fcClx/lcbClx is pair 33 of FibRgFcLcb97.
CLX_PAIR = 33
CLXT_PRC = 0x01
CLXT_PCDT = 0x02
FC_COMPRESSED = 0x40000000
FC_MASK = 0x3FFFFFFF
MAX_PIECES = 250_000
#: Word 6/95 FIB (nFib 101-105): fComplex in the flags at 0x0A, lid at 0x06, chse at 0x14, fcMin/fcMac at 0x18.
WORD6_NFIBS = range(101, 106)
FLAG_COMPLEX = 0x0004
CHSE_MAC = 256
#: Primary language of the FIB's lid -> the ANSI code page Word 6/95 wrote its 8-bit text in (else 1252).
LANGUAGE_CODEPAGES = {
    **dict.fromkeys((0x05, 0x0E, 0x15, 0x18, 0x1B, 0x1C, 0x24), "cp1250"),
    **dict.fromkeys((0x02, 0x19, 0x22, 0x23, 0x2F), "cp1251"),
    0x08: "cp1253", 0x1F: "cp1254", 0x0D: "cp1255", 0x01: "cp1256", 0x29: "cp1256", 0x20: "cp1256",
    **dict.fromkeys((0x25, 0x26, 0x27), "cp1257"), 0x2A: "cp1258", 0x1E: "cp874",
    0x11: "cp932", 0x12: "cp949", 0x04: "cp936",
}
MAX_FIELD_DEPTH = 256


class WordFormatError(ValueError):
    """The WordDocument stream cannot give its text here; the message says why (for the detail)."""


class WordEncrypted(WordFormatError):
    """The FIB says the text is encrypted or obfuscated: a status, not just a note."""


@dataclass(frozen=True)
class Fib:
    """What the File Information Block says about where the text is."""

    nfib: int
    table_stream: str
    encrypted: bool
    fc_clx: int
    lcb_clx: int


@dataclass(frozen=True)
class Piece:
    """Characters [cp_start, cp_end) stored at byte `offset` of WordDocument, 8-bit or UTF-16."""

    cp_start: int
    cp_end: int
    offset: int
    compressed: bool


@dataclass
class WordText:
    """The cleaned text of a document and what was wrong or cut on the way."""

    text: str
    notes: list[str] = field(default_factory=list)
    cut: bool = False


def _u16(data: bytes, offset: int, what: str) -> int:
    if offset + 2 > len(data):
        raise WordFormatError(f"FIB cut short before {what}")
    return int(struct.unpack_from("<H", data, offset)[0])


def parse_fib(word: bytes) -> Fib:
    """The FIB of a Word 97+ WordDocument stream; WordFormatError for Word 6/95 or a broken one."""
    if len(word) < 34:
        raise WordFormatError(f"WordDocument stream of {len(word)} bytes is too short for a FIB")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident == WORD6_IDENT:
        raise WordFormatError(f"Word 6/95 format (wIdent 0x{ident:04X}, nFib {nfib}): "
                              "only Word 97 and later text is read")
    if ident != WORD_IDENT:
        raise WordFormatError(f"WordDocument stream does not start with a Word FIB (wIdent 0x{ident:04X})")
    if nfib < MIN_NFIB_97:
        raise WordFormatError(f"Word 6/95 or older format (nFib {nfib}): only Word 97 and later text is read")
    flags = _u16(word, 10, "flags")
    position = 32
    csw = _u16(word, position, "csw")
    position += 2 + 2 * csw
    cslw = _u16(word, position, "cslw")
    position += 2 + 4 * cslw
    pairs = _u16(word, position, "cbRgFcLcb")
    position += 2
    if pairs <= CLX_PAIR:
        raise WordFormatError(f"FIB lists {pairs} offsets, too few to locate the piece table")
    clx_at = position + 8 * CLX_PAIR
    if clx_at + 8 > len(word):
        raise WordFormatError("FIB cut short before fcClx")
    fc_clx, lcb_clx = struct.unpack_from("<II", word, clx_at)
    return Fib(nfib=nfib, table_stream="1Table" if flags & FLAG_TABLE_1 else "0Table",
               encrypted=bool(flags & (FLAG_ENCRYPTED | FLAG_OBFUSCATED)), fc_clx=fc_clx, lcb_clx=lcb_clx)


def piece_table(clx: bytes, max_pieces: int = MAX_PIECES) -> tuple[list[Piece], list[str]]:
    """The pieces of a Clx (RgPrc then Pcdt), in CP order, and notes on what had to be skipped."""
    notes: list[str] = []
    position = 0
    while True:
        if position >= len(clx):
            raise WordFormatError("Clx holds no piece table (Pcdt)")
        clxt = clx[position]
        if clxt == CLXT_PRC:
            if position + 3 > len(clx):
                raise WordFormatError("Clx cut short inside a Prc")
            size = struct.unpack_from("<h", clx, position + 1)[0]
            if size < 0:
                raise WordFormatError(f"Prc of negative size ({size}) in the Clx")
            position += 3 + size
        elif clxt == CLXT_PCDT:
            if position + 5 > len(clx):
                raise WordFormatError("Clx cut short inside the Pcdt")
            declared = struct.unpack_from("<I", clx, position + 1)[0]
            plc = clx[position + 5: position + 5 + declared]
            if len(plc) < declared:
                notes.append(f"piece table declares {declared:,} bytes, only {len(plc):,} present")
            break
        else:
            raise WordFormatError(f"unknown entry 0x{clxt:02X} in the Clx")
    total = (len(plc) - 4) // 12
    if total <= 0:
        raise WordFormatError("empty piece table")
    count = min(total, max_pieces)
    if count < total:
        notes.append(f"piece table lists {total:,} pieces: only the first {count:,} read")
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    descriptors = 4 * (total + 1)
    pieces: list[Piece] = []
    for index in range(count):
        start, end = cps[index], cps[index + 1]
        if end < start:
            notes.append(f"piece table out of order at piece {index}: the rest was not read")
            break
        if end == start:
            continue
        fc = struct.unpack_from("<I", plc, descriptors + 8 * index + 2)[0]
        compressed = bool(fc & FC_COMPRESSED)
        offset = (fc & FC_MASK) // 2 if compressed else fc & FC_MASK
        pieces.append(Piece(start, end, offset, compressed))
    return pieces, notes


def raw_text(word: bytes, pieces: list[Piece], max_chars: int) -> tuple[str, list[str], bool]:
    """The characters of the pieces, at most `max_chars`; notes for pieces that point past the stream."""
    chunks: list[str] = []
    notes: list[str] = []
    room = max_chars
    outside = 0
    for piece in pieces:
        if room <= 0:
            return "".join(chunks), notes, True
        wanted = min(piece.cp_end - piece.cp_start, room)
        width = 1 if piece.compressed else 2
        data = word[piece.offset: piece.offset + wanted * width]
        if len(data) < wanted * width:
            outside += 1
        text = decode_ansi(data) if piece.compressed else decode_utf16(data)
        chunks.append(text)
        room -= len(text)
    if outside:
        notes.append(f"{outside} piece(s) point past the end of the WordDocument stream (text missing)")
    return "".join(chunks), notes, False


_FIELD_MARKS = re.compile("([\x13\x14\x15])")
_CELL_RUN = re.compile("\x07{2,}")
#: Word's in-text control characters: breaks become newlines, anchors and reference marks go.
_CONTROLS: dict[int, str | None] = {code: None for code in range(0x20) if code not in (0x09, 0x0A)}
_CONTROLS.update({0x07: "\t", 0x0B: "\n", 0x0C: "\n", 0x0D: "\n", 0x0E: "\n", 0x1E: "-", 0xA0: " "})
_BLANK_LINES = re.compile(r"[ \t]+\n")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def _field_results(raw: str) -> str:
    """Drop field instructions (0x13 instr 0x14 result 0x15), keep results; nested fields too.

    A field left open at the end (damage, or text hidden on purpose) would swallow the rest of
    the document: that rest is kept, only the marks are dropped.
    """
    kept: list[str] = []
    stack: list[bool] = []  # per open field: has its result started?
    hidden = 0  # open fields still in their instruction
    excess = 0  # fields nested deeper than MAX_FIELD_DEPTH: hidden whole
    hidden_from = 0  # where the text started being hidden
    parts = _FIELD_MARKS.split(raw)
    for index, part in enumerate(parts):
        if part == "\x13":
            if not hidden and not excess:
                hidden_from = index
            if len(stack) >= MAX_FIELD_DEPTH:
                excess += 1
            else:
                stack.append(False)
                hidden += 1
        elif part == "\x14":
            if not excess and stack and not stack[-1]:
                stack[-1] = True
                hidden -= 1
        elif part == "\x15":
            if excess:
                excess -= 1
            elif stack and not stack.pop():
                hidden -= 1
        elif part and not hidden and not excess:
            kept.append(part)
    if hidden or excess:
        kept.extend(part for part in parts[hidden_from:] if part not in ("\x13", "\x14", "\x15"))
    return "".join(kept)


def clean_word_text(raw: str) -> str:
    """Word's raw characters as plain text: fields, table marks, breaks and anchors resolved.

    Without the paragraph properties a row-end mark looks like a cell mark: a cell mark is a tab,
    a run of them ends the row (empty last cells merge into the row end).
    """
    text = _field_results(raw)
    text = _CELL_RUN.sub("\n", text).translate(_CONTROLS)
    text = _BLANK_LINES.sub("\n", text)
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def _is_word6(word: bytes) -> bool:
    """Word 6 wrote wIdent 0xA5DC, Word 95 also 0xA5EC, both with nFib 101-105 and the Word 6 FIB."""
    if len(word) < 4:
        return False
    ident, nfib = struct.unpack_from("<HH", word, 0)
    return ident in (WORD6_IDENT, WORD_IDENT) and nfib in WORD6_NFIBS


def word6_text(word: bytes, max_chars: int) -> WordText:
    """The text of a Word 6/95 document that is not fast-saved: fcMin..fcMac, 8-bit, in its language's code page."""
    flags, chse = _u16(word, 0x0A, "flags"), _u16(word, 0x14, "chse")
    if flags & FLAG_ENCRYPTED:
        raise WordEncrypted("the Word 6/95 FIB marks the document encrypted")
    if flags & FLAG_COMPLEX:
        raise WordFormatError("Word 6/95 fast-saved (complex) format: its piece table is not read")
    if len(word) < 0x20:
        raise WordFormatError("Word 6/95 FIB cut short before fcMin/fcMac")
    fc_min, fc_mac = struct.unpack_from("<II", word, 0x18)
    end = min(fc_mac, len(word))
    stop = min(end, fc_min + 2 * max_chars + 4096)  # room for field instructions dropped below
    notes = [f"Word 6/95 text declared up to byte {fc_mac:,}, the stream ends at {len(word):,}"] \
        if fc_mac > len(word) else []
    lid = _u16(word, 0x06, "lid")
    codepage = "mac_roman" if chse == CHSE_MAC else LANGUAGE_CODEPAGES.get(lid & 0x3FF, "cp1252")
    if codepage == "cp936" and lid in (0x0404, 0x0C04, 0x1404):  # Taiwan, Hong Kong, Macao: traditional
        codepage = "cp950"
    data = word[fc_min:stop]
    text = clean_word_text(decode_ansi(data) if codepage == "cp1252" else data.decode(codepage, "replace"))
    return WordText(text=text[:max_chars], notes=notes, cut=len(text) > max_chars or stop < end)


def word_text(word: bytes, table: Callable[[str], bytes | None], max_chars: int) -> WordText:
    """The text of a Word 97+ (or plain Word 6/95) document from its WordDocument stream and a reader of its
    table streams.

    Raises WordFormatError (fast-saved Word 6/95, encrypted, no piece table...) with the reason.
    """
    if _is_word6(word):
        return word6_text(word, max_chars)
    fib = parse_fib(word)
    if fib.encrypted:
        raise WordEncrypted("the FIB marks the document encrypted or obfuscated")
    table_stream = table(fib.table_stream)
    if table_stream is None:
        raise WordFormatError(f"the FIB names a {fib.table_stream} stream that is missing")
    if fib.lcb_clx == 0 or fib.fc_clx >= len(table_stream):
        raise WordFormatError(f"the piece table lies outside the {fib.table_stream} stream")
    clx = table_stream[fib.fc_clx: fib.fc_clx + fib.lcb_clx]
    pieces, notes = piece_table(clx)
    # Field instructions are dropped after reading: allow some room for them beyond the text limit.
    raw, raw_notes, raw_cut = raw_text(word, pieces, 2 * max_chars + 4096)
    text = clean_word_text(raw)
    cut = raw_cut or len(text) > max_chars
    return WordText(text=text[:max_chars], notes=notes + raw_notes, cut=cut)
