"""What classification found and decided, in the case store: findings, credentials, proposals, decisions.

Two kinds of writes meet here and must never be confused:
- automatic ones (`save_analysis`, `save_proposal`) come from the detectors and attribution and
  may be recomputed at any time;
- manual ones (`decide`) come from an investigator; they set the `*_origin` to "manual", are
  audited, and an automatic write never overwrites a manual field again.
Findings and credentials belong to a content (sha256): every copy of a file shares them.
Victim, level and categories belong to an item (a location), because a copy in another mailbox
may belong to another victim.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from trovetriage.core.classification import (
    Category,
    Confidence,
    CredentialRecord,
    Finding,
    Level,
    VictimProposal,
)
from trovetriage.core.store import Store, utcnow

AUTO = "auto"
MANUAL = "manual"
_BATCH = 5000


class _Unset:
    """Marks a decision field the investigator did not touch (None means "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"  # unpickles as this module's UNSET, so `is UNSET` holds across processes


UNSET: Any = _Unset()


@dataclass(frozen=True)
class Decision:
    """One investigator decision applied to some items; untouched fields stay UNSET."""

    victim: Any = UNSET  # str, or None for "no victim"
    level: Any = UNSET  # 0..4, or None to clear
    add_categories: tuple[str, ...] = ()
    remove_categories: tuple[str, ...] = ()
    note: Any = UNSET
    reviewed: Any = UNSET

    def describe(self) -> dict[str, Any]:
        """The decision as audit detail: only the fields that were set."""
        detail: dict[str, Any] = {}
        for name in ("victim", "level", "note", "reviewed"):
            value = getattr(self, name)
            if value is not UNSET:
                detail[name] = value
        if self.add_categories:
            detail["add_categories"] = list(self.add_categories)
        if self.remove_categories:
            detail["remove_categories"] = list(self.remove_categories)
        return detail


@dataclass
class Change:
    """What a write changed on one item, with the row before it (for undo) and after it."""

    item_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] = field(default_factory=dict)


#: What an investigator decides, as the audit log records it (old -> new).
AUDITED_FIELDS = ("victim", "level", "categories", "note", "reviewed")

_DECISION_COLUMNS = ("victim", "victim_confidence", "victim_origin", "level", "level_origin", "categories",
                     "categories_origin", "reviewed", "note")


