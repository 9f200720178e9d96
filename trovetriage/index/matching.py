"""The set of documents matching a query, computed once per search.

Walking Whoosh's matcher tree document by document is slow for the total, the facets and the
filters, which need every match. Here the matches are computed by set algebra over postings;
phrases intersect postings then check positions with a fast decoder; numeric/date ranges are
answered from the cached columns. Query types not handled here use Whoosh's own matching.
"""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Callable
from typing import Any

from whoosh import formats
from whoosh import query as wq
from whoosh.system import _INT_SIZE

from trovetriage.index.columns import Columns
from trovetriage.index.query import TermSetQuery

__all__ = ["matching_docs"]

# Numeric fields whose range queries are answered from the cached columns.
_RANGE_COLUMNS = frozenset({"date", "size", "year"})


def matching_docs(q: Any, searcher: Any, columns: Columns, allowed_keys: set[int] | None) -> list[int]:
    """Sorted global docnums matching ``q`` and allowed by ``allowed_keys``."""
    if isinstance(q, wq.Every):
        docs = list(columns.live_docs())
    elif isinstance(q, type(wq.NullQuery)):
        docs = []
    else:
        docs = []
        evaluate = _SetEvaluator(columns)
        for sub, offset in searcher.leaf_searchers():
            local = evaluate(q, sub)
            docs.extend(sorted(d + offset for d in local) if offset else sorted(local))
    if allowed_keys is not None:
        docs = columns.allowed(docs, allowed_keys)
    return docs


class _SetEvaluator:
    """Docnums (of one segment searcher) matching a query, by set algebra over postings."""

    def __init__(self, columns: Columns) -> None:
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
        if isinstance(q, TermSetQuery):
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
            # year column holds plain years (see columns._read_column); size is raw sortable ints.
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
    if isinstance(q, (wq.Term, wq.NumericRange, TermSetQuery)):
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
