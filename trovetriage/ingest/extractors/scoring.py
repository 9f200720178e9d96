"""The scoring rule shared by extractors of formats libmagic often cannot name.

libmagic calls a mail message or a mailbox "text/plain" and an HTML fragment "text/plain" or
unknown bytes; for those, the file name is the best evidence left and outbids the text extractor.
"""

from __future__ import annotations

from trovetriage.core.types import Sniffed

#: The score of content libmagic named as exactly this format.
EXACT_TYPE_SCORE = 100
#: What libmagic reports for bytes it cannot name.
UNNAMED_CONTENT = frozenset({"application/octet-stream"})


def score_by_type_or_name(sniffed: Sniffed, mime_types: frozenset[str], extensions: frozenset[str], *,
                          by_name: int, unnamed_content: frozenset[str] = UNNAMED_CONTENT) -> int:
    """EXACT_TYPE_SCORE for one of `mime_types`; `by_name` when only the extension says so and the
    content is text or `unnamed_content`; otherwise 0."""
    mime = sniffed.mime.lower()
    if mime in mime_types:
        return EXACT_TYPE_SCORE
    if sniffed.extension in extensions and (mime.startswith("text/") or mime in unnamed_content):
        return by_name
    return 0


def score_by_prefix_or_name(sniffed: Sniffed, mime_prefix: str, extensions: frozenset[str] | dict[str, object],
                            by_name_mimes: frozenset[str] | set[str], *, by_name: int) -> int:
    """EXACT_TYPE_SCORE for a MIME type in a family (`mime_prefix`, e.g. the OOXML types); `by_name`
    when the extension says so and libmagic saw only one of `by_name_mimes` (a zip, unnamed bytes)."""
    mime = sniffed.mime.lower()
    if mime.startswith(mime_prefix):
        return EXACT_TYPE_SCORE
    if sniffed.extension in extensions and mime in by_name_mimes:
        return by_name
    return 0
