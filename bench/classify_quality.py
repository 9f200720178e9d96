"""Classification quality and cost on the demo trove, against the generator's ground truth.

Usage: .venv/bin/python bench/classify_quality.py [--scale 1] [--seed 7] [--workdir bench/out/classify]

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
    per_victim: dict[str, Counter[str]] = {}
    levels: Counter[tuple[Any, Any]] = Counter()
    categories: dict[str, Counter[str]] = {}
    for path, expected in truth.items():
        got = found.get(path)
        if got is None:
            victims["missing"] += 1
            continue
        tally = per_victim.setdefault(str(expected["victim"]), Counter())
        tally["items"] += 1
        tally["right"] += got["victim"] == expected["victim"]
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
    return {"victims": dict(victims), "per_victim": per_victim, "levels": levels, "categories": categories}


def targets(result: dict[str, Any], total: int) -> dict[str, float]:
    """The issue's acceptance figures: victim accuracy, credentials recall/precision, marking recall."""
    categories = result["categories"]

    def rate(name: str, other: str) -> float:
        tally = categories.get(name, Counter())
        return tally["tp"] / max(tally["tp"] + tally[other], 1)

    return {"victim_accuracy": result["victims"].get("right", 0) / total,
            "credentials_recall": rate("credentials", "fn"),
            "credentials_precision": rate("credentials", "fp"),
            "marking_recall": rate("marking", "fn")}


def print_report(result: dict[str, Any], total: int, seconds: dict[str, float]) -> None:
    v = result["victims"]
    print(f"items {total}; ingest {seconds['ingest']:.1f} s, of which classify {seconds['classify']:.1f} s"
          f" ({total / max(seconds['classify'], 1e-9):.0f} items/s)")
    print(f"victim: right {v.get('right', 0)} ({100 * v.get('right', 0) / total:.1f} %), none {v.get('none', 0)},"
          f" wrong {v.get('wrong', 0)}, missing {v.get('missing', 0)}")
    for name, tally in sorted(result["per_victim"].items()):
        share = 100 * tally["right"] / tally["items"]
        print(f"    {name:<52} {tally['right']:>5} / {tally['items']:<5} {share:6.1f} %")
    levels: Counter[tuple[Any, Any]] = result["levels"]
    low = sum(n for (want, _), n in levels.items() if want in (0, 1))
    alarms = sum(n for (want, got), n in levels.items() if want in (0, 1) and got is not None and got >= 3)
    print(f"false alarms (truly level 0-1, given >= 3): {alarms} of {low} ({100 * alarms / max(low, 1):.1f} %)")
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
    result = compare(truth, found)
    print_report(result, len(truth), seconds)
    figures = targets(result, len(truth))
    print("targets: " + ", ".join(f"{name} {value:.3f}" for name, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
