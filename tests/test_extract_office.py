"""Office extractors on tiny packages built here: text, properties, labels, embeddings, XML attacks."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from conftest import RunExtractor

from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Sniffed, Status
from trovetriage.ingest.extractors.odf import OdfExtractor
from trovetriage.ingest.extractors.ole_office import LegacyOfficeExtractor
from trovetriage.ingest.extractors.ooxml import OoxmlExtractor
from trovetriage.ingest.extractors.rtf import RtfExtractor
from trovetriage.ingest.extractors.zip import ZipExtractor

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOC = f'<w:document {W}><w:body><w:p><w:r><w:t>Quarterly</w:t></w:r><w:r><w:t xml:space="preserve"> payroll</w:t>' \
      '</w:r></w:p><w:p><w:r><w:t>second line</w:t></w:r></w:p></w:body></w:document>'
CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
        '<dc:title>Payroll 2024</dc:title><dc:creator>Alice</dc:creator><cp:lastModifiedBy>Bob</cp:lastModifiedBy>'
        '<dcterms:created>2024-05-17T12:30:00Z</dcterms:created></cp:coreProperties>')
APP = '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">' \
      '<Company>Acme Ltd</Company><Manager>Carol</Manager></Properties>'
GUID = "3a0b1c2d-0000-4000-8000-123456789abc"
CUSTOM = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
          'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
          f'<property name="MSIP_Label_{GUID}_Name" pid="2"><vt:lpwstr>Confidential</vt:lpwstr></property>'
          f'<property name="MSIP_Label_{GUID}_SiteId" pid="3"><vt:lpwstr>tenant-42</vt:lpwstr></property>'
          '</Properties>')
TYPES = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";" if i else "&lol;") * 10}">' for i in range(9))
        + f']><w:document {W}><w:body><w:p><w:r><w:t>&lol8;</w:t></w:r></w:p></w:body></w:document>')
XXE = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "http://attacker.invalid/x">]>'
       f'<w:document {W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')


def package(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def docx(path: Path, document: str = DOC, extra: dict[str, str | bytes] | None = None) -> Path:
    parts: dict[str, str | bytes] = {"[Content_Types].xml": TYPES, "word/document.xml": document,
                                     "docProps/core.xml": CORE, "docProps/app.xml": APP}
    parts.update(extra or {})
    return package(path, parts)


def sniffed(mime: str, name: str) -> Sniffed:
    return Sniffed(mime, mime, Path(name).suffix, name, 10)


def test_scores_outbid_zip_and_text() -> None:
    docx_mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert OoxmlExtractor().score(sniffed(docx_mime, "a.docx")) > ZipExtractor().score(sniffed(docx_mime, "a.docx"))
    assert OoxmlExtractor().score(sniffed("application/zip", "a.xlsx")) > ZipExtractor().score(
        sniffed("application/zip", "a.xlsx"))
    assert OoxmlExtractor().score(sniffed("application/octet-stream", "a.xlsx")) > 0
    assert OoxmlExtractor().score(sniffed("application/zip", "a.zip")) == 0
    assert OdfExtractor().score(sniffed("application/vnd.oasis.opendocument.text", "a.odt")) == 100
    assert RtfExtractor().score(sniffed("text/rtf", "a.rtf")) == 100
    assert LegacyOfficeExtractor().score(sniffed("application/encrypted", "a.docx")) == 100
    assert LegacyOfficeExtractor().score(sniffed("application/x-ole-storage", "a.doc")) == 90


def test_office_names_on_text_content_are_left_to_the_text_extractor() -> None:
    """Content decides: text called .odt or .docx is not a zip, so no office extractor claims it."""
    assert OdfExtractor().score(sniffed("text/plain", "a.odt")) == 0
    assert OoxmlExtractor().score(sniffed("text/plain", "a.docx")) == 0
    assert OdfExtractor().score(sniffed("application/zip", "a.odt")) > ZipExtractor().score(
        sniffed("application/zip", "a.odt"))

def test_docx_text_properties_and_label(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = docx(tmp_path / "a.docx", extra={"docProps/custom.xml": CUSTOM})
    extraction, _ = run_extractor(path, OoxmlExtractor())
    assert extraction.status is Status.OK, extraction.detail
    assert extraction.kind is Kind.DOCUMENT
    assert "Quarterly payroll\nsecond line" in extraction.text
    assert extraction.title == "Payroll 2024"
    meta = extraction.metadata
    assert (meta["creator"], meta["last_modified_by"], meta["company"], meta["manager"]) == (
        "Alice", "Bob", "Acme Ltd", "Carol")
    assert meta["sensitivity_labels"] == [{"label_id": GUID, "name": "Confidential", "tenant_id": "tenant-42"}]
    assert extraction.date is not None and extraction.date.year == 2024


def test_docx_embedded_object_becomes_child(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = docx(tmp_path / "e.docx", extra={"word/embeddings/oleObject1.bin": b"secret attachment bytes"})
    extraction, sink = run_extractor(path, OoxmlExtractor())
    assert extraction.status is Status.OK
    assert [(m.name, m.status) for m in sink.members] == [("word/embeddings/oleObject1.bin", None)]
    assert sink.blobs.path_for(sink.members[0].sha256 or "").read_bytes() == b"secret attachment bytes"


def test_xml_bomb_refused_quickly(tmp_path: Path, run_extractor: RunExtractor) -> None:
    started = time.monotonic()
    extraction, _ = run_extractor(docx(tmp_path / "bomb.docx", BOMB), OoxmlExtractor())
    assert extraction.status is Status.SKIPPED_BOMB
    assert "entity" in extraction.detail
    assert time.monotonic() - started < 2


def test_xxe_not_fetched(tmp_path: Path, run_extractor: RunExtractor) -> None:
    """An external entity is left out, never fetched; the document's own text is still worth reading."""
    extraction, _ = run_extractor(docx(tmp_path / "xxe.docx", XXE.replace("&xxe;", "before &xxe; after")),
                                  OoxmlExtractor())
    assert extraction.status is Status.OK
    assert extraction.text.startswith("before  after")
    assert "external entity refused (not fetched): xxe (http://attacker.invalid/x)" in extraction.detail


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE d [<!ENTITY xxe SYSTEM "http://a.invalid/"><!ENTITY lol "lol">]>',  # an internal one too
    '<!DOCTYPE d [<!ENTITY % p SYSTEM "http://a.invalid/">%p;<!ENTITY xxe SYSTEM "x">]>',  # parameter entity
    # a DOCTYPE hidden in a literal of the real one must not be taken for it
    """<!DOCTYPE d [<!ENTITY xxe SYSTEM "]"><!ENTITY c '<!DOCTYPE z [<!ENTITY q SYSTEM "x">]>'>]>""",
])
def test_xxe_with_anything_else_in_the_dtd_stays_refused(tmp_path: Path, run_extractor: RunExtractor,
                                                         doctype: str) -> None:
    document = f'<?xml version="1.0"?>{doctype}<w:document {W}><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>' \
               '</w:body></w:document>'
    extraction, _ = run_extractor(docx(tmp_path / "mixed.docx", document), OoxmlExtractor())
    assert extraction.status is Status.CORRUPT
    assert "refused" in extraction.detail and extraction.text == ""


