"""Folded copies of a field for matching, with a way back to offsets in the original.

Markings and cue words are matched on `core.textfold.fold`-ed text (so `GİZLİ`, `gizli` and
`سِرّي` match their rule terms), but findings must point at the original characters. Folding is
done character by character: most characters keep their length and the offsets stay equal; for
the rest (dropped marks, `ß` -> `ss`, ligatures) a checkpoint every `CHUNK` characters lets a
folded offset be walked back to the original in at most `CHUNK` steps, in little memory.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Callable

from trovetriage.core.textfold import fold

CHUNK = 256
# Invisible characters that stand between words (bidi marks and isolates, zero-width space, BOM):
# folded to a space so they neither split a word nor glue two words together.
_SEPARATING = frozenset("\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff")
_CHAR_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 1 << 18


def fold_char(char: str) -> str:
    """One character folded the way `fold` folds words; bidi marks become spaces and other invisible
    format characters vanish, so neither can hide a marking."""
    folded = _CHAR_CACHE.get(char)
    if folded is None:
        category = unicodedata.category(char)
        if char in _SEPARATING:
            folded = " "
        elif category == "Cf":
            folded = ""
        elif category == "Cs":  # a lone surrogate from a lossy decoder stays as it is
            folded = char
        else:
            folded = fold(char)
        if len(_CHAR_CACHE) < _CACHE_LIMIT:
            _CHAR_CACHE[char] = folded
    return folded


def fold_string(text: str) -> str:
    """A term or a short value folded exactly as `FoldedText` folds fields, so both sides agree."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(char) for char in text)


class FoldedText:
    """`original` and its folded copy `folded`; `to_original` maps offsets back."""

    __slots__ = ("_lengths", "_starts", "folded", "original")

    def __init__(self, original: str) -> None:
        self.original = original
        self._lengths: dict[str, int] = {}
        self._starts: array[int] | None = None
        if original.isascii():
            self.folded = original.lower()
            return
        fold_piece = self._folder(original)
        if not self._lengths:
            self.folded = fold_piece(original)
            return
        parts: list[str] = []
        starts = array("q", [0])
        for begin in range(0, len(original), CHUNK):
            part = fold_piece(original[begin:begin + CHUNK])
            parts.append(part)
            starts.append(starts[-1] + len(part))
        self._starts = starts
        self.folded = "".join(parts)

    def _folder(self, original: str) -> Callable[[str], str]:
        """How to fold pieces of this text. `str.lower` runs at C speed and already folds most
        letters (Cyrillic, Greek, Latin without accents, caseless scripts); only the characters it
        gets wrong (accents, Turkish i, Arabic variants and marks, ё) are replaced, by one regex
        pass. Texts where lower() itself is not safe use `str.translate`."""
        table: dict[int, str] = {}
        exceptions: dict[str, str] = {}
        lower_safe = True
        for char in set(original):
            if char.isascii():
                if "A" <= char <= "Z":
                    table[ord(char)] = char.lower()
                continue
            folded = fold_char(char)
            if folded != char:
                table[ord(char)] = folded
            if len(folded) != 1:
                self._lengths[char] = len(folded)
            if folded != char.lower():
                exceptions[char] = folded
                lower_safe = lower_safe and folded.lower() == folded
        if not lower_safe:
            return lambda piece: piece.translate(table)
        if not exceptions:
            return str.lower
        pattern = re.compile("[" + "".join(re.escape(char) for char in sorted(exceptions)) + "]")
        replace = exceptions.__getitem__
        return lambda piece: pattern.sub(lambda match: replace(match.group()), piece).lower()

    @property
    def identity(self) -> bool:
        """True when folded offsets equal original offsets."""
        return self._starts is None

    def to_original(self, pos: int, *, end: bool = False) -> int:
        """The original offset of folded offset `pos`; `end=True` for an exclusive span end, which
        then takes in marks that were dropped right after it."""
        if self._starts is None:
            return max(0, min(pos, len(self.original)))
        starts, lengths, original = self._starts, self._lengths, self.original
        size = len(original)
        chunk = max(0, bisect_right(starts, pos) - 1)
        current, index = starts[chunk], min(chunk * CHUNK, size)
        if end:  # the first offset whose folded prefix reaches pos, then over dropped marks
            while index < size and current < pos:
                current += lengths.get(original[index], 1)
                index += 1
            while index < size and lengths.get(original[index], 1) == 0:
                index += 1
            return index
        while index < size:  # the last offset whose folded prefix does not pass pos
            step = lengths.get(original[index], 1)
            if current + step > pos:
                break
            current += step
            index += 1
        return index

    def span(self, start: int, stop: int) -> tuple[int, int]:
        """A folded span as an original span."""
        return self.to_original(start), self.to_original(stop, end=True)
