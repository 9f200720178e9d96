"""Windows account databases as dumped by pwdump, fgdump, mimikatz and impacket's secretsdump.

- NTDS/SAM: `DOMAIN\\user:RID:LM:NT:::` (or without domain), optionally followed by
  ` (status=Enabled)` or ` (pwdLastSet=...)`; password history as `user_history0:...`.
- Kerberos long-term keys: `DOMAIN\\user:aes256-cts-hmac-sha1-96:<hex>` (pass-the-key material).
- Cached domain logons: `DOMAIN/user:$DCC2$10240#user#<hex>`.
- Cleartext: `DOMAIN\\user:CLEARTEXT:<password>` (reversible encryption).

In this layout a 32-hex value is NTLM (or LM in the LM column), never MD5. The empty LM hash means
"no LM stored" and yields no LM record; the empty NT hash is recorded and flagged `empty_password`.
"""

from __future__ import annotations

import re

from .accounts import split_account
from .formats import Layout
from .hashes import EMPTY_LM, EMPTY_NT
from .records import PLAINTEXT, Parsed

_NO_HASH = r"\*{32}|NO PASSWORD\*{21}"
_PWDUMP = re.compile(
    rf"(?P<account>[^:]{{1,512}}):(?P<rid>\d{{1,10}}):(?P<lm>[0-9A-Fa-f]{{32}}|{_NO_HASH}):"
    rf"(?P<nt>[0-9A-Fa-f]{{32}}|{_NO_HASH}):(?P<tail>.{{0,512}})"
)
_STATUS = re.compile(r"\(status=(\w{1,32})\)")
_HISTORY = re.compile(r"(?P<name>.+)_history(?P<n>\d{1,4})\Z")
_KERBEROS_KEY = re.compile(
    r"(?P<account>[^:]{1,512}):(?P<etype>aes256-cts-hmac-sha1-96|aes128-cts-hmac-sha1-96|des-cbc-md5|des-cbc-crc"
    r"|rc4[-_]hmac|0x12|0x11|0x17|0x3|0x1):(?P<key>[0-9A-Fa-f]{16,64})"
)
_KEY_KINDS = {
    "aes256-cts-hmac-sha1-96": "kerberos_aes256",
    "0x12": "kerberos_aes256",
    "aes128-cts-hmac-sha1-96": "kerberos_aes128",
    "0x11": "kerberos_aes128",
    "des-cbc-md5": "kerberos_des",
    "des-cbc-crc": "kerberos_des",
    "0x3": "kerberos_des",
    "0x1": "kerberos_des",
    "rc4-hmac": "kerberos_rc4",
    "rc4_hmac": "kerberos_rc4",
    "0x17": "kerberos_rc4",
}
_DCC2 = re.compile(r"(?P<account>[^:]{1,512}):(?P<hash>\$DCC2\$\d{1,7}#[^#\s]{1,256}#[0-9A-Fa-f]{32})(?::.{0,128})?")
_CLEARTEXT = re.compile(r"(?P<account>[^:]{1,512}):CLEARTEXT:(?P<secret>.{1,512})")


def _account(raw: str) -> tuple[str, str, dict[str, str]]:
    """(account, domain, context) with the `_historyN` suffix moved into the context."""
    context: dict[str, str] = {}
    history = _HISTORY.match(raw)
    if history:
        raw = history.group("name")
        context["history"] = history.group("n")
    account, domain = split_account(raw)
    return account, domain, context


def parse_pwdump(line: str) -> list[Parsed] | None:
    """The records of one pwdump/secretsdump line, [] for a parsed line with no exposed hash, None
    when the line is not of this layout."""
    match = _PWDUMP.fullmatch(line.strip())
    if match is not None:
        return _ntds(match)
    for pattern in (_KERBEROS_KEY, _DCC2, _CLEARTEXT):
        match = pattern.fullmatch(line.strip())
        if match is None:
            continue
        account, domain, context = _account(match.group("account"))
        if pattern is _KERBEROS_KEY:
            kind = _KEY_KINDS[match.group("etype").lower()]
            return [Parsed(account, domain, kind, match.group("key"), Layout.PWDUMP, context=context or None)]
        if pattern is _DCC2:
            return [Parsed(account, domain, "dcc2", match.group("hash"), Layout.PWDUMP, context=context or None)]
        return [Parsed(account, domain, PLAINTEXT, match.group("secret"), Layout.PWDUMP, context=context or None)]
    return None


def _ntds(match: re.Match[str]) -> list[Parsed]:
    account, domain, context = _account(match.group("account"))
    rid = match.group("rid").lstrip("0") or "0"
    lm, nt = match.group("lm").lower(), match.group("nt").lower()
    status = _STATUS.search(match.group("tail"))
    if status:
        context["status"] = status.group(1)
    lm_hex = len(lm) == 32 and "*" not in lm
    context["lm"] = ("empty" if lm == EMPTY_LM else "present") if lm_hex else "absent"
    out: list[Parsed] = []
    if len(nt) == 32 and "*" not in nt:
        nt_context = dict(context)
        if nt == EMPTY_NT:
            nt_context["empty_password"] = "true"
        out.append(Parsed(account, domain, "ntlm", nt, Layout.PWDUMP, context=nt_context, rid=rid))
    if lm_hex and lm != EMPTY_LM:
        out.append(Parsed(account, domain, "lm", lm, Layout.PWDUMP, context=context, rid=rid))
    return out
