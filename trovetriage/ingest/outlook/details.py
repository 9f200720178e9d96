"""The fields that make a non-mail item (appointment, contact, task, journal) worth reading.

A contact's phone numbers or a meeting's place and time are what an investigator searches for;
they live in named properties, not in the body, so they are written out as labelled lines.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from trovetriage.ingest.outlook.opening import quiet

_FIELDS = (
    ("Location", "location"), ("Start", "startDate"), ("End", "endDate"),
    ("Company", "companyName"), ("Job title", "jobTitle"), ("E-mail", "email1EmailAddress"),
    ("Business phone", "businessTelephoneNumber"), ("Mobile phone", "mobileTelephoneNumber"),
    ("Task status", "taskStatus"), ("Percent complete", "percentComplete"),
)


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.name.replace("_", " ").lower()
    return " ".join(str(value).split())[:1000]


def item_details(msg: Any) -> dict[str, str]:
    """Label -> value of the class-specific fields present on this item."""
    found: dict[str, str] = {}
    for label, attribute in _FIELDS:
        try:
            with quiet():
                value = getattr(msg, attribute, None)
        except Exception:
            continue
        if value not in (None, "", [], 0, 0.0):
            found[label] = _shown(value)
    return found
