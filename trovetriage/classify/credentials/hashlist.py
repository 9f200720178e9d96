"""Hash-only lists: one hash per line, or `hash:salt`, as leaked from web-site user tables.

Without an account or layout, a 32-hex value is read as raw MD5 and the record says it was
identified by length (it could be NTLM or MD4).
"""

from __future__ import annotations

from .formats import Layout
from .hashes import HashContext, guessed_by_length, identify_hash
from .records import Parsed


def parse_hashlist(line: str) -> list[Parsed] | None:
    """The record of a line that is a hash (optionally `:salt`), or None."""
    value = line.strip()
    if not 13 <= len(value) <= 1024 or " " in value:
        return None
    kind = identify_hash(value, HashContext.GENERIC)
    context: dict[str, str] = {}
    if kind is None and ":" in value:
        head, _, salt = value.partition(":")
        kind = identify_hash(head, HashContext.GENERIC)
        if kind is None or not salt or len(salt) > 64 or not guessed_by_length(kind):
            return None
        context["salted"] = "true"
    if kind is None:
        return None
    if guessed_by_length(kind):
        context["identified_by"] = "length"
    return [Parsed("", "", kind, value, Layout.HASHLIST, context=context or None)]
