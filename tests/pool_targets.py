"""Work functions that misbehave on purpose, imported by spawned pool workers in test_pool.py."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Sniffed
from trovetriage.ingest.worker import WorkResult


def behave_by_name(key: str, path: Path, name: str, blobs: BlobStore, limits: Limits,
                   passwords: tuple[str, ...] = (), volumes: tuple[Path, ...] = ()) -> WorkResult:
    """'hang' sleeps forever, 'segfault' kills itself, 'hog' allocates without end, others succeed."""
    if name == "hang":
        time.sleep(3600)
    elif name == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif name == "hog":
        hog = []
        while True:
            hog.append(bytearray(64 * 1024 * 1024))
    sniffed = Sniffed("text/plain", "text", "", name, 1)
    return WorkResult(key, sniffed, "test", Extraction(text=f"fine {name}"))
