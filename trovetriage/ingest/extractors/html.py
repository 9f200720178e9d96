"""HTML pages and HTML mail bodies: the text a reader sees, plus who made it and where it points.

Parsed with BeautifulSoup's stdlib "html.parser" (no lxml, nothing executed, nothing fetched).
The tree walk is iterative so hostile nesting depth cannot exhaust the Python stack.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any, ClassVar

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    PageElement,
    ProcessingInstruction,
    Script,
    Stylesheet,
    Tag,
    TemplateString,
)

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source
from trovetriage.ingest.extractors.scoring import score_by_type_or_name
from trovetriage.ingest.textdecode import decode_text

MIME_TYPES = frozenset({"text/html", "application/xhtml+xml"})
EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml", ".hta", ".xht"})
MAX_URLS = 200
BYTES_PER_CHAR = 4

#: Never shown by a browser as text (the title is reported separately). <head> as a whole is not
#: skipped: html.parser does not repair a missing </head>, so sloppy mail nests <body> inside it.
SKIPPED_TAGS = frozenset({"script", "style", "template", "title", "param"})
#: Elements that start and end a line.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "header",
    "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "option", "section", "select",
    "summary", "tbody", "tfoot", "thead", "tr", "textarea", "iframe", "noscript", "frame",
})
#: Blocks that also leave an empty line after them, as a browser's margins would.
PARAGRAPH_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol",
})
CELL_TAGS = frozenset({"td", "th"})
_HIDDEN_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction, Script, Stylesheet, TemplateString)
URL_ATTRIBUTES = ("href", "src", "action", "background", "poster", "data", "cite", "formaction")
_EXTERNAL = re.compile(r"^(?:https?|ftp)://|^//[^/]", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f\v\xa0]+")
_LINE_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_LINE_EDGES = re.compile(r"[ \t]*\n[ \t]*")
_DOUBLE_SPACE = re.compile(r" {2,}")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]{1,40})|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_:.\-]{1,40})""",
    re.IGNORECASE,
)
_FALLBACK_DROP = re.compile(r"<(script|style|title|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_FALLBACK_TAG = re.compile(r"<[^>]{0,10000}>")


@dataclass
class HtmlDocument:
    """What one HTML document offers for triage."""

    text: str = ""
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    link_count: int = 0
    external_urls: list[str] = field(default_factory=list)
    external_url_count: int = 0
    parse_error: str = ""


def _parse(html: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # Short or XML-ish input makes bs4 warn; pytest turns warnings into errors.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "html.parser")


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text)


class _LineBuilder:
    """Lays text out in lines the way a browser would: blocks break, paragraphs leave a gap."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.gap_pending = False
        self.pre_depth = 0

    def text(self, value: str) -> None:
        if self.pre_depth:
            first, *rest = value.split("\n")
            self._append(first)
            for segment in rest:
                self.hard_break()
                self._append(segment)
            return
        value = _collapse(value)
        if not self.current and not value.strip():
            return
        self._append(value)

    def _append(self, value: str) -> None:
        if not value:
            return
        if self.gap_pending and self.lines and self.lines[-1]:
            self.lines.append("")
        self.gap_pending = False
        self.current.append(value)

    def _line(self) -> str:
        line = "".join(self.current)
        self.current.clear()
        if not self.pre_depth:
            line = _DOUBLE_SPACE.sub(" ", line).strip()
        return line.rstrip(" \t")

    def cell(self) -> None:
        """Table cells on one line, separated by a tab."""
        if self.current:
            self.current.append("\t")

    def block(self) -> None:
        """A block boundary: end the current line if it has anything in it."""
        if "".join(self.current).strip():
            self.lines.append(self._line())
        self.current.clear()

    def paragraph(self) -> None:
        self.block()
        self.gap_pending = True

    def hard_break(self) -> None:
        """<br> and newlines inside <pre>: the line ends even when empty."""
        if self.gap_pending and self.lines and self.lines[-1]:
            self.lines.append("")
        self.gap_pending = False
        self.lines.append(self._line())

    def result(self) -> str:
        self.block()
        out: list[str] = []
        for line in self.lines:
            if not line and (not out or not out[-1]):
                continue  # at most one empty line in a row, none at the start
            out.append(line)
        return "\n".join(out).strip()


def _visible_text(root: Tag) -> str:
    """Walk the tree without recursion; line breaks at blocks, tabs between table cells."""
    out = _LineBuilder()
    stack: list[tuple[PageElement, str]] = [(root, "")]
    while stack:
        node, closing = stack.pop()
        if closing:
            if closing == "pre":
                out.paragraph()
                out.pre_depth -= 1
            elif closing == "paragraph":
                out.paragraph()
            elif closing == "block":
                out.block()
            elif closing == "cell":
                out.cell()
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, _HIDDEN_STRINGS):  # CData and plain strings are shown
                out.text(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        if name in SKIPPED_TAGS:
            continue
        if name == "br":
            out.hard_break()
            continue
        if name == "img":
            alt = node.get("alt")
            if isinstance(alt, str) and alt.strip():
                out.text(f" {alt} ")
            continue
        if name == "pre":
            out.paragraph()
            out.pre_depth += 1
            stack.append((node, "pre"))
        elif name in PARAGRAPH_TAGS:
            out.paragraph()
            stack.append((node, "paragraph"))
        elif name in BLOCK_TAGS:
            out.block()
            stack.append((node, "block"))
        elif name in CELL_TAGS:
            stack.append((node, "cell"))
        stack.extend((child, "") for child in reversed(node.contents))
    return out.result()


def _tidy_lines(text: str) -> str:
    """One space for each run of white space in a line, lines trimmed, at most one empty line in a row."""
    text = "\n".join(_LINE_SPACES.sub(" ", line) for line in text.split("\n"))
    text = _LINE_EDGES.sub("\n", text)
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def _title(soup: BeautifulSoup) -> str:
    tag = soup.find("title")
    return _collapse(tag.get_text()).strip() if isinstance(tag, Tag) else ""


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = tag.get("name")
        content = tag.get("content")
        if not isinstance(name, str) or not isinstance(content, str):
            continue
        key = name.strip().lower()
        if key in ("author", "description", "generator", "keywords", "copyright") and key not in found:
            found[key] = _collapse(content).strip()[:1000]
    return found


def _urls(soup: BeautifulSoup) -> tuple[int, list[str], int]:
    """(number of links, first external URLs, number of distinct external URLs)."""
    links = 0
    seen: dict[str, None] = {}
    for tag in soup.find_all(True):
        if tag.name == "a" and tag.get("href") is not None:
            links += 1
        for attribute in URL_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str):
                url = value.strip()[:2000]
                if _EXTERNAL.match(url):
                    seen.setdefault(url, None)
    urls = list(seen)
    return links, urls[:MAX_URLS], len(urls)


def _fallback_text(html: str) -> str:
    """When the parser gives up on hostile markup, tags are stripped the crude way."""
    text = _FALLBACK_DROP.sub(" ", html)
    text = re.sub(r"<(br|p|div|tr|li|h[1-6])\b[^>]{0,1000}>", "\n", text, flags=re.IGNORECASE)
    return _tidy_lines(_FALLBACK_TAG.sub(" ", text))


def parse_html(html: str) -> HtmlDocument:
    """Visible text, title, metadata and external references of one HTML document."""
    try:
        soup = _parse(html)
        links, urls, url_count = _urls(soup)
        return HtmlDocument(text=_visible_text(soup), title=_title(soup), meta=_meta(soup),
                            link_count=links, external_urls=urls, external_url_count=url_count)
    except Exception as error:  # html.parser has raised on hostile markup (AssertionError, ...)
        return HtmlDocument(text=_fallback_text(html), parse_error=f"{type(error).__name__}: {error}"[:300])


def html_to_text(html: str) -> tuple[str, str]:
    """(visible text, title) of an HTML document; used for HTML mail bodies too."""
    document = parse_html(html)
    return document.text, document.title


def declared_charset(head: bytes) -> str | None:
    """The charset a <meta> tag or XML declaration names in the first bytes, if any."""
    match = _META_CHARSET.search(head[:8192])
    if not match:
        return None
    label = match.group(1) or match.group(2)
    return label.decode("ascii", errors="ignore") if label else None


class HtmlExtractor:
    """HTML files: visible text without scripts, styles or comments."""

    name: ClassVar[str] = "html"

    def score(self, sniffed: Sniffed) -> int:
        """Exact HTML types win; an .html name on text or unknown bytes beats plain text."""
        return score_by_type_or_name(sniffed, MIME_TYPES, EXTENSIONS, by_name=60)

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        budget = max(limits.max_text_chars, 0) * BYTES_PER_CHAR
        try:
            data = source.read_bytes(budget + 1)
        except OSError as error:
            return Extraction(kind=Kind.DOCUMENT, status=Status.CORRUPT, detail=f"cannot read file: {error}")
        notes: list[str] = []
        cut = len(data) > budget
        if cut:
            data = data[:budget]
            notes.append(f"only the first {budget:,} bytes were parsed")
        html, encoding = decode_text(data, declared_charset(data), partial=cut)
        document = parse_html(html)
        text = document.text
        if len(text) > limits.max_text_chars:
            text = text[: limits.max_text_chars]
            notes.append(f"text cut at {len(text):,} characters (limit max_text_chars={limits.max_text_chars:,})")
        if document.parse_error:
            notes.append(f"HTML parser failed ({document.parse_error}); tags were stripped instead")
        metadata: dict[str, Any] = {
            "encoding": encoding,
            **document.meta,
            "links": document.link_count,
            "external_urls": document.external_urls,
            "external_url_count": document.external_url_count,
        }
        status = Status.OK
        if not text.strip():
            status = Status.EMPTY
            notes.insert(0, "file is empty" if not data else "no visible text")
        return Extraction(kind=Kind.DOCUMENT, status=status, detail="; ".join(notes), text=text,
                          title=document.title[:1000], metadata=metadata)
