"""Queries, facets and highlighted snippets over the Whoosh index.

What is slow in stock Whoosh and what this module does instead (DESIGN §8):

* Multi-term queries (prefix, wildcard, fuzzy, word ranges) are expanded ONCE per search,
  segment by segment (a segment reader finds fuzzy matches with an automaton; the multi-segment
  reader computes an edit distance per word), and capped: :data:`MAX_EXPANSION` words, and
  :data:`MIN_WILDCARD_PREFIX` literal characters before a wildcard, so a too-broad pattern is
  an error the user can act on instead of a hang. Few expansions stay scored terms; many become
  a constant-score union of postings.
* The matching documents are computed once per search by set algebra over postings
  (:class:`_SetEvaluator`); phrases intersect postings then check positions with a fast
  decoder; numeric/date ranges are answered from cached columns. The total, the facet counts,
  ``allowed_keys``, sorting and paging all work on that list with per-segment column caches
  (never ``groupedby``, which scores every document and drops ``limit``).
* Relevance ranking uses Whoosh's top-N collector (block-quality skipping; ORs forced to the
  union tree) on a ranking query without positional checks or ranges, restricted to the
  matching documents; few matches are scored one by one.
* Snippets are made for the shown hits only: the body postings give the positions of the
  query's words, so only a ~300-character window of the loaded text is re-tokenized.

A SearchEngine keeps one Whoosh searcher and its caches; use one engine per thread.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as _dt
import heapq
import html
import itertools
import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from whoosh import formats, highlight
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.qparser import (
    FieldAliasPlugin,
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
    PlusMinusPlugin,
)
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.system import _INT_SIZE

from trovetriage.index.analysis import MultilingualTokenizer, text_analyzer
from trovetriage.index.schema import (
    DEFAULT_FIELD_BOOSTS,
    FACET_FIELDS,
    FIELD_ALIASES,
    SORT_COLUMNS,
)
from trovetriage.index.writer import check_schema_version

__all__ = [
    "MAX_EXPANSION",
    "MIN_WILDCARD_PREFIX",
    "Hit",
    "QuerySyntaxError",
    "SearchEngine",
    "SearchPage",
    "match_spans",
]

#: A multi-term query (prefix, wildcard, fuzzy, range of words) may match at most this many
#: distinct words per field.
MAX_EXPANSION = 2000
#: Up to this many expanded words are scored like ordinary terms; more match with a constant
#: score (Whoosh ORs them through a per-document binary tree otherwise, which is slow).
SCORED_EXPANSION = 16
#: Literal characters needed before the first ``*`` or ``?`` of a wildcard.
MIN_WILDCARD_PREFIX = 2
#: Fuzzy queries (``word~``) always keep the first letter: the whole-dictionary scan is slow.
MIN_FUZZY_PREFIX = 1

SNIPPET_CHARS = 200
_SNIPPET_SURROUND = 60
# Text scanned by the highlighter when the postings cannot tell where the matches are.
_HIGHLIGHT_CHARLIMIT = 1 << 15
# Locating matches through the postings costs one lookup per query word and hit.
_PINPOINT_MAX_TERMS = 64
_PINPOINT_MAX_OCCURRENCES = 200
_SNIPPET_TOKENS = 20  # ~ the words of a snippet, to pick the window with most matches
_ITEM_KEY_OFFSET = 1 << 63  # NUMERIC(bits=64, signed) columns store value + 2**63
_YEAR_OFFSET = 1 << 31
# Numeric fields whose range queries are answered from the cached columns.
_RANGE_COLUMNS = frozenset({"date", "size", "year"})
# Up to this many matches are ranked by scoring each of them directly.
_SCORE_BY_SKIP = 1000
_BIGRAM_CHAR = regex.compile(r"^[\p{Hangul}\p{Han}\p{Hiragana}\p{Katakana}]$")
_WS = regex.compile(r"\s+")
_SPACE = regex.compile(r"\s")


class QuerySyntaxError(ValueError):
    """The query string cannot be understood; the message says why, for the user."""


@dataclass
class Hit:
    item_key: int
    item_id: str
    path: str
    title: str
    date: _dt.datetime | None
    kind: str
    status: str
    score: float
    snippet: str  # HTML-escaped text with matched terms in <b>…</b>; "" if no text


@dataclass
class SearchPage:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    elapsed_ms: float
    # Body terms of the query (folded), e.g. for the preview's hit navigation.
    terms: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- queries


class _TermSetQuery(wq.Query):
    """Constant-score union of a fixed list of words of one field: the expansion of a broad
    multi-term query, matched from the postings without a per-document union tree."""

    def __init__(self, fieldname: str, btexts: Sequence[bytes], boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.btexts = tuple(btexts)
        self.boost = boost
        # Segment docs by reader: the union is computed once per search, not per pass.
        self._docs: dict[int, tuple[Any, list[int]]] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.fieldname!r}, {len(self.btexts)} terms)"

    def __eq__(self, other: object) -> bool:
        return (
            type(self) is type(other)
            and self.fieldname == other.fieldname  # type: ignore[attr-defined]
            and self.btexts == other.btexts  # type: ignore[attr-defined]
            and self.boost == other.boost  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.fieldname, self.btexts, self.boost))

    def field(self) -> str:
        return self.fieldname

    def estimate_size(self, ixreader: Any) -> int:
        return sum(
            ixreader.doc_frequency(self.fieldname, t)
            for t in self.btexts
            if (self.fieldname, t) in ixreader
        )

    def segment_docs(self, reader: Any) -> list[int]:
        cached = self._docs.get(id(reader))
        if cached is not None and cached[0] is reader:
            return cached[1]
        docs: set[int] = set()
        for btext in self.btexts:
            if (self.fieldname, btext) in reader:
                docs.update(reader.postings(self.fieldname, btext).all_ids())
        result = sorted(docs)
        self._docs[id(reader)] = (reader, result)
        return result

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        docs = self.segment_docs(searcher.reader())
        if not docs:
            return NullMatcher()
        return ListMatcher(docs, all_weights=self.boost)


class _UnionOr(wq.Or):
    """Or that always uses the binary tree of union matchers. Whoosh's automatic choice
    preloads and scores every document of segments under 5,000 docs, which makes top-N
    ranking of a common word 2-5x slower than the tree with block-quality skipping."""

    matcher_type = wq.Or.DEFAULT_MATCHER


def _plusminus_plugin() -> PlusMinusPlugin:
    # Only at the start of a word, so "e-mail" and "x+y" stay words.
    return PlusMinusPlugin(plusexpr=r"(?:(?<=\s)|^)\+(?=\S)", minusexpr=r"(?:(?<=\s)|^)-(?=\S)")


def _check_balance(text: str) -> None:
    """Whoosh silently repairs unbalanced quotes and brackets; tell the user instead."""
    quotes = 0
    depth = 0
    ranges = 0
    for ch in text:
        if ch == '"':
            quotes += 1
            continue
        if quotes % 2:
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise QuerySyntaxError("')' without a matching '('")
        elif ch in "[{":
            ranges += 1
        elif ch in "]}":
            ranges -= 1
            if ranges < 0:
                raise QuerySyntaxError(f"'{ch}' without a matching '[' or '{{'")
    if quotes % 2:
        raise QuerySyntaxError('unclosed quotation mark ("): close the phrase')
    if depth:
        raise QuerySyntaxError("'(' without a matching ')'")
    if ranges:
        raise QuerySyntaxError("unclosed range: write e.g. date:[2019-01-01 TO 2019-12-31]")


def _literal_prefix(pattern: str) -> str:
    cut = len(pattern)
    for wild in "*?":
        pos = pattern.find(wild)
        if pos != -1:
            cut = min(cut, pos)
    return pattern[:cut]


class _Rewriter:
    """Checks a parsed query for errors and expands its multi-term parts once."""

    def __init__(self, reader: Any, schema: Any) -> None:
        self.reader = reader
        self.schema = schema

    def __call__(self, q: Any) -> Any:
        error = getattr(q, "error", None)
        if error:
            raise QuerySyntaxError(f"cannot understand the query: {error}")
        if isinstance(q, wq.Every) and q.fieldname not in (None, "*"):
            return wq.Every()  # "field:*": every document (per-field existence is not indexed)
        if isinstance(q, wq.Term) and self._is_bigram_text(q):
            # A single Hangul/CJK character is indexed only inside bigrams: match them.
            return self._expand(wq.Prefix(q.fieldname, q.text, boost=q.boost), strict=False)
        if isinstance(q, (wq.Wildcard, wq.Prefix)):
            prefix = q.text if isinstance(q, wq.Prefix) else _literal_prefix(q.text)
            if len(prefix) < MIN_WILDCARD_PREFIX:
                raise QuerySyntaxError(
                    f"'{q.text}' is too broad: put at least {MIN_WILDCARD_PREFIX} characters "
                    "before * or ?"
                )
            return self._expand(q)
        if isinstance(q, wq.FuzzyTerm):
            if q.prefixlength < MIN_FUZZY_PREFIX:
                q = wq.FuzzyTerm(
                    q.fieldname, q.text, boost=q.boost, maxdist=q.maxdist,
                    prefixlength=MIN_FUZZY_PREFIX, constantscore=q.constantscore,
                )
            return self._expand(q)
        if isinstance(q, wq.MultiTerm) and not isinstance(q, wq.NumericRange):
            return self._expand(q)
        if q.is_leaf():
            return q
        q = q.apply(self)
        if type(q) is wq.Or:
            q = _UnionOr(q.subqueries, boost=q.boost, minmatch=q.minmatch, scale=q.scale)
        return q

    def _is_bigram_text(self, q: Any) -> bool:
        text = q.text
        return (
            isinstance(text, str)
            and len(text) == 1
            and q.fieldname in self.schema
            and self.schema[q.fieldname].analyzer is not None
            and getattr(self.schema[q.fieldname], "multitoken_query", "") == "phrase"
            and _BIGRAM_CHAR.match(text) is not None
        )

    def _expand(self, q: Any, strict: bool = True) -> Any:
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return wq.NullQuery
        field = self.schema[fieldname]
        # Per segment: a segment reader finds fuzzy matches with an automaton, the multi-segment
        # reader by computing the edit distance to every word sharing the prefix.
        found: set[bytes] = set()
        for leaf, _offset in self.reader.leaf_readers():
            words = _fuzzy_words(q, leaf) if isinstance(q, wq.FuzzyTerm) else q._btexts(leaf)
            for b in words:
                found.add(b if isinstance(b, bytes) else field.to_bytes(b))  # fuzzy gives str
                if len(found) > MAX_EXPANSION:
                    break
            if len(found) > MAX_EXPANSION:
                break
        btexts = sorted(found)
        if len(btexts) > MAX_EXPANSION:
            if strict:
                raise QuerySyntaxError(
                    f"'{_query_text(q)}' matches more than {MAX_EXPANSION} different words in "
                    f"{fieldname}: make it more specific"
                )
            btexts = btexts[:MAX_EXPANSION]
        if not btexts:
            return wq.NullQuery
        boost = getattr(q, "boost", 1.0)
        if len(btexts) <= SCORED_EXPANSION:
            terms = [wq.Term(fieldname, field.from_bytes(b), boost=boost) for b in btexts]
            return terms[0] if len(terms) == 1 else _UnionOr(terms)
        return _TermSetQuery(fieldname, btexts, boost)


def _fuzzy_words(q: Any, leaf: Any) -> Iterator[str]:
    """Words within ``maxdist`` Damerau-Levenshtein edits of a fuzzy term in one segment.
    A segment's automaton counts a transposition as two edits, so the transposed spellings
    are looked up too (``budgte~`` finds ``budget``)."""
    text, maxdist, prefix = q.text, q.maxdist, q.prefixlength
    yield from leaf.terms_within(q.fieldname, text, maxdist, prefix)
    to_bytes = leaf.schema[q.fieldname].to_bytes
    for i in range(prefix, len(text) - 1):
        if text[i] == text[i + 1]:
            continue
        variant = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if maxdist <= 1:
            if (q.fieldname, to_bytes(variant)) in leaf:
                yield variant
        else:
            yield from leaf.terms_within(q.fieldname, variant, maxdist - 1, prefix)


def _query_text(q: Any) -> str:
    text = getattr(q, "text", "")
    if isinstance(q, wq.Prefix):
        text += "*"
    elif isinstance(q, wq.FuzzyTerm):
        text += "~"
    return str(text)


def _collect_terms(q: Any, fieldname: str, out: set[str], from_bytes: Callable[[bytes], str]) -> None:
    """Words of ``fieldname`` a hit can contain: everything but negated parts."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        _collect_terms(q.a, fieldname, out, from_bytes)
        return
    if isinstance(q, _TermSetQuery):
        if q.fieldname == fieldname:
            out.update(from_bytes(b) for b in q.btexts)
        return
    if isinstance(q, wq.Term):
        if q.fieldname == fieldname:
            text = q.text
            out.add(from_bytes(text) if isinstance(text, bytes) else text)
        return
    if isinstance(q, wq.Phrase):
        if q.fieldname == fieldname:
            out.update(q.words)
        return
    if not q.is_leaf():
        for child in q.children():
            _collect_terms(child, fieldname, out, from_bytes)


