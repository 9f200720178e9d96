"""The ingest run: walk -> hash -> extract in workers -> store -> hand done items to the indexer.

The store is the journal. A location is written as `pending` before it is worked on and becomes
`done` in the same transaction as its content and its members, so a run killed at any point is
resumed by simply running again: pending locations are picked up, done ones are skipped.
"""

from __future__ import annotations

import mimetypes
import time
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from trovetriage.core.blobs import BlobStore, sha256_file
from trovetriage.core.limits import Limits
from trovetriage.core.progress import Cancelled, NullProgress, Progress
from trovetriage.core.store import NewItem, Store
from trovetriage.core.types import Extraction, MemberRecord, Sniffed, Status
from trovetriage.ingest.pool import Task, TaskFailure, WorkerPool, WorkFunction, default_jobs
from trovetriage.ingest.sniff import require_libmagic
from trovetriage.ingest.split_sets import SplitSet, find_split_sets, hash_joined, volume_number
from trovetriage.ingest.walk import WalkedFile, make_item_id, source_parent_id, walk_source
from trovetriage.ingest.worker import WorkResult, extract_file, kind_for_mime

#: Statuses that `--retry-failed` extracts again (a newer extractor or more time may help).
RETRYABLE = (Status.TIMEOUT, Status.CORRUPT, Status.TRUNCATED, Status.UNSUPPORTED, Status.TOO_LARGE)

COMMIT_SECONDS = 0.5
COMMIT_RESULTS = 400


class DoneSink(Protocol):
    """Receives the row ids of locations committed as done (the indexer, in practice)."""

    def items_done(self, rowids: Sequence[int]) -> None: ...

    def pump(self) -> None: ...


class _NoSink:
    def items_done(self, rowids: Sequence[int]) -> None:
        return None

    def pump(self) -> None:
        return None


@dataclass
class IngestOptions:
    jobs: int = field(default_factory=default_jobs)
    limits: Limits = field(default_factory=Limits)
    retry_failed: bool = False
    max_items_per_file: int = 1_000_000
    #: The case's password list, tried in order on encrypted documents and members.
    passwords: tuple[str, ...] = ()
    #: Extract again what stayed encrypted (and containers with encrypted members), because the
    #: password list is new. `retry_failed` does the same whenever there are passwords.
    retry_encrypted: bool = False
    #: What a worker runs per file; tests substitute functions that hang or crash.
    work: WorkFunction = extract_file


@dataclass
class IngestReport:
    run_id: int
    items_done: int = 0
    items_skipped: int = 0
    contents_extracted: int = 0
    bytes_extracted: int = 0
    failures: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    stages: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("walk", "hash", "sniff", "extract", "store"), 0.0))
    elapsed: float = 0.0
    cancelled: bool = False
    #: Rows whose status changed (a recursive bomb's root) while their first document was still on its
    #: way to the index: the caller sends them again once that document is acknowledged.
    stale_in_index: list[int] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        return {
            "items_done": self.items_done, "items_skipped": self.items_skipped,
            "contents_extracted": self.contents_extracted, "bytes_extracted": self.bytes_extracted,
            "failures": self.failures, "by_status": dict(self.by_status), "by_kind": dict(self.by_kind),
            "stages": {k: round(v, 3) for k, v in self.stages.items()}, "elapsed": round(self.elapsed, 3),
            "items_per_s": round(self.items_done / self.elapsed, 1) if self.elapsed else 0.0,
            "cancelled": self.cancelled,
        }


@dataclass
class _Pending:
    """A location waiting for its content: on disk (an original) or in the blob store."""

    item_id: str
    rowid: int
    root_id: str
    path: str
    disk_path: Path
    name: str
    depth: int
    sha256: str | None
    size: int


