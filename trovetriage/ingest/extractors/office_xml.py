"""Safe, bounded reading of XML parts inside zip-based office packages (OOXML, ODF).

Office packages are zips of XML: the two classic attacks are decompression bombs (a part that
inflates far beyond its stored size) and entity tricks (billion laughs, XXE). Parts are therefore
read through a byte-counting stream with the zip extractor's ratio rule, and parsed by defusedxml
with entity declarations refused - nothing is expanded and nothing is ever fetched. A text part whose
DTD declares external entities and nothing else is read again without them (stream_text).
"""

from __future__ import annotations

import re
import xml.sax
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast
from xml.etree.ElementTree import Element
from xml.sax.xmlreader import AttributesNSImpl

import defusedxml.ElementTree
import defusedxml.sax
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from trovetriage.core.limits import Limits, MiB
from trovetriage.core.types import Status

#: Metadata parts (core.xml, meta.xml, manifest.xml...) are tiny; a big one is hostile.
SMALL_PART_BYTES = 8 * MiB
READ_CHUNK = 64 * 1024
#: How far into a part its DOCTYPE may reach for external entities to be left out (stream_text).
DOCTYPE_MAX = 64 * 1024
_LITERAL = rb"""(?:"[^"]*"|'[^']*')"""
_EXTERNAL_ID = rb"(?:SYSTEM\s+" + _LITERAL + rb"|PUBLIC\s+" + _LITERAL + rb"\s+" + _LITERAL + rb")"
_NAME = rb"[A-Za-z_][A-Za-z0-9_.-]{0,99}"
_EXTERNAL_DECL = rb"<!ENTITY\s+" + _NAME + rb"\s+" + _EXTERNAL_ID + rb"(?:\s+NDATA\s+" + _NAME + rb")?\s*>"
#: A DOCTYPE opening the part whose internal subset is nothing but external entity declarations.
_EXTERNAL_ONLY_DOCTYPE = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:<\?xml[^>]{0,200}\?>)?\s*(?P<doctype><!DOCTYPE\s+[^\s\[>]+(?:\s+" + _EXTERNAL_ID
    + rb")?\s*\[(?P<subset>(?:\s|" + _EXTERNAL_DECL + rb")*)\]\s*>)")
_EXTERNAL_NAME = re.compile(rb"<!ENTITY\s+(" + _NAME + rb")")
EXTERNAL_REFUSED = "external entity refused (not fetched)"


class PartRefused(Exception):
    """A part that must not be read further: a bomb, an entity trick or damage. Carries the status."""

    def __init__(self, status: Status, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class TextFull(Exception):
    """The text budget is spent: stop parsing, keep what was collected."""


class BoundedPart:
    """A zip member stream that refuses to inflate past a byte cap or the compression-ratio limit."""

    def __init__(self, stream: BinaryIO, info: zipfile.ZipInfo, cap: int, limits: Limits) -> None:
        self._stream = stream
        self._info = info
        self._cap = cap
        self._limits = limits
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(READ_CHUNK if size is None or size < 0 else min(size, READ_CHUNK))
        self.size += len(data)
        limits = self._limits
        if self.size > self._cap:
            raise PartRefused(Status.SKIPPED_BOMB, f"part {self._info.filename} inflates beyond {self._cap:,} bytes")
        if self.size > limits.ratio_min_bytes and self.size / max(self._info.compress_size, 1) > limits.max_ratio:
            raise PartRefused(Status.SKIPPED_BOMB,
                              f"part {self._info.filename}: compression ratio above {limits.max_ratio:g}:1 (bomb)")
        return data

    def close(self) -> None:
        self._stream.close()


def part_cap(limits: Limits) -> int:
    return limits.max_member_bytes


def check_declared(info: zipfile.ZipInfo, cap: int, limits: Limits) -> None:
    """Refuse before inflating when the directory already admits to a bomb."""
    if info.flag_bits & 0x1:
        raise PartRefused(Status.ENCRYPTED, f"part {info.filename} is encrypted (zip encryption)")
    if info.file_size > cap:
        raise PartRefused(Status.SKIPPED_BOMB, f"part {info.filename} declares {info.file_size:,} bytes "
                                               f"(limit {cap:,})")
    if info.file_size > limits.ratio_min_bytes and info.file_size / max(info.compress_size, 1) > limits.max_ratio:
        raise PartRefused(Status.SKIPPED_BOMB,
                          f"part {info.filename}: declared compression ratio above {limits.max_ratio:g}:1 (bomb)")


def open_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, cap: int | None = None) -> BoundedPart:
    cap = part_cap(limits) if cap is None else cap
    check_declared(info, cap, limits)
    try:
        stream = cast(BinaryIO, zf.open(info))
    except (NotImplementedError, RuntimeError, zipfile.BadZipFile, ValueError, OSError) as error:
        raise PartRefused(Status.CORRUPT, f"part {info.filename} cannot be opened: {error}") from error
    return BoundedPart(stream, info, cap, limits)


def read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, cap: int = SMALL_PART_BYTES) -> bytes:
    part = open_part(zf, info, limits, min(cap, part_cap(limits)))
    chunks: list[bytes] = []
    try:
        while chunk := _guard_damage(info, part.read):
            chunks.append(chunk)
    finally:
        part.close()
    return b"".join(chunks)


def _guard_damage(info: zipfile.ZipInfo, read: Callable[[], bytes]) -> bytes:
    try:
        return read()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise PartRefused(Status.CORRUPT, f"part {info.filename} is damaged: {error}") from error


def xml_refusal(error: BaseException, part: str) -> PartRefused:
    """Turn a defusedxml/expat error into the status a human would give the document."""
    if isinstance(error, EntitiesForbidden):
        if error.sysid or error.pubid:
            return PartRefused(Status.CORRUPT, f"part {part}: external entity {error.name!r} "
                                               f"({error.sysid or error.pubid}) refused (XXE); not fetched")
        return PartRefused(Status.SKIPPED_BOMB, f"part {part}: entity declaration {error.name!r} refused "
                                                "(possible billion-laughs XML bomb)")
    if isinstance(error, ExternalReferenceForbidden | DTDForbidden):
        return PartRefused(Status.CORRUPT, f"part {part}: external reference refused (XXE): {error}")
    if isinstance(error, DefusedXmlException):
        return PartRefused(Status.CORRUPT, f"part {part}: unsafe XML refused: {error}")
    return PartRefused(Status.CORRUPT, f"part {part}: malformed XML: {error}")


def parse_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Element:
    """Parse a small part (metadata, manifest, workbook) into a tree, safely."""
    data = read_part(zf, info, limits)
    try:
        return defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, SyntaxError, ValueError) as error:
        raise xml_refusal(error, info.filename) from error


