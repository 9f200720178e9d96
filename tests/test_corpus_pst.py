"""The public PST samples (TROVETRIAGE_CORPUS): status, message counts, a subject word, child names."""

from __future__ import annotations

import email
import os
import re
from email import policy
from pathlib import Path
from typing import Any

import pytest

from trovetriage.core.types import Kind, Status
from trovetriage.ingest.extractors.pst import PstExtractor
from trovetriage.ingest.sniff import MIME_PST, sniff_file

pytestmark = pytest.mark.corpus

ROOT = os.environ.get("TROVETRIAGE_CORPUS")
if not ROOT:
    pytest.skip("TROVETRIAGE_CORPUS is not set", allow_module_level=True)
CORPUS = Path(ROOT)

#: file -> (status, format, expected messages, child name, a word of that child's subject)
EXPECTED: dict[str, tuple[Status, str, int, str, str]] = {
    "pst/hoover__flags_jane_doe.pst": (Status.OK, "PST Unicode", 8,
                                       "Top of Outlook data file/Sent Items/1", "follow up flag"),
    "pst/pstsdk__sample2.pst": (Status.OK, "PST ANSI", 1, "Top of Outlook data file/Sample2/0", "sample message"),
    "pst/pstsdk__test_unicode.pst": (Status.OK, "PST Unicode", 2, "Top of Personal Folders/Folder/0", "Post"),
}
#: Folder path (names joined by "/") and a 0-based position, or a recovered orphan.
NAME_RULE = re.compile(r"(?:[^/]+(?:/[^/]+)*|\(root\)|\(recovered\))/\d+")


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_pst_sample(run_extractor: Any, relative: str) -> None:
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"{relative} is not in the corpus")
    status, store_format, expected, name, word = EXPECTED[relative]
    assert sniff_file(path).mime == MIME_PST
    extraction, sink = run_extractor(path, PstExtractor())
    assert extraction.status is status, extraction.detail
    assert extraction.kind is Kind.MAILBOX
    assert extraction.title == path.name
    metadata = extraction.metadata
    assert metadata["format"] == store_format
    assert metadata["expected"] == expected
    assert metadata["emitted"] == expected
    assert metadata["failed"] == 0
    assert len(sink.members) == expected
    for member in sink.members:
        assert member.status is None, member.detail
        assert NAME_RULE.fullmatch(member.name), member.name
        assert member.name == f"{member.meta['folder']}/{member.meta['position']}"
        assert member.meta["folder"] in metadata["folders"]
    member = next(m for m in sink.members if m.name == name)
    assert member.sha256 is not None
    parsed = email.message_from_bytes(sink.blobs.path_for(member.sha256).read_bytes(), policy=policy.default)
    assert word in str(parsed["Subject"])
    assert parsed.get_body(("plain", "html")) is not None


def test_attachment_is_a_mime_part(run_extractor: Any) -> None:
    path = CORPUS / "pst/pstsdk__sample2.pst"
    if not path.exists():
        pytest.skip("sample2.pst is not in the corpus")
    _, sink = run_extractor(path, PstExtractor())
    assert sink.members[0].sha256 is not None
    parsed = email.message_from_bytes(sink.blobs.path_for(sink.members[0].sha256).read_bytes(),
                                      policy=policy.default)
    attachments = list(parsed.iter_attachments())
    assert [part.get_filename() for part in attachments] == ["leah_thumper.jpg"]
    assert attachments[0].get_content()[:3] == b"\xff\xd8\xff"  # JPEG


def test_password_is_noted_not_blocking(run_extractor: Any) -> None:
    path = CORPUS / "pst/pstsdk__test_unicode.pst"
    if not path.exists():
        pytest.skip("test_unicode.pst is not in the corpus")
    extraction, _ = run_extractor(path, PstExtractor())
    assert extraction.metadata.get("password_protected") is True
    assert extraction.metadata["encryption"] == "compressible"
