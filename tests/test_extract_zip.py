"""ZipExtractor on hostile zips built here: bombs, overlapping entries, traversal names, damage."""

from __future__ import annotations

import io
import os
import struct
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import pytest
from member_helpers import blob_bytes, extract_with, statuses

from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.member_names import guess_legacy_encoding
from trovetriage.ingest.extractors.zip import ZipExtractor
from trovetriage.ingest.sniff import sniff_file


def run(path: Path, tmp_path: Path, limits: Limits | None = None) -> tuple[Extraction, ChildSink]:
    return extract_with(ZipExtractor(), path, tmp_path, limits)


def build_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED,
              comment: bytes = b"") -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        zf.comment = comment
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2024, 5, 17, 12, 30, 0)), data, compress_type=compression)
    return path


def central_records(data: bytes) -> list[int]:
    """Offsets of the central-directory records of a (small, comment-free) zip."""
    eocd = data.rfind(b"PK\x05\x06")
    count, _, cd_offset = struct.unpack_from("<HII", data, eocd + 10)
    offsets = []
    position = cd_offset
    for _ in range(count):
        offsets.append(position)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, position + 28)
        position += 46 + name_len + extra_len + comment_len
    return offsets


def patch_entry(data: bytearray, index: int, flags: int | None = None, method: int | None = None) -> None:
    """Change an entry's flags/method in both its central record and its local header."""
    record = central_records(bytes(data))[index]
    local = struct.unpack_from("<I", data, record + 42)[0]
    if flags is not None:
        struct.pack_into("<H", data, record + 8, flags)
        struct.pack_into("<H", data, local + 6, flags)
    if method is not None:
        struct.pack_into("<H", data, record + 10, method)
        struct.pack_into("<H", data, local + 8, method)


def test_score() -> None:
    extractor = ZipExtractor()

    def sniffed(mime: str, name: str = "x.zip") -> Sniffed:
        return Sniffed(mime, mime, Path(name).suffix, name, 10)

    assert extractor.score(sniffed("application/zip")) > 0
    assert extractor.score(sniffed("application/x-zip-compressed")) > 0
    assert extractor.score(sniffed("application/octet-stream", "a.zip")) > 0
    assert extractor.score(
        sniffed("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.docx")) == 0
    assert extractor.score(sniffed("text/plain", "a.zip")) == 0
    assert extractor.score(sniffed("application/gzip", "a.gz")) == 0


def test_members_names_text_and_metadata(tmp_path: Path) -> None:
    path = build_zip(tmp_path / "plain.zip", {"a.txt": b"alpha\n", "dir/": b"", "dir/b.txt": b"beta\n" * 100},
                     comment=b"exfil batch 7")
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert extraction.kind == Kind.ARCHIVE
    assert extraction.title == "plain.zip"
    assert [m.name for m in sink.members] == ["a.txt", "dir/b.txt"]  # directory entries are no items
    assert all(m.status is None for m in sink.members)
    assert blob_bytes(sink, "dir/b.txt") == b"beta\n" * 100
    assert extraction.text.splitlines() == ["a.txt", "dir/b.txt"]
    assert extraction.metadata["members"] == 2
    assert extraction.metadata["encrypted_members"] == 0
    assert extraction.metadata["comment"] == "exfil batch 7"
    meta = sink.members[0].meta
    assert meta["mtime"] == "2024-05-17T12:30:00"
    assert meta["compress_type"] == "deflated"


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_other_supported_methods(tmp_path: Path, compression: int) -> None:
    path = build_zip(tmp_path / "m.zip", {"x.bin": b"payload" * 1000}, compression=compression)
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert blob_bytes(sink, "x.bin") == b"payload" * 1000