def test_docx_without_its_central_directory_keeps_its_text(tmp_path: Path, run_extractor: RunExtractor) -> None:
    """A cut download loses the directory at the end first; the parts before it are intact and worth reading."""
    whole = docx(tmp_path / "whole.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[: whole.index(b"PK\x01\x02") + 20])
    extraction, _ = run_extractor(cut, OoxmlExtractor())
    assert (extraction.status, extraction.kind, extraction.title) == (Status.TRUNCATED, Kind.DOCUMENT, "Payroll 2024")
    assert extraction.text.startswith("Quarterly payroll")
    assert "central directory is missing" in extraction.detail and "salvaged from 4 local headers" in extraction.detail
    ragged = tmp_path / "ragged.docx"  # the last part is cut too: the parts before it still count
    ragged.write_bytes(whole[: whole.index(b"docProps/app.xml") + 30])  # 14 bytes into app.xml's data
    assert run_extractor(ragged, OoxmlExtractor())[0].text.startswith("Quarterly payroll")

def test_xlsx_shared_strings_read_once(tmp_path: Path, run_extractor: RunExtractor) -> None:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    cells = "".join(f'<c r="A{i}" t="s"><v>0</v></c>' for i in range(2000))
    path = package(tmp_path / "s.xlsx", {
        "[Content_Types].xml": TYPES,
        "xl/sharedStrings.xml": f'<sst {ns}><si><t>{"huge " * 2000}</t></si></sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet {ns}><sheetData><row>{cells}<c r="B1"><v>42</v></c>'
                                    '<c r="C1" t="inlineStr"><is><t>inline</t></is></c></row></sheetData></worksheet>',
    })
    extraction, _ = run_extractor(path, OoxmlExtractor(), Limits(max_text_chars=100_000))
    assert extraction.status is Status.OK and extraction.kind is Kind.SPREADSHEET
    assert extraction.text.count("huge") == 2000  # once, not once per referencing cell
    assert "42" in extraction.text and "inline" in extraction.text


def test_text_budget_and_ratio_bomb(tmp_path: Path, run_extractor: RunExtractor) -> None:
    big = f'<w:document {W}><w:body>' + "<w:p><w:r><w:t>word</w:t></w:r></w:p>" * 50_000 + "</w:body></w:document>"
    path = docx(tmp_path / "big.docx", big)
    extraction, _ = run_extractor(path, OoxmlExtractor(), Limits(max_text_chars=1000))
    assert extraction.status is Status.OK and len(extraction.text) <= 1000 and "text cut" in extraction.detail
    bomb, _ = run_extractor(path, OoxmlExtractor(), Limits(ratio_min_bytes=1000, max_ratio=5))
    assert bomb.status is Status.SKIPPED_BOMB


def test_not_a_zip_and_truncated(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = docx(tmp_path / "t.docx")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert run_extractor(cut, OoxmlExtractor())[0].status is Status.TRUNCATED
    odt = tmp_path / "x.odt"
    odt.write_bytes(b"This is not a zip file!\n")
    assert run_extractor(odt, OdfExtractor())[0].status is Status.CORRUPT


def test_odt_text_meta_and_encrypted(tmp_path: Path, run_extractor: RunExtractor) -> None:
    text_ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' \
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    content = f'<office:document-content {text_ns}><office:body><office:text><text:h>Board minutes</text:h>' \
              '<text:p>Wire<text:s text:c="2"/>transfer <text:span>approved</text:span></text:p>' \
              '</office:text></office:body></office:document-content>'
    meta = ('<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>Minutes</dc:title>'
            '<meta:initial-creator>Dave</meta:initial-creator></office:meta></office:document-meta>')
    path = package(tmp_path / "m.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                                        "content.xml": content, "meta.xml": meta})
    extraction, _ = run_extractor(path, OdfExtractor())
    assert extraction.status is Status.OK and extraction.title == "Minutes"
    assert "Board minutes\nWire  transfer approved" in extraction.text
    assert extraction.metadata["creator"] == "Dave"
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
                '<manifest:encryption-data manifest:checksum="x"/></manifest:file-entry></manifest:manifest>')
    locked = package(tmp_path / "l.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                                          "content.xml": b"\x8f\x00garbage", "META-INF/manifest.xml": manifest})
    assert run_extractor(locked, OdfExtractor())[0].status is Status.ENCRYPTED


def test_rtf(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = tmp_path / "a.rtf"
    path.write_bytes(rb"{\rtf1\ansi{\info{\title Leak plan}{\author Eve}}\pard Hello \b world\b0\par}")
    extraction, _ = run_extractor(path, RtfExtractor())
    assert extraction.status is Status.OK and "Hello world" in extraction.text
    assert extraction.title == "Leak plan" and extraction.metadata["creator"] == "Eve"


def test_legacy_non_ole_is_corrupt(tmp_path: Path, run_extractor: RunExtractor) -> None:
    path = tmp_path / "fake.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    assert run_extractor(path, LegacyOfficeExtractor())[0].status is Status.CORRUPT
