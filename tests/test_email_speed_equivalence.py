"""The e-mail extractor's per-message header cache changes its speed, never its output.

Three kinds of evidence: hostile messages written here must come out with the subjects,
attachment names, text and status a reader expects of them; the whole demo trove and those
messages must extract exactly the same with the cache as with the uncached reference parse
(`trovetriage.ingest.mail.parsing.parse_message`); and the cache itself must hand out what a
fresh parse would, keep no huge header, stay within its budget and never remember a failure.
"""

from __future__ import annotations

import base64
from email.headerregistry import HeaderRegistry
from pathlib import Path
from typing import Any

import pytest

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Status
from trovetriage.demo.generator import generate_demo_trove
from trovetriage.ingest.extractors import email_rfc822
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.email_header_cache import (
    MAX_CACHED_VALUE,
    CachingHeaderRegistry,
    parse_message_cached,
)
from trovetriage.ingest.extractors.email_rfc822 import EmailExtractor
from trovetriage.ingest.mail import parsing
from trovetriage.ingest.mail.parts import charset, content_type, defect_names, disposition, file_name, flatten
from trovetriage.ingest.sniff import sniff_file

H = b"From: a@example.org\nTo: b@example.org\nDate: Tue, 12 Mar 2019 10:15:00 +0400\n"


def _multipart(subject: bytes, boundary: bytes, *parts: bytes, ctype: bytes = b"multipart/mixed") -> bytes:
    """A message of `parts` (each its own headers, blank line and body) under one boundary."""
    body = b"".join(b"--" + boundary + b"\n" + part + b"\n" for part in parts)
    return (H + b"Subject: " + subject + b"\nMIME-Version: 1.0\nContent-Type: " + ctype + b"; boundary=\"" +
            boundary + b"\"\n\n" + body + b"--" + boundary + b"--\n")


def _nested_rfc822(depth: int) -> bytes:
    """Messages attached inside messages, `depth` levels, each with a body of its own."""
    inner = H + b"Subject: level 0\nContent-Type: text/plain\n\ninnermost body\n"
    for level in range(1, depth + 1):
        number = str(level).encode()
        inner = _multipart(b"level " + number, b"B" + number, b"Content-Type: text/plain\n\nbody " + number,
                           b"Content-Type: message/rfc822\n\n" + inner)
    return inner


def _deep_multipart(depth: int) -> bytes:
    """Multiparts nested `depth` deep with one text part at the bottom."""
    opening = b"".join(b"--d%d\nContent-Type: multipart/mixed; boundary=\"d%d\"\n\n" % (level, level + 1)
                       for level in range(depth))
    closing = b"".join(b"--d%d--\n" % level for level in reversed(range(depth + 1)))
    return (H + b"Subject: deep\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"d0\"\n\n" + opening +
            b"--d%d\nContent-Type: text/plain\n\nbottom\n" % depth + closing)


def _many_parts(count: int) -> bytes:
    """Alternating text, named PDF, inline image and HTML parts."""
    parts = []
    for number in range(count):
        parts.append([
            b"Content-Type: text/plain; charset=utf-8\n\npart %d" % number,
            b"Content-Type: application/pdf; name=\"f%d.pdf\"\nContent-Transfer-Encoding: base64\n\n" % number
            + base64.b64encode(b"%PDF-1.4 " + str(number).encode()),
            b"Content-Type: image/png\nContent-Disposition: inline\nContent-ID: <i%d>\n\nPNG" % number,
            b"Content-Type: text/html\n\n<p>html %d</p>" % number,
        ][number % 4])
    return _multipart(b"many", b"M", *parts)


