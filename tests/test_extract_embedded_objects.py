"""Embedded objects of RTF and ODF become children; one RTF-to-text routine; hostile objects stay bounded."""

from __future__ import annotations

import os
import struct
import time
import zipfile
from pathlib import Path

import pytest
from conftest import RunExtractor
from member_helpers import blob_bytes, statuses

from trovetriage.core.limits import Limits
from trovetriage.core.types import Status
from trovetriage.ingest import rtf_text
from trovetriage.ingest.extractors import pst
from trovetriage.ingest.extractors.odf import OdfExtractor
from trovetriage.ingest.extractors.rtf import RtfExtractor
from trovetriage.ingest.outlook import body
from trovetriage.ingest.rtf_text import rtf_to_text

CORPUS = os.environ.get("TROVETRIAGE_CORPUS")
needs_corpus = pytest.mark.skipif(not CORPUS, reason="TROVETRIAGE_CORPUS is not set")

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- builders -----------------------------------------------------------------------------------


def length_prefixed(text: bytes) -> bytes:
    """An OLE1 LengthPrefixedAnsiString: u32 length (with the NUL) + text + NUL; empty is length 0."""
    return struct.pack("<I", len(text) + 1) + text + b"\0" if text else struct.pack("<I", 0)


def ole1(class_name: bytes, native: bytes, *, declared: int | None = None, format_id: int = 2,
         topic: bytes = b"") -> bytes:
    """MS-OLEDS ObjectHeader (version 0x0501, format id, class, topic, item) + native data size + data."""
    header = struct.pack("<II", 0x00000501, format_id) + length_prefixed(class_name) + length_prefixed(topic) \
        + length_prefixed(b"")
    if format_id != 2:
        return header
    return header + struct.pack("<I", len(native) if declared is None else declared) + native


def ole10native(label: bytes, payload: bytes, declared: int | None = None) -> bytes:
    """A Package's native data: flags, label, source path, two u16 unknowns, temp path, data size, data."""
    temp = b"C:\\Users\\eve\\AppData\\Local\\Temp\\" + label + b"\0"
    return (struct.pack("<H", 2) + label + b"\0" + b"C:\\Users\\eve\\Desktop\\" + label + b"\0"
            + struct.pack("<HH", 0, 3) + struct.pack("<I", len(temp)) + temp
            + struct.pack("<I", len(payload) if declared is None else declared) + payload)


def package(label: bytes, payload: bytes) -> bytes:
    return ole1(b"Package", ole10native(label, payload))


def rtf_object(data: bytes, objclass: bytes = b"Package") -> bytes:
    """An embedded object group the way Word writes it: hex in lines of 128 digits."""
    hexed = data.hex().encode()
    lines = b"\r\n".join(hexed[i:i + 128] for i in range(0, len(hexed), 128))
    return rb"{\object\objemb{\*\objclass " + objclass + rb"}\objw1440\objh960{\*\objdata " + lines + b"}}"


