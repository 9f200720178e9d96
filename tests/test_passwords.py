"""`index --passwords FILE`: the case's password list opens encrypted items, recorded masked."""

from __future__ import annotations

import json
from pathlib import Path

import py7zr
import pytest
from click.testing import CliRunner

from trovetriage.case import Case
from trovetriage.cli import main
from trovetriage.core.passwords import MAX_PASSWORDS, PasswordsFileError, parse_passwords
from trovetriage.ingest.extractors.base import mask_password

PASSWORD = "hunter2 blue"


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_parse_keeps_spaces_drops_line_endings_and_empty_lines() -> None:
    assert parse_passwords("\ufeffa b\r\n\n  \nx\nx\n") == ["a b", "  ", "x"]
    with pytest.raises(PasswordsFileError):
        parse_passwords("\n".join(str(n) for n in range(MAX_PASSWORDS + 1)))


def test_mask() -> None:
    assert mask_password("hunter2") == "hu****"
    assert mask_password("ab") == "****"


def _build_trove(root: Path) -> Path:
    trove = root / "trove"
    trove.mkdir()
    for name, headers in (("names.7z", False), ("hidden.7z", True)):
        with py7zr.SevenZipFile(trove / name, "w", password=PASSWORD, header_encryption=headers) as archive:
            archive.writestr(f"the zebra memo of {name}".encode(), "memo.txt")
    return trove


def _export(case: str, out: Path) -> list[dict[str, object]]:
    invoke("export", "--case", case, "--format", "jsonl", "--output", str(out))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_index_with_passwords_opens_encrypted_7z(tmp_path: Path) -> None:
    trove = _build_trove(tmp_path)
    case = str(tmp_path / "case")
    invoke("index", str(trove), "--case", case, "--jobs", "1", "--quiet")
    before = {r["path"]: r for r in _export(case, tmp_path / "before.jsonl")}
    assert before["hidden.7z"]["status"] == "encrypted"
    assert before["names.7z!memo.txt"]["status"] == "encrypted"
    assert json.loads(invoke("search", "zebra", "--case", case, "--json"))["total"] == 0

    passwords = tmp_path / "passwords.txt"
    passwords.write_text(f"wrong\n\n{PASSWORD}\r\n", encoding="utf-8")
    output = invoke("index", str(trove), "--case", case, "--passwords", str(passwords), "--jobs", "1", "--quiet")
    assert "loaded 2 passwords" in output
    assert PASSWORD not in output

    out = tmp_path / "after.jsonl"
    after = {r["path"]: r for r in _export(case, out)}
    for path in ("hidden.7z", "names.7z", "hidden.7z!memo.txt", "names.7z!memo.txt"):
        assert after[path]["status"] == "ok", after[path]
    for path in ("hidden.7z", "names.7z"):
        assert after[path]["opened_with_password"] == "hu****"
    assert "opened with a password from the case list" in after["hidden.7z"]["status_detail"]
    found = json.loads(invoke("search", "zebra", "--case", case, "--json"))
    assert {hit["path"] for hit in found["hits"]} == {"hidden.7z!memo.txt", "names.7z!memo.txt"}

    stats = invoke("stats", "--case", case, "--json")
    assert PASSWORD not in out.read_text(encoding="utf-8") and PASSWORD not in stats
    with Case.open(Path(case)) as opened:
        assert opened.passwords() == ["wrong", PASSWORD]
        audit = opened.store.db.execute("SELECT detail FROM audit WHERE action='passwords.import'").fetchall()
        assert [json.loads(row[0]) for row in audit] == [{"count": 2}]


def test_wrong_passwords_say_so(tmp_path: Path) -> None:
    trove = _build_trove(tmp_path)
    case = str(tmp_path / "case")
    passwords = tmp_path / "passwords.txt"
    passwords.write_text("nope\nstill nope\n", encoding="utf-8")
    invoke("index", str(trove), "--case", case, "--passwords", str(passwords), "--jobs", "1", "--quiet")
    records = {r["path"]: r for r in _export(case, tmp_path / "out.jsonl")}
    assert records["hidden.7z"]["status"] == "encrypted"
    assert "none of the 2 case passwords opened it" in records["hidden.7z"]["status_detail"]
    assert records["names.7z!memo.txt"]["status"] == "encrypted"


