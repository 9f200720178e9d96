"""Bounded, damage-reporting decompression streams, shared by the tar, zip and compressed extractors.

The decoders are written on top of decompressor objects (the stdlib's, backports.zstd's, and our
own `lzw` for Unix compress) instead of `gzip.GzipFile` & co. so that every read is bounded in
output (bombs), concatenated streams are one stream, data after the last stream is noted instead
of failing the whole file, and every damage raises one of `base.DAMAGE_ERRORS` (which the sink
turns into a member status).
"""

from __future__ import annotations

import bz2
import io
import lzma
import zlib
from collections.abc import Callable
from typing import Any, BinaryIO, Protocol, cast

try:  # Python 3.14 has it in the standard library
    from compression import zstd
except ImportError:
    from backports import zstd

from trovetriage.core.blobs import CHUNK
from trovetriage.core.types import Sniffed
from trovetriage.ingest.extractors.lzw import LzwDecoder
from trovetriage.ingest.sniff import MIME_BZIP2, MIME_GZIP, MIME_XZ

GZIP = "gzip"
BZIP2 = "bzip2"
XZ = "xz"
LZMA = "lzma"
ZSTD = "zstd"
COMPRESS = "compress"

#: Compressed input is read in pieces of this size, so one read never holds more than this.
INPUT_CHUNK = 64 * 1024
#: An LZMA/XZ stream may ask for a dictionary of up to 4 GiB; a hostile one must not get it.
LZMA_MEMLIMIT = 512 * 1024 * 1024
#: The same bound for a Zstandard frame's window (2**29 bytes = 512 MiB; frames may ask for 2 GiB).
ZSTD_WINDOW_LOG_MAX = 29

#: The magic bytes that start each stream of a format (raw LZMA has none; a compress stream ends
#: only with its input, so no second one can follow).
MAGICS: dict[str, bytes] = {GZIP: b"\x1f\x8b", BZIP2: b"BZh", XZ: b"\xfd7zXZ\x00", ZSTD: b"\x28\xb5\x2f\xfd",
                            COMPRESS: b"\x1f\x9d"}

COMPRESSED_MIMES: dict[str, str] = {
    MIME_GZIP: GZIP,
    "application/x-gzip": GZIP,
    MIME_BZIP2: BZIP2,
    "application/x-bzip": BZIP2,
    MIME_XZ: XZ,
    "application/x-lzma": LZMA,
    "application/zstd": ZSTD,
    "application/x-zstd": ZSTD,
    "application/x-compress": COMPRESS,
}


class StreamDamage(ValueError):
    """Damage found by our own checks (bad CRC, missing data); a `ValueError`, so one of
    `base.DAMAGE_ERRORS` and recorded as a member status."""


def detect_compression(head: bytes, sniffed: Sniffed | None = None) -> str | None:
    """The compression of a file from its magic bytes; names and MIME types only for raw LZMA,
    which has no magic."""
    for fmt, magic in MAGICS.items():
        if head.startswith(magic):
            return fmt
    if sniffed is not None and head[:1] == b"\x5d" and (
            COMPRESSED_MIMES.get(sniffed.mime) == LZMA or sniffed.name.lower().endswith((".lzma", ".tlz"))):
        return LZMA
    return None


class ReadStream(io.RawIOBase):
    """A read-only raw stream defined by `read` alone (`RawIOBase` wants `readinto`); closing it
    also closes the file it `owns`, if any."""

    _owned: BinaryIO | None = None

    def __init__(self, owned: BinaryIO | None = None) -> None:
        super().__init__()
        self._owned = owned

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        raise NotImplementedError

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            if self._owned is not None:
                self._owned.close()
        finally:
            super().close()


class Decoder(Protocol):
    """The common shape of `bz2.BZ2Decompressor` and `lzma.LZMADecompressor`."""

    @property
    def eof(self) -> bool: ...

    @property
    def needs_input(self) -> bool: ...

    @property
    def unused_data(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int = -1) -> bytes: ...


class ZlibDecoder:
    """`zlib.decompressobj` with the `needs_input` interface of the bz2/lzma decompressors."""

    def __init__(self, wbits: int) -> None:
        self._inner = zlib.decompressobj(wbits)
        self._tail = b""
        self.needs_input = True

    @property
    def eof(self) -> bool:
        return self._inner.eof

    @property
    def unused_data(self) -> bytes:
        return self._inner.unused_data

    def decompress(self, data: bytes, max_length: int = -1) -> bytes:
        buffer = self._tail + data if self._tail else data
        limit = max(max_length, 1) if max_length >= 0 else 0
        out = self._inner.decompress(buffer, limit)
        self._tail = self._inner.unconsumed_tail
        # Output cut at the limit may leave more pending inside zlib even with no input left.
        self.needs_input = not self._tail and (limit == 0 or len(out) < limit)
        return out


