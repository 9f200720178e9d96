"""Credential dumps and credentials in prose: streaming parsers, hash identification, summary, findings.

Layouts: combo lists (`email:pass`, `user;pass`, ...), URL:login:pass (ULP), info-stealer logs,
password-manager and browser CSV exports, pwdump/NTDS/secretsdump, /etc/shadow, NetNTLMv1/v2,
roastable Kerberos hashes and hash-only lists; plus labelled credentials inside mail and documents
in several languages. Every credential becomes a `CredentialRecord` whose secret is only ever
masked and fingerprinted with a caller-given key; nothing here stores, logs or raises a secret.

Typical use by the case (records go to SQLite in batches; the summary may count only):

    fmt = detect_format(first_lines)            # None: not a dump
    records = parse_dump(lines, key, fmt) if fmt else find_inline_credentials(text, key)
    summary = CredentialSummary()               # CredentialSummary(max_exact=0) for multi-GB lists
    for record in records:
        summary.add(record)
    findings = credential_findings(summary)
"""

from __future__ import annotations

from .detect import detect_format
from .findings import credential_findings
from .formats import INLINE, DumpFormat, Layout
from .hashes import EMPTY_LM, EMPTY_NT, HashContext, identify_hash
from .inline import find_inline_credentials
from .parse import bounded_lines, parse_dump
from .records import PLAINTEXT
from .summary import CredentialSummary, summarize

__all__ = [
    "EMPTY_LM",
    "EMPTY_NT",
    "INLINE",
    "PLAINTEXT",
    "CredentialSummary",
    "DumpFormat",
    "HashContext",
    "Layout",
    "bounded_lines",
    "credential_findings",
    "detect_format",
    "find_inline_credentials",
    "identify_hash",
    "parse_dump",
    "summarize",
]
