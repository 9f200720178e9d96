"""One dispatcher for every self-describing hash line, because real dumps mix them.

secretsdump writes NTDS lines, Kerberos keys, DCC2 and cleartext into one file; Responder logs mix
NetNTLMv1 and v2; a cracking work file mixes hash types. Each line is tried against each hash
parser, cheapest and most specific first, and says which layout it was.
"""

from __future__ import annotations

from .formats import Layout
from .hashlist import parse_hashlist
from .kerberos import parse_kerberos
from .netntlm import parse_netntlm
from .records import Parsed
from .shadow import parse_shadow
from .windows import parse_pwdump


def parse_hash_line(line: str) -> tuple[Layout, list[Parsed]] | None:
    """(layout, records) of a hash line ([] when it parses but exposes nothing), or None."""
    if "$krb5" in line:
        parsed = parse_kerberos(line)
        return (Layout.KERBEROS, parsed) if parsed is not None else None
    if ":" in line:
        if "::" in line:
            parsed = parse_netntlm(line)
            if parsed is not None:
                return Layout.NETNTLM, parsed
        parsed = parse_pwdump(line)
        if parsed is not None:
            return Layout.PWDUMP, parsed
        parsed = parse_shadow(line)
        if parsed is not None:
            return Layout.SHADOW, parsed
    parsed = parse_hashlist(line)
    if parsed is not None:
        return Layout.HASHLIST, parsed
    return None
