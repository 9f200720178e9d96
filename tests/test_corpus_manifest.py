"""Each corpus file under msg/, pst/, pdf/, office/, archives/ and hostile/ gets the status a careful human gives it.

The expectations are data, in corpus_expectations.tsv, one row per file, found by reading each file (not by
copying the tool's output). Columns: status; children = exact count of direct children (attachments, embedded
objects, archive and mailbox members; pictures drawn inside a document are not children), or '-'; word = a
word that must appear in the extracted text (case-folded), or '-'; detail = a substring of status_detail, or
'-'; why; known_gap = what the tool still gets wrong, which makes the row a strict xfail.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from trovetriage.case import Case

CORPUS = Path(os.environ.get("TROVETRIAGE_CORPUS", "/nonexistent"))
if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip("TROVETRIAGE_CORPUS is not set to the sample corpus", allow_module_level=True)

BIN = Path(sys.executable).parent / "trovetriage"
FOLDERS = ("msg", "pst", "pdf", "office", "archives", "hostile")
pytestmark = pytest.mark.corpus


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


MANIFEST = [row["path"] for row in read_tsv(CORPUS / "MANIFEST.tsv")]
ROWS = read_tsv(Path(__file__).with_name("corpus_expectations.tsv"))


@dataclass
class Indexed:
    """One index run of the whole corpus: items by path, texts of the expected items, children per item id."""

    items: dict[str, dict[str, Any]]
    texts: dict[str, str]
    children: Counter[str]
    stats: dict[str, Any]


def cli(*args: str) -> str:
    return subprocess.run([BIN, *args], check=True, capture_output=True, text=True, timeout=1800).stdout


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    """Index the corpus once per module, the way an investigator would, and read back what they would see."""
    work = tmp_path_factory.mktemp("corpus")
    case, out = work / "case", work / "items.jsonl"
    cli("index", str(CORPUS), "--case", str(case), "--quiet")
    cli("export", "--case", str(case), "--format", "jsonl", "--output", str(out))
    items = {r["path"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    with Case.open(case) as opened:
        texts = {row["path"]: opened.store.content_text(items[row["path"]]["sha256"] or "")
                 for row in ROWS if row["path"] in items}
    children = Counter(r["parent_id"] for r in items.values() if r["parent_id"])
    return Indexed(items, texts, children, json.loads(cli("stats", "--case", str(case), "--json")))


def test_every_corpus_file_in_scope_has_exactly_one_expectation() -> None:
    """A new corpus file must get a human decision, and a removed one must not leave a stale row behind."""
    expected = [row["path"] for row in ROWS]
    in_scope = [path for path in MANIFEST if path.split("/")[0] in FOLDERS]
    assert [p for p in in_scope if p not in expected] == [], "manifest files without an expectation"
    assert [p for p in expected if p not in in_scope] == [], "expectations for files not in the manifest"
    assert len(expected) == len(set(expected)), "duplicate rows"


def test_every_manifest_file_is_an_item(indexed: Indexed) -> None:
    assert [path for path in MANIFEST if path not in indexed.items] == []


def test_the_run_finished_and_nothing_timed_out(indexed: Indexed) -> None:
    assert indexed.stats["pending"] == 0
    assert indexed.stats["last_run"]["state"] == "finished"
    assert [path for path, r in indexed.items.items() if r["status"] == "timeout"] == []


def observed(row: dict[str, str], item: dict[str, Any], text: str, children: int) -> dict[str, str]:
    """The item described in the row's own terms, so a failure reads as a diff against the row."""
    detail = item["status_detail"] or ""
    word, wanted = row["word"], row["detail"]
    return {
        "status": item["status"],
        "children": "-" if row["children"] == "-" else str(children),
        "word": word if word == "-" or word.casefold() in text.casefold() else f"not in text {text[:80]!r}",
        "detail": wanted if wanted == "-" or wanted.casefold() in detail.casefold() else f"not in {detail!r}",
        "reason given": "yes" if item["status"] == "ok" or detail else "no",
    }


def as_case(row: dict[str, str]) -> Any:
    """One test case per file, named by its path; a known gap is a strict xfail, so fixing it is noticed."""
    gap = row["known_gap"]
    return pytest.param(row, id=row["path"], marks=[pytest.mark.xfail(strict=True, reason=gap)] if gap else [])


@pytest.mark.parametrize("row", [as_case(row) for row in ROWS])
def test_file_gets_what_a_careful_human_expects(indexed: Indexed, row: dict[str, str]) -> None:
    item = indexed.items[row["path"]]
    got = observed(row, item, indexed.texts[row["path"]], indexed.children[item["item_id"]])
    want = {key: row[key] for key in ("status", "children", "word", "detail")} | {"reason given": "yes"}
    assert got == want, row["why"]
