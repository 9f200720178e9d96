"""Reclassifying many items by query: how long the decision takes and when filters show it.

Usage: .venv/bin/python bench/bulk_classify.py --case bench/out/gui_latency/case [--query ""] [--min-items 10000]

Times, on an existing case: resolving the query to item ids, recording a manual level on all of
them (with one audit row per item), a search filtered on the new level (the decision must show
in filters at once: levels live in SQLite, not in the index), and the undo. The case is left as
it was (the undo is audited too).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from trovetriage.case import Case, views
from trovetriage.core.judgements import Decision


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", type=Path, required=True)
    parser.add_argument("--query", default="")
    parser.add_argument("--min-items", type=int, default=10_000)
    args = parser.parse_args(argv)
    with Case.open(args.case) as case:
        started = time.perf_counter()
        item_ids = case.item_ids_for_query(args.query)
        resolve = time.perf_counter() - started
        if len(item_ids) < args.min_items:
            print(f"the query matches {len(item_ids)} items, fewer than --min-items {args.min_items}")
            return 1
        item_ids = item_ids[: max(args.min_items, 1)]
        started = time.perf_counter()
        changes = case.classify(item_ids, Decision(level=0), actor="bench")
        decide = time.perf_counter() - started
        started = time.perf_counter()
        shown = views.search(case, args.query, {"level": ["0"]})["total"]
        filtered = time.perf_counter() - started
        started = time.perf_counter()
        case.undo(changes, actor="bench")
        undo = time.perf_counter() - started
    print(f"items {len(item_ids):,}: resolve query {resolve:.2f} s, record decision {decide:.2f} s, "
          f"filtered search shows {shown:,} at level 0 after {filtered:.2f} s, undo {undo:.2f} s; "
          f"decision + filter = {decide + filtered:.2f} s (target < 5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
