"""Unix account files: /etc/shadow (9 fields) and old-style /etc/passwd with the hash in field 2.

Locked (`!`, `*`, `!!`, `*LK*`) and shadowed (`x`) entries parse as this layout but expose nothing;
a hash behind a `!` lock is still a hash and is recorded with `locked` in its context.
"""

from __future__ import annotations

import re

from .formats import Layout
from .hashes import HashContext, identify_hash
from .records import Parsed

_NAME = r"[A-Za-z0-9_.][A-Za-z0-9_.@-]{0,63}\$?"
_SHADOW = re.compile(rf"(?P<user>{_NAME}):(?P<hash>[^:]{{0,1024}}):(?:\d*:){{5}}\d*:[^:]{{0,64}}")
_PASSWD = re.compile(
    rf"(?P<user>{_NAME}):(?P<hash>[^:]{{0,1024}}):(?P<uid>\d{{1,10}}):\d{{1,10}}:[^:]{{0,256}}:[^:]{{0,1024}}:[^:]{{0,1024}}"
)
_NO_PASSWORD = frozenset({"", "x", "*", "!", "!!", "!*", "*LK*", "NP", "LK", "*NP*"})


def parse_shadow(line: str) -> list[Parsed] | None:
    """The record of one shadow/passwd line, [] for a locked or shadowed entry, None if not this layout."""
    line = line.strip()
    match = _SHADOW.fullmatch(line)
    uid = ""
    if match is None:
        match = _PASSWD.fullmatch(line)
        if match is None:
            return None
        uid = match.group("uid")
    value = match.group("hash")
    if value in _NO_PASSWORD:
        return []
    context: dict[str, str] = {}
    if value[0] in "!*":
        context["locked"] = "true"
        value = value.lstrip("!*")
    kind = identify_hash(value, HashContext.SHADOW)
    if kind is None:
        return []
    if uid:
        context["uid"] = uid
    user = match.group("user")
    return [Parsed(user, "", kind, value, Layout.SHADOW, context=context or None, rid="")]