class IngestRun:
    """One `index` invocation. Create, then call `run()`."""

    def __init__(self, store: Store, blobs: BlobStore, sources: Sequence[Path], options: IngestOptions,
                 progress: Progress | None = None, sink: DoneSink | None = None) -> None:
        self.store = store
        self.blobs = blobs
        self.sources = [Path(s).resolve() for s in sources]
        self.options = options
        self.limits = options.limits
        self.progress = progress or NullProgress()
        self.sink = sink or _NoSink()
        self.queue: deque[_Pending] = deque()
        self.waiting: dict[str, list[_Pending]] = {}
        self.total = 0
        self.done_rowids: list[int] = []
        self.root_counts: Counter[str] = Counter()
        self.root_logical_bytes: Counter[str] = Counter()
        self.root_sizes: dict[str, int] = {}
        self.bomb_roots: dict[str, str] = {}  # root item id -> path of the container that tripped
        #: Rows whose status changed after they were offered to the index: offered again once indexed.
        self._restatused: list[int] = []
        self._walked_paths: dict[str, Path] = {}
        self.split_sets: dict[str, SplitSet] = {}  # item id of a `.001` piece -> its complete set
        self.report = IngestReport(run_id=0)
        self._results_since_commit = 0
        self._last_commit = time.monotonic()
        self._in_txn = False

    # -- the run ------------------------------------------------------------------------------------

    def run(self) -> IngestReport:
        started = time.monotonic()
        self.report.run_id = run_id = self.store.start_run("index")
        self.run_id = run_id
        self.blobs.ensure()
        self.blobs.clean_temp()
        pool: WorkerPool | None = None
        state = "finished"
        try:
            if self.options.retry_failed:
                self._reopen_failed()
            if self.options.passwords and (self.options.retry_encrypted or self.options.retry_failed):
                self._reopen_encrypted()
            self._walk()
            self._queue_pending_children()
            pool = WorkerPool(self.options.jobs, self.blobs.root, self.limits, self.options.work,
                              self.options.passwords)
            self._drive(pool)
        except Cancelled:
            state = "cancelled"
            self.report.cancelled = True
        except BaseException:
            state = "failed"
            raise
        finally:
            if pool is not None:
                pool.close()
            self._commit()
            self.report.stale_in_index = list(self._restatused)
            self.report.elapsed = time.monotonic() - started
            self.store.finish_run(run_id, state, self.report.figures())
        return self.report

    def _walk(self) -> None:
        """Record every walked file as a location; queue the ones not done by an earlier run."""
        t0 = time.monotonic()
        walked: list[NewItem] = []
        for source in self.sources:
            if not source.exists():
                raise FileNotFoundError(f"source does not exist: {source}")
            source_id = self.store.add_source(str(source), source.name)
            parent = source_parent_id(source)
            entries = list(walk_source(source))
            joined_with = self._split_sets_of(entries, parent)
            for entry in entries:
                item_id = make_item_id(parent, entry.rel)
                status, detail = entry.problem if entry.problem else joined_with.get(entry.path, (None, ""))
                walked.append(NewItem(item_id, None, item_id, source_id, entry.rel, Path(entry.rel).name,
                                      None, entry.size, 0, own_status=status, own_detail=detail,
                                      state="done" if status else "pending"))
                self._walked_paths[item_id] = entry.path
        known = self.store.item_states([item.item_id for item in walked])
        fresh = [item for item in walked if item.item_id not in known]
        with self.store.transaction():
            for start in range(0, len(fresh), 5000):
                self.store.insert_items(fresh[start:start + 5000], self.run_id)
        for item in walked:
            state = known.get(item.item_id, item.state)
            if state == "pending":
                row = self.store.item(item.item_id)
                assert row is not None
                self.root_sizes[item.item_id] = item.size
                self.queue.append(_Pending(item.item_id, row["rowid"], item.item_id, item.path,
                                           self._walked_paths[item.item_id], item.name, 0, row["sha256"],
                                           item.size))
            elif item.item_id not in known and item.own_status is not None:
                row = self.store.item(item.item_id)
                assert row is not None
                self._item_finished(row["rowid"], item.own_status.value, "other")
            else:
                self.report.items_skipped += 1
        self.total = len(self.queue) + self.report.items_done
        self.report.stages["walk"] += time.monotonic() - t0

    def _split_sets_of(self, entries: list[WalkedFile], parent: str) -> dict[Path, tuple[Status, str]]:
        """Find complete byte-split sets among walked files: the `.001` piece will be read as the
        joined set; each later piece is listed `ok`, saying which set it was read with."""
        rel_of = {entry.path: entry.rel for entry in entries if entry.problem is None}
        later: dict[Path, tuple[Status, str]] = {}
        for split in find_split_sets(rel_of):
            self.split_sets[make_item_id(parent, rel_of[split.first])] = split
            for piece in split.rest:
                later[piece] = (Status.OK, f"volume {volume_number(piece)} of {len(split.volumes)} of the split set "
                                           f"{rel_of[split.first]}, read joined with it")
        return later

    def _queue_pending_children(self) -> None:
        """Members recorded by an earlier, interrupted run still wait for their content."""
        for row in self.store.pending_items():
            if row["parent_id"] is None or row["sha256"] is None:
                continue
            self.queue.append(_Pending(row["item_id"], row["rowid"], row["root_id"], row["path"],
                                       self.blobs.path_for(row["sha256"]), row["name"], row["depth"],
                                       row["sha256"], row["size"]))
        self.total = len(self.queue) + self.report.items_done

    def _reopen_failed(self) -> None:
        marks = ",".join("?" * len(RETRYABLE))
        with self.store.transaction() as db:
            db.execute(
                f"UPDATE items SET state='pending' WHERE own_status IS NULL AND sha256 IN"
                f" (SELECT sha256 FROM contents WHERE status IN ({marks}))", [s.value for s in RETRYABLE])
            db.execute(f"DELETE FROM contents WHERE status IN ({marks})", [s.value for s in RETRYABLE])

    def _reopen_encrypted(self) -> None:
        """Contents that stayed encrypted, and containers holding encrypted members, are extracted
        again: the run has passwords to try on them. Their members are updated in `_add_members`."""
        with self.store.transaction() as db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS reopen(sha256 TEXT PRIMARY KEY)")
            db.execute("DELETE FROM reopen")
            db.execute("INSERT OR IGNORE INTO reopen SELECT sha256 FROM contents WHERE status=?",
                       (Status.ENCRYPTED.value,))
            db.execute("INSERT OR IGNORE INTO reopen SELECT p.sha256 FROM items i JOIN items p"
                       " ON p.item_id = i.parent_id WHERE i.own_status=? AND p.sha256 IS NOT NULL",
                       (Status.ENCRYPTED.value,))
            db.execute("UPDATE items SET state='pending' WHERE own_status IS NULL AND sha256 IN"
                       " (SELECT sha256 FROM reopen)")
            db.execute("DELETE FROM contents WHERE sha256 IN (SELECT sha256 FROM reopen)")
            db.execute("DROP TABLE reopen")

    def _drive(self, pool: WorkerPool) -> None:
        while self.queue or self.waiting:
            self.progress.check_cancelled()
            while self.queue and pool.idle:
                self._dispatch(self.queue.popleft(), pool)
                self._maybe_commit()
            if not self.waiting and not self.queue:
                break
            for outcome in pool.results(timeout=0.2):
                self._finish_task(outcome)
            self._maybe_commit()
            self._report_progress()
        self._report_progress()

    # -- dispatching ----------------------------------------------------------------------------------

    def _dispatch(self, item: _Pending, pool: WorkerPool) -> None:
        if item.sha256 is None:
            t0 = time.monotonic()
            split = self.split_sets.get(item.item_id)
            try:
                item.sha256, item.size = hash_joined(split.volumes) if split else sha256_file(item.disk_path)
            except OSError as error:
                self._begin()
                self.store.set_item_status(item.item_id, Status.CORRUPT, f"cannot read: {error}")
                self._item_finished(item.rowid, Status.CORRUPT.value, "")
                return
            finally:
                self.report.stages["hash"] += time.monotonic() - t0
            self._begin()
            self.store.set_item_content(item.item_id, item.sha256, item.size)
        sha = item.sha256
        if item.depth > 0:
            problem = self._location_problem(item)
            if problem:
                self._begin()
                self.store.set_item_status(item.item_id, problem[0], problem[1])
                self._item_finished(item.rowid, problem[0].value, "")
                return
        if sha in self.waiting:
            self.waiting[sha].append(item)
            return
        if self.store.has_content(sha):
            self._begin()
            self._complete_location(item)
            return
        if item.size > self.limits.max_file_bytes:
            self._save_failure(item, Status.TOO_LARGE, f"{item.size} bytes exceeds max_file_bytes")
            return
        self.waiting[sha] = [item]
        split = self.split_sets.get(item.item_id) if item.depth == 0 else None
        volumes = tuple(str(piece) for piece in split.rest) if split else ()
        pool.submit(Task(sha, str(item.disk_path), item.name, item.size, volumes))

    def _location_problem(self, item: _Pending) -> tuple[Status, str] | None:
        if item.depth > self.limits.max_depth:
            return Status.SKIPPED_DEPTH, f"nested deeper than max_depth={self.limits.max_depth}"
        if item.sha256 in self.store.ancestor_shas(self._parent_of(item.item_id)):
            return Status.SKIPPED_BOMB, "contains itself (quine): identical to an enclosing container"
        return None

    def _parent_of(self, item_id: str) -> str:
        row = self.store.item(item_id)
        return row["parent_id"] if row is not None and row["parent_id"] else item_id

    # -- results --------------------------------------------------------------------------------------

    def _finish_task(self, outcome: WorkResult | TaskFailure) -> None:
        t0 = time.monotonic()
        if isinstance(outcome, TaskFailure):
            waiting = self.waiting.get(outcome.task.key, [])
            if waiting:
                status = Status.TIMEOUT if outcome.reason == "timeout" else Status.CORRUPT
                self._save_failure(waiting[0], status, outcome.detail)
            self.report.failures += 1
            return
        self.report.stages["sniff"] += outcome.sniff_seconds
        self.report.stages["extract"] += outcome.seconds - outcome.sniff_seconds
        items = self.waiting.get(outcome.key, [])
        if not items:
            return
        size = items[0].size
        self._begin()
        self.store.save_content(outcome.key, size, outcome.sniffed, outcome.extractor, outcome.extraction,
                                self.run_id)
        self.report.contents_extracted += 1
        self.report.bytes_extracted += size
        for item in self.waiting.pop(outcome.key):
            self._complete_location(item)
        self._results_since_commit += 1
        self.report.stages["store"] += time.monotonic() - t0

    def _save_failure(self, item: _Pending, status: Status, detail: str) -> None:
        sha = item.sha256 or ""
        # Never parse the file in this process: whatever killed the worker (libmagic included)
        # must not get a second chance here. The name is the only safe hint left.
        guessed = mimetypes.guess_type(item.name, strict=False)[0] or "application/octet-stream"
        sniffed = Sniffed(guessed, "not sniffed: extraction failed", Path(item.name).suffix.lower(), item.name,
                          item.size)
        extraction = Extraction(kind=kind_for_mime(sniffed.mime), status=status, detail=detail)
        self._begin()
        self.store.save_content(sha, item.size, sniffed, None, extraction, self.run_id)
        self.waiting.setdefault(sha, [item])
        for waiting in self.waiting.pop(sha):
            self._complete_location(waiting)

    def _complete_location(self, item: _Pending) -> None:
        """Mark a location done and create the locations of its members (recursively for copies)."""
        assert item.sha256 is not None
        self.store.mark_done([item.item_id])
        status, kind = self.store.content_status_kind(item.sha256)
        members = self.store.members(item.sha256)
        if members and item.root_id in self.bomb_roots:
            self.store.set_item_status(item.item_id, Status.SKIPPED_BOMB,
                                       f"inside a recursive bomb (see {self.bomb_roots[item.root_id]}): not opened")
            self._item_finished(item.rowid, Status.SKIPPED_BOMB.value, kind)
            return
        quine = self._quine_member(item, members) if members else None
        if quine:  # the container is the bomb: say so on it, its self-copy is stopped in _location_problem
            self.store.set_item_status(item.item_id, Status.SKIPPED_BOMB, quine)
            status = Status.SKIPPED_BOMB.value
        self._item_finished(item.rowid, status, kind)
        if members:
            reason = self._expansion_problem(item, members)
            problem = f"{reason} (recursive bomb): not opened" if reason else None
            if reason:
                self.bomb_roots[item.root_id] = item.path
                self._mark_bomb_root(item, reason)
            self._add_members(item, members, problem)

    def _quine_member(self, item: _Pending, members: list[MemberRecord]) -> str | None:
        """A member identical to this container or to one enclosing it makes this container a quine."""
        enclosing = self.store.ancestor_shas(item.item_id)
        member = next((m for m in members if m.sha256 is not None and m.sha256 in enclosing), None)
        if member is None:
            return None
        what = "this file" if member.sha256 == item.sha256 else "an enclosing container"
        return f"contains itself (quine): its member {member.name} is identical to {what}"

    def _mark_bomb_root(self, item: _Pending, reason: str) -> None:
        """The file a recursive bomb came in is a bomb too, not only its stopped members (same transaction)."""
        row = self.store.item(item.root_id)
        if row is None:
            return
        before = row["own_status"] or self.store.content_status(row["sha256"] or "") or "unknown"
        levels = f"archives nested {item.depth + 1} levels deep, " if item.depth else ""
        self.store.set_item_status(item.root_id, Status.SKIPPED_BOMB,
                                   f"recursive bomb: {levels}{reason}; members below {item.path} not opened")
        if row["run_id"] == self.run_id and self.report.by_status[before] > 0:  # counted by this run: recount
            self.report.by_status[before] -= 1
            self.report.by_status[Status.SKIPPED_BOMB.value] += 1
        self._restatused.append(row["rowid"])

    def _expansion_problem(self, item: _Pending, members: list[MemberRecord]) -> str | None:
        """Recursive bombs (the same zip sixteen times, sixteen levels deep) are small on disk and
        deduplicated in the blob store, but every copy is a location: bound the locations and their
        logical bytes per original file. Returns the limit that was passed."""
        root = item.root_id
        self.root_counts[root] += len(members)
        self.root_logical_bytes[root] += sum(m.size for m in members if m.sha256 is not None)
        if self.root_counts[root] > self.options.max_items_per_file:
            return f"more than {self.options.max_items_per_file} locations inside one file"
        logical = self.root_logical_bytes[root]
        root_size = max(self._root_size(root), 1)
        if logical > self.limits.ratio_min_bytes and logical / root_size > self.limits.max_ratio:
            return (f"the file's members expand to {logical} bytes from {root_size} bytes, ratio above "
                    f"{self.limits.max_ratio:g}:1")
        return None

    def _root_size(self, root_id: str) -> int:
        if root_id not in self.root_sizes:
            row = self.store.item(root_id)
            self.root_sizes[root_id] = int(row["size"]) if row is not None else 0
        return self.root_sizes[root_id]

    def _add_members(self, parent: _Pending, members: list[MemberRecord], skip_reason: str | None) -> None:
        """Create the member locations; with `skip_reason` they are listed but not opened."""
        new_items: list[NewItem] = []
        for ordinal, member in enumerate(members):
            item_id = make_item_id(parent.item_id, member.name)
            status: Status | None = member.status if member.sha256 is None else None
            detail = member.detail
            if member.sha256 is None and status is None:
                status = Status.CORRUPT
            elif member.sha256 is not None and skip_reason:
                status, detail = Status.SKIPPED_BOMB, skip_reason
            new_items.append(NewItem(
                item_id, parent.item_id, parent.root_id, 0, f"{parent.path}!{member.name}", member.name,
                member.sha256, member.size, parent.depth + 1, ordinal, own_status=status, own_detail=detail,
                state="done" if status else "pending"))
        source_id = self._source_id_of(parent.item_id)
        new_items = [NewItem(**{**n.__dict__, "source_id": source_id}) for n in new_items]
        known = self.store.item_states([n.item_id for n in new_items])
        fresh = [n for n in new_items if n.item_id not in known]
        self.store.insert_items(fresh, self.run_id)
        fresh += self._update_encrypted([n for n in new_items if n.item_id in known])
        for new in fresh:
            row = self.store.item(new.item_id)
            assert row is not None
            if new.state == "done":
                self._item_finished(row["rowid"], new.own_status.value if new.own_status else "", "other")
                continue
            assert new.sha256 is not None
            child = _Pending(new.item_id, row["rowid"], new.root_id, new.path, self.blobs.path_for(new.sha256),
                             new.name, new.depth, new.sha256, new.size)
            self.total += 1
            self.queue.appendleft(child)

    def _update_encrypted(self, known: list[NewItem]) -> list[NewItem]:
        """Members recorded as encrypted by an earlier run take what this extraction found: the
        content a password opened (returned, to be queued) or a new status detail."""
        reopened: list[NewItem] = []
        for new in known:
            row = self.store.item(new.item_id)
            if row is None or row["own_status"] != Status.ENCRYPTED.value:
                continue
            if new.sha256 is not None and new.own_status is None:
                self.store.db.execute("UPDATE items SET sha256=?, size=?, own_status=NULL, own_detail='',"
                                      " state='pending' WHERE item_id=?", (new.sha256, new.size, new.item_id))
                reopened.append(new)
            elif new.own_status is not None:
                self.store.set_item_status(new.item_id, new.own_status, new.own_detail)
                self._item_finished(row["rowid"], new.own_status.value, "other")
        return reopened

    def _source_id_of(self, item_id: str) -> int:
        row = self.store.item(item_id)
        return int(row["source_id"]) if row is not None else 0

    # -- bookkeeping --------------------------------------------------------------------------------

    def _item_finished(self, rowid: int, status: str, kind: str) -> None:
        self.report.items_done += 1
        self.report.by_status[status or "unknown"] += 1
        self.report.by_kind[kind or "other"] += 1
        self.done_rowids.append(rowid)

    def _begin(self) -> None:
        if not self._in_txn:
            self.store.db.execute("BEGIN IMMEDIATE")
            self._in_txn = True

    def _maybe_commit(self) -> None:
        if self._results_since_commit >= COMMIT_RESULTS or time.monotonic() - self._last_commit > COMMIT_SECONDS:
            self._commit()

    def _commit(self) -> None:
        """Make done locations durable first, then (only then) offer them to the indexer."""
        t0 = time.monotonic()
        if self._in_txn:
            self.store.db.execute("COMMIT")
            self._in_txn = False
        self._results_since_commit = 0
        self._last_commit = time.monotonic()
        self.report.stages["store"] += time.monotonic() - t0
        self._offer_restatused()
        if self.done_rowids:
            done, self.done_rowids = self.done_rowids, []
            self.sink.items_done(done)
        self.sink.pump()

    def _offer_restatused(self) -> None:
        """An indexed row whose status changed is sent again (the feed replaces it); one still on its
        way to the index waits for its acknowledgement, or is read fresh if it was not sent yet."""
        if not self._restatused:
            return
        marks = ",".join("?" * len(self._restatused))
        indexed = {row[0] for row in self.store.db.execute(
            f"SELECT rowid FROM items WHERE rowid IN ({marks}) AND indexed_gen>0", self._restatused)}
        self.done_rowids.extend(rowid for rowid in self._restatused if rowid in indexed)
        self._restatused = [rowid for rowid in self._restatused if rowid not in indexed]

    def _report_progress(self) -> None:
        counts = dict(self.report.by_status)
        self.progress.update(self.report.items_done, max(self.total, self.report.items_done), "indexing",
                             counts=counts, done_bytes=self.report.bytes_extracted)


def ingest(store: Store, blobs: BlobStore, sources: Sequence[Path], options: IngestOptions | None = None,
           progress: Progress | None = None, sink: DoneSink | None = None) -> IngestReport:
    """Run one ingest over `sources` into the case behind `store` and `blobs`."""
    require_libmagic()
    return IngestRun(store, blobs, sources, options or IngestOptions(), progress, sink).run()