def test_nested_zip_member_is_a_child_blob(tmp_path: Path) -> None:
    inner = build_zip(tmp_path / "inner.zip", {"secret.txt": b"password=hunter2\n"})
    inner_bytes = inner.read_bytes()
    outer = build_zip(tmp_path / "outer.zip", {"level1/inner.zip": inner_bytes})
    extraction, sink = run(outer, tmp_path)
    assert extraction.status == Status.OK
    assert blob_bytes(sink, "level1/inner.zip") == inner_bytes
    child = sink.blobs.path_for(sink.members[0].sha256 or "")
    child_sink = ChildSink(sink.blobs, Limits())
    child_extraction = ZipExtractor().extract(Source(child, sniff_file(child, "inner.zip")), child_sink, Limits())
    assert child_extraction.status == Status.OK
    assert blob_bytes(child_sink, "secret.txt") == b"password=hunter2\n"


def test_traversal_names_are_names_not_paths(tmp_path: Path) -> None:
    names = ["../../../../tmp/evil.txt", "..\\..\\evil.txt", "/etc/passwd", "C:\\Windows\\evil.txt",
             "ok/../../escape.txt"]
    source_dir = tmp_path / "src"
    source_dir.mkdir()
    path = build_zip(source_dir / "slip.zip", {name: f"payload {i}".encode() for i, name in enumerate(names)})
    parent_before = set(os.listdir(tmp_path.parent))
    evil_existed = Path("/tmp/evil.txt").exists()

    extraction, sink = run(path, tmp_path)

    assert extraction.status == Status.OK
    assert [m.name for m in sink.members] == names
    assert all(m.status is None and m.sha256 for m in sink.members)
    assert set(os.listdir(tmp_path.parent)) == parent_before
    assert Path("/tmp/evil.txt").exists() == evil_existed
    written = {p for p in tmp_path.rglob("*") if p.is_file()}
    assert written - {path} == {p for p in (tmp_path / "blobs").rglob("*") if p.is_file()}
    assert sorted(os.listdir(source_dir)) == ["slip.zip"]


