"""End-to-end ingest through the Case facade: identity, statuses, limits, containment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trove_builders import SHARED_ATTACHMENT, build_small_trove, zip_bytes

from trovetriage.case import Case, CaseError
from trovetriage.core.limits import Limits
from trovetriage.ingest.pipeline import IngestOptions
from trovetriage.report.jsonl import export_jsonl


def ingest_and_export(tmp_path: Path, trove: Path, **options: object) -> dict[str, dict[str, object]]:
    case_dir = tmp_path / "case"
    with Case.open(case_dir, create=True) as case:
        case.ingest([trove], IngestOptions(jobs=2, **options))  # type: ignore[arg-type]
        out = tmp_path / "items.jsonl"
        export_jsonl(case.store, out)
    return {record["path"]: record for record in map(json.loads, out.read_text().splitlines())}


def test_every_file_and_member_is_one_item(tmp_path: Path) -> None:
    trove = build_small_trove(tmp_path)
    items = ingest_and_export(tmp_path, trove)
    expected = {
        "mail/0000-a.eml", "mail/0000-a.eml!report.txt", "mail/0000-b.eml", "mail/0000-b.eml!report.txt",
        "uploads/a.zip", "uploads/a.zip!nested/inner.zip", "uploads/a.zip!nested/inner.zip!Inbox/1.eml",
        "uploads/a.zip!nested/inner.zip!notes.txt", "uploads/a.zip!../../../../tmp/evil.txt",
        "uploads/docs.tar.gz", "uploads/docs.tar.gz!plan.txt", "empty.txt", "blob.bin",
    }
    assert set(items) == expected
    assert len({record["item_id"] for record in items.values()}) == len(expected)


def test_same_attachment_twice_is_two_items_one_content(tmp_path: Path) -> None:
    items = ingest_and_export(tmp_path, build_small_trove(tmp_path))
    first, second = items["mail/0000-a.eml!report.txt"], items["mail/0000-b.eml!report.txt"]
    assert first["sha256"] == second["sha256"]
    assert first["item_id"] != second["item_id"]
    assert first["parent_id"] == items["mail/0000-a.eml"]["item_id"]
    assert first["copies"] == ["mail/0000-b.eml!report.txt"]
    assert first["size"] == len(SHARED_ATTACHMENT)


def test_statuses_kinds_and_metadata(tmp_path: Path) -> None:
    items = ingest_and_export(tmp_path, build_small_trove(tmp_path))
    assert items["empty.txt"]["status"] == "empty"
    assert items["blob.bin"]["status"] == "unsupported"
    assert "no extractor" in items["blob.bin"]["status_detail"]
    mail = items["mail/0000-a.eml"]
    assert (mail["kind"], mail["status"], mail["title"]) == ("email", "ok", "Pipeline report 0")
    assert mail["from"] == "a.karimov@mfa.gov.az" and mail["to"] == ["desk@mofa.gov.bh"]
    assert mail["date"].startswith("2019-03-12")
    assert items["uploads/a.zip"]["kind"] == "archive"
    for key in ("victim", "victim_confidence", "victim_origin", "level", "level_origin"):
        assert mail[key] is None
    assert mail["categories"] == [] and mail["findings"] == [] and mail["reviewed"] is False


def test_traversal_names_stay_names_and_nothing_is_written_outside_the_case(tmp_path: Path) -> None:
    trove = build_small_trove(tmp_path)
    before = {p for p in tmp_path.rglob("*")}
    items = ingest_and_export(tmp_path, trove)
    evil = items["uploads/a.zip!../../../../tmp/evil.txt"]
    assert evil["status"] == "ok"
    after = {p for p in tmp_path.rglob("*")}
    outside = [p for p in after - before if not p.is_relative_to(tmp_path / "case")
               and p.name not in ("items.jsonl",)]
    assert outside == []
    assert not Path("/tmp/evil.txt").exists()


def test_depth_limit_gives_skipped_depth(tmp_path: Path) -> None:
    trove = tmp_path / "deep"
    trove.mkdir()
    data = b"deepest text"
    for level in range(4):
        data = zip_bytes([(f"level{level}.bin" if level else "leaf.txt", data)])
    (trove / "onion.zip").write_bytes(data)
    items = ingest_and_export(tmp_path, trove, limits=Limits(max_depth=2))
    statuses = {path.count("!"): record["status"] for path, record in items.items()}
    assert statuses[0] == statuses[1] == statuses[2] == "ok"
    assert statuses[3] == "skipped_depth"
    assert max(statuses) == 3


def test_case_refuses_a_non_case_folder(tmp_path: Path) -> None:
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "x.txt").write_text("not a case")
    with pytest.raises(CaseError):
        Case.open(tmp_path / "stuff", create=True)
    with pytest.raises(CaseError):
        Case.open(tmp_path / "missing")


def test_second_run_skips_done_items_and_retry_failed_reextracts(tmp_path: Path) -> None:
    trove = build_small_trove(tmp_path)
    case_dir = tmp_path / "case"
    with Case.open(case_dir, create=True) as case:
        first = case.ingest([trove], IngestOptions(jobs=1))
        second = case.ingest([trove], IngestOptions(jobs=1))
        assert first.items_done == 13
        assert second.items_done == 0 and second.items_skipped == 6
        third = case.ingest([trove], IngestOptions(jobs=1, retry_failed=True))
        assert third.contents_extracted == 1  # blob.bin, unsupported, tried again
        assert case.store.item_count() == 13
        assert case.search("").total == 13


def recursive_bomb(tmp_path: Path) -> Path:
    """A folder holding r.zip: sixteen copies of a zip of sixteen copies of a zip of sixteen texts."""
    trove = tmp_path / "bomb"
    trove.mkdir()
    data = b"A" * 20_000
    for level in range(3):
        data = zip_bytes([(f"{level}-{n}.zip" if level else f"{n}.txt", data) for n in range(16)])
    (trove / "r.zip").write_bytes(data)
    return trove


def test_recursive_copy_bomb_is_listed_then_stopped(tmp_path: Path) -> None:
    trove = recursive_bomb(tmp_path)
    items = ingest_and_export(tmp_path, trove, limits=Limits(max_ratio=20.0, ratio_min_bytes=100_000))
    statuses = [record["status"] for record in items.values()]
    assert "skipped_bomb" in statuses
    assert len(items) < 16 ** 3  # a full expansion would be 16 + 256 + 4096 + ...
    tripped = [r for r in items.values() if "recursive bomb" in str(r["status_detail"])]
    assert tripped and all(r["status"] == "skipped_bomb" for r in tripped)


def test_the_file_a_recursive_bomb_came_in_is_itself_a_bomb(tmp_path: Path) -> None:
    """A careful human calls the file a bomb, not only its stopped members; the index says so too, once."""
    trove = recursive_bomb(tmp_path)
    (trove / "fine.txt").write_text("nothing to see")
    with Case.open(tmp_path / "case", create=True) as case:
        report = case.ingest([trove], IngestOptions(jobs=2, limits=Limits(max_ratio=20.0, ratio_min_bytes=100_000)))
        root = next(case.store.item_rows("WHERE i.path = ?", ("r.zip",)))
        assert root["status"] == "skipped_bomb" and root["parent_id"] is None
        assert root["status_detail"].startswith("recursive bomb: archives nested ")
        assert case.store.count_by("status") == {"ok": report.by_status["ok"],
                                                 "skipped_bomb": report.by_status["skipped_bomb"]}
        hits = case.search("", limit=10_000).hits
        assert len(hits) == case.store.item_count()  # sent again to the index, never twice
        assert {hit.path: hit.status for hit in hits}["r.zip"] == "skipped_bomb"
        assert sum(report.by_status.values()) == report.items_done

def test_a_hanging_or_crashing_parser_costs_one_item(tmp_path: Path) -> None:
    from pool_targets import behave_by_name

    trove = tmp_path / "bad"
    trove.mkdir()
    for name in ("hang", "segfault", "fine.txt"):
        (trove / name).write_bytes(name.encode())
    limits = Limits(timeout_base_s=2.0, timeout_per_mib_s=0.0)
    items = ingest_and_export(tmp_path, trove, limits=limits, work=behave_by_name)
    assert items["hang"]["status"] == "timeout" and "longer than 2 s" in items["hang"]["status_detail"]
    assert items["segfault"]["status"] == "corrupt" and "SIGSEGV" in items["segfault"]["status_detail"]
    assert items["fine.txt"]["status"] == "ok"
    assert items["fine.txt"]["mime"] == "text/plain"


def test_a_bomb_root_found_while_its_document_is_in_flight_is_replaced_in_the_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row goes to the index at once (batches of one), so the root's first document ("ok") is
    sent long before the bomb is found; the index must still end up saying skipped_bomb."""
    from trovetriage.case import index_feed

    monkeypatch.setattr(index_feed, "BATCH", 1)
    trove = recursive_bomb(tmp_path)
    with Case.open(tmp_path / "case", create=True) as case:
        case.ingest([trove], IngestOptions(jobs=1, limits=Limits(max_ratio=20.0, ratio_min_bytes=100_000)))
        hits = case.search("", limit=10_000).hits
        assert len(hits) == case.store.item_count()
        assert {hit.path: hit.status for hit in hits}["r.zip"] == "skipped_bomb"
