"""HtmlExtractor and html_to_text: only what a reader sees, plus title, authorship and references."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Sniffed, Status
from trovetriage.ingest.extractors.html import HtmlExtractor, html_to_text

PAGE = """<!DOCTYPE html>
<html><head>
<title>  Quarterly   report </title>
<meta name="Author" content="Leyla Mammadova">
<meta name="description" content="Internal summary">
<meta name="generator" content="Microsoft Word 15">
<style>body { color: red } .secret { display: none }</style>
<script>var password = "hunter2"; alert("x");</script>
<link rel="stylesheet" href="https://cdn.example.net/site.css">
</head>
<body>
<h1>Heading</h1>
<p>First   paragraph with <b>bold</b> and a <a href="https://evil.example/login">link</a>.</p>
<!-- reviewer comment: do not publish -->
<div>Block one</div><div>Block two<br>after a break</div>
<table><tr><td>user</td><td>pass</td></tr><tr><td>admin</td><td>Summer2024</td></tr></table>
<ul><li>one</li><li>two</li></ul>
<img src="http://track.example/pixel.gif" alt="logo">
<a href="/relative">relative</a>
<script src="https://cdn.example.net/app.js"></script>
</body></html>
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_visible_text_title_and_metadata(run_extractor: Any, tmp_path: Path) -> None:
    extraction, sink = run_extractor(write(tmp_path, "report.html", PAGE.encode()), HtmlExtractor())
    assert extraction.status is Status.OK
    assert extraction.kind is Kind.DOCUMENT
    assert extraction.title == "Quarterly report"
    text = extraction.text
    for hidden in ("hunter2", "alert", "color: red", "reviewer comment", "Quarterly"):
        assert hidden not in text
    assert text.startswith("Heading\n")
    assert "First paragraph with bold and a link." in text
    assert "Block one\nBlock two\nafter a break" in text
    assert "user\tpass\nadmin\tSummer2024" in text
    meta = extraction.metadata
    assert meta["author"] == "Leyla Mammadova"
    assert meta["description"] == "Internal summary"
    assert meta["generator"] == "Microsoft Word 15"
    assert meta["links"] == 2
    assert meta["external_urls"] == [
        "https://cdn.example.net/site.css", "https://evil.example/login",
        "http://track.example/pixel.gif", "https://cdn.example.net/app.js",
    ]
    assert sink.members == []


def test_meta_charset_is_honoured(run_extractor: Any, tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1256"></head><body><p>كلمة المرور</p></body></html>'
    extraction, _ = run_extractor(write(tmp_path, "ar.htm", html.encode("cp1256")), HtmlExtractor())
    assert extraction.text == "كلمة المرور"
    assert extraction.metadata["encoding"] == "cp1256"


def test_html_to_text_handles_sloppy_markup() -> None:
    # No </head>: html.parser nests the body inside <head>; the text must survive.
    assert html_to_text("<head><title>T</title><body><p>Body text") == ("Body text", "T")
    assert html_to_text("plain words, no tags") == ("plain words, no tags", "")
    assert html_to_text("https://example.com/looks-like-a-url")[0] == "https://example.com/looks-like-a-url"
    assert html_to_text("<pre>  code\n    indented</pre>")[0] == "code\n    indented"


def test_deep_nesting_does_not_recurse() -> None:
    html = "<div>" * 50_000 + "deep inside" + "</div>" * 50_000
    assert html_to_text(html)[0] == "deep inside"


def test_no_visible_text_is_empty(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "s.html", b"<html><head><script>x()</script></head><body>  </body></html>")
    extraction, _ = run_extractor(path, HtmlExtractor())
    assert extraction.status is Status.EMPTY


def test_text_cap(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "long.html", ("<p>" + "word " * 2000 + "</p>").encode())
    extraction, _ = run_extractor(path, HtmlExtractor(), Limits(max_text_chars=50))
    assert len(extraction.text) <= 50
    assert extraction.detail


def test_scores() -> None:
    def sniffed(mime: str, name: str) -> Sniffed:
        return Sniffed(mime, mime, Path(name).suffix, name, 1)

    assert HtmlExtractor().score(sniffed("text/html", "a.html")) == 100
    assert HtmlExtractor().score(sniffed("application/xhtml+xml", "a.xhtml")) == 100
    assert HtmlExtractor().score(sniffed("text/plain", "page.htm")) == 60
    assert HtmlExtractor().score(sniffed("text/plain", "a.txt")) == 0