# ---------------------------------------------------------------------------- matching sets


class _SetEvaluator:
    """Docnums (of one segment searcher) matching a query, by set algebra over postings:
    much faster than walking Whoosh's matcher tree document by document. Numeric and date
    ranges are answered from the cached columns; query types not handled here use Whoosh's
    own matching."""

    def __init__(self, columns: _Columns) -> None:
        self.columns = columns

    def __call__(self, q: Any, searcher: Any) -> set[int]:
        if isinstance(q, type(wq.NullQuery)):
            return set()
        if isinstance(q, wq.Term):
            return self.term(q, searcher)
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            out: set[int] = set()
            for sub in q.subqueries:
                out |= self(sub, searcher)
            return out
        if isinstance(q, wq.And):
            result: set[int] | None = None
            for sub in sorted(q.subqueries, key=_cost):
                docs = self(sub, searcher)
                result = docs if result is None else result & docs
                if not result:
                    return set()
            return result or set()
        if isinstance(q, wq.Require):
            return self(q.a, searcher) & self(q.b, searcher)
        if isinstance(q, wq.AndMaybe):
            return self(q.a, searcher)
        if isinstance(q, wq.AndNot):
            positive = self(q.a, searcher)
            return positive - self(q.b, searcher) if positive else positive
        if isinstance(q, wq.Not):
            return set(searcher.reader().all_doc_ids()) - self(q.query, searcher)
        if isinstance(q, wq.Every):
            return set(searcher.reader().all_doc_ids())
        if isinstance(q, _TermSetQuery):
            return set(q.segment_docs(searcher.reader()))
        if isinstance(q, wq.Phrase):
            return _phrase_docset(q, searcher)
        if isinstance(q, wq.NumericRange) and q.fieldname in _RANGE_COLUMNS:
            return self.numeric_range(q, searcher.reader())
        return set(q.docs(searcher))

    @staticmethod
    def term(q: Any, searcher: Any) -> set[int]:
        reader = searcher.reader()
        fieldname, text = q.fieldname, q.text
        if fieldname not in reader.schema:
            return set()
        if isinstance(text, str):
            text = reader.schema[fieldname].to_bytes(text)
        if not isinstance(text, bytes):
            return set(q.docs(searcher))
        if (fieldname, text) not in reader:
            return set()
        return set(reader.postings(fieldname, text).all_ids())

    def numeric_range(self, q: Any, reader: Any) -> set[int]:
        field = reader.schema[q.fieldname]
        values = self.columns.segment_column(reader, q.fieldname)

        def raw(value: Any) -> Any:
            # Date ranges come parsed into the column's integer space already; the cached
            # year column holds plain years (see _read_column); size is raw sortable ints.
            return field.to_column_value(value) if q.fieldname == "size" else value

        lo = raw(q.start) if q.start is not None else None
        hi = raw(q.end) if q.end is not None else None
        docs = {
            d
            for d, v in enumerate(values)
            if (lo is None or v > lo or (v == lo and not q.startexcl))
            and (hi is None or v < hi or (v == hi and not q.endexcl))
        }
        if q.fieldname == "date":  # undated docs have no date (their year is 0)
            years = self.columns.segment_column(reader, "year")
            docs = {d for d in docs if years[d]}
        if reader.has_deletions():
            docs = {d for d in docs if not reader.is_deleted(d)}
        return docs


