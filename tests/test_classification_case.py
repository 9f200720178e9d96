"""Classification through the case: victims, levels, findings and credentials from `index`, decisions
from `classify`, registry changes from `victims import` - and no secret in clear anywhere."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from triage_case_data import COMBO, NTDS, PASSWORDS, VICTIMS, run

from trovetriage.case import Case
from trovetriage.cli import main
from trovetriage.core.judgements import Decision

SECRET_MAIL = """Received: from ws17.mofa.gov.bh (ws17.mofa.gov.bh [10.2.3.4])
 by mail01.mofa.gov.bh with Microsoft SMTP Server id 15.1.2.3; Mon, 3 Jun 2019 10:00:00 +0300
From: Khalid Al-Mansoori <k.almansoori@mofa.gov.bh>
To: Fatima Hassan <f.hassan@mofa.gov.bh>
Subject: Visit programme
Message-ID: <abc123@mail01.mofa.gov.bh>
Date: Mon, 3 Jun 2019 10:00:00 +0300
Content-Type: text/plain; charset=utf-8

SECRET

The delegation arrives on Tuesday; the programme of meetings with the ambassador is attached.

SECRET
"""

INLINE_MAIL = """From: helpdesk@thistlebank-energy.com
To: new.starter@thistlebank-energy.com
Subject: your account
Message-ID: <x1@tbe-exch01.thistlebank.local>
Date: Tue, 4 Jun 2019 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

