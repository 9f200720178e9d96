"""The index writer, run in its own process.

Why a process: a Whoosh commit costs 0.5-1 s of pure Python and a writer thread in the GUI
process slows queries 6x through the GIL (DESIGN §8). The writer process owns the Whoosh
writer lock, commits every ``commit_every`` docs or ``commit_seconds``, and after each commit
sends back a :class:`CommitAck` with the generation and the item keys it made durable; the
caller records them in its store and, after a crash, re-sends what was never acknowledged with
``replace=True``.

Failure model: a doc that cannot be indexed is reported in the next ack (``CommitAck.failed``)
and the run goes on; anything that stops the writer (index unreadable, lock held, disk full)
comes back as an :class:`IndexWriterError` from the next call, never as a silent hang. If the
parent dies, the writer sees EOF on its pipe, cancels (uncommitted docs are simply not acked)
and exits, which releases the lock.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.util
import os
import shutil
import signal
import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.query import Term
from whoosh.writing import MERGE_SMALL, NO_MERGE

from trovetriage.index.schema import (
    SCHEMA_VERSION,
    build_schema,
    read_schema_version,
    to_index_fields,
    write_schema_version,
)

__all__ = [
    "CommitAck",
    "IndexSchemaError",
    "IndexWriterError",
    "IndexWriterProcess",
    "check_schema_version",
    "create_index",
    "index_exists",
    "index_generation",
    "reset_index",
]

#: Docs per pipe message: bounds pickling bursts and the data in flight on the pipe.
SEND_BATCH = 250
_READY_TIMEOUT = 120.0
_LOCK_WAIT = 3.0  # a crashed writer's lock goes with its process; wait only briefly


@dataclass(frozen=True)
class CommitAck:
    """One commit made durable: ``item_keys`` are searchable from ``generation`` on.
    ``failed`` maps item keys (-1 when the doc had none) of docs that could not be indexed
    since the previous ack to the reason; they will not be acknowledged later."""

    generation: int
    item_keys: list[int]
    failed: dict[int, str] = field(default_factory=dict)


class IndexSchemaError(RuntimeError):
    """The index was written with another schema version and must be rebuilt."""


class IndexWriterError(RuntimeError):
    """The writer process failed or died; ``acks`` are the commits acknowledged before."""

    def __init__(self, message: str, acks: list[CommitAck] | None = None) -> None:
        super().__init__(message)
        self.acks: list[CommitAck] = acks or []


# ---------------------------------------------------------------------------- index files


def index_exists(index_dir: Path) -> bool:
    """True when ``index_dir`` holds a Whoosh index (readable or not)."""
    try:
        return whoosh_index.exists_in(str(index_dir))
    except Exception:  # a damaged TOC still means "there is something"
        return any(Path(index_dir).glob("_MAIN_*.toc"))


def index_generation(index_dir: Path) -> int | None:
    """Latest committed generation; None if there is no index or it cannot be read."""
    try:
        ix = whoosh_index.open_dir(str(index_dir))
    except Exception:
        return None
    try:
        return int(ix.latest_generation())
    finally:
        ix.close()


def create_index(index_dir: Path) -> None:
    """Creates an empty index if there is none (and records the schema version)."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    if not index_exists(index_dir):
        _create_empty(index_dir)


def check_schema_version(index_dir: Path) -> None:
    """Raises :class:`IndexSchemaError` if the index was written by another schema version."""
    version = read_schema_version(Path(index_dir))
    if version is not None and version != SCHEMA_VERSION:
        raise IndexSchemaError(
            f"the index has schema version {version}, this program needs {SCHEMA_VERSION}: "
            "it must be rebuilt (reset_index, then re-index)"
        )


def _is_index_file(path: Path) -> bool:
    name = path.name
    return (
        name.startswith(("_MAIN_", "MAIN_", "MAIN."))
        or name.endswith((".toc", ".seg", ".doclist"))
        or name.startswith("trovetriage-index.")
    )


