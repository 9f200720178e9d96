"""Finding victims' names, aliases and domains in text of any language, at word boundaries after folding.

Text is cut into words (letters, digits and marks of any script), each word folded with
`core.textfold.fold`, and names are looked up word by word in dicts keyed by their first (and
second) folded word, so the cost grows with the text, not with the number of victims. Three language rules keep
real text matching: a Korean name may carry a case particle (`외교부는`), an Arabic name may carry a
one-letter proclitic (`ووزارة`), and a short name written in capitals (`KDGI`, `MAE`) matches free
text only where it is written in capitals too, so the Romanian MAE is not every `Mae`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

from trovetriage.classify.attribution.vocabulary import ARABIC_PROCLITICS, HANGUL_PARTICLES
from trovetriage.core.textfold import fold

_WORD = regex.compile(r"[\p{L}\p{N}\p{M}\u200c\u200d]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")  # the same words as _WORD on ASCII text, much faster
#: No name has a longer word; longer words are not folded (fold() caches what it folds).
MAX_WORD = 64


def _is_hangul(word: str) -> bool:
    return bool(word) and all("\uac00" <= char <= "\ud7a3" for char in word)


def _is_arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


class Words:
    """The folded words of one text; their original spelling is computed only when a hit asks for it."""

    __slots__ = ("_lowered", "_pattern", "_raw", "folded", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lowered: str | None = None
        if text.isascii():
            self._pattern: Any = _ASCII_WORD
            self._lowered = text.lower()
            self.folded: list[str] = _ASCII_WORD.findall(self._lowered)
        else:
            self._pattern = _WORD
            self.folded = [fold(word) if len(word) <= MAX_WORD else "" for word in _WORD.findall(text)]
        self._raw: list[str] | None = None

    def __len__(self) -> int:
        return len(self.folded)

    def contains(self, literal: str) -> bool:
        """Whether the lower-cased text contains `literal` (how a domain's dots and dashes are checked)."""
        if self._lowered is None:
            self._lowered = self.text.lower()
        return literal in self._lowered

    def raw(self, index: int) -> str:
        if self._raw is None:
            self._raw = self._pattern.findall(self.text)
        return self._raw[index]


def folded_words(text: str) -> tuple[str, ...]:
    """The folded words of a short string, for whole-value comparisons."""
    return tuple(fold(word) if len(word) <= MAX_WORD else "" for word in _WORD.findall(text))


@dataclass(frozen=True, slots=True)
class Name:
    """One way of writing a victim: its name, an alias or a domain, as folded words."""

    victim: str
    label: str  # as written in the victims file
    words: tuple[str, ...]
    capitals: bool  # a single word written in capitals: free text must write it in capitals too
    literal: str  # for domains, the lower-case text that must occur as written (dots, dashes); "" for names


@dataclass(frozen=True, slots=True)
class NameHit:
    """A name found in some words: which one, and the word range it covers."""

    name: Name
    first: int
    stop: int  # exclusive


def _variants(word: str, first: bool, last: bool) -> set[str]:
    """How a word of a name may be written in text: as is, with an Arabic proclitic (first word), with a
    Korean particle (last word)."""
    forms = {word}
    if first and _is_arabic(word):
        forms |= {proclitic + word for proclitic in ARABIC_PROCLITICS}
    if last and _is_hangul(word):
        forms |= {form + particle for form in list(forms) for particle in HANGUL_PARTICLES}
    return forms


class NameIndex:
    """All victims' names, aliases and domains, looked up by their first one or two folded words."""

    def __init__(self, entries: Iterable[tuple[str, str, bool]]) -> None:
        """`entries` are (victim, text, is_domain); a spelling claimed by two victims is dropped."""
        by_words: dict[tuple[str, ...], Name] = {}
        clashes: set[tuple[str, ...]] = set()
        self.warnings: list[str] = []
        for victim, text, is_domain in entries:
            words = folded_words(text)
            if not words or "" in words:
                continue  # nothing to match, or a word too long to be a name
            capitals = len(words) == 1 and text.isascii() and text.isalnum() and text.isupper() and len(text) > 1
            name = Name(victim, text, words, capitals, text.lower() if is_domain else "")
            known = by_words.get(words)
            if known is None:
                by_words[words] = name
            elif known.victim != victim:
                clashes.add(words)
                self.warnings.append(f"name {text!r} is used by {known.victim!r} and {victim!r}: ignored")
            elif known.capitals and not capitals:
                by_words[words] = name  # `Northmoor` and `NORTHMOOR`: the unrestricted spelling wins
        for words in clashes:
            by_words.pop(words, None)
        self._single: dict[str, list[Name]] = {}
        self._multi: dict[str, dict[str, list[Name]]] = {}
        for name in by_words.values():
            words = name.words
            firsts = _variants(words[0], True, len(words) == 1)
            if len(words) == 1:
                for form in firsts:
                    self._single.setdefault(form, []).append(name)
                continue
            seconds = _variants(words[1], False, len(words) == 2)
            for form in firsts:
                following = self._multi.setdefault(form, {})
                for second in seconds:
                    following.setdefault(second, []).append(name)
        self._keys = frozenset(self._single) | frozenset(self._multi)

    def __len__(self) -> int:
        return len(self._keys)

    def find(self, words: Words, free_text: bool = True) -> list[NameHit]:
        """Every name occurring in `words`; `free_text` applies the capitals rule."""
        hits: list[NameHit] = []
        folded = words.folded
        present = self._keys & set(folded)
        if not present:
            return hits
        count = len(folded)
        for word in present:
            index = -1
            while True:
                try:
                    index = folded.index(word, index + 1)  # scans in C: most words are no name's
                except ValueError:
                    break
                for name in self._single.get(word, ()):
                    if self._accept(name, words, index, free_text):
                        hits.append(NameHit(name, index, index + 1))
                following = self._multi.get(word)
                if following is None or index + 1 >= count:
                    continue
                for name in following.get(folded[index + 1], ()):
                    stop = index + len(name.words)
                    if stop <= count and self._rest_matches(name, folded, index) and self._accept(
                            name, words, index, free_text):
                        hits.append(NameHit(name, index, stop))
        # In text order, longest first: `present` is a set, whose order changes from one process to the
        # next, and callers quote the first hit, so the same text must always give the same evidence.
        hits.sort(key=lambda hit: (hit.first, hit.first - hit.stop, hit.name.victim, hit.name.label))
        return hits

    @staticmethod
    def _rest_matches(name: Name, folded: list[str], first: int) -> bool:
        """Words 3.. of a name (the first two were matched by the index); the last may carry a particle."""
        expected = name.words
        last = len(expected) - 1
        for offset in range(2, last + 1):
            got, want = folded[first + offset], expected[offset]
            if got != want and not (offset == last and _is_hangul(want) and got.startswith(want)
                                    and got[len(want):] in HANGUL_PARTICLES):
                return False
        return True

    @staticmethod
    def _accept(name: Name, words: Words, first: int, free_text: bool) -> bool:
        if name.literal and not words.contains(name.literal):
            return False  # the words of a domain, but not written as that domain
        return not (free_text and name.capitals and not words.raw(first).isupper())

    def whole(self, text: str) -> Name | None:
        """The name that `text` is, as a whole (no capitals rule): `T.C. Dışişleri Bakanlığı`, `mofa.gov.bh`."""
        words = Words(text)
        for hit in self.find(words, free_text=False):
            if hit.first == 0 and hit.stop == len(words):
                return hit.name
        return None