def rtf_document(*parts: bytes) -> bytes:
    return rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}\f0 " + b"".join(parts) + b"\\par}"


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def compound_file(stream_name: str, content: bytes) -> bytes:
    """A minimal OLE compound file (v3, 512-byte sectors) with one stream of 4096 bytes or more."""
    assert len(content) >= 4096
    sectors = -(-len(content) // 512)
    fat = [FATSECT, ENDOFCHAIN] + [2 + i + 1 for i in range(sectors - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (128 - len(fat))
    header = (OLE_MAGIC + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", NOSTREAM, NOSTREAM, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<III", start, size, 0))

    directory = entry("Root Entry", 5, 1, ENDOFCHAIN, 0) + entry(stream_name, 2, NOSTREAM, 2, len(content))
    directory += b"\0" * (512 - len(directory))
    return header + struct.pack("<128I", *fat) + directory + content.ljust(sectors * 512, b"\0")


def odf_package(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def odf_content(*paragraphs: str) -> str:
    body_xml = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    return f"<office:document-content {NS}><office:body><office:text>{body_xml}</office:text></office:body>" \
           "</office:document-content>"


def manifest(entries: dict[str, str]) -> str:
    rows = "".join(f'<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{media}"/>'
                   for path, media in entries.items())
    return f'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">{rows}' \
           "</manifest:manifest>"


# --- one RTF routine --------------------------------------------------------------------------


def test_one_rtf_routine_for_documents_msg_and_pst_bodies() -> None:
    assert body.rtf_to_text is rtf_to_text
    assert pst.rtf_to_text is rtf_to_text


def test_ansicpg_hex_bytes_and_unicode_escapes_give_cyrillic() -> None:
    rtf = (rb"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\fswiss Arial;}}\f0 \'cf\'f0\'e8\'e2\'e5\'f2, "
           rb"\u1084\'ec\u1080\'e8\u1088\'f0! \uc2\u1076\'e4\'e4\u1072\'e0\'e0\par}")
    assert rtf_to_text(rtf) == "Привет, мир! да"
    # without a font table, and with the Word-style negative form of a code point above 32767
    assert rtf_to_text(rb"{\rtf1\ansi\ansicpg1251 \'c4\'e0 \u-1888?\u-10179?\u-8704?}") == "Да \uf8a0😀"


def test_font_charset_wins_over_code_page_and_bad_escapes_do_not_break_text() -> None:
    rtf = (rb"{\rtf1\ansi\ansicpg1251{\fonttbl{\f0\fcharset204 Times Cyr;}{\f1\fcharset0 Courier;}"
           rb"{\f2\fcharset78 Osaka;}}\f0 \'c4\'e0\f1  caf\'e9\f2  \'c4\uc \u1084\'ec \u9999999999? \u-99999?}")
    # f2's Mac Japanese has no Python codec: the document code page decodes it; \uN wraps like Word's
    assert rtf_to_text(rtf) == f"Да café Дм {chr(9999999999 % 0x10000)} {chr(-99999 % 0x10000)}"


def test_text_ignores_payloads_keeps_links_and_is_bounded() -> None:
    payload = b"\x00{}\\" * 50
    rtf = (rb"{\rtf1\ansi Before{\pict\pngblip " + b"ab" * 5000 + rb"}{\*\objdata " + b"cd" * 5000
           + rb"}\bin" + str(len(payload)).encode() + b" " + payload + rb" After "
           + rb"{\field{\*\fldinst{HYPERLINK " + b'"http://intranet.mofa.example/leak"' + rb"}}{\fldrslt{portal}}}}")
    assert rtf_to_text(rtf) == "Before After portal (http://intranet.mofa.example/leak)"
    assert len(rtf_to_text(rb"{\rtf1 " + b"word " * 10_000 + b"}", limit=100)) == 100
    assert rtf_to_text(rb"{\rtf1 Total\par \cell \cell \row 42\cell\row}") == "Total\n\n42|"


def test_hostile_hyperlink_lines_do_not_stall() -> None:
    # striprtf's own hyperlink regex backtracks for hours on this one line
    line = rb"{\rtf1 " + rb'{\field{\*\fldinst{ HYPERLINK "x" ' * 20_000 + b"}"
    started = time.monotonic()
    rtf_to_text(line)
    assert time.monotonic() - started < 20


# --- RTF objects --------------------------------------------------------------------------------


def test_rtf_package_object_becomes_a_child(tmp_path: Path, run_extractor: RunExtractor) -> None:
    secret = b"VPN admin password: Summer2024!\n"
    path = write(tmp_path / "letter.rtf", rtf_document(b"See the attached file. ", rtf_object(package(b"creds.txt",
                                                                                                          secret))))
    extraction, sink = run_extractor(path, RtfExtractor())
    assert extraction.status is Status.OK
    assert extraction.text == "See the attached file."
    assert [m.name for m in sink.members] == ["creds.txt"]
    assert blob_bytes(sink, "creds.txt") == secret
    meta = sink.members[0].meta
    assert meta["class_name"] == "Package" and meta["embedding"] == "package"
    assert meta["source_path"] == "C:\\Users\\eve\\Desktop\\creds.txt"
    assert extraction.metadata["embedded_classes"] == ["Package"]


def test_rtf_ole_compound_and_native_objects_are_named_by_class(tmp_path: Path, run_extractor: RunExtractor) -> None:
    document = compound_file("WordDocument", b"Word binary " * 400)
    bitmap = b"BM" + b"\x00" * 100
    mystery = OLE_MAGIC + b"not really a compound file"
    rtf = rtf_document(rtf_object(ole1(b"Word.Document.8", document), b"Word.Document.8"),
                       rtf_object(ole1(b"PBrush", bitmap), b"PBrush"),
                       rtf_object(ole1(b"Equation.3", mystery), b"Equation.3"))
    extraction, sink = run_extractor(write(tmp_path / "objects.rtf", rtf), RtfExtractor())
    assert extraction.status is Status.OK
    assert [m.name for m in sink.members] == ["Word.Document.8.doc", "PBrush.bmp", "Equation.3.ole"]
    assert blob_bytes(sink, "Word.Document.8.doc") == document
    assert blob_bytes(sink, "PBrush.bmp") == bitmap
    assert [m.meta["class_name"] for m in sink.members] == ["Word.Document.8", "PBrush", "Equation.3"]
    assert sink.members[0].meta["embedding"] == "ole"


def test_rtf_word_decoding_tricks_bin_and_odd_hex(tmp_path: Path, run_extractor: RunExtractor) -> None:
    data = package(b"a.bin", b"{\\}" * 20)
    as_bin = rb"{\object{\*\objdata \bin" + str(len(data)).encode() + b" " + data + b"}}"
    odd = rb"{\object{\*\objdata " + package(b"b.txt", b"odd").hex().encode() + b"f}}"  # Word drops a last digit
    extraction, sink = run_extractor(write(tmp_path / "tricks.rtf", rtf_document(b"Text ", as_bin, odd)),
                                     RtfExtractor())
    assert extraction.text == "Text"
    assert blob_bytes(sink, "a.bin") == b"{\\}" * 20
    assert blob_bytes(sink, "b.txt") == b"odd"


def test_rtf_damaged_objects_get_statuses(tmp_path: Path, run_extractor: RunExtractor) -> None:
    full = ole1(b"Package", ole10native(b"cut.txt", b"x" * 1000))
    linked = ole1(b"Excel.Sheet.8", b"", format_id=1, topic=b"\\\\fs01.corp.example\\finance\\salaries.xls")
    rtf = rtf_document(
        b"Intro ",
        rtf_object(full[:60]),  # cut inside the package
        rtf_object(ole1(b"Word.Document.8", b"tiny", declared=0xFFFFFFFF)),  # absurd declared size
        rtf_object(b"\x01\x05\x00\x00\x02\x00\x00\x00\xff\xff\xff\xffPackage"),  # absurd class-name length
        rb"{\object{\*\objdata zzzz!!! ?? xyz}}",
        rtf_object(linked),
        rtf_object(ole1(b"Package", ole10native(b"short.txt", b"abc", declared=0x7FFFFFFF))),
        rtf_object(b"%PDF-1.4 raw objdata, no OLE1 header"),
        rb"{\object{\*\objdata 0105000002",  # never closed, cut inside the OLE1 header
    )
    extraction, sink = run_extractor(write(tmp_path / "damaged.rtf", rtf), RtfExtractor())
    assert extraction.status is Status.OK and extraction.text.startswith("Intro")
    assert statuses(sink) == {
        "object-1": Status.TRUNCATED, "object-2": Status.TRUNCATED, "object-3": Status.CORRUPT,
        "object-4": Status.CORRUPT, "object-5": Status.UNSUPPORTED, "short.txt": None, "object-7.pdf": None,
        "object-8": Status.TRUNCATED,
    }
    members = {m.name: m for m in sink.members}
    assert members["object-5"].meta["link_source"] == "\\\\fs01.corp.example\\finance\\salaries.xls"
    assert members["short.txt"].meta["truncated"] is True
    assert blob_bytes(sink, "short.txt") == b"abc"
    assert "8 embedded object(s): 2 extracted, 6 failed" in extraction.detail


def test_rtf_obfuscated_objdata_is_refused_within_budget(tmp_path: Path, run_extractor: RunExtractor) -> None:
    pieces = rb"\'00".join([b"0a0b"] * 60_000)  # rtfobj re-scans everything read so far at each \'hh
    rtf = rtf_document(rb"{\object{\*\objdata " + pieces + b"}}")
    started = time.monotonic()
    extraction, sink = run_extractor(write(tmp_path / "obfuscated.rtf", rtf), RtfExtractor())
    assert time.monotonic() - started < 20
    assert extraction.status is Status.OK and statuses(sink) == {"object-1": Status.CORRUPT}
    assert "obfuscation" in sink.members[0].detail


def test_rtf_ten_thousand_objects_are_bounded(tmp_path: Path, run_extractor: RunExtractor) -> None:
    objects = [rtf_object(package(f"f{i}.txt".encode(), str(i).encode())) for i in range(10_000)]
    path = write(tmp_path / "many.rtf", rtf_document(b"Many ", *objects))
    extraction, sink = run_extractor(path, RtfExtractor(), Limits(max_members=100))
    assert extraction.status is Status.SKIPPED_BOMB and extraction.text == "Many"
    assert len(sink.members) == 100 and sink.members[-1].name == "f99.txt"
    assert extraction.metadata["not_extracted"] == 9_900
    assert "max_members" in extraction.detail


@pytest.mark.slow
def test_rtf_ten_thousand_objects_all_become_children(tmp_path: Path, run_extractor: RunExtractor) -> None:
    objects = [rtf_object(package(f"f{i}.txt".encode(), str(i).encode())) for i in range(10_000)]
    extraction, sink = run_extractor(write(tmp_path / "many.rtf", rtf_document(*objects)), RtfExtractor())
    assert extraction.status is Status.OK and len(sink.members) == 10_000
    assert blob_bytes(sink, "f9999.txt") == b"9999"
    assert "10,000 embedded object(s): 10,000 extracted, 0 failed" in extraction.detail


def test_rtf_object_over_member_limit_is_too_large(tmp_path: Path, run_extractor: RunExtractor) -> None:
    rtf = rtf_document(rtf_object(package(b"big.bin", b"z" * 15_000)), rtf_object(package(b"huge.bin", b"z" * 50_000)))
    extraction, sink = run_extractor(write(tmp_path / "big.rtf", rtf), RtfExtractor(), Limits(max_member_bytes=10_000))
    assert extraction.status is Status.OK
    assert statuses(sink) == {"big.bin": Status.TOO_LARGE, "object-2": Status.TOO_LARGE}  # huge: never decoded


# --- ODF ---------------------------------------------------------------------------------------


def test_odt_subdocument_text_and_embedded_files(tmp_path: Path, run_extractor: RunExtractor) -> None:
    pdf = b"%PDF-1.4\n% leaked annex\n"
    ole = OLE_MAGIC + b"\x00" * 600
    parts: dict[str, bytes | str] = {
        "content.xml": odf_content("Board minutes", "See the chart below."),
        "styles.xml": f"<office:document-styles {NS}/>",
        "Object 1/content.xml": odf_content("Revenue by quarter", "Q3 4.2 MUSD"),
        "Object 1/styles.xml": f"<office:document-styles {NS}/>",
        "Object 1/Pictures/bars.png": b"\x89PNG bars",
        "Object 1/Object 3": b"nested binary object",
        "ObjectReplacements/Object 1": b"\x01\x00\x09\x00 a WMF rendering",
        "Object 2": ole,
        "ObjectReplacements/Object 2": b"\x89PNG rendering",
        "Pictures/logo.png": b"\x89PNG logo",
        "Thumbnails/thumbnail.png": b"\x89PNG thumb",
        "Attachments/annex.pdf": pdf,
        "Attachments/photo.jpg": b"\xff\xd8\xff photo",
        "META-INF/manifest.xml": manifest({"/": "application/vnd.oasis.opendocument.text",
                                           "Object 2": "application/vnd.sun.star.oleobject",
                                           "Attachments/annex.pdf": "application/pdf"}),
    }
    extraction, sink = run_extractor(odf_package(tmp_path / "minutes.odt", parts), OdfExtractor())
    assert extraction.status is Status.OK
    assert extraction.text == ("Board minutes\nSee the chart below.\n\n[Embedded object: Object 1]\n"
                               "Revenue by quarter\nQ3 4.2 MUSD")
    assert statuses(sink) == {"Object 1/Object 3": None, "Object 2": None, "Attachments/annex.pdf": None}
    assert blob_bytes(sink, "Object 2") == ole and blob_bytes(sink, "Attachments/annex.pdf") == pdf
    assert sink.members[1].meta["odf_media_type"] == "application/vnd.sun.star.oleobject"
    assert extraction.metadata["embedded_documents"] == ["Object 1"]


def test_odt_hostile_embedded_parts(tmp_path: Path, run_extractor: RunExtractor) -> None:
    parts: dict[str, bytes | str] = {
        "content.xml": odf_content("Main text"),
        "Object 1/content.xml": "<broken",
        "Object 2/content.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        **{f"Object {n}": f"binary {n}".encode() for n in range(3, 13)},
        "bomb.bin": b"\0" * 3_000_000,
        "META-INF/manifest.xml": manifest({"Object 3": "application/vnd.sun.star.oleobject"}),
    }
    path = odf_package(tmp_path / "hostile.odt", parts)
    extraction, sink = run_extractor(path, OdfExtractor(), Limits(ratio_min_bytes=1000, max_ratio=50))
    assert extraction.status is Status.OK and extraction.text == "Main text"
    assert "Object 1" in extraction.detail and "Object 2" in extraction.detail
    assert statuses(sink)["bomb.bin"] is Status.SKIPPED_BOMB
    assert blob_bytes(sink, "Object 12") == b"binary 12"
    few, sink = run_extractor(path, OdfExtractor(), Limits(max_members=3))
    assert few.status is Status.SKIPPED_BOMB and len(sink.members) == 3
    assert few.metadata["not_extracted"] == 8


def test_odt_entry_encrypted_by_manifest_is_listed_as_encrypted(tmp_path: Path, run_extractor: RunExtractor) -> None:
    rows = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="Object 1" manifest:media-type="application/octet-stream">'
            '<manifest:encryption-data manifest:checksum="x"/></manifest:file-entry></manifest:manifest>')
    path = odf_package(tmp_path / "partly.odt", {"content.xml": odf_content("Visible"), "Object 1": b"\x8f\x13",
                                                 "META-INF/manifest.xml": rows})
    extraction, sink = run_extractor(path, OdfExtractor())
    assert extraction.status is Status.OK and statuses(sink) == {"Object 1": Status.ENCRYPTED}


# --- public sample corpus -------------------------------------------------------------------------


@pytest.mark.corpus
@needs_corpus
def test_corpus_word_document_embedded_in_rtf(tmp_path: Path, run_extractor: RunExtractor) -> None:
    document = (Path(CORPUS or "") / "office/tika__testWORD.doc").read_bytes()
    path = write(tmp_path / "wrapper.rtf", rtf_document(b"Wrapper ", rtf_object(ole1(b"Word.Document.8", document))))
    extraction, sink = run_extractor(path, RtfExtractor())
    assert extraction.status is Status.OK
    assert [m.name for m in sink.members] == ["Word.Document.8.doc"]
    assert blob_bytes(sink, "Word.Document.8.doc") == document


@pytest.mark.corpus
@needs_corpus
def test_corpus_odt_and_rtf_have_no_false_children(tmp_path: Path, run_extractor: RunExtractor) -> None:
    with zipfile.ZipFile(Path(CORPUS or "") / "archives/tika__test-documents.zip") as zf:
        odt = write(tmp_path / "testOpenOffice2.odt", zf.read("testOpenOffice2.odt"))
        rtf = write(tmp_path / "testRTF.rtf", zf.read("testRTF.rtf"))
    extraction, sink = run_extractor(odt, OdfExtractor())
    assert extraction.status is Status.OK and sink.members == []  # Thumbnails/thumbnail.pdf is a rendering
    extraction, sink = run_extractor(rtf, RtfExtractor())
    assert extraction.status is Status.OK and "indexation" in extraction.text and sink.members == []
    assert rtf_text.code_page(rtf.read_bytes()) == "cp1252"