class ZstdDecoder:
    """A Zstandard frame decoder whose damage is a `StreamDamage` (ZstdError is no `base.DAMAGE_ERRORS`)."""

    def __init__(self) -> None:
        self._inner = zstd.ZstdDecompressor(
            options={zstd.DecompressionParameter.window_log_max: ZSTD_WINDOW_LOG_MAX})

    @property
    def eof(self) -> bool:
        return self._inner.eof

    @property
    def needs_input(self) -> bool:
        return self._inner.needs_input

    @property
    def unused_data(self) -> bytes:
        return self._inner.unused_data

    def decompress(self, data: bytes, max_length: int = -1) -> bytes:
        try:
            return self._inner.decompress(data, max_length)
        except zstd.ZstdError as error:
            raise StreamDamage(f"zstd: {error}") from error


def new_decoder(fmt: str) -> Decoder:
    """A fresh decompressor for one stream of `fmt`."""
    if fmt == GZIP:
        return ZlibDecoder(16 + zlib.MAX_WBITS)
    if fmt == BZIP2:
        return cast(Decoder, bz2.BZ2Decompressor())
    if fmt == XZ:
        return cast(Decoder, lzma.LZMADecompressor(lzma.FORMAT_XZ, memlimit=LZMA_MEMLIMIT))
    if fmt == LZMA:
        return cast(Decoder, lzma.LZMADecompressor(lzma.FORMAT_ALONE, memlimit=LZMA_MEMLIMIT))
    if fmt == ZSTD:
        return ZstdDecoder()
    if fmt == COMPRESS:
        return LzwDecoder()
    raise ValueError(f"unknown compression {fmt!r}")


def decode_up_to(decoder: Decoder, size: int, next_input: Callable[[], bytes], truncated: str) -> bytes:
    """Up to `size` decoded bytes, fed from `next_input` as the decoder asks; b"" only once the
    decoder reached the end of its stream. Input that runs out first raises `EOFError(truncated)`,
    except for compress, whose stream ends with its input (it then checks for a cut code itself)."""
    while not decoder.eof:
        data = b""
        if decoder.needs_input:
            data = next_input()
            if not data:
                if not isinstance(decoder, LzwDecoder):
                    raise EOFError(truncated)
                decoder.end_input()
        out = decoder.decompress(data, size)
        if out:
            return out
    return b""


class DecodedStream(ReadStream):
    """Decompresses `raw` on demand: never more output per read than asked for, concatenated
    streams joined (as gzip/bzip2/xz tools do), trailing non-stream data noted, not fatal.

    `on_output(total)` sees the running total of decompressed bytes and may raise (e.g.
    `MemberTooLarge`) to stop a bomb. Truncation raises `EOFError`, other damage the decoders'
    errors (`zlib.error`, `OSError`, `lzma.LZMAError`).
    """

    def __init__(self, raw: BinaryIO, fmt: str, on_output: Callable[[int], None] | None = None,
                 close_raw: bool = False) -> None:
        super().__init__(owned=raw if close_raw else None)
        self._raw = raw
        self._fmt = fmt
        self._on_output = on_output
        self._decoder = new_decoder(fmt)
        self._pending = b""
        self._raw_read = 0
        self._done = False
        self.total_out = 0
        self.streams = 1
        #: Offset in `raw` where data that is not a further stream starts (None: there is none).
        self.trailing_offset: int | None = None

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while chunk := self.read(CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        if size == 0:
            return b""
        out = self._read_some(size)
        if out:
            self.total_out += len(out)
            if self._on_output is not None:
                self._on_output(self.total_out)
        return out

    def _read_raw(self) -> bytes:
        data = self._raw.read(INPUT_CHUNK)
        self._raw_read += len(data)
        return data

    def _next_input(self) -> bytes:
        data, self._pending = self._pending or self._read_raw(), b""
        return data

    def _read_some(self, size: int) -> bytes:
        while not self._done:
            out = decode_up_to(self._decoder, size, self._next_input, "compressed stream ends early")
            if out:
                return out
            self._next_stream()
        return b""

    def _next_stream(self) -> None:
        """After one stream ended: start the next concatenated stream, skip zero padding, or
        note where trailing data starts."""
        rest = self._decoder.unused_data + self._pending
        self._pending = b""
        while len(rest) < 6 and (more := self._read_raw()):
            rest += more
        magic = MAGICS.get(self._fmt)
        if not rest:
            self._done = True
        elif magic is not None and rest.startswith(magic):
            self._decoder = new_decoder(self._fmt)
            self._pending = rest
            self.streams += 1
        else:
            start = self._raw_read - len(rest)
            while rest and not rest.strip(b"\x00"):
                rest = self._read_raw()
            if rest:
                self.trailing_offset = start
            self._done = True


def read_exactly(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes, looping over short reads (decoders return what they have)."""
    parts: list[bytes] = []
    got = 0
    while got < size and (chunk := stream.read(size - got)):
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)
