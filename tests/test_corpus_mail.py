"""The public sample mails and mailboxes (TROVETRIAGE_CORPUS): nothing raises, every status is valid."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from trovetriage.core.types import Status
from trovetriage.ingest.extractors.email_rfc822 import EmailExtractor
from trovetriage.ingest.extractors.mbox import MboxExtractor

pytestmark = pytest.mark.corpus


def corpus_folder(name: str) -> Path:
    root = os.environ.get("TROVETRIAGE_CORPUS")
    if not root:
        pytest.skip("TROVETRIAGE_CORPUS is not set")
    folder = Path(root) / name
    if not folder.is_dir():
        pytest.skip(f"corpus folder {folder} is missing")
    return folder


def files(name: str) -> list[Path]:
    root = os.environ.get("TROVETRIAGE_CORPUS")
    folder = Path(root) / name if root else None
    if folder is None or not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.is_file())


def _ids(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


@pytest.mark.parametrize("path", files("eml") or [None], ids=_ids(files("eml")) or ["absent"])
def test_every_sample_mail(run_extractor: Any, path: Path | None) -> None:
    corpus_folder("eml")
    assert path is not None
    extraction, sink = run_extractor(path, EmailExtractor())
    assert isinstance(extraction.status, Status)
    extraction.text.encode("utf-8")  # storable: no lone surrogates from raw 8-bit bytes
    for member in sink.members:
        assert member.name
        assert member.sha256 is not None or member.status is not None


@pytest.mark.parametrize("path", files("mbox") or [None], ids=_ids(files("mbox")) or ["absent"])
def test_every_sample_mailbox(run_extractor: Any, path: Path | None) -> None:
    corpus_folder("mbox")
    assert path is not None
    extraction, sink = run_extractor(path, MboxExtractor())
    assert isinstance(extraction.status, Status)
    assert extraction.metadata["messages"] == len(sink.members)
    assert [member.name for member in sink.members] == [str(index) for index in range(len(sink.members))]
    for index in range(len(sink.members)):
        record = sink.members[index]
        assert record.sha256 is not None
        # every message is itself readable by the e-mail extractor
        message_path = sink.blobs.path_for(record.sha256)
        inner, _ = run_extractor(message_path, EmailExtractor())
        assert isinstance(inner.status, Status)
