"""Byte-split volume sets (`x.7z.001`, `x.zip.002`) are read joined; incomplete sets say what is missing."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import py7zr
import pytest
from click.testing import CliRunner

from trovetriage.cli import main
from trovetriage.ingest.split_sets import JoinedFile, find_split_sets, hash_joined


def split_into(data: bytes, folder: Path, name: str, pieces: int) -> list[Path]:
    """Cut `data` into `pieces` numbered files like 7-Zip's "split to volumes" does."""
    step = -(-len(data) // pieces)
    paths = []
    for number in range(pieces):
        path = folder / f"{name}.{number + 1:03d}"
        path.write_bytes(data[number * step:(number + 1) * step])
        paths.append(path)
    return paths


def seven_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return buffer.getvalue()


def test_joined_file_reads_and_seeks_like_the_concatenation(tmp_path: Path) -> None:
    rng = random.Random(7)
    parts = [rng.randbytes(size) for size in (1000, 0, 1, 4096, 0, 333)]
    paths = []
    for number, part in enumerate(parts):
        path = tmp_path / f"p.{number + 1:03d}"
        path.write_bytes(part)
        paths.append(path)
    whole = b"".join(parts)
    with io.BufferedReader(JoinedFile(paths)) as joined:
        assert joined.read() == whole
        for _ in range(200):
            start = rng.randrange(len(whole) + 10)
            length = rng.randrange(2000)
            joined.seek(start)
            assert joined.read(length) == whole[start:start + length]
        joined.seek(-5, io.SEEK_END)
        assert joined.read() == whole[-5:]
    assert hash_joined(paths)[1] == len(whole)


def test_only_complete_sets_from_001_are_found(tmp_path: Path) -> None:
    names = ["a.7z.001", "a.7z.002", "a.7z.003", "gap.001", "gap.003", "lone.7z.002", "one.001", "x.txt"]
    paths = [tmp_path / name for name in names]
    sets = find_split_sets(paths)
    assert [[p.name for p in s.volumes] for s in sets] == [["a.7z.001", "a.7z.002", "a.7z.003"]]


@pytest.fixture
def exported(tmp_path: Path) -> dict[str, dict[str, object]]:
    trove = tmp_path / "trove"
    trove.mkdir()
    memo = b"minutes of the pipeline tender committee, kestrel clause\n" * 50
    noise = random.Random(1).randbytes(40_000)  # incompressible, so the set really spans the pieces
    split_into(seven_zip({"memo.txt": memo, "noise.bin": noise}), trove, "exfil.7z", 3)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("cable.txt", "note verbale about the osprey visit\n")
        archive.writestr("noise.bin", noise)
    split_into(zipped.getvalue(), trove, "docs.zip", 2)
    (trove / "orphan.7z.002").write_bytes(split_into(seven_zip({"a.txt": noise}), tmp_path, "other.7z", 2)[1]
                                          .read_bytes())
    case = tmp_path / "case"
    runner = CliRunner()
    result = runner.invoke(main, ["index", str(trove), "--case", str(case), "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "items.jsonl"
    result = runner.invoke(main, ["export", "--case", str(case), "--format", "jsonl", "--output", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {str(record["path"]): record for record in records}


def test_split_7z_set_is_read_joined(exported: dict[str, dict[str, object]]) -> None:
    first = exported["exfil.7z.001"]
    assert first["status"] == "ok"
    assert "joined from 3 split volumes" in str(first["status_detail"])
    assert exported["exfil.7z.001!memo.txt"]["status"] == "ok"
    assert exported["exfil.7z.001!noise.bin"]["size"] == 40_000
    for number in (2, 3):
        piece = exported[f"exfil.7z.00{number}"]
        assert piece["status"] == "ok"
        assert f"volume {number} of 3 of the split set exfil.7z.001" in str(piece["status_detail"])


def test_split_zip_set_is_read_joined(exported: dict[str, dict[str, object]]) -> None:
    assert exported["docs.zip.001"]["status"] == "ok"
    assert exported["docs.zip.001!cable.txt"]["status"] == "ok"


def test_piece_of_an_incomplete_set_says_the_others_are_needed(exported: dict[str, dict[str, object]]) -> None:
    orphan = exported["orphan.7z.002"]
    assert orphan["status"] == "truncated"
    assert "volume 2 of a multi-volume set" in str(orphan["status_detail"])
