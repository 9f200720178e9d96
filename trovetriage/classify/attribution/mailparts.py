"""Reading raw mail header values for attribution: Received hops, Message-ID host, addresses, hosts, DNs.

Values are hostile: they are cut to a bounded length, split on delimiters (no backtracking
regular expressions), and anything that does not look like a host name is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

MAX_VALUE_CHARS = 8192
MAX_VALUES_PER_HEADER = 100
MAX_HEADERS = 1000
MAX_TOTAL_CHARS = 1 << 20

_SPLIT = re.compile(r"[\s<>()\[\],;\"'{}|=]+")
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_READ = frozenset({"received", "message-id"})
_RECEIVED_KEYWORDS = frozenset({"from", "by", "via", "with", "id", "for"})


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value[:MAX_VALUE_CHARS]
    if isinstance(value, bytes | bytearray):
        return bytes(value[:MAX_VALUE_CHARS]).decode("utf-8", "replace")
    return None


def header_values(headers: object) -> dict[str, tuple[str, list[str]]]:
    """The headers attribution reads (Received, Message-ID, X-MS-Exchange-*) by lower-case name ->
    (name as written, bounded values in order); junk is dropped.

    At most MAX_HEADERS names, MAX_VALUES_PER_HEADER values each and MAX_TOTAL_CHARS in all are read.
    """
    result: dict[str, tuple[str, list[str]]] = {}
    if not isinstance(headers, Mapping):
        return result
    budget = MAX_TOTAL_CHARS
    for count, (name, values) in enumerate(headers.items()):
        if count >= MAX_HEADERS or budget <= 0:
            break
        if not isinstance(name, str) or len(name) > 200:
            continue
        key = name.strip().lower()
        if key not in _READ and not key.startswith("x-ms-exchange-"):
            continue
        items = [values] if isinstance(values, str | bytes | bytearray) else values
        if not isinstance(items, Iterable):
            continue
        texts = result.setdefault(key, (name.strip(), []))[1]
        for item in islice(items, MAX_VALUES_PER_HEADER):
            text = item[:MAX_VALUE_CHARS] if type(item) is str else _as_text(item)
            if text is not None and budget > 0:
                texts.append(text[:budget])
                budget -= len(text)
    return result


def words(value: str) -> list[str]:
    """Delimiter-separated pieces of a header value (comments, angle brackets and quotes split)."""
    return [piece for piece in _SPLIT.split(value[:MAX_VALUE_CHARS]) if piece]


@dataclass(frozen=True, slots=True)
class Hop:
    """One Received line: the hosts of its `from` clause (with the reverse-DNS comment) and its `by` clause."""

    senders: tuple[str, ...]
    receiver: tuple[str, ...]


def received_hop(value: str) -> Hop:
    """Hosts of `Received: from A (B [ip]) by C with ... id ... for <...>; date`."""
    line = value[:MAX_VALUE_CHARS]
    if ";" in line:
        line = line.rsplit(";", 1)[0]
    senders: list[str] = []
    receiver: list[str] = []
    clause = ""
    for piece in words(line):
        low = piece.lower()
        if low in _RECEIVED_KEYWORDS:
            clause = low
        elif "." in piece and "@" not in piece:
            if clause == "from":
                senders.append(piece)
            elif clause == "by":
                receiver.append(piece)
    return Hop(tuple(senders), tuple(receiver))


def message_id_host(value: str) -> str | None:
    """The part after `@` of `<local@host>`."""
    text = value[:1024].strip()
    if "@" not in text:
        return None
    host = text.rsplit("@", 1)[1]
    host = host.split(">", 1)[0].strip()
    return host or None


def address_domains(value: str) -> Iterator[str]:
    """The domain of every address in a From/To style value (`Name <a@b.c>, d@e.f`)."""
    for piece in words(value):
        if "@" in piece:
            domain = piece.rsplit("@", 1)[1].strip(".:")
            if domain:
                yield domain


def hosts_in(value: str) -> Iterator[str]:
    """Host-like pieces of a value that are not addresses (for X-MS-Exchange-* values)."""
    for piece in words(value):
        if "." in piece and "@" not in piece:
            yield piece


def guids_in(value: str) -> list[str]:
    return _GUID.findall(value[:MAX_VALUE_CHARS])


def legacy_dn_organisation(value: str) -> str | None:
    """`/O=MOFA/OU=Exchange Administrative Group (...)/CN=...` -> `MOFA`."""
    if not isinstance(value, str):
        return None
    for part in value[:2048].split("/"):
        key, _, rest = part.partition("=")
        if key.strip().lower() == "o" and rest.strip():
            return rest.strip()
    return None
