"""JSONL export: one object per item, the machine-readable contract of DESIGN §7."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from trovetriage.core.judgements import Judgements
from trovetriage.core.progress import NullProgress, Progress
from trovetriage.core.store import Store


def item_record(store: Store, row: sqlite3.Row) -> dict[str, Any]:
    """The DESIGN §7 object of one location (classification fields null until classified)."""
    metadata = json.loads(row["metadata"] or "{}")
    member_meta = json.loads(row["member_meta"] or "{}")
    classification = store.classification(row["item_id"])
    categories: list[str] = json.loads(classification["categories"]) if classification else []
    judgements = Judgements(store)
    sha = row["sha256"]
    findings = [{"rule": f.rule, "category": str(f.category), "level": int(f.level), "confidence": str(f.confidence),
                 "excerpt": f.excerpt, "where": f.where} for f in judgements.findings(sha)] if sha else []
    return {
        "item_id": row["item_id"],
        "parent_id": row["parent_id"],
        "path": row["path"],
        "sha256": row["sha256"],
        "size": row["size"],
        "mime": row["mime"],
        "kind": row["kind"] or "other",
        "status": row["status"],
        "status_detail": row["status_detail"] or "",
        "title": row["title"] or "",
        "date": row["date"],
        "from": row["sender"] or None,
        "to": json.loads(row["recipients"] or "[]"),
        "victim": classification["victim"] if classification else None,
        "victim_confidence": classification["victim_confidence"] if classification else None,
        "victim_origin": classification["victim_origin"] if classification else None,
        "level": classification["level"] if classification else None,
        "level_origin": classification["level_origin"] if classification else None,
        "categories": categories,
        "findings": findings,
        "credentials": judgements.credential_count(sha) if sha else 0,
        "victim_evidence": json.loads(classification["evidence"]) if classification else [],
        "correspondents": json.loads(classification["correspondents"]) if classification else [],
        "mentioned": json.loads(classification["mentioned"]) if classification else [],
        "copies": store.copies(row["sha256"], row["item_id"]) if row["sha256"] else [],
        "reviewed": bool(classification["reviewed"]) if classification else False,
        "note": classification["note"] if classification else "",
        "depth": row["depth"],
        "name": row["name"],
        "extractor": row["extractor"],
        "message_id": metadata.get("message_id"),
        "mailbox": mailbox_counts(metadata),
        # Masked (`hu****`): which password of the case list opened the item (a document) or its
        # container entry (a zip or 7z member), if one had to.
        "opened_with_password": metadata.get("opened_with_password") or member_meta.get("opened_with_password"),
    }


def mailbox_counts(metadata: dict[str, Any]) -> dict[str, int] | None:
    """Expected / emitted / failed messages of a mailbox (PST, OST), so a lost message shows."""
    if "expected" not in metadata:
        return None
    return {key: int(metadata.get(key) or 0) for key in ("expected", "emitted", "failed", "recovered")}


def selection(victim: str | None = None, reviewed_only: bool = False) -> tuple[str, list[Any]]:
    """SQL condition on an item alias `i` choosing the items of an export, and its parameters.

    Shared by every export so that "per victim" and "reviewed only" mean the same everywhere.
    """
    conditions, params = ["1=1"], []
    if victim is not None:
        conditions.append("i.item_id IN (SELECT item_id FROM classifications WHERE victim=?)")
        params.append(victim)
    if reviewed_only:
        conditions.append("i.item_id IN (SELECT item_id FROM classifications WHERE reviewed=1)")
    return " AND ".join(conditions), params


def selected_count(store: Store, victim: str | None = None, reviewed_only: bool = False) -> int:
    """How many items an export with these filters writes (the progress denominator)."""
    where, params = selection(victim, reviewed_only)
    return int(store.db.execute(f"SELECT COUNT(*) FROM items i WHERE {where}", params).fetchone()[0])


def export_jsonl(store: Store, output: Path, progress: Progress | None = None, victim: str | None = None,
                 reviewed_only: bool = False) -> int:
    """Write the items (all, or one victim's, or the reviewed ones), in store order, to `output`
    (atomically: a temp file then a rename)."""
    progress = progress or NullProgress()
    total = selected_count(store, victim, reviewed_only)
    where, params = selection(victim, reviewed_only)
    temp = output.with_name(output.name + ".part")
    written = 0
    with temp.open("w", encoding="utf-8") as handle:
        for row in store.item_rows(f"WHERE {where} ORDER BY i.rowid", params):
            handle.write(json.dumps(item_record(store, row), ensure_ascii=False, sort_keys=True) + "\n")
            written += 1
            if written % 1000 == 0:
                progress.check_cancelled()
                progress.update(written, total, "exporting")
    temp.replace(output)
    progress.update(written, total, "exporting")
    return written
