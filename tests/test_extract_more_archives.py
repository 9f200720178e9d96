"""Unix compress (.Z), Zstandard, ISO 9660 and ACE archives; all-encrypted zips; Office's default password.

Fixtures are built here: a small LZW encoder writes .Z (no library on PyPI writes it), backports.zstd
writes zstd, pycdlib writes ISO images, ACE archives of stored members are put together byte by byte
(no ACE writer exists), pyzipper writes AES zips and msoffcrypto-tool encrypts documents.
"""

from __future__ import annotations

import io
import os
import random
import struct
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import acefile
import pycdlib
import pytest
import pyzipper
from member_helpers import blob_bytes, extract_with, statuses
from msoffcrypto.format.ooxml import OOXMLFile

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Extraction, Kind, Status
from trovetriage.ingest.extractors.ace import AceExtractor, repaired
from trovetriage.ingest.extractors.base import ChildSink, Extractor, Source
from trovetriage.ingest.extractors.compressed import CompressedStreamExtractor
from trovetriage.ingest.extractors.iso import IsoExtractor
from trovetriage.ingest.extractors.lzw import LzwDecoder
from trovetriage.ingest.extractors.ole_office import DEFAULT_PASSWORD, LegacyOfficeExtractor
from trovetriage.ingest.extractors.streams import zstd
from trovetriage.ingest.extractors.zip import ZipExtractor
from trovetriage.ingest.registry import choose
from trovetriage.ingest.sniff import sniff_file

TEXT = b"From: ops@victim.example\nSubject: vpn creds\n\nuser=admin pass=Winter2024!\n" * 200
CORPUS = Path(os.environ.get("TROVETRIAGE_CORPUS", "/nonexistent"))


def run(extractor: Extractor, path: Path, tmp_path: Path, limits: Limits | None = None) -> tuple[Extraction, ChildSink]:
    return extract_with(extractor, path, tmp_path, limits)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def tar_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def corpus_file(relative: str) -> Path:
    path = CORPUS / relative
    if not path.is_file():
        pytest.skip("TROVETRIAGE_CORPUS is not set to the sample corpus folder")
    return path


# -- Unix compress (.Z) ------------------------------------------------------------------------------


def lzw_codes(data: bytes, bits: int = 16, block: bool = True, clear_every: int = 0) -> list[int]:
    """Plain LZW as compress(1) does it; `clear_every` emits a clear code after that many codes."""
    first = 257 if block else 256
    table = {bytes([value]): value for value in range(256)}
    free, codes, word, since = first, [], b"", 0
    for value in data:
        longer = word + bytes([value])
        if longer in table:
            word = longer
            continue
        codes.append(table[word])
        since += 1
        if free < 1 << bits:
            table[longer] = free
            free += 1
        word = bytes([value])
        if block and clear_every and since >= clear_every:
            codes.append(256)
            table = {bytes([value]): value for value in range(256)}
            free, since = first, 0
    if word:
        codes.append(table[word])
    return codes


