"""Compressed files (.gz, .bz2, .xz, .lzma, .zst, .Z) whose name does not say tar.

Such a file may still hold a tar (`backup.gz`): its members are then listed by the tar reader
rather than stored as one child the size of the whole tar (which may exceed max_member_bytes while
its files do not). Anything else becomes one decompressed child (`single_stream`). A `.tar.zst` or
`.tar.Z` comes here too (the tar extractor's names are the stdlib's formats) and is listed as a tar.
"""

from __future__ import annotations

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt
from trovetriage.ingest.extractors.streams import COMPRESSED_MIMES, detect_compression
from trovetriage.ingest.extractors.tar import extract_compressed


class CompressedStreamExtractor:
    """`.gz`/`.bz2`/`.xz`/`.lzma`/`.zst`/`.Z` by MIME type; tars named as such go to `TarExtractor` directly."""

    name = "compressed"

    def score(self, sniffed: Sniffed) -> int:
        return 60 if sniffed.mime in COMPRESSED_MIMES else 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.ARCHIVE, self._extract, source, sink, limits)

    @staticmethod
    def _extract(source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        fmt = detect_compression(source.read_bytes(16), source.sniffed)
        if fmt is None:
            return Extraction(kind=Kind.ARCHIVE, status=Status.CORRUPT, title=source.sniffed.name,
                              detail="not a gzip, bzip2, xz, lzma, zstd or compress (.Z) stream")
        return extract_compressed(source, sink, limits, fmt)
