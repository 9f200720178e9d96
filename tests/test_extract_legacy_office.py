"""Legacy binary Office: .doc piece tables, .ppt records, .xls/.xlsb cells and embedded objects.

No library writes .doc or .ppt, so the parsers get byte strings built here (a FIB with a piece
table, PowerPoint records, an OLE1 package, BIFF records), hostile variants included, and the
extractor gets compound files from the small writer below. The public corpus samples (marked
`corpus`) check the same on files real Office wrote.
"""

from __future__ import annotations

import io
import itertools
import os
import random
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import RunExtractor
from member_helpers import blob_bytes, statuses

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.ms_ansi import decode_ansi
from trovetriage.ingest.extractors.ole_objects import InflateStopped, guess_extension, inflate, packaged_file
from trovetriage.ingest.extractors.ole_office import LegacyOfficeExtractor
from trovetriage.ingest.extractors.ooxml import OoxmlExtractor
from trovetriage.ingest.extractors.ppt_binary import walk_records
from trovetriage.ingest.extractors.word_binary import (
    WordEncrypted,
    WordFormatError,
    clean_word_text,
    parse_fib,
    piece_table,
    word_text,
)
from trovetriage.ingest.extractors.xls_cells import xls_text
from trovetriage.ingest.extractors.xlsb_cells import bundle_sheet
from trovetriage.ingest.sniff import sniff_file

# --- a minimal compound-file (OLE) writer, so the extractor can be run on files built here ---

SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
DIRECTORY_ENTRY = struct.Struct("<64sHBBIII16sIQQIQ")


