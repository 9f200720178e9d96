"""What the GUI shows, as plain data: search results as item keys with facets, table rows, one
item's detail, the dashboard. Everything returned is picklable, because the GUI asks a case
server process for it (the GUI thread never runs a query itself).
"""

from __future__ import annotations

import email
import email.policy
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from trovetriage.case.content_files import content_path
from trovetriage.core.classification import account_name
from trovetriage.core.judgements import Judgements
from trovetriage.core.store import Store

#: Filters the index applies (query clauses); the others (victim, level, category) come from SQLite.
INDEX_FILTERS = {"kind": "kind", "status": "status", "year": "year", "sender_domain": "domain"}
CLASSIFICATION_FILTERS = ("victim", "level", "category")
NO_VICTIM = "(no victim)"
NO_LEVEL = "none"
SQL_SORTS = {"level": "c.level", "victim": "c.victim"}
TEXT_LIMIT = 2 * 1024 * 1024
HEX_BYTES = 64 * 1024
DUMP_RECORDS_SHOWN = 5000
HTML_SOURCE_LIMIT = 20 * 1024 * 1024
CHILDREN_SHOWN = 500
PROBLEM_STATUSES = ("encrypted", "corrupt", "truncated", "timeout", "too_large", "unsupported", "skipped_depth",
                    "skipped_bomb")


def search(case: Any, query: str, filters: Mapping[str, Sequence[str]] | None = None, sort: str = "relevance",
           reverse: bool = False) -> dict[str, Any]:
    """All matches of `query` under `filters`, as keys in display order, with facet counts."""
    if not case.has_index():  # a new case: nothing ingested yet
        return {"query": query, "total": 0, "keys": [], "facets": {}, "terms": [], "elapsed_ms": 0.0}
    filters = {name: list(values) for name, values in (filters or {}).items() if values}
    full_query = _with_index_filters(query, filters)
    allowed = classified_keys(case.store, filters) if any(f in filters for f in CLASSIFICATION_FILTERS) else None
    index_sort = sort if sort in ("date", "size", "title", "path") else None
    page = case.engine().ordered_keys(full_query, allowed_keys=allowed, sort=index_sort, reverse=reverse)
    keys = page.keys
    store: Store = case.store
    with _key_table(store, keys):
        if sort in SQL_SORTS:
            direction = "DESC" if reverse else "ASC"
            keys = [row[0] for row in store.db.execute(
                f"SELECT k.key FROM temp.view_keys k JOIN items i ON i.rowid = k.key"
                f" LEFT JOIN classifications c ON c.item_id = i.item_id"
                f" ORDER BY {SQL_SORTS[sort]} IS NULL, {SQL_SORTS[sort]} {direction}, k.position")]
        facets = {**page.facets, **_classification_facets(store)}
    return {"query": query, "total": len(keys), "keys": keys, "facets": facets, "terms": page.terms,
            "elapsed_ms": page.elapsed_ms}


def _with_index_filters(query: str, filters: Mapping[str, Sequence[str]]) -> str:
    clauses = []
    for name, field in INDEX_FILTERS.items():
        values = [v for v in filters.get(name, ()) if v]
        if values:
            clauses.append("(" + " OR ".join(f'{field}:"{v.replace(chr(34), "")}"' for v in values) + ")")
    if not clauses:
        return query
    return " AND ".join(([f"({query})"] if query.strip() else []) + clauses)


def classified_keys(store: Store, filters: Mapping[str, Sequence[str]]) -> set[int]:
    """Item keys whose classification passes the victim / level / category filters."""
    where: list[str] = []
    params: list[Any] = []
    victims = list(filters.get("victim", ()))
    if victims:
        named = [v for v in victims if v != NO_VICTIM]
        parts = [f"c.victim IN ({','.join('?' * len(named))})"] if named else []
        if NO_VICTIM in victims:
            parts.append("c.victim IS NULL")
        where.append("(" + " OR ".join(parts) + ")")
        params.extend(named)
    levels = list(filters.get("level", ()))
    if levels:
        numbers = [int(v) for v in levels if v != NO_LEVEL]
        parts = [f"c.level IN ({','.join('?' * len(numbers))})"] if numbers else []
        if NO_LEVEL in levels:
            parts.append("c.level IS NULL")
        where.append("(" + " OR ".join(parts) + ")")
        params.extend(numbers)
    for category in filters.get("category", ()):
        where.append("EXISTS (SELECT 1 FROM json_each(c.categories) j WHERE j.value = ?)")
        params.append(category)
    sql = ("SELECT i.rowid FROM items i LEFT JOIN classifications c ON c.item_id = i.item_id WHERE "
           + " AND ".join(where))
    return {row[0] for row in store.db.execute(sql, params)}


