"""Probe of the search engine on synthetic e-mail-like text: indexing speed and query latency.

Prints figures, asserts nothing. Examples::

    python bench/search_engine_probe.py index --docs 6000 --procs 1 --busy 1
    python bench/search_engine_probe.py index --docs 20000 --procs 1 --out /tmp/probe/ix
    python bench/search_engine_probe.py query --docs 20000 --out /tmp/probe/ix

The corpus is deterministic (seeded): a Zipf-distributed vocabulary of pseudo-words in Latin,
Cyrillic, Arabic and Hangul scripts, plus e-mail addresses, host names and IP addresses.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import multiprocessing
import os
import random
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from trovetriage.index import IndexWriterProcess, QuerySyntaxError, SearchEngine

_SCRIPTS = {
    "latin": ("bcdfghklmnprstvz", "aeiou"),
    "turkish": ("bcçdfgğhklmnprsştvyz", "aeıioöuü"),
    "cyrillic": ("бвгдзклмнпрстфхчш", "аеиоуыяю"),
    "arabic": ("بتثجحخدذرزسشصضطظعغفقكلمنهوي", "اويَُِ"),
}
_KINDS = ["email", "email", "email", "document", "pdf", "spreadsheet", "text", "archive"]
_STATUS = ["ok"] * 18 + ["corrupt", "encrypted"]
_DOMAINS = [f"org{i}.gov.example" for i in range(40)] + ["mail.example.com", "gmail.com"]


def _word(rng: random.Random, script: str) -> str:
    if script == "hangul":
        return "".join(chr(0xAC00 + rng.randrange(0, 2000)) for _ in range(rng.randint(2, 4)))
    cons, vows = _SCRIPTS[script]
    return "".join(rng.choice(cons) + rng.choice(vows) for _ in range(rng.randint(1, 4)))


class Corpus:
    """Deterministic synthetic documents."""

    def __init__(self, seed: int = 7, vocab: int = 120_000) -> None:
        rng = random.Random(seed)
        self.words: dict[str, list[str]] = {}
        self.cum: dict[str, list[float]] = {}
        for script, size in (("latin", vocab), ("turkish", vocab // 4), ("cyrillic", vocab // 4),
                             ("arabic", vocab // 4), ("hangul", vocab // 8)):
            seen: set[str] = set()
            while len(seen) < size:
                seen.add(_word(rng, script))
            words = sorted(seen)
            rng.shuffle(words)
            self.words[script] = words
            self.cum[script] = list(itertools.accumulate(1.0 / (r + 1) ** 1.05 for r in range(len(words))))
        self.seed = seed

    def draw(self, rng: random.Random, script: str, k: int) -> list[str]:
        words, cum = self.words[script], self.cum[script]
        total = cum[-1]
        return [words[bisect.bisect(cum, rng.random() * total)] for _ in range(k)]

    def doc(self, key: int) -> dict[str, Any]:
        rng = random.Random(self.seed * 1_000_003 + key)
        roll = rng.random()
        script = ("latin" if roll < 0.6 else "turkish" if roll < 0.72 else "cyrillic" if roll < 0.84
                  else "arabic" if roll < 0.94 else "hangul")
        n = int(rng.lognormvariate(6.4, 0.8))  # ~900 words on average, long tail
        n = max(20, min(n, 20_000))
        words = self.draw(rng, script, n)
        if script != "latin":
            words += self.draw(rng, "latin", n // 5)
            rng.shuffle(words)
        domain = rng.choice(_DOMAINS)
        sender = f"{self.draw(rng, 'latin', 1)[0]}.{self.draw(rng, 'latin', 1)[0]}@{domain}"
        extras = [sender, f"mx{rng.randrange(9)}.{domain}", f"10.{rng.randrange(255)}.{rng.randrange(255)}.7"]
        for extra in extras:
            words.insert(rng.randrange(len(words)), extra)
        lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
        body = ".\n".join(lines)
        date = dt.datetime(2015, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=rng.randrange(10 * 365 * 86400))
        title = " ".join(self.draw(rng, script, rng.randint(3, 9)))
        return {
            "item_key": key,
            "item_id": f"it{key:07d}",
            "path": f"uploads/box{key % 50}.pst!Inbox/{key}.eml",
            "name": f"{key}.eml",
            "title": title,
            "body": body,
            "sender": sender,
            "recipients": [f"user{rng.randrange(500)}@{rng.choice(_DOMAINS)}" for _ in range(rng.randint(1, 4))],
            "date": date if rng.random() > 0.05 else None,
            "kind": rng.choice(_KINDS),
            "status": rng.choice(_STATUS),
            "mime": "message/rfc822",
            "size": len(body) * 2,
            "sender_domain": domain,
            "meta": f"<{key}.{rng.randrange(10**9)}@{domain}> mx{rng.randrange(9)}.{domain}",
        }

    def docs(self, count: int) -> Iterator[dict[str, Any]]:
        for key in range(count):
            yield self.doc(key)


def _burn(stop: Any) -> None:
    x = 0
    while not stop.is_set():
        for i in range(100_000):
            x += i * i


def cmd_index(args: argparse.Namespace) -> None:
    corpus = Corpus()
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    docs = list(corpus.docs(args.docs))
    mb = sum(len(d["body"]) for d in docs) / 1e6
    print(f"generated {len(docs)} docs, {mb:.1f} M chars of body in {time.perf_counter() - t0:.1f} s")
    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    burners = [ctx.Process(target=_burn, args=(stop,)) for _ in range(args.busy)]
    for b in burners:
        b.start()
    writer = IndexWriterProcess(out, commit_every=args.commit_every, procs=args.procs,
                                multisegment=args.procs > 1 and not args.merge)
    writer.start()
    t0 = time.perf_counter()
    acked = 0
    peak = 0
    for i in range(0, len(docs), 250):
        writer.send(docs[i : i + 250])
        acked += sum(len(a.item_keys) for a in writer.poll_acks())
        peak = max(peak, _tree_rss(writer._proc.pid))
    acked += sum(len(a.item_keys) for a in writer.close())
    elapsed = time.perf_counter() - t0
    stop.set()
    for b in burners:
        b.join()
    size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
    print(f"procs={args.procs} busy={args.busy}: {acked} docs in {elapsed:.1f} s = "
          f"{acked / elapsed:.1f} docs/s, {mb / elapsed:.2f} MB/s; index {size:.0f} MB; "
          f"writer peak RSS ~{peak / 1e6:.0f} MB")


def _tree_rss(pid: int) -> int:
    try:
        import psutil
    except ImportError:
        return 0
    try:
        proc = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
    except psutil.Error:
        return 0


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def cmd_query(args: argparse.Namespace) -> None:
    corpus = Corpus()
    bodies = {d["item_key"]: d["body"] for d in corpus.docs(args.docs)}
    t0 = time.perf_counter()
    engine = SearchEngine(Path(args.out))
    engine.search("")  # column caches
    segments = len(engine._searcher.reader().leaf_readers())
    print(f"open: {(time.perf_counter() - t0) * 1000:.0f} ms; docs {engine.doc_count}; segments {segments}")
    rng = random.Random(3)
    reader = engine._searcher.reader()
    # Words by document frequency in the body field.
    freq: list[tuple[int, str]] = []
    for i, (text, df) in enumerate(_terms_with_df(reader)):
        if i % 7 == 0:
            freq.append((df, text))
    n = engine.doc_count
    mid = [t for df, t in freq if 0.005 * n <= df <= 0.03 * n and len(t) > 3]
    common = [t for df, t in freq if df >= 0.2 * n]
    rare = [t for df, t in freq if 3 <= df <= 20 and len(t) > 4]
    print(f"terms sampled: mid {len(mid)}, common {len(common)}, rare {len(rare)}")

    def phrase() -> str:
        body = bodies[rng.randrange(len(bodies))].split()
        i = rng.randrange(max(1, len(body) - 3))
        return '"' + " ".join(w.strip(".") for w in body[i : i + 2]) + '"'

    def typo(word: str) -> str:
        i = rng.randrange(1, len(word))
        return word[:i] + word[i + 1 :] + "~"

    def date_range() -> str:
        y = rng.randrange(2015, 2024)
        m = rng.randrange(1, 12)
        return f"date:[{y}-{m:02d}-01 to {y}-{m + 1:02d}-28]"

    types: dict[str, Callable[[], str]] = {
        "term-mid": lambda: rng.choice(mid),
        "term-common": lambda: rng.choice(common),
        "term-rare": lambda: rng.choice(rare),
        "boolean": lambda: f"{rng.choice(mid)} AND {rng.choice(common)}",
        "boolean-or": lambda: f"{rng.choice(mid)} OR {rng.choice(rare)} NOT kind:pdf",
        "phrase": phrase,
        "phrase-common": lambda: f'"{rng.choice(common)} {rng.choice(common)}"',
        "wildcard": lambda: rng.choice(mid)[:3] + "*",
        "wildcard-4": lambda: rng.choice(mid)[:4] + "*",
        "fuzzy": lambda: typo(rng.choice(mid)),
        "date-range": date_range,
        "faceted": lambda: f"{rng.choice(mid)} kind:email status:ok",
        "everything": lambda: "",
        "address": lambda: "from:" + corpus.doc(rng.randrange(len(bodies)))["sender"],
        "domain": lambda: "domain:" + rng.choice(_DOMAINS) + " " + rng.choice(mid),
    }
    loader = bodies.get
    for name, make in types.items():
        times: list[float] = []
        cpu: list[float] = []
        totals: list[int] = []
        errors = 0
        for _ in range(args.repeat):
            text = make()
            t = time.perf_counter()
            c = time.thread_time()
            try:
                page = engine.search(text, limit=20, text_loader=loader)
                totals.append(page.total)
            except QuerySyntaxError:
                errors += 1
                continue
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.thread_time() - c) * 1000)
        if times:
            print(f"{name:14s} wall p50 {_pct(times, 50):6.1f} p95 {_pct(times, 95):6.1f} max {max(times):6.1f} | "
                  f"cpu p50 {_pct(cpu, 50):6.1f} p95 {_pct(cpu, 95):6.1f} ms | "
                  f"median hits {statistics.median(totals):6.0f} errors {errors}")
        else:
            print(f"{name:14s} all {errors} queries rejected")
    # Cost split for one common term.
    word = common[0]
    for label, kwargs in (("no snippets", {}), ("snippets", {"text_loader": loader}),
                          ("no facets", {"text_loader": loader, "facets": ()}),
                          ("sort date", {"text_loader": loader, "sort": "date"})):
        times = []
        for _ in range(10):
            t = time.thread_time()
            engine.search(word, limit=20, **kwargs)
            times.append((time.thread_time() - t) * 1000)
        print(f"common term, {label:12s}: cpu p50 {_pct(times, 50):.1f} ms")


def _terms_with_df(reader: Any) -> Iterator[tuple[str, int]]:
    for btext in reader.lexicon("body"):
        yield btext.decode("utf-8"), reader.doc_frequency("body", btext)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("index")
    p.add_argument("--docs", type=int, default=6000)
    p.add_argument("--procs", type=int, default=1)
    p.add_argument("--merge", action="store_true", help="procs>1 without multisegment")
    p.add_argument("--busy", type=int, default=0, help="CPU-burning processes (ingest workers)")
    p.add_argument("--commit-every", type=int, default=2000)
    p.add_argument("--out", default="/tmp/trovetriage-probe/ix")
    q = sub.add_parser("query")
    q.add_argument("--docs", type=int, default=6000)
    q.add_argument("--repeat", type=int, default=30)
    q.add_argument("--out", default="/tmp/trovetriage-probe/ix")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    {"index": cmd_index, "query": cmd_query}[args.cmd](args)


if __name__ == "__main__":
    main()
