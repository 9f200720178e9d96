"""Export throughput: how long the JSONL, CSV, summary, HTML and PDF exports take on a large case.

Usage: .venv/bin/python bench/export.py --case bench/out/gui_latency_full/case-s11-seed7
       .venv/bin/python bench/export.py --workdir bench/out/export --scale 2   (builds a demo case first)

The target of the triage-summary work is 100,000 items in under 60 s for all formats together; this
prints items, seconds and items/s per format and the time each would take at 100,000 items (linear,
which overstates the reports: their lists are capped). With --victims it also times every victim's
packet as HTML and PDF. The exports are written to a temporary folder and deleted; the case is only
read (but --victims packets add nothing to the audit log: secrets are not revealed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from trovetriage.case import Case
from trovetriage.core.victims import load_victims
from trovetriage.demo.generator import generate_demo_trove
from trovetriage.ingest.pipeline import IngestOptions

TARGET_ITEMS = 100_000
TARGET_SECONDS = 60.0


def build_case(workdir: Path, scale: int, seed: int) -> Path:
    """A demo trove ingested into a new case under `workdir` (reused when it is already there)."""
    case_dir = workdir / f"case-s{scale}-seed{seed}"
    if case_dir.exists():
        return case_dir
    demo = workdir / f"demo-s{scale}-seed{seed}"
    if not demo.exists():
        generate_demo_trove(demo, scale=scale, seed=seed)
    with Case.open(case_dir, create=True) as case:
        case.set_victims(load_victims(demo / "victims.toml"))
        case.ingest([demo / "trove"], IngestOptions())
    return case_dir


def timed(label: str, export: Callable[[], int]) -> tuple[str, int, float]:
    started = time.perf_counter()
    count = export()
    return label, count, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", type=Path, help="An existing case (else one is built in --workdir).")
    parser.add_argument("--workdir", type=Path, default=Path("bench/out/export"))
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--victims", action="store_true", help="Also time every victim's HTML and PDF packet.")
    args = parser.parse_args(argv)
    case_dir = args.case or build_case(args.workdir, args.scale, args.seed)
    with Case.open(case_dir) as case, tempfile.TemporaryDirectory() as temp:
        out = Path(temp)
        results = [
            timed("jsonl", lambda: case.export_jsonl(out / "items.jsonl")),
            timed("csv", lambda: case.export_csv(out / "items.csv")),
            timed("summary", lambda: case.export_summary(out / "summary.json")["totals"]["items"]),
            timed("html", lambda: case.export_html(out / "report.html")),
            timed("pdf", lambda: case.export_pdf(out / "report.pdf")),
        ]
        sizes = {name: (out / name).stat().st_size for name in ("report.html", "report.pdf")}
        packets = []
        if args.victims:
            for victim in sorted(v.name for v in case.victims()):
                for fmt, export in (("html", case.export_html), ("pdf", case.export_pdf)):
                    packets.append(timed(f"{fmt} {victim}", lambda export=export, victim=victim, fmt=fmt:
                                         export(out / f"packet.{fmt}", victim)))
    total = 0.0
    for label, count, seconds in results:
        rate = count / seconds if seconds > 0 else 0.0
        at_target = TARGET_ITEMS / rate if rate else float("inf")
        total += at_target
        print(f"{label:<8} {count:>9,} items  {seconds:8.2f} s  {rate:9,.0f} items/s"
              f"  -> {at_target:6.1f} s at {TARGET_ITEMS:,} items")
    verdict = "within" if total < TARGET_SECONDS else "over"
    print(f"all formats at {TARGET_ITEMS:,} items: {total:.1f} s ({verdict} the {TARGET_SECONDS:.0f} s target)")
    print(f"report sizes: html {sizes['report.html'] / 1e6:.2f} MB, pdf {sizes['report.pdf'] / 1e6:.2f} MB")
    for label, count, seconds in packets:
        print(f"packet {label:<60} {count:>7,} items  {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
