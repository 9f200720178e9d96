"""A case opened in a process of its own, answering requests one at a time over a pipe.

Why a process: Whoosh queries and highlighting hold the GIL; run in a thread of the GUI process
they stalled a 10 ms GUI timer by up to 209 ms (DESIGN §8). In another process they cannot. The
GUI keeps one server for queries and decisions and starts another for each long job (ingest,
re-classification), so the window stays usable while a job runs. Messages are plain tuples:

    request  (request_id, method, kwargs)
    replies  ("progress", request_id, done, total, label, counts)
             ("result", request_id, value)
             ("error", request_id, error type, message, traceback text)
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from trovetriage.case import views
from trovetriage.case.facade import Case
from trovetriage.core.progress import Cancelled

_CONTEXT = multiprocessing.get_context("spawn")
PROGRESS_PER_S = 10
#: How often a query server looks for index commits a running ingest has made.
REFRESH_EVERY_S = 3.0
#: Long jobs run at a lower priority, so the GUI process gets a core first on a busy machine.
JOB_NICENESS = 10
Message = tuple[Any, ...]


class _PipeProgress:
    """Progress of a long request, sent back as messages; Cancel comes through a shared event."""

    def __init__(self, conn: Connection, request_id: int, cancel: Event) -> None:
        self.conn = conn
        self.request_id = request_id
        self.cancel = cancel
        self._last = 0.0

    def update(self, done: int, total: int, label: str = "", counts: Mapping[str, int] | None = None,
               done_bytes: int = 0) -> None:
        """At most PROGRESS_PER_S messages a second (and always the last one): the GUI thread
        unpickles every message, and an ingest reports once per item."""
        now = time.monotonic()
        if now - self._last < 1 / PROGRESS_PER_S and done < total:
            return
        self._last = now
        self.conn.send(("progress", self.request_id, done, total, label, dict(counts or {})))

    def check_cancelled(self) -> None:
        if self.cancel.is_set():
            raise Cancelled()


class _Session:
    """What a server remembers between requests: undo batches (kept here, so thousands of
    changes never travel to the GUI and back) and when the searcher last looked for commits."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.batches: dict[int, list[Any]] = {}
        self._next_batch = itertools.count(1)
        self._refreshed = time.monotonic()

    def remember(self, changes: list[Any]) -> dict[str, int]:
        batch = next(self._next_batch)
        self.batches[batch] = changes
        while len(self.batches) > UNDO_BATCHES:
            self.batches.pop(next(iter(self.batches)))
        return {"batch": batch, "count": len(changes)}

    def undo(self, batch: int) -> int:
        changes = self.batches.pop(batch, None)
        if changes is None:
            raise KeyError("that decision can no longer be undone (the case was reopened)")
        return len(self.case.undo(changes))

    def search(self, **kwargs: Any) -> dict[str, Any]:
        if time.monotonic() - self._refreshed > REFRESH_EVERY_S and self.case.has_index():
            self.case.engine().refresh()  # an ingest in another process may have committed
            self._refreshed = time.monotonic()
        return views.search(self.case, **kwargs)


UNDO_BATCHES = 50


def _methods(case: Case, session: _Session, progress: _PipeProgress) -> dict[str, Callable[..., Any]]:
    """What a client may ask for; every answer is plain, picklable data."""
    return {
        "search": session.search,
        "rows": lambda keys: views.rows(case.store, keys),
        "item_detail": lambda key, terms=(): views.item_detail(case, key, terms),
        "dashboard": lambda: views.dashboard(case),
        "stats": case.stats,
        "victims": lambda: [victim.as_dict() for victim in case.victims()],
        "item_ids": lambda keys: [row["item_id"] for row in case.store.items_by_rowid(list(keys))],
        "classify": lambda item_ids, decision, copies=False: session.remember(
            case.classify(item_ids, decision, copies=copies)),
        "classify_query": lambda query, filters, decision: session.remember(
            case.classify(case_ids_for(case, query, filters), decision)),
        "undo": session.undo,
        "reveal_credential": lambda credential_id: case.reveal_credential(credential_id),
        "set_victims": lambda victims: case.set_victims(victims, progress),
        "reclassify": lambda: len(case.reclassify(progress)),
        "ingest": lambda sources, options=None: triage_report(case.ingest([Path(s) for s in sources], options,
                                                                          progress)),
        "victim_summary": case.victim_summary,
        "export": lambda fmt, output, **options: {
            "format": fmt, "output": str(output),
            "items": case.export(fmt, Path(output), progress=progress, **options)},
        "refresh": lambda: case.engine().refresh() if case.index_dir.exists() else None,
    }


