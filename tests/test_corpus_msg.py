"""The public .msg and TNEF samples (TROVETRIAGE_CORPUS): status, a word of the text, attachments."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from trovetriage.core.types import Kind, Status
from trovetriage.ingest.extractors.outlook_msg import OutlookMsgExtractor
from trovetriage.ingest.extractors.tnef import TnefExtractor
from trovetriage.ingest.sniff import MIME_MSG, sniff_file

pytestmark = pytest.mark.corpus

ROOT = os.environ.get("TROVETRIAGE_CORPUS")
if not ROOT:
    pytest.skip("TROVETRIAGE_CORPUS is not set", allow_module_level=True)
CORPUS = Path(ROOT)

#: file -> (status, a word of the text, attachment count or None when not pinned)
MSG_EXPECTED: dict[str, tuple[Status, str, int | None]] = {
    "msg/msgx__unicode.msg": (Status.OK, "experiment", 2),
    "msg/tika__testMSG_att_msg.msg": (Status.OK, "msg attachment", 2),
    "msg/tika__testMSG_att_doc.msg": (Status.OK, "contenu", 2),
    "msg/poi__ASCII_CP1251_LCID1049.msg": (Status.OK, "автоматически", 0),
    "msg/tika__testMSG_Task.msg": (Status.OK, "lazy dog", 0),
    "msg/ingest__piste.msg": (Status.OK, "Piste", 0),
    "msg/msgreader__EmailWithInnerMailAndAttachments.msg": (Status.OK, "Outer mail", 3),
    "msg/msgreader__EmailWithMsgAttachment.msg": (Status.OK, "Msg Attachment Test", 1),
    "msg/poi__53784_fails.msg": (Status.OK, "La Tetra", 0),
    "msg/poi__bug66335.msg": (Status.OK, "Bestellbest", 0),
    "msg/poi__outlook_30_msg.msg": (Status.OK, "IN-SPIRE", 0),
}


def _path(relative: str) -> Path:
    path = CORPUS / relative
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return path


@pytest.mark.parametrize("relative", sorted(MSG_EXPECTED))
def test_msg_sample(run_extractor: Any, relative: str) -> None:
    status, word, attachments = MSG_EXPECTED[relative]
    path = _path(relative)
    assert sniff_file(path).mime == MIME_MSG
    extraction, sink = run_extractor(path, OutlookMsgExtractor())
    assert extraction.status == status, extraction.detail
    assert word.lower() in extraction.text.lower()
    assert extraction.metadata["message_class"]
    if attachments is not None:
        assert len(sink.members) == attachments
    assert all(member.sha256 for member in sink.members)
    extraction.text.encode("utf-8")


def test_embedded_msg_is_a_msg_child(run_extractor: Any) -> None:
    _, sink = run_extractor(_path("msg/tika__testMSG_att_msg.msg"), OutlookMsgExtractor())
    child = next(member for member in sink.members if member.name.endswith(".msg"))
    assert child.name == "Test Attachment.msg" and child.sha256
    inner_path = sink.blobs.path_for(child.sha256)
    inner, _ = run_extractor(inner_path, OutlookMsgExtractor())
    assert inner.status == Status.OK, inner.detail
    assert inner.kind == Kind.EMAIL


def test_exchange_sender_keeps_legacy_dn(run_extractor: Any) -> None:
    extraction, _ = run_extractor(_path("msg/tika__testMSG_att_msg.msg"), OutlookMsgExtractor())
    assert extraction.metadata["sender_legacy_dn"].upper().startswith("/O=PHILLIPS ORMONDE")
    assert extraction.sender == "nick.booth@pof.com.au"
    assert "stitch.pof.com.au" in extraction.metadata["received_hosts"]


def test_task_is_kind_other(run_extractor: Any) -> None:
    extraction, _ = run_extractor(_path("msg/tika__testMSG_Task.msg"), OutlookMsgExtractor())
    assert extraction.kind == Kind.OTHER
    assert extraction.metadata["message_class"] == "IPM.Task"


def test_rfc822_named_msg_is_not_ours() -> None:
    assert sniff_file(_path("msg/ingest__fnf.msg")).mime == "message/rfc822"


@pytest.mark.parametrize("name", [
    "poi__clusterfuzz-testcase-minimized-POIHSMFFuzzer-4735011465854976.msg",
    "poi__clusterfuzz-testcase-minimized-POIHSMFFuzzer-5336473854148608.msg",
])
def test_fuzzed_msg_never_crashes(run_extractor: Any, name: str) -> None:
    started = time.monotonic()
    extraction, sink = run_extractor(_path(f"hostile/{name}"), OutlookMsgExtractor())
    assert extraction.status in (Status.OK, Status.CORRUPT)
    assert extraction.detail
    assert time.monotonic() - started < 10
    assert all(member.sha256 or member.status for member in sink.members)


def test_winmail_dat(run_extractor: Any) -> None:
    extraction, sink = run_extractor(_path("misc/tika__testWINMAIL.dat"), TnefExtractor())
    assert extraction.status == Status.OK, extraction.detail
    assert extraction.kind == Kind.EMAIL
    assert "five files" in extraction.text.lower()
    assert sorted(member.name for member in sink.members) == [
        "quick.doc", "quick.html", "quick.pdf", "quick.txt", "quick.xml"]


def test_tnef_oom_sample_is_corrupt_quickly(run_extractor: Any) -> None:
    started = time.monotonic()
    extraction, sink = run_extractor(_path("hostile/poi__oom.tnef"), TnefExtractor())
    assert extraction.status == Status.CORRUPT
    assert time.monotonic() - started < 2
    assert sink.members == []
