"""Query strings to checked, expanded Whoosh queries.

Stock Whoosh silently repairs broken syntax and expands a multi-term query (prefix, wildcard,
fuzzy, word range) again for every segment and pass, without bound. Here the parsed query is
checked once, and its multi-term parts are expanded ONCE per search, segment by segment (a
segment reader finds fuzzy matches with an automaton; the multi-segment reader computes an edit
distance per word), and capped: :data:`MAX_EXPANSION` words, and :data:`MIN_WILDCARD_PREFIX`
literal characters before a wildcard, so a too-broad pattern is an error the user can act on
instead of a hang. Few expansions stay scored terms; many become a constant-score union of
postings (:class:`TermSetQuery`).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import regex
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

from trovetriage.index.schema import DEFAULT_FIELD_BOOSTS, FIELD_ALIASES

__all__ = [
    "MAX_EXPANSION",
    "MIN_WILDCARD_PREFIX",
    "QueryParser",
    "QuerySyntaxError",
    "TermSetQuery",
    "UnionOr",
    "collect_terms",
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

_BIGRAM_CHAR = regex.compile(r"^[\p{Hangul}\p{Han}\p{Hiragana}\p{Katakana}]$")


class QuerySyntaxError(ValueError):
    """The query string cannot be understood; the message says why, for the user."""


class QueryParser:
    """Whoosh's multi-field parser with the plugins and field aliases users may type, plus the
    checks and the one-time expansion of multi-term queries (see the module docstring)."""

    def __init__(self, schema: Any) -> None:
        self._schema = schema
        self._date_plugin = DateParserPlugin(basedate=_utcnow())
        self._parser = MultifieldParser(list(DEFAULT_FIELD_BOOSTS), schema, fieldboosts=DEFAULT_FIELD_BOOSTS)
        self._parser.add_plugin(FuzzyTermPlugin())
        self._parser.add_plugin(GtLtPlugin())
        self._parser.add_plugin(_plusminus_plugin())
        self._parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        self._parser.add_plugin(self._date_plugin)

    def parse(self, text: str, reader: Any) -> Any:
        """The Whoosh query for ``text``, expanded against the words of ``reader``.
        Raises QuerySyntaxError."""
        if not text or not text.strip():
            return wq.Every()
        _check_balance(text)
        self._date_plugin.basedate = _utcnow()  # "date:yesterday" means now, not at startup
        try:
            self._check_fields(text)
            q = self._parser.parse(text, normalize=False)
            q = _Rewriter(reader, self._schema)(q)
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


    def _check_fields(self, text: str) -> None:
        """A lower-case name before a colon that is no field would be searched as a word and quietly find
        nothing (`victim:x`, `level:3`, `form:`): say which fields exist. Quoted text, URLs (`http://`)
        and capitalised words (`TLP:RED`) are left alone."""
        known = set(self._schema.names()) | {alias for aliases in FIELD_ALIASES.values() for alias in aliases}
        for match in _FIELD_PREFIX.finditer(_QUOTED.sub(" ", text)):
            name = match.group(1)
            if name not in known:
                raise QuerySyntaxError(
                    f"unknown field '{name}:'. The fields are {', '.join(TYPED_FIELDS)}. Victim, level and "
                    f"category are filters (the window's sidebar; search --victim/--level/--category). "
                    f'To search for text with a colon, quote it: "{name}:..."')


_QUOTED = re.compile(r'"[^"]*"')
#: A lower-case name before a colon, as fields are typed; `TLP:RED` or `URGENT:` stay words.
_FIELD_PREFIX = re.compile(r"(?<![\w.@/:\\-])([a-z_][a-z0-9_]*):(?!//)")
#: The field names users type (aliases included), for messages.
TYPED_FIELDS = ("title", "subject", "body", "from", "to", "name", "path", "kind", "status", "mime", "domain", "year",
                "date", "size")


class TermSetQuery(wq.Query):
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


class UnionOr(wq.Or):
    """Or that always uses the binary tree of union matchers. Whoosh's automatic choice
    preloads and scores every document of segments under 5,000 docs, which makes top-N
    ranking of a common word 2-5x slower than the tree with block-quality skipping."""

    matcher_type = wq.Or.DEFAULT_MATCHER


def collect_terms(q: Any, fieldname: str, out: set[str], from_bytes: Callable[[bytes], str]) -> None:
    """Words of ``fieldname`` a hit can contain: everything but negated parts."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        collect_terms(q.a, fieldname, out, from_bytes)
        return
    if isinstance(q, TermSetQuery):
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
            collect_terms(child, fieldname, out, from_bytes)


def _utcnow() -> _dt.datetime:
    """Naive UTC now: the index stores naive UTC datetimes."""
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None)


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
            q = UnionOr(q.subqueries, boost=q.boost, minmatch=q.minmatch, scale=q.scale)
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
            return terms[0] if len(terms) == 1 else UnionOr(terms)
        return TermSetQuery(fieldname, btexts, boost)


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
