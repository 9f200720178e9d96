"""The container extractors on the public sample archives and hostile files (../shared/corpus).

Skipped unless TROVETRIAGE_CORPUS points at the corpus folder. Nested content is followed the way
the pipeline does (content seen once, by sha256), with the three container extractors only.
"""

from __future__ import annotations

import os
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest

from trovetriage.core.blobs import BlobStore, sha256_file
from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.compressed import CompressedStreamExtractor
from trovetriage.ingest.extractors.tar import TarExtractor
from trovetriage.ingest.extractors.zip import ZipExtractor
from trovetriage.ingest.registry import choose
from trovetriage.ingest.sniff import sniff_file

_CORPUS = os.environ.get("TROVETRIAGE_CORPUS", "")
if not _CORPUS or not Path(_CORPUS).is_dir():
    pytest.skip("TROVETRIAGE_CORPUS is not set to the sample corpus folder", allow_module_level=True)

pytestmark = pytest.mark.corpus

ROOT = Path(_CORPUS)
EXTRACTORS = (ZipExtractor(), TarExtractor(), CompressedStreamExtractor())
LIMITS = Limits(max_member_bytes=64 * MiB)
PATTERNS = ("archives/*.zip", "archives/*.tar", "archives/*.tgz", "archives/*.gz",
            "hostile/*.zip", "hostile/*.tar", "hostile/*.gz", "hostile/*.bz2")
FILES = sorted({path for pattern in PATTERNS for path in ROOT.glob(pattern)})


@dataclass
class Seen:
    """One item met while walking a file: a container or a member that could not be read."""

    path: str
    status: Status
    detail: str


def walk(path: Path, blobs: BlobStore, limits: Limits = LIMITS) -> list[Seen]:
    """Extract a file and, recursively, every new child content a container extractor accepts."""
    seen_content = {sha256_file(path)[0]}
    found: list[Seen] = []

    def visit(file: Path, name: str, label: str, depth: int) -> None:
        sniffed = sniff_file(file, name)
        extractor = choose(sniffed, EXTRACTORS)
        if extractor is None:
            return
        sink = ChildSink(blobs, limits)
        extraction = extractor.extract(Source(file, sniffed), sink, limits)
        found.append(Seen(label, extraction.status, extraction.detail))
        for member in sink.members:
            member_label = f"{label}!{member.name}"
            if member.sha256 is None:
                assert member.status is not None
                found.append(Seen(member_label, member.status, member.detail))
            elif member.sha256 not in seen_content and depth < limits.max_depth:
                seen_content.add(member.sha256)
                visit(blobs.path_for(member.sha256), member.name, member_label, depth + 1)

    visit(path, path.name, str(path.relative_to(ROOT)), 0)
    return found


def files_outside(tmp_path: Path) -> set[Path]:
    blob_dir = tmp_path / "blobs"
    return {p for p in tmp_path.rglob("*") if p.is_file() and blob_dir not in p.parents}


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_no_exception_and_a_valid_status(path: Path, tmp_path: Path) -> None:
    assert choose(sniff_file(path), EXTRACTORS) is not None
    found = walk(path, BlobStore(tmp_path / "blobs"))
    assert found
    assert all(isinstance(item.status, Status) for item in found)
    assert files_outside(tmp_path) == set()


@pytest.mark.parametrize("name", ["hostile/ayra__10.zip", "hostile/recext__10GB.zip.bz2"])
def test_bombs_end_skipped_bomb_with_bounded_memory(name: str, tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        found = walk(ROOT / name, BlobStore(tmp_path / "blobs"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert any(item.status == Status.SKIPPED_BOMB for item in found), found
    assert peak < 64 * MiB


def test_bzip2_zip_bomb_is_stopped_at_the_first_level(tmp_path: Path) -> None:
    found = walk(ROOT / "hostile/recext__10GB.zip.bz2", BlobStore(tmp_path / "blobs"), Limits())
    assert found[0].status == Status.SKIPPED_BOMB
    assert "ratio" in found[0].detail


@pytest.mark.parametrize("name", ["hostile/snyk__zip-slip.tar", "hostile/snyk__zip-slip-win.tar",
                                  "hostile/snyk__zip-slip-win.zip"])
def test_traversal_samples_write_nothing_outside_the_blob_store(name: str, tmp_path: Path) -> None:
    parent_before = set(os.listdir(tmp_path.parent))
    evil_existed = Path("/tmp/evil.txt").exists()
    found = walk(ROOT / name, BlobStore(tmp_path / "blobs"))
    assert found[0].status == Status.OK
    assert files_outside(tmp_path) == set()
    assert set(os.listdir(tmp_path.parent)) == parent_before
    assert Path("/tmp/evil.txt").exists() == evil_existed


def test_traversal_names_are_kept_verbatim(tmp_path: Path) -> None:
    path = ROOT / "hostile/snyk__zip-slip.tar"
    sink = ChildSink(BlobStore(tmp_path / "blobs"), LIMITS)
    TarExtractor().extract(Source(path, sniff_file(path)), sink, LIMITS)
    assert sink.members[1].name == "../" * 40 + "tmp/evil.txt"


def test_badzip_sample_is_a_symlink_entry_not_followed(tmp_path: Path) -> None:
    """ingest__badzip.zip is a well-formed zip whose only entry is a symbolic link (a classic
    zip-slip via link): the entry must be refused, not the archive."""
    found = walk(ROOT / "hostile/ingest__badzip.zip", BlobStore(tmp_path / "blobs"))
    assert found[0].status == Status.OK
    assert found[1].status == Status.UNSUPPORTED
    assert "symbolic link to /ingestors/tests/fixtures/secret.txt not followed" in found[1].detail


def test_corrupt_tar_keeps_what_can_be_salvaged(tmp_path: Path) -> None:
    found = walk(ROOT / "hostile/recext__TestDataCorrupt.tar", BlobStore(tmp_path / "blobs"))
    assert found[0].status == Status.CORRUPT
    assert "4 members recovered" in found[0].detail


def test_gzip_quine_is_produced_once(tmp_path: Path) -> None:
    path = ROOT / "hostile/tika__quine.gz"
    sink = ChildSink(BlobStore(tmp_path / "blobs"), LIMITS)
    extraction = CompressedStreamExtractor().extract(Source(path, sniff_file(path)), sink, LIMITS)
    assert extraction.status == Status.OK
    assert sink.members[0].sha256 == sha256_file(path)[0]  # the pipeline stops it as its own ancestor


def test_encrypted_entries(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    statuses = {item.path: (item.status, item.detail)
                for name in ("archives/hoover__zip-with-password.zip", "archives/tika__testZipEncrypted.zip")
                for item in walk(ROOT / name, blobs)}
    assert statuses["archives/hoover__zip-with-password.zip!cap33.pdf"] == (Status.ENCRYPTED, "ZipCrypto")
    assert statuses["archives/tika__testZipEncrypted.zip!encrypted.txt"] == (
        Status.ENCRYPTED, "AES (WinZip, method 99)")


def test_gbk_names(tmp_path: Path) -> None:
    path = ROOT / "archives/tika__gbk.zip"
    sink = ChildSink(BlobStore(tmp_path / "blobs"), LIMITS)
    ZipExtractor().extract(Source(path, sniff_file(path)), sink, LIMITS)
    assert sink.members[0].name.startswith("审计压缩包文件检索测试/")