HOSTILE: dict[str, bytes] = {
    "ctype-no-slash.eml": H + b"Subject: no slash\nContent-Type: text\n\nplain body no slash\n",
    "ctype-empty-params.eml": H + b"Subject: semis\nContent-Type: ;;;\n\nbody semis\n",
    "ctype-unterminated.eml": H + b"Subject: unterminated\nContent-Type: text/plain; charset=\"utf-8\n\n"
                                  b"caf\xc3\xa9 body\n",
    "ctype-param-junk.eml": H + b"Subject: junk params\nContent-Type: text/plain; charset==?utf-8?Q?x?=; =; ; "
                                b"name=\"\"; filename*=''\n\njunk params body\n",
    "ctype-upper.eml": H + b"Subject: upper\nContent-Type: TEXT/HTML; CHARSET=ISO-8859-1\n\n<p>caf\xe9</p>\n",
    "huge-ctype.eml": H + b"Subject: huge ctype\nContent-Type: text/plain; " + b"; ".join(
        b"p%d=\"%s\"" % (number, b"v" * 50) for number in range(600)) + b"; charset=utf-8\n\nhuge ctype body\n",
    "missing-boundary.eml": H + b"Subject: no boundary\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\n"
                                b"--x\nContent-Type: text/plain\n\nlost part\n--x--\n",
    "oe-unquoted-boundary.eml": H + b"Subject: OE\nMIME-Version: 1.0\nContent-Type: multipart/mixed;\n\t"
                                    b"boundary=----=_NextPart_000_0001_01C0\n\n------=_NextPart_000_0001_01C0\n"
                                    b"Content-Type: text/plain\n\noe text\n------=_NextPart_000_0001_01C0\n"
                                    b"Content-Type: application/octet-stream; name=\"a.doc\"\n"
                                    b"Content-Transfer-Encoding: base64\n\nQUJD\n------=_NextPart_000_0001_01C0--\n",
    "nested-rfc822.eml": _nested_rfc822(3),
    "nested-rfc822-base64.eml": _multipart(
        b"b64 msg", b"Q", b"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" +
        base64.encodebytes(b"Subject: =?utf-8?B?w6lsw6g=?=\nFrom: x@y.z\n\ninner b64 body\n")),
    "rfc2231.eml": _multipart(
        b"2231", b"R",
        b"Content-Type: application/pdf\nContent-Disposition: attachment; filename*=utf-8''%E2%82%AC%20rates.pdf"
        b"\n\n%PDF-1",
        b"Content-Type: application/octet-stream; name*0*=iso-8859-1'fr'r%E9sum; name*1*=%E9.doc\n\nDOC",
        b"Content-Type: text/plain\nContent-Disposition: attachment; filename=\"C:\\\\evil\\\\..\\\\x.exe\"\n\nexe",
        b"Content-Type: application/zip\nContent-Disposition: attachment; filename=\"=?utf-8?B?w6nDqA==?=.zip\"\n"
        b"\nPK"),
    "subjects-odd.eml": b"From: =?koi8-r?B?8NLJ18XU?= <k@example.ru>\nTo: =?iso-2022-jp?B?GyRCJUYlOSVIGyhC?= "
                        b"<j@example.jp>, =?gb2312?B?xOO6ww==?= <c@example.cn>\nCc: =?windows-1256?Q?"
                        b"=C7=E1=DA=D1=C8=ED=C9?= <a@example.bh>\nSubject: =?x-unknown?Q?caf=E9?= =?utf-8?B?4oKs?= "
                        b"tail\nDate: Tue, 12 Mar 2019 10:15:00 +0400\n\nbody\n",
    "subject-8bit.eml": b"From: J\xf6rg <j@example.de>\nTo: b@example.org\nSubject: Gr\xfc\xdfe aus M\xfcnchen\n"
                        b"Content-Type: text/plain; charset=iso-8859-1\n\nSch\xf6ne Gr\xfc\xdfe\n",
    "unknown-8bit.eml": _multipart(
        b"unknown", b"U",
        b"Content-Type: text/plain; charset=unknown-8bit\nContent-Transfer-Encoding: 8bit\n\nplain caf\xe9 text",
        b"Content-Type: text/html; charset=\"x-bogus\"\n\n<p>html caf\xe9</p>"),
    "deep-multipart.eml": _deep_multipart(300),
    "many-parts.eml": _many_parts(800),
    "alternative.eml": _multipart(b"alt", b"A", b"Content-Type: text/html\n\n<p>html version</p>",
                                  b"Content-Type: text/plain\n\nplain version", ctype=b"multipart/alternative"),
    "pgp-mime.eml": _multipart(
        b"pgp", b"P", b"Content-Type: application/pgp-encrypted\n\nVersion: 1",
        b"Content-Type: application/octet-stream; name=\"encrypted.asc\"\n\n-----BEGIN PGP MESSAGE-----\nhQ\n"
        b"-----END PGP MESSAGE-----", ctype=b"multipart/encrypted; protocol=\"application/pgp-encrypted\""),
    "after-close.eml": _multipart(b"after close", b"C", b"Content-Type: text/plain\n\nvisible") +
                       b"--C\nContent-Type: application/x-msdownload; name=\"hidden.exe\"\n\nMZ\n--C--\n",
    "bad-base64.eml": _multipart(
        b"bad b64", b"E",
        b"Content-Type: application/pdf; name=\"x.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBER=i0x\nA",
        b"Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nbad =ZZ qp =\n=E2=82=AC"),
    "disposition-junk.eml": _multipart(
        b"disp junk", b"J", b"Content-Type: text/plain\nContent-Disposition: ;filename=\"x.txt\"\n\njunk disp",
        b"Content-Type: text/plain\nContent-Disposition: ATTACHMENT\n\nupper disp"),
    "nul-header.eml": H + b"Subject: nul\x00inside\nContent-Type: text/plain; charset=utf-8\x00\n\nnul\x00body\n",
    "no-headers.eml": b"just some text\nwithout any header\n",
}