@contextmanager
def _key_table(store: Store, keys: Sequence[int]) -> Iterator[None]:
    db = store.db
    db.execute("CREATE TEMP TABLE IF NOT EXISTS view_keys(key INTEGER PRIMARY KEY, position INTEGER)")
    db.execute("DELETE FROM temp.view_keys")
    db.executemany("INSERT OR IGNORE INTO temp.view_keys VALUES(?, ?)", ((k, n) for n, k in enumerate(keys)))
    try:
        yield
    finally:
        db.execute("DELETE FROM temp.view_keys")


def _classification_facets(store: Store) -> dict[str, dict[str, int]]:
    """Victim, level and category counts over the keys in temp.view_keys."""
    base = ("FROM temp.view_keys k JOIN items i ON i.rowid = k.key"
            " LEFT JOIN classifications c ON c.item_id = i.item_id")
    victims = {row[0] or NO_VICTIM: row[1] for row in store.db.execute(
        f"SELECT c.victim, COUNT(*) {base} GROUP BY c.victim ORDER BY COUNT(*) DESC")}
    levels = {NO_LEVEL if row[0] is None else str(row[0]): row[1] for row in store.db.execute(
        f"SELECT c.level, COUNT(*) {base} GROUP BY c.level ORDER BY c.level DESC")}
    categories = {row[0]: row[1] for row in store.db.execute(
        f"SELECT j.value, COUNT(*) {base}, json_each(COALESCE(c.categories, '[]')) j GROUP BY j.value"
        " ORDER BY COUNT(*) DESC")}
    return {"victim": victims, "level": levels, "category": categories}


