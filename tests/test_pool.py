"""The worker pool survives hangs, crashes and memory blow-ups, one item each."""

from __future__ import annotations

from pathlib import Path

from pool_targets import behave_by_name

from trovetriage.core.limits import Limits
from trovetriage.ingest.pool import Task, TaskFailure, WorkerPool
from trovetriage.ingest.worker import WorkResult


def run_all(pool: WorkerPool, tasks: list[Task]) -> dict[str, WorkResult | TaskFailure]:
    outcomes: dict[str, WorkResult | TaskFailure] = {}
    queue = list(tasks)
    while queue or pool.busy:
        while queue and pool.idle:
            pool.submit(queue.pop(0))
        for outcome in pool.results(timeout=0.5):
            key = outcome.task.key if isinstance(outcome, TaskFailure) else outcome.key
            outcomes[key] = outcome
    return outcomes


def test_hang_crash_and_hog_cost_one_item_each(tmp_path: Path) -> None:
    limits = Limits(timeout_base_s=2.0, timeout_per_mib_s=0.0, worker_memory_mib=600)
    pool = WorkerPool(2, tmp_path / "blobs", limits, work=behave_by_name)
    names = ["ok1", "hang", "ok2", "segfault", "hog", "ok3"]
    try:
        outcomes = run_all(pool, [Task(name, str(tmp_path / name), name, 1) for name in names])
    finally:
        pool.close()
    assert set(outcomes) == set(names)
    for name in ("ok1", "ok2", "ok3"):
        result = outcomes[name]
        assert isinstance(result, WorkResult)
        assert result.extraction.text == f"fine {name}"
    hang = outcomes["hang"]
    assert isinstance(hang, TaskFailure) and hang.reason == "timeout"
    crash = outcomes["segfault"]
    assert isinstance(crash, TaskFailure) and crash.reason == "crash" and "SIGSEGV" in crash.detail
    hog = outcomes["hog"]
    assert isinstance(hog, TaskFailure) and "memory" in hog.detail


def test_close_leaves_no_process(tmp_path: Path) -> None:
    pool = WorkerPool(2, tmp_path / "blobs", Limits(), work=behave_by_name)
    processes = [worker.process for worker in pool.workers]
    pool.close()
    assert all(not process.is_alive() for process in processes)
