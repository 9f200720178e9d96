"""Ingest benchmark: `trovetriage index` on a demo trove, with stage times and peak RSS of the process tree.

Usage: .venv/bin/python bench/ingest.py [--scale 10] [--jobs N] [--out bench/out]
Prints items, source MB, extracted-text MB, items/s, source MB/s, time per stage, peak RSS of the
whole process tree (main, extraction workers, index writer), index and case size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()

    trove_dir = args.out / f"demo-s{args.scale}-seed{args.seed}"
    if not (trove_dir / "trove").exists():
        t0 = time.monotonic()
        subprocess.run([BIN / "trovetriage", "demo-trove", str(trove_dir), "--scale", str(args.scale),
                        "--seed", str(args.seed)], check=True)
        print(f"generated demo trove in {time.monotonic() - t0:.1f} s")
    case_dir = args.out / f"case-s{args.scale}"
    shutil.rmtree(case_dir, ignore_errors=True)

    command = [str(BIN / "trovetriage"), "index", str(trove_dir / "trove"), "--case", str(case_dir), "--quiet"]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    peak = 0
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    handle = psutil.Process(proc.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            with contextlib.suppress(psutil.Error):
                peak = max(peak, tree_rss(handle))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate()
    elapsed = time.monotonic() - started
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"index failed ({proc.returncode}):\n{output}")

    stats = json.loads(subprocess.run([BIN / "trovetriage", "stats", "--case", str(case_dir), "--json"],
                                      check=True, capture_output=True, text=True).stdout)
    figures = stats["last_run"]["figures"]
    source_bytes = folder_bytes(trove_dir / "trove")
    items = stats["items"]
    print(f"trove            {trove_dir / 'trove'}  (scale {args.scale}, cpus {os.cpu_count()})")
    print(f"items            {items}  ({stats['contents']} distinct contents)")
    print(f"source           {source_bytes / 1e6:.1f} MB")
    print(f"extracted text   {stats['text_chars'] / 1e6:.1f} M chars")
    print(f"wall time        {elapsed:.1f} s (process start to exit)")
    print(f"items/s          {items / elapsed:.1f}")
    print(f"source MB/s      {source_bytes / 1e6 / elapsed:.2f}")
    print("stages (s)       " + ", ".join(f"{k} {v}" for k, v in figures["stages"].items())
          + "\n                 (sniff, extract: summed over the worker processes; index_docs: building search"
          "\n                 documents; index_wait: blocked on the writer process; commit: the final commit)")
    print(f"peak RSS (tree)  {peak / 2**20:.0f} MiB")
    print(f"index size       {folder_bytes(case_dir / 'index') / 1e6:.1f} MB")
    print(f"case size        {folder_bytes(case_dir) / 1e6:.1f} MB")
    print("by status        " + ", ".join(f"{k} {v}" for k, v in stats["by_status"].items()))


if __name__ == "__main__":
    main()
