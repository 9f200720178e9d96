"""Roastable Kerberos material: Kerberoast TGS-REP and AS-REP roast hashes, pre-auth captures.

Formats written by impacket (GetUserSPNs, GetNPUsers), Rubeus and hashcat (13100, 19600/19700,
18200, 32100, 7500/19800/19900):
- `$krb5tgs$23$*user$REALM$spn*$checksum$edata` (RC4; the SPN may contain ':' or '~')
- `$krb5tgs$18$user$REALM$*spn*$checksum$edata` (AES)
- `$krb5asrep$23$user@REALM:checksum$edata`, `$krb5asrep$user@REALM:...` (Rubeus), and
  `$krb5asrep$18$user$REALM$checksum$edata` (AES)
- `$krb5pa$23$user$REALM$salt$data`
A leading `user:` (John the Ripper) is ignored; the secret is the hash from `$krb5` on.
"""

from __future__ import annotations

import re

from .accounts import normalise_domain
from .formats import Layout
from .records import Parsed

_HEX = r"[0-9A-Fa-f]"
_TAIL = rf"{_HEX}{{16,64}}\${_HEX}{{32,65536}}"  # checksum $ encrypted part
_USER, _REALM = r"(?P<user>[^$*@:]{1,256})", r"(?P<realm>[^$*:]{1,256})"
_ETYPE = r"(?P<etype>\d{1,2})"
_TGS_RC4 = re.compile(rf"\$krb5tgs\${_ETYPE}\$\*{_USER}\${_REALM}\$(?P<spn>[^*]{{0,512}})\*\${_TAIL}")
_TGS_AES = re.compile(rf"\$krb5tgs\${_ETYPE}\${_USER}\${_REALM}\$(?:\*(?P<spn>[^*]{{0,512}})\*\$)?{_TAIL}")
_TGS_BARE = re.compile(rf"\$krb5tgs\${_ETYPE}\${_TAIL}")
_ASREP = re.compile(rf"\$krb5asrep\$(?:{_ETYPE}\$)?{_USER}@{_REALM}:{_TAIL}")
_ASREP_AES = re.compile(rf"\$krb5asrep\${_ETYPE}\${_USER}\${_REALM}\${_TAIL}")
_PA = re.compile(rf"\$krb5pa\${_ETYPE}\${_USER}\${_REALM}\$[^$]{{0,512}}\${_HEX}{{32,65536}}")
_PATTERNS = (
    ("krb5tgs", _TGS_RC4),
    ("krb5tgs", _TGS_AES),
    ("krb5tgs", _TGS_BARE),
    ("krb5asrep", _ASREP),
    ("krb5asrep", _ASREP_AES),
    ("krb5pa", _PA),
)


def parse_kerberos(line: str) -> list[Parsed] | None:
    """The record of one roastable Kerberos hash line, or None."""
    start = line.find("$krb5")
    if start < 0:
        return None
    value = line[start:].strip()
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(value)
        if match is None:
            continue
        groups = match.groupdict()
        user, realm, spn = groups.get("user") or "", groups.get("realm") or "", groups.get("spn") or ""
        context = {"etype": groups.get("etype") or "23"}
        if spn:
            context["spn"] = spn.replace("~", ":")[:256]
        return [Parsed(user, normalise_domain(realm).lower(), kind, value, Layout.KERBEROS, context=context)]
    return None
