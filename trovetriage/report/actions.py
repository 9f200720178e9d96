"""Recommended actions of a victim packet: what the findings call for, kept as data.

Each action has a condition over the triage summary. The conditions look at the summary only (its
credentials per victim, kinds of items, and the findings of its most sensitive items), so every
format of a packet recommends the same actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trovetriage.core.classification import Level

#: Condition id -> action text, in the order they are recommended.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("credentials", "Reset the passwords of the exposed accounts listed under Credentials exposed, and revoke "
                    "their sessions and tokens."),
    ("domain_admin", "Reset the krbtgt account password twice (with replication in between) and treat the "
                     "Active Directory domain as compromised: domain administrator hashes were taken."),
    ("vpn", "Rotate the VPN pre-shared keys and credentials found in the data."),
    ("private_key", "Revoke and reissue the private keys and certificates found in the data."),
    ("email", "Review mail forwarding rules, delegated mailbox access and mail-server logs: e-mail was taken."),
    ("pii", "Notify the affected persons and the data protection authority as the law requires: personal data "
            "was taken."),
)


def _findings(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [finding for item in summary["most_sensitive"] for finding in item["findings"]]


def _privileged(summary: dict[str, Any]) -> list[str]:
    return [name for victim in summary["victims"] for name in victim["credentials"]["privileged"]]


#: Condition id -> whether the summary calls for the action (the data behind `ACTIONS`).
CONDITIONS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "credentials": lambda s: any(v["credentials"]["distinct"] > 0 for v in s["victims"]),
    "domain_admin": lambda s: any("krbtgt" in name.lower() for name in _privileged(s)) or any(
        f["rule"].startswith("credentials") and f["level"] >= Level.CRITICAL for f in _findings(s)),
    "vpn": lambda s: any("vpn" in f["rule"] or "psk" in f["rule"] for f in _findings(s)),
    "private_key": lambda s: any("private_key" in f["rule"] for f in _findings(s)),
    "email": lambda s: s["totals"]["by_kind"].get("email", 0) + s["totals"]["by_kind"].get("mailbox", 0) > 0,
    "pii": lambda s: any(v["by_category"].get("pii", 0) > 0 for v in s["victims"]) or any(
        f["category"] == "pii" or f["rule"].startswith("pii") for f in _findings(s)),
}


def recommended_actions(summary: dict[str, Any]) -> list[str]:
    """The actions the data calls for, in the order of `ACTIONS`."""
    return [action for key, action in ACTIONS if CONDITIONS[key](summary)]
