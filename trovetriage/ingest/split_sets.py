"""Byte-split volume sets (`name.7z.001`, `name.zip.002`, `backup.003`) read as one file.

7-Zip's "split to volumes", HJSplit and `split -d` cut one file into numbered pieces; only the
pieces joined back in order are a readable archive. When every piece from `.001` on sits in the
same folder, the first piece stands for the whole set: its item's content is the joined bytes
(hashed, sniffed and extracted as one file, never copied), and each later piece is listed as
read with it. An incomplete set is left alone: each piece then says which volume it is.

RAR volumes (`.partN.rar`, `.r00`) and spanned zips (`.z01`) are not byte splits (every volume
has its own headers) and are not joined here.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from trovetriage.core.blobs import CHUNK

_NUMBERED = re.compile(r"^(?P<base>.+)\.(?P<number>\d{3})$")


@dataclass(frozen=True)
class SplitSet:
    """A complete set: `volumes[0]` is the `.001` piece; the others follow in order."""

    volumes: tuple[Path, ...]

    @property
    def first(self) -> Path:
        return self.volumes[0]

    @property
    def rest(self) -> tuple[Path, ...]:
        return self.volumes[1:]


def find_split_sets(paths: Iterable[Path]) -> list[SplitSet]:
    """Complete sets among `paths`: the same folder and base name, numbered 001..N without a gap, N >= 2."""
    groups: dict[tuple[Path, str], dict[int, Path]] = defaultdict(dict)
    for path in paths:
        match = _NUMBERED.match(path.name)
        if match:
            groups[(path.parent, match["base"])][int(match["number"])] = path
    sets: list[SplitSet] = []
    for numbered in groups.values():
        count = len(numbered)
        if count >= 2 and set(numbered) == set(range(1, count + 1)):
            sets.append(SplitSet(tuple(numbered[n] for n in range(1, count + 1))))
    return sets


def volume_number(path: Path) -> int:
    match = _NUMBERED.match(path.name)
    return int(match["number"]) if match else 0


def hash_joined(paths: Sequence[Path]) -> tuple[str, int]:
    """sha256 and size of the files read one after the other, in chunks."""
    digest = hashlib.sha256()
    size = 0
    for path in paths:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    return digest.hexdigest(), size


class JoinedFile(io.RawIOBase):
    """A read-only, seekable view of several files as one, opening one piece at a time."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self._paths = list(paths)
        self._starts: list[int] = []
        total = 0
        for path in self._paths:
            self._starts.append(total)
            total += path.stat().st_size
        self._size = total
        self._position = 0
        self._open_index = -1
        self._handle: io.BufferedReader | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise OSError("seek before the start of the joined volumes")
        self._position = base + offset
        return self._position

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._position >= self._size:
            return 0
        index = self._piece_at(self._position)
        handle = self._piece(index)
        handle.seek(self._position - self._starts[index])
        count = handle.readinto(buffer)
        if not count:  # the piece shrank since it was measured
            return 0
        self._position += count
        return count

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        super().close()

    def _piece_at(self, position: int) -> int:
        """The piece holding byte `position` (empty pieces never do)."""
        ends = [*self._starts[1:], self._size]
        for index, (start, end) in enumerate(zip(self._starts, ends, strict=True)):
            if start <= position < end:
                return index
        return len(self._paths) - 1

    def _piece(self, index: int) -> io.BufferedReader:
        if index != self._open_index or self._handle is None:
            if self._handle is not None:
                self._handle.close()
            self._handle = self._paths[index].open("rb")
            self._open_index = index
        return self._handle
