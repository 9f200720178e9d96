"""Findings, credentials, proposals and decisions in the case store; manual decisions always stick."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from trovetriage.core.classification import (
    Category,
    Confidence,
    CredentialRecord,
    Evidence,
    Finding,
    Level,
    VictimProposal,
)
from trovetriage.core.judgements import UNSET, Decision, Judgements
from trovetriage.core.store import _SCHEMA_V1, SCHEMA_VERSION, Store, _statements


def open_store(tmp_path: Path) -> Judgements:
    return Judgements(Store(tmp_path / "case.sqlite"))


def proposal(victim: str | None, confidence: float = 0.8) -> VictimProposal:
    evidence = [Evidence(victim, "participant_domain", confidence, "From: a@mofa.gov.bh")] if victim else []
    return VictimProposal(victim, confidence if victim else 0.0, evidence, ["Ministry B"], [])


def test_version_1_case_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "case.sqlite"
    db = sqlite3.connect(path)
    for statement in _statements(_SCHEMA_V1):
        db.execute(statement)
    db.execute("INSERT INTO classifications(item_id, victim, categories) VALUES('x', 'Old', '[]')")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION == 2
    row = Judgements(store).classification("x")
    assert row is not None and row["victim"] == "Old" and row["evidence"] == []


def test_automatic_proposal_never_overwrites_a_manual_decision(tmp_path: Path) -> None:
    judgements = open_store(tmp_path)
    change = judgements.save_proposal("item", proposal("Ministry A"), Level.CONFIDENTIAL, ["pii"], 1)
    assert change is not None and change.after["victim"] == "Ministry A" and change.after["victim_origin"] == "auto"
    judgements.decide(["item"], Decision(victim="Energy C", level=4))
    change = judgements.save_proposal("item", proposal("Ministry A", 0.9), Level.INTERNAL, ["diplomatic"], 2)
    assert change is not None and change.after["categories"] == ["diplomatic"]  # only categories moved
    assert judgements.save_proposal("item", proposal("Ministry A", 0.9), Level.INTERNAL, ["diplomatic"], 3) is None
    row = judgements.classification("item")
    assert row is not None
    assert (row["victim"], row["victim_origin"], row["level"], row["level_origin"]) == ("Energy C", "manual", 4,
                                                                                         "manual")
    assert row["auto_victim"] == "Ministry A" and row["auto_level"] == 1  # the proposal is still visible
    assert row["categories"] == ["diplomatic"]  # categories were never decided by hand: they follow
    assert judgements.proposal("item") == proposal("Ministry A", 0.9)


def test_decisions_are_audited_and_undone(tmp_path: Path) -> None:
    judgements = open_store(tmp_path)
    judgements.save_proposal("a", proposal("Ministry A"), Level.INTERNAL, [], 1)
    changes = judgements.decide(["a", "b"], Decision(level=3, add_categories=("marking",), reviewed=True,
                                                     note="banner on page 1"))
    assert [c.after["level"] for c in changes] == [3, 3]
    assert judgements.classification("b") is not None
    assert judgements.classification("b")["categories"] == ["marking"]  # type: ignore[index]
    judgements.restore(changes)
    assert judgements.classification("b") is None
    restored = judgements.classification("a")
    assert restored is not None and restored["level"] == 1 and restored["level_origin"] == "auto"
    audit = [(row[0], row[1], json.loads(row[2])) for row in judgements.db.execute(
        "SELECT action, item_id, detail FROM audit ORDER BY id")]
    assert [(action, item) for action, item, _ in audit] == [
        ("classify", "a"), ("classify", "b"), ("classify.undo", "a"), ("classify.undo", "b")]
    assert audit[0][2] == {"old": {"level": 1, "categories": [], "note": "", "reviewed": False},
                           "new": {"level": 3, "categories": ["marking"], "note": "banner on page 1",
                                   "reviewed": True}}
    assert audit[3][2]["new"] == {"level": None, "categories": None, "note": None, "reviewed": None}
    assert Decision(victim=None).describe() == {"victim": None}
    assert Decision().describe() == {} and repr(UNSET) == "UNSET"


def test_analysis_replaces_findings_and_streams_credentials(tmp_path: Path) -> None:
    judgements = open_store(tmp_path)
    finding = Finding("marking.en.secret", Category.MARKING, Level.SECRET, Confidence.HIGH, "text", "SECRET", 0, 6)

    def records(count: int):  # a generator: save_analysis must not need a list
        for n in range(count):
            yield CredentialRecord(f"user{n}", "mofa.gov.bh", "plaintext", "Summ****", f"fp{n}", "combo", n + 1)

    assert judgements.save_analysis("sha", "v1", [finding], records(12_001), "combo", ["mofa.gov.bh"]) == 12_001
    assert judgements.findings("sha") == [finding]
    assert judgements.credential_count("sha") == 12_001
    assert judgements.credential_domains("sha") == ["mofa.gov.bh"]
    assert judgements.analysed_version("sha") == "v1"
    judgements.save_analysis("sha", "v2", [], records(3))
    assert judgements.findings("sha") == [] and judgements.credential_count("sha") == 3
    assert [row["account"] for row in judgements.credentials("sha")] == ["user0", "user1", "user2"]
