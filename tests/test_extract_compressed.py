"""CompressedStreamExtractor: one decompressed child per .gz/.bz2/.xz/.lzma, damage as statuses."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import tarfile
import tracemalloc
import zlib
from pathlib import Path

import pytest
from member_helpers import extract_with

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Extraction, Kind, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.compressed import CompressedStreamExtractor
from trovetriage.ingest.extractors.single_stream import child_name, gzip_original_name
from trovetriage.ingest.sniff import sniff_file

TEXT = b"From: ops@victim.example\nSubject: vpn creds\n\nuser=admin pass=Winter2024!\n" * 50


def run(path: Path, tmp_path: Path, limits: Limits | None = None) -> tuple[Extraction, ChildSink]:
    return extract_with(CompressedStreamExtractor(), path, tmp_path, limits)


def only_child(sink: ChildSink) -> bytes:
    assert len(sink.members) == 1
    member = sink.members[0]
    assert member.sha256 is not None, member.detail
    return sink.blobs.path_for(member.sha256).read_bytes()


def gzip_bytes(data: bytes, fname: str = "") -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename=fname, mode="wb", fileobj=buffer, mtime=0) as handle:
        handle.write(data)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "compress", "fmt", "child"), [
    ("mail.eml.gz", lambda d: gzip_bytes(d), "gzip", "mail.eml"),
    ("mail.eml.bz2", bz2.compress, "bzip2", "mail.eml"),
    ("mail.eml.xz", lzma.compress, "xz", "mail.eml"),
    ("mail.eml.lzma", lambda d: lzma.compress(d, format=lzma.FORMAT_ALONE), "lzma", "mail.eml"),
])
def test_single_streams(tmp_path: Path, name: str, compress: object, fmt: str, child: str) -> None:
    path = tmp_path / name
    path.write_bytes(compress(TEXT))  # type: ignore[operator]
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK, extraction.detail
    assert extraction.kind == Kind.ARCHIVE
    assert extraction.title == name
    assert extraction.metadata["compression"] == fmt
    assert sink.members[0].name == child
    assert only_child(sink) == TEXT


def test_gzip_fname_is_used_as_a_base_name(tmp_path: Path) -> None:
    path = tmp_path / "blob.gz"
    path.write_bytes(gzip_bytes(TEXT, fname="Q3 accounts.xlsx"))
    extraction, sink = run(path, tmp_path)
    assert sink.members[0].name == "Q3 accounts.xlsx"
    assert extraction.metadata["original_name"] == "Q3 accounts.xlsx"
    hostile = gzip_bytes(b"x", fname="../../../etc/cron.d/evil")
    assert gzip_original_name(hostile) == "evil"


def test_child_names() -> None:
    assert child_name("a.tgz", None) == "a.tar"
    assert child_name("a.tar.gz", None) == "a.tar"
    assert child_name("dump.SQL.GZ", None) == "dump.SQL"
    assert child_name("noext", None) == "noext.out"
    assert child_name(".gz", None) == ".gz.out"


def test_concatenated_gzip_members_are_one_stream(tmp_path: Path) -> None:
    path = tmp_path / "joined.gz"
    path.write_bytes(gzip_bytes(b"first part\n") + gzip_bytes(b"second part\n"))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert only_child(sink) == b"first part\nsecond part\n"
    assert extraction.metadata["streams"] == 2


def test_trailing_data_is_kept_as_its_own_member(tmp_path: Path) -> None:
    path = tmp_path / "hidden.gz"
    path.write_bytes(gzip_bytes(TEXT) + b"\x00\x00" + b"appended secret data")
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert "kept as a member" in extraction.detail
    names = [m.name for m in sink.members]
    assert names == ["hidden", "hidden.trailing"]
    trailing = sink.members[1]
    assert trailing.sha256 is not None
    assert sink.blobs.path_for(trailing.sha256).read_bytes() == b"\x00\x00appended secret data"


def test_zero_padding_is_not_trailing_data(tmp_path: Path) -> None:
    path = tmp_path / "padded.gz"
    path.write_bytes(gzip_bytes(TEXT) + bytes(4096))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert extraction.detail == ""
    assert only_child(sink) == TEXT


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip_bytes(os.urandom(100_000))
    path = tmp_path / "cut.gz"
    path.write_bytes(data[: len(data) // 2])
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.TRUNCATED
    assert "ends early" in extraction.detail
    assert sink.members[0].status == Status.TRUNCATED
    assert sink.members[0].sha256 is None


@pytest.mark.parametrize("compress", [bz2.compress, lzma.compress])
def test_truncated_bz2_and_xz(tmp_path: Path, compress: object) -> None:
    data = compress(os.urandom(100_000))  # type: ignore[operator]
    path = tmp_path / "cut.bin"
    path.write_bytes(data[: len(data) // 2])
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.TRUNCATED
    assert sink.members[0].status == Status.TRUNCATED


def test_gzip_with_bad_crc_is_corrupt(tmp_path: Path) -> None:
    data = bytearray(gzip_bytes(TEXT))
    data[-8] ^= 0xFF  # CRC32 in the trailer
    path = tmp_path / "crc.gz"
    path.write_bytes(bytes(data))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.CORRUPT
    assert sink.members[0].status == Status.CORRUPT


def test_corrupt_xz_is_a_status_not_an_exception(tmp_path: Path) -> None:
    data = bytearray(lzma.compress(os.urandom(50_000)))
    for offset in range(100, 200):
        data[offset] ^= 0x55
    path = tmp_path / "bad.xz"
    path.write_bytes(bytes(data))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.CORRUPT
    assert sink.members[0].status == Status.CORRUPT


def test_not_compressed_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.gz"
    path.write_bytes(b"plain text pretending\n")
    sink = ChildSink(BlobStore(tmp_path / "blobs"), Limits())
    sniffed = sniff_file(path)
    extraction = CompressedStreamExtractor().extract(Source(path, sniffed), sink, Limits())
    assert extraction.status == Status.CORRUPT
    assert sink.members == []


def test_gzip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz"
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    chunk = bytes(MiB)
    with path.open("wb") as handle:
        for _ in range(100):
            handle.write(compressor.compress(chunk))
        handle.write(compressor.flush())
    tracemalloc.start()
    try:
        extraction, sink = run(path, tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 48 * MiB
    assert extraction.status == Status.SKIPPED_BOMB
    assert sink.members[0].status == Status.SKIPPED_BOMB


def test_gzip_holding_a_tar_lists_the_tar_members(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tf:
        info = tarfile.TarInfo("inside/secret.txt")
        info.size = len(TEXT)
        tf.addfile(info, io.BytesIO(TEXT))
    path = tmp_path / "backup.gz"  # no tar in the name
    path.write_bytes(gzip_bytes(buffer.getvalue()))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert extraction.metadata["compression"] == "gzip"
    assert [m.name for m in sink.members] == ["inside/secret.txt"]
    assert only_child(sink) == TEXT


def test_empty_payload(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt.gz"
    path.write_bytes(gzip_bytes(b""))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert sink.members[0].size == 0
