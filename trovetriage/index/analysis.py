"""Multilingual text analysis for the Whoosh index.

STABLE MODULE NAME: Whoosh pickles the analyzer objects of the schema into every index, so
``trovetriage.index.analysis`` and the class names below must never change (an index written
with them could no longer be opened). The classes keep only plain configuration in their
state; compiled patterns live in lazily-built module-level caches and are never pickled.

Why a custom analyzer (DESIGN §8): Whoosh's ``\\w+`` tokenizer splits Arabic words at every
haraka, lowercases Turkish ``İ`` to ``i̇``, and Korean particles stop ``비밀번호를`` from matching
``비밀번호``. Here words are runs of letters, marks and digits (marks stay inside words);
tokens are folded (marks dropped, case folded, Turkish/Arabic letter variants unified) one by
one so that each token keeps the character offsets of the ORIGINAL text for highlighting;
Hangul/CJK runs become overlapping bigrams. No stemming and no stop words (multilingual).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import regex
from whoosh.analysis import Filter, IDTokenizer, Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer

from trovetriage.core.textfold import fold

__all__ = [
    "FoldingFilter",
    "MultilingualTokenizer",
    "fold",
    "keyword_analyzer",
    "path_analyzer",
    "text_analyzer",
]

# Characters that ``\p{L}\p{M}\p{N}`` would not keep inside a word but that occur inside words:
# zero-width non-joiner / joiner (Persian, Indic) and the soft hyphen. Folding removes them.
_INWORD_FORMAT = "\u200c\u200d\u00ad"
_TEXT_WORD = rf"[\p{{L}}\p{{M}}\p{{N}}_{_INWORD_FORMAT}]+"
# Paths and file names: ``_`` separates words too (``annual_report.docx``).
_PATH_WORD = rf"[\p{{L}}\p{{M}}\p{{N}}{_INWORD_FORMAT}]+"
# Scripts written without spaces between words: indexed as overlapping character bigrams.
_BIGRAM_RUN = r"[\p{Hangul}\p{Han}\p{Hiragana}\p{Katakana}]+"

@functools.cache
def _compiled(pattern: str) -> Any:
    """Compiles a pattern once per process (compiled objects are never pickled)."""
    return regex.compile(pattern)



class MultilingualTokenizer(Tokenizer):
    """Word runs of letters, marks and digits (``path=True``: ``_`` also separates words).
    Runs of Hangul/Han/Kana become overlapping bigrams at consecutive positions (a single
    character stays a unigram), so a query word producing several bigrams can be searched as
    a phrase. Offsets always point into the original text."""

    def __init__(self, path: bool = False, bigrams: bool = True) -> None:
        self.path = path
        self.bigrams = bigrams

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.path, self.bigrams))

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Tolerate indexes pickled by older versions with fewer attributes.
        self.path = bool(state.get("path", False))
        self.bigrams = bool(state.get("bigrams", True))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Wildcard/fuzzy query text: the whole string is one token (folded later).
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return

        words = _compiled(_PATH_WORD if self.path else _TEXT_WORD)
        cjk = _compiled(_BIGRAM_RUN) if self.bigrams else None
        pos = start_pos
        for match in words.finditer(value):
            word = match.group()
            start = match.start()
            if cjk is None or word.isascii() or cjk.search(word) is None:
                pieces: Any = ((word, start),)
            else:
                pieces = _split_bigrams(word, start, cjk)
            for text, sc in pieces:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + sc
                    t.endchar = start_char + sc + len(text)
                pos += 1
                yield t


    def position_offsets(self, value: str, wanted: set[int]) -> dict[int, int]:
        """Start character of the tokens at the ``wanted`` positions, counted exactly as
        :meth:`__call__` counts them but without building tokens: finds a match known by
        its position (from the postings) in a long text cheaply."""
        out: dict[int, int] = {}
        if not wanted:
            return out
        last = max(wanted)
        words = _compiled(_PATH_WORD if self.path else _TEXT_WORD)
        cjk = _compiled(_BIGRAM_RUN) if self.bigrams else None
        pos = 0
        for match in words.finditer(value):
            word = match.group()
            if cjk is None or word.isascii() or cjk.search(word) is None:
                if pos in wanted:
                    out[pos] = match.start()
                pos += 1
            else:
                for _text, sc in _split_bigrams(word, match.start(), cjk):
                    if pos in wanted:
                        out[pos] = sc
                    pos += 1
            if pos > last:
                break
        return out


def _split_bigrams(word: str, start: int, cjk: Any) -> Iterator[tuple[str, int]]:
    """Splits a word into its non-CJK parts (kept whole) and CJK runs (bigrams)."""
    prev = 0
    for run in cjk.finditer(word):
        rs, re_ = run.span()
        if rs > prev:
            yield word[prev:rs], start + prev
        if re_ - rs == 1:
            yield word[rs:re_], start + rs
        else:
            for i in range(rs, re_ - 1):
                yield word[i : i + 2], start + i
        prev = re_
    if prev < len(word):
        yield word[prev:], start + prev


class FoldingFilter(Filter):
    """Folds each token's text with :func:`fold`; offsets stay those of the original text.
    Tokens that fold to nothing (a stray mark, a lone joiner) are dropped."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Any) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            t.text = fold(text)
            if t.text:
                yield t


def text_analyzer() -> CompositeAnalyzer:
    """Analyzer of free-text fields (title, body, meta, addresses)."""
    return CompositeAnalyzer(MultilingualTokenizer(), FoldingFilter())


def path_analyzer() -> CompositeAnalyzer:
    """Analyzer of paths and file names: split on / \\ ! . _ - and spaces (any non-word char)."""
    return CompositeAnalyzer(MultilingualTokenizer(path=True), FoldingFilter())


def keyword_analyzer() -> CompositeAnalyzer:
    """Analyzer of single-value keyword fields (kind, status, mime, domain): one folded token."""
    return CompositeAnalyzer(IDTokenizer(), FoldingFilter())