def _cost(q: Any) -> int:
    """Evaluation order inside AND: cheap set lookups first, positional checks last."""
    if isinstance(q, wq.Phrase):
        return 2
    if isinstance(q, (wq.Term, wq.NumericRange, _TermSetQuery)):
        return 0
    return 1


def _phrase_docset(q: Any, searcher: Any) -> set[int]:
    """Phrase matching: intersect the words' postings, then check positions of the remaining
    candidates (3-4x faster than Whoosh's span matchers, which build Span objects)."""
    reader = searcher.reader()
    fieldname = q.fieldname
    if fieldname not in reader.schema:
        return set()
    field = reader.schema[fieldname]
    if not field.format or not field.format.supports("positions"):
        return set(q.docs(searcher))
    words = [w if isinstance(w, bytes) else field.to_bytes(w) for w in q.words]
    if not words or any((fieldname, w) not in reader for w in words):
        return set()
    unique = sorted(set(words), key=lambda w: reader.doc_frequency(fieldname, w))
    candidates: set[int] | None = None
    for w in unique:
        docs = set(reader.postings(fieldname, w).all_ids())
        candidates = docs if candidates is None else candidates & docs
        if not candidates:
            return set()
    assert candidates is not None
    if len(words) == 1:
        return candidates
    slop = max(1, int(q.slop))
    decode = _positions_decoder(field)
    matchers = {w: reader.postings(fieldname, w) for w in unique}
    out: set[int] = set()
    for doc in sorted(candidates):
        positions: dict[bytes, set[int]] = {}
        for w, m in matchers.items():
            if m.id() < doc:
                m.next()  # candidates are dense for common words: usually the next posting
                if m.id() < doc:
                    m.skip_to(doc)
            positions[w] = decode(m)
        if _chain(words, positions, slop):
            out.add(doc)
    return out


