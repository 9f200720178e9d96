"""Credential-dump benchmark: stream a generated combo list through parse_dump and the summary.

Usage: .venv/bin/python bench/credentials.py [--mb 200] [--max-exact 500000] [--seed 7] [--dir DIR]

Writes a synthetic `email:password` list of --mb MB into a temporary folder (about 10 % repeated
lines, a few ULP lines and comments), then reads it with `bounded_lines` -> `parse_dump` ->
`CredentialSummary.add` and prints lines/s, MB/s and the peak RSS of this process sampled every
20 ms, next to the RSS before parsing. `--max-exact 0` is the count-only summary (HyperLogLog only):
the RSS then stays flat whatever the size; with the default the fingerprint set grows up to its cap.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trovetriage.classify.credentials import CredentialSummary, bounded_lines, parse_dump

MB = 1024 * 1024
FIRST = ["john", "mary", "ahmed", "fatima", "ivan", "olga", "mehmet", "ayse", "ion", "elena", "ali", "siti", "elvin",
         "leyla", "minjun", "seoyeon", "pierre", "claire", "james", "anna"]
LAST = ["smith", "ali", "petrov", "yilmaz", "popescu", "rahman", "aliyev", "kim", "dupont", "jones", "hassan", "lee"]
DOMAINS = ["gmail.com", "yahoo.com", "mail.ru", "hotmail.com", "outlook.com", "mofa.gov.example", "energy.example",
           "corp.example", "naver.com", "yandex.ru", "orange.fr", "gov.example"]
ALPHABET = string.ascii_letters + string.digits + "!@#$%&*?-_."


def generate(path: Path, megabytes: int, seed: int) -> tuple[int, int]:
    """Writes the list; returns (lines, bytes)."""
    rng = random.Random(seed)
    target = megabytes * MB
    written = lines = 0
    recent: list[str] = []
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("# combo list -- generated for the TroveTriage credential benchmark\n")
        while written < target:
            chunk = []
            for _ in range(10_000):
                roll = rng.random()
                if roll < 0.10 and recent:
                    line = rng.choice(recent)
                elif roll < 0.12:
                    user = f"{rng.choice(FIRST)}{rng.randrange(10_000)}"
                    line = f"https://portal.{rng.choice(DOMAINS)}:8443/login:{user}:{_password(rng)}"
                else:
                    sep = rng.choice("._")
                    local = f"{rng.choice(FIRST)}{sep}{rng.choice(LAST)}{rng.randrange(100_000)}"
                    line = f"{local}@{rng.choice(DOMAINS)}:{_password(rng)}"
                chunk.append(line)
            recent = chunk[-200:]
            text = "\n".join(chunk) + "\n"
            out.write(text)
            written += len(text.encode("utf-8"))
            lines += len(chunk)
    return lines, path.stat().st_size


def _password(rng: random.Random) -> str:
    return "".join(rng.choices(ALPHABET, k=rng.randrange(6, 17)))


class PeakRss:
    """Samples this process's RSS in a thread."""

    def __init__(self, interval: float = 0.02) -> None:
        self.process = psutil.Process()
        self.interval = interval
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-exact", type=int, default=500_000, help="fingerprint set cap; 0 = count only")
    parser.add_argument("--dir", type=Path, default=None, help="where to write the list (default: a temp dir)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "combo.txt"
        started = time.monotonic()
        lines, size = generate(path, args.mb, args.seed)
        print(f"generated {lines:,} lines, {size / MB:.1f} MB in {time.monotonic() - started:.1f} s")

        summary = CredentialSummary(max_exact=args.max_exact)
        before = psutil.Process().memory_info().rss
        with PeakRss() as rss, path.open(encoding="utf-8", errors="replace", newline="") as stream:
            started, cpu_started = time.monotonic(), time.process_time()
            for record in parse_dump(bounded_lines(stream), b"bench-key-0123456789"):
                summary.add(record)
            elapsed, cpu = time.monotonic() - started, time.process_time() - cpu_started

    print(f"parsed {lines:,} lines, {size / MB:.1f} MB in {elapsed:.1f} s wall: "
          f"{lines / elapsed:,.0f} lines/s, {size / MB / elapsed:.2f} MB/s")
    print(f"  CPU time of this process {cpu:.1f} s: {lines / cpu:,.0f} lines/s, {size / MB / cpu:.2f} MB/s per core "
          f"(wall and CPU differ when other work shares the machine)")
    print(f"records {summary.records:,}, distinct {summary.distinct:,} ({'exact' if summary.exact else 'estimated'}), "
          f"accounts {summary.accounts:,}, kinds {dict(summary.kinds)}")
    print(f"RSS before parsing {before / MB:.0f} MB, peak {rss.peak / MB:.0f} MB "
          f"(+{(rss.peak - before) / MB:.0f} MB; summary cap max_exact={args.max_exact:,})")
    print(f"excerpt: {summary.describe()}")


if __name__ == "__main__":
    main()
