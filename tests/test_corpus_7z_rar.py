"""The 7z and RAR extractors on the public sample archives (../shared/corpus): per file, the status
a careful human would give and the members it has (see MANIFEST.tsv).

Skipped unless TROVETRIAGE_CORPUS points at the corpus folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from member_helpers import extract_with

from trovetriage.core.types import Status
from trovetriage.ingest.extractors.rar import NEEDS_UNRAR, RarExtractor
from trovetriage.ingest.extractors.sevenzip import SevenZipExtractor
from trovetriage.ingest.sniff import sniff_file

_CORPUS = os.environ.get("TROVETRIAGE_CORPUS", "")
if not _CORPUS or not Path(_CORPUS).is_dir():
    pytest.skip("TROVETRIAGE_CORPUS is not set to the sample corpus folder", allow_module_level=True)

pytestmark = pytest.mark.corpus

ROOT = Path(_CORPUS)
U, E, T = Status.UNSUPPORTED, Status.ENCRYPTED, Status.TRUNCATED

#: file -> (container status, {member: status}) ; None for a member whose bytes were read.
EXPECTED: dict[str, tuple[Status, dict[str, Status | None]]] = {
    "archives/hoover__d.7z": (Status.OK, {"this/is/deep/recursivitate.eml": None}),
    "archives/py7zr__archive.7z.002": (T, {}),
    "archives/py7zr__encrypted_1.7z": (Status.OK, {"test1.txt": E, "test/test2.txt": E}),
    "archives/py7zr__longpath.7z": (Status.OK, {
        "Users/AnthonyRabon/Downloads/CJ_WS_Spectre-v040920R1_2020-04-09_23-40-44 (1)/"
        "CJ_WS_Spectre-v040920R1_2020-04-09_23-40-44/Suspicious Files/Program Files/WindowsApps/"
        "AD2F1837.HPPrinterControl_110.1.671.0_x64__v10z8vjag6ke6/HP.Framework.Extensions.ScanCapture/"
        "Assets/Arrow.png/Arrow.png/Arrow.png": None,
        "Users/AnthonyRabon/Downloads/CJ_WS_Spectre-v040920R1_2020-04-09_23-40-44 (1)/"
        "CJ_WS_Spectre-v040920R1_2020-04-09_23-40-44/Arrow.png": None}),
    "archives/py7zr__symlink.7z": (Status.OK, {
        "lib/libabc.so": U, "lib/libabc.so.1": U, "lib/libabc.so.1.2": U, "lib/libabc.so.1.2.3": None,
        "lib64": U}),
    "archives/recext__EncryptedWithPlainNames.7z": (Status.OK, {
        "TestData/Foo/Bar/Dolor.txt": E, "TestData/Foo/Ipsum.txt": E, "TestData/Lorem.txt": E}),
    "hostile/ingest__bad7zip.7z": (Status.OK, {"secret.txt": U}),
    "archives/rarfile__rar3-comment-hpsw.rar": (E, {}),
    "archives/rarfile__rar3-old.rar": (T, {"vols/bigfile.txt": T}),
    "archives/rarfile__rar5-symlink-unix.rar": (Status.OK, {"data_link": U, "data.txt": None, "random_link": U}),
    "archives/rarfile__rar5-vols.part2.rar": (T, {}),
    "archives/rarfile__rar5-vols.part3.rar": (T, {"vols/smallfile.txt": None}),
    "archives/rarfile__unicode.rar": (Status.OK, {"уииоотивл.txt": U, "𝐀𝐁𝐁𝐂.txt": U}),
    "archives/tika__test-documents.rar": (Status.OK, {f"test-documents/test{name}": U for name in (
        "EXCEL.xls", "HTML.html", "OpenOffice2.odt", "PDF.pdf", "PPT.ppt", "RTF.rtf", "TXT.txt", "WORD.doc",
        "XML.xml")}),
    "hostile/ingest__badrar.rar": (Status.OK, {"secret.txt": U}),
}


def test_every_7z_and_rar_of_the_corpus_is_expected() -> None:
    found = {str(path.relative_to(ROOT)) for pattern in ("archives/*.7z*", "archives/*.rar", "hostile/*.7z",
                                                          "hostile/*.rar") for path in ROOT.glob(pattern)}
    assert found == set(EXPECTED)


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_status_and_members(relative: str, tmp_path: Path) -> None:
    path = ROOT / relative
    extractor = RarExtractor() if relative.endswith(".rar") else SevenZipExtractor()
    assert extractor.score(sniff_file(path)) > 0
    extraction, sink = extract_with(extractor, path, tmp_path)
    status, members = EXPECTED[relative]
    assert extraction.status == status, extraction.detail
    assert {member.name: member.status for member in sink.members} == members
    if (status == T and not members) or relative.endswith(".002"):
        assert "of a multi-volume set; the other volumes are needed" in extraction.detail


def test_details_say_what_was_not_read(tmp_path: Path) -> None:
    extraction, sink = extract_with(RarExtractor(), ROOT / "archives/tika__test-documents.rar", tmp_path)
    assert NEEDS_UNRAR in extraction.detail
    assert {member.detail for member in sink.members} == {NEEDS_UNRAR}
    _, sink = extract_with(RarExtractor(), ROOT / "hostile/ingest__badrar.rar", tmp_path)
    assert sink.members[0].detail == "symbolic link to /ingestors/tests/fixtures/secret.txt not followed"
    extraction, _ = extract_with(SevenZipExtractor(), ROOT / "archives/py7zr__archive.7z.002", tmp_path)
    assert extraction.detail == "volume 2 of a multi-volume set; the other volumes are needed"
    extraction, _ = extract_with(RarExtractor(), ROOT / "archives/rarfile__rar5-vols.part2.rar", tmp_path)
    assert extraction.detail.startswith("volume 2 of a multi-volume set; the other volumes are needed")
