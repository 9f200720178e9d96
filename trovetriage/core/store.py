"""The case store: one SQLite database (WAL) holding items, contents, members, runs and the audit log.

Identity (DESIGN §2): `contents` is keyed by sha256 (extracted once); `items` are locations, keyed
by an `item_id` derived from the parent's id and the member name, so a re-run finds the same ids.
An item's status is its own (a limit hit at this location) or else its content's status.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
import uuid
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trovetriage.core.types import Extraction, MemberRecord, Sniffed, Status

SCHEMA_VERSION = 2

_SCHEMA_V1 = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(
    id INTEGER PRIMARY KEY,
    root TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE contents(
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    extractor TEXT,
    title TEXT NOT NULL DEFAULT '',
    date TEXT,
    sender TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '[]',
    metadata TEXT NOT NULL DEFAULT '{}',
    text_chars INTEGER NOT NULL DEFAULT 0,
    text BLOB,
    text_item INTEGER,
    extracted_at TEXT NOT NULL,
    run_id INTEGER
);
CREATE TABLE members(
    parent_sha TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    child_sha TEXT,
    size INTEGER NOT NULL,
    status TEXT,
    detail TEXT NOT NULL DEFAULT '',
    meta TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY(parent_sha, ordinal)
) WITHOUT ROWID;
CREATE TABLE items(
    rowid INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL UNIQUE,
    parent_id TEXT,
    root_id TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT,
    size INTEGER NOT NULL DEFAULT 0,
    depth INTEGER NOT NULL DEFAULT 0,
    ordinal INTEGER NOT NULL DEFAULT 0,
    own_status TEXT,
    own_detail TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending',
    indexed_gen INTEGER NOT NULL DEFAULT 0,
    run_id INTEGER
);
CREATE INDEX items_sha ON items(sha256);
CREATE INDEX items_parent ON items(parent_id);
CREATE INDEX items_state ON items(state);
CREATE INDEX items_unindexed ON items(indexed_gen) WHERE indexed_gen = 0;
CREATE TABLE classifications(
    item_id TEXT PRIMARY KEY,
    victim TEXT,
    victim_confidence REAL,
    victim_origin TEXT,
    level INTEGER,
    level_origin TEXT,
    categories TEXT NOT NULL DEFAULT '[]',
    reviewed INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT
);
CREATE TABLE runs(
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    state TEXT NOT NULL,
    figures TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE audit(
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    item_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
"""

#: Version 2: what classification found (findings and credentials per content) and proposed
#: (victim evidence, automatic level) beside the investigator's decisions.
_SCHEMA_V2 = """
ALTER TABLE classifications ADD COLUMN categories_origin TEXT;
ALTER TABLE classifications ADD COLUMN auto_victim TEXT;
ALTER TABLE classifications ADD COLUMN auto_victim_confidence REAL;
ALTER TABLE classifications ADD COLUMN auto_level INTEGER;
ALTER TABLE classifications ADD COLUMN auto_categories TEXT NOT NULL DEFAULT '[]';
ALTER TABLE classifications ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';
ALTER TABLE classifications ADD COLUMN correspondents TEXT NOT NULL DEFAULT '[]';
ALTER TABLE classifications ADD COLUMN mentioned TEXT NOT NULL DEFAULT '[]';
ALTER TABLE classifications ADD COLUMN auto_generation INTEGER NOT NULL DEFAULT 0;
CREATE INDEX classifications_victim ON classifications(victim);
CREATE INDEX classifications_level ON classifications(level);
CREATE TABLE analyses(
    sha256 TEXT PRIMARY KEY,
    rules_version TEXT NOT NULL,
    credential_format TEXT,
    credential_count INTEGER NOT NULL DEFAULT 0,
    credential_domains TEXT NOT NULL DEFAULT '[]',
    analysed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE findings(
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    rule TEXT NOT NULL,
    category TEXT NOT NULL,
    level INTEGER NOT NULL,
    confidence TEXT NOT NULL,
    location TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    start INTEGER,
    end INTEGER
);
CREATE INDEX findings_sha ON findings(sha256);
CREATE TABLE credentials(
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    account TEXT NOT NULL,
    domain TEXT NOT NULL,
    kind TEXT NOT NULL,
    secret_masked TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    source_format TEXT NOT NULL,
    line INTEGER NOT NULL,
    privileged INTEGER NOT NULL DEFAULT 0,
    url TEXT NOT NULL DEFAULT '',
    context TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX credentials_sha ON credentials(sha256);
CREATE INDEX credentials_fingerprint ON credentials(fingerprint);
"""

