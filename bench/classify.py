"""Classification quality and cost on the demo trove, against the generator's ground truth.

Usage: .venv/bin/python bench/classify.py [--scale 1] [--seed 7] [--workdir bench/out/classify]

Builds the demo trove, indexes it with its victims file, and compares every item with
ground_truth.jsonl: victim accuracy (and how often no victim was proposed), the level confusion
matrix, per-category precision and recall, and the time the classify stage took. The demo's
labels come from how the generator wrote each item, so this measures the detectors on invented
but realistic content, not on real troves.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from trovetriage.case import Case
from trovetriage.core.victims import load_victims
from trovetriage.demo.generator import generate_demo_trove
from trovetriage.ingest.pipeline import IngestOptions


def compare(truth: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Victim, level and category agreement between ground truth and the case export, by path."""
    victims: Counter[str] = Counter()
    levels: Counter[tuple[Any, Any]] = Counter()
    categories: dict[str, Counter[str]] = {}
    for path, expected in truth.items():
        got = found.get(path)
        if got is None:
            victims["missing"] += 1
            continue
        if got["victim"] == expected["victim"]:
            victims["right"] += 1
        elif got["victim"] is None:
            victims["none"] += 1
        else:
            victims["wrong"] += 1
        levels[(expected["level"], got["level"])] += 1
        for category in set(expected["categories"]) | set(got["categories"]):
            tally = categories.setdefault(category, Counter())
            tally["tp" if category in expected["categories"] and category in got["categories"]
                  else "fn" if category in expected["categories"] else "fp"] += 1
    return {"victims": dict(victims), "levels": levels, "categories": categories}


def print_report(result: dict[str, Any], total: int, seconds: dict[str, float]) -> None:
    v = result["victims"]
    print(f"items {total}; ingest {seconds['ingest']:.1f} s, of which classify {seconds['classify']:.1f} s"
          f" ({total / max(seconds['classify'], 1e-9):.0f} items/s)")
    print(f"victim: right {v.get('right', 0)} ({100 * v.get('right', 0) / total:.1f} %), none {v.get('none', 0)},"
          f" wrong {v.get('wrong', 0)}, missing {v.get('missing', 0)}")
    levels: Counter[tuple[Any, Any]] = result["levels"]
    exact = sum(n for (want, got), n in levels.items() if want == got)
    within = sum(n for (want, got), n in levels.items()
                 if want is not None and got is not None and abs(want - got) <= 1)
    under = sum(n for (want, got), n in levels.items() if want is not None and (got is None or got < want))
    print(f"level: exact {exact} ({100 * exact / total:.1f} %), within one {within}, under-rated {under}")
    names = [None, 0, 1, 2, 3, 4]
    print("level confusion (rows: truth, columns: found)")
    print("        " + "".join(f"{n!s:>7}" for n in names))
    for want in names:
        print(f"{want!s:>7} " + "".join(f"{levels.get((want, got), 0):>7}" for got in names))
    print("category      precision  recall     tp     fp     fn")
    for name, tally in sorted(result["categories"].items()):
        tp, fp, fn = tally["tp"], tally["fp"], tally["fn"]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        print(f"{name:<14}{precision:>9.2f}{recall:>8.2f}{tp:>7}{fp:>7}{fn:>7}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path("bench/out/classify"))
    args = parser.parse_args(argv)
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    generate_demo_trove(args.workdir / "demo", scale=args.scale, seed=args.seed)
    truth = {r["path"]: r for r in map(json.loads, (args.workdir / "demo" / "ground_truth.jsonl").open())}
    started = time.monotonic()
    with Case.open(args.workdir / "case", create=True) as case:
        case.set_victims(load_victims(args.workdir / "demo" / "victims.toml"))
        report = case.ingest([args.workdir / "demo" / "trove"], IngestOptions())
        case.export_jsonl(args.workdir / "items.jsonl")
    seconds = {"ingest": time.monotonic() - started, "classify": report.stages.get("classify", 0.0)}
    found = {r["path"]: r for r in map(json.loads, (args.workdir / "items.jsonl").open())}
    print_report(compare(truth, found), len(truth), seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
