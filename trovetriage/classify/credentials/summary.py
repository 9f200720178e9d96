"""Counts over a stream of credential records, de-duplicated by fingerprint, in bounded memory.

Exact while the number of distinct fingerprints stays under `max_exact` (sets of 64-bit ints for
fingerprints and accounts, about 150 bytes per distinct credential together: the default of 500,000
costs at most ~75 MB whatever the size of the list). Beyond that the sets stop growing and the
distinct counts come from HyperLogLog sketches (16 KB each, ~1 % error); `exact` turns False and
per-kind counts become upper bounds (a repeat of a record first seen after the cap is counted
again). `max_exact=0` is the count-only mode for multi-gigabyte lists: constant memory, while the
case keeps exact de-duplication on disk by storing the records in SQLite in batches under a UNIQUE
fingerprint.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from trovetriage.core.classification import CredentialRecord, account_name

from .formats import INLINE
from .hll import HyperLogLog
from .records import DOMAIN_COMPROMISE, PLAINTEXT

_REASON_TEXT = {"rid500": "RID 500", "rid502": "RID 502", "krbtgt": "krbtgt", "uid0": "uid 0", "name": ""}


def display_name(record: CredentialRecord) -> str:
    """How an account is shown: `DOMAIN\\user`, or the e-mail/UPN as is."""
    return account_name(record.account, record.domain)


class CredentialSummary:
    """What an item's credentials amount to: distinct credentials per kind, accounts, privileged
    accounts, domains. Feed it with `add` or build it with `summarize`."""

    def __init__(self, max_exact: int = 500_000, max_names: int = 50, max_domains: int = 1000) -> None:
        self.max_exact = max(0, max_exact)
        self.max_names = max(0, max_names)
        self.max_domains = max(0, max_domains)
        self.records = 0
        self.kinds: Counter[str] = Counter()
        self.formats: Counter[str] = Counter()
        self.domains: Counter[str] = Counter()
        self.other_domains = 0
        self._domain_shown: dict[str, str] = {}
        self.privileged: dict[str, str] = {}
        self.privileged_count = 0
        self.domain_compromise: dict[str, str] = {}
        self.empty_passwords = 0
        self.inline = 0
        self.inline_confident = 0
        self.exact = True
        self._fingerprints: set[int] = set()
        self._accounts: set[int] = set()
        self._privileged_keys: set[int] = set()
        self._new_unsure = 0
        self._fingerprint_sketch = HyperLogLog()
        self._account_sketch = HyperLogLog()
        self._privileged_sketch = HyperLogLog()

    # -- feeding -------------------------------------------------------------------------------------
    def add(self, record: CredentialRecord) -> bool:
        """Counts one record; False when its fingerprint was seen before (a duplicate)."""
        self.records += 1
        try:
            value = int(record.fingerprint[:16], 16)
        except ValueError:
            value = hash(record.fingerprint)
        if not self._remember(self._fingerprints, value, self._fingerprint_sketch):
            return False
        self.kinds[record.kind] += 1
        self.formats[record.source_format] += 1
        if record.context.get("empty_password") == "true":
            self.empty_passwords += 1
        if record.source_format == INLINE:
            self.inline += 1
            self.inline_confident += bool(record.account) and record.context.get("form") != "prose"
        if record.account:
            account_key = hash((record.account.casefold(), record.domain.casefold()))
            self._remember(self._accounts, account_key, self._account_sketch)
            if record.privileged:
                self._add_privileged(record, account_key)
        if record.domain:
            self._add_domain(record.domain)
        return True

    def update(self, records: Iterable[CredentialRecord]) -> CredentialSummary:
        for record in records:
            self.add(record)
        return self

    def _remember(self, seen: set[int], value: int, sketch: HyperLogLog) -> bool:
        """True when `value` is new (or, past the cap, not known to be old).

        The sketch is only fed once the cap is reached, and then first with everything the set
        holds: a distinct count does not care in which order or how often values come."""
        if value in seen:
            return False
        if len(seen) < self.max_exact:
            seen.add(value)
            return True
        if self.exact:
            self._overflow()
        sketch.add(value)
        return True

    def _overflow(self) -> None:
        """Past the cap: from now on distinct counts are estimated; the sketches catch up first."""
        self.exact = False
        for seen, sketch in ((self._fingerprints, self._fingerprint_sketch), (self._accounts, self._account_sketch),
                             (self._privileged_keys, self._privileged_sketch)):
            for value in seen:
                sketch.add(value)

    def _add_privileged(self, record: CredentialRecord, account_key: int) -> None:
        new = self._remember(self._privileged_keys, account_key, self._privileged_sketch)
        self.privileged_count += new
        reason = record.context.get("privileged_reason", "name")
        name = display_name(record)
        if reason in DOMAIN_COMPROMISE and record.kind != PLAINTEXT and len(self.domain_compromise) < self.max_names:
            self.domain_compromise.setdefault(name, reason)
        if new and len(self.privileged) < self.max_names:
            self.privileged.setdefault(name, reason)

    def _add_domain(self, domain: str) -> None:
        """Counts per domain, case-insensitively, shown as first written (`CORP`, `corp.example`)."""
        shown = self._domain_shown.get(domain.casefold())
        if shown is None:
            if len(self.domains) >= self.max_domains:
                self.other_domains += 1
                return
            shown = self._domain_shown[domain.casefold()] = domain
        self.domains[shown] += 1

    # -- results -------------------------------------------------------------------------------------
    @property
    def distinct(self) -> int:
        """Distinct credentials (fingerprints): exact, or estimated once past `max_exact`."""
        if self.exact:
            return len(self._fingerprints)
        return max(len(self._fingerprints), self._fingerprint_sketch.estimate())

    @property
    def accounts(self) -> int:
        """Distinct (account, domain) pairs; records without an account (hash lists) do not count."""
        if self.exact:
            return len(self._accounts)
        # every account has at least one credential: keep two independent estimates consistent
        return min(self.distinct, max(len(self._accounts), self._account_sketch.estimate()))

    @property
    def plaintext(self) -> int:
        return self.kinds.get(PLAINTEXT, 0)

    @property
    def hashes(self) -> int:
        return sum(count for kind, count in self.kinds.items() if kind != PLAINTEXT)

    def describe(self, names: int = 5) -> str:
        """One line for a finding: '12 accounts, 3 plaintext, 9 ntlm; privileged: Administrator'
        (up to `names` privileged accounts; 0 leaves them out). Names and counts only: never a secret."""
        approx = "" if self.exact else "≈"
        parts = [f"{approx}{self.accounts:,} account{'s' if self.accounts != 1 else ''}"]
        if self.plaintext:
            parts.append(f"{self.plaintext:,} plaintext")
        parts += [f"{count:,} {kind}" for kind, count in self.kinds.most_common() if kind != PLAINTEXT]
        text = ", ".join(parts[:12])
        if self.empty_passwords:
            text += f" ({self.empty_passwords:,} empty password{'s' if self.empty_passwords != 1 else ''})"
        if self.privileged and names > 0:
            shown = [_with_reason(name, reason) for name, reason in list(self.privileged.items())[:names]]
            more = self.privileged_count - len(shown)
            text += "; privileged: " + ", ".join(shown) + (f" (+{more:,} more)" if more > 0 else "")
        return text[:600]

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "distinct": self.distinct,
            "accounts": self.accounts,
            "exact": self.exact,
            "kinds": dict(self.kinds),
            "formats": dict(self.formats),
            "domains": dict(self.domains.most_common(50)),
            "other_domains": self.other_domains,
            "privileged": dict(self.privileged),
            "privileged_count": self.privileged_count,
            "domain_compromise": dict(self.domain_compromise),
            "empty_passwords": self.empty_passwords,
            "inline": self.inline,
            "inline_confident": self.inline_confident,
        }

    def __repr__(self) -> str:
        return f"CredentialSummary({self.describe()!r})"


def summarize(records: Iterable[CredentialRecord], max_exact: int = 500_000) -> CredentialSummary:
    """A summary of a stream of records (see `CredentialSummary` for the memory bound)."""
    return CredentialSummary(max_exact=max_exact).update(records)


def _with_reason(name: str, reason: str) -> str:
    label = _REASON_TEXT.get(reason, "")
    return f"{name} ({label})" if label else name

