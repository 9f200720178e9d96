"""Hash type identification from the value *and* where it was found.

A bare 32-hex string is MD5 in a web-site breach and NTLM in an NTDS/pwdump line: the shape alone
cannot tell, so every caller says which context the value came from. Unambiguous formats (crypt
prefixes, `$DCC2$`, `*`+40 hex for MySQL 4.1, ...) are recognised in any context.
"""

from __future__ import annotations

import re
from enum import StrEnum

#: The LM hash of the empty password: stored whenever LM storage is disabled, so it exposes nothing.
EMPTY_LM = "aad3b435b51404eeaad3b435b51404ee"
#: The NT hash of the empty password: the account has no password (recorded, flagged as empty).
EMPTY_NT = "31d6cfe0d16ae931b73c59d7e0c089c0"

#: Kinds whose value is case-insensitive hex: normalised to lower case so that fingerprints agree.
HEX_KINDS = frozenset(
    {"ntlm", "lm", "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "mysql41", "netntlmv1", "netntlmv2",
     "kerberos_aes256", "kerberos_aes128", "kerberos_des", "kerberos_rc4", "mssql2005", "mssql2012"}
)


class HashContext(StrEnum):
    """Where a value was found, which decides how an ambiguous shape is read."""

    GENERIC = "generic"  # a hash-only list: 32 hex is most likely raw MD5
    SECRET = "secret"  # the secret field of a combo/CSV line: a hash only when its shape is clear
    NTDS = "ntds"  # NT position of a pwdump/NTDS line: 32 hex is NTLM
    NTDS_LM = "ntds_lm"  # LM position of a pwdump/NTDS line: 32 hex is LM
    SHADOW = "shadow"  # /etc/shadow: crypt(3) formats, including traditional 13-char DES


_B64 = "./0-9A-Za-z"
# Ordered: the first full match wins. Patterns are anchored by fullmatch and bounded in length.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("bcrypt", rf"\$2[abxy]?\$\d\d\$[{_B64}]{{53}}"),
        ("md5crypt", rf"\$1\$[^$:\s]{{0,8}}\$[{_B64}]{{22}}"),
        ("apr1", rf"\$apr1\$[^$:\s]{{0,8}}\$[{_B64}]{{22}}"),
        ("sha256crypt", rf"\$5\$(?:rounds=\d{{1,9}}\$)?[^$:\s]{{0,16}}\$[{_B64}]{{43}}"),
        ("sha512crypt", rf"\$6\$(?:rounds=\d{{1,9}}\$)?[^$:\s]{{0,16}}\$[{_B64}]{{86}}"),
        ("yescrypt", rf"\$y\$[{_B64}]{{1,32}}\$[{_B64}]{{0,86}}\$[{_B64}]{{43}}"),
        ("gost_yescrypt", rf"\$gy\$[{_B64}]{{1,32}}\$[{_B64}]{{0,86}}\$[{_B64}]{{43}}"),
        ("scrypt", rf"\$7\$[{_B64}]{{11,64}}\$[{_B64}]{{43}}"),
        ("sunmd5", rf"\$md5(?:,rounds=\d{{1,9}})?\$[^$:\s]{{0,16}}\$\$?[{_B64}]{{22}}"),
        ("phpass", rf"\$[PH]\$[{_B64}]{{31}}"),
        ("drupal7", rf"\$S\$[{_B64}]{{52}}"),
        ("dcc2", r"\$DCC2\$\d{1,7}#[^#\s]{1,256}#[0-9a-fA-F]{32}"),
        ("argon2", r"\$argon2(?:id|i|d)\$v=\d{1,3}\$m=\d{1,10},t=\d{1,10},p=\d{1,4}"
                   r"\$[A-Za-z0-9+/]{8,128}\$[A-Za-z0-9+/]{16,512}"),
        ("pbkdf2_sha256", r"pbkdf2_sha256\$\d{1,9}\$[^$\s]{1,128}\$[A-Za-z0-9+/=]{20,128}"),
        ("mysql41", r"\*[0-9A-Fa-f]{40}"),
        ("mssql2012", r"0x0200[0-9A-Fa-f]{136}"),
        ("mssql2005", r"0x0100[0-9A-Fa-f]{48}"),
        ("ldap_ssha512", r"\{SSHA512\}[A-Za-z0-9+/]{80,}={0,2}"),
        ("ldap_ssha", r"\{SSHA\}[A-Za-z0-9+/]{32,}={0,2}"),
        ("ldap_sha1", r"\{SHA\}[A-Za-z0-9+/]{27}="),
        ("ldap_md5", r"\{(?:MD5|SMD5)\}[A-Za-z0-9+/]{22,}={0,2}"),
    )
)
_HEX = re.compile(r"[0-9a-fA-F]+")
_RAW_HEX_BY_LENGTH = {32: "md5", 40: "sha1", 56: "sha224", 64: "sha256", 96: "sha384", 128: "sha512"}
_DESCRYPT = re.compile(rf"[{_B64}]{{13}}")
_UNKNOWN_CRYPT = re.compile(r"\$[0-9A-Za-z_-]{1,16}\$[^\s:]{8,512}")
_PREFIX_CHARS = frozenset("$*{0p")


def identify_hash(value: str, context: HashContext | str = HashContext.GENERIC) -> str | None:
    """The hash kind id of `value` read in `context`, or None when it is not a recognisable hash.

    Raw hex is read by length only outside NTDS (32 hex: MD5; 40: SHA-1; 64: SHA-256 ...); the
    caller records that such a guess was made by length. In a secret field a 32..128 hex value is
    taken as a hash too, because leaked user tables hold hashes far more often than hex passwords.
    """
    context = HashContext(context)
    value = value.strip()
    length = len(value)
    if not 13 <= length <= 1024:
        return None
    if context in (HashContext.NTDS, HashContext.NTDS_LM):
        if length == 32 and _HEX.fullmatch(value):
            return "ntlm" if context is HashContext.NTDS else "lm"
        return None
    if value[0] in _PREFIX_CHARS:
        for kind, pattern in _PATTERNS:
            if pattern.fullmatch(value):
                return kind
        if context is HashContext.SHADOW and _UNKNOWN_CRYPT.fullmatch(value):
            return "crypt"
    if length in _RAW_HEX_BY_LENGTH and _HEX.fullmatch(value):
        return _RAW_HEX_BY_LENGTH[length]
    if context is HashContext.SHADOW and length == 13 and _DESCRYPT.fullmatch(value):
        return "descrypt"
    return None


def guessed_by_length(kind: str) -> bool:
    """True for kinds read from raw hex length alone (MD5 could be NTLM/MD4, SHA-1 could be RIPEMD ...)."""
    return kind in _RAW_HEX_BY_LENGTH.values()


def normalise_hash(kind: str, value: str) -> str:
    """The value as fingerprinted: hex kinds in lower case (`AAD3...` and `aad3...` are one hash)."""
    value = value.strip()
    return value.lower() if kind in HEX_KINDS else value
