"""GUI latency benchmark: the longest stall of the GUI thread while a case is ingested, searched, scrolled
and bulk-classified through the main window.

Usage: .venv/bin/python bench/gui_latency.py [--scale 11] [--seed 7] [--workdir bench/out/gui_latency]
                                             [--reuse] [--json] [--profile PHASE]

DESIGN §9 promises that the GUI thread never blocks; the target is no stall over 100 ms on a case of at
least 20,000 items (scale 11 of the demo trove gives ~21,600). A 10 ms heartbeat timer on the GUI thread
records the gap between its ticks; stall = gap − 10 ms. The window is driven the way a user would drive
it, with the real event loop running between actions (offscreen, so no display is needed):

  1. ingest     create the case, import the demo victims file, ingest the trove; a search every 2 s
  2. search     20 queries (terms, phrases, wildcards, fuzzy, fields, facets, sorts), each until drawn
  3. scrolling  the all-items result list from top to bottom, a page every 16 ms, rows fetched lazily
  4. bulk       level 2 on every result of a query with thousands of results, confirmed, then undone

Per phase: duration, heartbeat ticks, max / p99 / p95 stall, number of stalls over 50 and 100 ms. To say
where the time goes, the window's answer handlers, the pipe to the case servers, the table's painting and
the garbage collector are timed while a phase runs; every stall over 50 ms lists what ran inside it and
the GUI thread's CPU time over it (far below the stall: the thread was not scheduled, e.g. cores busy).
`--profile ingest,search,...` adds a cProfile of the GUI thread for those phases (it slows them down).
`--reuse` keeps the case if it exists (phase 1 is then reported as skipped); the bulk phase undoes what it
did, so a reused case stays as ingested. Figures depend on the machine:
nothing here asserts them.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import itertools
import json
import math
import os
import pstats
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# PySide6 and the GUI are imported inside functions: QT_QPA_PLATFORM must be set first, and the case server
# processes (spawned, so they import this script as their __main__) then never load Qt.
HEARTBEAT_MS = 10
TARGET_MS = 100.0
WARN_MS = 50.0
SETTLE_S = 0.15  # idle this long before an action counts as finished (rows are fetched on the next paint)
SCROLL_STEP_MS = 16
WORST_STALLS_KEPT = 8
GC_SHOWN_S = 0.001  # shorter collections are not recorded
PHASES = ("ingest", "search", "scrolling", "bulk")
WINDOW_SIZE = (1400, 900)


@dataclass(frozen=True)
class SearchStep:
    """One action of the search phase: a query with its facet filters and sort order."""

    label: str
    query: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: tuple[str, bool] = ("relevance", False)


RELEVANCE = ("relevance", False)
#: Words, phrases and fields of the demo trove (the last two facet values come from its victims file).
DEFAULT_SEARCHES: tuple[SearchStep, ...] = (
    SearchStep("term", "pipeline"),
    SearchStep("common term", "meeting"),
    SearchStep("term (Korean)", "비밀번호"),
    SearchStep("term (Turkish İ)", "İstanbul"),
    SearchStep("term (Arabic)", "المنامة"),
    SearchStep("phrase", '"kind regards"'),
    SearchStep("phrase", '"pipeline operations"'),
    SearchStep("wildcard", "pipe*"),
    SearchStep("wildcard", "budget*"),
    SearchStep("fuzzy", "visit~1"),
    SearchStep("boolean", "Ankara AND meeting"),
    SearchStep("boolean", "tender OR contract"),
    SearchStep("field", "domain:mofa.gov.bh"),
    SearchStep("date range", "date:[2019-01-01 TO 2019-06-30]"),
    SearchStep("facet kind", "meeting", {"kind": ["email"]}),
    SearchStep("facet year", "", {"year": ["2019"]}),
    SearchStep("facet level", "", {"level": ["2"]}),
    SearchStep("facet victim", "", {"victim": ["Ministry of Foreign Affairs of Turkey"]}),
    SearchStep("sort date, all items", "", {}, ("date", True)),
    SearchStep("sort level", "confidential", {}, ("level", True)),
)
#: What the "user" types while the ingest runs.
INGEST_QUERIES: tuple[str, ...] = ("pipeline", "password", "meeting", "", "scada", "Baku")
BULK_QUERY = "pipeline"  # ~4,000 results at scale 10


@dataclass
class BenchSettings:
    """What the phases do; the defaults are the full benchmark, tests pass smaller ones."""

    searches: Sequence[SearchStep] = DEFAULT_SEARCHES
    ingest_queries: Sequence[str] = INGEST_QUERIES
    bulk_query: str = BULK_QUERY
    search_every_s: float = 2.0
    scroll_step_ms: int = SCROLL_STEP_MS
    timeout_s: float = 3 * 3600.0
    profile: frozenset[str] = frozenset()


@dataclass
class StallReport:
    """One stall over 50 ms and what ran on the GUI thread inside it (inclusive times: calls may nest)."""

    at_s: float  # since the phase began
    stall_ms: float
    cpu_ms: float  # the GUI thread's CPU time over the gap: far below the gap means it was not scheduled
    parts_ms: dict[str, float]
    other_ms: float  # not inside any timed call: Qt's own layout and painting, the event loop, the driver


@dataclass
class PhaseReport:
    name: str
    skipped: str = ""  # why, when the phase did not run
    duration_s: float = 0.0
    ticks: int = 0
    max_stall_ms: float = 0.0
    p99_ms: float = 0.0
    p95_ms: float = 0.0
    stalls_over_50: int = 0
    stalls_over_100: int = 0
    slots: dict[str, dict[str, float]] = field(default_factory=dict)  # label -> calls, total_ms, max_ms
    worst: list[StallReport] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    profile: str = ""


@dataclass
class Report:
    items: int
    ingest_s: float | None
    phases: list[PhaseReport]
    overall_max_ms: float
    target_ms: float
    target_met: bool
    case: str
    settings: dict[str, Any] = field(default_factory=dict)


class BenchError(RuntimeError):
    """The session went wrong (an error answer, a timeout): the figures would mean nothing."""


# -- measuring ---------------------------------------------------------------------------------------------


#: (label, start, end, depth) of one timed call; plain tuples of atoms, which the garbage collector stops
#: tracking, so the measurement does not make the collections it measures longer.
Span = tuple[str, float, float, int]
#: (start, end, GUI-thread CPU seconds) between two heartbeat ticks.
Gap = tuple[float, float, float]


class SlotClock:
    """Times chosen methods of the window's objects while a phase runs, by replacing them on the instance.

    PySide6 calls instance attributes for C++ virtuals too (viewportEvent), and the window looks its
    handlers up at call time, so the replacement catches every call without touching trovetriage/.
    """

    def __init__(self) -> None:
        self.active = False
        self.depth = 0
        self.spans: list[Span] = []
        self._gc_started: float | None = None
        gc.callbacks.append(self._on_gc)

    def wrap(self, obj: Any, name: str, label: str) -> None:
        original = getattr(obj, name)
        if getattr(original, "__bench_label__", None) == label:
            return

        def timed(*args: Any, **kwargs: Any) -> Any:
            if not self.active:
                return original(*args, **kwargs)
            depth = self.depth
            self.depth += 1
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.depth = depth
                self.spans.append((label, start, time.perf_counter(), depth))

        timed.__bench_label__ = label  # type: ignore[attr-defined]
        setattr(obj, name, timed)

    def close(self) -> None:
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._on_gc)

    def _on_gc(self, stage: str, info: dict[str, int]) -> None:
        """Collections run inside whatever allocated last: timing them separately names the real cost."""
        if not self.active:
            return
        if stage == "start":
            self._gc_started = time.perf_counter()
        elif self._gc_started is not None:
            ended = time.perf_counter()
            if ended - self._gc_started > GC_SHOWN_S:
                self.spans.append((f"gc generation {info.get('generation', '?')} (over 1 ms)",
                                   self._gc_started, ended, self.depth))
            self._gc_started = None


class Heartbeat:
    """A 10 ms precise timer on the GUI thread; a late tick means the thread was busy or not scheduled
    (the thread's CPU time over the gap tells which)."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[Gap] = []
        self.recording = False
        self._last = (time.perf_counter(), time.thread_time())
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def begin(self) -> None:
        self.gaps = []
        self.recording = True
        self._last = (time.perf_counter(), time.thread_time())

    def end(self) -> list[Gap]:
        self._tick()  # the driver's own work since the last tick counts too
        self.recording = False
        return self.gaps

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = (time.perf_counter(), time.thread_time())
        if self.recording:
            self.gaps.append((self._last[0], now[0], now[1] - self._last[1]))
        self._last = now


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def summarize(phase: PhaseReport, gaps: Sequence[Gap], spans: Sequence[Span], began: float) -> None:
    """Fill a phase's stall figures, its slot timings and the attribution of its worst stalls."""
    stalls = [max(0.0, (end - start) * 1000 - HEARTBEAT_MS) for start, end, _cpu in gaps]
    phase.ticks = len(gaps)
    phase.max_stall_ms = round(max(stalls, default=0.0), 1)
    phase.p99_ms = round(percentile(stalls, 0.99), 1)
    phase.p95_ms = round(percentile(stalls, 0.95), 1)
    phase.stalls_over_50 = sum(stall > WARN_MS for stall in stalls)
    phase.stalls_over_100 = sum(stall > TARGET_MS for stall in stalls)
    for label, start, end, _depth in spans:
        entry = phase.slots.setdefault(label, {"calls": 0, "total_ms": 0.0, "max_ms": 0.0})
        took = (end - start) * 1000
        entry["calls"] += 1
        entry["total_ms"] = round(entry["total_ms"] + took, 1)
        entry["max_ms"] = round(max(entry["max_ms"], took), 1)
    worst = sorted(((stall, gap) for stall, gap in zip(stalls, gaps, strict=True) if stall > WARN_MS),
                   key=lambda pair: -pair[0])[:WORST_STALLS_KEPT]
    for stall, (start, end, cpu) in worst:
        parts: dict[str, float] = {}
        covered = 0.0
        for label, span_start, span_end, depth in spans:
            overlap = min(span_end, end) - max(span_start, start)
            if overlap > 0:
                parts[label] = round(parts.get(label, 0.0) + overlap * 1000, 1)
                if depth == 0:
                    covered += overlap * 1000
        phase.worst.append(StallReport(at_s=round(start - began, 2), stall_ms=round(stall, 1),
                                       cpu_ms=round(cpu * 1000, 1),
                                       parts_ms=dict(sorted(parts.items(), key=lambda kv: -kv[1])),
                                       other_ms=round(max(0.0, (end - start) * 1000 - covered), 1)))


# -- driving the window -------------------------------------------------------------------------------------


class Session:
    """One main window on one case, driven from this (the GUI) thread with the event loop running."""

    def __init__(self, settings: BenchSettings) -> None:
        from trovetriage.gui.app import settle_memory
        from trovetriage.gui.main_window import MainWindow

        self.settings = settings
        self.errors: list[str] = []
        self.clock = SlotClock()
        self.window = MainWindow()
        self.window.show_error = self._record_error  # type: ignore[method-assign]  # no dialogs: fail loudly
        self.window.jobs.failed.connect(lambda title, _details: self.errors.append(title))
        self.job_results: list[tuple[str, Any, float]] = []
        self.window.jobs.finished.connect(
            lambda method, result: self.job_results.append((method, result, time.perf_counter())))
        self.window.resize(*WINDOW_SIZE)  # not a size restored from an earlier run: same rows per page each time
        self.window.show()
        settle_memory()  # as `trovetriage gui` does once its window is built
        self.heartbeat = Heartbeat()
        self.phase_began = time.perf_counter()
        self._instrument_window()

    def _record_error(self, message: str, details: str) -> None:
        self.errors.append(f"{message}\n{details}".strip())

    def _instrument_window(self) -> None:
        window, wrap = self.window, self.clock.wrap
        wrap(window, "_on_results", "window._on_results (a search answer)")
        wrap(window.model, "set_keys", "model.set_keys")
        wrap(window.facets, "show_facets", "facets.show_facets")
        wrap(window, "_on_selection", "window._on_selection")
        wrap(window, "_on_detail", "window._on_detail (an item answer)")
        wrap(window.preview, "show_item", "preview.show_item")
        wrap(window.bar, "show_classification", "bar.show_classification")
        wrap(window.model, "add_rows", "model.add_rows")
        wrap(window.progress, "update_progress", "progress.update_progress")
        wrap(window, "_on_search_error", "window._on_search_error")
        wrap(window.table, "viewportEvent", "table: viewport events (paint)")
        wrap(window.facets, "viewportEvent", "facets: viewport events (paint)")
        wrap(window, "open_case", "window.open_case (starts a server)")
        wrap(window.jobs, "start", "jobs.start (starts a server)")
        original_error = window._on_search_error

        def search_error(message: str, details: str) -> None:
            self.errors.append(f"search failed: {message}")
            original_error(message, details)

        window._on_search_error = search_error  # type: ignore[method-assign]

    def instrument_clients(self) -> None:
        """The pipes to the case servers: sending pickles requests, receiving unpickles answers."""
        for name, client in (("query server", self.window.client), ("job server", self.window.jobs.client)):
            if client is not None:
                self.clock.wrap(client._server, "request", f"{name}: send a request (pickle)")
                self.clock.wrap(client._server, "replies", f"{name}: receive answers (unpickle)")

    # -- waiting -------------------------------------------------------------------------------------------

    def run_until(self, done: Callable[[], bool], what: str, timeout_s: float | None = None) -> None:
        """Run the real event loop (not processEvents and sleep: a sleep would show up as a stall)."""
        from PySide6.QtCore import QEventLoop, QTimer

        if done():
            return
        deadline = time.monotonic() + (timeout_s or self.settings.timeout_s)
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(5)

        def check() -> None:
            if done() or self.errors or time.monotonic() > deadline:
                loop.quit()

        timer.timeout.connect(check)
        timer.start()
        loop.exec()
        timer.stop()
        if self.errors:
            raise BenchError(f"while waiting for {what}: " + "; ".join(self.errors))
        if not done():
            raise BenchError(f"timed out waiting for {what}")

    def wait_idle(self, what: str) -> None:
        """No answer pending for SETTLE_S in a row: everything asked for has been drawn."""
        since: list[float] = []

        def settled() -> bool:
            if not self.window.idle():
                since.clear()
                return False
            if not since:
                since.append(time.monotonic())
            return time.monotonic() - since[0] >= SETTLE_S

        self.run_until(settled, what)

    def timed_idle(self, what: str, started: float | None = None) -> float:
        """Seconds from `started` (default now) until the window is idle again (settling time excluded)."""
        started = time.perf_counter() if started is None else started
        self.wait_idle(what)
        return round(time.perf_counter() - started - SETTLE_S, 3)

    def search(self, query: str) -> None:
        """A query typed and submitted, with no facet ticked and relevance order."""
        self.apply(SearchStep("query", query))

    def apply(self, step: SearchStep) -> None:
        """Through the slot a user's action ends in: the query bar, a facet tick or a header click; the
        other parts of the step are set first without searching, so each step costs one search."""
        window = self.window
        window.query_bar.set_text(step.query)
        window.query = step.query
        if step.sort != RELEVANCE:
            window.filters = dict(step.filters)
            window.facets.set_filters(window.filters)
            window._on_sort(*step.sort)
            return
        window.sort = RELEVANCE
        if step.filters:
            window._on_filters(dict(step.filters))
        else:
            window.filters = {}
            window.facets.set_filters({})
            window._on_query(step.query)

    # -- phases --------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def phase(self, report: PhaseReport) -> Iterator[None]:
        profiler = cProfile.Profile() if report.name in self.settings.profile else None
        self.clock.spans = []
        self.clock.active = True
        self.heartbeat.begin()
        began = self.phase_began = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        try:
            yield
        finally:
            if profiler is not None:
                profiler.disable()
            gaps = self.heartbeat.end()
            self.clock.active = False
            report.duration_s = round(time.perf_counter() - began, 2)
            summarize(report, gaps, self.clock.spans, began)
            report.details["gc_tracked_objects_after"] = len(gc.get_objects())  # what a full collection walks
            if profiler is not None:
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
                report.profile = out.getvalue()

    def open_existing(self, case_dir: Path) -> None:
        self.window.open_case(case_dir)
        self.instrument_clients()
        self.wait_idle("the case to open")

    def ingest(self, case_dir: Path, trove: Path, victims: Path | None) -> PhaseReport:
        from PySide6.QtCore import QTimer

        from trovetriage.core.victims import load_victims

        report = PhaseReport("ingest")
        window = self.window
        queries = itertools.cycle(self.settings.ingest_queries or ("",))
        fired: list[int] = []
        with self.phase(report):
            started = time.perf_counter()
            window.open_case(case_dir, create=True)
            self.instrument_clients()
            self.wait_idle("the new case to open")
            report.details["open_case_s"] = round(time.perf_counter() - started, 2)
            if victims is not None:
                started = time.perf_counter()
                if not window.jobs.start(case_dir, "Import victims", "set_victims", victims=load_victims(victims),
                                         on_done=lambda _count: window._after_job()):
                    raise BenchError("a job was already running")
                self.instrument_clients()
                self.run_until(lambda: not window.jobs.running, "the victims import")
                self.wait_idle("the victims import to be drawn")
                report.details["victims_s"] = round(time.perf_counter() - started, 2)

            def user_search() -> None:
                fired.append(window.total)  # what the previous search showed
                self.search(next(queries))

            ticker = QTimer()
            ticker.setInterval(int(self.settings.search_every_s * 1000))
            ticker.timeout.connect(user_search)
            started = time.perf_counter()
            window.ingest([trove])
            self.instrument_clients()
            ticker.start()
            try:
                self.run_until(lambda: not window.jobs.running, "the ingest")
            finally:
                ticker.stop()
            ended = next((at for method, _result, at in self.job_results if method == "ingest"), time.perf_counter())
            report.details["ingest_s"] = round(ended - started, 2)
            self.wait_idle("the ingested case to be drawn")
            figures = next((result for method, result, _at in self.job_results if method == "ingest"), {}) or {}
            report.details.update({
                "items_ingested": figures.get("items_done"), "ingest_items_per_s": figures.get("items_per_s"),
                "searches_during_ingest": len(fired), "largest_result_seen_during_ingest": max(fired, default=0),
                "progress_messages": sum(span[0] == "progress.update_progress" for span in self.clock.spans)})
        return report

    def searches(self) -> PhaseReport:
        report = PhaseReport("search")
        latencies: list[dict[str, Any]] = []
        with self.phase(report):
            for step in self.settings.searches:
                started = time.perf_counter()
                self.apply(step)
                took = self.timed_idle(f"the search {step.query!r}", started)
                latencies.append({"label": step.label, "query": step.query, "filters": step.filters,
                                  "sort": list(step.sort), "results": self.window.total, "seconds": took,
                                  "at_s": round(started - self.phase_began, 2)})
        report.details["queries"] = latencies
        return report

    def scrolling(self) -> PhaseReport:
        from PySide6.QtCore import QTimer

        report = PhaseReport("scrolling")
        window = self.window
        self.search("")
        self.wait_idle("all items")
        bar = window.table.verticalScrollBar()
        steps = [*range(0, bar.maximum() + 1, max(1, bar.pageStep())), bar.maximum()]
        position = iter(steps)
        finished: list[bool] = []

        def step() -> None:
            value = next(position, None)
            if value is None:
                stepper.stop()
                finished.append(True)
            else:
                bar.setValue(value)

        stepper = QTimer()
        stepper.setInterval(self.settings.scroll_step_ms)
        stepper.timeout.connect(step)
        with self.phase(report):
            stepper.start()
            self.run_until(lambda: bool(finished), "the scrolling")
            self.wait_idle("the last rows")
        loaded = sum(window.model.row_data(row) is not None for row in range(window.model.rowCount()))
        report.details.update({"rows": window.model.rowCount(), "steps": len(steps), "page_rows": bar.pageStep(),
                               "rows_loaded": loaded,
                               "row_blocks_received": report.slots.get("model.add_rows", {}).get("calls", 0)})
        return report

    def bulk(self) -> PhaseReport:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox

        from trovetriage.core.judgements import Decision

        report = PhaseReport("bulk")
        window = self.window
        self.search(self.settings.bulk_query)
        self.wait_idle("the bulk query")
        results = window.total
        report.details.update({"query": self.settings.bulk_query, "results": results})
        if not results:
            report.skipped = f"the query {self.settings.bulk_query!r} has no results"
            return report
        expecting: list[bool] = [True]

        def press_yes() -> None:
            if not expecting:
                return
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                box.button(QMessageBox.StandardButton.Yes).click()
            else:
                QTimer.singleShot(20, press_yes)

        with self.phase(report):
            started = time.perf_counter()
            QTimer.singleShot(20, press_yes)
            depth = len(window.undo_stack)
            window._bulk(Decision(level=2), "level 2 CONFIDENTIAL")
            expecting.clear()
            report.details["confirmation_s"] = round(time.perf_counter() - started, 3)
            report.details["bulk_s"] = self.timed_idle("the bulk classification", started)
            if len(window.undo_stack) != depth + 1:
                raise BenchError("the bulk classification was not applied")
            report.details["items_changed"] = window.total
            started = time.perf_counter()
            window.undo()
            report.details["undo_s"] = self.timed_idle("the undo", started)
        return report

    def close(self) -> None:
        self.heartbeat.stop()
        self.clock.close()
        self.window.close()  # waits for the query server to close its case
        self.window.deleteLater()


# -- the benchmark ------------------------------------------------------------------------------------------


def run_benchmark(case_dir: Path, trove: Path | None = None, victims: Path | None = None,
                  settings: BenchSettings | None = None) -> Report:
    """Run the four phases on `case_dir` (ingesting `trove` into a new case first when given, else
    reusing the case as it is) and return the figures. Needs a QApplication; this thread is its GUI thread."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        raise RuntimeError("create the QApplication first")
    settings = settings or BenchSettings()
    session = Session(settings)
    phases: list[PhaseReport] = []
    try:
        if trove is not None:
            phases.append(session.ingest(case_dir, trove, victims))
        else:
            phases.append(PhaseReport("ingest", skipped="--reuse: the case already existed"))
            session.open_existing(case_dir)
        session.search("")
        session.wait_idle("all items")
        items = session.window.total
        phases.append(session.searches())
        phases.append(session.scrolling())
        phases.append(session.bulk())
    finally:
        session.close()
    ran = [phase for phase in phases if not phase.skipped]
    overall = max((phase.max_stall_ms for phase in ran), default=0.0)
    ingest_s = phases[0].details.get("ingest_s") if not phases[0].skipped else None
    return Report(items=items, ingest_s=ingest_s, phases=phases, overall_max_ms=overall, target_ms=TARGET_MS,
                  target_met=overall <= TARGET_MS, case=str(case_dir),
                  settings={"heartbeat_ms": HEARTBEAT_MS, "bulk_query": settings.bulk_query,
                            "searches": len(settings.searches), "scroll_step_ms": settings.scroll_step_ms,
                            "cpus": os.cpu_count(), "profiled": sorted(settings.profile)})


def prepare_trove(workdir: Path, scale: int, seed: int) -> Path:
    """The demo trove for (scale, seed), generated once; a run cut short is generated again."""
    from trovetriage.demo.generator import generate_demo_trove

    out = workdir / f"demo-s{scale}-seed{seed}"
    marker = out / "generated.json"
    if marker.exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    summary = generate_demo_trove(out, scale, seed)
    marker.write_text(json.dumps({"items_expected": summary.items_expected, "files": summary.files,
                                  "bytes": summary.bytes}), encoding="utf-8")
    print(f"generated the demo trove ({summary.items_expected:,} items expected) in "
          f"{time.monotonic() - started:.1f} s", file=sys.stderr)
    return out


# -- output -------------------------------------------------------------------------------------------------


def format_report(report: Report) -> str:
    lines = [f"case      {report.case}: {report.items:,} items"
             + (f", ingested in {report.ingest_s:.1f} s" if report.ingest_s is not None else ""),
             f"heartbeat {HEARTBEAT_MS} ms on the GUI thread; stall = gap between ticks − {HEARTBEAT_MS} ms",
             "",
             f"{'phase':<10} {'duration':>9} {'ticks':>7} {'max stall':>10} {'p99':>8} {'p95':>8} "
             f"{'>50 ms':>7} {'>100 ms':>8}"]
    for phase in report.phases:
        if phase.skipped:
            lines.append(f"{phase.name:<10} skipped: {phase.skipped}")
            continue
        lines.append(f"{phase.name:<10} {phase.duration_s:>8.1f}s {phase.ticks:>7} {phase.max_stall_ms:>7.1f} ms "
                     f"{phase.p99_ms:>5.1f} ms {phase.p95_ms:>5.1f} ms {phase.stalls_over_50:>7} "
                     f"{phase.stalls_over_100:>8}")
    lines += ["", f"overall max stall {report.overall_max_ms:.1f} ms: target (no stall over {report.target_ms:.0f} ms) "
              + ("MET" if report.target_met else "NOT MET")]
    for phase in report.phases:
        if phase.skipped:
            continue
        lines += ["", f"== {phase.name}"]
        for key, value in phase.details.items():
            if key != "queries":
                lines.append(f"  {key}: {value}")
        for query in phase.details.get("queries", []):
            extra = (f" filters={query['filters']}" if query["filters"] else "") + (
                f" sort={query['sort'][0]}{' desc' if query['sort'][1] else ''}"
                if query["sort"][0] != "relevance" else "")
            lines.append(f"  {query['label']:<22} {query['query']!r:<36}{extra} -> {query['results']:>6,} results "
                         f"in {query['seconds']:.2f} s")
        lines.append("  GUI-thread time in timed calls (calls, total, longest):")
        for label, entry in sorted(phase.slots.items(), key=lambda kv: -kv[1]["max_ms"]):
            lines.append(f"    {label:<44} {int(entry['calls']):>6} {entry['total_ms']:>9.1f} ms "
                         f"{entry['max_ms']:>7.1f} ms")
        if phase.worst:
            lines.append(f"  worst stalls over {WARN_MS:.0f} ms (inclusive times of what ran inside them):")
        for stall in phase.worst:
            parts = ", ".join(f"{label} {ms:.0f}" for label, ms in stall.parts_ms.items())
            lines.append(f"    {stall.stall_ms:6.1f} ms at {stall.at_s:7.2f} s (GUI thread on CPU "
                         f"{stall.cpu_ms:.0f} ms): {parts or 'nothing timed'}; outside timed calls "
                         f"{stall.other_ms:.0f} ms")
        if phase.profile:
            lines += ["  cProfile of the GUI thread (slows the phase down):", phase.profile]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=11, help="demo trove scale (11 gives ~21,600 items)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path("bench/out/gui_latency"))
    parser.add_argument("--reuse", action="store_true", help="keep an existing case: no generation, no ingest")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--profile", default="", help=f"comma-separated phases to cProfile ({', '.join(PHASES)})")
    args = parser.parse_args()
    profile = frozenset(name for name in args.profile.split(",") if name)
    if profile - set(PHASES):
        parser.error(f"unknown phases: {', '.join(sorted(profile - set(PHASES)))}")

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from trovetriage.gui.app import application

    workdir: Path = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    app = application()
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):  # not the user's settings
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str((workdir / "settings").resolve()))
    case_dir = workdir / f"case-s{args.scale}-seed{args.seed}"
    if args.reuse and (case_dir / "case.sqlite").exists():
        trove = victims = None
    else:
        demo = prepare_trove(workdir, args.scale, args.seed)
        trove, victims = demo / "trove", demo / "victims.toml"
        shutil.rmtree(case_dir, ignore_errors=True)
    report = run_benchmark(case_dir, trove, victims, BenchSettings(profile=profile))
    app.processEvents()
    print(json.dumps(asdict(report), indent=2, ensure_ascii=False) if args.json else format_report(report))


if __name__ == "__main__":
    main()
