"""Combo lists (`email:pass`, `user;pass`) and URL:login:pass (ULP) lines.

The separator is decided once per file from a sample (`choose_separator`), never per line: in a
`;`-separated list a password containing `:` must stay whole. Within that separator, a ULP line is
recognised by its URL, which may itself contain `:` (scheme, port): `https://host:8443/p:login:pass`,
`login:pass:https://host/p`, or with spaces `https://host/p login pass`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .accounts import split_account
from .formats import Layout
from .hashes import HashContext, guessed_by_length, identify_hash
from .records import PLAINTEXT, Parsed, url_host

COMBO_SEPARATORS = (":", ";", "|", "\t", ",")
ULP_SEPARATORS = (":", " ", "|", ";", "\t", ",")
#: Separators that ordinary tables use too: a combo needs most lines to hold exactly one of them.
_TABLE_SEPARATORS = frozenset({",", "\t"})
_HEADER_ACCOUNTS = frozenset({"email", "e-mail", "mail", "user", "username", "login", "account"})
_HEADER_SECRETS = frozenset({"pass", "password", "passwd", "pwd"})
_NOT_IN_ACCOUNT = re.compile(r"[\s:;|,]")

_HOST = (
    r"(?:(?:www\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}"
    r"|\d{1,3}(?:\.\d{1,3}){3})"
)
_SCHEME = r"[A-Za-z][A-Za-z0-9+.\-]{0,31}://"
# url:login:pass with ':' as separator: the URL is a scheme + authority (no ':' or '/'), an optional
# port, and a path without ':'; or a bare host with optional port and path.
_ULP_COLON_URL_FIRST = re.compile(
    rf"(?P<url>(?:{_SCHEME}(?:[^\s/@]{{1,256}}@)?[^\s/:@]{{1,255}}|{_HOST})(?::\d{{1,5}})?(?:/[^\s:]{{0,1024}})?)"
    r":(?P<login>[^:]{0,256}):(?P<secret>.+)"
)
_URL_FIELD = re.compile(rf"(?:{_SCHEME}\S{{1,2048}}|{_HOST}(?::\d{{1,5}})?(?:/\S{{0,2048}})?)")


@dataclass(frozen=True)
class SeparatorChoice:
    """The result of scoring a sample: the separator, whether most parsed lines were ULP, how many parsed."""

    separator: str
    ulp: bool
    parsed: int
    strong: int


def _plausible_account(account: str) -> bool:
    """A login as combo lists write it: one token, no separator characters, not absurdly long."""
    if not account or len(account) > 256 or account.startswith(("//", "http")):
        return False
    return _NOT_IN_ACCOUNT.search(account) is None


def _plausible_secret(secret: str) -> bool:
    """A password as combo lists write it: right after the separator, not a URL remainder."""
    return bool(secret) and len(secret) <= 512 and not secret[0].isspace() and not secret.startswith("//")


def _strong_account(account: str) -> bool:
    """An e-mail address or DOMAIN\\user: a line no prose produces by accident."""
    if "\\" in account:
        return True
    local, at, suffix = account.rpartition("@")
    return bool(at and local and "." in suffix)


def split_combo(line: str, sep: str) -> tuple[str, str] | None:
    """(account, secret) split at the first separator, or None when either side is implausible."""
    account, found, secret = line.strip().partition(sep)
    if not found:
        return None
    secret = secret.rstrip()
    account = account.strip() if sep != "\t" else account
    if not _plausible_account(account) or not _plausible_secret(secret):
        return None
    return account, secret


def _url_field(field: str, need_path: bool) -> bool:
    """A URL with a scheme, or a bare host (with a path when `need_path`), as ULP lines write it."""
    if "://" in field:
        return _URL_FIELD.fullmatch(field) is not None
    return (not need_path or "/" in field) and _URL_FIELD.fullmatch(field) is not None


def _colon_url_last(line: str) -> tuple[str, str, str] | None:
    """`login:pass:scheme://...`: the URL starts at the scheme of the last `://` (found in one pass)."""
    mark = line.rfind("://")
    start = mark
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] in "+.-"):
        start -= 1
    if start <= 1 or line[start - 1] != ":" or not line[start].isalpha():
        return None
    login, found, secret = line[: start - 1].partition(":")
    return (line[start:], login, secret) if found else None


def split_ulp(line: str, sep: str) -> tuple[str, str, str] | None:
    """(url, login, secret) of a ULP line with this separator, URL first or last; None otherwise.

    A bare host without a scheme is accepted first on a ':' line (`site.com:login:pass`, the usual
    form); elsewhere, and when the URL comes last, it needs a scheme or a path so that prose such
    as `example.com is down today` is not a credential.
    """
    line = line.strip()
    if sep == ":":
        match = _ULP_COLON_URL_FIRST.fullmatch(line)
        if match is not None:
            url, login, secret = match.group("url"), match.group("login"), match.group("secret")
        elif "://" in line[1:]:
            parts = _colon_url_last(line)
            if parts is None or not _url_field(parts[0], need_path=True):
                return None
            url, login, secret = parts
        else:
            return None
    else:
        parts = line.split(None, 2) if sep == " " else line.split(sep, 2)
        if len(parts) < 3:
            return None
        first = parts[0].strip()
        if _url_field(first, need_path=sep == " "):
            url, login, secret = first, parts[1], parts[2]
        else:
            head, _, url = line.rpartition(sep)
            url = url.strip()
            if not _url_field(url, need_path=True):
                return None
            login, _, secret = head.strip().partition(sep)
    login, secret = login.strip(), secret.strip()
    if not secret or len(secret) > 512 or len(login) > 256 or any(ch.isspace() for ch in login):
        return None
    return url, login, secret


def choose_separator(lines: list[str]) -> SeparatorChoice | None:
    """The separator that parses most sample lines as combo or ULP lines, and which of the two dominates.

    Every candidate is scored over the whole sample; ties go to the earlier, more usual separator.
    With ',' or tab, most combo lines must hold exactly one separator and most ULP lines two, so
    that a CSV table of contacts (`jsmith,john@x.com,555-0100`) or of servers
    (`srv01.corp.example,10.0.0.1,Windows,file server`) is not read as credentials.
    """
    best: SeparatorChoice | None = None
    for sep in ULP_SEPARATORS:
        ulp = combo = strong = single = ulp_exact = 0
        for line in lines:
            if sep not in line:
                continue
            if split_ulp(line, sep) is not None:
                ulp += 1
                strong += 1 if "://" in line else 0
                ulp_exact += line.count(sep) == 2
                continue
            if sep == " ":
                continue
            pair = split_combo(line, sep)
            if pair is not None:
                combo += 1
                strong += _strong_account(pair[0])
                single += line.count(sep) == 1
        if sep in _TABLE_SEPARATORS:  # a table (`host,ip,os,role`) has more columns than a credential line
            combo = combo if single * 2 >= combo else 0
            ulp = ulp if ulp_exact * 2 >= ulp else 0
        parsed = ulp + combo
        if parsed and (best is None or parsed > best.parsed):
            best = SeparatorChoice(sep, ulp >= combo, parsed, strong)
    return best


class ComboParser:
    """Parses combo and ULP lines with one fixed separator; `prefer_ulp` when ULP is the majority."""

    def __init__(self, separator: str, prefer_ulp: bool) -> None:
        self.separator = separator
        self.prefer_ulp = prefer_ulp

    def parse(self, line: str) -> Parsed | None:
        sep = self.separator
        if sep not in line:
            return None
        if self.prefer_ulp or "://" in line:
            parsed = self._ulp(line)
            if parsed is not None or sep == " ":
                return parsed
        pair = split_combo(line, sep)
        if pair is None or (len(pair[1]) <= 8 and _is_header(pair[0], pair[1])):
            return None
        account, domain = split_account(pair[0])
        kind, context = secret_kind(pair[1])
        return Parsed(account, domain, kind, pair[1], Layout.COMBO, context=context)

    def _ulp(self, line: str) -> Parsed | None:
        parts = split_ulp(line, self.separator)
        if parts is None:
            return None
        url, login, secret = parts
        account, domain = split_account(login)
        if not domain:
            domain = url_host(url)
        kind, context = secret_kind(secret)
        return Parsed(account, domain, kind, secret, Layout.ULP, url=url, context=context)


def _is_header(account: str, secret: str) -> bool:
    """`email:password`, `login;pass`: a column header line, not a credential."""
    return secret.casefold() in _HEADER_SECRETS and account.casefold() in _HEADER_ACCOUNTS


def secret_kind(secret: str) -> tuple[str, dict[str, str] | None]:
    """'plaintext', or the hash kind when a leaked table held hashes instead of passwords."""
    if len(secret) < 13:
        return PLAINTEXT, None
    kind = identify_hash(secret, HashContext.SECRET)
    if kind is None:
        return PLAINTEXT, None
    return kind, ({"identified_by": "length"} if guessed_by_length(kind) else None)
