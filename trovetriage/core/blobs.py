"""Content-addressed blob store inside the case folder (DESIGN §2).

Extracted children are stored under their sha256, never under their archive name, so a hostile
member name cannot steer a write outside the case: path traversal is impossible by construction.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"

    def ensure(self) -> None:
        self.tmp.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def new_temp(self) -> tuple[BinaryIO, Path]:
        """A temporary file inside the store, to be committed with `commit_temp`."""
        self.ensure()
        fd, name = tempfile.mkstemp(dir=self.tmp, prefix="part-")
        return os.fdopen(fd, "wb"), Path(name)

    def commit_temp(self, temp: Path, sha256: str) -> Path:
        """Move a finished temp file to its content address (atomic; keeps an existing copy)."""
        final = self.path_for(sha256)
        if final.exists():
            temp.unlink(missing_ok=True)
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, final)
        return final

    def put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if not self.exists(sha):
            handle, temp = self.new_temp()
            with handle:
                handle.write(data)
            self.commit_temp(temp, sha)
        return sha

    def clean_temp(self) -> None:
        """Remove leftovers of a killed run: parts that never got a content address."""
        if self.tmp.exists():
            for leftover in self.tmp.iterdir():
                leftover.unlink(missing_ok=True)


def sha256_file(path: Path) -> tuple[str, int]:
    """Hash a file in chunks; returns (hex digest, size in bytes)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
