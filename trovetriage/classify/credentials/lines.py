"""Line hygiene shared by every parser: line endings, NUL bytes, giant lines, comments and rulers."""

from __future__ import annotations

import re

#: Longer lines are no credential line of any known layout (a Kerberos AES TGS hash is a few KB):
#: they are skipped, so a 1 GB line without a newline costs one pass and no parsing.
MAX_LINE = 16_384

_COMMENT_PREFIXES = ("#", "//", "[*]", "[+]", "[-]", "[!]", "[~]", "<!--")
_RULER = re.compile(r"[=\-*_~#+.]{3,}\s*\Z")


def clean_line(line: str) -> str:
    """The line without its ending, a leading BOM or NULs (UTF-16 read as 8-bit leaves one per
    character); '' when it is too long to be a credential line."""
    if len(line) > MAX_LINE:
        return ""
    line = line.rstrip("\r\n")
    if "\x00" in line:
        line = line.replace("\x00", "")
    if line.startswith("\ufeff"):
        line = line[1:]
    return line


def is_ruler(line: str) -> bool:
    """A separator line such as `=====` or `-----` (stealer logs put one between blocks)."""
    stripped = line.strip()
    return bool(stripped) and _RULER.match(stripped) is not None


def is_comment(line: str) -> bool:
    """A line that carries no data in any layout: comments, tool status lines, rulers."""
    stripped = line.lstrip()
    return stripped.startswith(_COMMENT_PREFIXES) or is_ruler(stripped)


def content_lines(sample: list[str]) -> list[str]:
    """The non-empty, non-comment lines of a sample, cleaned (what detection counts)."""
    out = []
    for raw in sample:
        line = clean_line(raw)
        if line.strip() and not is_comment(line):
            out.append(line)
    return out