def _chain(words: list[bytes], positions: dict[bytes, set[int]], slop: int) -> bool:
    """True if the words occur in order, each within ``slop`` positions of the previous."""
    reach = positions[words[0]]
    for w in words[1:]:
        if slop == 1:
            reach = {p + 1 for p in reach} & positions[w]
        else:
            reach = {p for p in positions[w] if any(p - d in reach for d in range(1, slop + 1))}
        if not reach:
            return False
    return True


def _positions_decoder(field: Any) -> Callable[[Any], set[int]]:
    """Positions of the current posting of a matcher, as a set. Whoosh's decoder walks the
    pickled deltas in Python; for the Positions/Characters formats (same on disk in Whoosh
    2.7 and whoosh3) the running sum is done with ``accumulate`` instead, several times
    faster for the common words that phrase queries spend their time on."""
    fmt = type(field.format)
    if fmt not in (formats.Positions, formats.Characters):
        return lambda m: set(m.value_as("positions"))
    with_chars = fmt is formats.Characters

    def decode(m: Any) -> set[int]:
        raw = m.value()
        if not raw.endswith(b"."):
            raw += b"."
        codes = pickle.loads(raw[_INT_SIZE:])
        if not codes:
            return set()
        return set(itertools.accumulate(next(zip(*codes, strict=False)) if with_chars else codes))

    return decode


