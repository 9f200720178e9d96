"""Shared fixtures: run one extractor on one file the way an ingest worker does. And a private
settings folder: Qt files the GUI's settings (recent cases, search history) under XDG_CONFIG_HOME,
which points into a throwaway folder for the whole run, so tests never touch the user's own."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from member_helpers import extract_with

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction
from trovetriage.ingest.extractors.base import ChildSink, Extractor

RunExtractor = Callable[..., tuple[Extraction, ChildSink]]

os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="trovetriage-test-settings-")


@pytest.fixture
def run_extractor(tmp_path: Path) -> RunExtractor:
    """A function (path, extractor, limits=None) -> (Extraction, ChildSink); blobs live in tmp_path."""

    def run(path: Path, extractor: Extractor, limits: Limits | None = None) -> tuple[Extraction, ChildSink]:
        return extract_with(extractor, path, tmp_path, limits)

    return run