def pack_codes(codes: list[int], bits: int = 16, block: bool = True) -> bytes:
    """The .Z file of `codes`: widths grow as a reader's table does; a group of eight codes is
    padded out whenever the width changes or the table is cleared."""
    free, limit, width, started = (257 if block else 256), 511, 9, False
    segments: list[tuple[int, list[int]]] = []
    current: list[int] = []
    for code in codes:
        current.append(code)
        if block and code == 256:
            segments.append((width, current))
            current, width, limit, free = [], 9, 511, 256
            continue
        if started and free < 1 << bits:
            free += 1
        started = True
        if free > limit:
            segments.append((width, current))
            current, width = [], width + 1
            limit = (1 << bits) if width == bits else (1 << width) - 1
    segments.append((width, current))
    out = bytearray(b"\x1f\x9d" + bytes([bits | (0x80 if block else 0)]))
    for index, (size, segment) in enumerate(segments):
        value = sum(code << (position * size) for position, code in enumerate(segment))
        last = index == len(segments) - 1
        length = -(-len(segment) * size // 8) if last else -(-len(segment) // 8) * size
        out += value.to_bytes(length, "little")
    return bytes(out)


def compress_z(data: bytes, bits: int = 16, block: bool = True, clear_every: int = 0) -> bytes:
    return pack_codes(lzw_codes(data, bits, block, clear_every), bits, block)


def decode_all(data: bytes, feed: int, want: int) -> bytes:
    decoder, out, position = LzwDecoder(), bytearray(), 0
    while not decoder.eof:
        if decoder.needs_input:
            piece, position = data[position: position + feed], position + feed
            if not piece:
                decoder.end_input()
                continue
            out += decoder.decompress(piece, want)
        else:
            out += decoder.decompress(b"", want)
    return bytes(out)


@pytest.mark.parametrize(("bits", "block", "clear_every"), [
    (16, True, 0), (12, True, 0), (9, True, 0), (10, False, 0), (16, True, 300), (12, True, 1000),
])
def test_lzw_decoder_round_trips_fed_in_pieces(bits: int, block: bool, clear_every: int) -> None:
    rng = random.Random(bits)
    words = [bytes(rng.choice(b"abcdefgh") for _ in range(rng.randint(2, 7))) for _ in range(400)]
    data = b" ".join(rng.choice(words) for _ in range(6000)) + bytes(5000)
    packed = compress_z(data, bits, block, clear_every)
    assert decode_all(packed, feed=1, want=7) == data
    assert decode_all(packed, feed=4096, want=1 << 20) == data


def test_lzw_decoder_damage() -> None:
    with pytest.raises(EOFError, match="inside a code"):
        decode_all(b"\x1f\x9d\x90A", 10, 100)  # 8 bits: less than one 9-bit code, more than padding
    with pytest.raises(EOFError, match="header"):
        decode_all(b"\x1f\x9d", 10, 100)
    with pytest.raises(ValueError, match="invalid code"):
        decode_all(b"\x1f\x9d\x90\xff\xff\xff", 10, 100)
    with pytest.raises(ValueError, match="31-bit"):
        decode_all(b"\x1f\x9d\x9f" + bytes(10), 10, 100)
    assert decode_all(b"\x1f\x9d\x90", 10, 100) == b""  # compress of an empty file


def test_z_file_is_one_child(tmp_path: Path) -> None:
    path = write(tmp_path, "mail.eml.Z", compress_z(TEXT))
    assert choose(sniff_file(path)).name == "compressed"  # type: ignore[union-attr]
    extraction, sink = run(CompressedStreamExtractor(), path, tmp_path)
    assert extraction.status == Status.OK, extraction.detail
    assert extraction.metadata["compression"] == "compress"
    assert [member.name for member in sink.members] == ["mail.eml"]
    assert blob_bytes(sink, "mail.eml") == TEXT


def test_tar_z_lists_the_tar_members(tmp_path: Path) -> None:
    members = {"docs/payroll.csv": b"name,iban\n" * 300, "docs/notes.txt": TEXT}
    path = write(tmp_path, "docs.tar.Z", compress_z(tar_bytes(members), clear_every=500))
    extraction, sink = run(CompressedStreamExtractor(), path, tmp_path)
    assert extraction.status == Status.OK, extraction.detail
    assert extraction.metadata == {"members": 2, "compression": "compress"}
    assert "docs/payroll.csv" in extraction.text
    assert {name: blob_bytes(sink, name) for name in members} == members


def test_cut_and_garbled_z_files_say_so(tmp_path: Path) -> None:
    extraction, sink = run(CompressedStreamExtractor(), write(tmp_path, "a.txt.Z", b"\x1f\x9d\x90A"), tmp_path)
    assert extraction.status == Status.TRUNCATED and "inside a code" in extraction.detail
    packed = compress_z(tar_bytes({"big.txt": TEXT * 4}))
    extraction, sink = run(CompressedStreamExtractor(), write(tmp_path, "b.tar.Z", packed[: len(packed) // 2]),
                           tmp_path)
    assert extraction.status == Status.TRUNCATED
    assert statuses(sink) == {"big.txt": Status.TRUNCATED}
    garbled = packed[:40] + bytes(range(256)) * 4
    extraction, _ = run(CompressedStreamExtractor(), write(tmp_path, "c.tar.Z", garbled), tmp_path)
    assert extraction.status in (Status.CORRUPT, Status.TRUNCATED)
    extraction, _ = run(CompressedStreamExtractor(), write(tmp_path, "d.Z", b"\x1f\x9d\x90\xff\xff\xff\xff"),
                        tmp_path)
    assert extraction.status == Status.CORRUPT and "invalid code" in extraction.detail


def test_z_bomb_is_stopped_with_little_memory(tmp_path: Path) -> None:
    """Each code names the string the previous one made plus a byte: 120 KiB would decode to 2 GiB."""
    path = write(tmp_path, "bomb.bin.Z", pack_codes([0, *range(257, 65536)]))
    tracemalloc.start()
    try:
        extraction, sink = run(CompressedStreamExtractor(), path, tmp_path,
                               Limits(ratio_min_bytes=MiB, max_ratio=100))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert extraction.status == Status.SKIPPED_BOMB and "ratio" in extraction.detail
    assert sink.members[0].sha256 is None
    assert peak < 64 * MiB
    extraction, _ = run(CompressedStreamExtractor(), path, tmp_path, Limits(max_member_bytes=5 * MiB))
    assert extraction.status == Status.SKIPPED_BOMB and "max_member_bytes" in extraction.detail


# -- Zstandard ---------------------------------------------------------------------------------------


def test_zst_file_is_one_child_and_frames_join(tmp_path: Path) -> None:
    path = write(tmp_path, "mail.eml.zst", zstd.compress(TEXT[:5000]) + zstd.compress(TEXT[5000:]))
    assert choose(sniff_file(path)).name == "compressed"  # type: ignore[union-attr]
    extraction, sink = run(CompressedStreamExtractor(), path, tmp_path)
    assert extraction.status == Status.OK, extraction.detail
    assert extraction.metadata["compression"] == "zstd" and extraction.metadata["streams"] == 2
    assert blob_bytes(sink, "mail.eml") == TEXT


def test_tar_zst_lists_the_tar_members(tmp_path: Path) -> None:
    members = {"a/leak.sql": b"INSERT INTO users VALUES (1, 'x');\n" * 100, "a/readme.txt": b"hello\n"}
    path = write(tmp_path, "dump.tar.zst", zstd.compress(tar_bytes(members)))
    extraction, sink = run(CompressedStreamExtractor(), path, tmp_path)
    assert extraction.status == Status.OK, extraction.detail
    assert extraction.metadata == {"members": 2, "compression": "zstd"}
    assert {name: blob_bytes(sink, name) for name in members} == members


def test_hostile_zst_files(tmp_path: Path) -> None:
    packed = zstd.compress(random.Random(1).randbytes(200_000))
    extraction, _ = run(CompressedStreamExtractor(), write(tmp_path, "cut.zst", packed[:50_000]), tmp_path)
    assert extraction.status == Status.TRUNCATED
    extraction, _ = run(CompressedStreamExtractor(), write(tmp_path, "junk.zst", packed[:4] + b"\xff" * 300),
                        tmp_path)
    assert extraction.status == Status.CORRUPT and "zstd" in extraction.detail
    bomb = write(tmp_path, "zeros.zst", zstd.compress(bytes(64 * MiB)))
    extraction, sink = run(CompressedStreamExtractor(), bomb, tmp_path, Limits(ratio_min_bytes=MiB, max_ratio=100))
    assert extraction.status == Status.SKIPPED_BOMB and sink.members[0].sha256 is None
    wide = zstd.ZstdCompressor(options={zstd.CompressionParameter.window_log: 30})  # asks for a 1 GiB window
    frame = wide.compress(TEXT) + wide.flush()
    extraction, _ = run(CompressedStreamExtractor(), write(tmp_path, "wide.zst", frame), tmp_path)
    assert extraction.status == Status.CORRUPT and "memory" in extraction.detail


# -- ISO 9660 ----------------------------------------------------------------------------------------


def iso_image(build: object) -> bytes:
    image = pycdlib.PyCdlib()
    build(image)  # type: ignore[operator]
    out = io.BytesIO()
    image.write_fp(out)
    image.close()
    return out.getvalue()


def _add(image: pycdlib.PyCdlib, data: bytes, **paths: str) -> None:
    image.add_fp(io.BytesIO(data), len(data), **paths)


def rock_ridge_and_joliet(image: pycdlib.PyCdlib) -> None:
    image.new(rock_ridge="1.09", joliet=3, vol_ident="LEAK_2024")
    image.add_directory("/HR", rr_name="Human Resources", joliet_path="/Human Resources")
    _add(image, b"name,salary\nalice,90000\n", iso_path="/HR/PAYROLL.CSV;1", rr_name="payroll 2024.csv",
         joliet_path="/Human Resources/payroll 2024.csv")
    _add(image, b"", iso_path="/EMPTY.TXT;1", rr_name="empty.txt", joliet_path="/empty.txt")
    image.add_symlink("/LINK.;1", rr_symlink_name="shadow", rr_path="/etc/shadow", joliet_path="/shadow")
    path = ""
    for depth in range(9):  # deeper than ISO 9660 allows: Rock Ridge relocates it
        path += f"/D{depth}"
        image.add_directory(path, rr_name=f"level{depth}")
    _add(image, b"deep secret\n", iso_path=f"{path}/DEEP.TXT;1", rr_name="deep.txt")


def test_iso_with_rock_ridge_names(tmp_path: Path) -> None:
    path = write(tmp_path, "leak.iso", iso_image(rock_ridge_and_joliet))
    assert choose(sniff_file(path)).name == "iso"  # type: ignore[union-attr]
    extraction, sink = run(IsoExtractor(), path, tmp_path)
    assert extraction.status == Status.OK, extraction.detail
    assert extraction.kind == Kind.ARCHIVE
    assert extraction.metadata == {"members": 4, "namespace": "rr", "volume_label": "LEAK_2024"}
    deep = "/".join(f"level{depth}" for depth in range(9)) + "/deep.txt"
    assert statuses(sink) == {"empty.txt": None, "shadow": Status.UNSUPPORTED, deep: None,
                              "Human Resources/payroll 2024.csv": None}
    assert "payroll 2024.csv" in extraction.text
    assert blob_bytes(sink, "Human Resources/payroll 2024.csv") == b"name,salary\nalice,90000\n"
    assert blob_bytes(sink, deep) == b"deep secret\n"
    assert next(m for m in sink.members if m.name == "shadow").detail == "symbolic link to /etc/shadow not followed"


def test_iso_joliet_plain_and_udf_names(tmp_path: Path) -> None:
    def joliet(image: pycdlib.PyCdlib) -> None:
        image.new(joliet=3)
        _add(image, b"x", iso_path="/REPORT.PDF;1", joliet_path="/Quarterly Report.pdf")

    def plain(image: pycdlib.PyCdlib) -> None:
        image.new()
        _add(image, b"y", iso_path="/README.;1")

    def udf(image: pycdlib.PyCdlib) -> None:
        image.new(udf="2.60")
        _add(image, b"z", iso_path="/A.TXT;1", udf_path="/Überweisung März.txt")

    for build, namespace, name in ((joliet, "joliet", "Quarterly Report.pdf"), (plain, "iso9660", "README"),
                                   (udf, "udf", "Überweisung März.txt")):
        extraction, sink = run(IsoExtractor(), write(tmp_path, f"{namespace}.iso", iso_image(build)), tmp_path)
        assert (extraction.status, extraction.metadata["namespace"]) == (Status.OK, namespace)
        assert [member.name for member in sink.members] == [name]


def test_hostile_iso_images(tmp_path: Path) -> None:
    image = iso_image(rock_ridge_and_joliet)
    extraction, _ = run(IsoExtractor(), write(tmp_path, "cut.iso", image[: len(image) // 2]), tmp_path)
    assert extraction.status == Status.TRUNCATED and "declares" in extraction.detail
    extraction, _ = run(IsoExtractor(), write(tmp_path, "junk.iso", b"\x00" * 40_000 + b"junk"), tmp_path)
    assert extraction.status == Status.CORRUPT
    extraction, sink = run(IsoExtractor(), write(tmp_path, "many.iso", image), tmp_path, Limits(max_members=2))
    assert extraction.status == Status.SKIPPED_BOMB and len(sink.members) == 2
    extraction, sink = run(IsoExtractor(), write(tmp_path, "big.iso", image), tmp_path, Limits(max_member_bytes=5))
    assert statuses(sink)["Human Resources/payroll 2024.csv"] == Status.TOO_LARGE


def test_iso_whose_files_share_one_extent_is_a_bomb(tmp_path: Path) -> None:
    def shared(image: pycdlib.PyCdlib) -> None:
        image.new()
        _add(image, random.Random(2).randbytes(MiB), iso_path="/DATA.BIN;1")
        for number in range(8):
            image.add_hard_link(iso_old_path="/DATA.BIN;1", iso_new_path=f"/COPY{number}.BIN;1")

    extraction, sink = run(IsoExtractor(), write(tmp_path, "shared.iso", iso_image(shared)), tmp_path)
    assert extraction.status == Status.SKIPPED_BOMB and "overlap" in extraction.detail
    assert len(sink.members) < 9


@pytest.mark.corpus
def test_corpus_iso_with_joliet(tmp_path: Path) -> None:
    extraction, sink = run(IsoExtractor(), corpus_file("archives/recext__TestData.iso"), tmp_path)
    assert (extraction.status, extraction.metadata["namespace"]) == (Status.OK, "joliet")
    assert [m.name for m in sink.members] == ["TestData/Lorem.txt", "TestData/Foo/Ipsum.txt",
                                              "TestData/Foo/Bar/Dolor.txt"]
    assert blob_bytes(sink, "TestData/Lorem.txt").startswith(b"Lorem ipsum")


# -- ACE ---------------------------------------------------------------------------------------------


def _ace_header(body: bytes) -> bytes:
    return struct.pack("<HH", acefile.ace_crc16(body), len(body)) + body


def ace_archive(members: list[tuple[bytes, bytes]], *, member_flags: int = acefile.Header.FLAG_ADDSIZE,
                declared: dict[bytes, int] | None = None, solid: bool = False,
                method: int = acefile.Header.COMP_STORED) -> bytes:
    """An ACE 2.0 archive of stored members: a main header, then per member a file header and its
    bytes; `declared` gives members a size other than their own, `method` another compression
    (the bytes are then garbage to that decoder: no ACE compressor exists to make real ones)."""
    main_flags = acefile.Header.FLAG_SOLID if solid else 0
    out = _ace_header(struct.pack("<BH", acefile.Header.TYPE_MAIN, main_flags) + b"**ACE**"
                      + struct.pack("<BBBBL", 20, 20, 2, 0, 0) + bytes(8))
    for name, data in members:
        size = (declared or {}).get(name, len(data))
        body = (struct.pack("<BHLL", acefile.Header.TYPE_FILE32, member_flags, len(data), size)
                + struct.pack("<LLLBBHHH", 0x58A54C00, 0x20, acefile.ace_crc32(data), method, 0, 0, 0, len(name))
                + name)
        out += _ace_header(body) + data
    return out


def test_ace_members_are_listed_and_read(tmp_path: Path) -> None:
    path = write(tmp_path, "old.ace", ace_archive([(b"docs\\passwords.txt", b"root:hunter2\n"),
                                                   (b"..\\..\\evil.bat", b"@echo pwned\n")]))
    assert choose(sniff_file(path)).name == "ace"  # type: ignore[union-attr]
    extraction, sink = run(AceExtractor(), path, tmp_path)
    assert extraction.status == Status.OK, extraction.detail
    assert statuses(sink) == {"docs/passwords.txt": None, "../../evil.bat": None}  # names are labels
    assert blob_bytes(sink, "docs/passwords.txt") == b"root:hunter2\n"
    assert "docs/passwords.txt" in extraction.text
    assert extraction.metadata["members"] == 2 and sink.members[0].meta["mtime"].startswith("2024")


def test_ace_encrypted_and_oversized_members(tmp_path: Path) -> None:
    locked = acefile.Header.FLAG_ADDSIZE | acefile.Header.FLAG_PASSWORD
    path = write(tmp_path, "locked.ace", ace_archive([(b"a.txt", b"\x13" * 32), (b"b.txt", b"\x37" * 32)],
                                                     member_flags=locked))
    extraction, sink = run(AceExtractor(), path, tmp_path)
    assert extraction.status == Status.OK
    assert "all 2 members are encrypted" in extraction.detail
    assert set(statuses(sink).values()) == {Status.ENCRYPTED}
    bomb = write(tmp_path, "bomb.ace", ace_archive([(b"zeros.bin", b"\x00" * 64)], declared={b"zeros.bin": 1 << 31}))
    extraction, sink = run(AceExtractor(), bomb, tmp_path)
    assert statuses(sink) == {"zeros.bin": Status.SKIPPED_BOMB}
    assert "max_member_bytes" in sink.members[0].detail


def test_solid_ace_member_after_an_undecoded_one(tmp_path: Path) -> None:
    packed = random.Random(3).randbytes(256 * 1024)  # 40 MiB from 256 KiB: too big for acefile, no bomb
    path = write(tmp_path, "solid.ace", ace_archive([(b"huge.bin", packed), (b"small.txt", b"y")],
                                                    declared={b"huge.bin": 40 * MiB}, solid=True))
    _, sink = run(AceExtractor(), path, tmp_path)
    assert statuses(sink) == {"huge.bin": Status.TOO_LARGE, "small.txt": Status.TOO_LARGE}
    assert "needs huge.bin" in sink.members[1].detail


def test_hostile_ace_archives(tmp_path: Path) -> None:
    archive = ace_archive([(b"report.txt", TEXT)])
    extraction, sink = run(AceExtractor(), write(tmp_path, "cut.ace", archive[:-100]), tmp_path)
    assert extraction.status == Status.TRUNCATED and statuses(sink) == {"report.txt": Status.TRUNCATED}
    extraction, _ = run(AceExtractor(), write(tmp_path, "head.ace", archive[:40]), tmp_path)
    assert extraction.status == Status.TRUNCATED
    flipped = bytearray(archive)
    flipped[-10] ^= 0xFF
    extraction, sink = run(AceExtractor(), write(tmp_path, "crc.ace", bytes(flipped)), tmp_path)
    assert extraction.status == Status.CORRUPT and "CRC" in sink.members[0].detail
    extraction, _ = run(AceExtractor(), write(tmp_path, "junk.ace", b"not an archive" * 50), tmp_path)
    assert extraction.status == Status.CORRUPT


def test_ace_garbage_for_the_decoders_is_damage_not_a_crash(tmp_path: Path) -> None:
    rng = random.Random(4)
    for number in range(20):
        method = (acefile.Header.COMP_LZ77, acefile.Header.COMP_BLOCKED)[number % 2]
        archive = ace_archive([(b"x.bin", rng.randbytes(rng.randint(1, 3000)))], method=method,
                              declared={b"x.bin": rng.randint(1, 2 * MiB)})
        extraction, sink = run(AceExtractor(), write(tmp_path, f"g{number}.ace", archive), tmp_path)
        assert extraction.status in (Status.CORRUPT, Status.TRUNCATED), extraction.detail
        assert sink.members[0].status in (Status.CORRUPT, Status.TRUNCATED)


def test_ace_written_without_addsize_flags_is_repaired(tmp_path: Path) -> None:
    archive = ace_archive([(b"note.txt", b"kept\n")], member_flags=0) + bytes(4)
    fixed = repaired(archive)
    assert fixed is not None and fixed[1] == ["file headers without the ADDSIZE flag",
                                             "4 zero bytes after the last member"]
    extraction, sink = run(AceExtractor(), write(tmp_path, "lax.ace", archive), tmp_path)
    assert extraction.status == Status.OK and "read leniently" in extraction.detail
    assert blob_bytes(sink, "note.txt") == b"kept\n"
    assert repaired(ace_archive([(b"fine.txt", b"x")])) is None


@pytest.mark.corpus
def test_corpus_ace(tmp_path: Path) -> None:
    extraction, sink = run(AceExtractor(), corpus_file("archives/recext__TestData.ace"), tmp_path)
    assert extraction.status == Status.OK, extraction.detail
    assert blob_bytes(sink, "TestFile.txt") == b"This is a test file for archive extraction.\n"


@pytest.mark.parametrize(("name", "extractor", "good"), [
    ("f.tar.Z", CompressedStreamExtractor(), compress_z(tar_bytes({"a.txt": TEXT}))),
    ("f.tar.zst", CompressedStreamExtractor(), zstd.compress(tar_bytes({"a.txt": TEXT}))),
    ("f.iso", IsoExtractor(), iso_image(rock_ridge_and_joliet)),
    ("f.ace", AceExtractor(), ace_archive([(b"a.txt", TEXT)])),
])
def test_flipped_bytes_never_crash(tmp_path: Path, name: str, extractor: Extractor, good: bytes) -> None:
    rng = random.Random(name)
    for number in range(25):
        damaged = bytearray(good)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        extraction, _ = run(extractor, write(tmp_path, f"{number}{name}", bytes(damaged)), tmp_path)
        assert extraction.status in (Status.OK, Status.CORRUPT, Status.TRUNCATED, Status.EMPTY,
                                     Status.SKIPPED_BOMB), extraction.detail


# -- zips whose every member is encrypted ------------------------------------------------------------


def aes_zip(path: Path, members: dict[str, bytes]) -> Path:
    with pyzipper.AESZipFile(path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(b"s3cret")
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_of_only_encrypted_members_says_so(tmp_path: Path) -> None:
    path = aes_zip(tmp_path / "locked.zip", {"a.txt": b"a", "b.txt": b"b", "c.txt": b"c"})
    extraction, _ = run(ZipExtractor(), path, tmp_path)
    assert extraction.status == Status.OK
    assert extraction.detail == "all 3 members are encrypted (AES (WinZip, method 99))"
    one = aes_zip(tmp_path / "one.zip", {"a.txt": b"a"})
    assert run(ZipExtractor(), one, tmp_path)[0].detail == "its only member is encrypted (AES (WinZip, method 99))"
    with zipfile.ZipFile(one, "a") as archive:
        archive.writestr("plain.txt", b"readable")
    assert run(ZipExtractor(), one, tmp_path)[0].detail == ""


# -- Office's default password -----------------------------------------------------------------------


def encrypted_docx(path: Path, password: str, words: str) -> Path:
    filler = "".join(f"<w:p><w:r><w:t>line {number}</w:t></w:r></w:p>" for number in range(200))
    body = (f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>{filler}</w:body></w:document>")
    plain = io.BytesIO()  # stored and over 4 KiB: msoffcrypto's encryptor mangles a package of one segment
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_STORED) as package:
        package.writestr("[Content_Types].xml",
                         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        package.writestr("word/document.xml", body)
    out = io.BytesIO()
    plain.seek(0)
    OOXMLFile(plain).encrypt(password, out)
    path.write_bytes(out.getvalue())
    return path


def test_default_password_document_is_read_in_place(tmp_path: Path) -> None:
    path = encrypted_docx(tmp_path / "budget.docx", DEFAULT_PASSWORD, "Budget forecast for Lisbon")
    for passwords in ((), ("case secret",)):
        sink = ChildSink(BlobStore(tmp_path / "blobs"), Limits(), passwords)
        extraction = LegacyOfficeExtractor().extract(Source(path, sniff_file(path)), sink, Limits())
        assert extraction.status == Status.OK, extraction.detail
        assert "Lisbon" in extraction.text
        assert "encrypted with Office's default password" in extraction.detail
        assert extraction.metadata["opened_with_default_password"] is True
        assert "opened_with_password" not in extraction.metadata
        assert sink.members == []


def test_other_passwords_still_need_the_case_list(tmp_path: Path) -> None:
    path = encrypted_docx(tmp_path / "secret.docx", "hunter2", "Lisbon")
    extraction, _ = run(LegacyOfficeExtractor(), path, tmp_path)
    assert extraction.status == Status.ENCRYPTED
    assert "opened_with_default_password" not in extraction.metadata


@pytest.mark.corpus
def test_corpus_default_password_docx_with_sha1_verifier(tmp_path: Path) -> None:
    extraction, sink = run(LegacyOfficeExtractor(), corpus_file("office/poi__protected_agile.docx"), tmp_path)
    assert extraction.status == Status.OK and "Agile" in extraction.text
    assert extraction.metadata["opened_with_default_password"] is True and sink.members == []
    other, _ = run(LegacyOfficeExtractor(), corpus_file("office/oletools__encrypted.docx"), tmp_path)
    assert other.status == Status.ENCRYPTED
