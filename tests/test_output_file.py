"""Exports are written whole or not at all: a failure keeps the old file and leaves no part file."""

from __future__ import annotations

from pathlib import Path

import pytest

from trovetriage.report.output_file import replacing


def test_a_finished_write_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    with replacing(target) as temp:
        temp.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"  # nobody sees the half-written file
    assert target.read_text(encoding="utf-8") == "new" and list(tmp_path.iterdir()) == [target]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_part(tmp_path: Path) -> None:
    target = tmp_path / "items.jsonl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), replacing(target) as temp, temp.open("w", encoding="utf-8") as handle:
        handle.write("half")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old" and list(tmp_path.iterdir()) == [target]
