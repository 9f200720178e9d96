"""RTF documents: text through the shared RTF routine, embedded objects as children, {\\info} as metadata.

The file is read up to MAX_RTF_BYTES (embedded files make RTF large: hex doubles them); the text
routine bounds its own work. Embedded objects (\\objdata) become children (rtf_objects); pictures
do not.
"""

from __future__ import annotations

import re
from typing import Any

from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt
from trovetriage.ingest.extractors.rtf_objects import MAX_LISTED, add_objects
from trovetriage.ingest.extractors.scoring import score_by_type_or_name
from trovetriage.ingest.rtf_text import MAX_INPUT_BYTES, rtf_to_text

MIME_TYPES = frozenset({"text/rtf", "application/rtf", "text/richtext"})
EXTENSIONS = frozenset({".rtf"})
MAX_RTF_BYTES = MAX_INPUT_BYTES
_INFO = re.compile(rb"\{\\(title|author|operator|company|subject|manager|keywords)\s+([^{}\\]{0,2000})\}")
INFO_KEYS = {b"title": "title", b"author": "creator", b"operator": "last_modified_by", b"company": "company",
             b"subject": "subject", b"manager": "manager", b"keywords": "keywords"}


def info_group(data: bytes) -> dict[str, Any]:
    """Plain-ASCII values of the {\\info} group (title, author...); escaped values are skipped."""
    found: dict[str, Any] = {}
    for match in _INFO.finditer(data[:1 * MiB]):
        key = INFO_KEYS[match.group(1)]
        value = match.group(2).decode("latin-1").strip()
        if value:
            found.setdefault(key, value)
    return found


class RtfExtractor:
    """Rich Text Format (also what Outlook stores message bodies in)."""

    name = "rtf"

    def score(self, sniffed: Sniffed) -> int:
        return score_by_type_or_name(sniffed, MIME_TYPES, EXTENSIONS, by_name=60)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        sink.decompressing = False  # hex-encoded objects are stored, not inflated: no bomb arithmetic
        return extract_or_corrupt(Kind.DOCUMENT, self._extract, source, sink, limits)

    def _extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        data = source.read_bytes(MAX_RTF_BYTES + 1)
        notes: list[str] = []
        if len(data) > MAX_RTF_BYTES:
            data = data[:MAX_RTF_BYTES]
            notes.append(f"only the first {MAX_RTF_BYTES:,} bytes were parsed")
        if not data.lstrip().startswith(b"{\\rtf"):
            notes.append("no {\\rtf header")
        text = rtf_to_text(data, limits.max_text_chars)
        if len(text) >= limits.max_text_chars:
            notes.append(f"text cut at {len(text):,} characters (limit max_text_chars={limits.max_text_chars:,})")
        metadata = info_group(data)
        objects = add_objects(data, sink)
        status = Status.OK if text or objects.found else Status.EMPTY
        if objects.found:
            metadata.update(embedded_objects=objects.found, embedded_classes=objects.class_names[:MAX_LISTED])
            notes.append(f"{objects.found:,} embedded object(s): {objects.extracted:,} extracted, "
                         f"{objects.failed:,} failed")
            notes.extend(objects.notes[:20])
        if objects.not_extracted:
            metadata["not_extracted"] = objects.not_extracted
            status = Status.SKIPPED_BOMB
            notes.insert(0, f"member limit reached (max_members={limits.max_members:,}): "
                            f"{objects.not_extracted:,} embedded object(s) not extracted")
        return Extraction(kind=Kind.DOCUMENT, status=status, detail="; ".join(notes)[:4000], text=text,
                          title=str(metadata.get("title") or source.sniffed.name),
                          sender=str(metadata.get("creator", "")), metadata=metadata)
