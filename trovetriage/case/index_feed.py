"""Turns done locations of the store into search documents and keeps the store's index journal.

The writer runs in its own process and acknowledges each commit with the row ids it contained;
only acknowledged rows count as indexed, so whatever a crash lost is simply sent again.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from trovetriage.case.classifier import Classifier
from trovetriage.core.store import Store
from trovetriage.index import CommitAck, IndexWriterProcess

BATCH = 200
META_KEYS = ("message_id", "in_reply_to", "references", "thread_index", "thread_topic", "received_hosts",
             "x_ms_exchange", "x_originating_ip", "mailer", "author", "company", "description", "generator")


def _flatten(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            out.append(str(key))
            _flatten(inner, out)
    elif isinstance(value, list | tuple):
        for inner in value:
            _flatten(inner, out)
    elif value not in (None, ""):
        out.append(str(value))


def meta_text(metadata_json: str | None) -> str:
    """Searchable text of the metadata that investigators query: ids, hosts, Exchange headers."""
    if not metadata_json:
        return ""
    metadata = json.loads(metadata_json)
    parts: list[str] = []
    for key in META_KEYS:
        if key in metadata:
            _flatten(metadata[key], parts)
    return " ".join(parts)[:20_000]


def document_for(store: Store, row: sqlite3.Row) -> dict[str, Any]:
    """The search document of one location; the body goes with the first location of a content."""
    sender = row["sender"] or ""
    doc: dict[str, Any] = {
        "item_key": row["rowid"], "item_id": row["item_id"], "path": row["path"], "name": row["name"],
        "title": row["title"] or "", "sender": sender, "recipients": json.loads(row["recipients"] or "[]"),
        "kind": row["kind"] or "other", "status": row["status"] or "", "mime": row["mime"] or "",
        "size": row["size"] or 0, "sender_domain": sender.rpartition("@")[2] if "@" in sender else "",
        "meta": meta_text(row["metadata"]),
    }
    if row["date"]:
        doc["date"] = datetime.fromisoformat(row["date"])
    # A credential list's lines are records in the store, not words in the index (DESIGN §8).
    if row["kind"] != "credentials" and row["sha256"] and row["text_chars"] \
            and store.claim_text_item(row["sha256"], row["rowid"]):
        doc["body"] = store.content_text(row["sha256"])
    return doc


class IndexFeed:
    """The ingest pipeline's DoneSink: batches documents to the writer process, records acks."""

    def __init__(self, store: Store, writer: IndexWriterProcess, classifier: Classifier | None = None) -> None:
        self.store = store
        self.writer = writer
        self.classifier = classifier
        self.classify_seconds = 0.0
        self.pending: list[int] = []
        self.sent = 0
        self.acked = 0
        self.build_seconds = 0.0
        self.send_wait_seconds = 0.0
        self.commit_wait_seconds = 0.0

    def replay(self, rowids: Sequence[int]) -> None:
        """Locations a crash may have left half-indexed: sent as replacements, never duplicates."""
        for start in range(0, len(rowids), BATCH):
            self._send(rowids[start:start + BATCH], replace=True)

    def items_done(self, rowids: Sequence[int]) -> None:
        self.pending.extend(rowids)
        while len(self.pending) >= BATCH:
            batch, self.pending = self.pending[:BATCH], self.pending[BATCH:]
            self._send(batch, replace=False)

    def _send(self, rowids: Sequence[int], replace: bool) -> None:
        t0 = time.monotonic()
        with self.store.transaction():  # one transaction for the batch's classification and text claims
            rows = self.store.items_by_rowid(list(rowids))
            if self.classifier is not None:
                self.classifier.classify_rows(rows)
                rows = self.store.items_by_rowid(list(rowids))  # a dump's kind may have changed
                self.classify_seconds += time.monotonic() - t0
            reindexed = [row for row in rows if row["indexed_gen"] > 0]
            docs = [document_for(self.store, row) for row in rows]
        t1 = time.monotonic()
        self.writer.send(docs, replace=replace or bool(reindexed))
        self.sent += len(docs)
        self.build_seconds += t1 - t0
        self.send_wait_seconds += time.monotonic() - t1

    def pump(self) -> None:
        self._record(self.writer.poll_acks())

    def flush(self) -> None:
        if self.pending:
            batch, self.pending = self.pending, []
            self._send(batch, replace=False)

    def checkpoint(self) -> None:
        """Send what is pending, commit, and record every acknowledgement (waits for the writer)."""
        self.flush()
        t0 = time.monotonic()
        self._record(self.writer.checkpoint())
        self.commit_wait_seconds += time.monotonic() - t0

    def close(self) -> None:
        self.flush()
        t0 = time.monotonic()
        self._record(self.writer.close())
        self.commit_wait_seconds += time.monotonic() - t0

    def _record(self, acks: list[CommitAck]) -> None:
        for ack in acks:
            # generation + 1: zero is reserved for "not in the index"
            self.store.mark_indexed(ack.item_keys, ack.generation + 1)
            self.acked += len(ack.item_keys)
