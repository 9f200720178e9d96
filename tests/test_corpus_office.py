"""Office extractors on the public sample corpus: the status a careful human would give each file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import RunExtractor

from trovetriage.core.types import Status
from trovetriage.ingest.extractors.base import Extractor
from trovetriage.ingest.extractors.odf import OdfExtractor
from trovetriage.ingest.extractors.ole_office import LegacyOfficeExtractor
from trovetriage.ingest.extractors.ooxml import OoxmlExtractor
from trovetriage.ingest.extractors.rtf import RtfExtractor
from trovetriage.ingest.sniff import sniff_file

CORPUS = os.environ.get("TROVETRIAGE_CORPUS")
if not CORPUS:
    pytest.skip("TROVETRIAGE_CORPUS is not set", allow_module_level=True)

pytestmark = pytest.mark.corpus
EXTRACTORS: list[Extractor] = [OoxmlExtractor(), OdfExtractor(), RtfExtractor(), LegacyOfficeExtractor()]
OK, ENC = Status.OK, Status.ENCRYPTED
#: file -> (acceptable statuses, a word expected in the text or "")
EXPECTED: dict[str, tuple[set[Status], str]] = {
    "office/msgreader__Issue332.rtf": ({OK}, "Dummy"),
    "office/oletools__embedded-simple-2007.doc": ({OK}, "contains an embedded file"),
    "office/oletools__encrypted.docx": ({ENC}, ""),
    "office/oletools__encrypted.ppt": ({ENC}, ""),
    "office/oletools__encrypted.xls": ({ENC}, ""),
    "office/oletools__sample_with_vba.ppt": ({OK}, "PPT VBA TEST"),
    "office/poi__external_name.xls": ({OK}, "PREPARATORY PERIOD"),
    "office/poi__protected_agile.docx": ({OK}, "Agile"),
    "office/poi__protected_sha512.xlsx": ({ENC}, ""),
    "office/tika__EmbeddedOutlook.docx": ({OK}, "outlook"),
    "office/tika__test-columnar.ods": ({OK}, "Record"),
    "office/tika__testEXCEL.xlsb": ({OK}, "Excel 2007 Beta 2"),
    "office/tika__testEXCEL_95.xls": ({OK}, "Foglio1"),  # the sheet holds no values, only its name
    "office/tika__testEXCEL_macro.xlsm": ({OK}, "macro"),
    "office/tika__testEXCEL_protected_passtika.xls": ({ENC}, ""),
    "office/tika__testPPT.ppt": ({OK}, "Sample Powerpoint Slide"),
    "office/tika__testPPT.pptx": ({OK}, "Attachment"),
    "office/tika__testRTFInvalidUnicode.rtf": ({OK}, "Unpaired"),
    "office/tika__testWORD.doc": ({OK}, "sample Microsoft Word Document"),
    "office/tika__testWORD.docx": ({OK}, "Heading"),
    "office/tika__testWORD6.doc": ({OK}, "quick brown fox"),  # Word 6/95: 8-bit text at fcMin
    "office/tika__testWORD_embedded_rtf.doc": ({OK}, "The main doc"),
    "office/tika__testWORD_embeded.doc": ({OK}, "quick brown fox"),
    "office/tika__testWORD_protected_passtika.docx": ({ENC}, ""),
    "office/tika__testWORD_signed.docx": ({OK}, "signed"),
    "hostile/poi__poc-xmlbomb.xlsx": ({Status.SKIPPED_BOMB}, ""),
    "hostile/poi__poc-shared-strings.xlsx": ({OK, Status.SKIPPED_BOMB}, ""),
    "hostile/poi__ExternalEntityInText.docx": ({OK}, "Here should not be the POI web site"),
    "hostile/poi__duplicate-filename.xlsx": ({OK, Status.CORRUPT}, ""),
    "hostile/poi__truncated62886.docx": ({Status.TRUNCATED}, "IMPORTADORA"),
    "hostile/poi__clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-5636439151607808.xlsx":
        ({Status.TRUNCATED, Status.CORRUPT}, ""),
    # hostile/tika__testODTnotaZipFile.odt is plain text: no office extractor claims it (corpus_expectations.tsv)
    "hostile/oletools__dde-test.docx": ({OK}, "dde"),
    "hostile/oletools__sample_with_lnk_file.doc": ({OK}, ""),  # no text; the .lnk is a child
    "misc/hoover__file_doc": ({OK}, "Abstract"),
}


def best(path: Path) -> Extractor:
    sniffed = sniff_file(path)
    extractor = max(EXTRACTORS, key=lambda e: e.score(sniffed))
    assert extractor.score(sniffed) > 0, f"no office extractor for {sniffed.mime}"
    return extractor


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_corpus_file(relative: str, run_extractor: RunExtractor) -> None:
    path = Path(CORPUS or "") / relative
    if not path.exists():
        pytest.skip(f"{relative} not in this corpus")
    statuses, word = EXPECTED[relative]
    extraction, _ = run_extractor(path, best(path))
    assert extraction.status in statuses, extraction.detail
    assert len(extraction.text) <= 4_000_000
    if word:
        assert word.lower() in extraction.text.lower()
