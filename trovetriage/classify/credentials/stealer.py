"""Info-stealer password logs: blocks of `URL:` / `Username:` / `Password:` / `SOFT:` lines.

RedLine, Raccoon, Vidar, Lumma and their clones differ in key names (`URL`/`Host`/`HOSTNAME`,
`Username`/`Login`/`USER`, `Password`/`PASS`, `SOFT`/`Browser`/`Application`) and in how blocks
are separated (blank lines, `=====` rulers, or nothing but the next `URL:`). A block ends at a
blank line or ruler, or when a key it already holds comes again; it yields one record when it holds
a password. Only the latest value of each key is kept, so a hostile block costs constant memory.
"""

from __future__ import annotations

import re

from .accounts import split_account
from .combo import secret_kind
from .formats import Layout
from .lines import is_ruler
from .records import Parsed, url_host

_ROLES = {
    "url": "url",
    "host": "url",
    "hostname": "url",
    "site": "url",
    "origin": "url",
    "link": "url",
    "username": "user",
    "user": "user",
    "login": "user",
    "user name": "user",
    "email": "user",
    "e-mail": "user",
    "password": "password",
    "pass": "password",
    "pwd": "password",
    "soft": "software",
    "browser": "software",
    "application": "software",
    "app": "software",
    "software": "software",
    "storage": "software",
    "profile": "profile",
}
_KEY_LINE = re.compile(
    r"\s*(url|host|hostname|site|origin|link|username|user name|user|login|e-?mail|password|pass|pwd|soft|browser"
    r"|application|app|software|storage|profile)\s*[:=]\s?(.*)",
    re.IGNORECASE,
)


def stealer_key(line: str) -> tuple[str, str] | None:
    """(role, value) of a `Key: value` line of a stealer log, or None."""
    match = _KEY_LINE.fullmatch(line)
    if match is None:
        return None
    return _ROLES[match.group(1).lower()], match.group(2).strip()


class StealerParser:
    """Feeds lines one at a time; `feed` returns a record's parts when a block closes."""

    def __init__(self) -> None:
        self._block: dict[str, str] = {}
        self._password_line = 0

    def feed(self, line: str, number: int) -> tuple[Parsed, int] | None:
        """Consumes one line; returns (parsed, line of its password) when the previous block closed."""
        if not line.strip() or is_ruler(line):
            return self._close()
        key = stealer_key(line)
        if key is None:
            return None
        role, value = key
        done = self._close() if role in self._block and role != "software" else None
        if role == "software" and role in self._block and "password" in self._block:
            done = self._close()
        self._block[role] = value
        if role == "password":
            self._password_line = number
        return done

    def finish(self) -> tuple[Parsed, int] | None:
        """The last block, at the end of the stream."""
        return self._close()

    def _close(self) -> tuple[Parsed, int] | None:
        block, self._block = self._block, {}
        secret = block.get("password", "")
        login, url = block.get("user", ""), block.get("url", "")
        if not secret or not (login or url) or len(secret) > 512:
            return None
        account, domain = split_account(login)
        if not domain and url:
            domain = url_host(url)
        kind, context = secret_kind(secret)
        context = dict(context or {})
        if block.get("software"):
            context["software"] = block["software"][:128]
        parsed = Parsed(account, domain, kind, secret, Layout.STEALER, url=url, context=context or None)
        return parsed, self._password_line
