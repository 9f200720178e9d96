"""Raw message bytes to a parsed message, trying the parsers from strictest to most forgiving.

What is not the message (a BOM, an Apple Mail .emlx byte count and property list) is removed
first; a parse that broke the MIME structure loses to one that did not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from email.policy import EmailPolicy

from trovetriage.ingest.mail.parts import defect_names

#: Defects that mean the MIME structure was not understood (the body is then raw MIME text).
STRUCTURE_DEFECTS = frozenset({
    "StartBoundaryNotFoundDefect", "NoBoundaryInMultipartDefect", "MultipartInvariantViolationDefect",
})

_EMLX_COUNT = re.compile(rb"^\s{0,16}(\d{1,12})[ \t]*\r?\n")
_HEADER_START = re.compile(rb"[A-Za-z0-9-]{1,76}:")


@dataclass
class ParsedMessage:
    """The parsed message (None when no parser could read it) and notes on the parsers that failed."""

    message: Message | None
    notes: list[str]


def strip_envelope(data: bytes, extension: str) -> tuple[bytes, str]:
    """Remove what is not the message: a BOM, leading blank lines, the .emlx byte count and plist."""
    note = ""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = _EMLX_COUNT.match(data)
    if match and (extension == ".emlx" or _HEADER_START.match(data, match.end())):
        count = int(match.group(1))
        body = data[match.end():]
        if 0 < count <= len(body):
            body = body[:count]
        data, note = body, "Apple Mail .emlx: byte count and property list removed"
    stripped = data.lstrip(b"\r\n")
    return stripped, note


def structure_defects(message: Message, limit: int = 10_000) -> int:
    """How many parts of the tree the parser could not split (iterative; bounded)."""
    count = 0
    stack = [message]
    seen = 0
    while stack and seen < limit:
        part = stack.pop()
        seen += 1
        count += sum(1 for name in defect_names(part) if name in STRUCTURE_DEFECTS)
        try:
            payload = part.get_payload() if part.is_multipart() else None
        except Exception:
            payload = None
        if isinstance(payload, list):
            stack.extend(child for child in payload if isinstance(child, Message))
    return count


def parse_message(data: bytes, default_policy: EmailPolicy = policy.default) -> ParsedMessage:
    """policy.default first; compat32 if that fails; headers only as the last resort.

    The default policy's strict header grammar rejects some boundaries compat32 reads (Outlook
    Express writes `boundary=----=_NextPart...` unquoted); when the structure broke, the parse
    with fewer broken parts wins. `default_policy` may be a clone of policy.default (one with a
    header cache, say) that parses alike.
    """
    notes: list[str] = []
    attempts: tuple[tuple[str, Callable[[], Message]], ...] = (
        ("default", lambda: BytesParser(policy=default_policy).parsebytes(data)),
        ("compat32", lambda: BytesParser(policy=policy.compat32).parsebytes(data)),
        ("headers only", lambda: BytesHeaderParser(policy=policy.compat32).parsebytes(data)),
    )
    for index, (label, attempt) in enumerate(attempts):
        try:
            message = attempt()
        except Exception as error:  # RecursionError on absurd nesting, parser bugs
            notes.append(f"{label} parser failed ({type(error).__name__})")
            continue
        if index == 0 and structure_defects(message):
            try:
                lenient = BytesParser(policy=policy.compat32).parsebytes(data)
                if structure_defects(lenient) < structure_defects(message):
                    message = lenient
            except Exception:
                pass
        return ParsedMessage(message, notes)
    return ParsedMessage(None, notes)


def line_separator(data: bytes) -> str:
    """The line ending the raw message mostly uses, so attached messages are re-serialised alike."""
    head = data[:65536]
    return "\r\n" if head.count(b"\r\n") * 2 >= head.count(b"\n") else "\n"
