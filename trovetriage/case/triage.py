"""Triage operations over a whole case: re-run automatic classification, apply decisions, summarise.

Long work takes a `Progress` (DESIGN §1) so the CLI, the GUI and tests run the same code.
Every write returns the changes it made, so a caller can refresh only those and undo them.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trovetriage.case.classifier import Classifier
from trovetriage.case.content_files import content_lines
from trovetriage.core.blobs import BlobStore
from trovetriage.core.classification import account_name
from trovetriage.core.judgements import Change, Decision, Judgements
from trovetriage.core.progress import NullProgress, Progress
from trovetriage.core.store import Store
from trovetriage.report.output_file import replacing

BATCH = 500


def reclassify(store: Store, classifier: Classifier, progress: Progress | None = None) -> list[Change]:
    """Automatic classification of every done item again, containers before their members.

    Contents are analysed again only if the rules changed since; attribution always runs (the
    victims may have changed). Manual decisions stay as they are.
    """
    progress = progress or NullProgress()
    rowids = [row[0] for row in store.db.execute("SELECT rowid FROM items WHERE state='done' ORDER BY depth, rowid")]
    changes: list[Change] = []
    for start in range(0, len(rowids), BATCH):
        progress.check_cancelled()
        with store.transaction():
            changes.extend(classifier.classify_rows(store.items_by_rowid(rowids[start:start + BATCH])))
        progress.update(min(start + BATCH, len(rowids)), len(rowids), "classifying")
    with store.transaction():
        changes.extend(classifier.settle())
    return net_changes(changes)


#: Columns that change on every write and say nothing about the classification itself.
VOLATILE_COLUMNS = frozenset({"updated_at"})


def net_changes(changes: Sequence[Change]) -> list[Change]:
    """One change per item, from its first `before` to its last `after`, and only where they differ.

    A re-run first clears a container's rolled-up victim and then rolls it up again; those two
    writes cancel out and must not be reported (or undone) as a change.
    """
    first: dict[str, dict[str, Any] | None] = {}
    last: dict[str, Change] = {}
    for change in changes:
        first.setdefault(change.item_id, change.before)
        last[change.item_id] = change

    def meaningful(row: dict[str, Any] | None) -> dict[str, Any]:
        return {key: value for key, value in (row or {}).items() if key not in VOLATILE_COLUMNS}

    return [Change(item_id, first[item_id], change.after) for item_id, change in last.items()
            if meaningful(first[item_id]) != meaningful(change.after)]


def decide(store: Store, item_ids: Sequence[str], decision: Decision, actor: str = "") -> list[Change]:
    """An investigator's decision on items, in one transaction, audited."""
    known = {row[0] for row in store.db.execute(
        f"SELECT item_id FROM items WHERE item_id IN ({','.join('?' * len(item_ids))})", list(item_ids))} \
        if item_ids else set()
    missing = [item_id for item_id in item_ids if item_id not in known]
    if missing:
        raise KeyError(f"no such item: {missing[0]}" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    with store.transaction():
        return Judgements(store).decide(item_ids, decision, actor)


def with_copies(store: Store, item_ids: Sequence[str]) -> list[str]:
    """The items plus every other location of their contents, in a stable order."""
    result = list(dict.fromkeys(item_ids))
    seen = set(result)
    for start in range(0, len(result), BATCH):
        chunk = result[start:start + BATCH]
        for row in store.db.execute(
                f"SELECT c.item_id FROM items i JOIN items c ON c.sha256 = i.sha256"
                f" WHERE i.item_id IN ({','.join('?' * len(chunk))}) ORDER BY c.rowid", chunk):
            if row[0] not in seen:
                seen.add(row[0])
                result.append(row[0])
    return result


def export_audit(store: Store, output: Path) -> int:
    count = 0
    with replacing(output) as temp, temp.open("w", encoding="utf-8") as handle:
        for row in store.audit_rows():
            record = {"id": row["id"], "at": row["at"], "actor": row["actor"], "action": row["action"],
                      "item_id": row["item_id"], "detail": json.loads(row["detail"] or "{}")}
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count


def undo(store: Store, changes: Sequence[Change], actor: str = "") -> list[Change]:
    with store.transaction():
        return Judgements(store).restore(changes, actor)


def credential_line(store: Store, blobs: BlobStore, credential_id: int) -> str:
    """Re-read the line of the content a credential came from (its file, else the stored text)."""
    if store.db.execute("SELECT 1 FROM credentials WHERE id=?", (credential_id,)).fetchone() is None:
        raise KeyError(f"no credential #{credential_id}")
    lines = credential_lines(store, blobs, [credential_id])
    if credential_id not in lines:
        raise KeyError(f"credential #{credential_id}: its line is no longer readable")
    return lines[credential_id]


def credential_lines(store: Store, blobs: BlobStore, credential_ids: Sequence[int]) -> dict[int, str]:
    """The lines many credentials came from, reading each content once; unreadable ones are left out."""
    wanted: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))  # sha -> line -> ids
    for start in range(0, len(credential_ids), 500):
        chunk = list(credential_ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        for row in store.db.execute(f"SELECT id, sha256, line FROM credentials WHERE id IN ({marks})", chunk):
            wanted[row["sha256"]][row["line"]].append(row["id"])
    found: dict[int, str] = {}
    for sha, by_line in wanted.items():
        item = next(iter(store.item_rows("WHERE i.sha256=? ORDER BY i.depth, i.rowid LIMIT 1", (sha,))), None)
        if item is None:  # no location holds the content any more
            continue
        last = max(by_line)
        for number, line in enumerate(content_lines(store, blobs, item), start=1):
            for credential_id in by_line.get(number, ()):
                found[credential_id] = line.rstrip("\r\n")
            if number >= last:
                break
    return found


def victim_summary(store: Store) -> list[dict[str, Any]]:
    """Per victim: items by level and category, credentials by kind and privileged accounts."""
    rows = store.db.execute(
        "SELECT c.victim AS victim, c.level AS level, c.categories AS categories FROM classifications c"
        " JOIN items i ON i.item_id = c.item_id WHERE c.victim IS NOT NULL")
    levels: dict[str, Counter[str]] = defaultdict(Counter)
    categories: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        levels[row["victim"]][str(row["level"]) if row["level"] is not None else "none"] += 1
        for category in json.loads(row["categories"] or "[]"):
            categories[row["victim"]][category] += 1
    credentials = _credentials_by_victim(store)
    names = sorted(set(levels) | set(credentials))
    return [{"victim": name, "items": sum(levels[name].values()), "by_level": dict(sorted(levels[name].items())),
             "by_category": dict(sorted(categories[name].items())),
             "credentials": credentials.get(name, {"distinct": 0, "by_kind": {}, "privileged": []})}
            for name in names]


def _credentials_by_victim(store: Store) -> dict[str, dict[str, Any]]:
    """Distinct credentials (by fingerprint) per victim of the items that hold them.

    A content found at several locations counts once per victim it was attributed to.
    """
    rows = store.db.execute(
        "SELECT c.victim AS victim, cr.kind AS kind, COUNT(DISTINCT cr.fingerprint) AS n"
        " FROM credentials cr JOIN (SELECT DISTINCT i.sha256 AS sha256, cl.victim AS victim FROM items i"
        "  JOIN classifications cl ON cl.item_id = i.item_id WHERE cl.victim IS NOT NULL) c"
        " ON c.sha256 = cr.sha256 GROUP BY c.victim, cr.kind")
    result: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = result.setdefault(row["victim"], {"distinct": 0, "by_kind": {}, "privileged": []})
        entry["by_kind"][row["kind"]] = row["n"]
        entry["distinct"] += row["n"]
    privileged = store.db.execute(
        "SELECT DISTINCT c.victim AS victim, cr.account AS account, cr.domain AS domain"
        " FROM credentials cr JOIN (SELECT DISTINCT i.sha256 AS sha256, cl.victim AS victim FROM items i"
        "  JOIN classifications cl ON cl.item_id = i.item_id WHERE cl.victim IS NOT NULL) c"
        " ON c.sha256 = cr.sha256 WHERE cr.privileged = 1 ORDER BY c.victim, cr.domain, cr.account")
    for row in privileged:
        entry = result.setdefault(row["victim"], {"distinct": 0, "by_kind": {}, "privileged": []})
        name = account_name(row["account"], row["domain"])
        if name not in entry["privileged"]:
            entry["privileged"].append(name)
    return result
