"""Indexing the whole public sample corpus: every file is an item, bombs are caught, nothing escapes."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(os.environ.get("TROVETRIAGE_CORPUS", "/nonexistent"))
if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip("TROVETRIAGE_CORPUS is not set to the sample corpus", allow_module_level=True)

BIN = Path(sys.executable).parent / "trovetriage"
pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus_items(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    work = tmp_path_factory.mktemp("corpus")
    case = work / "case"
    subprocess.run([BIN, "index", str(CORPUS), "--case", str(case), "--quiet"], check=True, capture_output=True,
                   timeout=1800)
    out = work / "items.jsonl"
    subprocess.run([BIN, "export", "--case", str(case), "--format", "jsonl", "--output", str(out)], check=True,
                   capture_output=True)
    assert sorted(p.name for p in work.iterdir()) == ["case", "items.jsonl"]
    return {r["path"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def manifest_paths() -> list[str]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        return [row["path"] for row in csv.DictReader(handle, delimiter="\t")]


def subtree_statuses(items: dict[str, dict[str, object]], root: str) -> set[object]:
    return {r["status"] for p, r in items.items() if p == root or p.startswith(root + "!")}


def test_every_manifest_file_is_an_item_with_a_status(corpus_items: dict[str, dict[str, object]]) -> None:
    missing = [path for path in manifest_paths() if path not in corpus_items]
    assert missing == []
    valid = {"ok", "empty", "unsupported", "encrypted", "corrupt", "truncated", "timeout", "too_large",
             "skipped_depth", "skipped_bomb"}
    assert {r["status"] for r in corpus_items.values()} <= valid


@pytest.mark.parametrize("bomb", ["hostile/ayra__10.zip", "hostile/recext__10GB.zip.bz2", "hostile/tika__quine.gz"])
def test_bombs_end_skipped_bomb(corpus_items: dict[str, dict[str, object]], bomb: str) -> None:
    assert "skipped_bomb" in subtree_statuses(corpus_items, bomb)


def test_traversal_names_are_plain_item_paths(corpus_items: dict[str, dict[str, object]]) -> None:
    assert "hostile/snyk__zip-slip.tar!" + "../" * 40 + "tmp/evil.txt" in corpus_items
    assert any(p.startswith("hostile/snyk__zip-slip-win.zip!..\\") for p in corpus_items)
    assert not Path("/tmp/evil.txt").exists()


def test_readable_archive_members_are_listed(corpus_items: dict[str, dict[str, object]]) -> None:
    members = [p for p in corpus_items if p.startswith("archives/tika__test-documents.zip!")]
    assert len([p for p in members if p.count("!") == 1]) == 9
    assert "archives/tika__test-documents.zip!testPPT.ppt!oleObject1.ole" in members  # an embedded OLE storage
    encrypted = [r for p, r in corpus_items.items() if p.startswith("archives/hoover__zip-with-password.zip!")]
    assert encrypted and {r["status"] for r in encrypted} == {"encrypted"}


@pytest.mark.parametrize("path", ["misc/tika__testPGPEncrypted.gpg", "misc/tika__testPKCS7_enveloped_def.p7m",
                                  "misc/passimport__keepass.kdbx", "misc/tika__testRSAKEYandCERT.p12"])
def test_ciphertext_files_are_encrypted(corpus_items: dict[str, dict[str, object]], path: str) -> None:
    assert corpus_items[path]["status"] == "encrypted"


def test_pst_mailboxes_report_their_message_counts(corpus_items: dict[str, dict[str, object]]) -> None:
    mailbox = corpus_items["pst/hoover__flags_jane_doe.pst"]["mailbox"]
    assert mailbox == {"expected": 8, "emitted": 8, "failed": 0, "recovered": 0}
    messages = [p for p in corpus_items if p.startswith("pst/hoover__flags_jane_doe.pst!")
                and p.count("!") == 1]
    assert len(messages) == 8
