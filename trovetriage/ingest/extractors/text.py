"""Plain text, logs, CSV, configuration files and scripts: decoded text, nothing else.

Credential dumps arrive as .txt/.csv/.log; whether one is `credentials` is decided later by
classification, so this extractor always says `text`.
"""

from __future__ import annotations

import re
from typing import ClassVar

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.textdecode import decode_text

#: Extensions that mean "text" even when libmagic only saw octet-stream (binary-looking logs,
#: UTF-16 exports, files with a few control bytes).
TEXT_EXTENSIONS = frozenset({
    ".txt", ".text", ".log", ".csv", ".tsv", ".tab", ".ini", ".conf", ".cfg", ".config", ".cnf",
    ".json", ".ndjson", ".jsonl", ".xml", ".md", ".markdown", ".rst", ".ps1", ".psm1", ".psd1",
    ".bat", ".cmd", ".sh", ".bash", ".zsh", ".py", ".pl", ".rb", ".php", ".js", ".ts", ".vbs",
    ".sql", ".yaml", ".yml", ".toml", ".properties", ".env", ".reg", ".inf", ".nfo", ".lst",
    ".out", ".err", ".pem", ".key", ".crt", ".pub", ".asc", ".ldif", ".srt", ".vcf",
    ".ics", ".rdp", ".ovpn", ".pot", ".hash", ".hashes", ".dump", ".dic",
})

#: Non-`text/*` types libmagic reports for textual content.
TEXT_APPLICATION_TYPES = frozenset({
    "application/json", "application/xml", "application/x-ndjson", "application/javascript",
    "application/x-sh", "application/x-shellscript", "application/x-perl", "application/x-python",
    "application/x-ruby", "application/x-php", "application/sql", "application/x-setupscript",
    "application/x-wine-extension-ini", "application/csv", "application/x-desktop",
    "application/pgp-keys", "application/x-pem-file", "application/pgp-signature",
    "application/x-subrip", "application/toml", "application/yaml", "application/x-yaml",
})

#: `text/*` types other extractors own.
NOT_OURS = frozenset({"text/html", "text/rtf"})

BYTES_PER_CHAR = 4
_XML_DECLARATION = re.compile(rb"""\s{0,64}<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})["']""")


class TextExtractor:
    """Decoded text of anything textual; the fallback every text-like type can use."""

    name: ClassVar[str] = "text"

    def score(self, sniffed: Sniffed) -> int:
        """Exact text types high, text-ish application types and extensions lower."""
        mime = sniffed.mime.lower()
        if mime in NOT_OURS:
            return 0
        if mime in ("text/plain", "text/csv", "application/csv"):
            return 50
        if mime.startswith("text/"):
            return 40
        if mime in TEXT_APPLICATION_TYPES:
            return 40
        if mime in ("application/octet-stream", "application/x-empty") and sniffed.extension in TEXT_EXTENSIONS:
            return 30
        if mime == "application/x-empty":
            return 5  # an empty file of any name still deserves the status "empty"
        return 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        """Read no more than the text cap needs, decode, and report what was cut."""
        budget = max(limits.max_text_chars, 0) * BYTES_PER_CHAR
        try:
            data = source.read_bytes(budget + 1)
        except OSError as error:
            return Extraction(kind=Kind.TEXT, status=Status.CORRUPT, detail=f"cannot read file: {error}")
        cut_bytes = len(data) > budget
        if cut_bytes:
            data = data[:budget]
        text, encoding = decode_text(data, xml_encoding(data), partial=cut_bytes)
        notes: list[str] = []
        if len(text) > limits.max_text_chars:
            text = text[: limits.max_text_chars]
            cut_bytes = True
        if cut_bytes:
            notes.append(f"text cut at {len(text):,} characters (limit max_text_chars={limits.max_text_chars:,})")
        metadata = {"encoding": encoding, "lines": count_lines(text)}
        kind = Kind.SPREADSHEET if is_table(source.sniffed) else Kind.TEXT
        if not text.strip():
            detail = "file is empty" if not data else "only whitespace"
            return Extraction(kind=kind, status=Status.EMPTY, detail=detail, text="", metadata=metadata)
        return Extraction(kind=kind, status=Status.OK, detail="; ".join(notes), text=text,
                          title="", metadata=metadata)


def is_table(sniffed: Sniffed) -> bool:
    """CSV and TSV files are tables for the investigator, whatever libmagic called them."""
    return sniffed.mime in ("text/csv", "text/tab-separated-values") or sniffed.extension in (".csv", ".tsv")


def xml_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration names (`<?xml version="1.0" encoding="windows-1256"?>`)."""
    match = _XML_DECLARATION.match(data[:512])
    return match.group(1).decode("ascii") if match else None


def count_lines(text: str) -> int:
    """Lines as a human counts them: a last line without a newline still counts."""
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)
