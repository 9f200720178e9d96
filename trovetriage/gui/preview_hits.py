"""Where the query's words stand in an item's text, and how to lay that text out cheaply.

The Text tab tints every word the search matched, so it must find them as the index did: the same
folding (case, accents, Turkish i, Arabic letter variants) and the same bigrams for the scripts that
are written without spaces (Hangul, Han, kana); otherwise a result would show "no hits". Very long
lines are broken at a space because Qt lays one out very slowly, without moving any offset. Pure
functions on strings: nothing here touches a widget.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

import regex

from trovetriage.core.textfold import fold

__all__ = ["LONG_LINE", "find_hits", "soft_break", "utf16_spans"]

LONG_LINE = 1000
"""Lines longer than this are shown broken at a space: Qt lays out one huge line very slowly."""

# Words as the index sees them (letters, marks, digits; marks stay inside words) and the scripts
# the index splits into overlapping bigrams because they are written without spaces.
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}_\u200c\u200d\u00ad]+")
_BIGRAM_SCRIPT = regex.compile(r"[\p{Hangul}\p{Han}\p{Hiragana}\p{Katakana}]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def find_hits(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words of `text` that fold to one of `terms`, in order.

    Folding (case, accents, Turkish i, Arabic letter variants) is the index's, so `istanbul`
    finds `İstanbul`. Hangul/CJK terms are matched as the index's bigrams, joined into one span.
    """
    wanted = {fold(word) for term in terms for word in term.split()}
    wanted.discard("")
    if not wanted:
        return []
    bigrams = any(_BIGRAM_SCRIPT.search(term) for term in wanted)
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if fold(word) in wanted:
            spans.append(match.span())
        elif bigrams:
            spans.extend(_bigram_hits(word, match.start(), wanted))
    return spans


def _bigram_hits(word: str, offset: int, wanted: set[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for run in _BIGRAM_SCRIPT.finditer(word):
        chars = run.group()
        grams = [chars] if len(chars) == 1 else [chars[i : i + 2] for i in range(len(chars) - 1)]
        for i, gram in enumerate(grams):
            if fold(gram) not in wanted:
                continue
            start = offset + run.start() + i
            end = start + len(gram)
            if spans and start < spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def soft_break(text: str) -> str:
    """`text` with a space turned into a line break every LONG_LINE characters or so.

    The length and every offset stay the same, so hits and positions still line up. A run
    without spaces (a base64 blob) is left whole.
    """
    if len(text) <= LONG_LINE:
        return text
    pieces: list[str] = []
    last = 0
    for match in re.finditer(rf"[^\n]{{{LONG_LINE + 1},}}", text):
        pieces.append(text[last : match.start()])
        pieces.append(_break_line(match.group()))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _break_line(line: str) -> str:
    parts: list[str] = []
    start = 0
    while len(line) - start > LONG_LINE:
        cut = line.rfind(" ", start + LONG_LINE // 2, start + LONG_LINE)
        if cut < 0:
            cut = line.find(" ", start + LONG_LINE)
            if cut < 0:
                break
        parts.append(line[start:cut])
        start = cut + 1
    parts.append(line[start:])
    return "\n".join(parts)


def utf16_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code-point spans as the UTF-16 positions QTextCursor uses (astral characters count twice)."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return spans
    return [(a + bisect.bisect_left(astral, a), b + bisect.bisect_left(astral, b)) for a, b in spans]
