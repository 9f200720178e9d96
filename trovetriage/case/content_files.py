"""Where the bytes of an item's content live, and reading them again as lines of text.

Credential dumps are parsed from the file itself, not from the stored text (which stops at
max_text_chars): a 2 GB combo list is streamed line by line. Originals are opened read-only.
"""

from __future__ import annotations

import codecs
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from trovetriage.core.blobs import BlobStore
from trovetriage.core.store import Store

#: Lines longer than this are cut: a dump line is short, a megabyte "line" is noise.
MAX_LINE_CHARS = 64 * 1024


def content_path(store: Store, blobs: BlobStore, row: sqlite3.Row) -> Path | None:
    """The file holding an item's bytes: the original for a walked file, else its blob."""
    sha = row["sha256"]
    if not sha:
        return None
    if row["depth"] == 0:
        source = store.db.execute("SELECT root FROM sources WHERE id=?", (row["source_id"],)).fetchone()
        if source is None:
            return None
        root = Path(source[0])
        path = root if root.is_file() else root / row["path"]
        return path if path.is_file() else None
    path = blobs.path_for(sha)
    return path if path.is_file() else None


def content_lines(store: Store, blobs: BlobStore, row: sqlite3.Row, text: str | None = None) -> Iterator[str]:
    """A content's lines as the credential parser numbers them, so that a record's line number finds
    its line again: from the file when it was read as plain text (complete however long), else from
    the stored text split at line feeds. `text`: the stored text, when the caller has read it already."""
    path = content_path(store, blobs, row)
    if path is not None and row["extractor"] == "text":
        return iter_lines(path, json.loads(row["metadata"] or "{}").get("encoding"))
    return iter(io.StringIO(store.content_text(row["sha256"]) if text is None else text))


def iter_lines(path: Path, encoding: str | None) -> Iterator[str]:
    """The file's lines decoded with `encoding` (bad bytes replaced), without line ends, bounded in length."""
    codec = _known_codec(encoding)
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=codec, errors="replace", newline=None)
        while True:
            line = text.readline(MAX_LINE_CHARS)
            if not line:
                return
            if not line.endswith("\n"):  # over-long: drop the rest of it
                while (rest := text.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                    pass
            yield line.rstrip("\r\n").lstrip("\ufeff")


def _known_codec(encoding: str | None) -> str:
    try:
        return codecs.lookup(encoding or "utf-8").name
    except LookupError:
        return "utf-8"
