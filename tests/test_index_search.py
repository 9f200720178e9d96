"""Search engine and writer process on a small index built through IndexWriterProcess."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trovetriage.index import (
    SCHEMA_VERSION,
    CommitAck,
    IndexWriterError,
    IndexWriterProcess,
    QuerySyntaxError,
    SearchEngine,
    index_exists,
    index_generation,
    match_spans,
    read_schema_version,
    reset_index,
)

FILLER = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"]


def make_docs() -> list[dict[str, Any]]:
    utc = dt.UTC
    docs: list[dict[str, Any]] = []
    for i in range(1, 11):
        docs.append({
            "item_key": i,
            "item_id": f"mail-{i}",
            "path": f"uploads/box.mbox!{i - 1}",
            "name": f"{i - 1}",
            "title": f"Meeting minutes {i}",
            "body": f"Dear colleague, the budget report number {i} is attached. Regards",
            "sender": f"officer{i}@mofa.gov.bh" if i <= 6 else f"clerk{i}@example.com",
            "recipients": ["minister@mofa.gov.bh", f"staff{i}@example.com"],
            "date": dt.datetime(2019 if i <= 6 else 2020, i, 10, 12, 0, tzinfo=utc),
            "kind": "email",
            "status": "ok",
            "mime": "message/rfc822",
            "size": 1000 * i,
            "sender_domain": "mofa.gov.bh" if i <= 6 else "example.com",
        })
    special = [
        (11, "Toplantı İstanbul'da", "İSTANBUL ofisinde gizli toplantı yapıldı"),
        (12, "تقرير", "قال مُحَمَّد إن أحمد سيحضر الاجتماع في المكتبة"),
        (13, "보안 안내", "비밀번호를 변경하세요. 계정 정보"),
        (14, "Секретный ДОКЛАД", "Совершенно СЕКРЕТНО: доклад о переговорах"),
        (15, "Raport", "Rezultatele cercetării în ştiinţă şi tehnologie"),
        (16, "Alert", "Click <script>alert(1)</script> to reset your password & win"),
        (17, "Headers", "Nothing special in the body"),
        (18, "Fox", "the quick brown fox jumps over the lazy dog"),
    ]
    for key, title, body in special:
        docs.append({
            "item_key": key,
            "item_id": f"doc-{key}",
            "path": f"uploads/docs/file_{key}.txt",
            "name": f"file_{key}.txt",
            "title": title,
            "body": body,
            "date": dt.datetime(2021, 3, key, tzinfo=utc),
            "kind": "document",
            "status": "ok",
            "mime": "text/plain",
            "size": 500 + key,
        })
    docs[16]["meta"] = "X-MS-Exchange-Organization-AuthAs: Internal mail.mofa.gov.bh"
    for key in range(19, 51):
        words = [FILLER[(key * 7 + j * 3) % len(FILLER)] for j in range(12)]
        docs.append({
            "item_key": key,
            "item_id": f"fill-{key}",
            "path": f"uploads/archive.zip!folder/{key}.pdf",
            "name": f"{key}.pdf",
            "title": f"Filler {key}",
            "body": " ".join(words),
            "date": None if key % 5 == 0 else dt.datetime(2018, 1 + key % 12, 1),
            "kind": "pdf" if key % 2 else "spreadsheet",
            "status": "corrupt" if key % 7 == 0 else "ok",
            "size": 100 * key,
        })
    return docs


DOCS = make_docs()
BODIES = {d["item_key"]: d["body"] for d in DOCS}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[CommitAck]]]:
    index_dir = tmp_path_factory.mktemp("index")
    writer = IndexWriterProcess(index_dir, commit_every=20, commit_seconds=60)
    writer.start()
    acks: list[CommitAck] = []
    writer.send(DOCS[:30])
    writer.send([*DOCS[30:], {"item_key": 999}])  # the last one lacks item_id
    acks += writer.checkpoint()
    acks += writer.close()
    assert not writer.alive
    yield index_dir, acks


@pytest.fixture(scope="module")
def engine(built: tuple[Path, list[CommitAck]]) -> Iterator[SearchEngine]:
    with SearchEngine(built[0]) as eng:
        yield eng


def keys(engine: SearchEngine, query: str, **kwargs: Any) -> set[int]:
    return set(engine.all_keys(query, **kwargs))


# ---------------------------------------------------------------------------- writer


def test_acks_contain_every_key_once(built: tuple[Path, list[CommitAck]]) -> None:
    _, acks = built
    acked = [k for a in acks for k in a.item_keys]
    assert sorted(acked) == list(range(1, 51))
    assert all(a.generation >= 1 for a in acks)
    failed = {k: v for a in acks for k, v in a.failed.items()}
    assert list(failed) == [999] and "item_id" in failed[999]
    assert [a.generation for a in acks] == sorted(a.generation for a in acks)


def test_index_metadata(built: tuple[Path, list[CommitAck]], engine: SearchEngine) -> None:
    index_dir, acks = built
    assert index_exists(index_dir)
    assert index_generation(index_dir) == acks[-1].generation == engine.generation
    assert read_schema_version(index_dir) == SCHEMA_VERSION
    assert engine.doc_count == 50


def test_replace_does_not_duplicate_and_refresh_sees_it(tmp_path: Path) -> None:
    writer = IndexWriterProcess(tmp_path, commit_every=1000)
    writer.start()
    writer.send(DOCS[:5])
    first = writer.checkpoint()
    assert [k for a in first for k in a.item_keys] == [1, 2, 3, 4, 5]
    with SearchEngine(tmp_path) as eng:
        assert eng.count("budget") == 5
        changed = dict(DOCS[0], body="a completely new text about zeppelins")
        writer.send([changed, DOCS[1]], replace=True)
        acks = writer.close()
        assert [k for a in acks for k in a.item_keys] == [1, 2]
        eng.refresh()
        assert eng.doc_count == 5
        assert eng.all_keys("zeppelins") == [1]
        assert eng.count("budget") == 4
        assert sorted(eng.all_keys("")) == [1, 2, 3, 4, 5]


def test_replace_of_a_doc_buffered_in_the_same_writer(tmp_path: Path) -> None:
    writer = IndexWriterProcess(tmp_path, commit_every=1000)
    writer.start()
    writer.send(DOCS[:3])
    writer.send([dict(DOCS[0], body="zeppelins")], replace=True)
    acks = writer.close()
    assert sorted(k for a in acks for k in a.item_keys) == [1, 1, 2, 3]
    with SearchEngine(tmp_path) as eng:
        assert eng.doc_count == 3
        assert eng.all_keys("zeppelins") == [1]


def test_commit_every_sends_acks_without_checkpoint(tmp_path: Path) -> None:
    writer = IndexWriterProcess(tmp_path, commit_every=10, commit_seconds=0.2)
    writer.start()
    writer.send(DOCS[:25])
    got: list[int] = []
    deadline = time.monotonic() + 30
    while len(got) < 25 and time.monotonic() < deadline:
        got += [k for a in writer.poll_acks() for k in a.item_keys]
        time.sleep(0.05)
    assert sorted(got) == list(range(1, 26))  # the 5 left over by commit_every: commit_seconds
    assert writer.close() == []


@pytest.mark.parametrize(("merge", "merged"), [(False, False), (True, True)])
def test_ingest_appends_segments_unless_merging_is_asked_for(tmp_path: Path, merge: bool, merged: bool) -> None:
    from whoosh import index as whoosh_index

    writer = IndexWriterProcess(tmp_path, commit_every=1000, merge=merge)
    writer.start()
    for start in range(0, 24, 2):
        writer.send(DOCS[start:start + 2])
        writer.checkpoint()
    writer.close()
    segments = len(whoosh_index.open_dir(str(tmp_path))._segments())
    assert (segments < 12) is merged and segments >= 1


def test_second_writer_is_refused(tmp_path: Path) -> None:
    first = IndexWriterProcess(tmp_path)
    first.start()
    try:
        second = IndexWriterProcess(tmp_path)
        with pytest.raises(IndexWriterError, match="locked"):
            second.start()
        assert not second.alive
    finally:
        first.close()


def test_killed_writer_is_reported_not_hung(tmp_path: Path) -> None:
    writer = IndexWriterProcess(tmp_path)
    writer.start()
    writer.send(DOCS[:3])
    writer._proc.kill()
    writer._proc.join(10)
    with pytest.raises(IndexWriterError, match=r"died|gone"):
        writer.send(DOCS[3:6])
        writer.checkpoint(timeout=30)
    writer.kill()
    # The lock died with the process: a new writer can take over and replay.
    again = IndexWriterProcess(tmp_path)
    again.start()
    again.send(DOCS[:6], replace=True)
    assert sorted(k for a in again.close() for k in a.item_keys) == [1, 2, 3, 4, 5, 6]
    with SearchEngine(tmp_path) as eng:
        assert eng.doc_count == 6


def test_writer_exits_when_its_parent_dies(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from trovetriage.index import IndexWriterProcess
        if __name__ == "__main__":
            w = IndexWriterProcess(Path({str(tmp_path)!r}))
            w.start()
            w.send([{{"item_key": 1, "item_id": "x", "body": "hello"}}])
            print(w._proc.pid, flush=True)
            os._exit(0)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    pid = int(out.stdout.split()[0])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _pid_alive(pid):
        time.sleep(0.1)
    assert not _pid_alive(pid)
    # It released the lock: another writer can start.
    writer = IndexWriterProcess(tmp_path)
    writer.start()
    writer.close()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purpose
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_reset_index(tmp_path: Path) -> None:
    assert index_generation(tmp_path) is None
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    writer = IndexWriterProcess(tmp_path)
    writer.start()
    writer.send(DOCS[:4])
    writer.close()
    assert (index_generation(tmp_path) or 0) >= 1
    (tmp_path / "_MAIN_1.toc").write_bytes(b"garbage")  # an unreadable index after a crash
    reset_index(tmp_path)
    assert index_generation(tmp_path) == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    with SearchEngine(tmp_path) as eng:
        assert eng.doc_count == 0
        assert eng.search("").total == 0
        assert eng.search("fox OR budg* OR budgte~ OR date:2019").total == 0
        eng.refresh()  # an empty index has no reader generation
        writer = IndexWriterProcess(tmp_path)
        writer.start()
        writer.send(DOCS[:2])
        acks = writer.close()
        eng.refresh()
        assert eng.generation == acks[-1].generation
        assert eng.count("") == 2


# ---------------------------------------------------------------------------- queries


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("budget", set(range(1, 11))),
        ("BUDGET", set(range(1, 11))),
        ("istanbul", {11}),
        ("İstanbul", {11}),
        ("ISTANBUL", {11}),
        ("toplanti", {11}),
        ("محمد", {12}),
        ("مُحَمَّد", {12}),
        ("احمد", {12}),
        ("المكتبه", {12}),
        ("비밀번호", {13}),
        ("비밀번호를", {13}),
        ("секретно", {14}),
        ("СЕКРЕТНЫЙ", {14}),
        ("știință", {15}),
        ("stiinta", {15}),
        ("password", {16}),
        ("zeppelin", set()),
    ],
)
def test_term_queries(engine: SearchEngine, query: str, expected: set[int]) -> None:
    assert keys(engine, query) == expected


def test_phrase_and_proximity(engine: SearchEngine) -> None:
    assert keys(engine, '"quick brown fox"') == {18}
    assert keys(engine, '"brown quick fox"') == set()
    assert keys(engine, '"quick fox"') == set()
    assert keys(engine, '"quick fox"~2') == {18}
    assert keys(engine, '"budget report number 3"') == {3}


def test_boolean(engine: SearchEngine) -> None:
    assert keys(engine, "fox AND dog") == {18}
    assert keys(engine, "fox OR istanbul") == {11, 18}
    assert keys(engine, "budget NOT domain:example.com") == set(range(1, 7))
    assert keys(engine, "budget -domain:example.com") == set(range(1, 7))
    assert keys(engine, "(fox OR istanbul) AND kind:document") == {11, 18}
    assert keys(engine, "e-mail") == set()  # a hyphen inside a word is not NOT


def test_wildcard_and_prefix(engine: SearchEngine) -> None:
    assert keys(engine, "budg*") == set(range(1, 11))
    assert keys(engine, "qu?ck") == {18}
    assert keys(engine, "title:meet*") == set(range(1, 11))


def test_too_broad_wildcards_are_refused(engine: SearchEngine) -> None:
    for query in ("b*", "*get", "?udget"):
        with pytest.raises(QuerySyntaxError, match="too broad"):
            engine.search(query)


def test_fuzzy(engine: SearchEngine) -> None:
    assert keys(engine, "budgte~") == set(range(1, 11))
    assert keys(engine, "bugdet~2") == set(range(1, 11))
    assert keys(engine, "budget~") == set(range(1, 11))


def test_fields_and_aliases(engine: SearchEngine) -> None:
    assert keys(engine, "title:fox") == {18}
    assert keys(engine, "subject:fox") == {18}
    assert keys(engine, "body:minutes") == set()
    assert keys(engine, "from:officer3@mofa.gov.bh") == {3}
    assert keys(engine, "from:mofa.gov.bh") == set(range(1, 7))
    assert keys(engine, "to:minister@mofa.gov.bh") == set(range(1, 11))
    assert keys(engine, "domain:example.com") == set(range(7, 11))
    assert keys(engine, "kind:EMAIL") == set(range(1, 11))
    assert keys(engine, "status:corrupt") == {k for k in range(19, 51) if k % 7 == 0}
    assert keys(engine, "mime:text/plain") == set(range(11, 19))
    assert keys(engine, "name:file_13") == {13}
    assert keys(engine, "path:docs") == set(range(11, 19))
    assert keys(engine, 'path:"archive.zip"') == set(range(19, 51))
    assert keys(engine, "file_13.txt") == {13}  # default fields include name and path
    assert keys(engine, "mail.mofa.gov.bh") == {17}  # meta is a default field
    assert keys(engine, "meta:exchange") == {17}


def test_dates_years_and_sizes(engine: SearchEngine) -> None:
    assert keys(engine, "date:2019") == set(range(1, 7))
    assert keys(engine, "date:[2019-03-01 to 2019-05-31]") == {3, 4, 5}
    assert keys(engine, "date:[2020-01-01 TO 2020-12-31]") == set(range(7, 11))
    assert keys(engine, "year:2021") == set(range(11, 19))
    assert keys(engine, "year:[2019 TO 2020]") == set(range(1, 11))
    assert keys(engine, "size:[2000 TO 4000]") == {2, 3, 4} | {k for k in range(20, 41)}
    assert keys(engine, "size:>9000") == {10}
    assert keys(engine, "kind:email size:<2500") == {1, 2}


def test_everything(engine: SearchEngine) -> None:
    page = engine.search("   ", limit=100)
    assert page.total == 50
    assert {h.item_key for h in page.hits} == set(range(1, 51))
    assert engine.count("") == 50


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"quick brown', "quotation"),
        ("(fox OR dog", r"'\('"),
        ("fox)", r"'\)'"),
        ("date:[2019-01-01 to", "range"),
        ("date:[yesterdayish to blah]", "date"),
        ("victim:bahrain", "unknown field 'victim:'.*filters"),
        ("fox AND level:3", "unknown field 'level:'"),
        ("form:fox", "unknown field 'form:'.*The fields are title"),
    ],
)
def test_syntax_errors(engine: SearchEngine, query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        engine.search(query)


@pytest.mark.parametrize("query", ['"victim:x"', "http://example.org/a", r"MOFA\Admin:500", "10:30", "title:fox",
                                   "TLP:RED", "URGENT: fox"])
def test_colons_that_are_not_fields_are_text(engine: SearchEngine, query: str) -> None:
    engine.search(query)  # no QuerySyntaxError: quoted text, URLs, account lines and times are words


# ---------------------------------------------------------------------------- pages


def test_facets_count_the_whole_result_set(engine: SearchEngine) -> None:
    page = engine.search("", limit=5)
    assert len(page.hits) == 5
    expected_kind = Counter(d["kind"] for d in DOCS)
    assert page.facets["kind"] == dict(expected_kind)
    assert page.facets["status"] == dict(Counter(d["status"] for d in DOCS))
    years = Counter(str(d["date"].year) if d["date"] else "" for d in DOCS)
    assert page.facets["year"] == dict(years)
    domains = Counter(d.get("sender_domain", "") for d in DOCS)
    assert page.facets["sender_domain"] == dict(domains)
    assert sum(page.facets["kind"].values()) == page.total


def test_facets_follow_the_query_and_can_be_chosen(engine: SearchEngine) -> None:
    page = engine.search("budget", limit=2, facets=("sender_domain", "year"))
    assert set(page.facets) == {"sender_domain", "year"}
    assert page.facets["sender_domain"] == {"mofa.gov.bh": 6, "example.com": 4}
    assert page.facets["year"] == {"2019": 6, "2020": 4}


def test_allowed_keys(engine: SearchEngine) -> None:
    page = engine.search("budget", allowed_keys={2, 4, 11, 999})
    assert page.total == 2
    assert {h.item_key for h in page.hits} == {2, 4}
    assert page.facets["kind"] == {"email": 2}
    assert engine.count("", allowed_keys=set(range(1, 300))) == 50
    assert engine.search("budget", allowed_keys=set()).total == 0


def test_paging_is_complete_and_stable(engine: SearchEngine) -> None:
    seen: list[int] = []
    for offset in range(0, 60, 7):
        page = engine.search("", limit=7, offset=offset, sort="size")
        assert page.total == 50
        seen += [h.item_key for h in page.hits]
    assert len(seen) == 50 and set(seen) == set(range(1, 51))
    ranked: list[int] = []
    for offset in (0, 4, 8):
        ranked += [h.item_key for h in engine.search("budget", limit=4, offset=offset).hits]
    assert sorted(ranked) == list(range(1, 11))
    assert engine.search("budget", limit=0).hits == []
    assert engine.search("budget", offset=100).hits == []


def test_sort_by_date_puts_undated_last(engine: SearchEngine) -> None:
    asc = engine.search("", sort="date", limit=50).hits
    dates = [h.date for h in asc]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated)
    undated = len([d for d in DOCS if d["date"] is None])
    assert dates[-undated:] == [None] * undated and None not in dates[:-undated]
    desc = engine.search("", sort="date", reverse=True, limit=50).hits
    assert [h.date for h in desc if h.date] == sorted(dated, reverse=True)
    assert desc[-1].date is None
    assert asc[0].date == dt.datetime(2018, 1, 1)


def test_sort_by_size_and_title(engine: SearchEngine) -> None:
    sizes = [h.item_key for h in engine.search("budget", sort="size", reverse=True).hits]
    assert sizes == list(range(10, 0, -1))
    titles = [h.title for h in engine.search("kind:document", sort="title").hits]
    assert titles[0] == "Alert" and titles == sorted(titles, key=str.casefold)
    with pytest.raises(ValueError, match="sort"):
        engine.search("", sort="colour")


def test_relevance_prefers_title_and_body_matches(engine: SearchEngine) -> None:
    page = engine.search("fox")
    assert page.hits[0].item_key == 18
    assert page.hits[0].score > 0


def test_hits_carry_stored_fields(engine: SearchEngine) -> None:
    hit = engine.search("istanbul").hits[0]
    assert hit.item_key == 11
    assert hit.item_id == "doc-11"
    assert hit.path == "uploads/docs/file_11.txt"
    assert hit.title == "Toplantı İstanbul'da"
    assert hit.date == dt.datetime(2021, 3, 11)
    assert (hit.kind, hit.status) == ("document", "ok")
    assert hit.snippet == ""  # no text_loader


def test_snippets_highlight_and_escape(engine: SearchEngine) -> None:
    hit = engine.search("password", text_loader=BODIES.get).hits[0]
    assert "<b>password</b>" in hit.snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&amp;" in hit.snippet
    hit = engine.search("script", text_loader=BODIES.get).hits[0]
    assert "&lt;<b>script</b>&gt;" in hit.snippet


def test_snippets_for_folded_and_bigram_matches(engine: SearchEngine) -> None:
    snippet = engine.search("istanbul", text_loader=BODIES.get).hits[0].snippet
    assert "<b>İSTANBUL</b>" in snippet
    snippet = engine.search("비밀번호", text_loader=BODIES.get).hits[0].snippet
    assert "<b>비밀번호</b>를" in snippet
    snippet = engine.search("محمد", text_loader=BODIES.get).hits[0].snippet
    assert "<b>مُحَمَّد</b>" in snippet
    snippet = engine.search('"brown fox" NOT cat', text_loader=BODIES.get).hits[0].snippet
    assert "<b>brown</b> <b>fox</b>" in snippet


def test_snippet_without_match_in_body_and_without_text(engine: SearchEngine) -> None:
    hit = engine.search("title:fox", text_loader=BODIES.get).hits[0]
    assert hit.snippet.startswith("the quick brown fox") and "<b>" not in hit.snippet
    hit = engine.search("fox", text_loader=lambda key: None).hits[0]
    assert hit.snippet == ""


def test_snippet_for_a_match_far_into_a_long_text(tmp_path: Path) -> None:
    long_text = ("lorem ipsum " * 5000) + "the quick brown fox"
    writer = IndexWriterProcess(tmp_path)
    writer.start()
    writer.send([{"item_key": 1, "item_id": "long", "body": long_text}])
    writer.close()
    with SearchEngine(tmp_path) as eng:
        snippet = eng.search("fox", text_loader={1: long_text}.get).hits[0].snippet
        assert "<b>fox</b>" in snippet and snippet.startswith("…")
        assert len(snippet) < 600
        # A text that differs from the indexed one still gives a snippet, never an error.
        snippet = eng.search("fox", text_loader=lambda key: "short text").hits[0].snippet
        assert snippet == "short text"


def test_count_and_all_keys(engine: SearchEngine) -> None:
    assert engine.count("budget") == 10
    assert sorted(engine.all_keys("budget OR fox")) == [*range(1, 11), 18]


def test_refresh_is_cheap_without_changes(engine: SearchEngine) -> None:
    generation = engine.generation
    engine.refresh()
    assert engine.generation == generation


def test_page_terms_and_match_spans_for_the_preview(engine: SearchEngine) -> None:
    page = engine.search('İstanbul OR "비밀번호" OR title:fox -kind:pdf')
    assert {"istanbul", "비밀", "밀번", "번호"} <= set(page.terms)
    text = "Bu İSTANBUL, 비밀번호를 istanbul"
    spans = match_spans(text, page.terms)
    assert [text[a:b] for a, b in spans] == ["İSTANBUL", "비밀번호", "istanbul"]
    assert match_spans(text, []) == []


def test_writer_with_two_processes_and_kill_leaves_no_orphans(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    writer = IndexWriterProcess(tmp_path / "a", commit_every=25, procs=2)
    writer.start()
    writer.send(DOCS[:25])
    acks = writer.checkpoint()
    assert sorted(k for a in acks for k in a.item_keys) == list(range(1, 26))
    writer.send(DOCS[25:40])  # sub-writer processes are busy with these now
    time.sleep(0.5)
    family = [psutil.Process(writer._proc.pid), *psutil.Process(writer._proc.pid).children(recursive=True)]
    writer.kill()
    assert not writer.alive
    _gone, alive = psutil.wait_procs(family, timeout=10)
    assert alive == []
    with SearchEngine(tmp_path / "a") as eng:
        assert sorted(eng.all_keys("")) == list(range(1, 26))