def _ranking_query(q: Any) -> Any | None:
    """The query used only to rank docs already matched (and passed as a filter): phrases
    become AND of their words (positions were checked when matching) and numeric/date ranges
    are dropped (they score nothing and Whoosh preloads every document for them). None: there
    is nothing to rank by."""
    if isinstance(q, wq.Phrase):
        terms = [wq.Term(q.fieldname, w, boost=q.boost) for w in q.words]
        return terms[0] if len(terms) == 1 else wq.And(terms)
    if isinstance(q, (wq.NumericRange, wq.Every, wq.Not, type(wq.NullQuery))):
        return None
    if isinstance(q, (wq.AndNot, wq.AndMaybe, wq.Require)):
        return _ranking_query(q.a)
    if isinstance(q, wq.CompoundQuery):
        if not _needs_rewrite(q):
            return q
        subs = [r for r in (_ranking_query(c) for c in q.subqueries) if r is not None]
        if not subs:
            return None
        if len(subs) == 1:
            return subs[0]
        if isinstance(q, wq.Or):
            return _UnionOr(subs, boost=q.boost)
        return type(q)(subs, boost=q.boost)
    if q.is_leaf() or not _needs_rewrite(q):
        return q
    return q.apply(lambda c: _ranking_query(c) or wq.NullQuery)


def _needs_rewrite(q: Any) -> bool:
    if isinstance(q, (wq.Phrase, wq.NumericRange, wq.Every, wq.Not, type(wq.NullQuery))):
        return True
    return not q.is_leaf() and any(_needs_rewrite(c) for c in q.children())


# ---------------------------------------------------------------------------- column caches


class _Columns:
    """Column values of one searcher generation, as Python lists indexed by global docnum.
    Segment lists are cached across generations (a segment's columns never change)."""

    def __init__(self, reader: Any, segment_cache: dict[tuple[str, str], list[Any]]) -> None:
        self.reader = reader
        self.leaves: list[tuple[Any, int]] = list(reader.leaf_readers())
        self.segment_cache = segment_cache
        self.arrays: dict[str, list[Any]] = {}
        self._key_to_doc: dict[int, int] | None = None
        self._live: list[int] | None = None

    def column(self, name: str) -> list[Any]:
        array = self.arrays.get(name)
        if array is None:
            array = []
            for leaf, _offset in self.leaves:
                array.extend(self.segment_column(leaf, name))
            self.arrays[name] = array
        return array

    def segment_column(self, leaf: Any, name: str) -> list[Any]:
        """Column values of one segment reader (local docnums)."""
        segid = _segment_id(leaf)
        values = self.segment_cache.get((segid, name)) if segid else None
        if values is None:
            values = _read_column(leaf, name)
            if segid:
                self.segment_cache[(segid, name)] = values
        return values

    def live_docs(self) -> list[int]:
        """Every non-deleted docnum, ascending."""
        if self._live is None:
            self._live = list(self.reader.all_doc_ids())
        return self._live

    def key_to_doc(self) -> dict[int, int]:
        if self._key_to_doc is None:
            keys = self.column("item_key")
            if self.reader.has_deletions():
                self._key_to_doc = {keys[d]: d for d in self.live_docs()}
            else:
                self._key_to_doc = {k: d for d, k in enumerate(keys)}
        return self._key_to_doc


def _segment_id(leaf: Any) -> str:
    segment = getattr(leaf, "segment", None)
    try:
        seg = segment() if callable(segment) else segment
        return str(seg.segid)
    except Exception:
        return ""


