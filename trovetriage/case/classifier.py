"""Runs the classify/ engines on items of the case and stores what they say (DESIGN §4).

Per content (once, whatever the number of copies): sensitivity findings, credential records
(a dump is streamed from its file, never held), and the kind `credentials` for dumps. Per item
(location): the victim proposal with its evidence, inheriting from the container, and the level
and categories that follow from the content's findings. Manual decisions are never touched.

Items are classified as ingest finishes them (before they go to the index), parents before
their members, so a member always finds its container's proposal. `reclassify` does the same for
the whole case after the victims or the rules changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from trovetriage.case.content_files import content_lines
from trovetriage.classify.attribution import AttributionSubject, Registry, attribute
from trovetriage.classify.credentials import (
    CredentialSummary,
    credential_findings,
    detect_format,
    find_inline_credentials,
    parse_dump,
)
from trovetriage.classify.sensitivity import DEFAULT_RULES_DIR, ClassifySubject, detect, item_level, load_rules
from trovetriage.core.blobs import BlobStore
from trovetriage.core.classification import (
    Confidence,
    CredentialRecord,
    Evidence,
    Finding,
    Level,
    VictimProposal,
)
from trovetriage.core.judgements import Change, Judgements
from trovetriage.core.store import Store
from trovetriage.core.types import Kind, Status
from trovetriage.core.victims import Victim

#: Bump when detector code (not rule data) changes what it finds: contents are then analysed again.
ENGINE_VERSION = "1"
#: Kinds whose text may be a credential list (a dump is plain text or CSV, whatever its name).
DUMP_CANDIDATE_KINDS = {Kind.TEXT.value, Kind.OTHER.value, Kind.SPREADSHEET.value, Kind.CREDENTIALS.value}
SAMPLE_LINES = 200
#: Attribution looks for names and aliases in this much of an item's text.
ATTRIBUTION_TEXT = 200_000
#: Containers have no level of their own unless their own text has findings: their members do.
CONTAINER_KINDS = {Kind.ARCHIVE.value, Kind.MAILBOX.value}
#: A container takes its members' victim when at least this share of its attributed members agree,
MEMBER_MAJORITY = 2 / 3
#: at their mean confidence times this share times this discount (the container itself said nothing).
MEMBERS_DISCOUNT = 0.9
#: Statuses whose content has text worth analysing (a failed item still gets a victim).
ANALYSED_STATUSES = {Status.OK.value, Status.TRUNCATED.value, Status.SKIPPED_BOMB.value, Status.TOO_LARGE.value}


def rules_version(rules_dir: Path | None) -> str:
    """A digest of the rule files in force: analysis reruns when any rule file changes."""
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for folder in (DEFAULT_RULES_DIR, rules_dir):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def credential_key(store: Store) -> bytes:
    """The case's own key for credential fingerprints: equal secrets match inside a case, and a
    fingerprint is worthless outside it."""
    value = store.meta("credential_key")
    if value is None:
        value = secrets.token_hex(32)
        store.set_meta("credential_key", value)
    return bytes.fromhex(value)


class Classifier:
    """Classification of one case's items; build it once per run (it compiles rules and victims)."""

    def __init__(self, store: Store, blobs: BlobStore, victims: Sequence[Victim], rules_dir: Path | None) -> None:
        self.store = store
        self.blobs = blobs
        self.judgements = Judgements(store)
        usable_dir = rules_dir if rules_dir is not None and rules_dir.is_dir() else None
        self.rules = load_rules(usable_dir)
        self.rules_version = rules_version(usable_dir)
        self.registry = Registry.from_victims(list(victims))
        self.regions = sorted({victim.country for victim in victims if victim.country})
        self.generation = int(store.meta("victims_generation") or 0)
        self.key = credential_key(store)

    # -- the work -----------------------------------------------------------------------------------

    def classify_rows(self, rows: Sequence[sqlite3.Row]) -> list[Change]:
        """Analyse the contents and attribute the items of `rows` (in the caller's transaction)."""
        changes: list[Change] = []
        for row in rows:
            sha = row["sha256"]
            text = self._text(row)  # read and decompressed once, for analysis and attribution
            if sha and row["status"] in ANALYSED_STATUSES and \
                    self.judgements.analysed_version(sha) != self.rules_version:
                self.analyse(row, text)
            change = self.attribute(row, text)
            if change is not None:
                changes.append(change)
        return changes

    def analyse(self, row: sqlite3.Row, text: str) -> None:
        """Findings and credentials of one content (its stored `text` given), replacing whatever an
        older rule set found."""
        sha = row["sha256"]
        metadata = _json(row["metadata"])
        dump = detect_format(_first_lines(text)) if row["kind"] in DUMP_CANDIDATE_KINDS and text else None
        summary = CredentialSummary()
        domains: set[str] = set()

        def counted(records: Iterator[CredentialRecord] | list[CredentialRecord]) -> Iterator[CredentialRecord]:
            for record in records:
                if summary.add(record):
                    if record.domain and len(domains) < 1000:
                        domains.add(record.domain.casefold())
                    yield record

        if dump is not None:
            findings: list[Finding] = []
            records = counted(parse_dump(content_lines(self.store, self.blobs, row, text), self.key, dump))
            self.store.db.execute("UPDATE contents SET kind=? WHERE sha256=?", (Kind.CREDENTIALS.value, sha))
        else:
            subject = ClassifySubject(title=row["title"] or "", text=text, kind=row["kind"] or "",
                                      metadata=metadata, sender=row["sender"] or "",
                                      recipients=_json_list(row["recipients"]))
            findings = detect(subject, self.rules, self.regions)
            records = counted(find_inline_credentials(text, self.key))
        self.judgements.save_analysis(sha, self.rules_version, findings, records,
                                      str(dump) if dump is not None else None, sorted(domains))
        extra = credential_findings(summary) if summary.records else []
        if extra:
            self.judgements.add_findings(sha, extra)

    def attribute(self, row: sqlite3.Row, text: str | None = None) -> Change | None:
        """The victim proposal and automatic level of one item (`text`: its stored text, if already read)."""
        parent = self.judgements.proposal(row["parent_id"]) if row["parent_id"] else None
        sha = row["sha256"]
        metadata = _json(row["metadata"])
        subject = AttributionSubject(
            path=row["path"], kind=row["kind"] or "", title=row["title"] or "", sender=row["sender"] or "",
            recipients=_json_list(row["recipients"]), headers=mail_headers(metadata), metadata=metadata,
            text=(text if text is not None else self._text(row))[:ATTRIBUTION_TEXT],
            credential_domains=self.judgements.credential_domains(sha) if sha else [], parent=parent)
        proposal = attribute(subject, self.registry)
        findings = self.judgements.findings(sha) if sha else []
        level, categories = item_level(findings)
        if proposal.victim and row["status"] in ANALYSED_STATUSES and row["kind"] not in CONTAINER_KINDS:
            level = victim_item_level(level, findings)
        return self.judgements.save_proposal(row["item_id"], proposal, level, [str(c) for c in categories],
                                             self.generation)

    def settle(self) -> list[Change]:
        """After a run: containers without a victim take the one most of their members have
        (deepest first, so nested archives roll up), then members without evidence of their own
        inherit from the container that now has one."""
        changes: list[Change] = []
        db = self.store.db
        containers = db.execute(
            "SELECT p.item_id AS item_id, p.depth AS depth FROM items p JOIN classifications c ON c.item_id = p.item_id"
            " WHERE c.auto_victim IS NULL AND EXISTS (SELECT 1 FROM items k WHERE k.parent_id = p.item_id)"
            " ORDER BY p.depth DESC, p.rowid").fetchall()
        for container in containers:
            change = self._roll_up(container["item_id"])
            if change is not None:
                changes.append(change)
        if not changes:
            return changes
        orphans = db.execute(
            "SELECT i.rowid FROM items i JOIN classifications c ON c.item_id = i.item_id"
            " JOIN classifications pc ON pc.item_id = i.parent_id"
            " WHERE c.auto_victim IS NULL AND pc.auto_victim IS NOT NULL AND i.state = 'done'"
            " ORDER BY i.depth, i.rowid").fetchall()
        rows = self.store.items_by_rowid([row[0] for row in orphans])
        changes.extend(change for row in rows if (change := self.attribute(row)) is not None)
        return changes

    def _roll_up(self, item_id: str) -> Change | None:
        rows = self.store.db.execute(
            "SELECT c.auto_victim AS victim, COUNT(*) AS n, AVG(c.auto_victim_confidence) AS confidence"
            " FROM items k JOIN classifications c ON c.item_id = k.item_id WHERE k.parent_id = ?"
            " GROUP BY c.auto_victim", (item_id,)).fetchall()
        attributed = sum(row["n"] for row in rows if row["victim"] is not None)
        if not attributed:
            return None
        best = max((row for row in rows if row["victim"] is not None), key=lambda row: row["n"])
        share = best["n"] / attributed
        if share < MEMBER_MAJORITY:
            return None
        confidence = round(share * (best["confidence"] or 0.0) * MEMBERS_DISCOUNT, 3)
        current = self.judgements.classification(item_id) or {}
        evidence = [Evidence(best["victim"], "members", confidence,
                             f"{best['n']} of its {attributed} attributed members belong to it")]
        proposal = VictimProposal(best["victim"], confidence, evidence,
                                  list(current.get("correspondents", [])), list(current.get("mentioned", [])))
        level = current.get("auto_level")
        return self.judgements.save_proposal(item_id, proposal, Level(level) if level is not None else None,
                                             current.get("auto_categories", []), self.generation)

    def _text(self, row: sqlite3.Row) -> str:
        return self.store.content_text(row["sha256"]) if row["sha256"] and row["text_chars"] else ""