def local(tag: str) -> str:
    """`{namespace}name` -> `name`: office parts use many namespace versions for one vocabulary."""
    return tag.rpartition("}")[2]


@dataclass(frozen=True)
class TextRules:
    """Which elements (by local name) carry text and which break lines in one XML vocabulary."""

    text: frozenset[str]
    para: frozenset[str] = frozenset()
    tab: frozenset[str] = frozenset()
    newline: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()
    #: (local name, attrs) -> True when that element's subtree must be ignored (e.g. shared-string refs).
    skip_when: Callable[[str, dict[str, str]], bool] | None = None
    spaces: frozenset[str] = field(default_factory=frozenset)


class TextBudget:
    """The text of one item, capped at max_text_chars across all its parts."""

    def __init__(self, limit: int) -> None:
        self.limit = max(limit, 0)
        self.parts: list[str] = []
        self.size = 0
        self.full = False

    def add(self, text: str) -> None:
        if self.full or not text:
            return
        room = self.limit - self.size
        if len(text) > room:
            text = text[:room]
            self.full = True
        self.parts.append(text)
        self.size += len(text)
        if self.full:
            raise TextFull

    def text(self) -> str:
        return "".join(self.parts)


class _TextHandler(xml.sax.ContentHandler):
    """Streams character data of the text elements into the budget; memory stays constant."""

    def __init__(self, rules: TextRules, budget: TextBudget) -> None:
        super().__init__()
        self.rules = rules
        self.budget = budget
        self.inside = 0
        self.skipping = 0

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl) -> None:
        tag = name[1]
        rules = self.rules
        if self.skipping or tag in rules.skip or (rules.skip_when and rules.skip_when(
                tag, {key[1]: value for key, value in attrs.items()})):
            self.skipping += 1
            return
        if tag in rules.text:
            self.inside += 1
        elif tag in rules.tab:
            self.budget.add("\t")
        elif tag in rules.newline:
            self.budget.add("\n")
        elif tag in rules.spaces:
            count = next((value for key, value in attrs.items() if key[1] == "c"), "1")
            self.budget.add(" " * min(int(count) if count.isdigit() else 1, 100))

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        tag = name[1]
        if self.skipping:
            self.skipping -= 1
            return
        if tag in self.rules.text:
            self.inside -= 1
        if tag in self.rules.para:
            self.budget.add("\n")

    def characters(self, content: str) -> None:
        if self.inside and not self.skipping:
            self.budget.add(content)


