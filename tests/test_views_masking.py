"""The preview's data for a credential dump: its records masked instead of its lines, and no hex of
its bytes (DESIGN §4: secrets are masked everywhere by default)."""

from __future__ import annotations

from pathlib import Path

from triage_case_data import NTDS, PASSWORDS, report_case

from trovetriage.case import Case, views


def test_a_dump_is_shown_as_masked_records(tmp_path: Path) -> None:
    with Case.open(report_case(tmp_path)) as case:
        keys = {row["name"]: row["rowid"] for row in case.store.db.execute("SELECT rowid, name FROM items")}
        combo = views.item_detail(case, keys["combo.txt"])
        ntds = views.item_detail(case, keys["ntds.txt"])
        mail = views.item_detail(case, keys["arabic.eml"])
    assert combo is not None and ntds is not None and mail is not None
    assert combo["kind"] == "credentials" and combo["text"].startswith("Credential dump: 25 records")
    assert "line 4: user3@mofa.gov.bh  plaintext  Quar****" in combo["text"]
    assert not any(password in combo["text"] for password in PASSWORDS)
    assert combo["hex"] == b"" and ntds["hex"] == b""
    hashes = [line.split(":")[3] for line in NTDS.splitlines()]
    assert "MOFA\\krbtgt  ntlm" in ntds["text"] and "[privileged]" in ntds["text"]
    assert not any(value in ntds["text"] for value in hashes)
    assert "delegation" in mail["text"] and mail["hex"]  # other items keep their text and bytes
