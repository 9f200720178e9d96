"""A loaded rule set, compiled once: one term matcher for every folded word of every rule, the
regular expressions, and the banner settings.

Which rule owns a term is decided here: two built-in rules may not share a term (the file author
must choose), while a per-case rule takes a term over from a built-in one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import regex

from trovetriage.classify.sensitivity.folding import fold_string
from trovetriage.classify.sensitivity.loader import REGEX_FLAGS, RuleFileError, load_rule_data
from trovetriage.classify.sensitivity.schema import BannerSettings, Kind, Rule
from trovetriage.classify.sensitivity.terms import Term, TermMatcher, parse_term, term_key


@dataclass
class TermOwners:
    """Folded term key -> the rule it belongs to (markings, keywords) and the validator rules
    that use it as context."""

    term: dict[str, Rule] = field(default_factory=dict)
    context: dict[str, list[Rule]] = field(default_factory=dict)


def _claim(owners: TermOwners, key: str, rule: Rule) -> None:
    current = owners.term.get(key)
    if current is None or current.id == rule.id or rule.tier > current.tier:
        owners.term[key] = rule
    elif current.tier == rule.tier:
        raise RuleFileError(rule.source, f"term {key!r} is also a term of rule {current.id!r} ({current.source}); "
                            "a term may belong to one rule only", rule.id)


def _label_regex(labels: tuple[str, ...]) -> re.Pattern[str] | None:
    keys = sorted({term_key(fold_string(label)) for label in labels if label.strip()}, key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"^[ \t>*]*(?:" + "|".join(re.escape(k) for k in keys) + r")[ \t]*:", re.MULTILINE)


class RuleSet:
    """Everything `detect` needs, compiled; build it with `load_rules`."""

    def __init__(self, rules: list[Rule], banner: BannerSettings) -> None:
        self.rules = tuple(rules)
        self.banner = banner
        self.by_id = {rule.id: rule for rule in rules}
        self._term_rules: dict[tuple[Kind, str, str], dict[str, Rule]] = {}
        self.owners = TermOwners()
        terms: list[Term] = []
        for rule in sorted(rules, key=lambda r: r.tier):
            if rule.kind in (Kind.MARKING, Kind.KEYWORDS):
                for _, raw in rule.terms:
                    term = parse_term(raw)
                    _claim(self.owners, term.key, rule)
                    terms.append(term)
            if rule.kind is Kind.VALIDATOR:
                for raw in rule.context:
                    term = parse_term(raw)
                    self.owners.context.setdefault(term.key, []).append(rule)
                    terms.append(term)
        self.matcher = TermMatcher(terms)
        self.context_matchers = {rule.id: TermMatcher(parse_term(t) for t in rule.context)
                                 for rule in rules if rule.kind is Kind.VALIDATOR and rule.context}
        self.patterns = {rule.id: [regex.compile(p, REGEX_FLAGS | (regex.IGNORECASE if rule.ignore_case else 0))
                                   for p in rule.patterns] for rule in rules}
        self.context_patterns = {rule.id: [regex.compile(p, REGEX_FLAGS | regex.IGNORECASE)
                                           for p in rule.context_patterns] for rule in rules}
        affixes = banner.affixes + banner.subject_labels  # "Subject: SECRET - visit" is shaped like a title
        self.affixes = TermMatcher(parse_term(t) for t in affixes) if affixes else None
        self.subject_lines = _label_regex(banner.subject_labels)
        self.header_lines = _label_regex(banner.header_labels)
        self.labels = [(rule, sorted({parse_term(t).key for _, t in rule.terms if t.strip() != "*"},
                                     key=len, reverse=True))
                       for rule in rules if rule.kind is Kind.LABEL]

    def term_rules(self, kind: Kind, item_kind: str, field: str) -> dict[str, Rule]:
        """Term key -> owning rule, for rules of one kind that apply to this item kind and field
        (metadata in banner position counts as every field); cached, it is asked per item."""
        cache_key = (kind, item_kind, field)
        found = self._term_rules.get(cache_key)
        if found is None:
            found = {key: rule for key, rule in self.owners.term.items()
                     if rule.kind is kind and rule.applies_to(item_kind)
                     and (field == "metadata" or field in rule.fields)}
            if len(self._term_rules) < 1000:
                self._term_rules[cache_key] = found
        return found

    def of_kind(self, kind: Kind, item_kind: str) -> list[Rule]:
        """The rules of one kind that apply to items of `item_kind`."""
        return [rule for rule in self.rules if rule.kind is kind and rule.applies_to(item_kind)]


def load_rules(extra_dir: Path | None = None, *, base_dir: Path | None = None) -> RuleSet:
    """The built-in rules (resources/rules/, or `base_dir`) with a per-case folder over them.

    Raises RuleFileError, naming the file and the rule, for anything malformed.
    """
    rules, banner = load_rule_data(extra_dir, base_dir)
    return RuleSet(rules, banner)
