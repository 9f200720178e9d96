"""The search engine: one page of hits with the total and the facet counts of a query.

A search parses and expands the query once (:mod:`.query`), computes the whole matching set
once (:mod:`.matching`), takes the total, the facets, ``allowed_keys``, sorting and paging from
cached columns (:mod:`.columns`), ranks only what the page needs (:mod:`.ranking`) and makes
snippets for the shown hits only (:mod:`.snippets`). DESIGN §8 says why stock Whoosh is not used
for these.

A SearchEngine keeps one Whoosh searcher and its caches; use one engine per thread.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq

from trovetriage.index.columns import Columns, SegmentCache, drop_dead_segments
from trovetriage.index.matching import matching_docs
from trovetriage.index.query import (
    MAX_EXPANSION,
    MIN_WILDCARD_PREFIX,
    QueryParser,
    QuerySyntaxError,
    collect_terms,
)
from trovetriage.index.ranking import top_ranked
from trovetriage.index.schema import FACET_FIELDS, SORT_COLUMNS
from trovetriage.index.snippets import SnippetMaker, match_spans
from trovetriage.index.writer import check_schema_version

# The query limits, QuerySyntaxError and match_spans are offered here too, as they always were.
__all__ = [
    "MAX_EXPANSION",
    "MIN_WILDCARD_PREFIX",
    "Hit",
    "QuerySyntaxError",
    "SearchEngine",
    "SearchPage",
    "match_spans",
]


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


@dataclass
class KeyPage:
    """All matches of a query as item keys in display order, for id-only result models."""

    query: str
    keys: list[int]
    facets: dict[str, dict[str, int]]
    terms: list[str]
    elapsed_ms: float


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
        self._segment_cache: SegmentCache = {}
        self._columns = Columns(self._searcher.reader(), self._segment_cache)
        self._parser = QueryParser(self._schema)
        body = self._schema["body"]
        self._body_from_bytes = body.from_bytes
        self._snippets = SnippetMaker(body.analyzer)

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
        drop_dead_segments(self._segment_cache, new.reader())
        self._columns = Columns(new.reader(), self._segment_cache)

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
        return self._parser.parse(text, self._searcher.reader())

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
        facet_counts = {name: self._columns.facet(name, docs) for name in facets}

        page: list[tuple[int, float]] = []
        if limit and offset < total:
            if sort is not None:
                page = [(d, 0.0) for d in self._columns.top_sorted(docs, sort, reverse, offset + limit)]
            elif isinstance(q, wq.Every):
                page = [(d, 0.0) for d in docs[: offset + limit]]
            else:
                page = top_ranked(self._searcher, q, docs, offset + limit, allowed_keys is not None)
            page = page[offset : offset + limit]

        terms: set[str] = set()
        collect_terms(q, "body", terms, self._body_from_bytes)
        hits = [self._hit(d, score, terms, text_loader) for d, score in page]
        elapsed = (time.perf_counter() - started) * 1000.0
        return SearchPage(query, total, hits, facet_counts, elapsed, sorted(terms))

    def ordered_keys(self, query: str, *, allowed_keys: set[int] | None = None, sort: str | None = None,
                     reverse: bool = False, facets: Sequence[str] = FACET_FIELDS,
                     ranked: int = 1000) -> KeyPage:
        """Every match as an item key, in display order, with facet counts: what an id-only
        results table needs. Relevance order covers the best ``ranked`` hits, the rest follow in
        index order (ranking 100,000 hits would take seconds and nobody reads that far)."""
        started = time.perf_counter()
        if sort == "relevance":
            sort = None
        if sort is not None and sort not in SORT_COLUMNS:
            raise ValueError(f"unknown sort {sort!r}; use one of {sorted(SORT_COLUMNS)}")
        q = self.parse(query)
        docs = self._matching(q, allowed_keys)
        facet_counts = {name: self._columns.facet(name, docs) for name in facets}
        if sort is not None:
            ordered = self._columns.top_sorted(docs, sort, reverse, len(docs))
        elif isinstance(q, wq.Every) or not docs:
            ordered = docs
        else:
            top = [d for d, _ in top_ranked(self._searcher, q, docs, ranked, allowed_keys is not None)]
            seen = set(top)
            ordered = top + [d for d in docs if d not in seen]
        keys = self._columns.column("item_key")
        terms: set[str] = set()
        collect_terms(q, "body", terms, self._body_from_bytes)
        return KeyPage(query, [int(keys[d]) for d in ordered], facet_counts, sorted(terms),
                       (time.perf_counter() - started) * 1000.0)

    # -- internals
    def _matching(self, q: Any, allowed_keys: set[int] | None) -> list[int]:
        """Sorted docnums matching ``q`` and allowed by ``allowed_keys``."""
        return matching_docs(q, self._searcher, self._columns, allowed_keys)

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
                leaf, local = self._columns.leaf_of(docnum)
                snippet = self._snippets.snippet(text, terms, leaf, local)
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
