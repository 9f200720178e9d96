"""A pool of extraction worker processes with per-task deadlines.

concurrent.futures cannot kill one hung task, so this pool owns its processes: a task that
passes its deadline or a worker that dies (segfault, out of memory) costs that one item, the
worker is replaced, and the run carries on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits
from trovetriage.ingest.worker import WorkResult, extract_file

_CONTEXT = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class Task:
    key: str
    path: str
    name: str
    size: int
    volumes: tuple[str, ...] = ()  # later pieces of a split set whose first piece is `path`


@dataclass(frozen=True)
class TaskFailure:
    """The worker did not come back with a result: it hung or died."""

    task: Task
    reason: str  # "timeout" or "crash"
    detail: str


class WorkFunction(Protocol):
    """What a worker runs per task; a module-level function so the spawn context can import it."""

    def __call__(self, key: str, path: Path, name: str, blobs: BlobStore, limits: Limits,
                 passwords: tuple[str, ...] = (), volumes: tuple[Path, ...] = ()) -> WorkResult: ...


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # not on Windows; the parent still survives a dying worker
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_main(conn: Connection, blob_root: str, limits_dict: dict[str, Any], work: WorkFunction,
                 passwords: tuple[str, ...] = ()) -> None:
    """Loop of one worker process: receive a task, send back a WorkResult.

    Limits and the case's password list are sent once, when the worker starts.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's business
    limits = Limits.from_dict(limits_dict)
    _limit_memory(limits.worker_memory_mib)
    blobs = BlobStore(Path(blob_root))
    while True:
        try:
            task: Task | None = conn.recv()
        except (EOFError, OSError):
            return  # parent is gone
        if task is None:
            return
        try:
            result: WorkResult | str = work(task.key, Path(task.path), task.name, blobs, limits, passwords,
                                            tuple(Path(volume) for volume in task.volumes))
        except MemoryError:
            result = "out of memory (worker_memory_mib limit)"
        except Exception as error:  # never let one file kill the worker loop silently
            result = f"worker error: {type(error).__name__}: {error}"
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, blob_root: Path, limits: Limits, work: WorkFunction, passwords: tuple[str, ...] = ()) -> None:
        self.conn, child_conn = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_main,
                                        args=(child_conn, str(blob_root), limits.as_dict(), work, passwords),
                                        daemon=True, name="trovetriage-extract")
        self.process.start()
        child_conn.close()
        self.task: Task | None = None
        self.deadline = 0.0

    def stop(self, force: bool = False) -> None:
        if force:
            self.process.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """Runs tasks on `size` processes; `results()` yields WorkResult or TaskFailure as they end."""

    def __init__(self, size: int, blob_root: Path, limits: Limits, work: WorkFunction = extract_file,
                 passwords: tuple[str, ...] = ()) -> None:
        self.size = max(1, size)
        self.blob_root = blob_root
        self.limits = limits
        self.work = work
        self.passwords = tuple(passwords)
        self.workers = [_Worker(blob_root, limits, work, self.passwords) for _ in range(self.size)]

    @property
    def idle(self) -> int:
        return sum(1 for worker in self.workers if worker.task is None)

    @property
    def busy(self) -> int:
        return self.size - self.idle

    def submit(self, task: Task) -> None:
        worker = next(w for w in self.workers if w.task is None)
        worker.task = task
        worker.deadline = time.monotonic() + self.limits.timeout_for(task.size)
        worker.conn.send(task)

    def results(self, timeout: float) -> Iterator[WorkResult | TaskFailure]:
        """Wait up to `timeout` seconds for finished tasks; handle hangs and deaths."""
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            return
        now = time.monotonic()
        wait_for = max(0.0, min(timeout, min(w.deadline for w in busy) - now))
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
        for index, worker in enumerate(self.workers):
            task = worker.task
            if task is None:
                continue
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    yield self._replace(index, task, "crash", self._death_detail(worker))
                    continue
                worker.task = None
                if isinstance(message, str):
                    yield TaskFailure(task, "crash", message)
                else:
                    yield message
            elif worker.process.sentinel in ready or not worker.process.is_alive():
                yield self._replace(index, task, "crash", self._death_detail(worker))
            elif time.monotonic() >= worker.deadline:
                seconds = self.limits.timeout_for(task.size)
                yield self._replace(index, task, "timeout", f"extraction took longer than {seconds:.0f} s")

    def _death_detail(self, worker: _Worker) -> str:
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            try:
                return f"extractor process died with signal {signal.Signals(-code).name}"
            except ValueError:
                return f"extractor process died with signal {-code}"
        return f"extractor process exited with code {code}"

    def _replace(self, index: int, task: Task, reason: str, detail: str) -> TaskFailure:
        self.workers[index].stop(force=True)
        self.workers[index] = _Worker(self.blob_root, self.limits, self.work, self.passwords)
        return TaskFailure(task, reason, detail)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop(force=worker.task is not None)
        self.workers = []


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))