def _read_column(leaf: Any, name: str) -> list[Any]:
    doc_count = leaf.doc_count_all()
    if not leaf.has_column(name):
        default = b"" if name not in ("item_key", "year", "date", "size") else 0
        return [default] * doc_count
    values = list(leaf.column_reader(name, translate=False))
    if name == "item_key":
        return [v - _ITEM_KEY_OFFSET for v in values]
    if name == "year":
        return [v - _YEAR_OFFSET for v in values]
    return values


# ---------------------------------------------------------------------------- snippets


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


def _plain_snippet(text: str, start: int = 0) -> str:
    piece = text[start : start + SNIPPET_CHARS]
    if start + SNIPPET_CHARS < len(text):
        cut = piece.rfind(" ")
        if cut > SNIPPET_CHARS // 2:
            piece = piece[:cut]
        piece = piece.rstrip() + "…"
    return html.escape(_WS.sub(" ", piece).strip(), quote=False)


# ---------------------------------------------------------------------------- engine


class SearchEngine:
    """Search over one index directory, keeping one Whoosh searcher (opening one costs ~0.5 s)
    and per-generation caches; :meth:`refresh` picks up the writer's new commits."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        if not whoosh_index.exists_in(str(self.index_dir)):
            raise FileNotFoundError(f"no search index in {self.index_dir}")
        check_schema_version(self.index_dir)
        self._ix = whoosh_index.open_dir(str(self.index_dir))
        self._schema = self._ix.schema
        self._generation = int(self._ix.latest_generation())
        self._searcher = self._ix.searcher()
        self._segment_cache: dict[tuple[str, str], list[Any]] = {}
        self._columns = _Columns(self._searcher.reader(), self._segment_cache)
        self._date_plugin = DateParserPlugin(basedate=_utcnow())
        self._parser = MultifieldParser(
            list(DEFAULT_FIELD_BOOSTS), self._schema, fieldboosts=DEFAULT_FIELD_BOOSTS
        )
        self._parser.add_plugin(FuzzyTermPlugin())
        self._parser.add_plugin(GtLtPlugin())
        self._parser.add_plugin(_plusminus_plugin())
        self._parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        self._parser.add_plugin(self._date_plugin)
        body = self._schema["body"]
        self._body_analyzer = body.analyzer
        self._body_from_bytes = body.from_bytes
        self._fragmenter = highlight.ContextFragmenter(
            maxchars=SNIPPET_CHARS, surround=_SNIPPET_SURROUND, charlimit=_HIGHLIGHT_CHARLIMIT
        )
        self._formatter = _SnippetFormatter()
        self._scorer = highlight.BasicFragmentScorer()

    # -- lifecycle
    @property
    def generation(self) -> int:
        """The index generation this engine searches (see CommitAck.generation)."""
        return self._generation

    @property
    def doc_count(self) -> int:
        return int(self._searcher.doc_count())

    def refresh(self) -> None:
        """Picks up new commits (cheap when nothing changed)."""
        latest = int(self._ix.latest_generation())
        if latest == self._generation:
            return
        # Not Searcher.refresh(): whoosh3's reader reuse keeps a segment's old deletions
        # (replaced docs would show twice) and re-adds merged-away segments.
        new = self._ix.searcher()
        self._generation = latest
        old, self._searcher = self._searcher, new
        with contextlib.suppress(Exception):
            old.close()
        live = {_segment_id(leaf) for leaf, _ in new.reader().leaf_readers()}
        for key in [k for k in self._segment_cache if k[0] not in live]:
            del self._segment_cache[key]
        self._columns = _Columns(new.reader(), self._segment_cache)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._searcher.close()
        with contextlib.suppress(Exception):
            self._ix.close()

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries
    def parse(self, text: str) -> Any:
        """The Whoosh query for ``text`` (expanded, checked). Raises QuerySyntaxError."""
        if not text or not text.strip():
            return wq.Every()
        _check_balance(text)
        self._date_plugin.basedate = _utcnow()
        try:
            q = self._parser.parse(text, normalize=False)
            q = _Rewriter(self._searcher.reader(), self._schema)(q)
            q = q.normalize()
        except QuerySyntaxError:
            raise
        except Exception as exc:  # Whoosh's parser raises assorted errors on odd input
            if "date:" in text:
                raise QuerySyntaxError(
                    "cannot understand the date in the query; write e.g. date:2019, "
                    "date:2019-03 or date:[2019-01-01 TO 2019-06-30]"
                ) from exc
            raise QuerySyntaxError(f"cannot understand the query: {exc}") from exc
        if getattr(q, "error", None):
            raise QuerySyntaxError(f"cannot understand the query: {q.error}")
        return q

    def count(self, query: str, *, allowed_keys: set[int] | None = None) -> int:
        return len(self._matching(self.parse(query), allowed_keys))

    def all_keys(self, query: str, *, allowed_keys: set[int] | None = None) -> list[int]:
        """Every matching item_key, in index order (for bulk actions)."""
        keys = self._columns.column("item_key")
        return [keys[d] for d in self._matching(self.parse(query), allowed_keys)]

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        allowed_keys: set[int] | None = None,
        text_loader: Callable[[int], str | None] | None = None,
        facets: Sequence[str] = FACET_FIELDS,
        sort: str | None = None,
        reverse: bool = False,
    ) -> SearchPage:
        """One page of hits plus the total and the facet counts of the whole result set.
        ``sort``: None/"relevance", "date", "size", "title" or "path"; missing dates last."""
        started = time.perf_counter()
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must be >= 0")
        if sort == "relevance":
            sort = None
        if sort is not None and sort not in SORT_COLUMNS:
            raise ValueError(f"unknown sort {sort!r}; use one of {sorted(SORT_COLUMNS)}")
        unknown = [f for f in facets if f not in FACET_FIELDS]
        if unknown:
            raise ValueError(f"unknown facets {unknown}; use {list(FACET_FIELDS)}")

        q = self.parse(query)
        docs = self._matching(q, allowed_keys)
        total = len(docs)
        facet_counts = {name: self._facet(name, docs) for name in facets}

        page: list[tuple[int, float]] = []
        if limit and offset < total:
            if sort is not None:
                page = [(d, 0.0) for d in self._sorted(docs, sort, reverse, offset + limit)]
            elif isinstance(q, wq.Every):
                page = [(d, 0.0) for d in docs[: offset + limit]]
            else:
                page = self._ranked(q, docs, offset + limit, allowed_keys is not None)
            page = page[offset : offset + limit]

        terms: set[str] = set()
        _collect_terms(q, "body", terms, self._body_from_bytes)
        hits = [self._hit(d, score, terms, text_loader) for d, score in page]
        elapsed = (time.perf_counter() - started) * 1000.0
        return SearchPage(query, total, hits, facet_counts, elapsed, sorted(terms))

    # -- internals
    def _matching(self, q: Any, allowed_keys: set[int] | None) -> list[int]:
        """Sorted docnums matching ``q`` and allowed by ``allowed_keys``."""
        if isinstance(q, wq.Every):
            docs = list(self._columns.live_docs())
        elif isinstance(q, type(wq.NullQuery)):
            docs = []
        else:
            docs = []
            evaluate = _SetEvaluator(self._columns)
            for sub, offset in self._searcher.leaf_searchers():
                local = evaluate(q, sub)
                docs.extend(sorted(d + offset for d in local) if offset else sorted(local))
        if allowed_keys is not None:
            if len(allowed_keys) < len(docs):
                key_to_doc = self._columns.key_to_doc()
                allowed = {key_to_doc[k] for k in allowed_keys if k in key_to_doc}
                docs = [d for d in docs if d in allowed]
            else:
                keys = self._columns.column("item_key")
                docs = [d for d in docs if keys[d] in allowed_keys]
        return docs

    def _ranked(self, q: Any, docs: list[int], n: int, filtered: bool) -> list[tuple[int, float]]:
        """Top ``n`` of ``docs`` by relevance (Whoosh's top-N collector with block-quality
        skipping, restricted to ``docs``); docs the ranking query cannot score follow in
        index order, so a page is always full."""
        if not docs:
            return []
        rq = _ranking_query(q)
        ranked: list[tuple[int, float]] = []
        if rq is not None and len(docs) <= _SCORE_BY_SKIP:
            ranked = self._score_docs(rq, docs, n)
        elif rq is not None:
            # The filter is needed when the ranking query matches more than ``docs``.
            exact = rq is q and not filtered
            results = self._searcher.search(rq, limit=n, filter=None if exact else set(docs))
            ranked = [(docnum, float(score)) for score, docnum in results.top_n]
        if len(ranked) < min(n, len(docs)):
            seen = {d for d, _ in ranked}
            ranked += [(d, 0.0) for d in docs if d not in seen][: n - len(ranked)]
        return ranked

    def _score_docs(self, rq: Any, docs: list[int], n: int) -> list[tuple[int, float]]:
        """Scores exactly ``docs`` by skipping the ranking matcher to each of them: for few
        matches of a query whose matcher has many candidates (phrases of common words,
        ``allowed_keys``), cheaper than letting the collector walk every candidate."""
        context = self._searcher.context(needs_current=True)
        scored: list[tuple[float, int]] = []
        i = 0
        for sub, offset in self._searcher.leaf_searchers():
            end = offset + sub.reader().doc_count_all()
            local: list[int] = []
            while i < len(docs) and docs[i] < end:
                local.append(docs[i] - offset)
                i += 1
            if not local:
                continue
            m = rq.matcher(sub, context)
            for doc in local:
                if not m.is_active():
                    break
                if m.id() < doc:
                    m.skip_to(doc)
                if m.is_active() and m.id() == doc:
                    scored.append((float(m.score()), doc + offset))
        top = heapq.nlargest(n, scored, key=lambda item: (item[0], -item[1]))
        return [(doc, score) for score, doc in top]

    def _sorted(self, docs: list[int], sort: str, reverse: bool, n: int) -> list[int]:
        values = self._columns.column(SORT_COLUMNS[sort])
        if sort == "date":
            years = self._columns.column("year")

            # Undated items come last in both directions.
            if reverse:
                return heapq.nlargest(n, docs, key=lambda d: (years[d] != 0, values[d]))
            return heapq.nsmallest(n, docs, key=lambda d: (years[d] == 0, values[d]))
        if reverse:
            return heapq.nlargest(n, docs, key=values.__getitem__)
        return heapq.nsmallest(n, docs, key=values.__getitem__)

    def _facet(self, name: str, docs: list[int]) -> dict[str, int]:
        values = self._columns.column(name)
        counts = Counter(map(values.__getitem__, docs))
        out: dict[str, int] = {}
        for value, n in counts.most_common():
            if name == "year":
                label = str(value) if value else ""
            else:
                label = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            out[label] = out.get(label, 0) + n
        return out

    def _hit(
        self,
        docnum: int,
        score: float,
        terms: set[str],
        text_loader: Callable[[int], str | None] | None,
    ) -> Hit:
        stored = self._searcher.stored_fields(docnum)
        key = int(stored.get("item_key", self._columns.column("item_key")[docnum]))
        snippet = ""
        if text_loader is not None:
            text = text_loader(key)
            if text:
                snippet = self._snippet(docnum, text, terms)
        date = stored.get("date")
        return Hit(
            item_key=key,
            item_id=stored.get("item_id", ""),
            path=stored.get("path", ""),
            title=stored.get("title", ""),
            date=date if isinstance(date, _dt.datetime) else None,
            kind=stored.get("kind", ""),
            status=stored.get("status", ""),
            score=score,
            snippet=snippet,
        )

    def _snippet(self, docnum: int, text: str, terms: set[str]) -> str:
        """Best fragment around the query's body words; the start of the text otherwise.
        The body postings say where the matches are (token positions), so only a window of
        ~300 characters is re-tokenized and highlighted instead of the whole body."""
        if not terms:
            return _plain_snippet(text)
        if len(terms) <= _PINPOINT_MAX_TERMS:
            start = self._match_start(docnum, text, terms)
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

    def _match_start(self, docnum: int, text: str, terms: Iterable[str]) -> int | None:
        """Character offset in ``text`` where the best snippet window starts, from the
        positions of the query words in the indexed body of ``docnum``."""
        leaves = self._columns.leaves
        i = bisect.bisect_right([off for _, off in leaves], docnum) - 1
        leaf, offset = leaves[i]
        local = docnum - offset
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
        if not found:
            return None
        found.sort()
        position = _best_window(found, _SNIPPET_TOKENS)
        tokenizer = self._body_analyzer[0]
        if not isinstance(tokenizer, MultilingualTokenizer):
            return None
        return tokenizer.position_offsets(text, {position}).get(position)

    def _highlight(self, text: str, terms: set[str], lead: bool, trail: bool) -> str:
        tokens = self._body_analyzer(text, chars=True, mode="query", removestops=False)
        tokens = _merge_overlaps(highlight.set_matched_filter(tokens, frozenset(terms)))
        # The first few fragments are enough: stop tokenizing there (long bodies).
        fragments = itertools.islice(self._fragmenter.fragment_tokens(text, tokens), 3)
        top = highlight.top_fragments(fragments, 1, self._scorer, highlight.SCORE, minscore=1)
        if not top:
            return ""
        self._formatter.lead, self._formatter.trail = lead, trail
        return self._formatter.format(top)

    def _match_offsets(self, docnum: int, terms: Iterable[str]) -> list[tuple[int, str]]:
        """(startchar, term) of the query words in the indexed body of ``docnum``."""
        leaves = self._columns.leaves
        i = bisect.bisect_right([off for _, off in leaves], docnum) - 1
        leaf, offset = leaves[i]
        local = docnum - offset
        found: list[tuple[int, str]] = []
        for term in terms:
            btext = term.encode("utf-8")
            if ("body", btext) not in leaf:
                continue
            m = leaf.postings("body", btext)
            m.skip_to(local)
            if m.is_active() and m.id() == local:
                chars = m.value_as("characters")
                found.extend((sc, term) for _pos, sc, _ec in chars[:_PINPOINT_MAX_OCCURRENCES])
        found.sort()
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


def _utcnow() -> _dt.datetime:
    """Naive UTC now: the index stores naive UTC datetimes."""
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None)