Welcome aboard. Your VPN account:
Username: new.starter
Password: Kestrel#Winter2019
"""

def export(case: Path, out: Path) -> dict[str, dict[str, object]]:
    run("export", "--case", str(case), "--format", "jsonl", "--output", str(out))
    return {r["path"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, dict[str, dict[str, object]]]:
    trove = tmp_path / "trove"
    (trove / "mail").mkdir(parents=True)
    (trove / "mail" / "visit.eml").write_text(SECRET_MAIL, encoding="utf-8")
    (trove / "mail" / "welcome.eml").write_text(INLINE_MAIL, encoding="utf-8")
    (trove / "dumps").mkdir()
    (trove / "dumps" / "combo.txt").write_text(COMBO, encoding="utf-8")
    (trove / "dumps" / "ntds.txt").write_text(NTDS, encoding="utf-8")
    victims = tmp_path / "victims.toml"
    victims.write_text(VICTIMS, encoding="utf-8")
    case = tmp_path / "case"
    output = run("index", str(trove), "--case", str(case), "--victims", str(victims), "--jobs", "1", "--quiet")
    assert not any(password in output for password in PASSWORDS)
    return case, export(case, tmp_path / "items.jsonl")


def test_marked_mail_gets_its_victim_level_and_reason(indexed: tuple[Path, dict[str, dict[str, object]]]) -> None:
    _, records = indexed
    mail = records["mail/visit.eml"]
    assert mail["victim"] == "Ministry of Foreign Affairs of Bahrain"
    assert mail["victim_origin"] == "auto" and float(mail["victim_confidence"]) >= 0.8  # type: ignore[arg-type]
    assert mail["level"] == 3 and mail["level_origin"] == "auto"
    assert "marking" in mail["categories"]  # type: ignore[operator]
    assert any(f["category"] == "marking" and f["level"] == 3 for f in mail["findings"])  # type: ignore[union-attr]
    assert mail["victim_evidence"]


def test_dumps_become_credential_records_not_index_words(indexed: tuple[Path, dict[str, dict[str, object]]]) -> None:
    case, records = indexed
    combo, ntds = records["dumps/combo.txt"], records["dumps/ntds.txt"]
    assert combo["kind"] == "credentials" and combo["credentials"] == 25
    assert combo["victim"] == "Ministry of Foreign Affairs of Bahrain"
    assert combo["level"] == 3
    assert ntds["credentials"] == 4 and ntds["level"] == 4  # RID 500/502: the domain is compromised
    with Case.open(case) as opened:
        assert opened.search("Quartz007").total == 0  # secrets are not words of the index
        assert opened.search("combo").total >= 1  # the file itself is still found by name
        summary = {entry["victim"]: entry for entry in opened.victim_summary()}
    bahrain = summary["Ministry of Foreign Affairs of Bahrain"]["credentials"]
    assert bahrain["distinct"] == 29 and bahrain["by_kind"]["plaintext"] == 25
    assert any("Administrator" in name for name in bahrain["privileged"])


def test_credentials_in_a_mail_are_found_and_masked(indexed: tuple[Path, dict[str, dict[str, object]]]) -> None:
    _, records = indexed
    welcome = records["mail/welcome.eml"]
    assert welcome["victim"] == "Thistlebank Energy"
    assert welcome["credentials"] == 1 and welcome["level"] == 3
    assert "credentials" in welcome["categories"]  # type: ignore[operator]


def test_no_secret_in_clear_in_export_or_stats(indexed: tuple[Path, dict[str, dict[str, object]]],
                                              tmp_path: Path) -> None:
    case, _ = indexed
    exported = (tmp_path / "items.jsonl").read_text(encoding="utf-8")
    stats = run("stats", "--case", str(case), "--json") + run("victims", "list", "--case", str(case), "--json")
    for secret in [*PASSWORDS, "Kestrel#Winter2019", "8846f7eaee8fb117ad06bdd830b7586c"]:
        assert secret not in exported and secret not in stats


def test_manual_decisions_survive_auto_and_registry_changes(indexed: tuple[Path, dict[str, dict[str, object]]],
                                                           tmp_path: Path) -> None:
    case, records = indexed
    item = str(records["mail/visit.eml"]["item_id"])
    run("classify", "--case", str(case), "--item", item, "--victim", "Thistlebank Energy", "--level", "4",
        "--note", "checked with the liaison", "--reviewed")
    run("classify", "--case", str(case), "--auto")
    smaller = tmp_path / "smaller.toml"
    smaller.write_text(VICTIMS.split("[[victims]]", 2)[0] + "[[victims]]" + VICTIMS.split("[[victims]]", 2)[2],
                       encoding="utf-8")  # Bahrain removed
    run("victims", "import", str(smaller), "--case", str(case))
    after = export(case, tmp_path / "after.jsonl")
    mail = after["mail/visit.eml"]
    assert (mail["victim"], mail["victim_origin"], mail["level"], mail["reviewed"], mail["note"]) == (
        "Thistlebank Energy", "manual", 4, True, "checked with the liaison")
    assert after["dumps/combo.txt"]["victim"] is None  # its victim left the registry: attribution re-ran
    with Case.open(case) as opened:
        actions = [row[0] for row in opened.store.db.execute("SELECT action FROM audit ORDER BY id")]
    assert actions.count("classify") == 1 and actions.count("victims.import") == 2


def test_classify_a_whole_query_and_undo(indexed: tuple[Path, dict[str, dict[str, object]]]) -> None:
    case, _ = indexed
    output = run("classify", "--case", str(case), "--query", "delegation OR welcome", "--add-category", "diplomatic")
    assert output.startswith("classified 2 items")
    with Case.open(case) as opened:
        ids = opened.item_ids_for_query("delegation OR welcome")
        changes = opened.classify(ids, Decision(level=0))
        assert {c.after["level"] for c in changes} == {0}
        opened.undo(changes)
        levels = {opened.store.classification(i)["level"] for i in ids}  # type: ignore[index]
    assert levels == {3}


def test_usage_errors_are_clear(indexed: tuple[Path, dict[str, dict[str, object]]]) -> None:
    case, _ = indexed
    runner = CliRunner()
    result = runner.invoke(main, ["classify", "--case", str(case), "--item", "x", "--level", "2"])
    assert result.exit_code == 1 and "no such item: x" in result.output
    result = runner.invoke(main, ["classify", "--case", str(case), "--auto", "--level", "2"])
    assert result.exit_code == 1 and "takes no decision options" in result.output
    result = runner.invoke(main, ["classify", "--case", str(case), "--query", "delegation", "--victim", "Nobody"])
    assert result.exit_code == 1 and "unknown victim 'Nobody'" in result.output


def test_revealing_a_credential_is_explicit_and_audited(indexed: tuple[Path, dict[str, dict[str, object]]]) -> None:
    case, _ = indexed
    with Case.open(case) as opened:
        credential_id, masked = opened.store.db.execute(
            "SELECT cr.id, cr.secret_masked FROM credentials cr JOIN items i ON i.sha256 = cr.sha256"
            " WHERE i.path = 'dumps/combo.txt' AND cr.account = 'user7@mofa.gov.bh'").fetchone()
        assert PASSWORDS[7] not in masked
        assert opened.reveal_credential(credential_id, actor="analyst") == f"user7@mofa.gov.bh:{PASSWORDS[7]}"
        audit = opened.store.db.execute(
            "SELECT actor, action, detail FROM audit WHERE action LIKE 'reveal%'").fetchall()
        assert [(row[0], row[1]) for row in audit] == [("analyst", "reveal.credential")]
        assert PASSWORDS[7] not in audit[0][2]
        inline_id = opened.store.db.execute(
            "SELECT cr.id FROM credentials cr JOIN items i ON i.sha256 = cr.sha256"
            " WHERE i.path = 'mail/welcome.eml'").fetchone()[0]
        assert "Kestrel#Winter2019" in opened.reveal_credential(inline_id)


def test_case_rules_folder_overrides_a_rule(indexed: tuple[Path, dict[str, dict[str, object]]],
                                            tmp_path: Path) -> None:
    case, records = indexed
    assert records["mail/visit.eml"]["level"] == 3
    (case / "rules").mkdir()
    (case / "rules" / "ours.toml").write_text('[[rule]]\nid = "marking.secret"\nlevel = 2\n', encoding="utf-8")
    run("classify", "--case", str(case), "--auto")
    assert export(case, tmp_path / "again.jsonl")["mail/visit.eml"]["level"] == 2


def test_decision_propagates_to_copies_and_audit_is_exported(indexed: tuple[Path, dict[str, dict[str, object]]],
                                                             tmp_path: Path) -> None:
    case, _ = indexed
    trove = tmp_path / "trove"
    (trove / "copy").mkdir()
    (trove / "copy" / "visit-again.eml").write_text(SECRET_MAIL, encoding="utf-8")  # same content, new place
    run("index", str(trove), "--case", str(case), "--jobs", "1", "--quiet")
    records = export(case, tmp_path / "with-copy.jsonl")
    item = str(records["mail/visit.eml"]["item_id"])
    run("classify", "--case", str(case), "--item", item, "--level", "1")
    assert export(case, tmp_path / "one.jsonl")["copy/visit-again.eml"]["level"] == 3
    run("classify", "--case", str(case), "--item", item, "--level", "2", "--copies")
    after = export(case, tmp_path / "both.jsonl")
    assert after["mail/visit.eml"]["level"] == after["copy/visit-again.eml"]["level"] == 2
    audit_file = tmp_path / "audit.jsonl"
    run("export", "--case", str(case), "--format", "audit", "--output", str(audit_file))
    entries = [json.loads(line) for line in audit_file.read_text(encoding="utf-8").splitlines()]
    levels = [(e["item_id"], e["detail"]["old"]["level"], e["detail"]["new"]["level"])
              for e in entries if e["action"] == "classify"]
    copy_id = after["copy/visit-again.eml"]["item_id"]
    assert levels == [(item, 3, 1), (item, 1, 2), (copy_id, 3, 2)]
    assert all(e["actor"] for e in entries)


def test_auto_rerun_on_an_unchanged_case_changes_nothing(tmp_path: Path) -> None:
    """A container's victim is rolled up from its members; re-running clears and rolls it up again,
    which is no change and must not be reported as one."""
    trove = tmp_path / "trove"
    trove.mkdir()
    with zipfile.ZipFile(trove / "bundle.zip", "w") as bundle:
        bundle.writestr("visit.eml", SECRET_MAIL)
        bundle.writestr("notes.txt", "Programme of the visit, see the attached message.")
    victims = tmp_path / "victims.toml"
    victims.write_text(VICTIMS, encoding="utf-8")
    case = tmp_path / "case"
    run("index", str(trove), "--case", str(case), "--victims", str(victims), "--jobs", "1", "--quiet")
    assert export(case, tmp_path / "a.jsonl")["bundle.zip"]["victim"] == "Ministry of Foreign Affairs of Bahrain"
    assert "re-run: 0 items changed" in run("classify", "--case", str(case), "--auto")
    assert "re-run: 0 items changed" in run("classify", "--case", str(case), "--auto")
    assert export(case, tmp_path / "b.jsonl")["bundle.zip"]["victim"] == "Ministry of Foreign Affairs of Bahrain"


def test_a_bad_case_rule_file_is_a_clear_error(indexed: tuple[Path, dict[str, dict[str, object]]]) -> None:
    case, _ = indexed
    (case / "rules").mkdir()
    (case / "rules" / "ours.toml").write_text('[[rule]]\nid = "marking.secret"\nlevle = 2\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", "--case", str(case), "--auto"])
    assert result.exit_code == 1 and "ours.toml: rule 'marking.secret': unknown keys ['levle']" in result.output
    assert "Traceback" not in result.output


def test_search_filters_by_victim_level_and_category(indexed: tuple[Path, dict[str, dict[str, object]]]) -> None:
    case, records = indexed

    def paths(*args: str) -> set[str]:
        hits = json.loads(run("search", "", "--case", str(case), "--json", "--limit", "100", *args))["hits"]
        return {hit["path"] for hit in hits}

    bahrain = {path for path, record in records.items() if record["victim"] == "Ministry of Foreign Affairs of Bahrain"}
    assert bahrain and paths("--victim", "Ministry of Foreign Affairs of Bahrain") == bahrain
    assert paths("--level", "3", "--category", "marking") == {"mail/visit.eml"}
    assert paths("--victim", "Thistlebank Energy", "--level", "3", "--category", "marking") == set()
    unattributed = {path for path, record in records.items() if record["victim"] is None}
    assert paths("--victim", "(no victim)") == unattributed