def stream_text(zf: zipfile.ZipFile, info: zipfile.ZipInfo, rules: TextRules, budget: TextBudget,
                limits: Limits) -> str:
    """Collect the text of one (possibly large) part. Raises PartRefused; TextFull when the budget is spent.

    A DTD declaring only external entities is an XXE attempt, not a bomb: the entities are refused (never
    fetched) and the part is read again under a DOCTYPE of our own that makes each of them empty, so the
    document's own text is kept. Returns a note saying so, else "".
    """
    try:
        _stream_text(zf, info, rules, budget, limits, None)
        return ""
    except PartRefused as refused:
        cause = refused.__cause__
        if not (isinstance(cause, EntitiesForbidden) and (cause.sysid or cause.pubid)):
            raise
        names = _stream_text(zf, info, rules, budget, limits, refused)
    return f"part {info.filename}: {EXTERNAL_REFUSED}: {', '.join(names)} ({cause.sysid or cause.pubid})"


def _stream_text(zf: zipfile.ZipFile, info: zipfile.ZipInfo, rules: TextRules, budget: TextBudget,
                 limits: Limits, refused: PartRefused | None) -> list[str]:
    """One streaming parse; after `refused` (external entities) the DOCTYPE is replaced. Returns their names."""
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = False
    parser.forbid_entities = refused is None  # the second reading declares only our own empty entities
    parser.forbid_external = True
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(_TextHandler(rules, budget))
    part = open_part(zf, info, limits)
    names: list[bytes] = []
    try:
        if refused is not None:
            prefix = b""
            while len(prefix) < DOCTYPE_MAX and (chunk := _guard_damage(info, part.read)):
                prefix += chunk
            doctype = _EXTERNAL_ONLY_DOCTYPE.match(prefix, 0, DOCTYPE_MAX)
            if doctype is None:
                raise refused  # an internal entity (expansion) or a DOCTYPE we cannot delimit: keep refusing
            names = list(dict.fromkeys(_EXTERNAL_NAME.findall(doctype.group("subset"))))
            empty = b"".join(b'<!ENTITY %s "">' % name for name in names)
            own = b"<!DOCTYPE d [" + empty + b"]>"
            parser.feed(prefix[:doctype.start("doctype")] + own + prefix[doctype.end("doctype"):])
        while chunk := _guard_damage(info, part.read):
            parser.feed(chunk)
        parser.close()
    except (DefusedXmlException, xml.sax.SAXException) as error:
        raise xml_refusal(error, info.filename) from error
    finally:
        part.close()
    return [name.decode("ascii") for name in names]


def child_texts(root: Element, names: Iterable[str]) -> dict[str, Any]:
    """Direct children of `root` whose local name is in `names`, as {local name: text}."""
    wanted = set(names)
    found: dict[str, Any] = {}
    for child in root:
        name = local(child.tag)
        if name in wanted and (child.text or "").strip():
            found.setdefault(name, child.text.strip()[:2000])
    return found
