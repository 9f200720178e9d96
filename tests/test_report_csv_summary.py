"""CSV export and triage summary through the CLI: the right items and columns, per victim and reviewed
only, formula-safe cells, no secret in clear, a deterministic summary that says why items matter."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from triage_case_data import BAHRAIN, COMBO, NTDS, PASSWORDS, THISTLEBANK, mail_and_dumps_case, report_mail, run

from trovetriage.cli import main
from trovetriage.report.csv_export import COLUMNS

mail = report_mail


SECRET_MAIL = mail("Visit programme", "SECRET\n\nThe delegation arrives on Tuesday.\n\nSECRET")
INLINE_MAIL = mail("your account", "Your VPN account:\nUsername: new.starter\nPassword: Kestrel#Winter2019",
                   domain="thistlebank-energy.com", day=4)
HOSTILE_TITLES = ['=HYPERLINK("http://evil.example/x","click")', "+cmd|' /C calc'!A0"]
SECRETS = [*PASSWORDS, "Kestrel#Winter2019", "8846f7eaee8fb117ad06bdd830b7586c"]


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def export(case: Path, fmt: str, out: Path, *extra: str) -> Path:
    run("export", "--case", str(case), "--format", fmt, "--output", str(out), *extra)
    return out


@pytest.fixture
def case(tmp_path: Path) -> Path:
    mails = {"visit.eml": SECRET_MAIL, "welcome.eml": INLINE_MAIL}
    mails |= {f"hostile{number}.eml": mail(title, "See the link.", day=5 + number)
              for number, title in enumerate(HOSTILE_TITLES)}
    return mail_and_dumps_case(tmp_path, mails, {"combo.txt": COMBO, "ntds.txt": NTDS})


def test_csv_lists_every_item_with_its_columns(case: Path, tmp_path: Path) -> None:
    rows = read_csv(export(case, "csv", tmp_path / "items.csv"))
    jsonl = export(case, "jsonl", tmp_path / "items.jsonl").read_text(encoding="utf-8").splitlines()
    assert [row["item_id"] for row in rows] == [json.loads(line)["item_id"] for line in jsonl]
    by_path = {row["path"]: row for row in rows}
    visit = by_path["mail/visit.eml"]
    assert (visit["victim"], visit["level"], visit["reviewed"]) == (BAHRAIN, "3", "no")
    assert "marking" in visit["categories"].split("; ")
    assert visit["findings"] and "SECRET" not in visit["findings"]  # rule ids, not excerpts
    assert visit["to"] == "f.hassan@mofa.gov.bh" and visit["from"] == "k.almansoori@mofa.gov.bh"
    assert by_path["dumps/combo.txt"]["credentials"] == "25"
    assert by_path["broken.zip"]["status"] not in ("ok", "empty")


def test_csv_filters_by_victim_and_reviewed(case: Path, tmp_path: Path) -> None:
    rows = read_csv(export(case, "csv", tmp_path / "bh.csv", "--victim", BAHRAIN))
    assert rows and {row["victim"] for row in rows} == {BAHRAIN}
    assert "mail/welcome.eml" not in {row["path"] for row in rows}
    assert read_csv(export(case, "csv", tmp_path / "none.csv", "--reviewed-only")) == []
    item = next(r["item_id"] for r in read_csv(tmp_path / "bh.csv") if r["path"] == "mail/visit.eml")
    run("classify", "--case", str(case), "--item", item, "--reviewed")
    reviewed = read_csv(export(case, "csv", tmp_path / "reviewed.csv", "--reviewed-only"))
    assert [(row["path"], row["reviewed"]) for row in reviewed] == [("mail/visit.eml", "yes")]
    other = read_csv(export(case, "csv", tmp_path / "tb.csv", "--victim", THISTLEBANK, "--reviewed-only"))
    assert other == []
    lines = export(case, "jsonl", tmp_path / "reviewed.jsonl", "--reviewed-only").read_text(encoding="utf-8")
    assert [json.loads(line)["item_id"] for line in lines.splitlines()] == [item]


def test_formula_cells_are_neutralised(case: Path, tmp_path: Path) -> None:
    titles = {row["title"] for row in read_csv(export(case, "csv", tmp_path / "items.csv"))}
    for title in HOSTILE_TITLES:
        assert "'" + title in titles and title not in titles
    raw = (tmp_path / "items.csv").read_text(encoding="utf-8-sig")
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in csv.reader(raw.splitlines()) for cell in line)


def test_unknown_victim_is_a_clear_error(case: Path, tmp_path: Path) -> None:
    for fmt in ("csv", "summary", "jsonl"):
        result = CliRunner().invoke(main, ["export", "--case", str(case), "--format", fmt, "--output",
                                           str(tmp_path / "x"), "--victim", "Nobody"])
        assert result.exit_code == 1 and "unknown victim 'Nobody'" in result.output
        assert not (tmp_path / "x").exists()


def test_summary_structure(case: Path, tmp_path: Path) -> None:
    summary = json.loads(export(case, "summary", tmp_path / "summary.json").read_text(encoding="utf-8"))
    scope = summary["scope"]
    assert scope["case_id"] and scope["tool_version"] and scope["ingest_runs"]
    assert [s["items"] for s in scope["sources"]] == [summary["totals"]["items"]]
    assert summary["totals"]["by_kind"]["email"] == 4
    victims = {v["victim"]: v for v in summary["victims"]}
    bahrain = victims[BAHRAIN]
    assert bahrain["by_level"]["3"] >= 2 and bahrain["by_level_and_category"]["3"]["marking"] >= 1
    assert bahrain["credentials"]["distinct"] == 29 and bahrain["credentials"]["by_kind"]["plaintext"] == 25
    assert any("Administrator" in name for name in bahrain["credentials"]["privileged"])
    assert bahrain["first_date"] <= bahrain["last_date"]
    assert victims[THISTLEBANK]["credentials"]["distinct"] == 1
    top = summary["most_sensitive"]
    assert top[0]["level"] == 4 and top[0]["path"] == "dumps/ntds.txt" and top[0]["findings"]
    visit = next(item for item in top if item["path"] == "mail/visit.eml")
    assert {"rule", "category", "level", "confidence", "excerpt"} <= set(visit["findings"][0])
    assert [levels["level"] for levels in top] == sorted((t["level"] for t in top), reverse=True)
    unreadable = summary["unreadable"]
    assert unreadable["count"] >= 1 and "broken.zip" in {item["path"] for item in unreadable["items"]}
    assert summary["audit"]["by_action"]["victims.import"] == 1


def test_victim_summary_names_no_other_victim(case: Path, tmp_path: Path) -> None:
    text = export(case, "summary", tmp_path / "tb.json", "--victim", THISTLEBANK).read_text(encoding="utf-8")
    summary = json.loads(text)
    assert [v["victim"] for v in summary["victims"]] == [THISTLEBANK]
    assert BAHRAIN not in text and "mofa.gov.bh" not in text
    assert summary["scope"]["victim"] == THISTLEBANK and summary["audit"]["entries"] == 0


def test_no_secret_in_csv_or_summary(case: Path, tmp_path: Path) -> None:
    text = export(case, "csv", tmp_path / "items.csv").read_text(encoding="utf-8-sig")
    text += export(case, "summary", tmp_path / "summary.json").read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text


def test_summary_is_deterministic(case: Path, tmp_path: Path) -> None:
    first = json.loads(export(case, "summary", tmp_path / "a.json").read_text(encoding="utf-8"))
    second = json.loads(export(case, "summary", tmp_path / "b.json").read_text(encoding="utf-8"))
    for summary in (first, second):
        assert summary["scope"].pop("export_date")
    assert first == second
    assert read_csv(export(case, "csv", tmp_path / "a.csv")) == read_csv(export(case, "csv", tmp_path / "b.csv"))