def ole_bytes(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file holding `streams` (paths like "ObjectPool/_1/CONTENTS").

    Every stream is padded to 4096 bytes so no mini stream is needed; siblings are chained to
    the right in the format's name order, a valid (unbalanced) tree.
    """
    names = ["Root Entry"]
    kinds = [5]
    datas = [b""]
    children: dict[int, list[int]] = {0: []}
    index_of = {"": 0}
    for path in sorted(streams):
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            if key in index_of:
                continue
            is_stream = depth == len(parts)
            index_of[key] = len(names)
            names.append(parts[depth - 1])
            kinds.append(2 if is_stream else 1)
            datas.append(streams[path].ljust(4096, b"\0") if is_stream else b"")
            children[index_of["/".join(parts[:depth - 1])]].append(len(names) - 1)
            children[len(names) - 1] = []
    right = dict.fromkeys(range(len(names)), NO_STREAM)
    first_child = dict.fromkeys(range(len(names)), NO_STREAM)
    for parent, kids in children.items():
        ordered = sorted(kids, key=lambda i: (len(names[i]), names[i].upper()))
        if ordered:
            first_child[parent] = ordered[0]
        for left, following in itertools.pairwise(ordered):
            right[left] = following
    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return END_OF_CHAIN
        start = len(sectors)
        count = -(-len(data) // SECTOR)
        for index in range(count):
            sectors.append(data[index * SECTOR:(index + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(start + index + 1 if index + 1 < count else END_OF_CHAIN)
        return start

    starts = [place(data) for data in datas]
    directory = b"".join(
        DIRECTORY_ENTRY.pack((name.encode("utf-16-le") + b"\0\0"), 2 * len(name) + 2, kind, 1, NO_STREAM, right[i],
                             first_child[i], b"", 0, 0, 0, starts[i], len(datas[i]))
        for i, (name, kind) in enumerate(zip(names, kinds, strict=True)))
    directory_start = place(directory)
    fat_sectors = 1
    while fat_sectors * 128 < len(sectors) + fat_sectors:
        fat_sectors += 1
    fat_start = len(sectors)
    fat += [FAT_SECTOR] * fat_sectors
    fat += [FREE] * (fat_sectors * 128 - len(fat))
    sectors += [struct.pack("<128I", *fat[i * 128:(i + 1) * 128]) for i in range(fat_sectors)]
    difat = [fat_start + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"", 0x3E, 3, 0xFFFE, 9, 6,
                         b"", 0, fat_sectors, directory_start, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
    return header + struct.pack("<109I", *difat) + b"".join(sectors)


# --- Word 97 builders ---

def fib(fc_clx: int, lcb_clx: int, table_one: bool = True, nfib: int = 0xC1, ident: int = 0xA5EC,
        flags: int = 0) -> bytes:
    """FibBase, FibRgW97, FibRgLw97 and FibRgFcLcb97 with only fcClx/lcbClx (pair 33) set."""
    base = struct.pack("<HHHHHH", ident, nfib, 0, 0x0409, 0, (0x0200 if table_one else 0) | flags).ljust(32, b"\0")
    pairs = [0] * 186
    pairs[66:68] = [fc_clx, lcb_clx]
    return (base + struct.pack("<H", 14) + bytes(28) + struct.pack("<H", 22) + bytes(88)
            + struct.pack("<H", 93) + struct.pack("<186I", *pairs))


def pieces_clx(pieces: list[tuple[int, int, int, bool]], prc: bool = True) -> bytes:
    """A Clx (optional Prc, then the Pcdt) for (cp_start, cp_end, byte offset, compressed) pieces."""
    cps = [pieces[0][0]] + [end for _, end, _, _ in pieces]
    descriptors = b"".join(struct.pack("<HIH", 0, (offset * 2) | 0x40000000 if compressed else offset, 0)
                           for _, _, offset, compressed in pieces)
    plc = struct.pack(f"<{len(cps)}I", *cps) + descriptors
    prc_bytes = b"\x01" + struct.pack("<h", 3) + b"\x00\x00\x00" if prc else b""
    return prc_bytes + b"\x02" + struct.pack("<I", len(plc)) + plc


TEXT_AT = 0x800


def word_streams(texts: list[tuple[str, bool]], table_one: bool = True) -> tuple[bytes, bytes]:
    """(WordDocument, table stream) holding `texts` as pieces, 8-bit (cp1252) or UTF-16."""
    body = b""
    pieces = []
    cp = 0
    for text, compressed in texts:
        data = text.encode("cp1252") if compressed else text.encode("utf-16-le")
        pieces.append((cp, cp + len(text), TEXT_AT + len(body), compressed))
        body += data
        cp += len(text)
    clx = pieces_clx(pieces)
    table = bytes(16) + clx
    return fib(16, len(clx), table_one).ljust(TEXT_AT, b"\0") + body, table


MEMO = [("Quarterly “payroll” \x13 HYPERLINK \"http://evil.invalid/\" \x14report\x15 done\r", True),
        ("Привет İstanbul\rName\x07Salary\x07\x07Ali\x071200\x07\x07\rsee\x01 chart\x08\r", False)]
MEMO_TEXT = "Quarterly “payroll” report done\nПривет İstanbul\nName\tSalary\nAli\t1200\n\nsee chart"


def tables(name: str, table: bytes) -> Callable[[str], bytes | None]:
    """A reader of table streams that knows only `name`."""

    def read(wanted: str) -> bytes | None:
        return table if wanted == name else None

    return read


def test_word_pieces_compressed_and_utf16_cleaned() -> None:
    word, table = word_streams(MEMO)
    found = word_text(word, tables("1Table", table), 10_000)
    assert found.text == MEMO_TEXT
    assert found.notes == [] and not found.cut


def test_word_table_stream_chosen_by_the_fib() -> None:
    word, table = word_streams(MEMO, table_one=False)
    assert parse_fib(word).table_stream == "0Table"
    assert word_text(word, tables("0Table", table), 10_000).text == MEMO_TEXT
    with pytest.raises(WordFormatError, match="0Table"):
        word_text(word, tables("1Table", table), 10_000)


def test_word_control_characters() -> None:
    nested = "\x13 IF \x13 DATE \x14 2024 \x15 = 1 \x14outer \x13 REF x \x14inner\x15 kept\x15 after"
    assert clean_word_text(nested) == "outer inner kept after"
    assert clean_word_text("\x13 PAGE \x15no result\x15 stray\x14 marks") == "no result stray marks"
    assert clean_word_text("shown \x13 never closed: still read") == "shown  never closed: still read"
    assert clean_word_text("a \x13 X \x14b\x15 c \x13 open \x13 Y \x14d\x15 tail") == "a b c  open  Y d tail"
    assert clean_word_text("\x13" * 1000 + "instruction" + "\x15" * 1000 + " end") == "end"  # deep, balanced
    assert clean_word_text("a\x07\x07\x07b\x07c\x07\x07") == "a\nb\tc"  # empty last cell merges into row end
    assert clean_word_text("line\x0bbreak\x0cpage\x1enon\x1fbreaking\xa0space\x02\x05") == \
        "line\nbreak\npage-nonbreaking space"
    assert decode_ansi(b"\x82\x93q\x94\x80\xe9") == "‚“q”\x80é"


def test_word_6_and_broken_fibs_say_why() -> None:
    word, _ = word_streams(MEMO)
    with pytest.raises(WordFormatError, match="Word 6/95"):
        parse_fib(struct.pack("<HH", 0xA5DC, 0x65) + word[4:])
    with pytest.raises(WordFormatError, match="Word 6/95"):
        parse_fib(struct.pack("<HH", 0xA5EC, 0x68) + word[4:])
    with pytest.raises(WordFormatError, match="wIdent"):
        parse_fib(b"\x00" * 600)
    with pytest.raises(WordFormatError, match="encrypted"):
        word_text(fib(16, 30, flags=0x0100), tables("1Table", bytes(64)), 100)
    for size in (0, 10, 33, 40, 200, 420):
        with pytest.raises(WordFormatError):
            parse_fib(word[:size])
    with pytest.raises(WordFormatError, match="outside"):
        word_text(fib(10_000, 30), tables("1Table", bytes(64)), 100)
    with pytest.raises(WordFormatError, match="unknown entry"):
        piece_table(b"\x07" + bytes(20))
    with pytest.raises(WordFormatError, match="negative"):
        piece_table(b"\x01" + struct.pack("<h", -5) + bytes(20))


def test_word_hostile_piece_tables_are_bounded() -> None:
    # A Pcdt that claims far more pieces than it holds, and a cap on the piece count.
    clx = pieces_clx([(i, i + 1, TEXT_AT, True) for i in range(50)])
    claimed = clx[:6] + b"\x02" + struct.pack("<I", 0x7FFFFFFF) + clx[11:]  # after the 6-byte Prc
    pieces, notes = piece_table(claimed)
    assert len(pieces) <= 50 and any("declares" in note for note in notes)
    pieces, notes = piece_table(clx, max_pieces=10)
    assert len(pieces) == 10 and any("only the first 10" in note for note in notes)
    # CPs that run backwards stop the table; a piece past the stream end is noted, not fatal.
    backwards = pieces_clx([(0, 5, TEXT_AT, True), (5, 2, TEXT_AT, True), (2, 9, TEXT_AT, True)])
    pieces, notes = piece_table(backwards)
    assert len(pieces) == 1 and any("out of order" in note for note in notes)
    huge = pieces_clx([(0, 0xFFFFFFF0, TEXT_AT, False), (0xFFFFFFF0, 0xFFFFFFFF, 10**8, True)])
    word = fib(16, len(huge)).ljust(TEXT_AT, b"\0") + "x".encode("utf-16-le") * 3000
    found = word_text(word, tables("1Table", bytes(16) + huge), 1000)
    assert found.cut and len(found.text) <= 1000 and found.text.startswith("xxx")
    found = word_text(word, tables("1Table", bytes(16) + huge), 10_000)
    assert any("past the end" in note for note in found.notes)


def test_word_fuzzed_streams_fail_only_with_a_reason() -> None:
    word, table = word_streams(MEMO)
    rng = random.Random(1)
    for _ in range(400):
        target = bytearray(word if rng.random() < 0.5 else table)
        for _ in range(rng.randint(1, 8)):
            target[rng.randrange(min(len(target), 700))] = rng.randrange(256)
        mutated_word, mutated_table = (bytes(target), table) if len(target) == len(word) else (word, bytes(target))
        try:
            found = word_text(mutated_word, tables("1Table", mutated_table), 5000)
        except WordFormatError as error:
            assert str(error)
        else:
            assert len(found.text) <= 5000


# --- PowerPoint builders ---

def record(rec_type: int, body: bytes = b"", instance: int = 0, version: int = 0) -> bytes:
    return struct.pack("<HHI", version | instance << 4, rec_type, len(body)) + body


def container(rec_type: int, *children: bytes) -> bytes:
    return record(rec_type, b"".join(children), version=0xF)


def chars(text: str) -> bytes:
    return record(0x0FA0, text.encode("utf-16-le"))


def storage_record(data: bytes, compressed: bool = True) -> bytes:
    if compressed:
        return record(0x1011, struct.pack("<I", len(data)) + zlib.compress(data), instance=1)
    return record(0x1011, data)


SLIDES = container(0x03E8,
                   container(0x0FF0, chars("Top secret\rplan\x0bB"), record(0x0FA8, "café “x”".encode("cp1252"))),
                   container(0x0FD9, record(0x0FBA, "CONFIDENTIAL".encode("utf-16-le"), instance=2)),
                   container(0x0FCC, record(0x0FBA, "Excel.Sheet.8".encode("utf-16-le"))))


def test_ppt_text_atoms_in_stream_order() -> None:
    found = walk_records(SLIDES + chars("notes: wire the money"), 10_000)
    assert found.texts == ["Top secret\nplan\nB", "café “x”", "CONFIDENTIAL", "notes: wire the money"]
    assert found.notes == [] and not found.cut


def test_ppt_storages_found() -> None:
    inner = b"embedded storage bytes" * 10
    stream = SLIDES + storage_record(inner) + storage_record(b"plain storage", compressed=False)
    packed, plain = walk_records(stream, 100).storages
    assert packed.compressed and packed.declared_size == len(inner)
    assert zlib.decompress(stream[packed.start:packed.end]) == inner
    assert not plain.compressed and stream[plain.start:plain.end] == b"plain storage"


def test_ppt_hostile_records_are_clamped_to_their_container() -> None:
    cut = walk_records((SLIDES + chars("lost"))[:-3], 1000)  # a stream cut inside the last atom
    assert cut.texts[-2:] == ["CONFIDENTIAL", "lo"] and any("claims" in note for note in cut.notes)
    absurd = walk_records(chars("kept") + struct.pack("<HHI", 0, 0x0FA8, 0xFFFFFFFF) + b"abc", 1000)
    assert absurd.texts == ["kept", "abc"] and absurd.notes
    damaged = container(0x03E8, chars("one") + struct.pack("<HHI", 0, 0x0FA0, 1000)) + chars("two")
    assert walk_records(damaged, 1000).texts == ["one", "two"]  # the damage costs only its container
    header_cut = walk_records(chars("kept") + b"\x0f\x00", 1000)
    assert header_cut.texts == ["kept"] and any("cut short" in note for note in header_cut.notes)
    noisy = walk_records(container(0x03E8, struct.pack("<HHI", 0, 0x0FA0, 1000)) * 500, 1000)
    assert len(noisy.notes) == 10
    deep = chars("secret")
    for _ in range(40):
        deep = container(0x03E8, deep)
    nested = walk_records(deep + chars("after"), 1000)
    assert nested.texts == ["after"] and any("deeper" in note for note in nested.notes)
    many = walk_records(chars("a") * 10, 1000, max_records=3)
    assert many.texts == ["a"] * 3 and any("records" in note for note in many.notes)
    empty_containers = walk_records(container(0x03E8) * 1000 + chars("end"), 1000)
    assert empty_containers.texts == ["end"]


def test_ppt_text_budget() -> None:
    found = walk_records(chars("word " * 100) * 20, 50)
    assert found.cut and len(found.text()) <= 50


def test_ppt_fuzzed_streams_never_raise() -> None:
    stream = SLIDES + storage_record(b"x" * 100) + chars("tail")
    rng = random.Random(2)
    for _ in range(400):
        mutated = bytearray(stream)
        for _ in range(rng.randint(1, 6)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        found = walk_records(bytes(mutated[: rng.randint(0, len(mutated))]), 200)
        assert len(found.text()) <= 200


# --- property sets ---

def summary_information(vector_count: int) -> bytes:
    """A SummaryInformation stream whose one property is a vector of an unknown type (no bytes each)."""
    section_body = struct.pack("<II", 2, 16) + struct.pack("<II", 0x1FFF, vector_count)
    section = struct.pack("<II", 8 + len(section_body), 1) + section_body
    fmtid = bytes.fromhex("E0859FF2F94F6810AB9108002B27B3D9")
    return struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, bytes(16), 1) + fmtid + struct.pack("<I", 48) + section


def test_property_vector_claims_are_refused(tmp_path: Path, run_extractor: RunExtractor) -> None:
    """olefile would loop once per claimed element (2**32 for a hostile file); 10**6 keeps a regression cheap."""
    word, table = word_streams(MEMO)
    path = tmp_path / "props.doc"
    path.write_bytes(ole_bytes({"WordDocument": word, "1Table": table,
                                "\x05SummaryInformation": summary_information(10**6)}))
    extraction, _ = run_extractor(path, LegacyOfficeExtractor())
    assert extraction.status is Status.OK and extraction.text == MEMO_TEXT
    assert extraction.metadata["metadata_error"].startswith("property set not parsed: SummaryInformation: a vector")
    path.write_bytes(ole_bytes({"WordDocument": word, "1Table": table,
                                "\x05SummaryInformation": summary_information(3)}))
    assert "metadata_error" not in run_extractor(path, LegacyOfficeExtractor())[0].metadata


# --- embedded objects ---

def native_package(name: str, data: bytes, declared: int | None = None, link: bool = False) -> bytes:
    """An OLE1 Ole10Native stream: size, flags, label, source path, two longs, temp path, data."""
    body = (struct.pack("<H", 2) + name.encode("latin-1") + b"\0" + f"C:\\Users\\eve\\{name}".encode("latin-1")
            + b"\0" + struct.pack("<II", 0x00030000, 0) + f"C:\\Temp\\{name}".encode("latin-1") + b"\0")
    if not link:
        body += struct.pack("<I", len(data) if declared is None else declared) + data
    return struct.pack("<I", len(body)) + body


def compobj(user_type: str) -> bytes:
    label = user_type.encode("cp1252") + b"\0"
    return bytes(28) + struct.pack("<I", len(label)) + label


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_ole1_package_payload() -> None:
    found = packaged_file(native_package("C:\\x\\..\\report.pdf", b"%PDF-1.4 body"), "fallback.bin")
    assert (found.name, found.data, found.status) == ("report.pdf", b"%PDF-1.4 body", None)
    assert found.original_path == "C:\\Users\\eve\\C:\\x\\..\\report.pdf"
    assert packaged_file(native_package("", b"x"), "fallback.bin").name == "fallback.bin"
    linked = packaged_file(native_package("linked.txt", b"", link=True), "f.bin")
    assert (linked.data, linked.status) == (None, Status.UNSUPPORTED) and "links" in linked.detail
    cut = packaged_file(native_package("cut.txt", b"abc", declared=1000), "f.bin")
    assert (cut.data, cut.status) == (None, Status.TRUNCATED) and "1,000" in cut.detail
    for damaged in (b"", b"\x05\x00", struct.pack("<IH", 10, 2) + b"no terminator" * 200):
        with pytest.raises(ValueError, match="unreadable OLE package"):
            packaged_file(damaged, "f.bin")


def test_guess_extension_by_magic() -> None:
    assert guess_extension(b"%PDF-1.7 ...") == ".pdf"
    assert guess_extension(docx_bytes()) == ".docx"
    assert guess_extension(b"PK\x03\x04 damaged") == ".zip"
    assert guess_extension(b"{\\rtf1 hello}") == ".rtf"
    assert guess_extension(ole_bytes({"Workbook": b"biff"})) == ".xls"
    assert guess_extension(ole_bytes({"Something": b"else"})) == ".ole"
    assert guess_extension(bytes.fromhex("D0CF11E0A1B11AE1") + b"short") == ".ole"
    assert guess_extension(b"MZ\x90\x00") == ".bin"


def test_inflate_is_bounded() -> None:
    assert inflate(zlib.compress(b"abc" * 1000), Limits()) == b"abc" * 1000
    zeros = zlib.compress(bytes(8_000_000))
    with pytest.raises(InflateStopped) as ratio:
        inflate(zeros, Limits(ratio_min_bytes=1_000_000, max_ratio=50))
    assert ratio.value.status is Status.SKIPPED_BOMB
    with pytest.raises(InflateStopped) as big:
        inflate(zeros, Limits(max_member_bytes=2_000_000))
    assert big.value.status is Status.SKIPPED_BOMB
    with pytest.raises(InflateStopped) as cut:
        inflate(zlib.compress(random.Random(0).randbytes(50_000))[:20_000], Limits(), expected=50_000)
    assert cut.value.status is Status.TRUNCATED
    with pytest.raises(InflateStopped) as garbage:
        inflate(b"\x00\xff not zlib at all", Limits())
    assert garbage.value.status is Status.CORRUPT
    flusher = zlib.compressobj()
    unterminated = flusher.compress(b"vba project" * 100) + flusher.flush(zlib.Z_SYNC_FLUSH)
    assert inflate(unterminated, Limits(), expected=1100) == b"vba project" * 100


# --- the extractor on compound files built here ---

def word_file(path: Path, extra: dict[str, bytes] | None = None, texts: list[tuple[str, bool]] = MEMO) -> Path:
    word, table = word_streams(texts)
    path.write_bytes(ole_bytes({"WordDocument": word, "1Table": table, **(extra or {})}))
    return path


EMBEDDED = {
    "ObjectPool/_1/\x01Ole10Native": native_package("..\\..\\payload.exe", b"MZ dropped program"),
    "ObjectPool/_1/\x01CompObj": compobj("Package"),
    "ObjectPool/_2/CONTENTS": b"%PDF-1.4 embedded pdf",
    "ObjectPool/_3/Workbook": b"biff records",
    "ObjectPool/_3/\x01CompObj": compobj("Microsoft Excel Worksheet"),
    "ObjectPool/_4/Equation Native": b"mtef",
    "ObjectPool/_4/\x01CompObj": compobj("Microsoft Equation 3.0"),
    "ObjectPool/_5/\x01Ole10Native": native_package("cut.txt", b"short", declared=5000),
}


def test_doc_text_and_embedded_objects(tmp_path: Path, run_extractor: RunExtractor) -> None:
    extraction, sink = run_extractor(word_file(tmp_path / "memo.doc", EMBEDDED), LegacyOfficeExtractor())
    assert (extraction.status, extraction.kind) == (Status.OK, Kind.DOCUMENT), extraction.detail
    assert extraction.text == MEMO_TEXT
    assert "metadata only" not in extraction.detail
    assert statuses(sink) == {"payload.exe": None, "_2.pdf": None, "ObjectPool/_3": Status.UNSUPPORTED,
                              "ObjectPool/_4": Status.UNSUPPORTED, "cut.txt": Status.TRUNCATED}
    assert blob_bytes(sink, "payload.exe") == b"MZ dropped program"
    assert blob_bytes(sink, "_2.pdf").startswith(b"%PDF-1.4 embedded pdf")
    members = {member.name: member for member in sink.members}
    assert members["payload.exe"].meta["original_path"] == "C:\\Users\\eve\\..\\..\\payload.exe"
    assert "Excel workbook" in members["ObjectPool/_3"].detail and "OLE writer" in members["ObjectPool/_3"].detail
    assert members["ObjectPool/_4"].meta["object_class"] == "Microsoft Equation 3.0"


NO_TABLES = tables("1Table", b"")  # Word 6/95 text needs no table stream


def word6_stream(text: bytes, flags: int = 0, lid: int = 0x0409, chse: int = 0, fc_mac: int | None = None) -> bytes:
    """A Word 6/95 WordDocument stream: its FIB (wIdent 0xA5DC, nFib 101) and the 8-bit text at fcMin."""
    fc_min = 0x300
    head = struct.pack("<HHHHHH", 0xA5DC, 101, 0xC02D, lid, 0, flags).ljust(0x14, b"\0")
    head += struct.pack("<HHII", chse, chse, fc_min, fc_min + len(text) if fc_mac is None else fc_mac)
    return head.ljust(fc_min, b"\0") + text + bytes(64)


def test_word6_text_is_read_between_fc_min_and_fc_mac() -> None:
    """Word 6/95 keeps the text as 8-bit characters; Word's marks are cleaned as in Word 97."""
    found = word_text(word6_stream(b"Caf\xe9 \x93memo\x94\r\x13 HYPERLINK x \x14link\x15 end\x07\r"),
                      NO_TABLES, 1000)
    assert (found.text, found.notes, found.cut) == ("Café “memo”\nlink end", [], False)
    assert word_text(word6_stream(b"\xcf\xf0\xe8\xea\xe0\xe7", lid=0x0419), NO_TABLES, 100).text == "Приказ"
    assert word_text(word6_stream(b"Caf\x8e", chse=256), NO_TABLES, 100).text == "Café"  # Word for the Mac
    cut = word_text(word6_stream(b"x" * 9000), NO_TABLES, 10)
    assert (cut.text, cut.cut) == ("x" * 10, True)
    past = word_text(word6_stream(b"short", fc_mac=10**9), NO_TABLES, 100)
    assert past.text.startswith("short") and "stream ends" in past.notes[0]


def test_word6_fast_saved_or_encrypted_is_not_read() -> None:
    with pytest.raises(WordFormatError, match="fast-saved"):
        word_text(word6_stream(b"text", flags=0x0004), NO_TABLES, 100)
    with pytest.raises(WordEncrypted):
        word_text(word6_stream(b"text", flags=0x0100), NO_TABLES, 100)
    with pytest.raises(WordFormatError, match="cut short"):
        word_text(word6_stream(b"")[:0x18], NO_TABLES, 100)


def test_doc_word6_fast_saved_is_metadata_only(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(ole_bytes({"WordDocument": word6_stream(b"Fast saved\r", flags=0x0004)}))
    extraction, _ = run_extractor(path, LegacyOfficeExtractor())
    assert extraction.status is Status.OK and extraction.text == ""
    assert extraction.detail.startswith("metadata only:") and "Word 6/95" in extraction.detail


def test_doc_encrypted_by_its_fib(tmp_path: Path, run_extractor: RunExtractor) -> None:
    word, table = word_streams(MEMO)
    flags = struct.unpack_from("<H", word, 10)[0] | 0x0100
    path = tmp_path / "locked.doc"
    path.write_bytes(ole_bytes({"WordDocument": word[:10] + struct.pack("<H", flags) + word[12:], "1Table": table}))
    extraction, _ = run_extractor(path, LegacyOfficeExtractor())
    assert extraction.status is Status.ENCRYPTED and extraction.text == ""


def test_doc_limits(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = word_file(tmp_path / "long.doc", EMBEDDED, texts=[("budget line\r" * 500, True)])
    extraction, sink = run_extractor(path, LegacyOfficeExtractor(), Limits(max_text_chars=100, max_members=2))
    assert extraction.status is Status.OK and len(extraction.text) <= 100
    assert "text cut" in extraction.detail and "member limit reached" in extraction.detail
    assert len(sink.members) == 2


def test_ppt_text_and_compressed_storage_child(tmp_path: Path, run_extractor: RunExtractor) -> None:
    workbook = ole_bytes({"Workbook": b"biff"})
    bomb = record(0x1011, struct.pack("<I", 10) + zlib.compress(bytes(9_000_000)), instance=1)
    stream = SLIDES + storage_record(workbook) + bomb + storage_record(b"%PDF-1.4 raw", compressed=False)
    path = tmp_path / "deck.ppt"
    path.write_bytes(ole_bytes({"PowerPoint Document": stream, "Current User": b"\x00" * 20}))
    extraction, sink = run_extractor(path, LegacyOfficeExtractor(), Limits(ratio_min_bytes=1_000_000, max_ratio=100))
    assert (extraction.status, extraction.kind) == (Status.OK, Kind.PRESENTATION), extraction.detail
    assert extraction.text == "Top secret\nplan\nB\ncafé “x”\nCONFIDENTIAL"
    assert statuses(sink) == {"oleObject1.xls": None, "oleObject2": Status.SKIPPED_BOMB, "oleObject3.pdf": None}
    assert blob_bytes(sink, "oleObject1.xls") == workbook


def test_xls_cells_and_mbd_object(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = tmp_path / "book.xls"
    path.write_bytes(ole_bytes({"Workbook": biff_book(), "MBD00A1/\x01Ole10Native": native_package("a.txt", b"hi")}))
    extraction, sink = run_extractor(path, LegacyOfficeExtractor())
    assert (extraction.status, extraction.kind) == (Status.OK, Kind.SPREADSHEET), extraction.detail
    assert extraction.text == BOOK_TEXT
    assert statuses(sink) == {"a.txt": None}


def test_xls_damaged_cells_are_corrupt_with_reason(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = tmp_path / "bad.xls"
    path.write_bytes(ole_bytes({"Workbook": b"\x09\x08\x10\x00 this is not BIFF"}))
    extraction, _ = run_extractor(path, LegacyOfficeExtractor())
    assert extraction.status is Status.CORRUPT and extraction.kind is Kind.SPREADSHEET
    assert extraction.detail.startswith("cannot read the cells:")


def test_stand_alone_object_file(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = tmp_path / "oleObject1.bin"
    path.write_bytes(ole_bytes({"Package": docx_bytes(), "\x01CompObj": compobj("Microsoft Word Document")}))
    extraction, sink = run_extractor(path, LegacyOfficeExtractor())
    assert extraction.status is Status.OK
    assert extraction.detail.startswith("metadata only: no Word, Excel or PowerPoint stream")
    assert statuses(sink) == {"Package.docx": None}
    assert blob_bytes(sink, "Package.docx").startswith(docx_bytes())


# --- Excel cells ---

def biff(rec_type: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", rec_type, len(body)) + body


def label(row: int, col: int, text: str) -> bytes:
    return biff(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + text.encode("utf-16-le"))


def number(row: int, col: int, value: float) -> bytes:
    return biff(0x0203, struct.pack("<HHHd", row, col, 0, value))


PAYROLL = [("Payroll", [label(0, 0, "Name"), label(0, 1, "Salary"), label(1, 0, "Алиса"), number(1, 1, 1200.0),
                        number(2, 2, 3.5), label(3, 0, "tab\tand\nnewline")]), ("Empty", [])]


def biff_book(sheets: list[tuple[str, list[bytes]]] = PAYROLL) -> bytes:
    """A raw BIFF8 workbook stream: the globals (BOF, one BOUNDSHEET per sheet, EOF), then the sheets."""
    bof_globals = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 1996, 0, 6))
    bof_sheet = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 1996, 0, 6))
    end = biff(0x000A)

    def sheet_ref(offset: int, name: str) -> bytes:
        return biff(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name.encode("latin-1"))

    globals_size = len(bof_globals) + sum(len(sheet_ref(0, name)) for name, _ in sheets) + len(end)
    bodies, refs = b"", b""
    for name, cells in sheets:
        refs += sheet_ref(globals_size + len(bodies), name)
        bodies += bof_sheet + b"".join(cells) + end
    return bof_globals + refs + end + bodies


BOOK_TEXT = "Payroll\nName\tSalary\nАлиса\t1200\n\t\t3.5\ntab and newline\n\nEmpty"


def test_xls_text_layout_and_budget() -> None:
    assert xls_text(biff_book(), 10_000).text == BOOK_TEXT
    short = xls_text(biff_book(), 20)
    assert short.cut and len(short.text) <= 20


BROKEN_FIRST = [("Broken", [biff(0x0203, b"\x00\x00")]), ("Good", [label(0, 0, "survivor")])]


def test_xls_damaged_sheet_keeps_the_others(tmp_path: Path, run_extractor: RunExtractor) -> None:
    cells = xls_text(biff_book(BROKEN_FIRST), 1000)
    assert cells.text == "Broken\n\nGood\nsurvivor"
    assert len(cells.failures) == 1 and cells.failures[0].startswith("sheet 'Broken'")
    path = tmp_path / "half.xls"
    path.write_bytes(ole_bytes({"Workbook": biff_book(BROKEN_FIRST)}))
    extraction, _ = run_extractor(path, LegacyOfficeExtractor())
    assert extraction.status is Status.CORRUPT and "survivor" in extraction.text
    assert extraction.detail.startswith("cannot read the cells of sheet 'Broken'")


def xlsb_record(rec_id: int, body: bytes = b"") -> bytes:
    """BIFF12: the id as its little-endian bytes (1 or 2), then a 7-bit variable length."""
    ident = bytes([rec_id & 0xFF]) if rec_id < 0x80 else struct.pack("<H", rec_id)
    size, length = len(body), b""
    while True:
        length += bytes([(size & 0x7F) | (0x80 if size > 0x7F else 0)])
        size >>= 7
        if not size:
            break
    return ident + length + body


def wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb_file(path: Path, sheet_records: bytes, legacy_layout: bool = False) -> Path:
    prefix = bytes(12 if legacy_layout else 8)
    workbook = (xlsb_record(0x0183) + xlsb_record(0x018F) + xlsb_record(0x019C, prefix + wide("rId1") + wide("Ledger"))
                + xlsb_record(0x019C, prefix + wide("rId9") + wide("Ghost")) + xlsb_record(0x0190)
                + xlsb_record(0x0184))
    strings = (xlsb_record(0x019F, struct.pack("<II", 2, 2)) + xlsb_record(0x0013, b"\x00" + wide("Account"))
               + xlsb_record(0x0013, b"\x00" + wide("DE89 3704 0044")) + xlsb_record(0x01A0))
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.bin"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.bin", workbook)
        package.writestr("xl/_rels/workbook.bin.rels", rels)
        package.writestr("xl/sharedStrings.bin", strings)
        package.writestr("xl/worksheets/sheet1.bin", sheet_records)
    return path


def cell(rec_id: int, column: int, value: bytes) -> bytes:
    return xlsb_record(rec_id, struct.pack("<II", column, 0) + value)


def row(number: int) -> bytes:
    return xlsb_record(0x0000, struct.pack("<I", number) + bytes(13))


SHEET = (xlsb_record(0x0181) + xlsb_record(0x0191) + row(0) + cell(0x0007, 0, struct.pack("<I", 0))
         + cell(0x0007, 1, struct.pack("<I", 1)) + row(1) + cell(0x0005, 0, struct.pack("<d", 42.0))
         + cell(0x0002, 1, struct.pack("<I", (1234 << 2) | 2)) + cell(0x0004, 3, b"\x01")
         + cell(0x0003, 4, b"\x07") + cell(0x0007, 5, struct.pack("<I", 99)) + row(2)
         + cell(0x0008, 2, wide("formula text") + bytes(6)) + xlsb_record(0x0192) + xlsb_record(0x0182))
SHEET_TEXT = "Ledger\nAccount\tDE89 3704 0044\n42\t1234\t\tTRUE\t#DIV/0!\n\t\tformula text"


@pytest.mark.parametrize("legacy_layout", [False, True])
def test_xlsb_cells(tmp_path: Path, run_extractor: RunExtractor, legacy_layout: bool) -> None:
    extraction, _ = run_extractor(xlsb_file(tmp_path / "b.xlsb", SHEET, legacy_layout), OoxmlExtractor())
    assert (extraction.status, extraction.kind) == (Status.OK, Kind.SPREADSHEET), extraction.detail
    assert extraction.text == SHEET_TEXT
    assert "sheet part not found for: Ghost" in extraction.detail
    assert "not read" not in extraction.detail


def test_xlsb_bundle_sheet_layouts() -> None:
    assert bundle_sheet(bytes(8) + wide("rId2") + wide("Two"), {"rId2": "x"}) == ("Two", "rId2")
    assert bundle_sheet(bytes(12) + wide("rId2") + wide("Two"), {"rId2": "x"}) == ("Two", "rId2")
    assert bundle_sheet(bytes(8) + struct.pack("<I", 10**9), {}) is None


def test_xlsb_hostile_parts(tmp_path: Path, run_extractor: RunExtractor) -> None:
    claims = xlsb_record(0x0181) + xlsb_record(0x0191) + b"\x07\xff\xff\xff\x7f"
    extraction, _ = run_extractor(xlsb_file(tmp_path / "c.xlsb", claims), OoxmlExtractor())
    assert extraction.status is Status.CORRUPT and "claims" in extraction.detail
    cut = SHEET[: SHEET.index(cell(0x0003, 4, b"\x07"))] + xlsb_record(0x0003, struct.pack("<II", 4, 0))
    extraction, _ = run_extractor(xlsb_file(tmp_path / "d.xlsb", cut), OoxmlExtractor())
    assert extraction.status is Status.CORRUPT and "damaged" in extraction.detail
    many = xlsb_record(0x0191) + (row(0) + cell(0x0005, 0, struct.pack("<d", 7.0))) * 50_000
    extraction, _ = run_extractor(xlsb_file(tmp_path / "e.xlsb", many), OoxmlExtractor(), Limits(max_text_chars=500))
    assert extraction.status is Status.OK and len(extraction.text) <= 500 and "text cut" in extraction.detail
    extraction, _ = run_extractor(xlsb_file(tmp_path / "f.xlsb", many), OoxmlExtractor(),
                                  Limits(ratio_min_bytes=10_000, max_ratio=5))
    assert extraction.status is Status.SKIPPED_BOMB


# --- the public sample corpus ---

CORPUS = os.environ.get("TROVETRIAGE_CORPUS")
needs_corpus = pytest.mark.skipif(not CORPUS, reason="TROVETRIAGE_CORPUS is not set")
#: corpus file -> a phrase its text must hold (all read with status ok)
CORPUS_TEXT = {
    "office/tika__testWORD.doc": "This is a sample Microsoft Word Document",
    "office/tika__testWORD_embeded.doc": "The quick brown fox jumps over the lazy dog",
    "office/tika__testWORD_embedded_rtf.doc": "The main doc",
    "office/oletools__embedded-simple-2007.doc": "This document contains an embedded file",
    "misc/hoover__file_doc": "Abstract",
    "office/tika__testPPT.ppt": "Sample Powerpoint Slide",
    "office/oletools__sample_with_vba.ppt": "PPT VBA TEST",
    "office/poi__external_name.xls": "PREPARATORY PERIOD",
    "office/tika__testEXCEL_95.xls": "Foglio1",
    "office/tika__testEXCEL.xlsb": "created with Microsoft Excel 2007 Beta 2",
}


def corpus_file(relative: str) -> Path:
    path = Path(CORPUS or "") / relative
    if not path.exists():
        pytest.skip(f"{relative} not in this corpus")
    return path


@pytest.mark.corpus
@needs_corpus
@pytest.mark.parametrize("relative", sorted(CORPUS_TEXT))
def test_corpus_legacy_text(relative: str, run_extractor: RunExtractor) -> None:
    path = corpus_file(relative)
    extractor = OoxmlExtractor() if relative.endswith(".xlsb") else LegacyOfficeExtractor()
    extraction, _ = run_extractor(path, extractor)
    assert extraction.status is Status.OK, extraction.detail
    assert CORPUS_TEXT[relative] in extraction.text
    assert "metadata only" not in extraction.detail


@pytest.mark.corpus
@needs_corpus
def test_corpus_word6_text(run_extractor: RunExtractor) -> None:
    extraction, _ = run_extractor(corpus_file("office/tika__testWORD6.doc"), LegacyOfficeExtractor())
    assert extraction.status is Status.OK and extraction.text == "The quick brown fox jumps over the lazy dog"
    assert "metadata only" not in extraction.detail


@pytest.mark.corpus
@needs_corpus
def test_corpus_embedded_objects(run_extractor: RunExtractor) -> None:
    _, sink = run_extractor(corpus_file("office/oletools__embedded-simple-2007.doc"), LegacyOfficeExtractor())
    assert statuses(sink) == {"simple-text-file.txt": None}
    assert b"simple" in blob_bytes(sink, "simple-text-file.txt").lower()
    _, sink = run_extractor(corpus_file("hostile/oletools__sample_with_lnk_file.doc"), LegacyOfficeExtractor())
    assert statuses(sink) == {"calc.lnk": None}
    assert blob_bytes(sink, "calc.lnk").startswith(b"L\x00\x00\x00")  # a Windows shortcut
    _, sink = run_extractor(corpus_file("office/tika__testWORD_embeded.doc"), LegacyOfficeExtractor())
    assert statuses(sink) == {"ObjectPool/_1345470949": Status.UNSUPPORTED, "_1345471034.docx": None,
                              "ObjectPool/_1345471035": Status.UNSUPPORTED}
    assert blob_bytes(sink, "_1345471034.docx").startswith(b"PK\x03\x04")
    _, sink = run_extractor(corpus_file("office/tika__testWORD_embedded_rtf.doc"), LegacyOfficeExtractor())
    assert blob_bytes(sink, "_1404039792.rtf").startswith(b"{\\rtf1")
    _, sink = run_extractor(corpus_file("office/oletools__sample_with_vba.ppt"), LegacyOfficeExtractor())
    assert statuses(sink) == {"oleObject1.ole": None}  # the VBA project storage, inflated
    assert blob_bytes(sink, "oleObject1.ole").startswith(bytes.fromhex("D0CF11E0A1B11AE1"))


@pytest.mark.corpus
@needs_corpus
def test_corpus_decrypted_xls_gives_cells(tmp_path: Path) -> None:
    path = corpus_file("office/tika__testEXCEL_protected_passtika.xls")
    limits = Limits()
    sink = ChildSink(BlobStore(tmp_path / "blobs"), limits, passwords=("wrong", "tika"))
    extraction = LegacyOfficeExtractor().extract(Source(path, sniff_file(path)), sink, limits)
    assert extraction.status is Status.OK and statuses(sink) == {"decrypted.xls": None}
    decrypted = tmp_path / "decrypted.xls"
    shutil.copy(sink.blobs.path_for(sink.members[0].sha256 or ""), decrypted)
    child = LegacyOfficeExtractor().extract(Source(decrypted, sniff_file(decrypted)), sink, limits)
    assert child.status is Status.OK and "This is an Encrypted Excel spreadsheet" in child.text