def case_ids_for(case: Case, query: str, filters: Mapping[str, Any]) -> list[str]:
    """Item ids of every result of a search with its facet filters (for "apply to all results")."""
    keys = views.search(case, query, filters)["keys"]
    return [row["item_id"] for row in case.store.items_by_rowid(keys)]


def triage_report(report: Any) -> dict[str, Any]:
    return report.figures()


def _serve(conn: Connection, case_dir: str, create: bool, cancel: Event, background: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the GUI
    if background and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(JOB_NICENESS)
    try:
        case = Case.open(Path(case_dir), create=create)
    except Exception as error:
        conn.send(("error", 0, type(error).__name__, str(error), traceback.format_exc()))
        conn.close()
        sys.exit(1)
    conn.send(("result", 0, {"case": str(case.root)}))
    session = _Session(case)
    with case:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            request_id, method, kwargs = message
            cancel.clear()
            progress = _PipeProgress(conn, request_id, cancel)
            try:
                value = _methods(case, session, progress)[method](**kwargs)
                reply: Message = ("result", request_id, value)
            except Exception as error:  # every failure goes back as data: the GUI shows it
                reply = ("error", request_id, type(error).__name__, str(error), traceback.format_exc())
            try:
                conn.send(reply)
            except (BrokenPipeError, OSError):
                return


class CaseServer:
    """The client end: start the process, send requests, read replies without blocking."""

    def __init__(self, case_dir: Path, *, create: bool = False, background: bool = False) -> None:
        self._conn, child = _CONTEXT.Pipe()
        self._cancel = _CONTEXT.Event()
        self._process = _CONTEXT.Process(target=_serve,
                                         args=(child, str(case_dir), create, self._cancel, background),
                                         daemon=False, name="trovetriage-case")  # it starts workers itself
        self._process.start()
        child.close()
        self._ids = itertools.count(1)

    def request(self, method: str, **kwargs: Any) -> int:
        request_id = next(self._ids)
        self._conn.send((request_id, method, kwargs))
        return request_id

    def replies(self) -> list[Message]:
        """Every reply that has arrived (never waits)."""
        messages: list[Message] = []
        try:
            while self._conn.poll(0):
                messages.append(self._conn.recv())
        except (EOFError, OSError):
            self._process.join(1)
            messages.append(("error", -1, "ServerDied", f"the case process ended (exit code "
                             f"{self._process.exitcode})", ""))
        return messages

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds for a reply (tests and the command line only)."""
        try:
            return self._conn.poll(timeout)
        except (EOFError, OSError):
            return True

    def cancel(self) -> None:
        """Ask the running request to stop at its next progress check."""
        self._cancel.set()

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    def close(self, timeout: float | None = 10.0) -> None:
        """Ask the server to close its case and exit; `timeout=None` does not wait for it (the
        GUI thread must not block), the process then ends on its own and is reaped later."""
        with contextlib.suppress(BrokenPipeError, OSError):
            self._conn.send(None)
        if timeout is not None:
            self._process.join(timeout)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(2)
        self._conn.close()


def call(server: CaseServer, method: str, timeout: float = 120.0, **kwargs: Any) -> Any:
    """Ask and wait for the answer (for tests and scripts; the GUI never waits)."""
    request_id = server.request(method, **kwargs)
    while server.wait(timeout):
        for message in server.replies():
            if message[1] not in (request_id, -1):
                continue
            if message[0] == "result":
                return message[2]
            if message[0] == "error":
                raise RuntimeError(f"{message[2]}: {message[3]}")
    raise TimeoutError(f"no answer to {method} within {timeout} s")