def _zeros_zip(path: Path, size: int) -> Path:
    """A deflated member of `size` zero bytes, streamed so the test stays fast and small."""
    chunk = bytes(MiB)
    info = zipfile.ZipInfo("zeros.bin")
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open(info, "w", force_zip64=True) as member:
            for _ in range(size // MiB):
                member.write(chunk)
        zf.writestr("after.txt", b"still listed")
    return path


def test_zip_bomb_member_stops_at_max_member_bytes(tmp_path: Path) -> None:
    path = _zeros_zip(tmp_path / "bomb.zip", 80 * MiB)
    assert path.stat().st_size < MiB
    limits = Limits(max_member_bytes=16 * MiB, max_ratio=1e9)
    tracemalloc.start()
    try:
        extraction, sink = run(path, tmp_path, limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 48 * MiB
    assert extraction.status == Status.OK
    bomb = sink.members[0]
    assert (bomb.name, bomb.status, bomb.sha256) == ("zeros.bin", Status.SKIPPED_BOMB, None)
    assert "max_member_bytes" in bomb.detail
    assert statuses(sink)["after.txt"] is None
    assert not list((tmp_path / "blobs" / "tmp").iterdir())  # the partial copy was removed


def test_zip_bomb_member_stops_at_ratio_with_default_limits(tmp_path: Path) -> None:
    path = _zeros_zip(tmp_path / "bomb.zip", 64 * MiB)
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert statuses(sink)["zeros.bin"] == Status.SKIPPED_BOMB
    assert "ratio" in sink.members[0].detail


def test_overlapping_entries_sharing_a_local_header(tmp_path: Path) -> None:
    data = bytearray(build_zip(tmp_path / "one.zip", {"a.txt": b"A" * 5000}).read_bytes())
    eocd = data.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", data, eocd + 12)
    record = bytes(data[cd_offset:cd_offset + cd_size])
    twin = record.replace(b"a.txt", b"b.txt")
    end = bytearray(data[eocd:])
    struct.pack_into("<HHI", end, 8, 2, 2, 2 * cd_size)
    path = tmp_path / "overlap.zip"
    path.write_bytes(bytes(data[:cd_offset]) + record + twin + bytes(end))

    extraction, sink = run(path, tmp_path)

    assert extraction.status == Status.SKIPPED_BOMB
    assert "overlapping entries" in extraction.detail
    assert [m.name for m in sink.members] == ["a.txt", "b.txt"]
    assert all(m.status == Status.SKIPPED_BOMB and m.sha256 is None for m in sink.members)


def test_overlapping_entries_data_running_into_next_header(tmp_path: Path) -> None:
    data = bytearray(build_zip(tmp_path / "two.zip", {"a.txt": b"A" * 300, "b.txt": b"B" * 300},
                               compression=zipfile.ZIP_STORED).read_bytes())
    record = central_records(bytes(data))[0]
    struct.pack_into("<II", data, record + 20, 10_000, 10_000)  # a.txt claims to cover b.txt
    path = tmp_path / "overlap.zip"
    path.write_bytes(bytes(data))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.SKIPPED_BOMB
    assert len(sink.members) == 2
    assert all(m.status == Status.SKIPPED_BOMB for m in sink.members)


def test_encrypted_entries(tmp_path: Path) -> None:
    data = bytearray(build_zip(tmp_path / "p.zip", {"plain.txt": b"open", "zipcrypto.txt": b"x" * 40,
                                                     "aes.txt": b"y" * 40}).read_bytes())
    patch_entry(data, 1, flags=0x01)
    patch_entry(data, 2, flags=0x01, method=99)
    path = tmp_path / "enc.zip"
    path.write_bytes(bytes(data))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert statuses(sink) == {"plain.txt": None, "zipcrypto.txt": Status.ENCRYPTED, "aes.txt": Status.ENCRYPTED}
    details = {m.name: m.detail for m in sink.members}
    assert details["zipcrypto.txt"] == "ZipCrypto"
    assert details["aes.txt"] == "AES (WinZip, method 99)"
    assert extraction.metadata["encrypted_members"] == 2


def test_unsupported_method(tmp_path: Path) -> None:
    data = bytearray(build_zip(tmp_path / "p.zip", {"d64.bin": b"z" * 100, "ok.txt": b"fine"}).read_bytes())
    patch_entry(data, 0, method=9)
    path = tmp_path / "d64.zip"
    path.write_bytes(bytes(data))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert statuses(sink) == {"d64.bin": Status.UNSUPPORTED, "ok.txt": None}
    assert "deflate64" in sink.members[0].detail


def test_symlink_entry_is_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        link = zipfile.ZipInfo("secret.txt")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/shadow")
        zf.writestr("real.txt", "data")
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert statuses(sink) == {"secret.txt": Status.UNSUPPORTED, "real.txt": None}
    assert sink.members[0].detail == "symbolic link to /etc/shadow not followed"


def test_crc_error_is_a_member_status(tmp_path: Path) -> None:
    data = bytearray(build_zip(tmp_path / "c.zip", {"bad.txt": b"hello world " * 50, "good.txt": b"fine"},
                               compression=zipfile.ZIP_STORED).read_bytes())
    position = data.find(b"hello world")
    data[position] ^= 0xFF
    path = tmp_path / "crc.zip"
    path.write_bytes(bytes(data))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert statuses(sink) == {"bad.txt": Status.CORRUPT, "good.txt": None}
    assert "CRC" in sink.members[0].detail


def test_truncated_zip_recovers_members_from_local_headers(tmp_path: Path) -> None:
    first, second, third = os.urandom(3000), b"text " * 2000, os.urandom(20_000)
    data = build_zip(tmp_path / "full.zip", {"one.bin": first, "two.txt": second, "three.bin": third}).read_bytes()
    cut = data.find(b"three.bin") + 5000
    path = tmp_path / "cut.zip"
    path.write_bytes(data[:cut])
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.TRUNCATED
    assert "recovered 3 members" in extraction.detail
    assert statuses(sink) == {"one.bin": None, "two.txt": None, "three.bin": Status.TRUNCATED}
    assert blob_bytes(sink, "one.bin") == first
    assert blob_bytes(sink, "two.txt") == second


def test_truncated_streamed_zip_with_data_descriptors(tmp_path: Path) -> None:
    """Zips written to a pipe carry sizes after the data only: recovery must find the ends itself."""

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.buffer = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            self.buffer += data
            return len(data)

    pipe = Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", b"first " * 500)
        zf.writestr("b.txt", b"second " * 500)
    data = bytes(pipe.buffer)
    assert struct.unpack_from("<H", data, 6)[0] & 0x08
    path = tmp_path / "streamed.zip"
    path.write_bytes(data[: data.find(b"PK\x01\x02")])  # central directory lost
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.TRUNCATED
    assert statuses(sink) == {"a.txt": None, "b.txt": None}
    assert blob_bytes(sink, "b.txt") == b"second " * 500


def test_garbage_with_zip_name_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "junk.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(range(50)))
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.CORRUPT
    assert "central directory unreadable" in extraction.detail
    assert sink.members == []
    path.write_bytes(b"not a zip at all " * 20)
    extraction, _ = run(path, tmp_path)
    assert extraction.status == Status.CORRUPT


def _legacy_named_zip(path: Path, names: list[bytes]) -> Path:
    """Names as raw bytes without the UTF-8 flag, as Windows tools write them."""
    placeholders = [f"{i:03d}".encode() + b"#" * (len(raw) - 3) for i, raw in enumerate(names)]
    build_zip(path, {p.decode(): b"content %d" % i for i, p in enumerate(placeholders)})
    data = path.read_bytes()
    for placeholder, raw in zip(placeholders, names, strict=True):
        data = data.replace(placeholder, raw)
    path.write_bytes(data)
    return path


def test_gbk_names_without_utf8_flag(tmp_path: Path) -> None:
    names = ["审计报告/财务数据.xlsx", "集团邮件系统需求文档.doc"]
    path = _legacy_named_zip(tmp_path / "gbk.zip", [n.encode("gbk") for n in names])
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert [m.name for m in sink.members] == names
    assert extraction.metadata["name_encoding"] == "gbk"
    assert "财务数据" in extraction.text


@pytest.mark.parametrize(("encoding", "names"), [
    ("cp866", ["Отчет за квартал.txt", "пароли.txt"]),
    ("shift_jis", ["会議資料.xlsx", "パスワード.txt"]),
    ("cp1251", ["Договор поставки.pdf", "Список.doc"]),
])
def test_other_legacy_code_pages(encoding: str, names: list[str]) -> None:
    assert guess_legacy_encoding([n.encode(encoding) for n in names]) == encoding


def test_utf8_names_without_flag(tmp_path: Path) -> None:
    path = _legacy_named_zip(tmp_path / "u.zip", ["Ελληνικά.txt".encode()])
    _extraction, sink = run(path, tmp_path)
    assert [m.name for m in sink.members] == ["Ελληνικά.txt"]


def test_max_members(tmp_path: Path) -> None:
    path = build_zip(tmp_path / "many.zip", {f"f{i}.txt": b"x" for i in range(10)})
    extraction, sink = run(path, tmp_path, Limits(max_members=3))
    assert extraction.status == Status.SKIPPED_BOMB
    assert "10 entries" in extraction.detail
    assert [m.name for m in sink.members] == ["f0.txt", "f1.txt", "f2.txt"]


def test_container_byte_limit_stops_members(tmp_path: Path) -> None:
    path = build_zip(tmp_path / "big.zip", {f"f{i}.bin": os.urandom(600 * 1024) for i in range(3)})
    extraction, sink = run(path, tmp_path, Limits(max_container_bytes=MiB))
    assert extraction.status == Status.OK
    assert [m.status for m in sink.members] == [None, Status.SKIPPED_BOMB, Status.SKIPPED_BOMB]


def test_duplicate_names_are_all_kept(tmp_path: Path) -> None:
    path = tmp_path / "dup.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns "Duplicate name"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("same.txt", b"first")
            zf.writestr("same.txt", b"second")
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.OK
    assert [m.name for m in sink.members] == ["same.txt", "same.txt#2"]
    assert blob_bytes(sink, "same.txt#2") == b"second"


def test_empty_zip(tmp_path: Path) -> None:
    path = build_zip(tmp_path / "empty.zip", {"only/": b""})
    extraction, sink = run(path, tmp_path)
    assert extraction.status == Status.EMPTY
    assert sink.members == []
    assert extraction.metadata["members"] == 0
