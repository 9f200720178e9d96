"""Microsoft Purview sensitivity labels (metadata `sensitivity_labels`) as markings.

A label is the victim's own classification of a document, so it counts in full with high
confidence. Names map to levels through the `label` rules; a sub-label (`Confidential\\Finance`)
takes its parent's rule; a name no label rule knows is read with the marking words (`Gizli`,
`SECRET UE`), and else falls to the wildcard label rule (term "*").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trovetriage.classify.sensitivity.excerpts import clean
from trovetriage.classify.sensitivity.folding import fold_string
from trovetriage.classify.sensitivity.ruleset import RuleSet
from trovetriage.classify.sensitivity.schema import Kind, Rule
from trovetriage.classify.sensitivity.terms import term_key
from trovetriage.core.classification import Finding

WHERE = "metadata.sensitivity_labels"
MAX_LABELS = 20
MAX_NAME_CHARS = 300


def _label_rule(name_key: str, rules: RuleSet, kind: str) -> Rule | None:
    best: tuple[int, Rule] | None = None
    for rule, keys in rules.labels:
        if not rule.applies_to(kind):
            continue
        for key in keys:
            exact = name_key == key
            parent = name_key.startswith(key) and len(name_key) > len(key) and not name_key[len(key)].isalnum()
            if (exact or parent) and (best is None or len(key) > best[0]):
                best = (len(key), rule)
    return best[1] if best else None


def _marking_rule(name: str, rules: RuleSet, kind: str) -> Rule | None:
    found = [rules.owners.term.get(hit.key) for hit in rules.matcher.scan(fold_string(name), 50)]
    markings = [rule for rule in found if rule is not None and rule.kind is Kind.MARKING and rule.applies_to(kind)]
    return max(markings, key=lambda rule: rule.level, default=None)


def _wildcard_rule(rules: RuleSet, kind: str) -> Rule | None:
    for rule, _ in rules.labels:
        if rule.applies_to(kind) and any(term.strip() == "*" for _, term in rule.terms):
            return rule
    return None


def detect_labels(metadata: Mapping[str, Any], rules: RuleSet, kind: str) -> list[Finding]:
    labels = metadata.get("sensitivity_labels") if isinstance(metadata, Mapping) else None
    if not isinstance(labels, list | tuple):
        return []
    findings: dict[str, Finding] = {}
    for label in labels[:MAX_LABELS]:
        if not isinstance(label, Mapping):
            continue
        if str(label.get("enabled", "true")).strip().lower() == "false":
            continue  # a label record left behind after the label was removed
        name = label.get("name")
        name = name[:MAX_NAME_CHARS] if isinstance(name, str) else ""
        rule = None
        if name.strip():
            rule = _label_rule(term_key(fold_string(name)), rules, kind) or _marking_rule(name, rules, kind)
        rule = rule or _wildcard_rule(rules, kind)
        if rule is not None and rule.id not in findings:
            shown = clean(name, 100) or str(label.get("label_id", ""))[:40]
            findings[rule.id] = Finding(rule.id, rule.category, rule.level, rule.confidence, WHERE, f"label: {shown}")
    return list(findings.values())
