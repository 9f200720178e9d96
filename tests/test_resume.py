"""A run killed with SIGKILL at any point, then re-run, gives exactly the items of a clean run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from trove_builders import build_small_trove

BIN = Path(sys.executable).parent / "trovetriage"


def run_index(trove: Path, case: Path) -> None:
    subprocess.run([BIN, "index", str(trove), "--case", str(case), "--quiet", "--jobs", "2"], check=True,
                   capture_output=True)


def snapshot(case: Path, out: Path) -> tuple[list[tuple[str, str, str | None, str]], int]:
    subprocess.run([BIN, "export", "--case", str(case), "--format", "jsonl", "--output", str(out)], check=True,
                   capture_output=True)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    items = sorted((r["item_id"], r["path"], r["sha256"], r["status"]) for r in records)
    found = subprocess.run([BIN, "search", "", "--case", str(case), "--json", "--limit", "1"], check=True,
                           capture_output=True, text=True)
    return items, json.loads(found.stdout)["total"]


@pytest.mark.slow
def test_sigkill_at_many_points_then_resume_matches_clean_run(tmp_path: Path) -> None:
    trove = build_small_trove(tmp_path, copies=150)
    clean_case = tmp_path / "clean"
    run_index(trove, clean_case)
    expected, expected_docs = snapshot(clean_case, tmp_path / "clean.jsonl")
    assert expected_docs == len(expected) > 600

    case = tmp_path / "killed"
    kills = 0
    for delay in (0.3, 0.8, 1.3, 1.9, 2.6, 3.5):
        process = subprocess.Popen([BIN, "index", str(trove), "--case", str(case), "--quiet", "--jobs", "2"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        time.sleep(0.3)  # orphaned workers notice the closed pipe and leave
    assert kills >= 2
    run_index(trove, case)
    got, docs = snapshot(case, tmp_path / "killed.jsonl")
    assert got == expected
    assert docs == len(expected)


def test_no_process_is_left_running(tmp_path: Path) -> None:
    trove = build_small_trove(tmp_path, copies=3)
    process = subprocess.Popen([BIN, "index", str(trove), "--case", str(tmp_path / "c"), "--quiet"],
                               start_new_session=True)
    assert process.wait(timeout=120) == 0
    deadline = time.monotonic() + 10
    while True:
        leftover = subprocess.run(["ps", "-o", "pid=,args=", "-s", str(process.pid)], capture_output=True,
                                  text=True).stdout.strip()
        if not leftover or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert leftover == ""
