"""Per-segment column caches and what is computed from them: facet counts, sorting, the
``allowed_keys`` filter and docnum lookups.

Whoosh's ``groupedby`` scores every document and drops ``limit``; its sorting reads the columns
again for every search. Here a segment's columns are read once into Python lists (a segment
never changes) and the facets, sorting and filters of a search are list lookups over the
matching docnums.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from typing import Any

from trovetriage.index.schema import SORT_COLUMNS

__all__ = ["Columns", "SegmentCache", "drop_dead_segments"]

_ITEM_KEY_OFFSET = 1 << 63  # NUMERIC(bits=64, signed) columns store value + 2**63
_YEAR_OFFSET = 1 << 31

#: (segment id, column name) -> the segment's values, by local docnum.
SegmentCache = dict[tuple[str, str], list[Any]]


class Columns:
    """Column values of one searcher generation, as Python lists indexed by global docnum.
    Segment lists are cached across generations (a segment's columns never change)."""

    def __init__(self, reader: Any, segment_cache: SegmentCache) -> None:
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

    def leaf_of(self, docnum: int) -> tuple[Any, int]:
        """The segment reader holding global ``docnum``, and the docnum within it."""
        i = bisect.bisect_right([off for _, off in self.leaves], docnum) - 1
        leaf, offset = self.leaves[i]
        return leaf, docnum - offset

    def allowed(self, docs: list[int], allowed_keys: set[int]) -> list[int]:
        """The docnums of ``docs`` whose item_key is in ``allowed_keys``, in the same order;
        through whichever side is smaller."""
        if len(allowed_keys) < len(docs):
            key_to_doc = self.key_to_doc()
            allowed = {key_to_doc[k] for k in allowed_keys if k in key_to_doc}
            return [d for d in docs if d in allowed]
        keys = self.column("item_key")
        return [d for d in docs if keys[d] in allowed_keys]

    def top_sorted(self, docs: list[int], sort: str, reverse: bool, n: int) -> list[int]:
        """The first ``n`` of ``docs`` by the column of ``sort`` (a :data:`SORT_COLUMNS` name);
        undated items come last in both directions."""
        values = self.column(SORT_COLUMNS[sort])
        if sort == "date":
            years = self.column("year")
            if reverse:
                return heapq.nlargest(n, docs, key=lambda d: (years[d] != 0, values[d]))
            return heapq.nsmallest(n, docs, key=lambda d: (years[d] == 0, values[d]))
        if reverse:
            return heapq.nlargest(n, docs, key=values.__getitem__)
        return heapq.nsmallest(n, docs, key=values.__getitem__)

    def facet(self, name: str, docs: list[int]) -> dict[str, int]:
        """Label -> number of ``docs``, most common first; the label of "no year" is ""."""
        values = self.column(name)
        counts = Counter(map(values.__getitem__, docs))
        out: dict[str, int] = {}
        for value, n in counts.most_common():
            if name == "year":
                label = str(value) if value else ""
            else:
                label = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            out[label] = out.get(label, 0) + n
        return out


def _segment_id(leaf: Any) -> str:
    """The id of a segment reader's segment; "" when it has none (nothing is cached then)."""
    segment = getattr(leaf, "segment", None)
    try:
        seg = segment() if callable(segment) else segment
        return str(seg.segid)
    except Exception:
        return ""


def drop_dead_segments(segment_cache: SegmentCache, reader: Any) -> None:
    """Forgets the columns of segments that ``reader`` no longer has (merged or deleted)."""
    live = {_segment_id(leaf) for leaf, _ in reader.leaf_readers()}
    for key in [k for k in segment_cache if k[0] not in live]:
        del segment_cache[key]


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
