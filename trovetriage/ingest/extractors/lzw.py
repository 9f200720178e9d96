"""Unix compress (.Z) decoding, fed in pieces and bounded in output and memory.

The one pure-Python package for .Z on PyPI (unlzw3) turns a whole input buffer into a whole
output list, so a small hostile file would be expanded in memory before any limit could look at
it. This decoder has the shape of the stdlib decompressor objects (`streams.Decoder`): it takes
input as it comes and hands out at most what is asked for, so the sink's limits apply as usual.

The format (compress 4.x, as read by ncompress and gzip): a 3-byte header (1F 9D, a flags byte
with the largest code width in its low 5 bits and 0x80 for "block mode", where code 256 clears the
table), then LZW codes of 9 up to that many bits, packed LSB first in groups of eight codes; when
the code width grows, or after a clear, the rest of the current group is padding. There is no end
marker and no checksum: the stream ends where its input ends, so a cut at a code boundary cannot
be told from a real end (only a cut inside a code can).
"""

from __future__ import annotations

MAGIC = b"\x1f\x9d"
HEADER_SIZE = 3
CLEAR = 256
FIRST_WIDTH = 9
MAX_WIDTH = 16
BLOCK_MODE = 0x80
#: Table strings are chains of pieces of at most this many bytes: a hostile stream whose strings
#: grow to 64 KiB each then costs at most 65536 * PIECE bytes of table, not gigabytes.
PIECE = 256
#: Consumed input is dropped from the buffer once this much has piled up.
_COMPACT_AT = 64 * 1024


class LzwDamage(ValueError):
    """Data no compress(1) writes: a bad header or an impossible code (one of `base.DAMAGE_ERRORS`)."""


class LzwDecoder:
    """Incremental .Z decoder: `decompress(data, max_length)` like `lzma.LZMADecompressor`, plus
    `end_input()`, which says no more input will come (the format's only end of stream)."""

    def __init__(self) -> None:
        self._input = bytearray()
        self._position = 0
        self._out = bytearray()
        self._ended = False
        self._finished = False
        self._header = False
        self._block = True
        self._bits = MAX_WIDTH  # the largest code width, from the header
        self._max_code = 0  # 1 << that width: the table never grows past it
        self._width = FIRST_WIDTH
        self._limit = 0  # a wider code is needed once the next free code passes this
        self._free = 0
        self._previous = b""
        self._previous_code = -1
        self._tails: list[bytes] = [bytes([value]) for value in range(256)] + [b""] * (65536 - 256)
        self._anchors: list[int] = [-1] * 65536
        self.needs_input = True
        self.unused_data = b""

    @property
    def eof(self) -> bool:
        return self._finished and not self._out

    def end_input(self) -> None:
        """No more input: what is buffered is decoded by the next `decompress` calls."""
        self._ended = True
        self.needs_input = False

    def decompress(self, data: bytes, max_length: int = -1) -> bytes:
        """Up to `max_length` decoded bytes (all that the input gives if negative)."""
        if data:
            if self._position >= _COMPACT_AT:
                del self._input[: self._position]
                self._position = 0
            self._input += data
        wanted = max_length if max_length >= 0 else 1 << 62
        while len(self._out) < wanted and self._decode_group():
            pass
        cut = len(self._out) if max_length < 0 else max_length
        out = bytes(self._out[:cut])
        del self._out[:cut]
        self.needs_input = not self._ended and not self._out and not self._has_group()
        return out

    def _has_group(self) -> bool:
        needed = self._width if self._header else HEADER_SIZE
        return len(self._input) - self._position >= needed

    def _decode_group(self) -> bool:
        """Decode the next group of (up to eight) codes; False when input is needed or all is done."""
        available = len(self._input) - self._position
        if not self._header:
            if available >= HEADER_SIZE:
                self._read_header()
                return True
            if self._ended and not self._finished:
                raise EOFError("compress stream ends inside its header")
            return False
        width = self._width
        if available >= width:
            count, size = 8, width
        elif self._ended and not self._finished:
            count, leftover = divmod(available * 8, width)
            if leftover >= 8:  # compress pads its last code to a byte, never more
                raise EOFError("compress stream ends inside a code")
            size, self._finished = available, True
        else:
            return False
        group = int.from_bytes(self._input[self._position: self._position + size], "little")
        self._position += size
        self._codes(group, count)
        return True

    def _read_header(self) -> None:
        head = bytes(self._input[self._position: self._position + HEADER_SIZE])
        self._position += HEADER_SIZE
        if not head.startswith(MAGIC):
            raise LzwDamage("not a compress (.Z) stream")
        bits = head[2] & 0x1F
        if not FIRST_WIDTH <= bits <= MAX_WIDTH:
            raise LzwDamage(f"compress stream with {bits}-bit codes (9 to 16 exist)")
        self._header = True
        self._block = bool(head[2] & BLOCK_MODE)
        self._bits, self._max_code = bits, 1 << bits
        self._reset(CLEAR + 1 if self._block else CLEAR)

    def _reset(self, free: int) -> None:
        """Back to 9-bit codes and an empty table (start of stream or a clear code)."""
        self._width = FIRST_WIDTH
        self._limit = (1 << FIRST_WIDTH) - 1
        self._free = free

    def _codes(self, group: int, count: int) -> None:
        """Decode `count` codes packed in `group`; a width change or a clear ends the group early."""
        width = self._width
        mask = (1 << width) - 1
        for _ in range(count):
            code = group & mask
            group >>= width
            if code == CLEAR and self._block:
                self._reset(CLEAR)  # the next code fills slot 256, which stays unused, as compress does
                return
            self._emit(code)
            if self._free > self._limit:
                self._width += 1  # the rest of this group is padding
                self._limit = self._max_code if self._width == self._bits else (1 << self._width) - 1
                return

    def _emit(self, code: int) -> None:
        """Output the string of `code` and add the previous string plus its first byte to the table."""
        if code < self._free:
            string = self._expand(code)
        elif code == self._free and self._previous_code >= 0:
            string = self._previous + self._previous[:1]  # the code being defined right now
        else:
            raise LzwDamage(f"invalid code {code} (next free code is {self._free})")
        if self._previous_code >= 0 and self._free < self._max_code:
            self._add(self._free, self._previous_code, string[0])
            self._free += 1
        self._out += string
        self._previous, self._previous_code = string, code

    def _add(self, slot: int, prefix: int, byte: int) -> None:
        tail = self._tails[prefix]
        if len(tail) < PIECE:
            self._tails[slot] = tail + bytes((byte,))
            self._anchors[slot] = self._anchors[prefix]
        else:
            self._tails[slot] = bytes((byte,))
            self._anchors[slot] = prefix

    def _expand(self, code: int) -> bytes:
        tail, anchor = self._tails[code], self._anchors[code]
        if anchor < 0:
            return tail
        parts = [tail]
        while anchor >= 0:
            parts.append(self._tails[anchor])
            anchor = self._anchors[anchor]
        parts.reverse()
        return b"".join(parts)
