"""bench/gui_latency.py keeps working: its four phases run through the real window on a small case.

The trove is ~100 generated e-mails rather than a demo trove (scale 1 takes ~30 s to ingest). No
timing is asserted: the figures depend on the machine; only their presence and sanity are checked.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtWidgets import QApplication

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BENCH = Path(__file__).resolve().parents[1] / "bench" / "gui_latency.py"
VICTIMS = """
[[victims]]
name = "Ministry of Foreign Affairs of Turkey"
sector = "government"
country = "TR"
domains = ["mfa.gov.tr"]

[[victims]]
name = "Thistlebank Energy"
sector = "energy"
country = "GB"
domains = ["thistlebank-energy.com"]
"""
WORDS = ("pipeline pressure review", "meeting with the delegation in Ankara", "tender budget for the compressor",
         "kind regards from the protocol desk", "pipeline operations weekly report")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """bench/ is not a package: load the script from its path (registered, so dataclasses resolve it)."""
    spec = importlib.util.spec_from_file_location("bench_gui_latency", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def small_trove(root: Path, count: int = 100) -> Path:
    """`count` plain e-mails from two victims' domains, with words the benchmark's queries look for."""
    trove = root / "trove"
    trove.mkdir()
    for n in range(count):
        domain = "mfa.gov.tr" if n % 2 else "thistlebank-energy.com"
        words = WORDS[n % len(WORDS)]
        (trove / f"m{n:03d}.eml").write_text(
            f"From: clerk{n}@{domain}\nTo: desk@{domain}\nSubject: Note {n}: {words}\n"
            f"Message-ID: <n{n}@mail.{domain}>\nDate: Mon, {1 + n % 28} Jul 2019 09:00:00 +0300\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{words}. Number {n}.\n", encoding="utf-8")
    (root / "victims.toml").write_text(VICTIMS, encoding="utf-8")
    return trove


@pytest.mark.slow
def test_four_phases_on_a_small_case(bench: ModuleType, qapp: QApplication, tmp_path: Path) -> None:
    trove = small_trove(tmp_path)
    settings = bench.BenchSettings(searches=bench.DEFAULT_SEARCHES[:6] + bench.DEFAULT_SEARCHES[-4:],
                                   search_every_s=0.5, profile=frozenset({"search"}))
    report = bench.run_benchmark(tmp_path / "case", trove, tmp_path / "victims.toml", settings)

    assert report.items == 100
    assert [phase.name for phase in report.phases] == ["ingest", "search", "scrolling", "bulk"]
    for phase in report.phases:
        assert not phase.skipped, phase.name
        assert phase.ticks > 0 and phase.duration_s > 0
        figures = (phase.max_stall_ms, phase.p99_ms, phase.p95_ms, phase.stalls_over_50, phase.stalls_over_100)
        assert all(value >= 0 for value in figures), phase.name
        assert phase.max_stall_ms >= phase.p99_ms >= phase.p95_ms
        assert phase.stalls_over_50 >= phase.stalls_over_100
        assert all(stall.stall_ms > bench.WARN_MS for stall in phase.worst)
    ingest, search, scrolling, bulk = report.phases
    assert ingest.details["items_ingested"] == 100
    assert report.ingest_s is not None and report.ingest_s > 0
    assert [query["results"] for query in search.details["queries"]][:2] == [40, 20]  # "pipeline", "meeting"
    assert "model.set_keys" in search.slots and "function calls" in search.profile
    assert scrolling.details["rows"] == 100
    assert bulk.details["results"] == 40 and bulk.details["items_changed"] == 40
    assert report.overall_max_ms == max(phase.max_stall_ms for phase in report.phases)
    text = bench.format_report(report)
    assert all(name in text for name in ("ingest", "search", "scrolling", "bulk", "target"))


def test_percentile_and_summary(bench: ModuleType) -> None:
    assert bench.percentile([], 0.99) == 0.0
    assert bench.percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    phase = bench.PhaseReport("x")
    ticks = [0.0, 0.010, 0.020, 0.150, 0.160]  # one gap of 130 ms: a 120 ms stall
    gaps = [(start, end, (end - start) / 2) for start, end in itertools.pairwise(ticks)]
    spans = [("slow slot", 0.030, 0.130, 0), ("inner", 0.040, 0.060, 1)]
    bench.summarize(phase, gaps, spans, 0.0)
    assert (phase.max_stall_ms, phase.stalls_over_50, phase.stalls_over_100) == (120.0, 1, 1)
    assert phase.worst[0].parts_ms == {"slow slot": 100.0, "inner": 20.0}
    assert phase.worst[0].other_ms == 30.0
    assert phase.worst[0].cpu_ms == 65.0
    assert phase.slots["slow slot"] == {"calls": 1, "total_ms": 100.0, "max_ms": 100.0}
