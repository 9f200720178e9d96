"""TarExtractor: plain and compressed tars read as streams, links not followed, damage kept apart."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import tracemalloc
from pathlib import Path

import pytest
from member_helpers import blob_bytes, extract_with, statuses

from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink
from trovetriage.ingest.extractors.compressed import CompressedStreamExtractor
from trovetriage.ingest.extractors.tar import TarExtractor


def run(path: Path, tmp_path: Path, limits: Limits | None = None) -> tuple[Extraction, ChildSink]:
    return extract_with(TarExtractor(), path, tmp_path, limits)


def add_file(tf: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1_700_000_000
    tf.addfile(info, io.BytesIO(data))


def add_special(tf: tarfile.TarFile, name: str, kind: bytes, linkname: str = "") -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    tf.addfile(info)


def build_tar(path: Path, files: dict[str, bytes], mode: str = "w", **kwargs: object) -> Path:
    with tarfile.open(path, mode, **kwargs) as tf:  # type: ignore[call-overload]
        for name, data in files.items():
            add_file(tf, name, data)
    return path


def test_score() -> None:
    def sniffed(mime: str, name: str) -> Sniffed:
        return Sniffed(mime, mime, Path(name).suffix, name, 10)

    tar, compressed = TarExtractor(), CompressedStreamExtractor()
    assert tar.score(sniffed("application/x-tar", "a.tar")) == 90
    for mime, name in [("application/gzip", "a.tar.gz"), ("application/gzip", "A.TGZ"),
                       ("application/x-bzip2", "a.tbz2"), ("application/x-xz", "a.tar.xz")]:
        assert tar.score(sniffed(mime, name)) > compressed.score(sniffed(mime, name)) > 0
    assert tar.score(sniffed("application/gzip", "notes.txt.gz")) == 0
    assert compressed.score(sniffed("application/gzip", "notes.txt.gz")) > 0
    assert tar.score(sniffed("application/zip", "a.zip")) == 0


def test_tar_gz_with_files_links_and_directories(tmp_path: Path) -> None:
    path = tmp_path / "trove.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        add_special(tf, "docs", tarfile.DIRTYPE)
        add_file(tf, "docs/passwords.txt", b"admin:Summer2024!\n")
        add_file(tf, "docs/report.txt", b"quarterly " * 1000)
        add_special(tf, "docs/link-to-shadow", tarfile.SYMTYPE, "/etc/shadow")
        add_special(tf, "docs/hard", tarfile.LNKTYPE, "docs/report.txt")
        add_special(tf, "dev/null", tarfile.CHRTYPE)
        add_special(tf, "pipe", tarfile.FIFOTYPE)
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK, extraction.detail
    assert extraction.kind == Kind.ARCHIVE
    assert extraction.metadata == {"members": 6, "compression": "gzip"}
    assert statuses(sink) == {
        "docs/passwords.txt": None, "docs/report.txt": None, "docs/link-to-shadow": Status.UNSUPPORTED,
        "docs/hard": Status.UNSUPPORTED, "dev/null": Status.UNSUPPORTED, "pipe": Status.UNSUPPORTED,
    }
    details = {m.name: m.detail for m in sink.members}
    assert details["docs/link-to-shadow"] == "symbolic link to /etc/shadow not followed"
    assert details["docs/hard"] == "hard link to docs/report.txt"
    assert "device" in details["dev/null"]
    assert blob_bytes(sink, "docs/passwords.txt") == b"admin:Summer2024!\n"
    assert "docs/report.txt" in extraction.text.splitlines()
    assert sink.members[0].meta["mtime"] == "2023-11-14T22:13:20+00:00"


@pytest.mark.parametrize(("mode", "suffix", "compression"), [
    ("w", ".tar", "none"), ("w:bz2", ".tar.bz2", "bzip2"), ("w:xz", ".txz", "xz"), ("w:gz", ".tgz", "gzip"),
])
def test_compressions(tmp_path: Path, mode: str, suffix: str, compression: str) -> None:
    path = build_tar(tmp_path / f"t{suffix}", {"a.txt": b"alpha", "b/c.txt": b"gamma" * 999}, mode)
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert extraction.metadata["compression"] == compression
    assert blob_bytes(sink, "b/c.txt") == b"gamma" * 999


def test_truncated_tar_gz_keeps_members_before_the_damage(tmp_path: Path) -> None:
    first, second, third = os.urandom(50_000), os.urandom(50_000), os.urandom(50_000)
    data = build_tar(tmp_path / "full.tar.gz", {"1.bin": first, "2.bin": second, "3.bin": third}, "w:gz"
                     ).read_bytes()
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(data[: int(len(data) * 0.6)])
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.TRUNCATED
    assert statuses(sink) == {"1.bin": None, "2.bin": Status.TRUNCATED}
    assert blob_bytes(sink, "1.bin") == first


def test_truncated_plain_tar(tmp_path: Path) -> None:
    data = build_tar(tmp_path / "full.tar", {"1.txt": b"one" * 300, "2.txt": b"two" * 3000}).read_bytes()
    path = tmp_path / "cut.tar"
    path.write_bytes(data[:2048 + 4000])
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.TRUNCATED
    assert statuses(sink) == {"1.txt": None, "2.txt": Status.TRUNCATED}


def test_tar_cut_at_a_header_boundary(tmp_path: Path) -> None:
    data = build_tar(tmp_path / "full.tar", {"1.txt": b"one" * 100, "2.txt": b"two"}).read_bytes()
    path = tmp_path / "cut.tar"
    path.write_bytes(data[:1024])  # 1.txt complete, nothing after it: no end-of-archive marker
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.TRUNCATED
    assert statuses(sink) == {"1.txt": None}


def test_corrupt_header_mid_way_salvages_later_members(tmp_path: Path) -> None:
    data = bytearray(build_tar(tmp_path / "ok.tar", {"1.txt": b"one", "2.txt": b"two", "3.txt": b"three"}
                               ).read_bytes())
    data[1024 + 148: 1024 + 156] = b"9999999\x00"  # checksum of the second header
    path = tmp_path / "bad.tar"
    path.write_bytes(bytes(data))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.CORRUPT
    assert "invalid member header" in extraction.detail
    assert statuses(sink) == {"1.txt": None, "3.txt": None}
    assert "1 members recovered" in extraction.detail


def test_traversal_names_write_nothing_outside_the_blob_store(tmp_path: Path) -> None:
    names = ["../" * 40 + "tmp/evil.txt", "..\\" * 40 + "Temp\\evil.txt", "/etc/cron.d/evil"]
    source_dir = tmp_path / "src"
    source_dir.mkdir()
    path = build_tar(source_dir / "slip.tar", {name: b"pwned" for name in names})
    parent_before = set(os.listdir(tmp_path.parent))
    evil_existed = Path("/tmp/evil.txt").exists()
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert [m.name for m in sink.members] == names
    assert set(os.listdir(tmp_path.parent)) == parent_before
    assert Path("/tmp/evil.txt").exists() == evil_existed
    assert sorted(os.listdir(source_dir)) == ["slip.tar"]
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - {path}
    assert all(tmp_path / "blobs" in p.parents for p in written)


def test_compressed_tar_bomb_stops_on_the_container_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.tar.gz"
    with tarfile.open(path, "w:gz", compresslevel=1) as tf:
        info = tarfile.TarInfo("zeros.bin")
        info.size = 48 * MiB

        class Zeros(io.RawIOBase):
            def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
                buffer[:] = bytes(len(buffer))
                return len(buffer)

        tf.addfile(info, Zeros())
        add_file(tf, "after.txt", b"never reached")
    tracemalloc.start()
    try:
        extraction, sink = run(path, tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 48 * MiB
    assert extraction.status == Status.SKIPPED_BOMB
    assert "bomb" in extraction.detail
    assert statuses(sink) == {"zeros.bin": Status.SKIPPED_BOMB}


def test_max_members(tmp_path: Path) -> None:
    path = build_tar(tmp_path / "many.tar", {f"f{i}.txt": b"x" for i in range(10)})
    extraction, sink = run(path, tmp_path, Limits(max_members=4))
    assert extraction.status == Status.SKIPPED_BOMB
    assert "max_members" in extraction.detail
    assert len(sink.members) == 4


def test_member_size_limit(tmp_path: Path) -> None:
    path = build_tar(tmp_path / "big.tar", {"big.bin": os.urandom(300_000), "small.txt": b"ok"})
    extraction, sink = run(path, tmp_path, Limits(max_member_bytes=100_000))
    assert extraction.status == Status.OK
    assert statuses(sink) == {"big.bin": Status.SKIPPED_BOMB, "small.txt": None}


def test_legacy_encoded_names(tmp_path: Path) -> None:
    raw = "Отчет о паролях.txt".encode("cp1251")
    path = tmp_path / "legacy.tar"
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT, encoding="utf-8", errors="surrogateescape") as tf:
        add_file(tf, raw.decode("utf-8", "surrogateescape"), b"data")
    _extraction, sink = run(path, tmp_path)
    assert [m.name for m in sink.members] == ["Отчет о паролях.txt"]


def test_tgz_that_is_not_a_tar_falls_back_to_one_child(tmp_path: Path) -> None:
    path = tmp_path / "notes.tgz"
    path.write_bytes(gzip.compress(b"just text, no tar header here\n" * 40))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert [m.name for m in sink.members] == ["notes.tar"]
    assert blob_bytes(sink, "notes.tar") == b"just text, no tar header here\n" * 40


def test_not_a_tar_at_all(tmp_path: Path) -> None:
    path = tmp_path / "random.tar"
    path.write_bytes(os.urandom(3000))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.CORRUPT
    assert sink.members == []


def test_empty_tar(tmp_path: Path) -> None:
    path = build_tar(tmp_path / "empty.tar", {})
    extraction, _ = run(path, tmp_path)
    assert extraction.status == Status.EMPTY


def test_oversized_extended_header_is_refused(tmp_path: Path) -> None:
    """tarfile reads a pax header whole into memory: a hostile one claiming a gigabyte is refused."""
    pax = tarfile.TarInfo("././@PaxHeader")
    pax.type = tarfile.XHDTYPE
    pax.size = 1 << 30
    path = tmp_path / "pax.tar.gz"
    with gzip.open(path, "wb", compresslevel=1) as handle:
        handle.write(pax.tobuf(tarfile.USTAR_FORMAT))
        handle.write(bytes(16 * MiB))
    tracemalloc.start()
    try:
        extraction, sink = run(path, tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 48 * MiB
    # The header is refused; the salvage pass that follows then meets the zeros' ratio.
    assert extraction.status in (Status.CORRUPT, Status.SKIPPED_BOMB)
    assert sink.members == []


def test_archive_appended_after_the_end_marker_is_found(tmp_path: Path) -> None:
    first = build_tar(tmp_path / "a.tar", {"visible.txt": b"decoy"}).read_bytes()
    second = build_tar(tmp_path / "b.tar", {"hidden.txt": b"the real payload"}).read_bytes()
    path = tmp_path / "joined.tar"
    path.write_bytes(first + second)
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert "1 members found after the end-of-archive marker" in extraction.detail
    assert statuses(sink) == {"visible.txt": None, "hidden.txt": None}
    assert blob_bytes(sink, "hidden.txt") == b"the real payload"
