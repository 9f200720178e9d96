"""Shared fixtures: run one extractor on one file the way an ingest worker does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction
from trovetriage.ingest.extractors.base import ChildSink, Extractor, Source
from trovetriage.ingest.sniff import sniff_file

RunExtractor = Callable[..., tuple[Extraction, ChildSink]]


@pytest.fixture
def run_extractor(tmp_path: Path) -> RunExtractor:
    """A function (path, extractor, limits=None) -> (Extraction, ChildSink); blobs live in tmp_path."""

    def run(path: Path, extractor: Extractor, limits: Limits | None = None) -> tuple[Extraction, ChildSink]:
        limits = limits or Limits()
        sink = ChildSink(BlobStore(tmp_path / "blobs"), limits)
        return extractor.extract(Source(path, sniff_file(path)), sink, limits), sink

    return run
