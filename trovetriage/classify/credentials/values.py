"""Is the text after a label a login or a password, or just more prose? Shared by the inline finders.

After `Password:` nearly anything non-trivial is a value. After a verb ("the password is ...") or
with no separator at all ("... with the password Welcome2020!") a value must *look* like a password:
ASCII, no spaces, several character classes, and not a host name, address, account, date or URL.
"""

from __future__ import annotations

import re

from .labels import ALL_LABELS, NOT_VALUES

MAX_VALUE = 128
_QUOTES = {'"': '"', "'": "'", "«": "»", "“": "”", "„": "“", "`": "`"}
_PLACEHOLDER = re.compile(
    r"[*•●xX.\-_?#]{3,}|<[^>]*>?|\[[^\]]*\]?|\([^)]*\)?|\{\{.*|\$\{.*|%s|%\(\w+\)s|\.\.\.|…", re.IGNORECASE
)
# A Korean copula or particle glued to an ASCII value: `pearl14&Sunrise입니다`.
_HANGUL_TAIL = re.compile(r"(?<=[\x21-\x7e])[\uac00-\ud7a3]+[.,]?$")
_WORD_STRIP = "\"'“”«»()[]{}<>.,;:،؛。"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_TRAILING = ".,;:،؛。"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_HOST_TLDS = frozenset({"com", "net", "org", "gov", "edu", "mil", "int", "local", "lan", "corp", "intern", "internal",
                        "intra", "home", "io", "info", "biz", "example", "test", "ad", "domain"})
_HOSTNAME = re.compile(r"(?:[A-Za-z0-9-]+\.)+(?P<tld>[A-Za-z]{2,24})")
_DOTTED_LOGIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+){1,3}")


def read_value(rest: str) -> tuple[str, int, bool]:
    """(raw value, offset of its first character in `rest`, quoted) of the text after a label."""
    close = _QUOTES.get(rest[0])
    if close is not None:
        index = rest.find(close, 1)
        if 1 < index <= MAX_VALUE + 1:
            return rest[1:index], 1, True
    return rest.split(None, 1)[0] if rest.strip() else "", 0, False


def clean_value(raw: str, sep: str, quoted: bool) -> str:
    """The value without sentence punctuation or the tail of a `k=v&k2=v2` / `k=v;k2=v2` string."""
    value = raw.strip()
    if quoted:
        return value
    if "=" in sep:
        value = re.split(r"[&;,]", value, maxsplit=1)[0]
    value = _HANGUL_TAIL.sub("", value).rstrip(_TRAILING)
    while value and value[-1] in _CLOSERS and _CLOSERS[value[-1]] not in value:
        value = value[:-1]
    return value.rstrip(_TRAILING)


def strip_glued(word: str) -> str:
    """A token without quotes, brackets, sentence punctuation or a glued Korean particle (`jdoe의`)."""
    return _HANGUL_TAIL.sub("", word.strip(_WORD_STRIP)).strip(_WORD_STRIP)


def acceptable(value: str, minimum: int, is_password: bool) -> bool:
    """Not a prose word, a label, a placeholder (`<password>`, `****`, `(sent separately)`) or a URL."""
    if not minimum <= len(value) <= MAX_VALUE:
        return False
    folded = value.casefold()
    if folded in NOT_VALUES or folded.rstrip(":：") in ALL_LABELS or value.endswith((":", "：")):
        return False
    if _PLACEHOLDER.fullmatch(value):
        return False
    return not (is_password and folded.startswith(("http://", "https://", "www.")))


def is_hostname(value: str) -> bool:
    """`CTX05.mofa.local`, `mail.corp.example`: two dots or more, or a usual top-level domain."""
    match = _HOSTNAME.fullmatch(value)
    if match is None:
        return False
    tld = match.group("tld").lower()
    return value.count(".") >= 2 or tld in _HOST_TLDS or len(tld) == 2


def is_account(value: str) -> bool:
    """`DOMAIN\\user`, an e-mail address, or a dotted login such as `hassan.albastaki` (not a host)."""
    if "\\" in value:
        domain, _, user = value.partition("\\")
        return bool(domain) and bool(user) and " " not in value
    if _EMAIL.fullmatch(value):
        return True
    return _DOTTED_LOGIN.fullmatch(value) is not None and not is_hostname(value)


def looks_like_password(value: str, classes: int) -> bool:
    """ASCII, 6..64 characters, at least `classes` of lower/upper/digit/symbol, and none of the
    things prose puts after the word "password" (host names, accounts, dates, URLs, ticket words)."""
    if not 6 <= len(value) <= 64 or not value.isascii() or not value.isprintable() or " " in value:
        return False
    found = (any(ch.islower() for ch in value) + any(ch.isupper() for ch in value)
             + any(ch.isdigit() for ch in value) + any(not ch.isalnum() for ch in value))
    if found < classes or not any(ch.isalpha() for ch in value) or "://" in value:
        return False
    return not (value.casefold() in NOT_VALUES or is_hostname(value) or is_account(value)
                or _PLACEHOLDER.fullmatch(value))
