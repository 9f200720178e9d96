"""RTF documents: text via striprtf, on a bounded prefix so a giant RTF cannot stall a worker.

striprtf is regex-based and linear-ish but holds everything in memory; RTF text is mostly markup,
so the input cap is a generous multiple of the text budget.
"""

from __future__ import annotations

import re
from typing import Any

from striprtf.striprtf import rtf_to_text

from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt
from trovetriage.ingest.extractors.scoring import score_by_type_or_name

MIME_TYPES = frozenset({"text/rtf", "application/rtf", "text/richtext"})
EXTENSIONS = frozenset({".rtf"})
MAX_RTF_BYTES = 64 * MiB
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
        return extract_or_corrupt(Kind.DOCUMENT, self._extract, source, sink, limits)

    def _extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        cap = min(MAX_RTF_BYTES, max(limits.max_text_chars, 1) * 16)
        data = source.read_bytes(cap + 1)
        notes: list[str] = []
        if len(data) > cap:
            data = data[:cap]
            notes.append(f"only the first {cap:,} bytes were parsed")
        if not data.lstrip().startswith(b"{\\rtf"):
            notes.append("no {\\rtf header")
        text = rtf_to_text(data.decode("latin-1"), errors="replace").strip()
        text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from bad \\u escapes
        if len(text) > limits.max_text_chars:
            text = text[: limits.max_text_chars]
            notes.append(f"text cut at {len(text):,} characters (limit max_text_chars={limits.max_text_chars:,})")
        metadata = info_group(data)
        status = Status.OK if text else Status.EMPTY
        return Extraction(kind=Kind.DOCUMENT, status=status, detail="; ".join(notes), text=text,
                          title=str(metadata.get("title") or source.sniffed.name),
                          sender=str(metadata.get("creator", "")), metadata=metadata)
