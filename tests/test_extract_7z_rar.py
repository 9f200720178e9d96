"""SevenZipExtractor on 7z files built here (py7zr), RarExtractor on tiny hand-made inputs."""

from __future__ import annotations

from pathlib import Path

import py7zr
import pytest
from member_helpers import blob_bytes, extract_with, statuses

from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Sniffed, Status
from trovetriage.ingest.extractors.rar import RarExtractor
from trovetriage.ingest.extractors.sevenzip import SevenZipExtractor
from trovetriage.ingest.extractors.volumes import rar_volume_from_name, split_7z_volume


def build_7z(path: Path, members: dict[str, bytes], password: str | None = None,
             header_encryption: bool = False) -> Path:
    with py7zr.SevenZipFile(path, "w", password=password, header_encryption=header_encryption) as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return path


def sniffed(mime: str, name: str) -> Sniffed:
    return Sniffed(mime, mime, Path(name).suffix, name, 10)


def test_scores() -> None:
    assert SevenZipExtractor().score(sniffed("application/x-7z-compressed", "a.7z")) == 100
    assert SevenZipExtractor().score(sniffed("application/octet-stream", "a.7z")) > 0
    assert SevenZipExtractor().score(sniffed("application/octet-stream", "a.7z.002")) > 0
    assert SevenZipExtractor().score(sniffed("application/zip", "a.7z")) == 0
    assert RarExtractor().score(sniffed("application/x-rar", "a.rar")) == 100
    assert RarExtractor().score(sniffed("application/vnd.rar", "a.rar")) == 100
    assert RarExtractor().score(sniffed("application/octet-stream", "a.rar")) > 0
    assert RarExtractor().score(sniffed("application/x-7z-compressed", "a.7z")) == 0


def test_plain_members_and_nested_dirs(tmp_path: Path) -> None:
    path = build_7z(tmp_path / "plain.7z", {"a.txt": b"alpha\n", "deep/er/b.txt": b"beta\n" * 1000, "e.txt": b""})
    extraction, sink = extract_with(SevenZipExtractor(), path, tmp_path)
    assert extraction.kind == Kind.ARCHIVE
    assert extraction.status == Status.OK, extraction.detail
    assert statuses(sink) == {"a.txt": None, "deep/er/b.txt": None, "e.txt": None}
    assert blob_bytes(sink, "a.txt") == b"alpha\n"
    assert blob_bytes(sink, "deep/er/b.txt") == b"beta\n" * 1000
    assert blob_bytes(sink, "e.txt") == b""
    assert "deep/er/b.txt" in extraction.text
    assert extraction.metadata["members"] == 3


def test_encrypted_data_with_plain_names(tmp_path: Path) -> None:
    path = build_7z(tmp_path / "enc.7z", {"secret.txt": b"s" * 100, "d/other.txt": b"o"}, password="pw")
    extraction, sink = extract_with(SevenZipExtractor(), path, tmp_path)
    assert extraction.status == Status.OK
    assert statuses(sink) == {"secret.txt": Status.ENCRYPTED, "d/other.txt": Status.ENCRYPTED}
    assert {member.detail for member in sink.members} == {"AES-256 (7z)"}
    assert extraction.metadata["encrypted_members"] == 2
    assert "encrypted" in extraction.detail


def test_encrypted_headers(tmp_path: Path) -> None:
    path = build_7z(tmp_path / "hdr.7z", {"names-hidden.txt": b"x"}, password="pw", header_encryption=True)
    extraction, sink = extract_with(SevenZipExtractor(), path, tmp_path)
    assert extraction.status == Status.ENCRYPTED
    assert "names" in extraction.detail
    assert sink.members == []


def test_big_declared_member_is_refused_from_the_listing(tmp_path: Path) -> None:
    path = build_7z(tmp_path / "bomb.7z", {"small.txt": b"ok", "big.bin": b"\0" * 300_000})
    limits = Limits(max_member_bytes=100_000)
    extraction, sink = extract_with(SevenZipExtractor(), path, tmp_path, limits)
    assert statuses(sink) == {"small.txt": None, "big.bin": Status.SKIPPED_BOMB}
    assert "not decompressed" in sink.members[1].detail
    assert blob_bytes(sink, "small.txt") == b"ok"
    assert extraction.status == Status.OK


def test_container_limit_refuses_from_the_listing(tmp_path: Path) -> None:
    path = build_7z(tmp_path / "many.7z", {f"f{i}.bin": bytes([i]) * 40_000 for i in range(4)})
    limits = Limits(max_container_bytes=100_000)
    _, sink = extract_with(SevenZipExtractor(), path, tmp_path, limits)
    assert [member.status for member in sink.members] == [None, None, Status.SKIPPED_BOMB, Status.SKIPPED_BOMB]


def test_damaged_data_is_reported_not_raised(tmp_path: Path) -> None:
    path = build_7z(tmp_path / "bad.7z", {"a.txt": bytes(range(256)) * 400})
    data = bytearray(path.read_bytes())
    for offset in range(40, 200):  # packed data follows the 32-byte signature header
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    extraction, sink = extract_with(SevenZipExtractor(), path, tmp_path)
    assert extraction.status in (Status.CORRUPT, Status.TRUNCATED)
    assert [member.status for member in sink.members] in ([Status.CORRUPT], [Status.TRUNCATED])


@pytest.mark.parametrize("content", [b"", b"7z\xbc\xaf\x27\x1c", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\xff" * 40,
                                     b"not an archive at all"])
def test_garbage_never_raises(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.7z"
    path.write_bytes(content)
    extraction, sink = extract_with(SevenZipExtractor(), path, tmp_path)
    assert extraction.status in (Status.CORRUPT, Status.TRUNCATED)
    assert sink.members == []


def test_lone_split_volume(tmp_path: Path) -> None:
    path = tmp_path / "set.7z.002"
    path.write_bytes(b"\x12\x34" * 100)
    extraction, _ = extract_with(SevenZipExtractor(), path, tmp_path)
    assert extraction.status == Status.TRUNCATED
    assert extraction.detail == "volume 2 of a multi-volume set; the other volumes are needed"


@pytest.mark.parametrize("content", [b"", b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00" + b"\xff" * 30,
                                     b"plain text, not a rar"])
def test_rar_garbage_never_raises(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.rar"
    path.write_bytes(content)
    extraction, sink = extract_with(RarExtractor(), path, tmp_path)
    assert extraction.status in (Status.CORRUPT, Status.TRUNCATED, Status.EMPTY)
    assert sink.members == []


def test_volume_names() -> None:
    assert split_7z_volume("x.7z.002") == 2
    assert split_7z_volume("x.7z") is None
    assert rar_volume_from_name("x.part3.rar") == 3
    assert rar_volume_from_name("x.r00") == 2
    assert rar_volume_from_name("x.rar") is None
