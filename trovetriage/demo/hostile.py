"""Hostile files for `trove/_hostile/`: what a seized trove may contain to hurt the examiner's tools.

All are generated in milliseconds and are tiny on disk. Each one tests a promise of DESIGN §2/§3:

* `bomb.zip` - a nested zip bomb. The outer zip (~3 KB) holds `inner.zip` (~1.3 MB), whose only
  member `zeros.bin` inflates to 1.25 GiB of zeros. The inner deflate stream is assembled from one
  compressed 1 MiB block repeated (each block ends with a full flush, so it does not depend on the
  data before it): no gigabyte is ever held in memory or even compressed. Expected: `zeros.bin`
  gets `skipped_bomb`; nothing fills the disk or the RAM.
* `traversal.zip` / `traversal.tar` - member names that climb out of an extraction folder
  (`../../../../tmp/evil.txt`), use Windows separators (`..\\..\\Windows\\evil.txt`) or are
  absolute (`/etc/passwd`). Expected: they become ordinary items stored by sha256; nothing is
  ever written under those names, anywhere.
* `truncated_cd.zip` - a zip cut off in the middle of its central directory (no end-of-central-
  directory record). Its local headers are intact, so its three members can still be recovered.
  Expected: `truncated`, members listed; at the very least no crash and the run carries on.
* `truncated.txt.gz` - a gzip stream cut in half. Expected: the file and its member `truncated`.
* `empty.eml` - zero bytes with a mail extension. Expected: `empty`.

Ground truth: victim and level are null for all of them; `status` says what ingest should report.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from trovetriage.demo.archives import gzip_bytes, tar_bytes, zip_bytes
from trovetriage.demo.truth import Node

MiB = 1024 * 1024
BOMB_BYTES = 1280 * MiB  # > 1 GiB, < 4 GiB so no Zip64 is needed
_DOS_DATE = ((2019 - 1980) << 9) | (4 << 5) | 1  # 2019-04-01
_DOS_TIME = (3 << 11) | (14 << 5)  # 03:14:00

TRAVERSAL_NAMES = ("../../../../tmp/evil.txt", "..\\..\\Windows\\evil.txt", "/etc/passwd")


def _zero_deflate_blocks(size: int, block: int = MiB) -> Iterator[bytes]:
    """Raw deflate of `size` zero bytes, yielded block by block (one block compressed, reused)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    full, rest = divmod(size, block)
    if full:
        chunk = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
        for _ in range(full):
            yield chunk
    if rest:
        yield compressor.compress(bytes(rest)) + compressor.flush(zlib.Z_FULL_FLUSH)
    yield compressor.flush(zlib.Z_FINISH)


#: CRC-32 of BOMB_BYTES zero bytes, known in advance so generation skips 1.25 GiB of checksumming
#: (tests recompute it).
BOMB_CRC = 0xCA839F6E


def zero_crc(size: int, block: int = MiB) -> int:
    """CRC-32 of `size` zero bytes, computed block by block."""
    zeros = bytes(block)
    crc = 0
    full, rest = divmod(size, block)
    for _ in range(full):
        crc = zlib.crc32(zeros, crc)
    return zlib.crc32(zeros[:rest], crc)


def zero_bomb_zip(size: int = BOMB_BYTES, name: str = "zeros.bin") -> bytes:
    """A one-member zip whose member inflates to `size` zero bytes, written record by record."""
    stream = b"".join(_zero_deflate_blocks(size))
    crc = BOMB_CRC if size == BOMB_BYTES else zero_crc(size)
    encoded = name.encode("ascii")
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, _DOS_TIME, _DOS_DATE, crc, len(stream), size,
                        len(encoded), 0) + encoded
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, 0, 8, _DOS_TIME, _DOS_DATE, crc,
                          len(stream), size, len(encoded), 0, 0, 0, 0, 0o100644 << 16, 0) + encoded
    offset = len(local) + len(stream)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), offset, 0)
    return local + stream + central + end


def bomb() -> tuple[bytes, Node]:
    """The nested bomb: outer zip -> inner.zip -> zeros.bin (1.25 GiB)."""
    inner = zero_bomb_zip()
    data = zip_bytes([("inner.zip", inner)], (2019, 4, 1, 3, 14, 0))
    leaf = Node("zeros.bin", "other", status="skipped_bomb", hostile=True)
    node = Node("bomb.zip", "archive", hostile=True,
                children=[Node("inner.zip", "archive", children=[leaf], hostile=True)])
    return data, node


_EVIL_TEXT = b"If you can read this outside the case folder, archive extraction followed a hostile name.\n"
_PASSWD = b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


def _traversal_members() -> list[tuple[str, bytes]]:
    members = [("readme.txt", b"Quarterly figures, see the other files.\n")]
    members += [(name, _PASSWD if name.endswith("passwd") else _EVIL_TEXT) for name in TRAVERSAL_NAMES]
    return members


def _traversal_node(name: str) -> Node:
    children = [Node(member, "text", hostile=True) for member, _ in _traversal_members()]
    return Node(name, "archive", children=children, hostile=True)


def traversal_zip() -> tuple[bytes, Node]:
    return zip_bytes(_traversal_members(), (2020, 2, 2, 2, 2, 2)), _traversal_node("traversal.zip")


def traversal_tar() -> tuple[bytes, Node]:
    return tar_bytes(_traversal_members(), 1_580_608_922), _traversal_node("traversal.tar")


def truncated_central_directory_zip() -> tuple[bytes, Node]:
    """A zip whose central directory is cut in half and whose end record is gone."""
    members = [(f"report_{index}.txt", f"Report {index}\n".encode() * 40) for index in range(3)]
    data = zip_bytes(members, (2020, 5, 5, 5, 5, 4))
    cd_size, cd_offset = struct.unpack("<II", data[-10:-2])
    cut = cd_offset + cd_size // 2
    children = [Node(name, "text", hostile=True) for name, _ in members]
    return data[:cut], Node("truncated_cd.zip", "archive", children=children, status="truncated", hostile=True)


def truncated_gzip() -> tuple[bytes, Node]:
    text = b"".join(f"Line {index}: shipment manifest entry {index * 7919 % 10007}\n".encode()
                    for index in range(400))
    data = gzip_bytes(text, "truncated.txt")
    member = Node("truncated.txt", "text", status="truncated", hostile=True)
    return data[: len(data) // 2], Node("truncated.txt.gz", "archive", children=[member], status="truncated",
                                        hostile=True)


def empty_file() -> tuple[bytes, Node]:
    return b"", Node("empty.eml", "other", status="empty", hostile=True)


def hostile_files() -> list[tuple[bytes, Node]]:
    """All hostile files, in a fixed order; each node's name is its file name under `_hostile/`."""
    return [bomb(), traversal_zip(), traversal_tar(), truncated_central_directory_zip(), truncated_gzip(),
            empty_file()]
