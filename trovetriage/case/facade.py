"""Case: open or create a case folder and run ingest, search, stats and export on it."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from trovetriage import __version__
from trovetriage.case import triage, views
from trovetriage.case.classifier import Classifier
from trovetriage.case.index_feed import IndexFeed
from trovetriage.classify.sensitivity import RuleFileError
from trovetriage.core.blobs import BlobStore
from trovetriage.core.judgements import Change, Decision
from trovetriage.core.progress import Progress
from trovetriage.core.store import Store, StoreError
from trovetriage.core.victims import Victim
from trovetriage.index import (
    IndexWriterProcess,
    SearchEngine,
    SearchPage,
    index_exists,
    index_generation,
    reset_index,
)
from trovetriage.ingest.pipeline import IngestOptions, IngestReport, ingest
from trovetriage.report.csv_export import export_csv
from trovetriage.report.document import DEFAULT_BANNER
from trovetriage.report.html_report import export_html
from trovetriage.report.jsonl import export_jsonl, mailbox_counts
from trovetriage.report.pdf_report import export_pdf
from trovetriage.report.summary import Reveal, SummaryScope, export_summary_json

DB_NAME = "case.sqlite"
MARKER = "trovetriage-case.json"


class CaseError(RuntimeError):
    """A problem with the case folder itself (missing, not a case, newer version)."""


#: What `Case.export` writes by name (the audit log has its own `export_audit`).
EXPORT_FORMATS = ("jsonl", "csv", "summary", "html", "pdf")
#: The formats that are reports: they carry the classification banner.
REPORT_FORMATS = ("html", "pdf")
#: The formats that can carry a victim's secrets in clear (`reveal_secrets`).
REVEALING_FORMATS = ("summary", "html", "pdf")


class Case:
    """A case folder: case.sqlite, index/ and blobs/ (DESIGN §2)."""

    def __init__(self, root: Path, store: Store) -> None:
        self.root = root
        self.store = store
        self.blobs = BlobStore(root / "blobs")
        self.index_dir = root / "index"
        self._engine: SearchEngine | None = None

    @classmethod
    def open(cls, root: Path, *, create: bool = False) -> Case:
        root = Path(root)
        marker = root / MARKER
        if not marker.exists():
            if not create:
                raise CaseError(f"{root} is not a TroveTriage case (no {MARKER}); run 'trovetriage index' first")
            if root.exists() and any(root.iterdir()):
                raise CaseError(f"{root} exists, is not empty and is not a case: refusing to use it")
            root.mkdir(parents=True, exist_ok=True)
            marker.write_text(json.dumps({"format": "trovetriage-case", "created_by": __version__}) + "\n")
        try:
            store = Store(root / DB_NAME)
        except StoreError as error:
            raise CaseError(str(error)) from error
        return cls(root, store)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        self.store.close()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------------------------

    def ingest(self, sources: Sequence[Path], options: IngestOptions | None = None,
               progress: Progress | None = None) -> IngestReport:
        """Index sources into the case; resumes and skips whatever an earlier run finished."""
        started = time.monotonic()
        options = options or IngestOptions()
        if not options.passwords:
            options = dataclasses.replace(options, passwords=tuple(self.passwords()))
        self._reconcile_index()
        writer = IndexWriterProcess(self.index_dir)
        writer.start()
        classifier = self.classifier()
        feed = IndexFeed(self.store, writer, classifier)
        try:
            feed.replay(self.store.unindexed_done_rowids())
            report = ingest(self.store, self.blobs, sources, options, progress, feed)
            if report.stale_in_index:  # their first documents said "ok": replace them once acknowledged
                feed.checkpoint()
                feed.replay(report.stale_in_index)
            feed.close()
        except BaseException:
            writer.kill()
            raise
        t0 = time.monotonic()
        with self.store.transaction():
            classifier.settle()
        report.stages["classify"] = feed.classify_seconds + time.monotonic() - t0
        report.stages["index_docs"] = feed.build_seconds - feed.classify_seconds
        report.stages["index_wait"] = feed.send_wait_seconds
        report.stages["commit"] = feed.commit_wait_seconds
        report.elapsed = time.monotonic() - started
        self.store.finish_run(report.run_id, "cancelled" if report.cancelled else "finished", report.figures())
        if self._engine is not None:
            self._engine.refresh()
        return report

    def _reconcile_index(self) -> None:
        """After a crash the index may lag the store, or be unreadable: trust only what it holds."""
        generation = index_generation(self.index_dir) if index_exists(self.index_dir) else None
        if generation is None:
            if self.index_dir.exists():
                reset_index(self.index_dir)
            self.store.forget_index()
        else:
            self.store.forget_index_after(generation + 1)

    # -- classification -----------------------------------------------------------------------------

    @property
    def rules_dir(self) -> Path:
        """Per-case rule files: override the bundled rules by id, or add new ones."""
        return self.root / "rules"

    def classifier(self) -> Classifier:
        """The classifier with the built-in rules and the case's own (CASE/rules/); a bad rule file is a CaseError."""
        try:
            return Classifier(self.store, self.blobs, self.victims(), self.rules_dir)
        except RuleFileError as error:
            raise CaseError(f"rules: {error}") from error

    def reclassify(self, progress: Progress | None = None) -> list[Change]:
        """Run automatic classification again on every item (after the victims or rules changed)."""
        return triage.reclassify(self.store, self.classifier(), progress)

    def item_ids_for_query(self, query: str) -> list[str]:
        """Every item matching a search query (for "apply to all results")."""
        keys = [int(key) for key in self.engine().all_keys(query)]
        return [row["item_id"] for row in self.store.items_by_rowid(keys)]

    def classify(self, item_ids: Sequence[str], decision: Decision, actor: str = "",
                 copies: bool = False) -> list[Change]:
        """Record an investigator's decision on items (and, with `copies`, on every other location
        of the same content); returns the changes (pass them to `undo`)."""
        if copies:
            item_ids = triage.with_copies(self.store, item_ids)
        victim = decision.victim
        if isinstance(victim, str) and victim not in {v.name for v in self.victims()}:
            raise CaseError(f"unknown victim {victim!r}: add it to the victims file first")
        try:
            return triage.decide(self.store, item_ids, decision, actor)
        except KeyError as error:
            raise CaseError(str(error.args[0])) from error

    def export_audit(self, output: Path) -> int:
        """The append-only audit log as JSON lines (who, when, what, old -> new)."""
        return triage.export_audit(self.store, output)

    def undo(self, changes: Sequence[Change], actor: str = "") -> list[Change]:
        return triage.undo(self.store, changes, actor)

    def reveal_credential(self, credential_id: int, actor: str = "") -> str:
        """The line a credential was read from, in clear: an explicit, audited action (DESIGN §4)."""
        line = triage.credential_line(self.store, self.blobs, credential_id)
        with self.store.transaction():
            self.store.audit("reveal.credential", None, {"credential_id": credential_id}, actor)
        return line

    def victim_summary(self) -> list[dict[str, Any]]:
        return triage.victim_summary(self.store)

    # -- victims registry ---------------------------------------------------------------------------

    def set_victims(self, victims: Sequence[Victim], progress: Progress | None = None) -> int:
        """Replace the case's victims registry, audit it, and re-run attribution on the items
        already ingested (manual decisions stay)."""
        payload = json.dumps([victim.as_dict() for victim in victims], ensure_ascii=False)
        if payload == self.store.meta("victims"):
            return len(victims)
        with self.store.transaction():
            self.store.set_meta("victims", payload)
            self.store.set_meta("victims_generation", str(int(self.store.meta("victims_generation") or 0) + 1))
            self.store.audit("victims.import", None, {"count": len(victims)})
        self.reclassify(progress)
        return len(victims)

    def victims(self) -> list[Victim]:
        payload = self.store.meta("victims")
        return [Victim(**{**v, "domains": tuple(v["domains"]), "aliases": tuple(v["aliases"])})
                for v in json.loads(payload)] if payload else []

    # -- password list ------------------------------------------------------------------------------

    def set_passwords(self, passwords: Sequence[str]) -> int:
        """Replace the case's password list (tried on encrypted items); the audit log gets the count only."""
        unique = list(dict.fromkeys(p for p in passwords if p))
        self.store.set_meta("passwords", json.dumps(unique, ensure_ascii=False))
        self.store.audit("passwords.import", None, {"count": len(unique)})
        return len(unique)

    def passwords(self) -> list[str]:
        payload = self.store.meta("passwords")
        return list(json.loads(payload)) if payload else []

    # -- search -----------------------------------------------------------------------------------

    def has_index(self) -> bool:
        return index_exists(self.index_dir)

    def engine(self) -> SearchEngine:
        if self._engine is None:
            if not index_exists(self.index_dir):
                raise CaseError("the case has no search index yet: run 'trovetriage index' first")
            self._engine = SearchEngine(self.index_dir)
        return self._engine

    def text_for_rowid(self, rowid: int) -> str | None:
        row = self.store.db.execute("SELECT sha256 FROM items WHERE rowid=?", (rowid,)).fetchone()
        return self.store.content_text(row[0]) if row and row[0] else None

    def search(self, query: str, *, limit: int = 20, offset: int = 0,
               filters: Mapping[str, Sequence[str]] | None = None) -> SearchPage:
        """A page of hits; `filters` narrows them by classification (victim, level, category), as the
        window's sidebar does: those live in the store, not in the index."""
        chosen = {name: list(values) for name, values in (filters or {}).items() if values}
        allowed = views.classified_keys(self.store, chosen) if chosen else None
        return self.engine().search(query, limit=limit, offset=offset, allowed_keys=allowed,
                                    text_loader=self.text_for_rowid)

    # -- reading ----------------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        store = self.store
        contents = store.db.execute("SELECT COUNT(*), COALESCE(SUM(size),0), COALESCE(SUM(text_chars),0)"
                                    " FROM contents").fetchone()
        sources = store.db.execute(
            "SELECT s.label AS label, s.root AS root, COUNT(i.rowid) AS items FROM sources s"
            " LEFT JOIN items i ON i.source_id = s.id GROUP BY s.id ORDER BY s.id").fetchall()
        pending = store.db.execute("SELECT COUNT(*) FROM items WHERE state='pending'").fetchone()[0]
        unindexed = store.db.execute("SELECT COUNT(*) FROM items WHERE indexed_gen=0").fetchone()[0]
        return {
            "case": str(self.root), "case_id": store.meta("case_id"), "items": store.item_count(),
            "pending": pending, "unindexed": unindexed,
            "contents": contents[0], "content_bytes": contents[1], "text_chars": contents[2],
            "by_status": store.count_by("status"), "by_kind": store.count_by("kind"),
            "by_source": {row["label"]: row["items"] for row in sources},
            "last_run": store.last_run(),
            "mailboxes": self._mailbox_counts(),
            "by_victim": self._count_classified("COALESCE(victim, '(none)')"),
            "by_level": self._count_classified("COALESCE(CAST(level AS TEXT), '(none)')"),
            "credentials": store.db.execute("SELECT COUNT(*) FROM credentials").fetchone()[0],
        }

    def _count_classified(self, expression: str) -> dict[str, int]:
        rows = self.store.db.execute(
            f"SELECT {expression} AS k, COUNT(*) FROM items i LEFT JOIN classifications c ON c.item_id = i.item_id"
            " GROUP BY k ORDER BY k")
        return {row[0]: row[1] for row in rows}

    def _mailbox_counts(self) -> list[dict[str, Any]]:
        """Per mailbox file: messages expected from its own counts, extracted, and failed."""
        rows = self.store.db.execute(
            "SELECT i.path AS path, c.metadata AS metadata FROM items i JOIN contents c ON c.sha256 = i.sha256"
            " WHERE c.kind = 'mailbox' AND json_extract(c.metadata, '$.expected') IS NOT NULL ORDER BY i.rowid")
        return [{"path": row["path"], **(mailbox_counts(json.loads(row["metadata"])) or {})} for row in rows]

    def export(self, fmt: str, output: Path, victim: str | None = None, reviewed_only: bool = False,
               banner: str = DEFAULT_BANNER, reveal_secrets: bool = False, progress: Progress | None = None,
               actor: str = "") -> int:
        """One triage export by format name, as the command line and the window ask for it; returns how
        many items it covers."""
        if reveal_secrets and fmt not in REVEALING_FORMATS:
            raise CaseError(f"secrets can be revealed in {', '.join(REVEALING_FORMATS)} exports only")
        if fmt == "jsonl":
            return self.export_jsonl(output, progress, victim, reviewed_only)
        if fmt == "csv":
            return self.export_csv(output, victim, reviewed_only, progress)
        if fmt == "summary":
            return int(self.export_summary(output, victim, reviewed_only, reveal_secrets, actor)["totals"]["items"])
        if fmt in REPORT_FORMATS:
            report = self.export_html if fmt == "html" else self.export_pdf
            return report(output, victim, reviewed_only, banner, reveal_secrets, actor)
        raise CaseError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")

    def export_jsonl(self, output: Path, progress: Progress | None = None, victim: str | None = None,
                     reviewed_only: bool = False) -> int:
        self._check_victim(victim)
        return export_jsonl(self.store, output, progress, victim, reviewed_only)

    def export_csv(self, output: Path, victim: str | None = None, reviewed_only: bool = False,
                   progress: Progress | None = None) -> int:
        """The item list as a spreadsheet (formula-safe, counts and masked data only); returns the row count."""
        self._check_victim(victim)
        return export_csv(self.store, output, victim, reviewed_only, progress)

    def export_summary(self, output: Path, victim: str | None = None, reviewed_only: bool = False,
                       reveal_secrets: bool = False, actor: str = "") -> dict[str, Any]:
        """The triage summary (per case, or per victim) as JSON; returns it."""
        scope = self._summary_scope("summary", output, victim, reviewed_only, reveal_secrets, actor)
        return export_summary_json(self.store, output, scope)

    def export_html(self, output: Path, victim: str | None = None, reviewed_only: bool = False,
                    banner: str = DEFAULT_BANNER, reveal_secrets: bool = False, actor: str = "") -> int:
        """The summary as a self-contained HTML report (a victim's notification packet with `victim`)."""
        scope = self._summary_scope("html", output, victim, reviewed_only, reveal_secrets, actor)
        return export_html(self.store, output, scope, banner)

    def export_pdf(self, output: Path, victim: str | None = None, reviewed_only: bool = False,
                   banner: str = DEFAULT_BANNER, reveal_secrets: bool = False, actor: str = "") -> int:
        """The same report as `export_html`, paginated as PDF with the banner on every page."""
        scope = self._summary_scope("pdf", output, victim, reviewed_only, reveal_secrets, actor)
        return export_pdf(self.store, output, scope, banner)

    def _summary_scope(self, fmt: str, output: Path, victim: str | None, reviewed_only: bool, reveal_secrets: bool,
                       actor: str) -> SummaryScope:
        """What a summary covers; a victim's packet leaves out the other registered victims' domains."""
        self._check_victim(victim)
        foreign = frozenset(domain for v in self.victims() if v.name != victim for domain in v.domains)
        return SummaryScope(victim, reviewed_only, self._revealer(fmt, output, victim, reveal_secrets, actor),
                            foreign)

    def _revealer(self, fmt: str, output: Path, victim: str | None, reveal_secrets: bool,
                  actor: str) -> Reveal | None:
        """What lets a victim packet show its credentials' lines in clear, auditing every use; None if not asked.

        Only a victim's own packet may carry its secrets (the victim needs them to know which
        passwords to change); a case-wide report never does.
        """
        if not reveal_secrets:
            return None
        if victim is None:
            raise CaseError("secrets can be revealed only in a victim's packet: give the victim as well")

        def reveal(credential_ids: list[int]) -> dict[int, str]:
            lines = triage.credential_lines(self.store, self.blobs, credential_ids)
            with self.store.transaction():
                self.store.audit("reveal.export", None, {"format": fmt, "output": str(output), "victim": victim,
                                                         "credentials": len(lines)}, actor)
            return lines

        return reveal

    def _check_victim(self, victim: str | None) -> None:
        """A misspelt victim would give an empty export that looks like "nothing taken": refuse it."""
        if victim is None:
            return
        known = {v.name for v in self.victims()} | {row[0] for row in self.store.db.execute(
            "SELECT DISTINCT victim FROM classifications WHERE victim IS NOT NULL")}
        if victim not in known:
            raise CaseError(f"unknown victim {victim!r}: known victims are {', '.join(sorted(known)) or 'none'}")