CORPUS_PDFS = {  # corpus file -> its known user password (corpus README)
    "ingest__password-hunter2.pdf": "hunter2",
    "pypdf__r4-aes-user-password.pdf": "asdfzxcv",
    "pdfsamples__libreoffice-writer-password.pdf": "openpassword",
}


@pytest.mark.corpus
def test_corpus_pdfs_open_with_known_passwords(tmp_path: Path) -> None:
    import os
    import shutil

    corpus = Path(os.environ.get("TROVETRIAGE_CORPUS", ""))
    if not os.environ.get("TROVETRIAGE_CORPUS") or not (corpus / "pdf").is_dir():
        pytest.skip("TROVETRIAGE_CORPUS is not set to the sample corpus folder")
    trove = tmp_path / "trove"
    trove.mkdir()
    for number, name in enumerate(CORPUS_PDFS):  # neutral names: one original name holds its password
        shutil.copy(corpus / "pdf" / name, trove / f"doc{number}.pdf")
    case = str(tmp_path / "case")
    invoke("index", str(trove), "--case", case, "--jobs", "2", "--quiet")
    assert {r["status"] for r in _export(case, tmp_path / "before.jsonl")} == {"encrypted"}
    passwords = tmp_path / "passwords.txt"
    passwords.write_text("wrong\n" + "\n".join(CORPUS_PDFS.values()) + "\n", encoding="utf-8")
    invoke("index", str(trove), "--case", case, "--passwords", str(passwords), "--jobs", "2", "--quiet")
    out = tmp_path / "after.jsonl"
    records = {r["path"]: r for r in _export(case, out)}
    for number, password in enumerate(CORPUS_PDFS.values()):
        record = records[f"doc{number}.pdf"]
        assert record["status"] == "ok", record
        assert record["opened_with_password"] == mask_password(password)
        assert password not in out.read_text(encoding="utf-8")


WORD_IN_DOCX = "encrypted"
CORPUS_OFFICE = ("tika__testWORD_protected_passtika.docx", "tika__testEXCEL_protected_passtika.xls")


@pytest.mark.corpus
def test_corpus_office_documents_decrypt_with_case_password(tmp_path: Path) -> None:
    import os
    import shutil

    corpus = Path(os.environ.get("TROVETRIAGE_CORPUS", ""))
    if not os.environ.get("TROVETRIAGE_CORPUS") or not (corpus / "office").is_dir():
        pytest.skip("TROVETRIAGE_CORPUS is not set to the sample corpus folder")
    trove = tmp_path / "trove"
    trove.mkdir()
    for number, name in enumerate(CORPUS_OFFICE):  # neutral names: the originals name the password
        shutil.copy(corpus / "office" / name, trove / f"doc{number}{Path(name).suffix}")
    case = str(tmp_path / "case")
    passwords = tmp_path / "passwords.txt"
    passwords.write_text("x\ntika\n", encoding="utf-8")
    invoke("index", str(trove), "--case", case, "--passwords", str(passwords), "--jobs", "2", "--quiet")
    out = tmp_path / "out.jsonl"
    records = {r["path"]: r for r in _export(case, out)}
    for number, name in enumerate(CORPUS_OFFICE):
        suffix = Path(name).suffix
        container = records[f"doc{number}{suffix}"]
        assert container["status"] == "ok", container
        assert container["opened_with_password"] == mask_password("tika")
        assert "decrypted with a password from the case list" in str(container["status_detail"])
        child = records[f"doc{number}{suffix}!decrypted{suffix}"]
        assert child["status"] == "ok", child
    found = json.loads(invoke("search", WORD_IN_DOCX, "--case", case, "--json"))
    assert "doc0.docx!decrypted.docx" in {hit["path"] for hit in found["hits"]}
    assert "tika" not in out.read_text(encoding="utf-8").replace("tika__", "")