class Judgements:
    """Classification rows of one case store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db: sqlite3.Connection = store.db

    # -- content analysis (automatic, per sha256) ----------------------------------------------------

    def analysed_version(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT rules_version FROM analyses WHERE sha256=?", (sha256,)).fetchone()
        return row[0] if row else None

    def save_analysis(self, sha256: str, rules_version: str, findings: Sequence[Finding],
                      credentials: Iterable[CredentialRecord] = (), credential_format: str | None = None,
                      credential_domains: Sequence[str] = ()) -> int:
        """Replace a content's findings and credentials; returns the number of credentials stored.

        Credentials are inserted in batches straight from the iterator, so a combo list of
        millions of lines never sits in memory.
        """
        db = self.db
        db.execute("DELETE FROM findings WHERE sha256=?", (sha256,))
        db.execute("DELETE FROM credentials WHERE sha256=?", (sha256,))
        self.add_findings(sha256, findings)
        count = 0
        for batch in _batches(credentials, _BATCH):
            db.executemany(
                "INSERT INTO credentials(sha256, account, domain, kind, secret_masked, fingerprint, source_format,"
                " line, privileged, url, context) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                [(sha256, c.account, c.domain, c.kind, c.secret_masked, c.fingerprint, c.source_format, c.line,
                  int(c.privileged), c.url, json.dumps(c.context, ensure_ascii=False)) for c in batch])
            count += len(batch)
        db.execute("INSERT OR REPLACE INTO analyses(sha256, rules_version, credential_format, credential_count,"
                   " credential_domains, analysed_at) VALUES(?,?,?,?,?,?)",
                   (sha256, rules_version, credential_format, count,
                    json.dumps(sorted(set(credential_domains))), utcnow()))
        return count

    def add_findings(self, sha256: str, findings: Sequence[Finding]) -> None:
        """Findings known only once a content's credentials were all counted."""
        self.db.executemany(
            "INSERT INTO findings(sha256, rule, category, level, confidence, location, excerpt, start, end)"
            " VALUES(?,?,?,?,?,?,?,?,?)",
            [(sha256, f.rule, str(f.category), int(f.level), str(f.confidence), f.where, f.excerpt, f.start, f.end)
             for f in findings])

    def findings(self, sha256: str) -> list[Finding]:
        rows = self.db.execute("SELECT * FROM findings WHERE sha256=? ORDER BY level DESC, id", (sha256,))
        return [Finding(row["rule"], Category(row["category"]), Level(row["level"]), Confidence(row["confidence"]),
                        row["location"], row["excerpt"], row["start"], row["end"]) for row in rows]

    def credential_domains(self, sha256: str) -> list[str]:
        row = self.db.execute("SELECT credential_domains FROM analyses WHERE sha256=?", (sha256,)).fetchone()
        return list(json.loads(row[0])) if row else []

    def credential_count(self, sha256: str) -> int:
        row = self.db.execute("SELECT credential_count FROM analyses WHERE sha256=?", (sha256,)).fetchone()
        return int(row[0]) if row else 0

    def credentials(self, sha256: str, limit: int = 1000, offset: int = 0) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM credentials WHERE sha256=? ORDER BY id LIMIT ? OFFSET ?",
                               (sha256, limit, offset)).fetchall()

    # -- proposals (automatic, per item) -------------------------------------------------------------

    def classification(self, item_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM classifications WHERE item_id=?", (item_id,)).fetchone()
        return _as_dict(row) if row else None

    def proposal(self, item_id: str) -> VictimProposal | None:
        """The automatic attribution stored for an item (what its children inherit from)."""
        row = self.classification(item_id)
        if row is None:
            return None
        from trovetriage.core.classification import Evidence  # local: keeps the import list short

        return VictimProposal(row["auto_victim"], row["auto_victim_confidence"] or 0.0,
                              [Evidence(**e) for e in row["evidence"]], row["correspondents"], row["mentioned"])

    def save_proposal(self, item_id: str, proposal: VictimProposal, level: Level | None,
                      categories: Sequence[str], generation: int) -> Change | None:
        """Store an automatic proposal; fields an investigator decided keep their manual value.

        Returns the change when a visible field (victim, level, categories) moved, else None.
        """
        before = self.classification(item_id)
        evidence = json.dumps([e.as_dict() for e in proposal.evidence], ensure_ascii=False)
        auto_categories = json.dumps(sorted(set(categories)))
        level_value = int(level) if level is not None else None
        if before is None:
            self.db.execute(
                "INSERT INTO classifications(item_id, victim, victim_confidence, victim_origin, level, level_origin,"
                " categories, categories_origin, auto_victim, auto_victim_confidence, auto_level, auto_categories,"
                " evidence, correspondents, mentioned, auto_generation, updated_at)"
                " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (item_id, proposal.victim, proposal.confidence if proposal.victim else None,
                 AUTO if proposal.victim else None, level_value,
                 AUTO if level_value is not None else None, auto_categories, AUTO, proposal.victim,
                 proposal.confidence, level_value, auto_categories, evidence,
                 json.dumps(proposal.correspondents, ensure_ascii=False),
                 json.dumps(proposal.mentioned, ensure_ascii=False), generation, utcnow()))
        else:
            self.db.execute(
                "UPDATE classifications SET auto_victim=?, auto_victim_confidence=?, auto_level=?, auto_categories=?,"
                " evidence=?, correspondents=?, mentioned=?, auto_generation=?,"
                " victim=CASE WHEN victim_origin='manual' THEN victim ELSE ? END,"
                " victim_confidence=CASE WHEN victim_origin='manual' THEN victim_confidence ELSE ? END,"
                " victim_origin=CASE WHEN victim_origin='manual' THEN victim_origin ELSE ? END,"
                " level=CASE WHEN level_origin='manual' THEN level ELSE ? END,"
                " level_origin=CASE WHEN level_origin='manual' THEN level_origin ELSE ? END,"
                " categories=CASE WHEN categories_origin='manual' THEN categories ELSE ? END,"
                " categories_origin=CASE WHEN categories_origin='manual' THEN categories_origin ELSE 'auto' END,"
                " updated_at=? WHERE item_id=?",
                (proposal.victim, proposal.confidence, level_value, auto_categories, evidence,
                 json.dumps(proposal.correspondents, ensure_ascii=False),
                 json.dumps(proposal.mentioned, ensure_ascii=False), generation,
                 proposal.victim, proposal.confidence if proposal.victim else None, AUTO if proposal.victim else None,
                 level_value, AUTO if level_value is not None else None, auto_categories, utcnow(), item_id))
        after = self.classification(item_id)
        assert after is not None
        if before is not None and all(before[k] == after[k] for k in ("victim", "level", "categories")):
            return None
        return Change(item_id, before, after)

    # -- decisions (manual) -----------------------------------------------------------------------

    def decide(self, item_ids: Sequence[str], decision: Decision, actor: str = "") -> list[Change]:
        """Apply an investigator's decision to items, audit it, and return what changed (for undo)."""
        changes: list[Change] = []
        for item_id in item_ids:
            before = self.classification(item_id)
            row = dict(before) if before else {"victim": None, "victim_confidence": None, "victim_origin": None,
                                               "level": None, "level_origin": None, "categories": [],
                                               "categories_origin": None, "reviewed": False, "note": ""}
            if decision.victim is not UNSET:
                row.update(victim=decision.victim, victim_confidence=1.0 if decision.victim else None,
                           victim_origin=MANUAL)
            if decision.level is not UNSET:
                row.update(level=decision.level, level_origin=MANUAL)
            if decision.add_categories or decision.remove_categories:
                categories = (set(row["categories"]) | set(decision.add_categories)) - set(decision.remove_categories)
                row.update(categories=sorted(categories), categories_origin=MANUAL)
            if decision.note is not UNSET:
                row["note"] = decision.note
            if decision.reviewed is not UNSET:
                row["reviewed"] = bool(decision.reviewed)
            self._write_decision(item_id, row, exists=before is not None)
            changes.append(Change(item_id, before, row))
        self._audit_changes("classify", changes, actor)
        return changes

    def _audit_changes(self, action: str, changes: Sequence[Change], actor: str) -> None:
        """One append-only audit row per item: which decision fields went from what to what."""
        entries = []
        for change in changes:
            old, new = change.before or {}, change.after
            moved = [key for key in AUDITED_FIELDS if old.get(key) != new.get(key)]
            if moved:
                entries.append((change.item_id, {"old": {key: old.get(key) for key in moved},
                                                 "new": {key: new.get(key) for key in moved}}))
        self.store.audit_many(action, entries, actor)

    def restore(self, changes: Sequence[Change], actor: str = "") -> list[Change]:
        """Undo: put back the rows as they were before `changes` (also audited)."""
        undone: list[Change] = []
        for change in changes:
            current = self.classification(change.item_id)
            if change.before is None:
                self.db.execute("DELETE FROM classifications WHERE item_id=?", (change.item_id,))
            else:
                self._write_decision(change.item_id, change.before, exists=current is not None)
            undone.append(Change(change.item_id, current, self.classification(change.item_id) or {}))
        self._audit_changes("classify.undo", undone, actor)
        return undone

    def _write_decision(self, item_id: str, row: dict[str, Any], exists: bool) -> None:
        values = [row.get(column) for column in _DECISION_COLUMNS]
        values[_DECISION_COLUMNS.index("categories")] = json.dumps(row.get("categories") or [])
        values[_DECISION_COLUMNS.index("reviewed")] = int(bool(row.get("reviewed")))
        values[_DECISION_COLUMNS.index("note")] = row.get("note") or ""
        if exists:
            assignments = ", ".join(f"{column}=?" for column in _DECISION_COLUMNS)
            self.db.execute(f"UPDATE classifications SET {assignments}, updated_at=? WHERE item_id=?",
                            (*values, utcnow(), item_id))
        else:
            columns = ", ".join(_DECISION_COLUMNS)
            marks = ",".join("?" * len(_DECISION_COLUMNS))
            self.db.execute(f"INSERT INTO classifications(item_id, {columns}, updated_at) VALUES(?, {marks}, ?)",
                            (item_id, *values, utcnow()))


def _as_dict(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    for key in ("categories", "auto_categories", "evidence", "correspondents", "mentioned"):
        if key in data:
            data[key] = json.loads(data[key] or "[]")
    data["reviewed"] = bool(data.get("reviewed"))
    return data


def _batches(records: Iterable[CredentialRecord], size: int) -> Iterator[list[CredentialRecord]]:
    batch: list[CredentialRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
