"""ZipCrypto zip members open with the case's password list; AES members say why they stay shut."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import pyzipper
from click.testing import CliRunner

from trovetriage.case import Case
from trovetriage.cli import main

PASSWORD = "right horse"
CONTENT = b"the walrus ledger, page one\n"


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _export(case: str, out: Path) -> list[dict[str, object]]:
    invoke("export", "--case", case, "--format", "jsonl", "--output", str(out))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


class _ZipCrypto:
    """Traditional PKWARE encryption (APPNOTE.TXT 6.1): three keys stirred by CRC-32 of each byte."""

    def __init__(self, password: bytes) -> None:
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self._update(byte)

    @staticmethod
    def _crc(crc: int, byte: int) -> int:
        return zlib.crc32(bytes([byte]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF

    def _update(self, byte: int) -> None:
        k0, k1, k2 = self.keys
        k0 = self._crc(k0, byte)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = self._crc(k2, k1 >> 24)
        self.keys = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            temp = (self.keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            self._update(byte)
        return bytes(out)


def zipcrypto_zip(password: bytes, members: dict[str, bytes]) -> bytes:
    """A zip of stored (uncompressed) members, each encrypted with ZipCrypto."""
    local = bytearray()
    central = bytearray()
    for name, data in members.items():
        crc = zlib.crc32(data)
        header = bytes(range(11)) + bytes([crc >> 24])  # 12-byte header, last byte = CRC high byte
        body = _ZipCrypto(password).encrypt(header + data)
        raw_name = name.encode()
        fields = (20, 1, 0, 0, 0x21, crc, len(body), len(data), len(raw_name), 0)
        offset = len(local)
        local += b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + raw_name + body
        central += (b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", 20, *fields, 0, 0, 0, 0, offset)
                    + raw_name)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central),
                      len(local), 0)
    return bytes(local + central + end)


def test_encryptor_matches_zipfile() -> None:
    from io import BytesIO

    with zipfile.ZipFile(BytesIO(zipcrypto_zip(b"pw", {"a.txt": CONTENT}))) as archive:
        assert archive.read("a.txt", pwd=b"pw") == CONTENT
        with pytest.raises(RuntimeError):
            archive.read("a.txt", pwd=b"nope")


def test_zipcrypto_members_open_with_case_passwords(tmp_path: Path) -> None:
    trove = tmp_path / "trove"
    trove.mkdir()
    (trove / "locked.zip").write_bytes(zipcrypto_zip(PASSWORD.encode(), {"memo.txt": CONTENT}))
    (trove / "dos.zip").write_bytes(zipcrypto_zip("café".encode("cp437"), {"old.txt": b"walrus of old\n"}))
    case = str(tmp_path / "case")
    invoke("index", str(trove), "--case", case, "--jobs", "1", "--quiet")
    before = {r["path"]: r for r in _export(case, tmp_path / "before.jsonl")}
    assert before["locked.zip!memo.txt"]["status"] == "encrypted"
    assert before["dos.zip!old.txt"]["status"] == "encrypted"

    passwords = tmp_path / "passwords.txt"
    passwords.write_text(f"wrong\n{PASSWORD}\ncafé\n", encoding="utf-8")
    output = invoke("index", str(trove), "--case", case, "--passwords", str(passwords), "--jobs", "1", "--quiet")
    assert PASSWORD not in output
    out = tmp_path / "after.jsonl"
    after = {r["path"]: r for r in _export(case, out)}
    member = after["locked.zip!memo.txt"]
    assert member["status"] == "ok", member
    assert after["locked.zip"]["opened_with_password"] == "ri****"
    with Case.open(Path(case)) as opened:
        [record] = opened.store.members(str(after["locked.zip"]["sha256"]))
        assert record.meta["opened_with_password"] == "ri****"
        assert record.sha256 is not None
        assert opened.blobs.path_for(record.sha256).read_bytes() == CONTENT
    assert after["dos.zip!old.txt"]["status"] == "ok", after["dos.zip!old.txt"]
    assert "opened with a password from the case list" in str(after["locked.zip"]["status_detail"])
    found = json.loads(invoke("search", "walrus", "--case", case, "--json"))
    assert {hit["path"] for hit in found["hits"]} == {"locked.zip!memo.txt", "dos.zip!old.txt"}
    assert PASSWORD not in out.read_text(encoding="utf-8")


def test_wrong_passwords_keep_zip_member_encrypted(tmp_path: Path) -> None:
    trove = tmp_path / "trove"
    trove.mkdir()
    (trove / "locked.zip").write_bytes(zipcrypto_zip(PASSWORD.encode(), {"memo.txt": CONTENT}))
    passwords = tmp_path / "passwords.txt"
    passwords.write_text("nope\nstill nope\n", encoding="utf-8")
    case = str(tmp_path / "case")
    invoke("index", str(trove), "--case", case, "--passwords", str(passwords), "--jobs", "1", "--quiet")
    records = {r["path"]: r for r in _export(case, tmp_path / "out.jsonl")}
    assert records["locked.zip!memo.txt"]["status"] == "encrypted"
    assert "none of the 2 case passwords opened it" in str(records["locked.zip!memo.txt"]["status_detail"])


def aes_zip(password: bytes, members: dict[str, bytes]) -> bytes:
    """A WinZip AES-256 zip, written by pyzipper (the library our extractor reads AES with)."""
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
        zf.setpassword(password)
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("listed", "status"), [("nope\npw\n", "ok"), ("nope\n", "encrypted")])
def test_aes_member_opens_only_with_the_right_case_password(tmp_path: Path, listed: str, status: str) -> None:
    trove = tmp_path / "trove"
    trove.mkdir()
    (trove / "aes.zip").write_bytes(aes_zip(b"pw", {"secret.txt": CONTENT, "plain/also.txt": CONTENT * 3}))
    passwords = tmp_path / "passwords.txt"
    passwords.write_text(listed, encoding="utf-8")
    case = str(tmp_path / "case")
    output = invoke("index", str(trove), "--case", case, "--passwords", str(passwords), "--jobs", "1")
    records = {r["path"]: r for r in _export(case, tmp_path / "out.jsonl")}
    member = records["aes.zip!secret.txt"]
    assert member["status"] == status
    if status == "ok":
        assert member["sha256"] == hashlib.sha256(CONTENT).hexdigest()
        assert records["aes.zip"]["opened_with_password"] == "****"
        assert member["opened_with_password"] == "****"
        assert records["aes.zip!plain/also.txt"]["opened_with_password"] == "****"
        assert Case.open(Path(case)).search("walrus").total == 2
    else:
        assert "AES (WinZip, method 99)" in str(member["status_detail"])
        assert "none of the 1 case passwords opened it" in str(member["status_detail"])
    assert "nope" not in output
