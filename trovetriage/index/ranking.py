"""Relevance order of the documents already known to match a query.

Only the shown page needs scores. Whoosh's top-N collector (block-quality skipping; ORs forced
to the union tree) ranks with a query without positional checks or ranges, restricted to the
matching documents; few matches are scored one by one instead.
"""

from __future__ import annotations

import heapq
from typing import Any

from whoosh import query as wq

from trovetriage.index.query import UnionOr

__all__ = ["top_ranked"]

# Up to this many matches are ranked by scoring each of them directly.
_SCORE_BY_SKIP = 1000
# Query types that score nothing (or, for ranges, make Whoosh preload every document).
_UNRANKED = (wq.NumericRange, wq.Every, wq.Not, type(wq.NullQuery))
# Query types the ranking query leaves out or replaces.
_REWRITTEN = (wq.Phrase, *_UNRANKED)


def top_ranked(searcher: Any, q: Any, docs: list[int], n: int, filtered: bool) -> list[tuple[int, float]]:
    """(docnum, score) of the top ``n`` of ``docs`` by relevance to ``q``; docs the ranking
    query cannot score follow in index order, so a page is always full. ``filtered``: ``docs``
    were narrowed beyond ``q`` (``allowed_keys``)."""
    if not docs:
        return []
    rq = _ranking_query(q)
    ranked: list[tuple[int, float]] = []
    if rq is not None and len(docs) <= _SCORE_BY_SKIP:
        ranked = _score_docs(searcher, rq, docs, n)
    elif rq is not None:
        # The filter is needed when the ranking query matches more than ``docs``.
        exact = rq is q and not filtered
        results = searcher.search(rq, limit=n, filter=None if exact else set(docs))
        ranked = [(docnum, float(score)) for score, docnum in results.top_n]
    if len(ranked) < min(n, len(docs)):
        seen = {d for d, _ in ranked}
        ranked += [(d, 0.0) for d in docs if d not in seen][: n - len(ranked)]
    return ranked


def _score_docs(searcher: Any, rq: Any, docs: list[int], n: int) -> list[tuple[int, float]]:
    """Scores exactly ``docs`` by skipping the ranking matcher to each of them: for few
    matches of a query whose matcher has many candidates (phrases of common words,
    ``allowed_keys``), cheaper than letting the collector walk every candidate."""
    context = searcher.context(needs_current=True)
    scored: list[tuple[float, int]] = []
    i = 0
    for sub, offset in searcher.leaf_searchers():
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


def _ranking_query(q: Any) -> Any | None:
    """The query used only to rank docs already matched (and passed as a filter): phrases
    become AND of their words (positions were checked when matching) and numeric/date ranges
    are dropped (they score nothing and Whoosh preloads every document for them). None: there
    is nothing to rank by."""
    if isinstance(q, wq.Phrase):
        terms = [wq.Term(q.fieldname, w, boost=q.boost) for w in q.words]
        return terms[0] if len(terms) == 1 else wq.And(terms)
    if isinstance(q, _UNRANKED):
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
            return UnionOr(subs, boost=q.boost)
        return type(q)(subs, boost=q.boost)
    if q.is_leaf() or not _needs_rewrite(q):
        return q
    return q.apply(lambda c: _ranking_query(c) or wq.NullQuery)


def _needs_rewrite(q: Any) -> bool:
    if isinstance(q, _REWRITTEN):
        return True
    return not q.is_leaf() and any(_needs_rewrite(c) for c in q.children())
