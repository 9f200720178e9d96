"""Findings (DESIGN §4) from a credential summary: why an item is SECRET or CRITICAL.

- Hashes of the built-in domain Administrator (RID 500), krbtgt (RID 502) or any krbtgt key: the
  whole domain is compromised -> CRITICAL, high confidence.
- Passwords in clear from a dump -> SECRET, high confidence.
- Passwords in clear written in mail or documents -> SECRET; high confidence when a labelled
  password is paired with a login, medium for a lone "password: ..." or one read from a sentence
  (prose heuristics can be wrong).
- Other hashes -> SECRET, medium confidence (they still have to be cracked).
Excerpts are counts and account names, never a secret.
"""

from __future__ import annotations

from trovetriage.core.classification import Category, Confidence, Finding, Level

from .summary import CredentialSummary

_REASON_TEXT = {"rid500": "RID 500", "rid502": "RID 502", "krbtgt": "krbtgt"}


def credential_findings(summary: CredentialSummary) -> list[Finding]:
    """The findings an item's credentials give rise to; [] when it holds none."""
    if summary.distinct == 0:
        return []
    excerpt = summary.describe()
    findings = []
    if summary.domain_compromise:
        shown = list(summary.domain_compromise.items())[:5]
        names = ", ".join(f"{name} ({_REASON_TEXT.get(reason, reason)})" for name, reason in shown)
        findings.append(_finding("credentials.domain_admin_hashes", Level.CRITICAL, Confidence.HIGH,
                                 f"domain compromise: {names}; {summary.describe(names=0)}"))
    dumped_plaintext = summary.plaintext - summary.inline
    if dumped_plaintext > 0:
        findings.append(_finding("credentials.plaintext", Level.SECRET, Confidence.HIGH, excerpt))
    if summary.inline > 0:
        confidence = Confidence.HIGH if summary.inline_confident > 0 else Confidence.MEDIUM
        findings.append(_finding("credentials.inline", Level.SECRET, confidence,
                                 f"credentials written in the text: {excerpt}"))
    if summary.hashes > 0:
        findings.append(_finding("credentials.hashes", Level.SECRET, Confidence.MEDIUM, excerpt))
    return findings


def _finding(rule: str, level: Level, confidence: Confidence, excerpt: str) -> Finding:
    return Finding(rule=rule, category=Category.CREDENTIALS, level=level, confidence=confidence, where="text",
                   excerpt=excerpt[:600])
