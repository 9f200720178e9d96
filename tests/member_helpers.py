"""Helpers shared by the extractor tests: run one extractor like a worker, look at its members."""

from __future__ import annotations

from pathlib import Path

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Status
from trovetriage.ingest.extractors.base import ChildSink, Extractor, Source
from trovetriage.ingest.sniff import sniff_file


def extract_with(extractor: Extractor, path: Path, blob_dir: Path,
                 limits: Limits | None = None) -> tuple[Extraction, ChildSink]:
    """Extract one file the way a worker does, with the blob store in `blob_dir`/blobs."""
    limits = limits or Limits()
    sink = ChildSink(BlobStore(blob_dir / "blobs"), limits)
    return extractor.extract(Source(path, sniff_file(path)), sink, limits), sink


def statuses(sink: ChildSink) -> dict[str, Status | None]:
    return {member.name: member.status for member in sink.members}


def blob_bytes(sink: ChildSink, name: str) -> bytes:
    member = next(m for m in sink.members if m.name == name)
    assert member.sha256 is not None
    return sink.blobs.path_for(member.sha256).read_bytes()
