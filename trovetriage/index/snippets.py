"""Highlighted snippets of hits and the match spans of a whole text.

Bodies are not stored in the index and can be long: re-tokenizing a whole body per hit would
dominate a search. Snippets are made for the shown hits only, and the body postings give the
positions of the query's words, so only a ~300-character window of the loaded text is
re-tokenized and highlighted.
"""

from __future__ import annotations

import html
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import regex
from whoosh import highlight

from trovetriage.index.analysis import MultilingualTokenizer, text_analyzer

__all__ = ["SNIPPET_CHARS", "SnippetMaker", "match_spans"]

SNIPPET_CHARS = 200
_SNIPPET_SURROUND = 60
# Text scanned by the highlighter when the postings cannot tell where the matches are.
_HIGHLIGHT_CHARLIMIT = 1 << 15
# Locating matches through the postings costs one lookup per query word and hit.
_PINPOINT_MAX_TERMS = 64
_PINPOINT_MAX_OCCURRENCES = 200
_SNIPPET_TOKENS = 20  # ~ the words of a snippet, to pick the window with most matches
_WS = regex.compile(r"\s+")
_SPACE = regex.compile(r"\s")


class SnippetMaker:
    """Snippets of hits of one index (its body analyzer). Not thread-safe: the formatter is
    reused."""

    def __init__(self, body_analyzer: Any) -> None:
        self._analyzer = body_analyzer
        self._fragmenter = highlight.ContextFragmenter(
            maxchars=SNIPPET_CHARS, surround=_SNIPPET_SURROUND, charlimit=_HIGHLIGHT_CHARLIMIT
        )
        self._formatter = _SnippetFormatter()
        self._scorer = highlight.BasicFragmentScorer()

    def snippet(self, text: str, terms: set[str], leaf: Any, local: int) -> str:
        """Best fragment of ``text`` around the query's body words ``terms``; the start of the
        text otherwise. ``leaf``/``local``: the segment reader holding the hit's indexed body
        and its docnum there, whose postings say where the matches are (token positions)."""
        if not terms:
            return _plain_snippet(text)
        if len(terms) <= _PINPOINT_MAX_TERMS:
            start = self._match_start(text, terms, leaf, local)
            if start is not None:
                begin = max(0, start - _SNIPPET_SURROUND)
                if begin:
                    space = _SPACE.search(text, begin, start)
                    begin = space.end() if space else start
                window = text[begin : begin + SNIPPET_CHARS + 2 * _SNIPPET_SURROUND]
                out = self._highlight(window, terms, begin > 0, begin + len(window) < len(text))
                if out:
                    return out
        # The loaded text differs from the indexed one, or too many words: re-tokenize.
        return self._highlight(text, terms, False, False) or _plain_snippet(text)

    def _match_start(self, text: str, terms: Iterable[str], leaf: Any, local: int) -> int | None:
        """Character offset in ``text`` where the best snippet window starts, from the
        positions of the query words in the indexed body."""
        found = _body_positions(leaf, local, terms)
        if not found:
            return None
        found.sort()
        position = _best_window(found, _SNIPPET_TOKENS)
        tokenizer = self._analyzer[0]
        if not isinstance(tokenizer, MultilingualTokenizer):
            return None
        return tokenizer.position_offsets(text, {position}).get(position)

    def _highlight(self, text: str, terms: set[str], lead: bool, trail: bool) -> str:
        tokens = self._analyzer(text, chars=True, mode="query", removestops=False)
        tokens = _merge_overlaps(highlight.set_matched_filter(tokens, frozenset(terms)))
        # The first few fragments are enough: stop tokenizing there (long bodies).
        fragments = itertools.islice(self._fragmenter.fragment_tokens(text, tokens), 3)
        top = highlight.top_fragments(fragments, 1, self._scorer, highlight.SCORE, minscore=1)
        if not top:
            return ""
        self._formatter.lead, self._formatter.trail = lead, trail
        return self._formatter.format(top)


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` whose words are among ``terms`` (folded words, e.g.
    :attr:`SearchPage.terms`), overlapping bigram matches joined: for the preview's
    highlighting and next/previous-hit navigation over the whole text."""
    wanted = frozenset(terms)
    spans: list[tuple[int, int]] = []
    if not wanted or not text:
        return spans
    for t in text_analyzer()(text, chars=True, mode="query"):
        if t.text in wanted:
            if spans and t.startchar < spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], t.endchar))
            else:
                spans.append((t.startchar, t.endchar))
    return spans


def _body_positions(leaf: Any, local: int, terms: Iterable[str]) -> list[tuple[int, str]]:
    """(token position, term) of the ``terms`` in the indexed body of docnum ``local`` of the
    segment reader ``leaf`` (at most :data:`_PINPOINT_MAX_OCCURRENCES` per term), unsorted."""
    found: list[tuple[int, str]] = []
    for term in terms:
        btext = term.encode("utf-8")
        if ("body", btext) not in leaf:
            continue
        m = leaf.postings("body", btext)
        m.skip_to(local)
        if m.is_active() and m.id() == local:
            positions = m.value_as("positions")[:_PINPOINT_MAX_OCCURRENCES]
            found.extend((p, term) for p in positions)
    return found


def _best_window(matches: list[tuple[int, str]], width: int) -> int:
    """Start of the window of ``width`` (positions) with the most distinct query words (then
    most matches; the earliest on ties). ``matches`` is sorted."""
    best_start, best_score = matches[0][0], (0, 0)
    j = 0
    counts: Counter[str] = Counter()
    for i, (start, _term) in enumerate(matches):
        while j < len(matches) and matches[j][0] < start + width:
            counts[matches[j][1]] += 1
            j += 1
        score = (len(counts), j - i)
        if score > best_score:
            best_start, best_score = start, score
        counts[matches[i][1]] -= 1
        if not counts[matches[i][1]]:
            del counts[matches[i][1]]
    return best_start


class _SnippetFormatter(highlight.Formatter):
    """HTML-escaped text, whitespace runs collapsed, matches in <b>…</b>; "…" where the
    fragment does not reach the start/end of the text (``lead``/``trail``: of a window)."""

    between = " … "
    lead = False
    trail = False

    def _text(self, text: str) -> str:
        return html.escape(_WS.sub(" ", text), quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<b>" + self._text(highlight.get_text(text, token, replace)) + "</b>"

    def format_fragment(self, fragment: Any, replace: bool = False) -> str:
        body = super().format_fragment(fragment, replace=replace)
        if fragment.startchar > 0 or self.lead:
            body = "…" + body.lstrip()
        if fragment.endchar < len(fragment.text) or self.trail:
            body = body.rstrip() + "…"
        return body.strip()


def _merge_overlaps(tokens: Iterable[Any]) -> Iterator[Any]:
    """Joins overlapping matched tokens (Hangul/CJK bigrams) so a matched word is one <b>."""
    held: Any = None
    for t in tokens:
        if held is not None:
            if t.matched and t.startchar < held.endchar:
                held.endchar = max(held.endchar, t.endchar)
                continue
            yield held
            held = None
        if t.matched:
            held = t.copy()
        else:
            yield t
    if held is not None:
        yield held


def _plain_snippet(text: str) -> str:
    """The start of ``text``, cut at a space, when there is nothing to highlight."""
    piece = text[:SNIPPET_CHARS]
    if len(text) > SNIPPET_CHARS:
        cut = piece.rfind(" ")
        if cut > SNIPPET_CHARS // 2:
            piece = piece[:cut]
        piece = piece.rstrip() + "…"
    return html.escape(_WS.sub(" ", piece).strip(), quote=False)
