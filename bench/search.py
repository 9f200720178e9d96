"""Search benchmark: p50/p95 latency per query type on a case built by bench/ingest.py.

Usage: .venv/bin/python bench/search.py [--case bench/out/case-s10] [--repeat 3]
Each query asks for a 20-hit page with highlighted snippets, as the GUI and the CLI do. Query words
are drawn from the case's own texts (mid-frequency and common words), so the figures hold for
whatever trove was indexed.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from trovetriage.case import Case

WORD = re.compile(r"[^\W\d_]{4,}")


def pick_words(case: Case, sample: int = 400) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Mid-frequency words, common words and adjacent word pairs (for phrases) from sampled texts."""
    rows = case.store.db.execute(
        "SELECT sha256 FROM contents WHERE text_chars > 200 ORDER BY sha256 LIMIT ?", (sample,)).fetchall()
    frequency: Counter[str] = Counter()
    pairs: list[tuple[str, str]] = []
    for row in rows:
        words = WORD.findall(case.store.content_text(row[0]))
        frequency.update(sorted({w.lower() for w in words}))
        if len(words) > 10:
            start = len(words) // 2
            pairs.append((words[start], words[start + 1]))
    ranked = [w for w, _ in frequency.most_common()]
    common = ranked[:20]
    middle = ranked[len(ranked) // 10: len(ranked) // 10 + 40]
    return middle, common, pairs[:40]


def build_queries(middle: list[str], common: list[str], pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    rng = random.Random(5)
    pick = lambda words: rng.choice(words)  # noqa: E731
    return {
        "term (mid-frequency)": [pick(middle) for _ in range(20)],
        "term (common)": [pick(common) for _ in range(10)],
        "boolean": [f"{pick(middle)} AND ({pick(common)} OR {pick(middle)}) NOT {pick(middle)}"
                    for _ in range(20)],
        "phrase": [f'"{a} {b}"' for a, b in pairs[:20]],
        "proximity": [f'"{a} {b}"~3' for a, b in pairs[20:40]] or [f'"{a} {b}"~3' for a, b in pairs[:20]],
        "wildcard": [f"{pick(middle)[:4]}*" for _ in range(20)],
        "fuzzy": [f"{pick(middle)}~1" for _ in range(20)],
        "date range": ["date:[2018-01-01 to 2018-06-30]", "date:[2019-03-01 to 2019-12-31]",
                       "date:[2020-01-01 to 2021-12-31]", "date:2019"] * 5,
        "field + facet": [f"kind:email {pick(middle)}" for _ in range(10)]
                         + [f"status:ok {pick(common)}" for _ in range(10)],
        "everything (facets)": [""] * 5,
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", type=Path, default=Path("bench/out/case-s10"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with Case.open(args.case) as case:
        t0 = time.perf_counter()
        case.search("warmup")
        print(f"case {args.case}: {case.store.item_count()} items; open searcher + first query "
              f"{(time.perf_counter() - t0) * 1000:.0f} ms")
        queries = build_queries(*pick_words(case))
        print(f"{'query type':<22} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean hits':>10}")
        for name, texts in queries.items():
            times: list[float] = []
            hits: list[int] = []
            for _ in range(args.repeat):
                for text in texts:
                    started = time.perf_counter()
                    page = case.search(text, limit=20)
                    times.append((time.perf_counter() - started) * 1000)
                    hits.append(page.total)
            print(f"{name:<22} {len(times):>4} {percentile(times, 0.5):>8.1f} {percentile(times, 0.95):>8.1f} "
                  f"{max(times):>8.1f} {statistics.mean(hits):>10.0f}")


if __name__ == "__main__":
    main()
