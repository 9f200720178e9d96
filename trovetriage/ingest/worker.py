"""What runs inside an extraction worker process: sniff, pick an extractor, extract, cap the text.

Kept free of pool mechanics so it can be called directly in tests and by the pool alike.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.registry import choose
from trovetriage.ingest.sniff import sniff_file

_KIND_BY_MIME_PREFIX = (
    ("image/", Kind.IMAGE),
    ("application/pdf", Kind.PDF),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml", Kind.DOCUMENT),
    ("application/msword", Kind.DOCUMENT),
    ("application/vnd.oasis.opendocument.text", Kind.DOCUMENT),
    ("application/rtf", Kind.DOCUMENT),
    ("text/rtf", Kind.DOCUMENT),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml", Kind.SPREADSHEET),
    ("application/vnd.ms-excel", Kind.SPREADSHEET),
    ("application/vnd.oasis.opendocument.spreadsheet", Kind.SPREADSHEET),
    ("application/vnd.openxmlformats-officedocument.presentationml", Kind.PRESENTATION),
    ("application/vnd.ms-powerpoint", Kind.PRESENTATION),
    ("application/vnd.oasis.opendocument.presentation", Kind.PRESENTATION),
    ("application/vnd.ms-outlook-pst", Kind.MAILBOX),
    ("application/vnd.ms-outlook", Kind.EMAIL),
    ("message/", Kind.EMAIL),
    ("application/x-7z", Kind.ARCHIVE),
    ("application/x-rar", Kind.ARCHIVE),
    ("application/vnd.rar", Kind.ARCHIVE),
    ("text/", Kind.TEXT),
)


def kind_for_mime(mime: str) -> Kind:
    """A best guess of the kind for content no extractor could read."""
    for prefix, kind in _KIND_BY_MIME_PREFIX:
        if mime.startswith(prefix):
            return kind
    return Kind.OTHER


@dataclass
class WorkResult:
    """What a worker sends back for one task."""

    key: str
    sniffed: Sniffed
    extractor: str | None
    extraction: Extraction
    seconds: float = 0.0
    sniff_seconds: float = 0.0


def extract_file(key: str, path: Path, name: str, blobs: BlobStore, limits: Limits,
                 passwords: tuple[str, ...] = (), volumes: tuple[Path, ...] = ()) -> WorkResult:
    """Extract one file (or the joined pieces of a split set); bad input becomes a status, never an exception."""
    started = time.perf_counter()
    sniffed = sniff_file(path, name)
    if volumes:
        sniffed = replace(sniffed, size=sniffed.size + sum(volume.stat().st_size for volume in volumes))
    sniff_seconds = time.perf_counter() - started
    if sniffed.size == 0:
        extraction = Extraction(kind=kind_for_mime(sniffed.mime), status=Status.EMPTY, detail="zero bytes")
        return WorkResult(key, sniffed, None, extraction, time.perf_counter() - started, sniff_seconds)
    extractor = choose(sniffed)
    if extractor is None:
        extraction = Extraction(kind=kind_for_mime(sniffed.mime), status=Status.UNSUPPORTED,
                                detail=f"no extractor for {sniffed.mime} ({sniffed.description})")
        return WorkResult(key, sniffed, None, extraction, time.perf_counter() - started, sniff_seconds)
    sink = ChildSink(blobs, limits, passwords)
    try:
        extraction = extractor.extract(Source(path, sniffed, volumes), sink, limits)
    except MemoryError:
        raise
    except Exception as error:  # an extractor bug must cost one item, not the run
        extraction = Extraction(kind=kind_for_mime(sniffed.mime), status=Status.CORRUPT,
                                detail=f"{extractor.name} extractor failed: {type(error).__name__}: {error}"[:2000])
    if volumes:
        _note_joined(extraction, 1 + len(volumes))
    if sink.members:  # the sink is the single source of truth for members
        extraction.members = sink.members
    _cap_text(extraction, limits)
    return WorkResult(key, sniffed, extractor.name, extraction, time.perf_counter() - started, sniff_seconds)


def _note_joined(extraction: Extraction, count: int) -> None:
    extraction.metadata["split_volumes"] = count
    note = f"read as one file joined from {count} split volumes"
    extraction.detail = f"{note}; {extraction.detail}" if extraction.detail else note


def _cap_text(extraction: Extraction, limits: Limits) -> None:
    if len(extraction.text) > limits.max_text_chars:
        extraction.text = extraction.text[: limits.max_text_chars]
        note = f"text cut at {limits.max_text_chars} characters (max_text_chars)"
        extraction.detail = f"{extraction.detail}; {note}" if extraction.detail else note
