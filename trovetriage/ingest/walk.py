"""Walking the sources: every file becomes a location; links and special files are listed, not followed."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from trovetriage.core.types import Status


def make_item_id(parent_id: str, name: str) -> str:
    """Stable id of a location: the parent's id plus the member name (or source-relative path)."""
    return hashlib.blake2b(f"{parent_id}\x00{name}".encode("utf-8", "surrogateescape"),
                           digest_size=12).hexdigest()


def source_parent_id(root: Path) -> str:
    """Pseudo-parent of a source's top-level files, so two sources never share ids."""
    return f"source:{root}"


@dataclass(frozen=True)
class WalkedFile:
    path: Path
    rel: str
    size: int
    problem: tuple[Status, str] | None = None


def walk_source(root: Path) -> Iterator[WalkedFile]:
    """Yield every entry below `root` (or `root` itself if it is a file) in a stable order."""
    if not root.is_dir():
        yield _entry(root, root.name)
        return
    for directory, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
        dirnames.sort()
        base = Path(directory)
        for link in [d for d in dirnames if (base / d).is_symlink()]:
            filenames.append(link)
        dirnames[:] = [d for d in dirnames if not (base / d).is_symlink()]
        for name in sorted(filenames):
            path = base / name
            yield _entry(path, path.relative_to(root).as_posix())


def _entry(path: Path, rel: str) -> WalkedFile:
    try:
        info = path.lstat()
    except OSError as error:
        return WalkedFile(path, rel, 0, (Status.CORRUPT, f"cannot stat: {error.strerror}"))
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path)
        return WalkedFile(path, rel, 0, (Status.UNSUPPORTED, f"symbolic link to {target} not followed"))
    if not stat.S_ISREG(info.st_mode):
        return WalkedFile(path, rel, 0, (Status.UNSUPPORTED, "special file (device, FIFO or socket) not read"))
    if not os.access(path, os.R_OK):
        return WalkedFile(path, rel, info.st_size, (Status.CORRUPT, "cannot read: permission denied"))
    return WalkedFile(path, rel, info.st_size)