def _extract(path: Path, blob_dir: Path, limits: Limits | None = None) -> tuple[Extraction, ChildSink]:
    limits = limits or Limits()
    sink = ChildSink(BlobStore(blob_dir / "blobs"), limits)
    return EmailExtractor().extract(Source(path, sniff_file(path)), sink, limits), sink


def _everything(extraction: Extraction, sink: ChildSink) -> dict[str, Any]:
    """The whole output of one extraction, children (name, content, status, meta) in order."""
    members = sink.members or extraction.members
    return {
        "status": extraction.status, "detail": extraction.detail, "text": extraction.text,
        "title": extraction.title, "date": extraction.date, "sender": extraction.sender,
        "recipients": extraction.recipients, "metadata": extraction.metadata, "kind": extraction.kind,
        "members": [(m.name, m.sha256, m.size, m.status, m.detail, m.meta) for m in members],
    }


def _blob(sink: ChildSink, name: str) -> bytes:
    member = next(m for m in sink.members if m.name == name)
    assert member.sha256 is not None
    return sink.blobs.path_for(member.sha256).read_bytes()


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, data in HOSTILE.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in HOSTILE}


@pytest.fixture(scope="module")
def demo_mails(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every .eml of the demo trove, scale 1, seed 7 (about 700 messages, about a second to write)."""
    root = tmp_path_factory.mktemp("demo")
    generate_demo_trove(root, 1, 7)
    return sorted(path for path in (root / "trove").rglob("*.eml") if path.is_file())


# --- what a reader expects of the hostile messages --------------------------------------------------


def test_malformed_content_types_are_still_read_as_text(hostile: dict[str, Path], tmp_path: Path) -> None:
    for name, subject, body in (("ctype-no-slash.eml", "no slash", "plain body no slash"),
                                ("ctype-empty-params.eml", "semis", "body semis"),
                                ("ctype-unterminated.eml", "unterminated", "café body"),
                                ("ctype-param-junk.eml", "junk params", "junk params body"),
                                ("ctype-upper.eml", "upper", "café"),
                                ("huge-ctype.eml", "huge ctype", "huge ctype body")):
        extraction, sink = _extract(hostile[name], tmp_path)
        assert extraction.status is Status.OK, (name, extraction.detail)
        assert extraction.title == subject
        assert extraction.text.endswith(body), name
        assert sink.members == [], name
    assert _extract(hostile["ctype-unterminated.eml"], tmp_path)[0].metadata["charsets"] == ["utf-8"]
    assert _extract(hostile["ctype-upper.eml"], tmp_path)[0].metadata["content_type"] == "text/html"
    assert _extract(hostile["huge-ctype.eml"], tmp_path)[0].metadata["charsets"] == ["utf-8"]


def test_broken_boundaries_keep_the_content(hostile: dict[str, Path], tmp_path: Path) -> None:
    extraction, _ = _extract(hostile["missing-boundary.eml"], tmp_path)
    assert "lost part" in extraction.text
    assert "NoBoundaryInMultipartDefect" in extraction.metadata["defects"]
    extraction, sink = _extract(hostile["oe-unquoted-boundary.eml"], tmp_path)
    assert [m.name for m in sink.members] == ["a.doc"]
    assert _blob(sink, "a.doc") == b"ABC"
    assert extraction.text.endswith("oe text")
    extraction, sink = _extract(hostile["after-close.eml"], tmp_path)
    assert [m.name for m in sink.members] == ["hidden.exe"]
    assert "PartsAfterCloseBoundaryDefect" in extraction.metadata["defects"]


def test_nested_messages_become_named_children(hostile: dict[str, Path], tmp_path: Path) -> None:
    extraction, sink = _extract(hostile["nested-rfc822.eml"], tmp_path)
    assert extraction.title == "level 3"
    assert [m.name for m in sink.members] == ["level 2.eml"]
    child = _blob(sink, "level 2.eml")
    assert b"Subject: level 2" in child and b"innermost body" in child
    extraction, sink = _extract(hostile["nested-rfc822-base64.eml"], tmp_path)
    assert [m.name for m in sink.members] == ["élè.eml"]
    assert _blob(sink, "élè.eml").startswith(b"Subject: =?utf-8?B?w6lsw6g=?=")


def test_rfc2231_and_encoded_file_names(hostile: dict[str, Path], tmp_path: Path) -> None:
    _, sink = _extract(hostile["rfc2231.eml"], tmp_path)
    assert [m.name for m in sink.members] == ["€ rates.pdf", "résumé.doc", "x.exe", "éè.zip"]
    assert _blob(sink, "€ rates.pdf") == b"%PDF-1"


def test_odd_charsets_in_headers_and_bodies(hostile: dict[str, Path], tmp_path: Path) -> None:
    extraction, _ = _extract(hostile["subjects-odd.eml"], tmp_path)
    assert extraction.title == "café€ tail"
    assert extraction.sender == "k@example.ru"
    assert extraction.recipients == ["j@example.jp", "c@example.cn", "a@example.bh"]
    for shown in ("From: Привет <k@example.ru>", "テスト <j@example.jp>", "你好 <c@example.cn>", "العربية"):
        assert shown in extraction.text
    extraction, _ = _extract(hostile["subject-8bit.eml"], tmp_path)
    assert extraction.title == "Grüße aus München"
    assert extraction.text.endswith("Schöne Grüße")
    extraction, sink = _extract(hostile["unknown-8bit.eml"], tmp_path)
    assert extraction.status is Status.OK
    assert extraction.metadata["charsets"] == ["unknown-8bit", "x-bogus"]
    assert "plain caf" in extraction.text and "html café" in extraction.text
    assert sink.members == []


def test_structure_bombs_stay_within_limits(hostile: dict[str, Path], tmp_path: Path) -> None:
    extraction, _ = _extract(hostile["deep-multipart.eml"], tmp_path)
    assert extraction.status is Status.OK and extraction.text.endswith("bottom")
    extraction, sink = _extract(hostile["many-parts.eml"], tmp_path)
    assert len(sink.members) == 400
    assert sink.members[0].name == "f1.pdf" and sink.members[-1].name == "attachment-400.png"
    assert "part 796" in extraction.text and "html 799" in extraction.text
    extraction, sink = _extract(hostile["many-parts.eml"], tmp_path, Limits(max_members=2, max_text_chars=300))
    assert extraction.status is Status.SKIPPED_BOMB
    assert len(sink.members) == 2 and len(extraction.text) == 300
    assert "member limit reached: 398 attachment(s) not extracted" in extraction.detail


def test_alternatives_encryption_damage_and_junk(hostile: dict[str, Path], tmp_path: Path) -> None:
    extraction, _ = _extract(hostile["alternative.eml"], tmp_path)
    assert extraction.text.endswith("plain version") and "html version" not in extraction.text
    extraction, sink = _extract(hostile["pgp-mime.eml"], tmp_path)
    assert extraction.status is Status.ENCRYPTED and extraction.detail.startswith("PGP/MIME encrypted")
    assert [m.name for m in sink.members] == ["encrypted.asc"]
    extraction, sink = _extract(hostile["bad-base64.eml"], tmp_path)
    assert [m.name for m in sink.members] == ["x.pdf"]
    assert extraction.detail == "undecodable content in 1 part(s); kept what decoded"
    assert extraction.text.endswith("bad =ZZ qp €")
    _, sink = _extract(hostile["disposition-junk.eml"], tmp_path)
    assert [m.name for m in sink.members] == ["x.txt", "attachment-2.txt"]
    extraction, _ = _extract(hostile["nul-header.eml"], tmp_path)
    assert extraction.title == "nulinside" and extraction.text.endswith("nulbody")
    extraction, _ = _extract(hostile["no-headers.eml"], tmp_path)
    assert extraction.status is Status.CORRUPT and extraction.text.startswith("just some text")


# --- the cache against the uncached reference parse ----------------------------------------------------


def _without_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extractor as it was: every header look-up parses the header again."""
    monkeypatch.setattr(email_rfc822, "parse_message_cached", parsing.parse_message)


def _compare_with_reference(paths: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached = {path: _everything(*_extract(path, tmp_path)) for path in paths}
    with monkeypatch.context() as patch:
        _without_cache(patch)
        for path in paths:
            assert _everything(*_extract(path, tmp_path)) == cached[path], path.name


def test_demo_trove_extracts_the_same_without_the_cache(demo_mails: list[Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(demo_mails) > 500
    _compare_with_reference(demo_mails, tmp_path, monkeypatch)


def test_hostile_messages_extract_the_same_without_the_cache(hostile: dict[str, Path], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _compare_with_reference(list(hostile.values()), tmp_path, monkeypatch)
    with monkeypatch.context() as patch:  # and at the limits
        tight = Limits(max_members=2, max_text_chars=300)
        cached = {p: _everything(*_extract(p, tmp_path, tight)) for p in hostile.values()}
        _without_cache(patch)
        for path in hostile.values():
            assert _everything(*_extract(path, tmp_path, tight)) == cached[path], path.name


def _tree(message: Any) -> list[tuple[str, str, str, str, list[str]]]:
    """Each part's type, charset, disposition, file name and defects, depth first."""
    found, stack = [], [message]
    while stack:
        part = stack.pop()
        found.append((content_type(part), charset(part), disposition(part), file_name(part, None),
                      defect_names(part)))
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend(reversed(payload))
    return found


def _flat(message: Any) -> bytes | str:
    """The message as bytes, or the error that stopped the (recursive) generator on absurd nesting."""
    try:
        return flatten(message, "\n")
    except RecursionError as error:
        return type(error).__name__


def test_cached_parse_follows_the_reference_ladder(hostile: dict[str, Path]) -> None:
    """Same parser chosen, same notes, same tree with the caching policy as with policy.default."""
    for path in hostile.values():
        data = parsing.strip_envelope(path.read_bytes(), path.suffix)[0]
        reference, cached = parsing.parse_message(data), parse_message_cached(data)
        assert cached.notes == reference.notes, path.name
        assert (cached.message is None) == (reference.message is None), path.name
        if reference.message is None or cached.message is None:
            continue
        assert type(cached.message.policy) is type(reference.message.policy), path.name
        assert _flat(cached.message) == _flat(reference.message), path.name
        assert _tree(cached.message) == _tree(reference.message), path.name


# --- the cache itself --------------------------------------------------------------------------------


def test_cached_headers_are_what_a_fresh_parse_gives() -> None:
    cache, fresh = CachingHeaderRegistry(), HeaderRegistry()
    for name, value in (("Content-Type", 'text/plain; charset="utf-8"; name*=utf-8\'\'%E2%82%AC.txt'),
                        ("Content-Type", "text/plain; charset=\"unterminated"),
                        ("Content-Disposition", "attachment; filename==?utf-8?B?w6k=?="),
                        ("content-transfer-encoding", "base64"), ("Subject", "=?x-unknown?Q?caf=E9?=")):
        first, again, reference = cache(name, value), cache(name, value), fresh(name, value)
        assert again is first
        assert str(first) == str(reference) and first.name == reference.name
        assert type(first).__mro__[1:] == type(reference).__mro__[1:]
        assert [type(d) for d in first.defects] == [type(d) for d in reference.defects]
        assert dict(getattr(first, "params", {})) == dict(getattr(reference, "params", {}))
    assert cache("Content-Type", "text/plain") is not cache("content-type", "text/plain")  # .name differs


def test_cache_keeps_no_huge_header_and_stays_within_budget() -> None:
    cache = CachingHeaderRegistry(budget=100)
    huge = "text/plain; " + "p=" + "v" * MAX_CACHED_VALUE
    assert cache("Content-Type", huge) is not cache("Content-Type", huge)
    first = cache("Content-Type", "text/plain; charset=" + "a" * 70)
    assert cache("Content-Type", "text/plain; charset=" + "a" * 70) is first
    cache("Content-Type", "text/html; charset=" + "b" * 70)  # over budget: the oldest goes
    assert cache("Content-Type", "text/plain; charset=" + "a" * 70) is not first


def test_a_header_the_parser_chokes_on_is_not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def choking(self: HeaderRegistry, name: str, value: str) -> Any:
        calls.append(value)
        raise IndexError("parser bug")

    monkeypatch.setattr(HeaderRegistry, "__call__", choking)
    cache = CachingHeaderRegistry()
    for _ in range(2):
        with pytest.raises(IndexError):
            cache("Content-Type", "text/plain")
    assert calls == ["text/plain", "text/plain"]


def test_each_message_gets_its_own_cache(tmp_path: Path) -> None:
    one, two = (parse_message_cached(H + b"Subject: s\n\nbody\n").message for _ in range(2))
    assert one is not None and two is not None
    assert one.policy.header_factory is not two.policy.header_factory
