"""Sanitiser for the untrusted HTML body of a stolen e-mail, before the preview renders it.

Why: the HTML was written by whoever sent the message, maybe the attacker. Rendering it as is
could run script, submit a form, or fetch a remote image, stylesheet or `\\\\host\\share` path,
which tells the sender that the mail was opened (and where from) or leaks Windows credentials.
So only an allowlist of formatting elements and attributes survives; every URL that could be
loaded is removed, and the remote ones are returned so the investigator can still see them.
Inline `data:` images (PNG, JPEG, GIF, at most 256 KiB) are kept: they need no fetch.
Text and background colours are dropped too: the preview follows the desktop palette, so a body
stays readable in a dark theme, and white-on-white text hidden by a spammer becomes visible.

`sanitise_html` is a pure function of a string, so the preview runs it off the GUI thread.
`SafeBrowser` renders the result and refuses every resource itself, as a second line of defence:
QTextDocument, when a browser's `loadResource` returns nothing, reads local files on its own,
and on Windows a `\\\\host\\share` path is a network connection.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable
from typing import NamedTuple

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, ParserRejectedMarkup, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, PreformattedString, Tag
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QImage, QImageReader, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

__all__ = [
    "INLINE_IMAGE_LIMIT",
    "MAX_BLOCKED",
    "HtmlRejected",
    "SafeBrowser",
    "Sanitised",
    "allowed_inline_image",
    "clean_css",
    "is_remote_url",
    "sanitise_html",
]

INLINE_IMAGE_LIMIT = 256 * 1024
"""Largest decoded `data:` image kept inline (bytes)."""

MAX_BLOCKED = 5000
"""At most this many distinct blocked URLs are reported (a hostile body may hold millions)."""

_URL_SHOWN = 2000  # characters of one blocked URL kept for display
_MAX_INLINE_PIXELS = 4096 * 4096  # a small file can still declare a huge image

# Elements removed together with everything inside them: active content, embedded documents,
# form controls, resources loaded by the head, and vector/media content Qt would not draw anyway.
_DROP = frozenset({
    "applet", "audio", "base", "basefont", "bgsound", "button", "canvas", "datalist", "dialog", "embed",
    "frame", "frameset", "iframe", "input", "keygen", "link", "math", "meta", "noembed", "object",
    "optgroup", "option", "param", "portal", "script", "select", "source", "svg", "template",
    "textarea", "track", "video",
})

# Elements kept (with their allowed attributes). Anything else, <form> included, is unwrapped:
# the element goes, its text stays readable.
_KEEP = frozenset({
    "a", "abbr", "address", "article", "aside", "b", "big", "blockquote", "body", "br", "caption",
    "center", "cite", "code", "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
    "hr", "html", "i", "img", "ins", "kbd", "label", "li", "main", "mark", "nav", "nobr", "ol", "p",
    "pre", "q", "s", "samp", "section", "small", "span", "strike", "strong", "style", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "title", "tr", "tt", "u", "ul", "var", "wbr",
})

# Presentational attributes that never name a resource. `style` is kept after CSS cleaning and
# `src` only on <img> for an allowed inline image; every other attribute (on*, href, ...) goes.
_ATTRIBUTES = frozenset({
    "abbr", "align", "alt", "border", "cellpadding", "cellspacing", "class", "clear", "cols", "colspan", "compact",
    "datetime", "dir", "face", "headers", "height", "hspace", "id", "lang", "name", "noshade", "nowrap", "reversed",
    "rows", "rowspan", "scope", "size", "span", "start", "summary", "title", "type", "valign", "value", "vspace",
    "width",
})

# Browsers ignore ASCII whitespace and control characters inside a URL's scheme ("java\tscript:"),
# and read "\\" as "/" ("\\host\share" is a UNC path, "http:\\host" a web address).
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_REMOTE = re.compile(r"(?:https?|ftps?|wss?|file|smb|nfs|sftp):|(?:[a-z][a-z0-9+.-]*:)?//")
_SCRIPT_OR_DATA = re.compile(r"(?:javascript|vbscript|livescript|data):")
_INLINE_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|gif);base64,([A-Za-z0-9+/\s]*={0,2}\s*)", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)'\"]*?))\s*\)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\(\s*)?[\"']?([^\"')\s;]*)[^;]*;?", re.IGNORECASE)
# CSS that is dropped whole: IE expressions and behaviours, XBL bindings, script URLs, and any
# escape or markup character that could disguise one of them, or a url(), from these patterns.
_CSS_HOSTILE = re.compile(r"expression\s*\(|behaviou?r\s*:|-moz-binding|javascript:|vbscript:|[\\<&]", re.IGNORECASE)
# What must be gone once url() and @import were removed; if not, the CSS was malformed on purpose.
_CSS_LEFTOVER = re.compile(r"url\(|@import|image-set\(|image\(", re.IGNORECASE)
# Colour declarations, left to the palette (see the module docstring); border colours stay.
_CSS_COLOUR = re.compile(r"(?<![\w-])(?:color|background(?:-color|-image)?)\s*:[^;}]*;?", re.IGNORECASE)
# Addresses spotted in CSS that is dropped whole (an escaped url() hides them from _CSS_URL).
_CSS_ADDRESS = re.compile(r"(?:https?|ftps?|file)://[^\s'\"()<>]+|\\\\[^\s'\"()<>]+", re.IGNORECASE)


class Sanitised(NamedTuple):
    """The cleaned HTML and the URLs it no longer contains (remote references and link targets)."""

    html: str
    blocked: list[str]


class HtmlRejected(ValueError):
    """The parser gave up on the markup; the caller shows the plain-text body instead."""


def _normalised(url: str) -> str:
    return _URL_NOISE.sub("", url).replace("\\", "/").lower()


def is_remote_url(url: str) -> bool:
    """Whether loading `url` would reach another machine (web, FTP, file share, protocol-relative)."""
    return _REMOTE.match(_normalised(url)) is not None


def allowed_inline_image(url: str) -> str | None:
    """`url` in canonical form if it is a PNG/JPEG/GIF `data:` image of at most 256 KiB, else None."""
    match = _INLINE_IMAGE.fullmatch(url.strip())
    if match is None:
        return None
    payload = _URL_NOISE.sub("", match.group(2))
    if len(payload) * 3 // 4 > INLINE_IMAGE_LIMIT:
        return None
    subtype = match.group(1).lower().replace("jpg", "jpeg")
    return f"data:image/{subtype};base64,{payload}"


class _Blocked:
    """Collects blocked URLs once each, in document order, up to MAX_BLOCKED."""

    def __init__(self) -> None:
        self.urls: dict[str, None] = {}

    def remote(self, url: str) -> None:
        if is_remote_url(url):
            self.add(url)

    def link(self, url: str) -> None:
        """A link target: shown unless it is only a fragment, a script or a data blob."""
        norm = _normalised(url)
        if norm and not norm.startswith("#") and not _SCRIPT_OR_DATA.match(norm):
            self.add(url)

    def add(self, url: str) -> None:
        url = url.strip()
        if len(url) > _URL_SHOWN:
            url = url[:_URL_SHOWN] + "…"
        if len(self.urls) < MAX_BLOCKED:
            self.urls.setdefault(url, None)


def _css_urls(css: str) -> Iterable[str]:
    for match in _CSS_URL.finditer(css):
        yield next(group for group in match.groups() if group is not None)
    for match in _CSS_IMPORT.finditer(css):
        yield match.group(1)


def clean_css(css: str, blocked: Callable[[str], None]) -> str | None:
    """`css` without url(), @import or colours, or None if it must go whole; every address it
    named is passed to `blocked` (which keeps the remote ones)."""
    css = _CSS_COMMENT.sub(" ", css)
    for url in _css_urls(css):
        blocked(url)
    if _CSS_HOSTILE.search(css):
        for match in _CSS_ADDRESS.finditer(css):
            blocked(match.group())
        return None
    css = _CSS_COLOUR.sub("", _CSS_IMPORT.sub("", _CSS_URL.sub("none", css)))
    return None if _CSS_LEFTOVER.search(css) else css


def _attribute_text(value: object) -> str:
    # html.parser gives multi-valued attributes (class, rel, ...) as lists.
    return " ".join(value) if isinstance(value, list) else str(value)


def _record_attribute(name: str, value: str, blocked: _Blocked) -> None:
    if name == "srcset":
        for candidate in value.split(","):
            parts = candidate.split()
            if parts:
                blocked.remote(parts[0])
    elif name == "content":
        refresh = _REFRESH_URL.search(value)
        blocked.remote(refresh.group(1) if refresh else value)
    elif name == "style":
        for url in _css_urls(_CSS_COMMENT.sub(" ", value)):
            blocked.remote(url)
    else:
        blocked.remote(value)


def _clean_attributes(tag: Tag, blocked: _Blocked) -> None:
    kept: dict[str, str] = {}
    for raw_name, raw_value in tag.attrs.items():
        name, value = raw_name.lower(), _attribute_text(raw_value)
        if name == "href" and tag.name in ("a", "area"):
            blocked.link(value)
        elif name == "src" and tag.name == "img" and (inline := allowed_inline_image(value)):
            kept["src"] = inline
        elif name == "style":
            style = clean_css(value, blocked.remote)
            if style and style.strip():
                kept["style"] = style
        elif name in _ATTRIBUTES and not name.startswith("on"):
            kept[name] = value
        else:
            _record_attribute(name, value, blocked)
    tag.attrs = kept  # type: ignore[assignment]


def _clean_style_element(tag: Tag, blocked: _Blocked) -> None:
    css = clean_css(tag.get_text(), blocked.remote)
    if css is None:
        tag.decompose()
    else:
        tag.string = css


def _clean_image(tag: Tag) -> None:
    if "src" in tag.attrs:
        return
    alt = str(tag.attrs.get("alt", "")).strip()
    if alt:
        tag.replace_with(NavigableString(f"[image: {alt[:200]}]"))
    else:
        tag.decompose()  # tracking pixels and blocked images leave nothing behind


def _parse(html: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # A body that looks like a URL or starts with an XML declaration is still parsed as HTML.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(html, "html.parser")
        except (ParserRejectedMarkup, RecursionError) as exc:
            raise HtmlRejected(str(exc)) from exc


def sanitise_html(html: str) -> Sanitised:
    """Clean untrusted HTML for rendering: no script, no active element, no loadable URL.

    Raises HtmlRejected when the parser cannot read the markup at all.
    """
    soup = _parse(html)
    blocked = _Blocked()
    for node in soup.find_all(string=lambda s: isinstance(s, PreformattedString)):
        node.extract()  # comments (conditional comments too), doctype, CDATA, processing instructions
    gone: set[int] = set()  # ids of tags inside a dropped element (Tag.decomposed searches the subtree)
    for tag in soup.find_all(True):
        if id(tag) in gone:
            continue
        name = (tag.name or "").lower()
        # URLs of elements that go are still recorded: they were references in the message.
        _clean_attributes(tag, blocked)
        if name in _DROP:
            for inner in tag.find_all(True):
                gone.add(id(inner))
                _clean_attributes(inner, blocked)
            tag.decompose()
        elif name == "style":
            _clean_style_element(tag, blocked)
        elif name == "img":
            _clean_image(tag)
        elif name not in _KEEP:
            tag.unwrap()
    return Sanitised(str(soup), list(blocked.urls))


class SafeBrowser(QTextBrowser):
    """A QTextBrowser that follows no link and loads nothing but allowed inline images.

    Refused resources get an empty value rather than None: None would let QTextDocument fall
    back to reading the URL as a local (or UNC) file itself. Every refused URL is kept in
    `refused`, so a test, or a curious investigator's debugger, can see what was asked for.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.refused: list[str] = []

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        text = url.toString() if isinstance(url, QUrl) else str(url)
        is_image = kind == QTextDocument.ResourceType.ImageResource.value
        if is_image and (inline := allowed_inline_image(text)) is not None:
            image = _decode_inline_image(inline)
            if not image.isNull():
                return image
        if len(self.refused) < MAX_BLOCKED:
            self.refused.append(text[:_URL_SHOWN])
        return QImage() if is_image else " "


def _decode_inline_image(url: str) -> QImage:
    """The image of an allowed `data:` URL, or a null image if it is broken or too large."""
    header, _, payload = url.partition(",")
    data = QByteArray.fromBase64(QByteArray(payload.encode("ascii")))
    buffer = QBuffer()
    buffer.setData(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, header.split("/")[1].split(";")[0].encode("ascii"))
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > _MAX_INLINE_PIXELS:
        return QImage()
    return reader.read()
