"""Host names, normalised without trusting them, and cut to their registrable domain offline.

The Public Suffix List is read from the copy bundled inside `publicsuffixlist` plus our own
`GOVERNMENT_ZONES`; the package's updater module is never imported, so nothing is ever fetched.
"""

from __future__ import annotations

import functools
import re

from publicsuffixlist import PSLFILE, PublicSuffixList

from trovetriage.classify.attribution.zones import GOVERNMENT_ZONES

MAX_HOST = 253
_ASCII_HOST = re.compile(r"[a-z0-9_.-]+")
_STRIP = " \t\r\n[]<>()'\",;:"


def build_public_suffix_list() -> PublicSuffixList:
    """A fresh list from the bundled file and the government-zone supplement (no network, ever)."""
    with open(PSLFILE, "rb") as handle:
        lines = handle.read().splitlines()
    lines += [zone.encode("ascii") for zone in GOVERNMENT_ZONES]
    return PublicSuffixList(lines)


@functools.cache
def public_suffix_list() -> PublicSuffixList:
    """The process-wide list, built on first use (about 50 ms)."""
    return build_public_suffix_list()


def normalise_host(value: str) -> str | None:
    """Lower-case ASCII (IDNA) host name, or None for IP literals, single labels, junk or over-long values."""
    if not isinstance(value, str) or not value or len(value) > 2 * MAX_HOST:
        return None
    host = value.strip(_STRIP).rstrip(".").lower()
    if not host or "." not in host or len(host) > MAX_HOST:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except (UnicodeError, ValueError):
            return None
    if not _ASCII_HOST.fullmatch(host):
        return None
    labels = host.split(".")
    if any(not label or len(label) > 63 for label in labels) or not labels[-1][0].isalpha():
        return None
    return host


@functools.lru_cache(maxsize=1 << 16)
def _registrable(host: str) -> str | None:
    return public_suffix_list().privatesuffix(host)


def registrable_domain(host: str) -> str | None:
    """The registrable domain of a host (`mail.mofa.gov.bh` -> `mofa.gov.bh`, `a.mai.gov.ro` -> `mai.gov.ro`).

    None for IP literals, junk and public suffixes themselves. Unknown top-level labels (`.local`,
    `.corp`) count as public, so `exch01.mofa.local` -> `mofa.local`.
    """
    normal = normalise_host(host)
    return _registrable(normal) if normal else None


@functools.lru_cache(maxsize=1 << 16)
def has_public_tld(host: str) -> bool:
    """Whether a normalised host ends in a suffix the list knows (False for `.local`, `.corp`, `.intern`)."""
    return public_suffix_list().publicsuffix(host, accept_unknown=False) is not None