def reset_index(index_dir: Path) -> None:
    """Deletes the index files and creates an empty index (used when the index is unreadable
    after a crash; the store then re-sends everything). Only Whoosh files are removed, so a
    wrong path cannot wipe unrelated data."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    for path in index_dir.iterdir():
        if not _is_index_file(path):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    _create_empty(index_dir)


def _create_empty(index_dir: Path) -> None:
    """A new empty index of the current schema, with its version file (see check_schema_version)."""
    whoosh_index.create_in(str(index_dir), build_schema()).close()
    write_schema_version(index_dir)


# ---------------------------------------------------------------------------- child process


def _writer_main(index_dir: str, conn: Connection, settings: dict[str, Any]) -> None:
    """Entry point of the writer process."""
    # Ctrl-C in a terminal reaches the whole process group; the parent decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # own group: kill() also reaches Whoosh's sub-writer processes
    loop: _WriterLoop | None = None
    try:
        create_index(Path(index_dir))
        check_schema_version(Path(index_dir))
        ix = whoosh_index.open_dir(index_dir)
        loop = _WriterLoop(ix, conn, settings)
        loop.open_writer()  # hold the lock from the start: a second writer fails now
        conn.send(("ready", int(ix.latest_generation())))
        loop.run()
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass  # parent gone: give up the uncommitted docs, release the lock
    except BaseException as exc:  # report, never hang
        with contextlib.suppress(Exception):
            conn.send(("fatal", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        if loop is not None:
            loop.abandon()
        with contextlib.suppress(Exception):
            conn.close()


class _WriterLoop:
    """Receives doc batches, keeps one Whoosh writer open between commits."""

    def __init__(self, ix: Any, conn: Connection, settings: dict[str, Any]) -> None:
        self.ix = ix
        self.conn = conn
        self.commit_every = max(1, int(settings["commit_every"]))
        self.commit_seconds = float(settings["commit_seconds"])
        self.procs = int(settings["procs"])
        self.limitmb = int(settings["limitmb"])
        self.multisegment = bool(settings["multisegment"])
        # Whoosh's default policy merges ~20 small segments at once, a pure-Python rewrite that
        # stalls ingest for minutes on large troves; by default ingest only appends segments.
        self.mergetype = MERGE_SMALL if settings["merge"] else NO_MERGE
        self.writer: Any = None
        # (replace, fields) of the docs added since the last commit, to rebuild a writer
        # that an exception left in an unknown state.
        self.pending: list[tuple[bool, dict[str, Any]]] = []
        self.pending_keys: set[int] = set()
        self.failed: dict[int, str] = {}
        self.first_pending: float | None = None

    # -- main loop
    def run(self) -> None:
        while True:
            timeout = None
            if self.first_pending is not None:
                timeout = max(0.0, self.first_pending + self.commit_seconds - time.monotonic())
            if not self.conn.poll(timeout):
                self.commit_and_ack(None)
                continue
            msg = self.conn.recv()
            kind = msg[0]
            if kind == "docs":
                self.add_docs(msg[2], replace=msg[1])
                if len(self.pending) >= self.commit_every:
                    self.commit_and_ack(None)
            elif kind == "checkpoint":
                self.commit_and_ack(msg[1], force=True)
            elif kind == "close":
                self.commit_and_ack(msg[1], force=True, reopen=False)
                self.conn.send(("closed",))
                return
            else:
                raise ValueError(f"unknown message {kind!r}")

    # -- writing
    def open_writer(self) -> Any:
        if self.writer is None:
            kwargs: dict[str, Any] = {"limitmb": self.limitmb, "timeout": _LOCK_WAIT}
            if self.procs > 1:
                kwargs.update(procs=self.procs, multisegment=self.multisegment)
            try:
                self.writer = self.ix.writer(**kwargs)
            except LockError as exc:
                raise RuntimeError(
                    "the index is locked by another writer (is another ingest running?)"
                ) from exc
        return self.writer

    def add_docs(self, docs: Iterable[Mapping[str, Any]], replace: bool) -> None:
        prepared: list[dict[str, Any]] = []
        for doc in docs:
            try:
                prepared.append(to_index_fields(doc))
            except Exception as exc:
                self.fail(doc, exc)
        if not prepared:
            return
        if replace:
            # The same key twice in one batch: the later doc wins (the writer could not
            # delete the earlier one, buffered in the same segment).
            prepared = list({f["item_key"]: f for f in prepared}.values())
        if replace and any(f["item_key"] in self.pending_keys for f in prepared):
            # Whoosh cannot delete docs buffered in the open writer: make them durable first.
            self.commit_and_ack(None)
        self.add_group(prepared, replace)

    def add_group(self, group: list[dict[str, Any]], replace: bool) -> None:
        searcher = self.open_writer().searcher() if replace else None
        try:
            for fields in group:
                self.add_one(fields, replace, searcher)
        finally:
            if searcher is not None:
                searcher.close()

    def add_one(self, fields: dict[str, Any], replace: bool, searcher: Any) -> None:
        key = fields["item_key"]
        try:
            writer = self.open_writer()
            if replace:
                writer.delete_by_query(Term("item_key", key), searcher=searcher)
            writer.add_document(**fields)
        except Exception as exc:
            if isinstance(exc, RuntimeError) and "locked" in str(exc):
                raise
            # The writer may hold half of this doc: rebuild it from the pending docs.
            self.fail(fields, exc)
            self.rebuild_writer()
            return
        self.pending.append((replace, fields))
        self.pending_keys.add(key)
        if self.first_pending is None:
            self.first_pending = time.monotonic()

    def rebuild_writer(self) -> None:
        self.cancel_writer()
        pending = self.clear_pending()
        for replace in (False, True):
            group = [f for r, f in pending if r is replace]
            if group:
                self.add_group(group, replace)

    def clear_pending(self) -> list[tuple[bool, dict[str, Any]]]:
        """Forgets the docs added since the last commit (committed or cancelled); returns them."""
        pending, self.pending = self.pending, []
        self.pending_keys = set()
        self.first_pending = None
        return pending

    def fail(self, doc: Mapping[str, Any], exc: BaseException) -> None:
        key = doc.get("item_key")
        self.failed[key if isinstance(key, int) else -1] = f"{type(exc).__name__}: {exc}"

    def commit_and_ack(self, token: int | None, force: bool = False, reopen: bool = True) -> None:
        keys = [f["item_key"] for _, f in self.pending]
        if not keys and not self.failed and not force:
            self.first_pending = None
            return
        if self.writer is not None:
            writer, self.writer = self.writer, None
            if keys:
                writer.commit(mergetype=self.mergetype)
            else:
                self.cancel_writer(writer)  # nothing to write: no new generation
        self.clear_pending()
        failed, self.failed = self.failed, {}
        generation = int(self.ix.latest_generation())
        if reopen:
            self.open_writer()  # keep holding the lock between commits
        self.conn.send(("ack", generation, keys, failed, token))

    # -- shutdown
    def cancel_writer(self, writer: Any = None) -> None:
        if writer is None:
            writer, self.writer = self.writer, None
        if writer is None:
            return
        # Whoosh's MpWriter.cancel() cannot reach its sub-processes (blocked on a queue).
        for task in getattr(writer, "tasks", []):
            with contextlib.suppress(Exception):
                task.terminate()
                task.join(5)
        with contextlib.suppress(Exception):
            writer.cancel()

    def abandon(self) -> None:
        self.cancel_writer()
        with contextlib.suppress(Exception):
            self.ix.close()


# ---------------------------------------------------------------------------- parent side


def _abandon(proc: Any, conn: Connection) -> None:
    """At interpreter exit (before multiprocessing joins its children): closing the pipe makes
    the writer cancel and exit; kill it if it does not."""
    with contextlib.suppress(Exception):
        conn.close()
    if proc.is_alive():
        proc.join(10)
    if proc.is_alive():
        _kill_group(proc)


def _kill_group(proc: Any) -> None:
    pid = proc.pid
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)  # the writer leads its own group (see _writer_main)
    except OSError:
        with contextlib.suppress(Exception):
            proc.kill()
    proc.join(10)


class IndexWriterProcess:
    """Handle of the writer process (see the module docstring). Not thread-safe: use it from
    the one thread that feeds the index."""

    def __init__(
        self,
        index_dir: Path,
        commit_every: int = 5000,
        commit_seconds: float = 30.0,
        procs: int = 1,
        limitmb: int = 128,
        multisegment: bool | None = None,
        merge: bool = False,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.settings: dict[str, Any] = {
            "commit_every": commit_every,
            "commit_seconds": commit_seconds,
            "procs": procs,
            "limitmb": limitmb,
            "multisegment": procs > 1 if multisegment is None else multisegment,
            "merge": merge,
        }
        self._proc: Any = None
        self._conn: Connection | None = None
        self._acks: list[CommitAck] = []
        self._error: str | None = None
        self._token = 0
        self._done_tokens: set[int] = set()
        self._closed = False
        self.generation: int | None = None

    # -- lifecycle
    def start(self) -> None:
        """Starts the process; creates the index if missing. Raises IndexWriterError if the
        index cannot be opened or is locked by another writer."""
        if self._proc is not None:
            raise RuntimeError("writer already started")
        ctx = multiprocessing.get_context("spawn")
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        proc = ctx.Process(
            target=_writer_main,
            args=(str(self.index_dir), child_conn, self.settings),
            name="trovetriage-index-writer",
        )
        proc.start()
        child_conn.close()
        self._proc, self._conn = proc, parent_conn
        multiprocessing.util.Finalize(self, _abandon, args=(proc, parent_conn), exitpriority=10)
        deadline = time.monotonic() + _READY_TIMEOUT
        while True:
            msg = self._recv(deadline)
            if msg is None:
                self.kill()
                raise IndexWriterError("the index writer did not start in time")
            if msg[0] == "ready":
                self.generation = msg[1]
                return
            self._handle(msg)
            if self._error:
                self.kill()
                raise IndexWriterError(self._error)

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def send(self, docs: list[dict[str, Any]], replace: bool = False) -> None:
        """Queues docs for indexing. ``replace=True`` deletes any doc with the same item_key
        first (replays after a crash); False is the fast path for new items."""
        self._check()
        for start in range(0, len(docs), SEND_BATCH):
            self._drain()
            self._check()
            self._send(("docs", replace, docs[start : start + SEND_BATCH]))

    def poll_acks(self) -> list[CommitAck]:
        """Commits finished since the last call (non-blocking)."""
        self._drain()
        self._check()
        return self._take_acks()

    def checkpoint(self, timeout: float = 600) -> list[CommitAck]:
        """Commits now and waits for the ack; returns all acks not yet returned."""
        self._check()
        token = self._request("checkpoint")
        self._wait_for(lambda: token in self._done_tokens, timeout, "checkpoint")
        self._done_tokens.discard(token)
        return self._take_acks()

    def close(self, timeout: float = 600) -> list[CommitAck]:
        """Final commit, stops the process, returns the remaining acks."""
        if self._proc is None or self._closed:
            return self._take_acks()
        self._check()
        self._request("close")
        self._wait_for(lambda: self._closed, timeout, "close")
        self._proc.join(30)
        if self._proc.is_alive():
            _kill_group(self._proc)
        self._close_conn()
        return self._take_acks()

    def kill(self) -> None:
        """Stops the process at once; uncommitted docs are lost (they were never acked)."""
        if self._proc is not None and self._proc.is_alive():
            _kill_group(self._proc)
        self._closed = True
        self._close_conn()

    # -- internals
    def _request(self, kind: str) -> int:
        self._token += 1
        self._send((kind, self._token))
        return self._token

    def _send(self, msg: tuple[Any, ...]) -> None:
        """Sends to the writer; raises IndexWriterError (with the acks so far) if it is gone."""
        assert self._conn is not None
        try:
            self._conn.send(msg)
        except (OSError, EOFError) as exc:
            self._drain()
            raise self._failure(f"the index writer is gone: {exc}") from exc

    def _wait_for(self, done: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            msg = self._recv(deadline)
            if msg is None:
                self.kill()
                raise self._failure(f"index writer {what} timed out after {timeout:.0f} s")
            self._handle(msg)
            self._check()

    def _recv(self, deadline: float) -> tuple[Any, ...] | None:
        """Next message, None at the deadline; raises if the process died."""
        assert self._conn is not None and self._proc is not None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                if self._conn.poll(min(remaining, 0.5)):
                    return self._conn.recv()
            except (EOFError, OSError):
                self._proc.join(5)
                raise self._failure(self._death_message()) from None
            if not self._proc.is_alive() and not self._conn.poll(0):
                raise self._failure(self._death_message())

    def _drain(self) -> None:
        conn = self._conn
        if conn is None or conn.closed:
            return
        try:
            while conn.poll(0):
                self._handle(conn.recv())
        except (EOFError, OSError):
            if self._error is None and not self._closed:
                self._error = self._death_message()

    def _handle(self, msg: tuple[Any, ...]) -> None:
        kind = msg[0]
        if kind == "ack":
            _, generation, keys, failed, token = msg
            self.generation = generation
            if keys or failed or token is None:
                self._acks.append(CommitAck(generation, list(keys), dict(failed)))
            if token is not None:
                self._done_tokens.add(token)
        elif kind == "fatal":
            self._error = f"the index writer failed: {msg[1]}"
        elif kind == "closed":
            self._closed = True

    def _check(self) -> None:
        if self._proc is None:
            raise RuntimeError("writer not started")
        if self._error is not None:
            raise IndexWriterError(self._error, self._take_acks())

    def _death_message(self) -> str:
        code = self._proc.exitcode if self._proc is not None else None
        return f"the index writer died (exit code {code})"

    def _failure(self, message: str) -> IndexWriterError:
        self._error = self._error or message
        return IndexWriterError(self._error, self._take_acks())

    def _take_acks(self) -> list[CommitAck]:
        acks, self._acks = self._acks, []
        return acks

    def _close_conn(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
