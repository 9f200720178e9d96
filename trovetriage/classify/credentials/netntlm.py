"""NetNTLMv1/v2 challenge-responses as captured by Responder, Inveigh or ntlmrelayx (hashcat 5500/5600).

- v2: `user::DOMAIN:server_challenge:NTProofStr:blob`
- v1: `user::DOMAIN:LM_response:NT_response:server_challenge`
- either after Responder's `[SMB] NTLMv2-SSP Hash     : ` prefix

The challenge-response after the domain is the secret (it is what gets cracked); the same capture
logged twice has one fingerprint, a new capture of the same user another.
"""

from __future__ import annotations

import re

from .accounts import normalise_domain
from .formats import Layout
from .records import Parsed

_V2 = re.compile(
    r"(?P<user>[^:\s][^:]{0,255})::(?P<domain>[^:]{0,255}):(?P<a>[0-9A-Fa-f]{16}):(?P<b>[0-9A-Fa-f]{32}):[0-9A-Fa-f]{16,16384}"
)
_V1 = re.compile(
    r"(?P<user>[^:\s][^:]{0,255})::(?P<domain>[^:]{0,255}):(?P<a>[0-9A-Fa-f]{48}):(?P<b>[0-9A-Fa-f]{48}):[0-9A-Fa-f]{16}"
)


def parse_netntlm(line: str) -> list[Parsed] | None:
    """The record of one NetNTLM line, or None."""
    line = line.strip()
    if "::" not in line:
        return None
    if " " in line:  # Responder console/log: "[SMB] NTLMv2-SSP Hash     : user::DOMAIN:..."
        line = line.rsplit(None, 1)[-1]
    for kind, pattern in (("netntlmv2", _V2), ("netntlmv1", _V1)):
        match = pattern.fullmatch(line)
        if match is not None:
            user = match.group("user").strip()
            domain = normalise_domain(match.group("domain"))
            if "\\" in user:
                domain, _, user = user.rpartition("\\")
                domain = normalise_domain(domain)
            secret = line[match.start("a") :]  # the response; the names are in account and domain
            return [Parsed(user, domain, kind, secret, Layout.NETNTLM)]
    return None
