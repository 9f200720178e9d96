"""Excerpts as findings show them: printable, short, and with secrets masked.

Excerpts end up in exports that go to victims and in the GUI, so control characters, bidi
overrides and lone surrogates are replaced (no display tricks, no encoding errors), and any part a
rule names as secret (regex groups `secret`, `secret2`, ...) is shown only through `mask_secret`.
"""

from __future__ import annotations

import re
import unicodedata

from trovetriage.core.classification import mask_secret

MAX_EXCERPT = 160
_SPACES = re.compile(r"\s+")
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def clean(text: str, limit: int = MAX_EXCERPT) -> str:
    """Printable, one line, at most `limit` characters."""
    text = text[: limit * 4]
    text = "".join(" " if unicodedata.category(char) in _HIDDEN else char for char in text)
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def masked_match(text: str, span: tuple[int, int], groups: list[tuple[int, int]], limit: int = MAX_EXCERPT) -> str:
    """`text[span]` with every secret group span replaced by its mask."""
    start, end = span
    pieces: list[str] = []
    cursor = start
    for low, high in sorted(groups):
        if low < cursor or high <= low:
            continue
        pieces.append(text[cursor:low])
        pieces.append(mask_secret(text[low:high]) or "****")
        cursor = high
    pieces.append(text[cursor:end])
    return clean("".join(pieces), limit)
