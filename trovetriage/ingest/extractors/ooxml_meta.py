"""OOXML document properties: who wrote it, for which company, and its Microsoft Purview label.

Sensitivity labels (MSIP_Label_<guid>_<Field> custom properties) tell an investigator how the
victim classified a document and which tenant (SiteId) it came from.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from trovetriage.ingest.extractors.office_xml import child_texts, local

CORE_FIELDS = {"title": "title", "subject": "subject", "creator": "creator", "lastModifiedBy": "last_modified_by",
               "created": "created", "modified": "modified", "keywords": "keywords",
               "description": "description", "category": "category", "lastPrinted": "last_printed",
               "revision": "revision"}
APP_FIELDS = {"Company": "company", "Manager": "manager", "Application": "application",
              "AppVersion": "app_version", "Template": "template", "TotalTime": "total_edit_minutes"}
_LABEL = re.compile(r"^MSIP_Label_([0-9A-Fa-f-]{36})_(\w+)$")
LABEL_FIELDS = {"Name": "name", "SiteId": "tenant_id", "Enabled": "enabled", "SetDate": "set_date",
                "Method": "method", "ActionId": "action_id", "ContentBits": "content_bits"}
MAX_CUSTOM = 200


def core_properties(root: Element) -> dict[str, Any]:
    found = child_texts(root, CORE_FIELDS)
    return {CORE_FIELDS[key]: value for key, value in found.items()}


def app_properties(root: Element) -> dict[str, Any]:
    found = child_texts(root, APP_FIELDS)
    return {APP_FIELDS[key]: value for key, value in found.items()}


def custom_properties(root: Element) -> dict[str, str]:
    """name -> value (as text) of docProps/custom.xml, bounded."""
    props: dict[str, str] = {}
    for prop in root:
        if local(prop.tag) != "property" or len(props) >= MAX_CUSTOM:
            continue
        name = prop.get("name", "")[:200]
        value = next(("".join(child.itertext()).strip()[:2000] for child in prop), "")
        if name:
            props[name] = value
    return props


def sensitivity_labels(props: dict[str, str]) -> list[dict[str, str]]:
    """Group MSIP_Label_<id>_<Field> properties into one record per label."""
    labels: dict[str, dict[str, str]] = {}
    for key, value in props.items():
        match = _LABEL.match(key)
        if not match:
            continue
        label = labels.setdefault(match.group(1).lower(), {"label_id": match.group(1).lower()})
        label[LABEL_FIELDS.get(match.group(2), match.group(2).lower())] = value
    return list(labels.values())


def parse_date(value: str | None) -> datetime | None:
    """W3CDTF dates of core.xml (e.g. 2024-05-17T12:30:00Z); garbage gives None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