def rows(store: Store, keys: Sequence[int]) -> list[dict[str, Any]]:
    """The table rows of some result keys, in the order asked."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start:start + 500])
        marks = ",".join("?" * len(chunk))
        for row in store.db.execute(
                f"SELECT v.rowid AS key, v.item_id, v.path, v.name, v.title, v.date, v.kind, v.status, v.size,"
                f" v.sender, c.victim, c.level, c.categories, c.reviewed FROM ({store.ITEM_VIEW}) v"
                f" LEFT JOIN classifications c ON c.item_id = v.item_id WHERE v.rowid IN ({marks})", chunk):
            found[row["key"]] = _row_dict(row)
    return [found[key] for key in keys if key in found]


def _row_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {"key": row["key"], "item_id": row["item_id"], "path": row["path"], "name": row["name"],
            "title": row["title"] or row["name"], "date": row["date"], "kind": row["kind"], "status": row["status"],
            "size": row["size"] or 0, "sender": row["sender"] or "", "victim": row["victim"], "level": row["level"],
            "categories": json.loads(row["categories"] or "[]"), "reviewed": bool(row["reviewed"])}


def item_detail(case: Any, key: int, terms: Sequence[str] = ()) -> dict[str, Any] | None:
    """Everything the preview shows about one item; secrets stay masked."""
    store: Store = case.store
    found = store.items_by_rowid([key])
    if not found:
        return None
    row = found[0]
    sha = row["sha256"]
    judgements = Judgements(store)
    dump = row["kind"] == "credentials" and bool(sha)
    text = _masked_dump(judgements, sha) if dump else store.content_text(sha) if sha and row["text_chars"] else ""
    path = content_path(store, case.blobs, row)
    metadata = json.loads(row["metadata"] or "{}")
    classification = judgements.classification(row["item_id"])
    return {
        "key": key, "item_id": row["item_id"], "path": row["path"], "name": row["name"], "kind": row["kind"],
        "status": row["status"], "status_detail": row["status_detail"] or "", "mime": row["mime"] or "",
        "size": row["size"] or 0, "sha256": sha, "title": row["title"] or row["name"], "date": row["date"],
        "sender": row["sender"] or "", "recipients": json.loads(row["recipients"] or "[]"), "metadata": metadata,
        "text": text[:TEXT_LIMIT], "text_truncated": len(text) > TEXT_LIMIT,
        "html": _html_body(path) if row["kind"] == "email" and path is not None else None,
        "terms": list(terms), "classification": classification,
        "findings": [f.as_dict() for f in judgements.findings(sha)] if sha else [],
        "credentials": [{"id": c["id"], "account": c["account"], "domain": c["domain"], "kind": c["kind"],
                         "secret_masked": c["secret_masked"], "privileged": bool(c["privileged"]), "line": c["line"]}
                        for c in judgements.credentials(sha, limit=200)] if sha else [],
        "credential_count": judgements.credential_count(sha) if sha else 0,
        "family": _family(store, row),
        "hex": b"" if dump else _head(path),  # a dump's bytes are its secrets
    }


def _masked_dump(judgements: Judgements, sha: str) -> str:
    """A credential dump as the Text tab shows it: one masked record per line found, never the lines.

    DESIGN §4 masks secrets everywhere by default; a dump's own text is nothing but secrets, so
    its records stand in for it. "Reveal…" in the Findings tab shows one line in clear, audited.
    """
    count = judgements.credential_count(sha)
    records = judgements.credentials(sha, limit=DUMP_RECORDS_SHOWN)
    lines = [f"Credential dump: {count:,} records, shown masked (Findings ▸ Reveal… shows a line in clear and "
             f"records that in the audit log)."]
    if count > len(records):
        lines.append(f"The first {len(records):,} records:")
    lines.append("")
    for record in records:
        account = account_name(record["account"], record["domain"]) or "(no account name)"
        privileged = "  [privileged]" if record["privileged"] else ""
        lines.append(f"line {record['line']}: {account}  {record['kind']}  {record['secret_masked']}{privileged}")
    return "\n".join(lines)


def _html_body(path: Any) -> str | None:
    """The first text/html part of a message file, re-read on demand (the store keeps text only)."""
    try:
        if path.stat().st_size > HTML_SOURCE_LIMIT:
            return None
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/html" and not part.is_attachment():
                content = part.get_content()
                return content[:TEXT_LIMIT] if isinstance(content, str) else None
    except Exception:  # a damaged message simply has no HTML view
        return None
    return None


def _head(path: Any) -> bytes:
    if path is None:
        return b""
    try:
        with path.open("rb") as handle:
            return handle.read(HEX_BYTES)
    except OSError:
        return b""


def _family(store: Store, row: sqlite3.Row) -> dict[str, Any]:
    parents: list[dict[str, Any]] = []
    parent_id = row["parent_id"]
    while parent_id:
        parent = store.item(parent_id)
        if parent is None:
            break
        parents.insert(0, {"key": parent["rowid"], "path": parent["path"], "title": parent["name"]})
        parent_id = parent["parent_id"]
    children = [{"key": r["rowid"], "name": r["name"], "kind": r["kind"], "status": r["status"]}
                for r in store.item_rows("WHERE i.parent_id=? ORDER BY i.ordinal LIMIT ?",
                                         (row["item_id"], CHILDREN_SHOWN))]
    total = store.db.execute("SELECT COUNT(*) FROM items WHERE parent_id=?", (row["item_id"],)).fetchone()[0]
    copies = [{"key": r[0], "path": r[1]} for r in store.db.execute(
        "SELECT rowid, path FROM items WHERE sha256=? AND item_id<>? ORDER BY rowid LIMIT 200",
        (row["sha256"], row["item_id"]))] if row["sha256"] else []
    return {"parents": parents, "children": children, "children_total": total, "copies": copies}


def dashboard(case: Any) -> dict[str, Any]:
    """Victims x levels, credentials per victim, statuses and problems, a timeline per victim."""
    store: Store = case.store
    db = store.db
    matrix: dict[str, dict[str, int]] = {}
    for row in db.execute("SELECT COALESCE(c.victim, ?) AS victim, c.level AS level, COUNT(*) AS n FROM items i"
                          " LEFT JOIN classifications c ON c.item_id = i.item_id GROUP BY 1, 2", (NO_VICTIM,)):
        matrix.setdefault(row["victim"], {})[NO_LEVEL if row["level"] is None else str(row["level"])] = row["n"]
    statuses = store.count_by("status")
    marks = ",".join("?" * len(PROBLEM_STATUSES))
    problems = [{"key": r["rowid"], "path": r["path"], "status": r["status"], "status_detail": r["status_detail"]}
                for r in db.execute(f"SELECT * FROM ({store.ITEM_VIEW}) WHERE status IN ({marks}) ORDER BY rowid"
                                    " LIMIT 500", PROBLEM_STATUSES)]
    timeline: dict[str, dict[str, int]] = {}
    for row in db.execute("SELECT c.victim AS victim, substr(ct.date, 1, 7) AS month, COUNT(*) AS n FROM items i"
                          " JOIN contents ct ON ct.sha256 = i.sha256 JOIN classifications c ON c.item_id = i.item_id"
                          " WHERE c.victim IS NOT NULL AND ct.date IS NOT NULL GROUP BY 1, 2"):
        timeline.setdefault(row["victim"], {})[row["month"]] = row["n"]
    credentials = {entry["victim"]: entry["credentials"] for entry in case.victim_summary()}
    return {
        "levels": [0, 1, 2, 3, 4, None],
        "level_names": {"0": "PUBLIC", "1": "INTERNAL", "2": "CONFIDENTIAL", "3": "SECRET", "4": "CRITICAL",
                        NO_LEVEL: "—"},
        "matrix": matrix, "credentials": credentials, "statuses": statuses, "problems": problems,
        "timeline": timeline,
        "totals": {"items": store.item_count(), "victims": len([v for v in matrix if v != NO_VICTIM]),
                   "credentials": db.execute("SELECT COUNT(*) FROM credentials").fetchone()[0]},
    }
