"""Triage summary: the plain, JSON-able figures every summary renderer (JSON, HTML, PDF) draws from.

Computed once here so that every format of a summary, and the per-victim summary sent to a victim,
say the same thing. Deterministic: every list has a stable order and the export date is the only
field that changes between two runs on the same case. With `victim`, everything (sources, totals,
credentials, audit) is restricted to that victim's items, so a victim's copy names no other victim.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from trovetriage import __version__
from trovetriage.core.judgements import Judgements
from trovetriage.core.store import Store, utcnow
from trovetriage.report.jsonl import selection

MOST_SENSITIVE = 50
UNREADABLE_LISTED = 500
AUDIT_LAST = 20
READABLE = ("ok", "empty")
NO_VICTIM = "(none)"

#: The selected items joined with what a summary groups them by.
_ITEMS = ("SELECT i.item_id AS item_id, i.rowid AS rowid, i.path AS path, i.source_id AS source_id,"
          " COALESCE(i.own_status, c.status) AS status, COALESCE(c.kind, 'other') AS kind, c.title AS title,"
          " c.date AS date, i.sha256 AS sha256, cl.victim AS victim, cl.level AS level,"
          " COALESCE(cl.categories, '[]') AS categories,"
          " CASE WHEN i.own_status IS NOT NULL THEN i.own_detail ELSE c.detail END AS detail"
          " FROM items i LEFT JOIN contents c ON c.sha256 = i.sha256"
          " LEFT JOIN classifications cl ON cl.item_id = i.item_id WHERE {where}")


def case_summary(store: Store, victim: str | None = None, reviewed_only: bool = False) -> dict[str, Any]:
    """Scope, totals, victims, credentials, most sensitive and unreadable items, audit of the selection."""
    where, params = selection(victim, reviewed_only)
    items = _ITEMS.format(where=where)
    return {
        "scope": _scope(store, items, params, victim, reviewed_only),
        "totals": _totals(store, items, params),
        "victims": _victims(store, items, params),
        "most_sensitive": _most_sensitive(store, items, params),
        "unreadable": _unreadable(store, items, params),
        "audit": _audit(store, where, params, filtered=victim is not None or reviewed_only),
    }


def export_summary_json(store: Store, output: Path, victim: str | None = None,
                        reviewed_only: bool = False) -> dict[str, Any]:
    """Write the summary as JSON (atomically) and return it."""
    summary = case_summary(store, victim, reviewed_only)
    temp = output.with_name(output.name + ".part")
    temp.write_text(json.dumps(summary, sort_keys=True, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temp.replace(output)
    return summary


def _scope(store: Store, items: str, params: list[Any], victim: str | None, reviewed_only: bool) -> dict[str, Any]:
    sources = store.db.execute(
        f"SELECT s.root AS root, s.label AS label, COUNT(v.item_id) AS items FROM sources s"
        f" JOIN ({items}) v ON v.source_id = s.id GROUP BY s.id ORDER BY s.id", params)
    runs = store.db.execute("SELECT id, command, started_at, finished_at, state FROM runs ORDER BY id")
    return {
        "case_id": store.meta("case_id"),
        "tool_version": __version__,
        "victim": victim,
        "reviewed_only": reviewed_only,
        "sources": [dict(row) for row in sources],
        "ingest_runs": [dict(row) for row in runs],
        "export_date": utcnow(),
    }


def _totals(store: Store, items: str, params: list[Any]) -> dict[str, Any]:
    def count_by(column: str) -> dict[str, int]:
        rows = store.db.execute(f"SELECT COALESCE({column}, '(pending)') AS k, COUNT(*) FROM ({items}) GROUP BY k"
                                " ORDER BY k", params)
        return {row[0]: row[1] for row in rows}

    by_status = count_by("status")
    return {"items": sum(by_status.values()), "by_status": by_status, "by_kind": count_by("kind")}


def _victims(store: Store, items: str, params: list[Any]) -> list[dict[str, Any]]:
    """Per victim (unattributed items under "(none)"): levels × categories, time span, credentials."""
    levels: dict[str, Counter[str]] = defaultdict(Counter)
    matrix: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    categories: dict[str, Counter[str]] = defaultdict(Counter)
    for row in store.db.execute(f"SELECT victim, level, categories, COUNT(*) AS n FROM ({items})"
                                " GROUP BY victim, level, categories", params):
        name, level = row["victim"] or NO_VICTIM, "none" if row["level"] is None else str(row["level"])
        levels[name][level] += row["n"]
        for category in json.loads(row["categories"]):
            categories[name][category] += row["n"]
            matrix[name][level][category] += row["n"]
    spans = {row[0] or NO_VICTIM: (row[1], row[2]) for row in store.db.execute(
        f"SELECT victim, MIN(date), MAX(date) FROM ({items}) WHERE date IS NOT NULL GROUP BY victim", params)}
    credentials = _credentials(store, items, params)
    return [{
        "victim": None if name == NO_VICTIM else name,
        "items": sum(levels[name].values()),
        "by_level": dict(sorted(levels[name].items())),
        "by_category": dict(sorted(categories[name].items())),
        "by_level_and_category": {level: dict(sorted(counts.items()))
                                  for level, counts in sorted(matrix[name].items())},
        "first_date": spans.get(name, (None, None))[0],
        "last_date": spans.get(name, (None, None))[1],
        "credentials": credentials.get(name, {"distinct": 0, "by_kind": {}, "privileged": []}),
    } for name in sorted(levels, key=lambda n: (n == NO_VICTIM, n))]


def _credentials(store: Store, items: str, params: list[Any]) -> dict[str, dict[str, Any]]:
    """Distinct credentials (by fingerprint) per victim, by kind, and the privileged accounts.

    Account names are not secrets (the secret itself is only ever stored masked) and a victim needs
    them to know which accounts to reset.
    """
    holders = f"(SELECT DISTINCT sha256, COALESCE(victim, '{NO_VICTIM}') AS victim FROM ({items}))"
    result: dict[str, dict[str, Any]] = {}
    for row in store.db.execute(
            f"SELECT h.victim AS victim, cr.kind AS kind, COUNT(DISTINCT cr.fingerprint) AS n FROM credentials cr"
            f" JOIN {holders} h ON h.sha256 = cr.sha256 GROUP BY h.victim, cr.kind ORDER BY h.victim, cr.kind",
            params):
        entry = result.setdefault(row["victim"], {"distinct": 0, "by_kind": {}, "privileged": []})
        entry["by_kind"][row["kind"]] = row["n"]
    for row in store.db.execute(
            f"SELECT h.victim AS victim, COUNT(DISTINCT cr.fingerprint) FROM credentials cr"
            f" JOIN {holders} h ON h.sha256 = cr.sha256 GROUP BY h.victim", params):
        result[row[0]]["distinct"] = row[1]
    for row in store.db.execute(
            f"SELECT DISTINCT h.victim AS victim, cr.account AS account, cr.domain AS domain FROM credentials cr"
            f" JOIN {holders} h ON h.sha256 = cr.sha256 WHERE cr.privileged = 1"
            f" ORDER BY h.victim, cr.domain, cr.account", params):
        name = f"{row['domain']}\\{row['account']}" if row["domain"] and "@" not in row["account"] else row["account"]
        privileged = result[row["victim"]]["privileged"]
        if name not in privileged:
            privileged.append(name)
    return result


def _most_sensitive(store: Store, items: str, params: list[Any]) -> list[dict[str, Any]]:
    """The highest levels first, then the oldest (the longest exposed), then by path."""
    judgements = Judgements(store)
    rows = store.db.execute(
        f"SELECT * FROM ({items}) WHERE level IS NOT NULL"
        f" ORDER BY level DESC, date IS NULL, date, path, item_id LIMIT {MOST_SENSITIVE}", params)
    return [{
        "item_id": row["item_id"], "title": row["title"] or "", "date": row["date"], "path": row["path"],
        "level": row["level"], "victim": row["victim"], "categories": json.loads(row["categories"]),
        "findings": [{"rule": f.rule, "category": str(f.category), "level": int(f.level),
                      "confidence": str(f.confidence), "excerpt": f.excerpt}
                     for f in judgements.findings(row["sha256"])] if row["sha256"] else [],
    } for row in rows]


def _unreadable(store: Store, items: str, params: list[Any]) -> dict[str, Any]:
    """Items whose content could not be read (not ok, not empty), with the reason, in store order."""
    condition = f"FROM ({items}) WHERE status IS NOT NULL AND status NOT IN ({','.join('?' * len(READABLE))})"
    count = store.db.execute(f"SELECT COUNT(*) {condition}", [*params, *READABLE]).fetchone()[0]
    rows = store.db.execute(f"SELECT item_id, path, status, detail {condition} ORDER BY rowid"
                            f" LIMIT {UNREADABLE_LISTED}", [*params, *READABLE])
    return {"count": count, "items": [{"item_id": row["item_id"], "path": row["path"], "status": row["status"],
                                       "reason": row["detail"] or ""} for row in rows]}


def _audit(store: Store, where: str, params: list[Any], filtered: bool) -> dict[str, Any]:
    """Who did what. A filtered summary keeps only entries about its own items (no case-wide ones)."""
    condition = f"WHERE a.item_id IN (SELECT i.item_id FROM items i WHERE {where})" if filtered else ""
    query = f"SELECT a.id AS id, a.at AS at, a.actor AS actor, a.action AS action, a.item_id AS item_id," \
            f" a.detail AS detail FROM audit a {condition}"
    by_action = {row[0]: row[1] for row in store.db.execute(
        f"SELECT action, COUNT(*) FROM ({query}) GROUP BY action ORDER BY action", params)}
    by_actor = {row[0]: row[1] for row in store.db.execute(
        f"SELECT actor, COUNT(*) FROM ({query}) GROUP BY actor ORDER BY actor", params)}
    last = store.db.execute(f"SELECT * FROM ({query}) ORDER BY id DESC LIMIT {AUDIT_LAST}", params).fetchall()
    return {"entries": sum(by_action.values()), "by_action": by_action, "by_actor": by_actor,
            "last": [{"id": row["id"], "at": row["at"], "actor": row["actor"], "action": row["action"],
                      "item_id": row["item_id"], "detail": json.loads(row["detail"] or "{}")}
                     for row in reversed(last)]}
