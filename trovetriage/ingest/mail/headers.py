"""A message's headers: looked up without raising, addresses, dates and the routing they record.

Addresses are parsed before their display names are decoded, so a comma inside an encoded name
does not split an address; Received lines give the relay hosts and, when Date is missing, the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from trovetriage.ingest.mail.decoding import FOLD, HEADER_VALUE_CAP, clean_str, decode_header_value, one_line

METADATA_VALUE_CAP = 1000
MAX_LIST = 5000

_COMMENT = re.compile(r"\([^()]*\)")
_RECEIVED_FROM = re.compile(r"(?:^|\s)from\s+([^\s;]+)", re.IGNORECASE)
_RECEIVED_BY = re.compile(r"(?:^|\s)by\s+([^\s;]+)", re.IGNORECASE)
_RECEIVED_KEYWORDS = frozenset({"from", "by", "with", "via", "id", "for", "unknown-host"})
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9._:-]{0,253})$")


class Headers:
    """Raw headers of one message, read once; lookups are case-insensitive and never raise."""

    def __init__(self, message: Message, hint: str | None = None) -> None:
        self.hint = hint
        self.items: list[tuple[str, str]] = []
        try:
            for name, value in message.raw_items():
                self.items.append((str(name), value if isinstance(value, str) else str(value)))
        except Exception:  # a header object that cannot even be listed
            self.items = []

    def raw_all(self, name: str) -> list[str]:
        """Every undecoded value of that header, in order (Received lines repeat), each capped."""
        key = name.lower()
        return [value[:HEADER_VALUE_CAP] for item, value in self.items if item.lower() == key]

    def raw(self, name: str) -> str:
        """The first undecoded value of that header ("" when absent)."""
        found = self.raw_all(name)
        return found[0] if found else ""

    def text(self, name: str) -> str:
        """The decoded value of the first header of that name, on one line ("" when absent)."""
        raw = self.raw(name)
        return one_line(decode_header_value(raw, self.hint)) if raw else ""

    def addresses(self, *names: str) -> list[tuple[str, str]]:
        """(display name, addr-spec) pairs of address headers; groups and junk tolerated."""
        values = [value for name in names for value in self.raw_all(name)]
        return parse_addresses(values, self.hint)


def parse_addresses(values: list[str], hint: str | None = None) -> list[tuple[str, str]]:
    """Parse before decoding, so commas inside encoded display names do not split addresses."""
    if not values:
        return []
    unfolded = [FOLD.sub("", value) for value in values]
    try:
        pairs = getaddresses(unfolded)
    except Exception:
        pairs = []
    found: list[tuple[str, str]] = []
    for name, addr in pairs:
        if "=?" in addr and "@" not in addr:
            # A mailer encoded the whole "Name <addr>": decode first, then parse again.
            try:
                nested = getaddresses([decode_header_value(addr, hint)])
            except Exception:
                nested = []
            found.extend((decode_header_value(n, hint), clean_str(a, hint).strip()) for n, a in nested)
            continue
        found.append((one_line(decode_header_value(name, hint)), one_line(clean_str(addr, hint)).strip("<> ")))
    if not found or not any(addr for _, addr in found):
        # Nothing parsed: fall back to anything that looks like an address.
        text = " ".join(decode_header_value(value, hint) for value in values)
        found = [("", addr) for addr in re.findall(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", text)]
    return [(name, addr) for name, addr in found if name or addr][:MAX_LIST]


def display_address(name: str, addr: str) -> str:
    """`Name <addr>` as a mail client shows it, or whichever half is there."""
    if name and addr:
        return f"{name} <{addr}>"
    return addr or name


def received_hosts(values: Iterable[str]) -> list[str]:
    """Host names of `Received: from X ... by Y` lines, top to bottom, each host once."""
    hosts: dict[str, None] = {}
    for raw in values:
        line = one_line(clean_str(FOLD.sub("", raw))).rsplit(";", 1)[0]  # the date after ";" holds no host
        for _ in range(8):  # nested comments, innermost first
            stripped = _COMMENT.sub(" ", line)
            if stripped == line:
                break
            line = stripped
        for pattern in (_RECEIVED_FROM, _RECEIVED_BY):
            match = pattern.search(line)
            if match:
                host = match.group(1).strip("[]<>,.'\"").lower()
                if _HOST.match(host) and host not in _RECEIVED_KEYWORDS:
                    hosts.setdefault(host, None)
    return list(hosts)


def received_date(headers: Headers) -> datetime | None:
    """When a message has no Date header, the top Received line says when it arrived."""
    for raw in headers.raw_all("received"):
        if ";" in raw:
            date = parse_date(one_line(clean_str(raw.rsplit(";", 1)[1])))
            if date is not None:
                return date
    return None


def parse_date(value: str) -> datetime | None:
    """A timezone-aware datetime, or None; "-0000" (zone unknown) is taken as UTC."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None or not 1900 <= parsed.year <= 2200:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def exchange_headers(headers: Headers) -> dict[str, str]:
    """Microsoft Exchange's `X-MS-Exchange-*` headers by lower-case name, repeats joined by newlines.

    They name the organisation, tenant and servers that handled the message, which often tells
    whose mail a trove is when the addresses do not.
    """
    exchange: dict[str, str] = {}
    for name, raw in headers.items:
        key = name.lower()
        if key.startswith("x-ms-exchange-"):
            value = one_line(decode_header_value(raw, headers.hint))
            exchange[key] = (f"{exchange[key]}\n{value}" if key in exchange else value)[:METADATA_VALUE_CAP]
    return exchange