def victim_item_level(level: Level | None, findings: Sequence[Finding]) -> Level:
    """DESIGN §4: a victim's ordinary material is INTERNAL. Only a confident PUBLIC finding (an
    UNCLASSIFIED or TLP:CLEAR banner, a Public label) makes it level 0; a low-confidence mention
    of a word never lowers it."""
    if level is not None and level > Level.PUBLIC:
        return level
    public = any(f.level == Level.PUBLIC and f.confidence != Confidence.LOW for f in findings)
    return Level.PUBLIC if public else Level.INTERNAL


def mail_headers(metadata: dict[str, Any]) -> dict[str, list[str]]:
    """The header evidence attribution reads, rebuilt from what the e-mail extractors kept."""
    headers: dict[str, list[str]] = {}
    received = metadata.get("received")
    hosts = metadata.get("received_hosts")
    if isinstance(received, list) and received:
        headers["Received"] = [line for line in received if isinstance(line, str)]
    elif isinstance(hosts, list) and hosts:  # cases ingested before whole lines were kept
        headers["Received"] = [f"by {host}" for host in hosts if isinstance(host, str)]
    for key in ("message_id", "organization"):
        value = metadata.get(key)
        if isinstance(value, str) and value:
            headers["Message-ID" if key == "message_id" else "Organization"] = [value]
    exchange = metadata.get("x_ms_exchange")
    if isinstance(exchange, dict):
        for name, value in exchange.items():
            headers.setdefault(str(name), []).append(str(value))
    return headers


def _first_lines(text: str) -> list[str]:
    return [line.rstrip("\r\n") for line in islice(io.StringIO(text), SAMPLE_LINES)]


def _json(value: str | None) -> dict[str, Any]:
    try:
        data = json.loads(value or "{}")
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def _json_list(value: str | None) -> list[str]:
    try:
        data = json.loads(value or "[]")
    except json.JSONDecodeError:
        return []
    return [str(v) for v in data] if isinstance(data, list) else []