#: Migrations from version N to N+1, applied in order on open. Version 0 is an empty database.
MIGRATIONS: dict[int, str] = {0: _SCHEMA_V1, 1: _SCHEMA_V2}


class StoreError(RuntimeError):
    """The case database cannot be used (newer schema, not a case, locked)."""


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def compress_text(text: str) -> bytes | None:
    return zlib.compress(text.encode("utf-8"), 3) if text else None


def decompress_text(blob: bytes | None) -> str:
    return zlib.decompress(blob).decode("utf-8") if blob else ""


@dataclass(frozen=True)
class NewItem:
    """A location to record: a walked file or a container member."""

    item_id: str
    parent_id: str | None
    root_id: str
    source_id: int
    path: str
    name: str
    sha256: str | None
    size: int
    depth: int
    ordinal: int = 0
    own_status: Status | None = None
    own_detail: str = ""
    state: str = "pending"


class Store:
    """Thin, typed access to case.sqlite. One writer at a time; readers use WAL snapshots."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        self.db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        elif self.schema_version() > SCHEMA_VERSION:
            raise StoreError(f"case schema {self.schema_version()} is newer than this TroveTriage")

    def close(self) -> None:
        self.db.close()

    # -- schema -----------------------------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"case schema {version} is newer than this TroveTriage ({SCHEMA_VERSION})")
        while version < SCHEMA_VERSION:
            with self.transaction():
                for statement in _statements(MIGRATIONS[version]):
                    self.db.execute(statement)
                version += 1
                self.db.execute(f"PRAGMA user_version={version}")
                if version == 1:
                    self.db.execute("INSERT INTO meta VALUES('case_id', ?), ('created_at', ?)",
                                    (uuid.uuid4().hex, utcnow()))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def audit(self, action: str, item_id: str | None, detail: dict[str, Any], actor: str = "") -> None:
        """Append to the audit log: who changed what, when (the exports summarise it)."""
        self.db.execute("INSERT INTO audit(at, actor, action, item_id, detail) VALUES(?,?,?,?,?)",
                        (utcnow(), actor or _current_user(), action, item_id, json.dumps(detail, ensure_ascii=False)))

    def audit_many(self, action: str, entries: Sequence[tuple[str | None, dict[str, Any]]], actor: str = "") -> None:
        """Many audit rows of one action at once (a bulk decision writes one row per item)."""
        at, who = utcnow(), actor or _current_user()
        self.db.executemany("INSERT INTO audit(at, actor, action, item_id, detail) VALUES(?,?,?,?,?)",
                            [(at, who, action, item_id, json.dumps(detail, ensure_ascii=False, default=str))
                             for item_id, detail in entries])

    def audit_rows(self) -> Iterator[sqlite3.Row]:
        yield from self.db.execute("SELECT * FROM audit ORDER BY id")

    # -- sources and runs -------------------------------------------------------------------------

    def add_source(self, root: str, label: str) -> int:
        row = self.db.execute("SELECT id FROM sources WHERE root=?", (root,)).fetchone()
        if row:
            return int(row[0])
        cursor = self.db.execute("INSERT INTO sources(root, label, added_at) VALUES(?,?,?)",
                                 (root, label, utcnow()))
        return int(cursor.lastrowid or 0)

    def start_run(self, command: str) -> int:
        cursor = self.db.execute("INSERT INTO runs(command, started_at, state) VALUES(?,?, 'running')",
                                 (command, utcnow()))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, state: str, figures: dict[str, Any]) -> None:
        self.db.execute("UPDATE runs SET finished_at=?, state=?, figures=? WHERE id=?",
                        (utcnow(), state, json.dumps(figures, sort_keys=True), run_id))

    def last_run(self) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        run = dict(row)
        run["figures"] = json.loads(run["figures"])
        return run

    # -- items ------------------------------------------------------------------------------------

    def item_states(self, item_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in _chunks(item_ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT item_id, state FROM items WHERE item_id IN ({marks})", chunk):
                found[row[0]] = row[1]
        return found

    def insert_items(self, items: Iterable[NewItem], run_id: int) -> None:
        """Record locations; an id seen before keeps its row (re-runs are idempotent)."""
        self.db.executemany(
            "INSERT OR IGNORE INTO items(item_id, parent_id, root_id, source_id, path, name, sha256, size,"
            " depth, ordinal, own_status, own_detail, state, run_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(i.item_id, i.parent_id, i.root_id, i.source_id, i.path, i.name, i.sha256, i.size, i.depth,
              i.ordinal, i.own_status.value if i.own_status else None, i.own_detail, i.state, run_id)
             for i in items])

    def set_item_content(self, item_id: str, sha256: str, size: int) -> None:
        self.db.execute("UPDATE items SET sha256=?, size=? WHERE item_id=?", (sha256, size, item_id))

    def set_item_status(self, item_id: str, status: Status, detail: str) -> None:
        self.db.execute("UPDATE items SET own_status=?, own_detail=?, state='done' WHERE item_id=?",
                        (status.value, detail, item_id))

    def mark_done(self, item_ids: Sequence[str]) -> None:
        self.db.executemany("UPDATE items SET state='done' WHERE item_id=?", [(i,) for i in item_ids])

    def pending_items(self) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM items WHERE state='pending' ORDER BY rowid").fetchall()

    def item(self, item_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM items WHERE item_id=?", (item_id,)).fetchone()

    def ancestor_shas(self, item_id: str) -> set[str]:
        rows = self.db.execute(
            "WITH RECURSIVE chain(id, parent, sha) AS ("
            " SELECT item_id, parent_id, sha256 FROM items WHERE item_id=?"
            " UNION ALL SELECT i.item_id, i.parent_id, i.sha256 FROM items i JOIN chain c ON i.item_id=c.parent)"
            " SELECT sha FROM chain WHERE sha IS NOT NULL", (item_id,))
        return {row[0] for row in rows}

    # -- contents ---------------------------------------------------------------------------------

    def content_status(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT status FROM contents WHERE sha256=?", (sha256,)).fetchone()
        return row[0] if row else None

    def content_status_kind(self, sha256: str) -> tuple[str, str]:
        row = self.db.execute("SELECT status, kind FROM contents WHERE sha256=?", (sha256,)).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def has_content(self, sha256: str) -> bool:
        return self.content_status(sha256) is not None

    def save_content(self, sha256: str, size: int, sniffed: Sniffed, extractor: str | None,
                     extraction: Extraction, run_id: int) -> None:
        """Store what extraction found, replacing an earlier (failed) attempt, with its members."""
        ex = extraction
        self.db.execute("DELETE FROM members WHERE parent_sha=?", (sha256,))
        self.db.execute(
            "INSERT OR REPLACE INTO contents(sha256, size, mime, description, kind, status, detail, extractor,"
            " title, date, sender, recipients, metadata, text_chars, text, extracted_at, run_id)"
            " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (sha256, size, sniffed.mime, sniffed.description, ex.kind.value, ex.status.value, ex.detail,
             extractor, ex.title, ex.date.isoformat() if ex.date else None, ex.sender,
             json.dumps(ex.recipients, ensure_ascii=False), json.dumps(ex.metadata, ensure_ascii=False, default=str),
             len(ex.text), compress_text(ex.text), utcnow(), run_id))
        self.db.executemany(
            "INSERT INTO members(parent_sha, ordinal, name, child_sha, size, status, detail, meta)"
            " VALUES(?,?,?,?,?,?,?,?)",
            [(sha256, n, m.name, m.sha256, m.size, m.status.value if m.status else None, m.detail,
              json.dumps(m.meta, ensure_ascii=False, default=str)) for n, m in enumerate(ex.members)])

    def members(self, sha256: str) -> list[MemberRecord]:
        return [MemberRecord(row["name"], row["child_sha"], row["size"],
                             Status(row["status"]) if row["status"] else None, row["detail"],
                             json.loads(row["meta"]))
                for row in self.db.execute(
                    "SELECT * FROM members WHERE parent_sha=? ORDER BY ordinal", (sha256,))]

    def content_text(self, sha256: str) -> str:
        row = self.db.execute("SELECT text FROM contents WHERE sha256=?", (sha256,)).fetchone()
        return decompress_text(row[0]) if row else ""

    def claim_text_item(self, sha256: str, rowid: int) -> bool:
        """The first location of a content carries its body into the index; copies do not."""
        cursor = self.db.execute(
            "UPDATE contents SET text_item=? WHERE sha256=? AND (text_item IS NULL OR text_item=?)",
            (rowid, sha256, rowid))
        return cursor.rowcount == 1

    # -- indexing bookkeeping ---------------------------------------------------------------------

    def mark_indexed(self, rowids: Sequence[int], generation: int) -> None:
        with self.transaction():
            self.db.executemany("UPDATE items SET indexed_gen=? WHERE rowid=?", [(generation, r) for r in rowids])

    def unindexed_done_rowids(self) -> list[int]:
        return [row[0] for row in self.db.execute(
            "SELECT rowid FROM items WHERE indexed_gen=0 AND state='done' ORDER BY rowid")]

    def forget_index(self) -> None:
        self.db.execute("UPDATE items SET indexed_gen=0")

    def forget_index_after(self, generation: int) -> None:
        self.db.execute("UPDATE items SET indexed_gen=0 WHERE indexed_gen>?", (generation,))

    # -- reading items for export, search and stats -----------------------------------------------

    ITEM_VIEW = (
        "SELECT i.rowid AS rowid, i.*, COALESCE(i.own_status, c.status) AS status,"
        " CASE WHEN i.own_status IS NOT NULL THEN i.own_detail ELSE c.detail END AS status_detail,"
        " c.mime AS mime, c.description AS description, COALESCE(c.kind, 'other') AS kind, c.title AS title,"
        " c.date AS date,"
        " c.sender AS sender, c.recipients AS recipients, c.metadata AS metadata, c.text_chars AS text_chars,"
        " c.text_item AS text_item, c.extractor AS extractor,"
        # What the container said about this member (its mtime, how it was opened...).
        " (SELECT m.meta FROM items p JOIN members m ON m.parent_sha = p.sha256 AND m.ordinal = i.ordinal"
        "  WHERE p.item_id = i.parent_id) AS member_meta"
        " FROM items i LEFT JOIN contents c ON c.sha256 = i.sha256")

    def item_rows(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        yield from self.db.execute(f"{self.ITEM_VIEW} {where}", params)

    def items_by_rowid(self, rowids: Sequence[int]) -> list[sqlite3.Row]:
        rows: list[sqlite3.Row] = []
        for chunk in _chunks(rowids, 500):
            marks = ",".join("?" * len(chunk))
            rows.extend(self.item_rows(f"WHERE i.rowid IN ({marks})", chunk))
        order = {rowid: n for n, rowid in enumerate(rowids)}
        rows.sort(key=lambda row: order[row["rowid"]])
        return rows

    def copies(self, sha256: str, exclude_item: str) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT path FROM items WHERE sha256=? AND item_id<>? ORDER BY rowid", (sha256, exclude_item))]

    def classification(self, item_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM classifications WHERE item_id=?", (item_id,)).fetchone()

    def count_by(self, expression: str) -> dict[str, int]:
        """Counts of done items grouped by a column of the item view (status, kind, source...)."""
        rows = self.db.execute(
            f"SELECT {expression} AS k, COUNT(*) FROM ({self.ITEM_VIEW}) AS v GROUP BY k ORDER BY k")
        return {str(row[0]) if row[0] is not None else "(pending)": row[1] for row in rows}

    def item_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM items").fetchone()[0])


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _chunks(values: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]
