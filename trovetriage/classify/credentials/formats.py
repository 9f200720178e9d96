"""Names of the dump layouts and the parameters a layout needs to be parsed the same way throughout a file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Layout(StrEnum):
    """A credential-dump layout; the value is also the `source_format` of the records it yields."""

    COMBO = "combo"
    ULP = "ulp"
    STEALER = "stealer"
    CSV = "csv"
    PWDUMP = "pwdump"
    SHADOW = "shadow"
    NETNTLM = "netntlm"
    KERBEROS = "kerberos"
    HASHLIST = "hashlist"


#: `source_format` of credentials found in ordinary prose (mail, documents), not in a dump.
INLINE = "inline"

#: Layouts whose lines are self-describing hashes: a file may mix them (secretsdump output holds NTDS
#: lines, Kerberos keys, cached DCC2 and cleartext; a Responder log NetNTLMv1 and v2), so they are
#: parsed line by line with every hash parser, whichever of them was the majority.
HASH_LAYOUTS = frozenset({Layout.PWDUMP, Layout.SHADOW, Layout.NETNTLM, Layout.KERBEROS, Layout.HASHLIST})


@dataclass(frozen=True)
class DumpFormat:
    """What `detect_format` decided: the layout plus what must stay fixed for the whole file.

    `separator` is the field separator of combo and ULP lists, chosen once by consistency over a
    sample (a password containing ':' in a ';'-separated list must not move the split).
    `csv_delimiter` is the CSV delimiter; CSV column roles are read again from the header row.
    `score` is the fraction of sampled content lines that parsed (0..1), for display only.
    """

    layout: Layout
    separator: str = ""
    csv_delimiter: str = ","
    score: float = 0.0

    def __str__(self) -> str:
        if self.layout in (Layout.COMBO, Layout.ULP):
            return f"{self.layout} (separator {self.separator!r})"
        if self.layout is Layout.CSV:
            return f"csv (delimiter {self.csv_delimiter!r})"
        return str(self.layout)
